"""A staff member's browser session with the studio, over HTTP: cookies,
forms and their CSRF token (the studio's and the cluster's tests)."""

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "correct horse battery staple"


class Staff:
    """One person's browser session: cookies, forms and their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.page = ""

    def get(self, path: str) -> int:
        return self._open(path, None)

    def post(self, path: str, fields: dict) -> int:
        token = re.search(r'name="csrf" value="([^"]+)"', self.page).group(1)
        return self._open(path, urllib.parse.urlencode({"csrf": token, **fields}).encode())

    def _open(self, path, data) -> int:
        try:
            with self.opener.open(self.base + path, data, timeout=30) as response:
                self.page = response.read().decode()
                return response.status
        except urllib.error.HTTPError as error:
            self.page = error.read().decode()
            return error.code

    def sign_in(self, name: str, password: str = PASSWORD) -> None:
        self.get("/en/signin")
        assert self.post("/en/signin", {"name": name, "password": password, "next": "/en/"}) == 200

    def form(self) -> dict:
        fields = {name: value for name, value in re.findall(r'<textarea id="\w+" name="(\w+)"[^>]*>(.*?)</textarea>',
                                                             self.page, re.S)}
        fields.update(re.findall(r'name="(reviewed_\w+)" type="date" value="([^"]*)"', self.page))
        fields.update(re.findall(r'name="(button_\w+)" type="text" lang="\w+" value="([^"]*)"', self.page))
        return {name: html.unescape(value) for name, value in fields.items()}
