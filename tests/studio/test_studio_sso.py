"""Single sign-on in the studio (studio/sso.py), against a fake OpenID
provider on a loopback port (oidc_provider.py), through the studio's own
routes as a browser follows them, in English and in French:

- someone the provider signs in gets a session like a studio account's: the
  role their groups give, the CSRF token every form sends back, and their
  name and e-mail address on the commits they make;
- an ID token with another nonce, another audience, past its expiry or with
  a bad signature, a state changed on the way back, a person with no studio
  role and a provider that says no are each refused with the sign-in page's
  message, in its language, logged without the person's details and never
  with a traceback;
- a provider that cannot be reached is said so; with local passwords off,
  only the organization's account signs in; studio accounts still do when
  they are on;
- in Chromium, the provider being another site, the session cookie
  (SameSite=Strict) is there on the page after coming back.
"""

import html
import re
import time
from pathlib import Path

import httpx
import pytest
from browser import By, axe_violations, describe_violations, wait_until
from conftest import PASSWORD, git, running_studio
from oidc_provider import FakeProvider, new_key
from stack import free_port

from assistant.language import SUPPORTED, other
from studio import editing, sso
from studio import settings as studio_settings
from studio.web import ui_texts

CLIENT_ID, CLIENT_SECRET = "staff-studio", "a client secret for the tests"
PERSON = {"name": "Dana Roy", "email": "dana.roy@example.ca", "preferred_username": "droy",
          "groups": ["all-staff", "studio-publishers"]}
PERSONAL = ("Dana", "dana.roy", "droy", "example.ca")  # never in a refusal's log line
KEY = "withdraw_consent"
TEXTS = ui_texts()
LANGS = pytest.mark.parametrize("lang", SUPPORTED)


@pytest.fixture(scope="module")
def provider():
    running = FakeProvider(CLIENT_ID, CLIENT_SECRET).start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def someone_signs_in(request):
    """Dana Roy, a publisher by her group, unless a test says otherwise."""
    if "provider" in request.fixturenames:
        found = request.getfixturevalue("provider")
        found.person, found.refuse, found.login_page = dict(PERSON), None, False
        found.next_token()


@pytest.fixture(scope="module")
def studio_log(tmp_path_factory):
    return tmp_path_factory.mktemp("sso-studio")


@pytest.fixture(scope="module")
def sso_studio(studio_repo, studio_log, provider):
    with running_studio(studio_repo, studio_log, (("Alex Martin", "editor"),), STUDIO_OIDC_ISSUER=provider.issuer,
                        STUDIO_OIDC_CLIENT_ID=CLIENT_ID, STUDIO_OIDC_CLIENT_SECRET=CLIENT_SECRET,
                        STUDIO_OIDC_ROLES_CLAIM="groups",
                        STUDIO_OIDC_ROLES="studio-editors=editor, studio-publishers=publisher") as running:
        yield running


@pytest.fixture(scope="module")
def sso_only_studio(studio_repo, tmp_path_factory):
    """Single sign-on only, with a provider nothing answers for."""
    with running_studio(studio_repo, tmp_path_factory.mktemp("sso-only"), (("Alex Martin", "editor"),),
                        STUDIO_OIDC_ISSUER=f"http://127.0.0.1:{free_port()}", STUDIO_OIDC_CLIENT_ID=CLIENT_ID,
                        STUDIO_LOCAL_PASSWORDS="false") as running:
        yield running


class Visitor:
    """One browser's cookies for the studio and the provider; each redirect
    followed by hand, to see (or change) where it leads."""

    def __init__(self, studio):
        self.studio = studio.url
        self.http = httpx.Client(timeout=30)

    def get(self, url: str, **params: str) -> httpx.Response:
        return self.http.get(url if url.startswith("http") else self.studio + url, params=params or None)

    def post(self, path: str, fields: dict, page: httpx.Response) -> httpx.Response:
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        return self.http.post(self.studio + path, data={"csrf": token.group(1) if token else "", **fields})

    def through_provider(self, lang: str, state=None) -> httpx.Response:
        """From the sign-in page's button to the provider and back: the studio
        page the browser then opens. `state` changes the state on the way back."""
        leave = self.get(f"/{lang}/sso", next=f"/{lang}/")
        assert leave.status_code == 302, leave.text
        back = self.get(leave.headers["location"])
        assert back.status_code == 302, back.text
        callback = back.headers["location"]
        if state is not None:
            callback = re.sub(r"state=[^&]*", f"state={state}", callback)
        landing = self.get(callback)
        assert landing.status_code == 200, landing.text
        target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', landing.text)
        return self.get(html.unescape(target.group(1)))


def text(page: httpx.Response) -> str:
    return html.unescape(page.text)


def signed_in_as(lang: str, name: str, role: str) -> str:
    return TEXTS[lang]["signed_in_as"].replace("{name}", name).replace("{role}", TEXTS[lang][f"role_{role}"])


def answer_form(repo: Path, lang: str, change: str) -> dict:
    """The edit form of KEY as the catalogs hold it, with `change` added to the text in `lang`."""
    pair = editing.read_pair(repo / "locales", KEY, repo)
    form = {f"{field}_{code}": value for code in SUPPORTED for field, value in
            (("text", pair.text(code)), ("sources", "\n".join(pair.sources(code))), ("reviewed", pair.reviewed(code)))}
    form[f"text_{lang}"] = form[f"text_{lang}"].rstrip("\n") + f" {change}\n"
    return form


class Log:
    """What the studio logs from now on."""

    def __init__(self, workdir: Path):
        self.path = workdir / "studio.log"  # where running_studio sends the studio's output
        self.start = self.path.stat().st_size

    def since(self) -> str:
        time.sleep(0.2)  # the studio writes its line just before it answers
        with open(self.path, encoding="utf-8") as log:
            log.seek(self.start)
            return log.read()


def assert_refused(visitor: Visitor, page: httpx.Response, lang: str, kind: str, log: Log) -> None:
    """The sign-in page says why in its language; nobody is signed in; the
    log says it without the person's details or a traceback."""
    assert page.status_code == sso.REFUSALS[kind]
    assert f'<html lang="{lang}">' in page.text
    said = TEXTS[lang][f"sso_{kind}"]
    assert said in text(page) and said != TEXTS[other(lang)][f"sso_{kind}"]
    assert TEXTS[lang]["sso_sign_in"] in text(page)  # to try again
    assert visitor.get(f"/{lang}/").status_code == 302
    logged = log.since()
    refusals = [line for line in logged.splitlines() if "single sign-on refused" in line]
    assert refusals and all(f"refused, {kind}: " in line for line in refusals), logged
    assert not any(word in line for line in refusals for word in PERSONAL), refusals
    assert "Traceback" not in logged


# ----- signed in ----------------------------------------------------------------


@LANGS
def test_the_organizations_account_gives_a_session_like_a_studio_accounts(sso_studio, provider, lang):
    visitor = Visitor(sso_studio)
    assert TEXTS[lang]["sso_sign_in"] in text(visitor.get(f"/{lang}/signin"))
    page = visitor.through_provider(lang)
    assert page.status_code == 200
    assert signed_in_as(lang, "Dana Roy", "publisher") in text(page)
    asked = provider.authorizations[-1]
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["nonce"] and asked["state"] and "openid" in asked["scope"].split()
    assert asked["redirect_uri"] == f"{sso_studio.url}/sso/callback"

    # The same forms, the same CSRF token, the commit in the name the provider gave.
    saved = visitor.post(f"/{lang}/answers/{KEY}", {**answer_form(sso_studio.repo, lang, "(SSO)"),
                                                      "message": f"checked by SSO ({lang})", "action": "save"}, page)
    assert saved.status_code == 302, text(saved)
    author = git(sso_studio.repo, "log", "-1", "--format=%an <%ae>|%s").strip()
    assert author == f"Dana Roy <dana.roy@example.ca>|{KEY}: checked by SSO ({lang})"
    forged = visitor.http.post(f"{sso_studio.url}/{lang}/answers/{KEY}", data={"csrf": "forged", "action": "save"})
    assert forged.status_code == 403


def test_a_key_the_provider_rotated_in_is_read_again(sso_studio, provider):
    visitor = Visitor(sso_studio)
    assert visitor.through_provider("en").status_code == 200  # the studio now holds the current keys
    provider.rotate_key()
    page = visitor.through_provider("fr")
    assert page.status_code == 200 and signed_in_as("fr", "Dana Roy", "publisher") in text(page)


@LANGS
def test_studio_accounts_still_sign_in_beside_it(sso_studio, lang):
    visitor = Visitor(sso_studio)
    page = visitor.get(f"/{lang}/signin")
    assert TEXTS[lang]["sso_or_account"] in text(page)
    signed = visitor.post(f"/{lang}/signin", {"name": "Alex Martin", "password": PASSWORD, "next": f"/{lang}/"}, page)
    assert signed.status_code == 302
    assert signed_in_as(lang, "Alex Martin", "editor") in text(visitor.get(f"/{lang}/"))


# ----- refused ------------------------------------------------------------------


# What the next ID token gets, and what the log then says about it.
ID_TOKENS = {
    "another nonce": (lambda provider: {"nonce": "not-the-one-the-studio-sent"}, "invalid_claim, Invalid claim 'nonce'"),
    "another audience": (lambda provider: {"aud": "another-client"}, "invalid_claim, Invalid claim 'aud'"),
    "expired": (lambda provider: {"iat": int(time.time()) - 900, "exp": int(time.time()) - 600}, "expired_token"),
    # Another key, with the key id of the provider's own.
    "a bad signature": (lambda provider: {"signing_key": new_key(provider.key.as_dict()["kid"])}, "bad_signature"),
}


@LANGS
@pytest.mark.parametrize("case", sorted(ID_TOKENS))
def test_an_id_token_that_fails_a_check_is_refused(sso_studio, studio_log, provider, lang, case):
    visitor, log = Visitor(sso_studio), Log(studio_log)
    token, logged = ID_TOKENS[case]
    provider.next_token(**token(provider))
    assert_refused(visitor, visitor.through_provider(lang), lang, "invalid", log)
    assert f"refused, invalid: ID token: {logged}" in log.since()


@LANGS
def test_a_state_changed_on_the_way_back_is_refused(sso_studio, studio_log, lang):
    visitor, log = Visitor(sso_studio), Log(studio_log)
    assert_refused(visitor, visitor.through_provider(lang, state="forged"), lang, "state", log)


@LANGS
def test_someone_without_a_studio_role_is_refused(sso_studio, studio_log, provider, lang):
    visitor, log = Visitor(sso_studio), Log(studio_log)
    provider.person["groups"] = ["all-staff"]
    assert_refused(visitor, visitor.through_provider(lang), lang, "no_role", log)


@LANGS
def test_a_provider_that_says_no_is_refused_without_its_words_in_the_log(sso_studio, studio_log, provider, lang):
    visitor, log = Visitor(sso_studio), Log(studio_log)
    provider.refuse = {"error": "access_denied", "error_description": "droy (dana.roy@example.ca) is not assigned"}
    assert_refused(visitor, visitor.through_provider(lang), lang, "denied", log)


@LANGS
def test_a_provider_that_cannot_be_reached_is_said_so(sso_only_studio, lang):
    visitor = Visitor(sso_only_studio)
    page = visitor.get(f"/{lang}/sso", next=f"/{lang}/")
    assert page.status_code == 503
    assert TEXTS[lang]["sso_unavailable"] in text(page)


@LANGS
def test_without_local_passwords_only_the_organizations_account_signs_in(sso_only_studio, lang):
    visitor = Visitor(sso_only_studio)
    page = visitor.get(f"/{lang}/signin")
    assert TEXTS[lang]["sso_sign_in"] in text(page) and 'name="password"' not in page.text
    refused = visitor.post(f"/{lang}/signin", {"name": "Alex Martin", "password": PASSWORD}, page)
    assert refused.status_code == 403 and TEXTS[lang]["sso_only"] in text(refused)
    assert visitor.get(f"/{lang}/").status_code == 302


# ----- in a browser -------------------------------------------------------------


def test_in_a_browser_the_session_is_there_after_coming_back(sso_studio, provider, driver):
    # Signing in on the provider's own page: the way back starts on another site.
    provider.login_page = True
    driver.get(f"{sso_studio.url}/fr/signin")
    violations = axe_violations(driver)
    assert not violations, describe_violations(violations)
    driver.find_element(By.LINK_TEXT, TEXTS["fr"]["sso_sign_in"]).click()
    wait_until(lambda: driver.find_element(By.ID, "sign-in"), message="the provider's sign-in page").click()
    wait_until(lambda: driver.current_url == f"{sso_studio.url}/fr/", message="the answers after signing in")
    assert driver.find_element(By.CLASS_NAME, "who").text == signed_in_as("fr", "Dana Roy", "publisher")


# ----- the pieces -----------------------------------------------------------------


def test_the_role_comes_from_a_claim_a_path_or_a_single_value_and_the_strongest_wins():
    roles = {"g-edit": "editor", "g-pub": "publisher", "g-tr": "translator"}
    assert sso.role_in({"groups": ["x", "g-tr", "g-pub"]}, "groups", roles) == "publisher"
    assert sso.role_in({"realm_access": {"roles": ["g-edit"]}}, "realm_access.roles", roles) == "editor"
    assert sso.role_in({"https://example.ca/roles": "g-tr"}, "https://example.ca/roles", roles) == "translator"
    assert sso.role_in({"groups": ["x"]}, "groups", roles) is None
    assert sso.role_in({}, "groups", roles) is None


def test_the_name_and_address_of_the_commits_come_from_the_claims():
    config = studio_settings.SingleSignOn("https://sso.example.ca", "c", "", "https://s/sso/callback", "roles",
                                          {"editor": "editor"})
    account = sso.account_from({"given_name": "Léa", "family_name": "<Côté>", "preferred_username": "lea@example.ca",
                                "roles": ["editor"]}, config)
    assert (account.name, account.email, account.role) == ("Léa Côté", "lea@example.ca", "editor")
    assert sso.account_from({"preferred_username": "kim", "roles": "editor"}, config).email == "kim@staff.invalid"
    assert sso.account_in(sso.session_fields(account)) == account
    assert sso.account_in({"user": "Alex Martin"}) is None  # a studio account's session


@pytest.mark.parametrize("env, named", [
    ({"STUDIO_OIDC_ISSUER": "http://sso.example.ca/realms/staff", "STUDIO_OIDC_CLIENT_ID": "s"}, "STUDIO_OIDC_ISSUER"),
    ({"STUDIO_OIDC_ISSUER": "https://sso.example.ca/realms/staff"}, "STUDIO_OIDC_CLIENT_ID"),
    ({"STUDIO_OIDC_ISSUER": "https://sso.example.ca", "STUDIO_OIDC_CLIENT_ID": "s",
      "STUDIO_OIDC_ROLES": "studio-admins=admin"}, "STUDIO_OIDC_ROLES"),
    ({"STUDIO_LOCAL_PASSWORDS": "false"}, "STUDIO_LOCAL_PASSWORDS"),
])
def test_settings_name_what_is_missing_or_wrong(studio_repo, env, named):
    with pytest.raises(studio_settings.SettingError, match=f"^{named}"):
        studio_settings.load({"STUDIO_REPO": str(studio_repo), "STUDIO_SECRET_KEY": "k" * 40, **env})


def test_single_sign_on_settings_and_the_redirect_uri(studio_repo):
    env = {"STUDIO_REPO": str(studio_repo), "STUDIO_SECRET_KEY": "k" * 40}
    assert studio_settings.load(env).sso is None
    loaded = studio_settings.load({**env, "STUDIO_OIDC_ISSUER": "https://login.example.ca/t/v2.0",
                                   "STUDIO_OIDC_CLIENT_ID": "c", "STUDIO_PUBLIC_URL": "https://studio.example.ca/"})
    assert loaded.sso.redirect_uri == "https://studio.example.ca/sso/callback"
    assert loaded.sso.roles == {"editor": "editor", "translator": "translator", "publisher": "publisher"}
    assert studio_settings.load({**env, "STUDIO_PORT": "6090", "STUDIO_OIDC_ISSUER": "https://l.example.ca",
                                 "STUDIO_OIDC_CLIENT_ID": "c"}).sso.redirect_uri == "http://127.0.0.1:6090/sso/callback"
