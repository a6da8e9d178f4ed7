"""The studio's parts without a browser: accounts and lockout, the check
before saving, the write that keeps the catalog's layout, git history and
restore, and the SMS preview."""

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from conftest import PASSWORD, answer_form, git
from stack import ROOT

from scripts import unanswered_report
from staff import content_check
from studio import accounts as studio_accounts
from studio import editing, history, learning, preview, review
from studio.accounts import AccountError, Accounts, SignIn


def test_passwords_are_stored_as_argon2_hashes_only(tmp_path):
    store = Accounts(tmp_path / "accounts.json")
    store.add("Alex Martin", "editor", PASSWORD)
    stored = (tmp_path / "accounts.json").read_text()
    assert PASSWORD not in stored and "$argon2id$" in stored
    assert store.sign_in("alex martin", PASSWORD)[0] is SignIn.OK
    with pytest.raises(AccountError):
        store.add("Alex Martin", "editor", PASSWORD)
    with pytest.raises(AccountError):
        store.add("Kim", "admin", PASSWORD)
    with pytest.raises(AccountError):
        store.add("Kim Nguyen", "editor", "short")


def test_five_wrong_passwords_lock_the_account_until_the_lock_runs_out(tmp_path):
    store = Accounts(tmp_path / "accounts.json", max_failures=5, lockout=timedelta(minutes=15))
    store.add("Sam Tremblay", "translator", PASSWORD)
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    for _ in range(4):
        assert store.sign_in("Sam Tremblay", "wrong password!", now)[0] is SignIn.WRONG
    assert store.sign_in("Sam Tremblay", "wrong password!", now)[0] is SignIn.LOCKED
    assert store.sign_in("Sam Tremblay", PASSWORD, now + timedelta(minutes=14))[0] is SignIn.LOCKED
    assert store.sign_in("Sam Tremblay", PASSWORD, now + timedelta(minutes=16))[0] is SignIn.OK
    # An unknown name gets the same answer as a wrong password.
    assert store.sign_in("Nobody", PASSWORD, now)[0] is SignIn.WRONG


def test_unlock_ends_a_lock_early(tmp_path):
    store = Accounts(tmp_path / "accounts.json", max_failures=1)
    store.add("Sam Tremblay", "translator", PASSWORD)
    assert store.sign_in("Sam Tremblay", "wrong password!")[0] is SignIn.LOCKED
    store.unlock("sam tremblay")
    assert store.sign_in("Sam Tremblay", PASSWORD)[0] is SignIn.OK


def test_accounts_command_adds_an_account_from_standard_input(tmp_path):
    env = {"STUDIO_ACCOUNTS": str(tmp_path / "a.json"), "STUDIO_SECRET_KEY": "k" * 40, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "studio.accounts", "add", "Kim Nguyen", "--role", "publisher",
                           "--password-stdin"], input=PASSWORD + "\n", text=True, capture_output=True,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr
    assert Accounts(tmp_path / "a.json").get("kim nguyen").role == "publisher"
    again = subprocess.run([sys.executable, "-m", "studio.accounts", "add", "Kim Nguyen", "--role", "editor",
                            "--password-stdin"], input=PASSWORD + "\n", text=True, capture_output=True,
                           cwd=ROOT, env=env)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_an_unclosed_brace_is_a_plain_problem_not_a_crash():
    problems = content_check.check_answer("greet", {"en": {"text": "Hello {name", "conversational": True},
                                                    "fr": {"text": "Bonjour {name}", "conversational": True}})
    messages = [p.message for p in problems if p.blocking]
    assert any(m.startswith("a '{' or '}' is not paired") for m in messages), messages
    assert not any("could not be checked" in m for m in messages), messages


def test_save_keeps_the_layout_refuses_broken_text_and_restores(studio_repo):
    locales = studio_repo / "locales"
    pair = editing.read_pair(locales, "consent_biometrics", studio_repo)
    before = (locales / "en" / "answers.yml").read_text(encoding="utf-8")

    broken = editing.draft_from_form(pair, answer_form(pair, text_en=pair.text("en") + "See {this"))
    with pytest.raises(editing.Refused):
        editing.write_pair(broken, locales, studio_repo)
    assert (locales / "en" / "answers.yml").read_text(encoding="utf-8") == before

    edited = editing.draft_from_form(pair, answer_form(pair, text_en=pair.text("en").replace("Generally", "Usually", 1)))
    written = editing.write_pair(edited, locales, studio_repo)
    assert [p.name for p in written] == ["answers.yml"]
    diff = git(studio_repo, "diff", "--numstat")
    assert diff.split()[:2] == ["1", "1"], diff  # one line changed, nothing else moved
    first = history.commit(studio_repo, written, "consent_biometrics: usually", "Alex Martin", "alex@example.invalid")
    assert git(studio_repo, "log", "-1", "--format=%an <%ae>").strip() == "Alex Martin <alex@example.invalid>"
    assert history.commit(studio_repo, written, "again", "Alex Martin", "alex@example.invalid") is None

    versions = history.versions(studio_repo, "consent_biometrics", pair.files)
    assert [v.commit for v in versions][0] == first and len(versions) == 2
    oldest = versions[-1]
    draft = editing.AnswerPair("consent_biometrics", {lang: {**edited.entries[lang], **oldest.entries[lang]}
                                                      for lang in ("en", "fr")}, pair.files)
    written = editing.write_pair(draft, locales, studio_repo, editing.EDITED_FIELDS)
    history.commit(studio_repo, written, "restore", "Alex Martin", "alex@example.invalid")
    assert (locales / "en" / "answers.yml").read_text(encoding="utf-8") == before
    assert len(history.versions(studio_repo, "consent_biometrics", pair.files)) == 3


def test_sms_preview_counts_parts_and_alphabet():
    assert preview.sms_segments("a" * 160) == 1 and preview.sms_segments("a" * 161) == 2
    assert preview.sms_encoding("Répondez") == "gsm7" and preview.sms_encoding("l’accès") == "ucs2"
    assert preview.sms_segments("’" * 71) == 2


def test_preview_shows_the_reply_as_the_widget_and_an_sms_receive_it(studio_repo):
    locales = studio_repo / "locales"
    pair = editing.read_pair(locales, "complaint_fee_deadline", studio_repo)
    shown = preview.preview(locales, pair.key, pair.entries, "fr")
    assert shown.widget_messages[0] == pair.text("fr").strip().split("\n\n")[0]
    assert shown.widget_messages[-1].startswith("Source : https://")
    sms = "\n\n".join(part.text for part in shown.sms)
    assert "1. " + pair.entries["fr"]["buttons"][0]["title"] in sms
    assert "Répondez avec le numéro de votre choix" in sms


def test_every_word_of_the_studio_is_in_both_languages():
    from studio.web import ui_texts
    texts = ui_texts()
    assert texts["en"].keys() == texts["fr"].keys()
    # The same word in both languages ("Message", "Sources"), or else translated.
    assert not [key for key in texts["en"] if texts["en"][key] == texts["fr"][key] and key not in
                ("sources", "status_ok", "message_key", "question", "residents_question", "what")]


def test_settings_name_the_wrong_variable(tmp_path):
    from studio import settings
    with pytest.raises(settings.SettingError, match="STUDIO_PORT"):
        settings.load({"STUDIO_PORT": "http", "STUDIO_SECRET_KEY": "k" * 40})
    with pytest.raises(settings.SettingError, match="STUDIO_REPO"):
        settings.load({"STUDIO_REPO": str(tmp_path), "STUDIO_SECRET_KEY": "k" * 40})
    assert studio_accounts.from_settings(settings.load({"STUDIO_SECRET_KEY": "k" * 40})).max_failures == 5


def test_the_translator_sees_what_changed_since_the_last_review(studio_repo):
    locales = studio_repo / "locales"
    pair = editing.read_pair(locales, "withdraw_consent", studio_repo)
    assert pair.pending_review is None
    first_words = pair.text("en").split()[:2]
    draft = editing.draft_from_form(pair, answer_form(pair, text_en="Also, " + pair.text("en")))
    written = editing.write_pair(draft, locales, studio_repo)
    history.commit(studio_repo, written, "withdraw_consent: also", "Alex Martin", "alex@example.invalid")

    pair = editing.read_pair(locales, "withdraw_consent", studio_repo)
    assert pair.pending_review is not None and pair.pending_review.changed == ("en",)
    change = review.change_since_review(studio_repo, locales, pair)
    assert change.lang == "en"
    assert change.segments[0] == ("added", "Also, ")
    assert change.segments[1][0] == "same" and change.segments[1][1].startswith(" ".join(first_words))
    assert review.word_diff("a b c", "a x c") == [("same", "a "), ("removed", "b"), ("added", "x"), ("same", " c")]


def test_residents_questions_come_from_make_reports_own_report(tmp_path, monkeypatch):
    missing = learning.learn(30, store=tmp_path / "tracker.db")
    assert missing.report is None and missing.problem == learning.NO_CONVERSATIONS_YET
    (tmp_path / "tracker.db").touch()
    now = datetime.now(timezone.utc).timestamp()
    turns = [unanswered_report.Turn("my landlord scans my face, call 613-555-0142", "en", "nlu_fallback", 0.4, True, now),
             unanswered_report.Turn("My landlord scans my face, call 613-555-0199!", "en", "nlu_fallback", 0.4, True, now),
             unanswered_report.Turn("mon proprio scanne mon visage", "fr", "nlu_fallback", 0.4, True, now - 90 * 86400)]
    monkeypatch.setattr(unanswered_report, "read_turns", lambda store: turns)
    found = learning.learn(30, store=tmp_path / "tracker.db")
    groups = found.report.not_understood
    assert [(g.count, g.text) for g in groups["en"]] == [(2, "my landlord scans my face, call [phone]")]
    assert groups["fr"] == []  # older than 30 days


def test_a_second_studio_on_a_taken_port_says_so_instead_of_a_traceback(capsys, monkeypatch):
    import socket

    from studio import __main__ as studio_main

    monkeypatch.setenv("STUDIO_SECRET_KEY", "k" * 40)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert studio_main.main(["--port", str(port)]) == 2
    assert f"port {port} on 127.0.0.1 is already in use" in capsys.readouterr().err


@pytest.mark.parametrize("chosen, asked, goes_to", [
    ("fr", "/en/", "/fr/"), ("fr", "/en/answers/consent_biometrics", "/fr/answers/consent_biometrics"),
    ("en", "/fr/messages", "/en/messages"), ("en", "/en/", "/en/"), ("fr", "//elsewhere.example", "/fr/"),
])
def test_signing_in_continues_in_the_language_chosen_on_the_sign_in_page(chosen, asked, goes_to):
    from studio.web import _safe_next

    assert _safe_next(asked, chosen) == goes_to


def test_a_review_list_cut_short_by_its_reader_ends_without_a_traceback():
    # `make review | head`: the reader has gone before the list is written.
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run([sys.executable, "-m", "staff.content_check", "--reviews"], stdout=writer,
                          cwd=ROOT, stderr=subprocess.PIPE, text=True)
    os.close(writer)
    assert done.returncode == 141 and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("lang, role, created, refused", [
    ("en", "editor", "Account 'Zoé Tremblay' (editor) created", "error: an account named 'Zoé Tremblay' already exists"),
    ("fr", "traductrice", "Compte « Zoé Tremblay » (translator) créé", "erreur : un compte nommé « Zoé Tremblay » existe déjà"),
])
def test_accounts_are_made_in_the_staff_members_language_and_refused_before_the_password(
        tmp_path, lang, role, created, refused):
    env = dict(os.environ, STUDIO_ACCOUNTS=str(tmp_path / "accounts.json"), LANG=f"{lang}_CA.UTF-8",
               LANGUAGE="", LC_ALL="", LC_MESSAGES="")

    def add(password: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "studio.accounts", "add", "Zoé Tremblay", "--role", role,
                               "--email", "zoe.tremblay@example.ca", "--password-stdin"],
                              input=password, cwd=ROOT, env=env, capture_output=True, text=True)

    made = add(PASSWORD + "\n")
    assert made.returncode == 0 and created in made.stdout, made.stderr
    # Refused at once, without reading a password.
    again = add("")
    assert again.returncode == 1 and refused in again.stderr
    stored = studio_accounts.Accounts(tmp_path / "accounts.json").get("zoé tremblay")
    assert stored.email == "zoe.tremblay@example.ca"


@pytest.mark.parametrize("written, role", [("rédaction", "editor"), ("Traducteur", "translator"),
                                           ("publication", "publisher"), ("editor", "editor")])
def test_roles_may_be_written_in_french(written, role):
    assert studio_accounts.role_named(written) == role
