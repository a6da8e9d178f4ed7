"""The plain rules behind the safeguards (resilience/replies.py), in both languages."""

import pytest

from assistant.catalog import Catalog
from privacy import redaction
from privacy.tracker_store import redact_event
from resilience import replies

CATALOG = Catalog()


@pytest.mark.parametrize("lang, start", [
    ("en", "Sorry, the service is having technical trouble"),
    ("fr", "Désolé, le service éprouve des difficultés techniques"),
])
def test_trouble_message_in_each_language_gives_the_phone_number(lang, start):
    (text,) = replies.trouble_texts(CATALOG, [lang])
    assert text.startswith(start)
    assert "1-800-282-1376" in text


@pytest.mark.parametrize("text, current, metadata, expected", [
    ("ok", "fr", None, ["fr"]),                      # the conversation's language wins
    ("ok", "en", {"language": "fr"}, ["en"]),
    ("Can a company use my face without asking?", None, None, ["en"]),
    ("Une entreprise peut-elle utiliser mon visage?", None, None, ["fr"]),
    ("ok", None, {"language": "fr-CA"}, ["fr"]),     # what the website said
    ("merci", None, None, ["fr"]),                   # unmistakable short words
    ("ok", None, None, ["en", "fr"]),                # nothing tells: both
    ("", None, None, ["en", "fr"]),
    (None, None, "not a dict", ["en", "fr"]),
])
def test_trouble_languages(text, current, metadata, expected):
    assert replies.trouble_languages(text, current, metadata) == expected


@pytest.mark.parametrize("raw, cleaned", [
    (None, ""),
    (123, "123"),
    ("  hello  ", "hello"),
    ("abc\x00def\x1b[0m", "abc def [0m"),
    ("line one\nline two\ttab", "line one\nline two\ttab"),
    ("donne\u0301e", "donnée"),                      # decomposed accent composed
    ("\ud800 lone", "lone"),
])
def test_clean_text(raw, cleaned):
    assert replies.clean_text(raw) == cleaned


def test_clean_text_cuts_long_messages_unless_turned_off():
    assert len(replies.clean_text("a" * 5000, limit=2000)) == 2000
    assert len(replies.clean_text("a" * 5000, limit=0)) == 5000


@pytest.mark.parametrize("value, expected", [
    ("3f2a-11", "3f2a-11"), ("a" * 100, "a" * 100), ("a" * 101, None),
    ("", None), ("has space", None), ("me@example.com", None), (42, None), (None, None),
])
def test_message_ids_are_opaque_tokens(value, expected):
    assert replies.valid_message_id(value) == expected
    assert replies.message_id_of({"message_id": value}) == expected
    assert replies.message_id_of("not a dict") is None


EVENTS = [
    {"event": "action", "name": "action_listen"},
    {"event": "user", "text": "hello", "metadata": {"message_key": replies.message_key("m1")}},
    {"event": "bot", "text": "Hello! Bonjour!", "data": {"buttons": [{"title": "a", "payload": "/a"}]},
     "metadata": {}},
    {"event": "slot", "name": "language", "value": "en"},
    {"event": "user", "text": "how do I complain?", "metadata": {"message_key": replies.message_key("m2")}},
    {"event": "bot", "text": "Part one", "data": {}, "metadata": {}},
    {"event": "bot", "text": "Part two", "data": {}, "metadata": {}},
    {"event": "user", "text": "thanks", "metadata": {}},
    {"event": "bot", "text": "You're welcome", "data": {}, "metadata": {}},
]


def test_earlier_replies_of_an_answered_message():
    first = replies.earlier_replies(EVENTS, replies.message_key("m1"))
    assert [e["text"] for e in first] == ["Hello! Bonjour!"]
    assert replies.bot_message(first[0]) == {"text": "Hello! Bonjour!",
                                             "buttons": [{"title": "a", "payload": "/a"}]}
    assert [e["text"] for e in replies.earlier_replies(EVENTS, replies.message_key("m2"))] == [
        "Part one", "Part two"]


def test_a_new_message_has_no_earlier_replies():
    assert replies.earlier_replies(EVENTS, replies.message_key("m3")) is None
    assert replies.earlier_replies([], replies.message_key("m1")) is None


@pytest.mark.parametrize("message_id", [
    "4877678090ce4e33ba88e7eb9d6b8b00",  # would be redacted as a phone number
    "773944365693436485a7c4585a2ffe68",  # ... as a card number
    "ef2307565cd44bcbb822662813ed57b1",  # ... as a social insurance number
])
def test_a_message_key_is_stored_as_it_is(message_id):
    assert redaction.redact(message_id).text != message_id
    key = replies.message_key(message_id)
    stored = redact_event({"event": "user", "text": "hi", "metadata": {"message_key": key}})
    assert replies.earlier_replies([stored, {"event": "bot", "text": "Hello"}], key) == [
        {"event": "bot", "text": "Hello"}]
    assert key != replies.message_key(message_id + "x") and key.isalpha()


def test_a_retry_key_reused_for_another_question_is_a_new_message():
    events = [
        {"event": "user", "text": "hello", "metadata": {"message_key": replies.message_key("m1", "hello")}},
        {"event": "bot", "text": "Hello! How can I help?"},
    ]
    assert replies.earlier_replies(events, replies.message_key("m1", "hello")) is not None  # a retry
    assert replies.earlier_replies(events, replies.message_key("m1", "how do I complain?")) is None
