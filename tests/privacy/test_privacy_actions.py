"""The privacy side of the actions, in both languages, driven with trackers
as Rasa sends them: the notice after a redacted message, the greeting's
retention line, and the "delete my conversation" confirmation."""

from typing import Dict, List, Optional

import pytest
import trackers
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer, ActionAskErasure, ActionConfirmErasure
from privacy import events as privacy_events

SLOTS = {"language": None, "province": None, "org_kind": None, "pending_question": None,
         "conversation_erasure": None}


def user(text: str, intent: str, metadata: Optional[Dict] = None) -> Dict:
    return trackers.user_event(text, intent, metadata)


def action(name: str) -> Dict:
    return {"event": "action", "name": name}


def tracker(events: List[Dict], slots: Optional[Dict] = None) -> Tracker:
    return trackers.from_events(events, {**SLOTS, **(slots or {})})


def run(action_object, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = action_object.run(dispatcher, t, {})
    return [m["text"] for m in dispatcher.messages], dispatcher.messages, events


@pytest.mark.parametrize("text, expected", [
    ("My email is [email], can a company use my face without asking?",
     "I removed the personal details from your message (email address)"),
    ("Mon NAS est [sin] et mon téléphone [phone], une entreprise peut-elle utiliser mon visage?",
     "j'ai retiré les renseignements personnels de votre message "
     "(numéro d'assurance sociale, numéro de téléphone)"),
])
def test_after_a_redacted_message_the_resident_is_told_once(text, expected):
    redacted = {"redacted": list(privacy_events.redaction.kinds_in(text))}
    first = [action("action_listen"), user(text, "consent_biometrics", redacted)]
    texts, _, _ = run(ActionAnswer(), tracker(first))
    assert len(texts) == 2 and expected in texts[1]
    second = first + [action("action_answer"), action("action_listen"),
                      user(text, "consent_biometrics", redacted)]
    texts, _, _ = run(ActionAnswer(), tracker(second))
    assert len(texts) == 1


def test_no_notice_without_redaction():
    texts, _, _ = run(ActionAnswer(), tracker([user("Can a company use my face?", "consent_biometrics")]))
    assert len(texts) == 1


@pytest.mark.parametrize("text, expected", [
    ("hello", "This chat is kept for 30 days."),
    ("bonjour", "Cette conversation est conservée 30 jours."),
])
def test_greeting_states_the_retention_period_and_links_the_notice(text, expected, monkeypatch):
    monkeypatch.setenv("PRIVACY_NOTICE_URL", "https://privacy.example.ca/notice/{lang}")
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    texts, _, _ = run(ActionAnswer(), tracker([user(text, "greet")]))
    lang = "en" if text == "hello" else "fr"
    assert expected in texts[0]
    assert f"https://privacy.example.ca/notice/{lang}" in texts[0]
    assert "{" not in texts[0]
    monkeypatch.setenv("RETENTION_DAYS", "14")
    assert "14" in run(ActionAnswer(), tracker([user(text, "greet")]))[0][0]


@pytest.mark.parametrize("request_text, yes, no, question, done, kept", [
    ("delete my conversation", "yes", "no", "Do you want me to delete this conversation?",
     "this conversation has been deleted", "I did not delete anything"),
    ("supprimez ma conversation", "oui", "non", "Voulez-vous que je supprime cette conversation?",
     "cette conversation a été supprimée", "je n'ai rien supprimé"),
])
def test_erasure_is_confirmed_before_anything_happens(request_text, yes, no, question, done, kept):
    asked = [action("action_listen"), user(request_text, "delete_conversation")]
    texts, messages, events = run(ActionAskErasure(), tracker(asked))
    assert question in texts[0]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert not privacy_events.erasure_requested(events)

    lang = "en" if yes == "yes" else "fr"
    after_question = asked + [action("action_ask_erasure"), {"event": "slot", "name": "language",
                                                             "value": lang}, action("action_listen")]
    texts, _, events = run(ActionConfirmErasure(), tracker(after_question + [user(yes, "affirm")],
                                                           {"language": lang}))
    assert done in texts[0] and privacy_events.erasure_requested(events)

    texts, _, events = run(ActionConfirmErasure(), tracker(after_question + [user(no, "deny")],
                                                           {"language": lang}))
    assert kept in texts[0] and not privacy_events.erasure_requested(events)
    assert "30" in texts[0]


def test_a_yes_anywhere_else_erases_nothing():
    events = [action("action_listen"), user("delete my conversation", "delete_conversation"),
              action("action_ask_erasure"), action("action_listen"),
              user("what is biometric information?", "biometric_sensitive"), action("action_answer"),
              action("action_listen"), user("yes", "affirm")]
    texts, messages, returned = run(ActionConfirmErasure(), tracker(events, {"language": "en"}))
    assert not privacy_events.erasure_requested(returned)
    assert "What would you like to know" in texts[0] and messages[0]["buttons"]


def test_awaiting_confirmation_ignores_silent_actions_and_sessions():
    assert privacy_events.awaiting_erasure_confirmation(
        [action("action_ask_erasure"), {"event": "bot"}, action("action_listen"), user("yes", "affirm")])
    assert not privacy_events.awaiting_erasure_confirmation(
        [action("action_ask_erasure"), action("action_session_start"), {"event": "session_started"},
         action("action_listen"), user("yes", "affirm")])
    assert not privacy_events.awaiting_erasure_confirmation([user("yes", "affirm")])
