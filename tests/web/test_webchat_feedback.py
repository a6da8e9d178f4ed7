""""Was this helpful? Yes / No" under topic answers, in headless Chromium.

The scripted assistant (webchat_fake_rasa.py) marks its consent answer as a
topic with the project's own socket.io output channel, and stores clicks
with the project's own handler (privacy/channels.py) in a file the test
reads back: one row per click, and nothing of the conversation.
"""

import sqlite3
import stat

import pytest

from webchat_browser import Widget, wait_until

QUESTIONS = {"/": "Can a gym scan my face?", "/fr/": "Un gym peut-il scanner mon visage?"}


def stored(database):
    if not database.exists():
        return []
    with sqlite3.connect(database) as connection:
        return list(connection.execute("SELECT day, topic, language, channel, helpful FROM feedback"))


@pytest.mark.parametrize(
    "path, lang, choice, question, thanks, helpful",
    [
        ("/", "en", "Yes", "Was this helpful?", "Thank you for your feedback.", 1),
        ("/fr/", "fr", "Non", "Cette réponse vous a-t-elle été utile?", "Merci de votre avis.", 0),
    ],
)
def test_feedback_is_asked_under_answers_and_stored_without_the_conversation(
    fake_site, fake_feedback_db, driver, path, lang, choice, question, thanks, helpful
):
    widget = Widget(driver, fake_site.base_url).load(path)
    widget.open()
    widget.wait_for_bot_messages(1)
    # Not under the greeting.
    assert widget.find_all(".bpw-feedback") == []
    widget.ask(QUESTIONS[path])
    box = wait_until(lambda: widget.find(".bpw-msg--bot:last-child .bpw-feedback"), 10, message="the feedback row")
    group = widget.find(".bpw-feedback__buttons")
    assert group.get_attribute("role") == "group"
    assert group.get_attribute("aria-label") == question
    buttons = widget.find_all(".bpw-feedback button")
    assert [b.get_attribute("type") for b in buttons] == ["button", "button"]
    violations = widget.run_axe()
    assert violations == [], widget.describe(violations)

    before = len(stored(fake_feedback_db))
    next(b for b in buttons if b.text == choice).click()
    wait_until(lambda: len(stored(fake_feedback_db)) == before + 1, 10, message="the stored feedback")

    # The buttons are replaced by the thanks, which has the focus and is announced.
    assert widget.find_all(".bpw-feedback button") == []
    assert box.text == thanks
    assert widget.active_element_class() == "bpw-feedback__thanks"
    assert widget.find(".bpw-status").text == thanks
    violations = widget.run_axe()
    assert violations == [], widget.describe(violations)

    day, topic, language, channel, was_helpful = stored(fake_feedback_db)[-1]
    assert (topic, language, channel, was_helpful) == ("consent_biometrics", lang, "socketio", helpful)
    assert len(day) == 10  # the day only
    # Nothing the resident or the assistant said, nor the conversation id.
    raw = fake_feedback_db.read_bytes()
    session_id = widget.stored_state()["sessionId"]
    for words in (QUESTIONS[path], "gym", "visage", "face", "express consent", "consentement explicite", session_id):
        assert words.encode("utf-8") not in raw
    assert stat.S_IMODE(fake_feedback_db.stat().st_mode) == 0o600

    # After a reload the thanks stays; the buttons do not come back.
    widget.load(path)  # the panel reopens by itself
    wait_until(lambda: widget.find(".bpw-feedback__thanks"), 10, message="the thanks after a reload")
    assert widget.find_all(".bpw-feedback button") == []
