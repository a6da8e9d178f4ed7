"""Rasa custom actions: read the tracker, call the plain modules, send replies.

Every action first settles the reply language (and remembers it in the
`language` slot), so each turn costs one round trip to this server.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers, jurisdiction, language
from actions.answers import Reply
from actions.catalog import Catalog

CATALOG = Catalog()


@dataclass
class Turn:
    """What the resident just said, and what the conversation knows."""

    text: str
    intent: Optional[str]
    entities: Dict[str, str]
    metadata: Dict[str, Any]
    slots: Dict[str, Any]

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> "Turn":
        latest = tracker.latest_message or {}
        metadata: Dict[str, Any] = {}
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                metadata = event.get("metadata") or {}
                break
        entities = {e["entity"]: e["value"] for e in latest.get("entities") or []
                    if isinstance(e.get("value"), str)}
        return cls(
            text=latest.get("text") or "",
            intent=(latest.get("intent") or {}).get("name"),
            entities=entities,
            metadata=metadata if isinstance(metadata, dict) else {},
            slots=tracker.slots,
        )

    def language(self, requested: Optional[str] = None) -> str:
        return language.choose(
            self.text,
            current=self.slots.get("language"),
            starting=self.metadata.get("language"),
            requested=requested,
        )


class LocalizedAction(Action, ABC):
    """Settles the reply language, then lets the subclass answer in it."""

    @abstractmethod
    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        """The replies to send, and events such as slots to set."""

    def reply_language(self, turn: Turn) -> str:
        return turn.language()

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        turn = Turn.from_tracker(tracker)
        lang = self.reply_language(turn)
        replies, events = self.respond(turn, lang)
        for reply in replies:
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)
        return [SlotSet("language", lang), *events]


class ActionAnswer(LocalizedAction):
    """Answers a question from the catalog entry named like its intent."""

    def name(self) -> Text:
        return "action_answer"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        reply = answers.answer(CATALOG, lang, turn.intent or "")
        return [reply or answers.fallback(CATALOG, lang)], []


class ActionFindOffice(LocalizedAction):
    """Routes the resident to the right office, asking first when unclear."""

    def name(self) -> Text:
        return "action_find_office"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        now = datetime.now(timezone.utc)
        named = turn.entities.get("office") or jurisdiction.find_named_office(turn.text)
        if named in jurisdiction.OFFICE_IDS:
            return answers.office_contacts(CATALOG, lang, [named], now), []
        province = (turn.entities.get("province") or jurisdiction.find_province(turn.text)
                    or turn.slots.get("province"))
        org_kind = (turn.entities.get("org_kind") or jurisdiction.find_org_kind(turn.text)
                    or turn.slots.get("org_kind"))
        decision = jurisdiction.route(province, org_kind)
        events = [
            SlotSet("province", province),
            SlotSet("org_kind", org_kind),
            SlotSet("pending_question", decision.ask),
        ]
        return answers.routing(CATALOG, lang, decision, now), events


class ActionSwitchLanguage(LocalizedAction):
    """'En français svp' / 'Can we speak English?': switch and confirm."""

    def name(self) -> Text:
        return "action_switch_language"

    def reply_language(self, turn: Turn) -> str:
        current = language.normalize(turn.slots.get("language")) or turn.language()
        requested = (language.normalize(turn.entities.get("language"))
                     or language.requested_language(turn.text)
                     or language.other(current))
        return turn.language(requested=requested)

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        return [answers.language_switched(CATALOG, lang)], []


class ActionFallback(LocalizedAction):
    """Never leaves the resident without a reply: topics and a phone line."""

    def name(self) -> Text:
        return "action_fallback"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        # A bare office name ("CAI?"), or a bare answer to our own question
        # ("Saskatoon"), that NLU did not recognise still gets routed.
        answers_question = turn.slots.get("pending_question") and (
            jurisdiction.find_province(turn.text) or jurisdiction.find_org_kind(turn.text))
        if answers_question or jurisdiction.find_named_office(turn.text):
            return ActionFindOffice().respond(turn, lang)
        return [answers.fallback(CATALOG, lang)], []
