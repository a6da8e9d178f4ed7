"""The Rasa actions, driven with trackers as Rasa sends them, in both languages."""

from typing import Dict, List, Optional

import pytest
import trackers
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer, ActionFallback, ActionFindOffice, ActionSwitchLanguage


def tracker(text: str, intent: str, slots: Optional[Dict] = None, entities: List[Dict] = (),
            metadata: Optional[Dict] = None) -> Tracker:
    return trackers.for_message(text, intent, {"language": None, "province": None, "org_kind": None,
                                               "pending_question": None, **(slots or {})},
                                entities, metadata)


def run(action, t: Tracker):
    """The messages sent, and the slots after the turn (the action sets only
    those that change)."""
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    slots = {**t.slots, **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
    return dispatcher.messages, slots


def test_only_slots_that_change_are_set():
    t = tracker("What is biometric information exactly?", "biometric_sensitive",
                slots={"language": "en", "role": None, "other_province": None})
    dispatcher = CollectingDispatcher()
    events = ActionAnswer().run(dispatcher, t, {})
    assert [e for e in events if e["event"] == "slot"] == []  # nothing new: no rows to write


@pytest.mark.parametrize("text, lang, expected", [
    ("Can a company use my face without asking?", "en", "consent"),
    ("Une entreprise peut-elle utiliser mon visage sans me demander?", "fr", "consentement"),
])
def test_answer_in_the_residents_language_with_source(text, lang, expected):
    messages, slots = run(ActionAnswer(), tracker(text, "consent_biometrics"))
    assert slots["language"] == lang
    assert expected in messages[0]["text"].lower()
    assert "https://" in messages[0]["text"]


@pytest.mark.parametrize("text, lang, start", [("hello", "en", "Hello! Bonjour!"),
                                               ("bonjour", "fr", "Bonjour! Hello!")])
def test_greeting_offers_both_languages(text, lang, start):
    messages, slots = run(ActionAnswer(), tracker(text, "greet"))
    assert slots["language"] == lang
    assert messages[0]["text"].startswith(start)
    assert messages[0]["buttons"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_short_message_keeps_the_conversation_language(lang):
    messages, slots = run(ActionAnswer(), tracker("ok merci", "thank", slots={"language": lang}))
    assert slots["language"] == lang


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_starting_language_from_metadata(lang):
    _, slots = run(ActionAnswer(), tracker("CAI?", "find_office", metadata={"language": lang}))
    assert slots["language"] == lang


@pytest.mark.parametrize("text, current, lang, expected", [
    ("Can we speak French?", "en", "fr", "continuons en français"),
    ("en français svp", "en", "fr", "continuons en français"),
    ("on peut continuer en anglais?", "fr", "en", "continue in English"),
    ("in English please", "fr", "en", "continue in English"),
    ("/switch_language", "en", "fr", "continuons en français"),
])
def test_switch_language(text, current, lang, expected):
    messages, slots = run(ActionSwitchLanguage(), tracker(text, "switch_language",
                                                          slots={"language": current}))
    assert slots["language"] == lang
    assert expected in messages[0]["text"]


@pytest.mark.parametrize("text, intent, lang, expected", [
    ("My husband doesn't read French well. Could you continue in English, please?", "affirm", "en",
     "continue in English"),
    ("Mon mari lit mal l'anglais. Pourriez-vous continuer en français, s'il vous plaît?", "legal_advice", "fr",
     "continuons en français"),
])
def test_a_request_for_a_language_taken_for_another_intent_still_switches(text, intent, lang, expected):
    messages, slots = run(ActionAnswer(), tracker(text, intent, slots={"language": "fr" if lang == "en" else "en"}))
    assert slots["language"] == lang
    assert expected in messages[0]["text"]


@pytest.mark.parametrize("text, current, lang, button", [
    ("Do you speak French?", "en", "en", "Continuer en français"),
    ("Which languages do you speak?", None, "en", "Continuer en français"),
    ("Parlez-vous anglais?", "fr", "fr", "Continue in English"),
    ("quelles langues tu parles?", None, "fr", "Continue in English"),
])
def test_a_question_about_languages_is_answered_in_its_own_language(text, current, lang, button):
    messages, slots = run(ActionSwitchLanguage(), tracker(text, "switch_language",
                                                          slots={"language": current}))
    assert slots["language"] == lang
    assert [b["title"] for b in messages[0]["buttons"]] == [button]


def test_switch_language_button_payload():
    t = tracker('/switch_language{"language": "fr"}', "switch_language", slots={"language": "en"},
                entities=[{"entity": "language", "value": "fr"}])
    _, slots = run(ActionSwitchLanguage(), t)
    assert slots["language"] == "fr"


@pytest.mark.parametrize("text, office_name, website", [
    ("I live in Calgary, who do I complain to?", "Alberta", "https://www.oipc.ab.ca/"),
    ("j'habite à Gatineau, à qui je m'adresse?", "Commission d'accès à l'information", "https://www.cai.gouv.qc.ca/"),
    ("I'm in Vancouver", "British Columbia", "https://www.oipc.bc.ca/"),
    ("je reste à Edmonton", "l'Alberta", "https://www.oipc.ab.ca/"),
])
def test_routes_by_city(text, office_name, website):
    messages, slots = run(ActionFindOffice(), tracker(text, "inform_location"))
    everything = "\n".join(m["text"] for m in messages)
    assert office_name in everything and website in everything
    assert slots["pending_question"] is None


@pytest.mark.parametrize("text, lang, question", [
    ("Which commissioner do I contact?", "en", "Which province or territory"),
    ("À quel commissaire dois-je m'adresser?", "fr", "Dans quelle province"),
])
def test_asks_for_the_province_when_unknown(text, lang, question):
    messages, slots = run(ActionFindOffice(), tracker(text, "find_office"))
    assert messages[0]["text"].startswith(question)
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/inform_location{"province": "BC"}'
    assert slots["pending_question"] == "province"


@pytest.mark.parametrize("lang, text, question", [
    ("en", "I live in Winnipeg", "What kind of organization"),
    ("fr", "j'habite à Moncton", "De quel genre d'organisation"),
])
def test_asks_kind_of_organization_outside_the_three_provinces(lang, text, question):
    messages, slots = run(ActionFindOffice(), tracker(text, "inform_location", slots={"language": lang}))
    assert messages[0]["text"].startswith(question)
    assert slots["province"] in ("MB", "NB") and slots["pending_question"] == "org_kind"


@pytest.mark.parametrize("lang, answer", [("en", "a store"), ("fr", "un magasin")])
def test_answer_to_the_question_completes_the_routing(lang, answer):
    t = tracker(answer, "inform_org_kind", slots={"language": lang, "province": "ON",
                                                  "pending_question": "org_kind"})
    messages, slots = run(ActionFindOffice(), t)
    assert "https://www.priv.gc.ca/" in messages[-1]["text"]
    assert slots["org_kind"] == "business" and slots["pending_question"] is None


@pytest.mark.parametrize("lang, text", [("en", "my bank is scanning my voice"),
                                        ("fr", "ma banque veut ma voix")])
def test_federally_regulated_business_goes_to_the_opc_anywhere(lang, text):
    messages, _ = run(ActionFindOffice(), tracker(text, "find_office", slots={"province": "QC",
                                                                              "language": lang}))
    assert "1-800-282-1376" in messages[-1]["text"]


@pytest.mark.parametrize("text, lang, number", [("What is the CAI's phone number?", "en", "1-888-528-7741"),
                                                ("numéro de téléphone de la CAI", "fr", "1-888-528-7741")])
def test_named_office_gets_its_card(text, lang, number):
    messages, slots = run(ActionFindOffice(), tracker(text, "find_office"))
    assert number in messages[0]["text"] and slots["language"] == lang


@pytest.mark.parametrize("text, lang, start", [("asdf qwerty zxcv", "en", "Sorry"),
                                               ("je comprends rien a ton affaire", "fr", "Désolé")])
def test_fallback_replies_with_topics_and_a_phone_line(text, lang, start):
    messages, _ = run(ActionFallback(), tracker(text, "nlu_fallback", slots={"language": lang}))
    assert messages[0]["text"].startswith(start)
    assert "1-800-282-1376" in messages[0]["text"]
    assert len(messages[0]["buttons"]) >= 3


def test_fallback_continues_a_pending_routing_question():
    t = tracker("Saskatoon", "nlu_fallback", slots={"language": "en", "pending_question": "province"})
    messages, slots = run(ActionFallback(), t)
    assert slots["province"] == "SK"
    assert messages[0]["text"].startswith("What kind of organization")


@pytest.mark.parametrize("lang, label", [("en", "Website"), ("fr", "Site Web")])
def test_fallback_on_a_bare_office_name_shows_its_card(lang, label):
    t = tracker("CAI?", "nlu_fallback", slots={"language": lang})
    messages, _ = run(ActionFallback(), t)
    assert "Commission d'accès à l'information du Québec" in messages[0]["text"]
    assert label in messages[0]["text"]


def test_unknown_intent_never_leaves_the_resident_without_a_reply():
    messages, _ = run(ActionAnswer(), tracker("something", "no_such_intent", slots={"language": "fr"}))
    assert messages and messages[0]["text"].startswith("Désolé")
