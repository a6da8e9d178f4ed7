"""Pictures, voice messages, files and locations instead of words, on every
messaging app: the resident is told, in their language, that the assistant
did not open or keep it, and nothing of it reaches the conversation database."""

import pytest
from conftest import TWILIO_WHATSAPP, new_id
from on_disk import database_bytes
from test_channel_teams import html_to_text

from assistant.catalog import Catalog

LOCALES = {"en": "en-US", "fr": "fr-CA"}
# Coordinates nobody else in the session sends: they must not be stored.
LATITUDE, LONGITUDE = "45.5017123", "-73.5672987"


def expected(channel_stack, lang: str, key: str) -> str:
    return Catalog(channel_stack.stack.env["LOCALES_DIR"]).message(lang, key)


def stored(channel_stack) -> bytes:
    return database_bytes(channel_stack.stack.tracker_db)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_telegram_photo_is_not_opened(channel_stack, lang):
    chat = int(new_id())
    file_id = f"AgACAgQAAx{new_id()}"
    photo = [{"file_id": file_id, "file_unique_id": "AQAD" + new_id(), "width": 90, "height": 90}]
    status, _ = channel_stack.telegram_message(chat, {"photo": photo, "caption": "me"},
                                               language_code=lang)
    assert status == 200
    [reply] = channel_stack.platforms.telegram.sent(chat)
    assert reply["text"] == expected(channel_stack, lang, "input_media")
    assert file_id.encode() not in stored(channel_stack)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_telegram_location_is_not_kept(channel_stack, lang):
    chat = int(new_id())
    channel_stack.telegram(chat, {"en": "Hello", "fr": "Bonjour"}[lang], language_code=lang)
    location = {"latitude": float(LATITUDE), "longitude": float(LONGITUDE)}
    channel_stack.telegram_message(chat, {"location": location}, language_code=lang)
    replies = channel_stack.platforms.telegram.sent(chat)
    assert replies[-1]["text"] == expected(channel_stack, lang, "input_location")
    raw = stored(channel_stack)
    assert LATITUDE.encode() not in raw and LONGITUDE.encode() not in raw
    # What the reply suggests saying instead works.
    channel_stack.telegram(chat, {"en": "I live in Alberta", "fr": "J'habite en Alberta"}[lang],
                           language_code=lang)
    assert "Alberta" in channel_stack.platforms.telegram.sent(chat)[-1]["text"]


@pytest.mark.parametrize("lang, greeting", [("en", "Hello"), ("fr", "Bonjour")])
def test_sms_picture_without_words_in_the_language_of_the_conversation(channel_stack, lang,
                                                                        greeting):
    resident = "+1514" + new_id()[-7:]
    channel_stack.twilio(resident, greeting)
    media_url = f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM{new_id()}/Media/ME1"
    status, _ = channel_stack.twilio(resident, "", fields={
        "NumMedia": "1", "MediaUrl0": media_url, "MediaContentType0": "image/jpeg"})
    assert status == 204
    last = channel_stack.platforms.twilio.sent(resident)[-1]["Body"]
    assert last == expected(channel_stack, lang, "input_media")
    assert media_url.encode() not in stored(channel_stack)


def test_sms_words_with_a_picture_are_answered_and_the_picture_ignored(channel_stack):
    resident = "+1438" + new_id()[-7:]
    media_url = f"https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM{new_id()}/Media/ME1"
    channel_stack.twilio(resident, "Hello", fields={"NumMedia": "1", "MediaUrl0": media_url})
    [reply] = channel_stack.platforms.twilio.sent(resident)
    assert reply["Body"].startswith(channel_stack.web_reply("Hello")["text"])
    assert media_url.encode() not in stored(channel_stack)


@pytest.mark.parametrize("lang, greeting", [("en", "Hello"), ("fr", "Bonjour")])
def test_whatsapp_location_is_not_kept(channel_stack, lang, greeting):
    resident = "whatsapp:+1418" + new_id()[-7:]
    channel_stack.twilio(resident, greeting, to=TWILIO_WHATSAPP)
    channel_stack.twilio(resident, "", to=TWILIO_WHATSAPP, fields={
        "Latitude": LATITUDE, "Longitude": LONGITUDE, "MessageType": "location"})
    last = channel_stack.platforms.twilio.sent(resident)[-1]["Body"]
    assert last == expected(channel_stack, lang, "input_location")
    raw = stored(channel_stack)
    assert LATITUDE.encode() not in raw and LONGITUDE.encode() not in raw


@pytest.mark.parametrize("lang, locale", [("en", "en_CA"), ("fr", "fr_CA")])
@pytest.mark.parametrize("attachment, key", [
    ("image", "input_media"), ("audio", "input_media"), ("location", "input_location")])
def test_messenger_attachment_without_words(channel_stack, lang, locale, attachment, key):
    psid = new_id("72")
    channel_stack.platforms.messenger.locales[psid] = locale
    url = f"https://scontent.example.net/v/{new_id()}.jpg"
    payload = ({"coordinates": {"lat": float(LATITUDE), "long": float(LONGITUDE)}}
               if attachment == "location" else {"url": url})
    status, _ = channel_stack.messenger_event(
        psid, message={"attachments": [{"type": attachment, "payload": payload}]})
    assert status == 200
    [reply] = channel_stack.platforms.messenger.sent(psid)
    assert reply["text"] == expected(channel_stack, lang, key)
    raw = stored(channel_stack)
    assert url.encode() not in raw and LATITUDE.encode() not in raw


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_slack_file_without_words(channel_stack, lang):
    user, channel = "U" + new_id(), "D" + new_id()
    channel_stack.platforms.slack.locales[user] = LOCALES[lang]
    file_id = "F" + new_id()
    body = channel_stack.slack_dm_body(user, channel, "", subtype="file_share", files=[
        {"id": file_id, "name": "passport.jpg", "mimetype": "image/jpeg",
         "url_private": f"https://files.slack.com/files-pri/T0TEAM001-{file_id}/passport.jpg"}])
    status, _ = channel_stack.slack_signed(body, "application/json")
    assert status == 200
    [reply] = channel_stack.platforms.slack.wait_for_messages(channel)
    assert html_to_text(reply["text"]) == expected(channel_stack, lang, "input_media")
    assert file_id.encode() not in stored(channel_stack)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_teams_picture_without_words(channel_stack, lang):
    user, conversation = f"29:1{new_id()}", f"a:1{new_id()}"
    picture = f"https://smba.trafficmanager.net/amer/v3/attachments/{new_id()}/views/original"
    activity = channel_stack.teams_activity(user, conversation, "", LOCALES[lang])
    activity["attachments"] = [{"contentType": "image/*", "contentUrl": picture}]
    status, _ = channel_stack.teams(user, conversation, "", activity=activity)
    assert status in (200, 201)
    [reply] = channel_stack.platforms.teams.wait_for_messages(user)
    assert html_to_text(reply["text"]) == expected(channel_stack, lang, "input_media")
    assert picture.encode() not in stored(channel_stack)
