"""Staff work on a running assistant: an answer edited in locales/ is in the
very next reply, in English and in French, without retraining or restarting;
the content check then asks for the translation review; and `make report`
lists what residents asked, redacted, from the conversations just held."""

import shutil
import subprocess
import sys
import time
import uuid

import pytest
from edits import edit
from stack import MODEL, ROOT, running_stack, say

from assistant.catalog import LOCALES_DIR
from staff import content_check, translations


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The real stack, reading its catalogs from a copy staff may edit."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    workdir = tmp_path_factory.mktemp("staff")
    locales = workdir / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    translations.clear(locales, [], everything=True)  # start with every translation confirmed
    with running_stack(workdir / "stack", extra_env={"LOCALES_DIR": str(locales)}) as stack:
        yield stack, locales


@pytest.mark.parametrize("lang, question, before, after", [
    ("en", "Can a company use my face without asking?",
     "Generally, no. Your face,", "In most cases, no. Your face,"),
    ("fr", "Une entreprise peut-elle utiliser mon visage sans me demander?",
     "En général, non. Votre visage,", "Dans la plupart des cas, non. Votre visage,"),
])
def test_edited_answer_is_in_the_next_reply(live, lang, question, before, after):
    stack, locales = live
    sender = f"staff-{uuid.uuid4().hex[:8]}"
    first = say(stack, sender, question)
    assert first.startswith(before), first

    edit(locales / lang / "answers.yml", before, after)
    edited_at = time.monotonic()
    second = say(stack, sender, question)
    elapsed = time.monotonic() - edited_at
    assert second.startswith(after), second
    assert before not in second
    # The rest of the answer and its source link are unchanged.
    assert second.split("\n", 1)[1] == first.split("\n", 1)[1]
    print(f"\n[{lang}] edit live in the next reply, {elapsed:.2f}s after saving the file")
    assert elapsed < 5


def test_live_edits_wait_for_translation_review(live):
    _, locales = live
    found = [str(p) for p in content_check.check(locales)]
    assert any("'consent_biometrics': both the English and the French changed" in p for p in found), found
    translations.clear(locales, ["consent_biometrics"])
    assert content_check.check(locales) == []


QUESTIONS = {
    "en": ["My parrot keeps ordering pizza, email me at jane.doe@example.com",
           "my parrot keeps ordering pizza, email me at   john@example.org!"],
    "fr": ["Mon perroquet commande de la pizza, appelez-moi au 514-555-0199",
           "mon perroquet commande de la pizza, appelez-moi au 438 555 0123"],
}


def test_report_lists_real_questions_per_language_redacted(live):
    stack, _ = live
    senders = []
    for lang, texts in QUESTIONS.items():
        for text in texts:
            senders.append(f"resident-{uuid.uuid4().hex}")
            assert say(stack, senders[-1], text)
    # Threshold 1: every turn the assistant was not certain of is listed,
    # whatever the model made of these questions.
    done = subprocess.run([sys.executable, "-m", "scripts.unanswered_report", "--db", str(stack.tracker_db),
                           "--threshold", "1"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    english, french = out.split("\nEnglish: ")[1].split("\nFrench: ")
    assert "      2  My parrot keeps ordering pizza, email me at [email]" in english
    assert "      2  Mon perroquet commande de la pizza, appelez-moi au [phone]" in french
    for secret in ("jane.doe", "john@", "514-555-0199", "438 555 0123", "555"):
        assert secret not in out
    for sender in senders + ["staff-"]:
        assert sender not in out + done.stderr
