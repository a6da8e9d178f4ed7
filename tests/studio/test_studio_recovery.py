"""Two ways staff used to lose their footing in the studio, in both languages:

- a catalog file broken by a hand edit (a tab): the answers list still
  opens and names the file and line, an answer's page says the same, and
  the file's history restores its last good version as a commit in the
  staff member's name;
- a sign-in that expired as they pressed Save: the sign-in page says the
  change was not saved, and after signing in again the draft is back on
  the edit page (kept by a token in the session, never in an address).
"""

import re
import time
from pathlib import Path

import pytest
from conftest import git, running_studio
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from studio_client import PASSWORD, Staff

from assistant.catalog import CatalogError, read_catalog
from studio.drafts import Drafts

BROKEN = "locales/fr/answers.yml"
BROKEN_LINE = 10   # `text:` of greet, its indentation made a tab
SESSION_SALT = "studio-session"


def break_with_a_tab(repo: Path) -> str:
    """Commits the French answers with a tab at BROKEN_LINE; the good text before it."""
    good = (repo / BROKEN).read_text(encoding="utf-8")
    lines = good.split("\n")
    lines[BROKEN_LINE - 1] = "\t" + lines[BROKEN_LINE - 1].lstrip()
    (repo / BROKEN).write_text("\n".join(lines), encoding="utf-8")
    git(repo, "-c", "user.name=Hand Edit", "-c", "user.email=hand@example.invalid",
        "commit", "--quiet", "-am", "greet: typo fixed by hand")
    return good


def sign_in(staff: Staff, lang: str, name: str = "Alex Martin") -> None:
    staff.get(f"/{lang}/signin")
    assert staff.post(f"/{lang}/signin", {"name": name, "password": PASSWORD, "next": f"/{lang}/"}) == 200


def test_a_broken_file_is_left_out_and_named_with_its_line(studio_repo, tmp_path):
    repo = tmp_path / "repo"
    git(studio_repo, "clone", "--quiet", str(studio_repo), str(repo))
    break_with_a_tab(repo)
    with pytest.raises(CatalogError) as raised:
        read_catalog(repo / "locales", "fr")
    assert raised.value.line == BROKEN_LINE and raised.value.path == repo / BROKEN
    broken: list = []
    french = read_catalog(repo / "locales", "fr", broken)
    assert [error.path for error in broken] == [repo / BROKEN]
    assert "greet" not in french["answers"] and french["messages"]  # the other files still read


@pytest.mark.parametrize("lang, line_word, unreadable, restored", [
    ("en", "line", "cannot be read", "Restored locales/fr/answers.yml"),
    ("fr", "ligne", "illisible", "locales/fr/answers.yml a été rétabli"),
])
def test_a_broken_catalog_file_is_named_and_restored_from_its_history(studio_repo, tmp_path, lang, line_word,
                                                                      unreadable, restored):
    repo = tmp_path / "repo"
    git(studio_repo, "clone", "--quiet", str(studio_repo), str(repo))
    good = break_with_a_tab(repo)
    last_good = git(repo, "rev-parse", "HEAD~1").strip()
    with running_studio(repo, tmp_path) as studio:
        staff = Staff(studio.url)
        sign_in(staff, lang)
        assert staff.get(f"/{lang}/") == 200
        assert BROKEN in staff.page and f"{line_word} {BROKEN_LINE}" in staff.page
        assert "/answers/goodbye" in staff.page  # the English answers are still listed
        history = f"/{lang}/files/history?file={BROKEN}"
        assert history in staff.page
        # An answer's page cannot be shown, but says why and where to go.
        assert staff.get(f"/{lang}/answers/greet") == 503
        assert f"{line_word} {BROKEN_LINE}" in staff.page and history in staff.page
        # Pages that do not need the file keep working.
        assert staff.get(f"/{lang}/training") == 200
        # Only catalog files have a history here.
        assert staff.get(f"/{lang}/files/history?file=config.yml") == 404

        assert staff.get(history) == 200
        assert unreadable in staff.page and f'value="{last_good}"' in staff.page
        newest = git(repo, "rev-parse", "HEAD").strip()
        assert f'value="{newest}"' not in staff.page  # the broken version has no Restore
        assert staff.post(f"/{lang}/files/restore", {"file": BROKEN, "commit": newest}) == 404

        assert staff.post(f"/{lang}/files/restore", {"file": BROKEN, "commit": last_good}) == 200
        assert restored in staff.page
        assert (repo / BROKEN).read_text(encoding="utf-8") == good
        author = git(repo, "log", "-1", "--format=%an|%s").strip()
        assert author.startswith("Alex Martin|locales/fr/answers.yml: restore the version of ")
        assert git(repo, "status", "--porcelain").strip() == ""

        assert staff.get(f"/{lang}/") == 200 and BROKEN not in staff.page
        assert staff.get(f"/{lang}/answers/greet") == 200


def _session_cookie(staff: Staff):
    jar = next(handler.cookiejar for handler in staff.opener.handlers if hasattr(handler, "cookiejar"))
    return next(cookie for cookie in jar if cookie.name == "studio_session")


class _SignedLongAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 100 * 3600


def expire(staff: Staff, secret: str, how: str) -> None:
    """Makes the staff member's sign-in older than any session, keeping its CSRF token."""
    cookie = _session_cookie(staff)
    session = URLSafeTimedSerializer(secret, salt=SESSION_SALT).loads(cookie.value)
    if how == "signed in long ago":      # the sign-in's own clock ran out while they kept working
        session["since"] = time.time() - 100 * 3600
        cookie.value = URLSafeTimedSerializer(secret, salt=SESSION_SALT).dumps(session)
    else:                                 # the cookie itself is too old (they left the page open)
        cookie.value = URLSafeTimedSerializer(secret, salt=SESSION_SALT, signer=_SignedLongAgo).dumps(session)


@pytest.mark.parametrize("how", ["signed in long ago", "cookie too old"])
@pytest.mark.parametrize("lang, expired, back", [
    ("en", "Your sign-in expired, so your change was not saved.", "Here is the draft you had not saved yet."),
    ("fr", "Votre session a expiré, donc votre modification n&#39;a pas été enregistrée.",
     "Voici le brouillon que vous n&#39;aviez pas encore enregistré."),
])
def test_a_save_after_the_sign_in_expired_keeps_the_draft_for_after_signing_in(studio_repo, tmp_path, lang,
                                                                                expired, back, how):
    repo = tmp_path / "repo"
    git(studio_repo, "clone", "--quiet", str(studio_repo), str(repo))
    head = git(repo, "rev-parse", "HEAD").strip()
    with running_studio(repo, tmp_path) as studio:
        staff = Staff(studio.url)
        sign_in(staff, lang)
        assert staff.get(f"/{lang}/answers/goodbye") == 200
        draft_text = f"A draft written before the sign-in ran out ({lang}, {how})."
        form = {**staff.form(), "text_en": draft_text, "message": "kinder goodbye", "action": "save"}
        expire(staff, studio.env["STUDIO_SECRET_KEY"], how)

        assert staff.post(f"/{lang}/answers/goodbye", form) == 401
        assert expired in staff.page and 'name="next" value="/%s/answers/goodbye"' % lang in staff.page
        assert draft_text not in staff.page  # kept on the server, not in the page or an address
        assert git(repo, "rev-parse", "HEAD").strip() == head
        assert draft_text not in (tmp_path / "studio.log").read_text()

        assert staff.post(f"/{lang}/signin", {"name": "Alex Martin", "password": PASSWORD,
                                               "next": f"/{lang}/answers/goodbye"}) == 200
        assert back in staff.page and draft_text in staff.page and "kinder goodbye" in staff.page
        # Taken once: reloading shows the published text again.
        saved_form = {**staff.form(), "message": "kinder goodbye", "action": "save"}
        assert staff.get(f"/{lang}/answers/goodbye") == 200 and draft_text not in staff.page
        # Saved with a fresh sign-in and its CSRF token.
        assert staff.post(f"/{lang}/answers/goodbye", saved_form) == 200
        assert draft_text in (repo / "locales/en/answers.yml").read_text(encoding="utf-8")
        assert git(repo, "log", "-1", "--format=%an").strip() == "Alex Martin"


def test_a_forged_save_without_the_session_s_token_keeps_no_draft(studio_repo, tmp_path):
    repo = tmp_path / "repo"
    git(studio_repo, "clone", "--quiet", str(studio_repo), str(repo))
    with running_studio(repo, tmp_path) as studio:
        staff = Staff(studio.url)
        staff.get("/en/signin")
        page = staff.page
        staff.page = re.sub(r'name="csrf" value="[^"]+"', 'name="csrf" value="forged"', page)
        assert staff.post("/en/answers/goodbye", {"text_en": "Planted text", "action": "save"}) == 200
        assert "Sign in" in staff.page and "Planted text" not in staff.page
        assert "not saved" not in staff.page


def test_a_kept_draft_is_taken_once_and_only_for_its_page():
    drafts = Drafts(most=2)
    token = drafts.put("/answers/greet", {"text_en": "Hi"})
    assert drafts.take(token, "/answers/goodbye") is None
    assert drafts.take(token, "/answers/greet") == {"text_en": "Hi"}
    assert drafts.take(token, "/answers/greet") is None
    first = drafts.put("/answers/a", {})
    drafts.put("/answers/b", {})
    drafts.put("/answers/c", {})
    assert drafts.take(first, "/answers/a") is None  # the oldest gave way
