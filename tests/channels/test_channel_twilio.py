"""SMS and WhatsApp through Twilio, end to end: real Twilio webhook forms in
(signed as Twilio signs them), Messages API calls out (to the fake)."""

import pytest
from conftest import LONG_ANSWER, QUEBEC, TWILIO_NUMBER, TWILIO_WEBHOOK, TWILIO_WHATSAPP, assert_split, new_id

from assistant import language
from assistant.catalog import Catalog
from channels.formatting import LIMITS, numbered_options, with_numbered_options

HINT = {"en": "Reply with the number of your choice", "fr": "Répondez avec le numéro de votre choix"}


def phone() -> str:
    return "+1514" + new_id()[-7:]


def bodies(channel_stack, resident, start=0):
    return [m["Body"] for m in channel_stack.platforms.twilio.sent(resident)[start:]]


@pytest.mark.parametrize("lang, question", [
    ("en", "Which commissioner do I contact?"),
    ("fr", "À quel commissaire dois-je m'adresser?"),
])
def test_options_numbered_and_picked_by_number(channel_stack, lang, question):
    resident = phone()
    status, _ = channel_stack.twilio(resident, question)
    assert status == 204
    [asked] = channel_stack.platforms.twilio.sent(resident)
    web = channel_stack.web_reply(question)
    assert asked["From"] == TWILIO_NUMBER
    assert asked["Body"].startswith(web["text"])
    assert numbered_options([b["title"] for b in web["buttons"]]) in asked["Body"]
    assert HINT[lang] in asked["Body"]

    channel_stack.twilio(resident, str(QUEBEC + 1))
    routed = "\n".join(bodies(channel_stack, resident, 1))
    assert "Commission d'accès à l'information du Québec" in routed
    assert "https://www.cai.gouv.qc.ca/" in routed
    assert language.detect(routed) == lang


def test_a_number_with_no_options_offered_is_an_ordinary_message(channel_stack):
    resident = phone()
    channel_stack.twilio(resident, "Which commissioner do I contact?")
    channel_stack.twilio(resident, "I live in Calgary")
    channel_stack.twilio(resident, "2")  # the last reply offered nothing
    last = bodies(channel_stack, resident)[-1]
    assert "Information and Privacy Commissioner of Alberta" not in last


@pytest.mark.parametrize("lang, greeting", [("en", "Hello"), ("fr", "Bonjour")])
def test_whatsapp_long_answer_split_under_the_limit(channel_stack, lang, greeting):
    resident = "whatsapp:" + phone()
    channel_stack.twilio(resident, greeting, to=TWILIO_WHATSAPP)
    [topics] = channel_stack.platforms.twilio.sent(resident)
    assert topics["From"] == TWILIO_WHATSAPP
    web_topics = channel_stack.web_reply("/greet", lang)
    titles = [b["title"] for b in web_topics["buttons"]]
    assert numbered_options(titles) in topics["Body"]
    # The third topic: made longer than any platform's limit for this test.
    assert web_topics["buttons"][2]["payload"] == f"/{LONG_ANSWER}"
    channel_stack.twilio(resident, "3", to=TWILIO_WHATSAPP)
    *parts, asked = bodies(channel_stack, resident, 1)
    web = channel_stack.web_reply(f"/{LONG_ANSWER}", lang)
    # Its own option comes last, numbered, with the hint.
    hint = Catalog(channel_stack.stack.env["LOCALES_DIR"]).message(lang, "choose_by_number")
    # Then "Was this helpful?", numbered after that option.
    assert asked.splitlines()[2] == f"{len(web['buttons']) + 1}. " + {"en": "Yes", "fr": "Oui"}[lang]
    assert_split(parts, with_numbered_options(web["text"], web["buttons"], hint), LIMITS["twilio"])
    assert parts[-1].endswith(numbered_options([b["title"] for b in web["buttons"]]) + "\n\n" + hint)
    assert language.detect(" ".join(parts)) == lang


@pytest.mark.parametrize("tampering", [
    {"sign": False},
    {"token": "not-the-auth-token"},
    {"signed_url": "https://elsewhere.example.org/webhooks/twilio/webhook"},
    {"tamper": {"Body": "Something else"}},
    {"tamper": {"From": "+15145559999"}},
])
def test_requests_not_signed_by_twilio_are_rejected(channel_stack, tampering):
    resident = phone()
    status, _ = channel_stack.twilio(resident, "Hello", **tampering)
    assert status == 403
    assert channel_stack.platforms.twilio.sent(resident) == []
    assert channel_stack.platforms.twilio.sent("+15145559999") == []


def test_signature_covers_the_public_webhook_url(channel_stack):
    # The request reaches the server at a loopback address, yet is signed for
    # the public URL configured in Twilio (TWILIO_WEBHOOK_URL): accepted.
    assert not channel_stack.url("twilio").startswith(TWILIO_WEBHOOK)
    resident = phone()
    assert channel_stack.twilio(resident, "Hello")[0] == 204
    assert bodies(channel_stack, resident)
