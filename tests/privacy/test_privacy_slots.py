"""Slots hold only values the assistant knows: a typed button payload such as
/inform_location{"province": "<anything>"} reaches the actions (the guard is
only the first check), and the slot validation action Rasa runs after every
message is the one that refuses it. In both languages."""

import asyncio
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFindOffice, ValidateSlots

ROOT = Path(__file__).resolve().parents[2]
SLOTS = {"language": None, "province": None, "org_kind": None, "role": None,
         "other_province": None, "pending_question": None, "conversation_erasure": None}
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def user(text: str, intent: str, entities: Dict[str, Any], lang: str) -> Dict[str, Any]:
    return {"event": "user", "text": text, "metadata": {"language": lang},
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 1.0},
                           "entities": [{"entity": name, "value": value}
                                        for name, value in entities.items()]}}


def slot(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def tracker(events: List[Dict[str, Any]]) -> Tracker:
    """The tracker Rasa sends: slots as its events left them."""
    slots = dict(SLOTS)
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker("resident", slots, latest["parse_data"], events, False, None, {},
                   "action_listen")


def validated(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The events of Rasa's slot extraction step: what the validation action returns."""
    return asyncio.run(ValidateSlots().run(CollectingDispatcher(), tracker(events), DOMAIN))


def slots_set(events: List[Dict[str, Any]]) -> List[tuple]:
    return [(e["name"], e["value"]) for e in validated(events)]


def turn(history: List[Dict[str, Any]], message: Dict[str, Any]):
    """One turn as Rasa runs it: the validation action, then the routing
    action on the tracker the validation left. The replies and the slots after."""
    events = history + [message]
    events += validated(events)
    dispatcher = CollectingDispatcher()
    returned = ActionFindOffice().run(dispatcher, tracker(events), {})
    slots = {**tracker(events).slots, **{e["name"]: e["value"] for e in returned
                                         if e["event"] == "slot"}}
    return dispatcher.messages, slots


ASK_PROVINCE = {"en": "Which province or territory", "fr": "Dans quelle province"}


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("value", ["ZZ", "<b>Nowhere</b>", "qc", "Quebec", "AB; DROP TABLE"])
def test_a_typed_province_outside_the_13_codes_is_never_stored(lang, value):
    history = [{"event": "action", "name": "action_listen"}, slot("language", lang)]
    message = user(f'/inform_location{{"province": "{value}"}}', "inform_location",
                   {"province": value}, lang)
    assert slots_set(history + [message]) == []
    messages, slots = turn(history, message)
    assert slots["province"] is None
    assert ASK_PROVINCE[lang] in messages[0]["text"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_known_province_from_a_button_is_stored_and_routes(lang):
    history = [{"event": "action", "name": "action_listen"}, slot("language", lang)]
    message = user('/inform_location{"province": "QC"}', "inform_location", {"province": "QC"}, lang)
    assert slots_set(history + [message]) == [("province", "QC")]
    messages, slots = turn(history, message)
    assert slots["province"] == "QC"
    assert "Commission d'accès à l'information" in "\n".join(m["text"] or "" for m in messages)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_unknown_value_keeps_the_province_already_known(lang):
    history = [{"event": "action", "name": "action_listen"}, slot("language", lang),
               slot("province", "AB"), slot("other_province", "BC")]
    message = user('/inform_location{"province": "ZZ"}', "inform_location", {"province": "ZZ"}, lang)
    _, slots = turn(history, message)
    assert slots["province"] == "AB"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_typed_organisation_kind_must_be_known(lang):
    history = [{"event": "action", "name": "action_listen"}, slot("language", lang),
               slot("province", "ON"), slot("pending_question", "org_kind")]
    unknown = user('/inform_org_kind{"org_kind": "secret_agency"}', "inform_org_kind",
                   {"org_kind": "secret_agency"}, lang)
    assert slots_set(history + [unknown]) == []
    assert turn(history, unknown)[1]["org_kind"] is None
    known = user('/inform_org_kind{"org_kind": "business"}', "inform_org_kind",
                 {"org_kind": "business"}, lang)
    assert turn(history, known)[1]["org_kind"] == "business"


@pytest.mark.parametrize("name, bad, good", [
    ("province", "ZZ", "NU"), ("other_province", "Atlantis", "PE"), ("org_kind", "cia", "police"),
    ("role", "boss", "employee"), ("language", "de", "fr"),
])
def test_every_resident_slot_accepts_only_its_values(name, bad, good):
    """Whatever proposes a value (an entity, a mapping added later), the
    validation keeps the slot's earlier value instead of an unknown one."""
    before = [{"event": "action", "name": "action_listen"}, slot(name, good),
              user("/inform_location", "inform_location", {}, "en")]
    assert slots_set(before + [slot(name, bad)]) == [(name, good)]
    assert slots_set(before + [slot(name, good)]) == [(name, good)]
    assert slots_set(before + [slot(name, None)]) == [(name, None)]


def test_rasa_runs_the_validation_action():
    """Rasa calls action_validate_slot_mappings after a message only when the
    domain lists it (rasa.core.actions.action.ActionExtractSlots)."""
    assert "action_validate_slot_mappings" in DOMAIN["actions"]
    assert ValidateSlots().name() == "action_validate_slot_mappings"


def test_a_failed_validation_changes_no_slot_and_the_turn_waits_only_once(monkeypatch):
    """The action server is down or too slow: the validation (run first)
    changes nothing, and the answer after it in the same turn gives the
    trouble message at once, without calling the server again."""
    import contextvars

    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from resilience.rasa_hooks import ResilientRemoteAction

    calls: List[str] = []

    async def unreachable(self, *args: Any, **kwargs: Any) -> Optional[list]:
        calls.append(self.name())
        raise ConnectionError("action server down")

    monkeypatch.setattr(RemoteAction, "run", unreachable)
    conversation = DialogueStateTracker.from_events("resident", [UserUttered(
        '/inform_location{"province": "QC"}', {"name": "inform_location"},
        [{"entity": "province", "value": "QC", "start": 0, "end": 0}])])

    async def one_turn():
        validation = ResilientRemoteAction("action_validate_slot_mappings", None)
        answer = ResilientRemoteAction("action_answer", None)
        return (await validation.run(None, None, conversation, None),
                await answer.run(None, None, conversation, None))

    validated, answered = contextvars.copy_context().run(asyncio.run, one_turn())
    assert validated == [] and answered  # no slot changed; the trouble message
    assert calls == ["action_validate_slot_mappings"]
    # A turn of its own (a new context) tries the server again.
    answer = ResilientRemoteAction("action_answer", None)
    assert contextvars.copy_context().run(asyncio.run, answer.run(None, None, conversation, None))
    assert calls == ["action_validate_slot_mappings", "action_answer"]


@pytest.mark.parametrize("text, entities, called", [
    ("Which commissioner do I contact?", [], False),
    ("À quel commissaire dois-je m'adresser?", [], False),
    ('/inform_location{"province": "QC"}', [{"entity": "province", "value": "QC"}], True),
    ('/inform_location{"province": "ZZ"}', [{"entity": "province", "value": "ZZ"}], True),
])
def test_the_validation_runs_when_there_is_something_to_validate(monkeypatch, text, entities, called):
    """Rasa calls the validation action after every message; the round trip
    is made only when the message has entities or Rasa proposed slot values."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from resilience.rasa_hooks import ResilientRemoteAction

    calls: List[str] = []

    async def answered(self, *args: Any, **kwargs: Any) -> list:
        calls.append(self.name())
        return []

    monkeypatch.setattr(RemoteAction, "run", answered)
    for entity in entities:
        entity.update(start=0, end=0)
    conversation = DialogueStateTracker.from_events(
        "resident", [UserUttered(text, {"name": "find_office"}, entities)])
    validation = ResilientRemoteAction("action_validate_slot_mappings", None)
    assert asyncio.run(validation.run(None, None, conversation, None)) == []
    assert calls == (["action_validate_slot_mappings"] if called else [])
