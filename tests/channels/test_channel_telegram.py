"""Telegram, end to end: real Bot API updates in, Bot API calls out (to the fake).

The website's reply to the same message (REST channel) is the reference for
the words; these tests check how Telegram receives them.
"""

import urllib.error
import urllib.request

import pytest
from conftest import LONG_ANSWER, TELEGRAM_SECRET, assert_split, new_id

from assistant import language
from channels.formatting import LIMITS


def keyboard(message):
    rows = message["reply_markup"]["inline_keyboard"]
    return [[(b["text"], b["callback_data"]) for b in row] for row in rows]


def test_webhook_registered_at_start_with_the_secret_token(channel_stack):
    calls = channel_stack.platforms.telegram.calls_to("setWebhook")
    assert calls, "the webhook was not registered"
    assert calls[0].form["url"] == "https://assistant.example.org/webhooks/telegram/webhook"
    assert calls[0].form["secret_token"] == TELEGRAM_SECRET


@pytest.mark.parametrize("lang, first_words", [("en", "Hello! Bonjour!"), ("fr", "Bonjour! Hello!")])
def test_start_greets_in_the_app_language_with_inline_buttons(channel_stack, lang, first_words):
    chat = int(new_id())
    status, _ = channel_stack.telegram(chat, "/start", language_code=lang)
    assert status == 200
    [greeting] = channel_stack.platforms.telegram.sent(chat)
    # "/start" says nothing of a language: the app's language decides.
    expected = channel_stack.web_reply("/greet", lang)
    assert greeting["text"].startswith(first_words)
    assert greeting["text"] == expected["text"]
    # One button a row, so long titles stay readable.
    assert keyboard(greeting) == [[(b["title"], b["payload"])] for b in expected["buttons"]]
    assert len(keyboard(greeting)) == 4


@pytest.mark.parametrize("lang, question, topic", [
    ("en", "Can a company use my face without asking?", "consent"),
    ("fr", "Une entreprise peut-elle utiliser mon visage sans me demander?", "consentement"),
])
def test_question_answered_in_one_message_with_its_source(channel_stack, lang, question, topic):
    chat = int(new_id())
    # The resident's own words decide over the app's language.
    channel_stack.telegram(chat, question, language_code=language.other(lang))
    # The answer, then "Was this helpful?" (test_channel_feedback.py).
    reply, offer = channel_stack.platforms.telegram.sent(chat)
    assert offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("fb:y:")
    assert reply["text"] == channel_stack.web_reply(question)["text"]
    assert topic in reply["text"].lower() and "https://www.priv.gc.ca/" in reply["text"]
    assert language.detect(reply["text"]) == lang
    assert reply["form"]["disable_web_page_preview"].lower() in ("true", "1")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_button_press_is_acknowledged_and_long_answer_split(channel_stack, lang):
    chat, query = int(new_id()), new_id("q")
    status, _ = channel_stack.telegram_button(chat, f"/{LONG_ANSWER}", language_code=lang,
                                              query_id=query)
    assert status == 200
    *parts, offer = [m["text"] for m in channel_stack.platforms.telegram.sent(chat)]
    assert offer == {"en": "Was this helpful?", "fr": "Cette réponse vous a-t-elle été utile?"}[lang]
    whole = channel_stack.web_reply(f"/{LONG_ANSWER}", lang)["text"]
    assert_split(parts, whole, LIMITS["telegram"])
    assert language.detect(" ".join(parts)) == lang
    acknowledged = channel_stack.platforms.telegram.calls_to("answerCallbackQuery")
    assert any(call.form.get("callback_query_id") == query for call in acknowledged)


@pytest.mark.parametrize("secret", [None, "wrong-secret", ""])
def test_requests_without_the_secret_token_are_rejected(channel_stack, secret):
    chat = int(new_id())
    status, _ = channel_stack.telegram(chat, "Hello", secret=secret)
    assert status == 403
    assert channel_stack.platforms.telegram.sent(chat) == []



@pytest.mark.parametrize("method", ["GET", "POST"])
def test_webhook_cannot_be_re_registered_from_outside(channel_stack, method):
    before = len(channel_stack.platforms.telegram.calls_to("setWebhook"))
    url = channel_stack.url("telegram").rsplit("/", 1)[0] + "/set_webhook"
    request = urllib.request.Request(url, data=b"" if method == "POST" else None, method=method)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 404
    assert len(channel_stack.platforms.telegram.calls_to("setWebhook")) == before
