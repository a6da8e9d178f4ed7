"""The real action server and Rasa server, talked to over the REST channel."""

import json
import urllib.request
import uuid

import pytest

from assistant import language


def say(stack, sender, text, metadata=None):
    body = {"sender": sender, "message": text}
    if metadata:
        body["metadata"] = metadata
    request = urllib.request.Request(stack.rest_url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def text_of(replies):
    return "\n".join(r.get("text", "") for r in replies)


def new_sender():
    return f"test-{uuid.uuid4().hex[:12]}"


@pytest.mark.parametrize("greeting, start, question, expected", [
    ("Hello", "Hello! Bonjour!", "Can a company use my face without asking?", "consent"),
    ("Bonjour", "Bonjour! Hello!", "Une entreprise peut-elle utiliser mon visage sans me demander?",
     "consentement"),
])
def test_greeting_then_answer_with_source(stack, greeting, start, question, expected):
    sender = new_sender()
    replies = say(stack, sender, greeting)
    assert replies[0]["text"].startswith(start)
    assert replies[0].get("buttons")
    answer = text_of(say(stack, sender, question))
    assert expected in answer.lower()
    assert "https://www.priv.gc.ca/" in answer


@pytest.mark.parametrize("first, answer, office, website", [
    ("Which commissioner do I contact?", "I live in Calgary",
     "Information and Privacy Commissioner of Alberta", "https://www.oipc.ab.ca/"),
    ("À quel commissaire dois-je m'adresser?", "j'habite à Gatineau",
     "Commission d'accès à l'information du Québec", "https://www.cai.gouv.qc.ca/"),
])
def test_clarifying_question_then_routing(stack, first, answer, office, website):
    sender = new_sender()
    question = say(stack, sender, first)
    assert len(question[0]["buttons"]) == 13  # every province and territory
    routed = text_of(say(stack, sender, answer))
    assert office in routed and website in routed


@pytest.mark.parametrize("first", ["Which commissioner do I contact?",
                                   "À quel commissaire dois-je m'adresser?"])
def test_a_province_button_routes_through_the_slot_validation(stack, first):
    """The button's province reaches the answer as a slot filled by the
    validation action Rasa runs after the message (actions/actions.py)."""
    sender = new_sender()
    question = say(stack, sender, first)
    alberta = [b["payload"] for b in question[0]["buttons"] if '"AB"' in b["payload"]]
    assert alberta == ['/inform_location{"province": "AB"}']
    assert "https://www.oipc.ab.ca/" in text_of(say(stack, sender, alberta[0]))


def test_language_switch_mid_conversation(stack):
    sender = new_sender()
    say(stack, sender, "Hello")
    assert "continuons en français" in text_of(say(stack, sender, "Can we speak French?"))
    # Short messages keep the conversation's language.
    for short in ("ok", "thanks", "CAI?"):
        assert language.detect(text_of(say(stack, sender, short))) == "fr", short
    assert "continue in English" in text_of(say(stack, sender, "in English please"))
    assert language.detect(text_of(say(stack, sender, "merci"))) == "en"


def test_starting_language_from_metadata(stack):
    replies = say(stack, new_sender(), "CAI?", metadata={"language": "fr"})
    assert "Commission d'accès à l'information" in text_of(replies)
    assert "Site Web" in text_of(replies)


@pytest.mark.parametrize("lang, text, start", [
    ("en", "/nlu_fallback", "Sorry"), ("fr", "/nlu_fallback", "Désolé"),
])
def test_fallback_replies_in_the_conversation_language(stack, lang, text, start):
    replies = say(stack, new_sender(), text, metadata={"language": lang})
    assert replies[0]["text"].startswith(start)


@pytest.mark.parametrize("text", ["xq zzv blorp", "🙂🙂🙂", "?", "1234567", "<b>hi</b>"])
def test_every_message_gets_a_reply(stack, text):
    replies = say(stack, new_sender(), text)
    assert replies and all(r.get("text") for r in replies)
