"""Conversations across the messaging channels: switching language on one
channel, and two residents on two channels at the same time."""

import sqlite3
import threading

import pytest
from conftest import QUEBEC, new_id

from assistant import language


@pytest.mark.parametrize("app_language", ["en", "fr"])
def test_switching_language_mid_conversation_on_telegram(channel_stack, app_language):
    chat = int(new_id())
    telegram = channel_stack.platforms.telegram

    def say(text):
        before = len(telegram.sent(chat))
        assert channel_stack.telegram(chat, text, language_code=app_language)[0] == 200
        return "\n".join(m["text"] for m in telegram.sent(chat)[before:])

    first = say("Can a company use my face without asking?")
    assert language.detect(first) == "en"
    assert "continuons en français" in say("Can we speak French?")
    # Short messages keep the conversation's language, whatever the app's.
    for short in ("ok", "thanks", "CAI?"):
        assert language.detect(say(short)) == "fr", short
    assert "continue in English" in say("in English please")
    assert language.detect(say("merci")) == "en"


def test_two_residents_on_two_channels_at_once(channel_stack):
    """An English resident on Telegram and a French one on SMS, turn for turn
    at the same moment: each gets their own conversation, language and office."""
    chat, phone = int(new_id()), "+1418" + new_id()[-7:]
    telegram, twilio = channel_stack.platforms.telegram, channel_stack.platforms.twilio
    errors = []
    # Each resident's second message waits for both first ones: turn for turn.
    turn = threading.Barrier(2, timeout=120)

    def on_telegram():
        try:
            channel_stack.telegram(chat, "Which commissioner do I contact?", language_code="en")
            turn.wait()
            [asked] = telegram.sent(chat)
            alberta = asked["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
            channel_stack.telegram_button(chat, alberta, language_code="en")
        except Exception as error:  # reported below, from the test's thread
            errors.append(error)

    def on_sms():
        try:
            channel_stack.twilio(phone, "À quel commissaire dois-je m'adresser?")
            turn.wait()
            channel_stack.twilio(phone, str(QUEBEC + 1))
        except Exception as error:
            errors.append(error)

    conversations_before = stored_conversations(channel_stack)
    threads = [threading.Thread(target=on_telegram), threading.Thread(target=on_sms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors

    on_telegram_text = "\n".join(m["text"] for m in telegram.sent(chat)[1:])
    on_sms_text = "\n".join(m["Body"] for m in twilio.sent(phone)[1:])
    assert "Information and Privacy Commissioner of Alberta" in on_telegram_text
    assert "Commission d'accès à l'information du Québec" not in on_telegram_text
    assert language.detect(on_telegram_text) == "en"
    assert "Commission d'accès à l'information du Québec" in on_sms_text
    assert "Alberta" not in on_sms_text
    assert language.detect(on_sms_text) == "fr"

    # Two new conversations; the phone number is not stored as such (the
    # privacy guard files phone-like ids under a pseudonym).
    new = stored_conversations(channel_stack) - conversations_before
    assert len(new) == 2
    assert f"telegram:{chat}" in new or all(c.startswith("anon-") for c in new)
    assert not any(phone in c for c in new)


def stored_conversations(channel_stack):
    with sqlite3.connect(channel_stack.stack.tracker_db) as db:
        return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
