"""When the office turns on approval (STUDIO_REQUIRE_APPROVAL=true), an
editor's change waits for a publisher and residents keep the current text
until a publisher approves it; the commit names both. Over HTTP, as a
browser sends the forms."""

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import PASSWORD, git, running_studio

KEY = "withdraw_consent"


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

    def sign_in(self, name: str) -> None:
        self.get("/en/signin")
        assert self.post("/en/signin", {"name": name, "password": PASSWORD, "next": "/en/"}) == 200

    def form(self) -> dict:
        fields = {name: value for name, value in re.findall(r'<textarea id="\w+" name="(\w+)"[^>]*>(.*?)</textarea>',
                                                             self.page, re.S)}
        fields.update(re.findall(r'name="(reviewed_\w+)" type="date" value="([^"]*)"', self.page))
        return {name: html.unescape(value) for name, value in fields.items()}


@pytest.fixture(scope="module")
def approving_studio(studio_repo, tmp_path_factory):
    accounts = (("Alex Martin", "editor"), ("Pat Gagnon", "publisher"))
    workdir = tmp_path_factory.mktemp("approving")
    with running_studio(studio_repo, workdir, accounts, STUDIO_REQUIRE_APPROVAL="true",
                        TRACKER_DB=str(workdir / "no-conversations-yet.db")) as running:
        yield running


def test_an_editor_proposes_and_a_publisher_approves(approving_studio):
    repo = approving_studio.repo
    answers = (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8")
    editor = Staff(approving_studio.url)
    editor.sign_in("Alex Martin")
    assert editor.get(f"/en/answers/{KEY}") == 200
    form = editor.form()
    form["text_en"] = "Good news: " + form["text_en"]
    assert editor.post(f"/en/answers/{KEY}", {**form, "message": "friendlier", "action": "save"}) == 200
    assert "waiting for a publisher&#39;s approval" in editor.page
    # Nothing written or committed yet: residents keep the current text.
    assert (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8") == answers
    assert git(repo, "status", "--porcelain") == ""
    # The editor can neither approve nor restore.
    assert editor.post(f"/en/answers/{KEY}/approve", {}) == 403

    publisher = Staff(approving_studio.url)
    publisher.sign_in("Pat Gagnon")
    assert publisher.get(f"/fr/answers/{KEY}") == 200
    assert "Proposé par Alex Martin" in publisher.page and "Good news: " in publisher.page
    assert publisher.post(f"/fr/answers/{KEY}/approve", {}) == 200
    assert "Approuvé et publié" in publisher.page
    log = git(repo, "log", "-1", "--format=%an|%cn|%s").strip()
    assert log == f"Alex Martin|Pat Gagnon|{KEY}: friendlier (approved by Pat Gagnon)"
    assert "Good news: " in (repo / "locales" / "en" / "answers.yml").read_text(encoding="utf-8")


def test_residents_questions_page_says_when_there_are_no_conversations(approving_studio):
    staff = Staff(approving_studio.url)
    staff.sign_in("Pat Gagnon")
    assert staff.get("/fr/residents") == 200
    assert "no-conversations-yet.db does not exist" in staff.page
