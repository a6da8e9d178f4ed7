"""`make report`: unanswered questions from the tracker store, per language,
grouped and counted, redacted, without sender ids. The fixture database is
written by Rasa's own SQLTrackerStore, as the running assistant writes it."""

import asyncio
import os
import sqlite3
import subprocess
import sys

import pytest

from scripts import unanswered_report as report

ROOT = report.ROOT

# (text, intent, confidence, action, language slot or None, other slots)
ENGLISH = {
    "SENDER-en-0001": [
        ("Hello", "greet", 0.99, "action_answer", "en", {}),
        ("Can my landlord put a face scanner on the door?", "nlu_fallback", 0.45, "action_fallback", "en", {}),
        ("/consent_biometrics", "consent_biometrics", 1.0, "action_answer", "en", {}),
    ],
    "SENDER-en-0002": [
        ("can my landlord put a   face scanner on the door", "nlu_fallback", 0.45, "action_fallback", "en", {}),
        ("My email is jane.doe@example.com, call me at 613-555-0142 about my gym",
         "nlu_fallback", 0.45, "action_fallback", "en", {}),
        ("is clearview still around", "clearview_outcome", 0.52, "action_answer", "en", {}),
        ("what counts as biometric information", "biometric_sensitive", 0.97, "action_answer", "en", {}),
        ("how do I renew my passport", "out_of_scope", 0.93, "action_answer", "en", {}),
    ],
    "SENDER-en-0003": [
        # The rules could not continue: the policy's own fallback answered.
        ("and my neighbour's doorbell camera?", "everyday_biometrics", 0.91, "action_fallback", "en", {}),
        # A bare answer to our own question, routed to an office: answered.
        ("Saskatoon", "nlu_fallback", 0.45, "action_fallback", "en", {"province": "SK"}),
        ("/nlu_fallback", "nlu_fallback", 1.0, "action_fallback", "en", {}),
    ],
}
FRENCH = {
    "SENDER-fr-0001": [
        ("Mon NAS est 046 454 286, mon propriétaire peut-il scanner mon visage?",
         "nlu_fallback", 0.45, "action_fallback", "fr", {}),
        ("Ma carte 4111 1111 1111 1111 a été volée au gym", "nlu_fallback", 0.45, "action_fallback", "fr", {}),
        ("Comment renouveler mon passeport?", "out_of_scope", 0.42, "action_answer", "fr", {}),
    ],
    "SENDER-fr-0002": [
        ("Ma carte 4111-1111-1111-1111 a été volée au gym!", "nlu_fallback", 0.45, "action_fallback", "fr", {}),
        ("J'habite au H2X 1Y4, à qui m'adresser?", "find_office", 0.55, "action_find_office", "fr",
         {"province": "QC"}),
        # No action set the language (e.g. the action server was down): the words decide.
        ("Est-ce que la police peut utiliser mon visage sans mandat au Québec?", "nlu_fallback", 0.45,
         "action_fallback", None, {}),
    ],
}
PERSONAL = ["jane.doe@example.com", "613-555-0142", "046 454 286", "4111", "H2X 1Y4", "H2X"]


def build_tracker_store(path, conversations):
    """Write conversations with Rasa's SQLTrackerStore, as `rasa run` does."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    for sender, turns in conversations.items():
        events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
        for text, intent, confidence, action, lang, slots in turns:
            parsed = {"name": intent, "confidence": confidence}
            events.append(UserUttered(text, intent=parsed, parse_data={
                "text": text, "intent": parsed, "entities": [], "intent_ranking": [parsed]}))
            events.append(ActionExecuted(action))
            events.append(BotUttered("a reply"))
            if lang:
                events.append(SlotSet("language", lang))
            events += [SlotSet(name, value) for name, value in slots.items()]
            events.append(ActionExecuted("action_listen"))
        tracker = DialogueStateTracker.from_events(sender, events, slots=domain.slots)
        asyncio.run(store.save(tracker))
    store.engine.dispose()


@pytest.fixture(scope="module")
def tracker_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tracker") / "tracker.db"
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    build_tracker_store(path, {**ENGLISH, **FRENCH})
    return path


@pytest.fixture(scope="module")
def output(tracker_db):
    return report.render(report.build(report.read_turns(tracker_db)), 0.6, "var/tracker.db")


def section(output, name):
    start = output.index(f"\n{name}: ")
    end = output.find("\n\n", start + 1)
    return output[start:end]


def test_fixture_is_what_rasa_writes(tracker_db):
    with sqlite3.connect(tracker_db) as db:
        kinds = {row[0] for row in db.execute("SELECT DISTINCT type_name FROM events")}
    assert {"user", "action", "bot", "slot", "session_started"} <= kinds


def test_english_questions_not_understood_are_grouped_and_counted(output):
    english = section(output, "English")
    assert english.startswith("\nEnglish: 9 question(s) asked, 4 not understood (3 different), "
                              "1 out of scope (1 different), 1 uncertain (1 different)")
    assert "      2  Can my landlord put a face scanner on the door?" in english
    assert "      1  My email is [email], call me at [phone] about my gym" in english
    assert "and my neighbour's doorbell camera?" in english
    assert "      1  is clearview still around  -> clearview_outcome (0.52)" in english
    assert "  Out of scope (times asked, question):\n      1  how do I renew my passport" in english
    for answered in ("Saskatoon", "Hello", "biometric information", "/consent_biometrics", "/nlu_fallback"):
        assert answered not in output


def test_french_questions_not_understood_are_grouped_and_counted(output):
    french = section(output, "French")
    assert french.startswith("\nFrench: 6 question(s) asked, 4 not understood (3 different), "
                             "1 out of scope (1 different), 1 uncertain (1 different)")
    assert "      2  Ma carte [card] a été volée au gym" in french
    assert "      1  Mon NAS est [sin], mon propriétaire peut-il scanner mon visage?" in french
    assert "      1  Est-ce que la police peut utiliser mon visage sans mandat au Québec?" in french
    assert "      1  J'habite au [postal_code], à qui m'adresser?  -> find_office (0.55)" in french
    # Out of scope, however unsure: never counted twice.
    assert "  Out of scope (times asked, question):\n      1  Comment renouveler mon passeport?" in french
    assert french.count("passeport") == 1


def test_personal_information_and_sender_ids_never_appear(output):
    for secret in PERSONAL:
        assert secret not in output
    assert "SENDER-" not in output


def test_threshold_decides_what_is_uncertain(tracker_db):
    turns = report.read_turns(tracker_db)
    lenient = report.build(turns, threshold=0.5)
    assert lenient.uncertain == {"en": [], "fr": []}
    strict = report.build(turns, threshold=0.98)
    assert [g.text for g in strict.uncertain["en"]] == [
        "is clearview still around", "what counts as biometric information"]


@pytest.mark.parametrize("text, redacted", [
    ("write to jane.doe@example.com, I live at 12 Elm Street",
     "write to [email], I live at [address]"),
    ("card 4111 1111 1111 1111 stolen, SIN 046 454 286", "card [card] stolen, SIN [sin]"),
    ("écrivez à marie@exemple.qc.ca ou au 514 555 0199, code postal h2x1y4",
     "écrivez à [email] ou au [phone], code postal [postal_code]"),
    # The offices' public lines stay: residents quote them back.
    ("I called 1-800-282-1376 and 613-555-0142", "I called 1-800-282-1376 and [phone]"),
    ("la loi 25 de 2021, article 44", "la loi 25 de 2021, article 44"),
])
def test_report_redaction_in_both_languages(text, redacted):
    assert report.redactor()(text) == redacted


def run_report(*args, env=None):
    return subprocess.run([sys.executable, "-m", "scripts.unanswered_report", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


def test_command_line_reads_tracker_db_and_changes_nothing(tracker_db):
    before = tracker_db.stat().st_mtime_ns, tracker_db.read_bytes()
    done = run_report(env={"TRACKER_DB": str(tracker_db), "REPORT_LOW_CONFIDENCE": "0.5"})
    assert done.returncode == 0, done.stderr
    assert "English: 9 question(s) asked, 4 not understood (3 different), 1 out of scope (1 different), " \
           "0 uncertain" in done.stdout
    assert "French: 6 question(s) asked, 4 not understood (3 different), 1 out of scope (1 different), " \
           "0 uncertain" in done.stdout
    assert "SENDER-" not in done.stdout + done.stderr
    assert (tracker_db.stat().st_mtime_ns, tracker_db.read_bytes()) == before


def test_bad_inputs_get_a_plain_message(tmp_path):
    missing = run_report("--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "none.db does not exist" in missing.stdout
    assert not (tmp_path / "none.db").exists()
    garbage = tmp_path / "notes.db"
    garbage.write_text("not a database", encoding="utf-8")
    assert "notes.db cannot be read as a database" in run_report("--db", str(garbage)).stdout
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert "has no 'events' table" in run_report("--db", str(empty)).stdout
    wrong = run_report("--threshold", "60%")
    assert wrong.returncode == 2 and "expected a number between 0 and 1" in wrong.stderr


def test_database_url_of_cluster_mode(tracker_db):
    done = run_report(env={"TRACKER_DB_URL": f"sqlite:///{tracker_db}", "TRACKER_DB": "/nowhere.db"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"from sqlite:///{tracker_db}" in done.stdout and "French: 6 question(s) asked" in done.stdout
    # An unreachable server: a plain message, and the password never shown.
    down = run_report(env={"TRACKER_DB_URL": "postgresql://staff:s3cret@127.0.0.1:9/rasa"})
    assert down.returncode == 1
    assert "No report: postgresql://staff:***@127.0.0.1:9/rasa cannot be read" in down.stdout
    assert "s3cret" not in down.stdout + down.stderr
