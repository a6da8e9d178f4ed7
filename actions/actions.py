"""Rasa custom actions: read the tracker, call the plain modules, send replies.

Every action first settles the reply language (and remembers it in the
`language` slot), so each turn costs one round trip to this server.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant import answers, jurisdiction, language
from assistant.answers import Reply
from assistant.catalog import Catalog
from privacy import turns as privacy_turns

CATALOG = Catalog()


@dataclass
class Turn:
    """What the resident just said, and what the conversation knows."""

    text: str
    intent: Optional[str]
    entities: Dict[str, str]
    metadata: Dict[str, Any]
    slots: Dict[str, Any]
    # The session's events, oldest first (Rasa's dicts), for questions about
    # what happened before this message.
    events: List[Dict[str, Any]] = field(default_factory=list)

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
            events=list(tracker.events or []),
        )

    def language(self, requested: Optional[str] = None) -> str:
        # A button's payload (/inform_location{"province": "QC"}) is not the
        # resident's words: it would read as English and switch a French
        # conversation.
        return language.choose(
            "" if self.text.startswith("/") else self.text,
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
        with CATALOG.one_turn():  # the catalog files are checked once per turn
            replies, events = self.respond(turn, lang)
            replies = [*replies, *redaction_notice(turn, lang)]
        for reply in replies:
            # `language` reaches the channel with the reply: messaging apps
            # use it for the words they add (channels/base.py).
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None,
                                     language=lang)
        return [SlotSet("language", lang), *events]


class ActionAnswer(LocalizedAction):
    """Answers a question from the catalog entry named like its intent."""

    def name(self) -> Text:
        return "action_answer"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        reply = answers.answer(CATALOG, lang, turn.intent or "")
        if reply:  # e.g. the greeting's retention period and privacy notice link
            reply.text = privacy_turns.fill_placeholders(reply.text, lang)
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


# ----- privacy: what was removed from a message, "delete my conversation" -----

def redaction_notice(turn: Turn, lang: str) -> List[Reply]:
    """Once per conversation, after the answer: the resident's message held
    personal details, which were removed before anything kept them."""
    kinds = privacy_turns.redacted_kinds(turn.metadata)
    if not kinds or privacy_turns.notice_given_before(turn.events):
        return []
    details = ", ".join(CATALOG.message(lang, f"privacy_detail_{kind}") for kind in kinds)
    return [Reply(CATALOG.message(lang, "privacy_redacted_notice", details=details))]


class ActionAskErasure(LocalizedAction):
    """'Delete my conversation': asks for confirmation first."""

    def name(self) -> Text:
        return privacy_turns.ASK_ERASURE_ACTION

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        buttons = [{"title": CATALOG.message(lang, "erasure_yes"), "payload": answers.payload("affirm")},
                   {"title": CATALOG.message(lang, "erasure_no"), "payload": answers.payload("deny")}]
        return [Reply(CATALOG.message(lang, "erasure_question"), buttons)], []


class ActionConfirmErasure(LocalizedAction):
    """A yes or a no. Right after the erasure question, a yes sets the slot on
    which the tracker store erases the conversation (privacy/tracker_store.py);
    anywhere else, neither erases anything."""

    def name(self) -> Text:
        return "action_confirm_erasure"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        if not privacy_turns.awaiting_erasure_confirmation(turn.events):
            capabilities = CATALOG.answer(lang, "capabilities") or {}
            return [Reply(CATALOG.message(lang, "confirmation_without_question"),
                          list(capabilities.get("buttons") or []))], []
        if turn.intent == "affirm":
            return ([Reply(CATALOG.message(lang, "erasure_done"))],
                    [SlotSet(privacy_turns.ERASURE_SLOT, True)])
        return [Reply(CATALOG.message(lang, "erasure_kept", **privacy_turns.placeholders(lang)))], []
