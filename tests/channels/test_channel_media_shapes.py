"""Which platform requests hold media or a location instead of words
(`media_kind_with_text_blanked` of each channel), without a server; test_channel_media.py
checks the replies end to end."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from sanic.request import RequestParameters
from stack import ROOT
from test_channel_base import Channel, RecordingReplies, conversation_store

from channels.botframework import TeamsChannel
from channels.facebook import FacebookChannel
from channels.slack import SlackChannel
from channels.telegram import TelegramChannel
from channels.twilio import TwilioChannel
from privacy.guard import note_inbound
from privacy.limits import LOCATION, MEDIA


def json_request(body, content_type="application/json"):
    return SimpleNamespace(json=body, headers={"content-type": content_type})


def form_request(**fields):
    return SimpleNamespace(form=RequestParameters({k: [v] for k, v in fields.items()}))


# ----- Telegram ---------------------------------------------------------------------------

def telegram(**message):
    return json_request({"update_id": 1, "message": {"message_id": 1, "chat": {"id": 7}, **message}})


@pytest.mark.parametrize("message, kind", [
    ({"text": "Bonjour"}, None),
    ({"photo": [{"file_id": "A"}], "caption": "me"}, MEDIA),
    ({"voice": {"file_id": "B"}}, MEDIA),
    ({"sticker": {"file_id": "C"}}, MEDIA),
    ({"contact": {"phone_number": "+15145550123"}}, MEDIA),
    ({"location": {"latitude": 45.5, "longitude": -73.6}}, LOCATION),
    ({"venue": {"location": {"latitude": 45.5, "longitude": -73.6}, "title": "Café"}}, LOCATION),
    ({"new_chat_members": [{"id": 8}]}, None),  # a service message: still ignored
])
def test_telegram(message, kind):
    request = telegram(**message)
    assert TelegramChannel.media_kind_with_text_blanked(None, request) == kind
    # What Rasa's connector then reads: empty text, never coordinates.
    assert request.json["message"].get("text") == ("" if kind else message.get("text"))


def test_telegram_button_presses_are_not_media():
    request = json_request({"update_id": 1, "callback_query": {"id": "q", "data": "/affirm"}})
    assert TelegramChannel.media_kind_with_text_blanked(None, request) is None


# ----- Twilio -----------------------------------------------------------------------------

@pytest.mark.parametrize("fields, kind", [
    ({"Body": "Hello", "NumMedia": "0"}, None),
    ({"Body": "Hello", "NumMedia": "1", "MediaUrl0": "https://api.twilio.com/m"}, None),
    ({"NumMedia": "2", "MediaUrl0": "https://api.twilio.com/m"}, MEDIA),
    ({"Body": "   ", "NumMedia": "1"}, MEDIA),
    ({"NumMedia": "many"}, None),
    ({"Latitude": "45.5", "Longitude": "-73.6"}, LOCATION),
    ({"Body": "here", "Latitude": "45.5", "Longitude": "-73.6"}, LOCATION),
])
def test_twilio(fields, kind):
    request = form_request(**fields)
    assert TwilioChannel.media_kind_with_text_blanked(None, request) == kind
    if kind == MEDIA:  # Sanic drops empty fields; Rasa's connector needs a Body
        assert request.form.get("Body") is not None


# ----- Messenger --------------------------------------------------------------------------

def messenger(*messages):
    return json_request({"object": "page", "entry": [{"id": "1", "messaging": [
        {"sender": {"id": "9"}, "message": {"mid": f"m{n}", **m}} for n, m in enumerate(messages)]}]})


def test_messenger_picture_becomes_an_empty_message_without_its_address():
    request = messenger({"attachments": [{"type": "image", "payload": {"url": "https://cdn/p.jpg"}}]})
    assert FacebookChannel.media_kind_with_text_blanked(None, request) == MEDIA
    assert request.json["entry"][0]["messaging"][0]["message"] == {"mid": "m0", "text": ""}


def test_messenger_location():
    request = messenger({"attachments": [{"type": "location",
                                          "payload": {"coordinates": {"lat": 45.5, "long": -73.6}}}]})
    assert FacebookChannel.media_kind_with_text_blanked(None, request) == LOCATION
    assert "coordinates" not in str(request.json)


def test_messenger_words_in_the_same_batch_are_answered_and_the_media_left_out():
    request = messenger({"text": "Bonjour"},
                        {"attachments": [{"type": "file", "payload": {"url": "https://cdn/f.pdf"}}]})
    assert FacebookChannel.media_kind_with_text_blanked(None, request) is None
    assert [e["message"] for e in request.json["entry"][0]["messaging"]] == [
        {"mid": "m0", "text": "Bonjour"}]


@pytest.mark.parametrize("message", [
    {"text": "Hello"},
    {"text": "Hello", "attachments": [{"type": "fallback", "payload": {"url": "https://a.ca"}}]},
    {"is_echo": True, "attachments": [{"type": "image", "payload": {"url": "https://cdn/p.jpg"}}]},
])
def test_messenger_messages_with_words_or_echoes(message):
    assert FacebookChannel.media_kind_with_text_blanked(None, messenger(message)) is None


# ----- Slack ------------------------------------------------------------------------------

def slack_event(**event):
    return json_request({"type": "event_callback", "event": {"type": "message", "user": "U1", **event}})


@pytest.mark.parametrize("event, kind", [
    ({"text": "Bonjour"}, None),
    ({"text": "", "subtype": "file_share", "files": [{"id": "F1"}]}, MEDIA),
    ({"text": "", "files": [{"id": "F1"}]}, MEDIA),
    ({"text": "see this", "files": [{"id": "F1"}]}, None),
    ({"text": "", "bot_id": "B1", "files": [{"id": "F1"}]}, None),  # the assistant's own
])
def test_slack(event, kind):
    request = slack_event(**event)
    assert SlackChannel.media_kind_with_text_blanked(None, request) == kind
    if kind:  # Rasa's connector drops a message without text
        assert request.json["event"]["text"].strip() == "" and request.json["event"]["text"]


def test_slack_button_presses_are_not_media():
    request = json_request(None, content_type="application/x-www-form-urlencoded")
    assert SlackChannel.media_kind_with_text_blanked(None, request) is None


# ----- Teams ------------------------------------------------------------------------------

@pytest.mark.parametrize("activity, kind", [
    ({"type": "message", "text": "Bonjour"}, None),
    ({"type": "message", "text": "", "attachments": [{"contentType": "image/*"}]}, MEDIA),
    ({"type": "message", "attachments": [{"contentType": "image/*"}]}, MEDIA),
    ({"type": "message", "text": "<at>Privacy assistant</at> ",
      "attachments": [{"contentType": "text/html"}]}, MEDIA),
    ({"type": "message", "text": "look", "attachments": [{"contentType": "image/*"}]}, None),
    ({"type": "conversationUpdate", "attachments": [{"contentType": "image/*"}]}, None),
])
def test_teams(activity, kind):
    assert TeamsChannel.media_kind_with_text_blanked(TeamsChannel.__new__(TeamsChannel), json_request(activity)) == kind


# ----- the reply's language ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_media_is_answered_in_the_conversations_language_over_the_platforms(lang):
    channel = Channel()
    channel._app = conversation_store(("test:fr-resident", [UserUttered("hi"), SlotSet("language", lang)]),
                                      domain=Domain.load(ROOT / "domain.yml"))
    received = UserMessage("", RecordingReplies(), "fr-resident")  # platform language: French

    async def media_arrives():
        note_inbound(problem=MEDIA)
        await channel.adapt(received)

    asyncio.run(media_arrives())
    assert received.metadata["language"] == lang


# ----- Teams: the assistant installed in a personal chat -------------------------------------

def teams_update(conversation_type="personal", added=("28:assistant",)):
    return json_request({"type": "conversationUpdate", "from": {"id": "29:resident"},
                         "recipient": {"id": "28:assistant"},
                         "conversation": {"id": "a:1", "conversationType": conversation_type},
                         "membersAdded": [{"id": member} for member in added]})


@pytest.mark.parametrize("request_, greeted", [
    (teams_update(), True),
    (teams_update(added=("29:resident", "28:assistant")), True),
    (teams_update(added=("29:someone-else",)), False),   # a person joined, not the assistant
    (teams_update(conversation_type="channel"), False),  # added to a team: nobody to greet
    (teams_update(added=()), False),
])
def test_teams_install_becomes_a_greeting(request_, greeted):
    TeamsChannel.arrival_as_greeting(None, request_)
    activity = request_.json
    assert (activity["type"], activity.get("text")) == (
        ("message", "/greet") if greeted else ("conversationUpdate", None))
