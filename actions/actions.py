"""Rasa custom actions: read the tracker, call the plain modules, send replies.

Every action first settles the reply language (and remembers it in the
`language` slot). A turn costs one round trip to this server, two when the
message has entities (a button's payload): the slot validation action
(ValidateSlots) first, then the action that answers (resilience/rasa_hooks.py
skips the validation when it has nothing to look at).
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from assistant import answers, dialogue, language
from assistant.answers import Reply
from assistant.catalog import Catalog
from assistant.dialogue import Understanding
from assistant.situation import Situation
from privacy import events as privacy_events
from privacy import payloads

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
    # Slots filled from this message by the validation action (a button's
    # province or organisation kind), checked before any other action runs.
    given: Dict[str, Any] = field(default_factory=dict)
    confidence: float = 1.0
    ranking: Tuple[Tuple[str, float], ...] = ()

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
        intent = latest.get("intent") or {}
        ranking = tuple((r["name"], float(r.get("confidence") or 0.0))
                        for r in latest.get("intent_ranking") or [] if r.get("name"))
        return cls(
            text=latest.get("text") or "",
            intent=intent.get("name"),
            entities=entities,
            metadata=metadata if isinstance(metadata, dict) else {},
            slots=tracker.slots,
            events=list(tracker.events or []),
            given=slots_set_since_message(tracker.events or []),
            confidence=float(intent.get("confidence") or 0.0),
            ranking=ranking,
        )

    @property
    def words(self) -> str:
        """The resident's own words: a button's payload (/inform_location{...})
        is not, and would read as English in a French conversation."""
        return "" if self.text.startswith("/") else self.text

    def language(self, requested: Optional[str] = None) -> str:
        return language.choose(
            self.words,
            current=self.slots.get("language"),
            starting=self.metadata.get("language"),
            requested=requested or language.explicit_request(self.words),
        )

    def situation(self) -> Situation:
        """What the conversation knows, then what a button says now: the
        slots the validation action filled from it, never the raw entity."""
        known = Situation(
            province=self.slots.get("province"), org_kind=self.slots.get("org_kind"),
            role=self.slots.get("role"), other_province=self.slots.get("other_province"))
        from_buttons = Situation(province=self.given.get("province"),
                                 org_kind=self.given.get("org_kind"))
        return known.merged(from_buttons)

    def understanding(self) -> Understanding:
        if self.text.startswith("/"):  # a button: the resident chose exactly this
            return Understanding(self.words, self.intent, 1.0, ((self.intent or "", 1.0),))
        return Understanding(self.text, self.intent, self.confidence, self.ranking)


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
            # use it for the words they add (channels/base.py); `feedback_topic`
            # lets the widget (privacy/channels.py) and the messaging apps
            # (channels/feedback.py) ask "Was this helpful?".
            extra = {"feedback_topic": reply.topic} if reply.topic else {}
            dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None,
                                     language=lang, **extra)
        restarted = any(event.get("event") == "restart" for event in events)
        # The language last: after a restart it must survive the Restarted event.
        return [*events, *slots_changed(turn, {"language": lang}, always=restarted)]


def slots_set_since_message(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The slots set after the latest user message (by the validation
    action, which runs before any other action of the turn)."""
    given: Dict[str, Any] = {}
    for event in reversed(events):
        if event.get("event") == "user":
            return given
        if event.get("event") == "slot":
            given.setdefault(event.get("name"), event.get("value"))
    return {}


def respond_to(turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
    """Every question goes through the same decision (assistant/dialogue.py):
    answer, route, clarify or decline, whatever the intent's action."""
    decision = dialogue.decide(turn.understanding(), turn.situation(),
                               turn.slots.get("pending_question"))
    replies = answers.render(CATALOG, lang, decision, datetime.now(timezone.utc))
    for reply in replies:  # e.g. the greeting's retention period and privacy notice link
        reply.text = privacy_events.fill_placeholders(reply.text, lang)
    known = decision.situation
    return replies, slots_changed(turn, {
        "province": known.province, "org_kind": known.org_kind, "role": known.role,
        "other_province": known.other_province, "pending_question": decision.pending,
    })


def slots_changed(turn: Turn, values: Dict[str, Any], always: bool = False) -> List[EventType]:
    """SlotSet events for the slots whose value changes: every event is a row
    the tracker store writes on each turn."""
    return [SlotSet(name, value) for name, value in values.items()
            if always or turn.slots.get(name) != value]


class ActionAnswer(LocalizedAction):
    """Answers a question from the catalog entry named like its intent."""

    def name(self) -> Text:
        return "action_answer"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        return respond_to(turn, lang)


class ActionFindOffice(ActionAnswer):
    """Routes the resident to the right office, asking first when unclear."""

    def name(self) -> Text:
        return "action_find_office"


class ActionFallback(ActionAnswer):
    """Never leaves the resident without a reply: a route, "Did you mean?",
    or what the assistant can do."""

    def name(self) -> Text:
        return "action_fallback"


class ActionSwitchLanguage(LocalizedAction):
    """'En français svp' / 'Can we speak English?': switch and confirm.
    'Do you speak French?' is a question: answered in the language it is
    asked in, with a button to switch."""

    def name(self) -> Text:
        return "action_switch_language"

    def reply_language(self, turn: Turn) -> str:
        if self.is_a_question(turn):
            return turn.language()
        current = language.supported_code(turn.slots.get("language")) or turn.language()
        requested = (language.supported_code(turn.entities.get("language"))
                     or language.requested_language(turn.words)
                     or language.other(current))
        return turn.language(requested=requested)

    @staticmethod
    def is_a_question(turn: Turn) -> bool:
        """A question to answer ("Do you speak French?", "in English please:
        <a question>") rather than a bare request to switch."""
        understood = turn.understanding()
        return dialogue.carries_a_question(understood) or language.asks_about_languages(turn.words)

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        if self.is_a_question(turn):
            return respond_to(turn, lang)
        return [answers.language_switched(CATALOG, lang)], []


class ActionRestart(LocalizedAction):
    """'/restart': a new conversation that keeps the resident's language."""

    def name(self) -> Text:
        return "action_restart"

    def respond(self, turn: Turn, lang: str) -> Tuple[List[Reply], List[EventType]]:
        return [Reply(CATALOG.message(lang, "restarted"))], [Restarted()]


# ----- privacy: what was removed from a message, "delete my conversation" -----

def redaction_notice(turn: Turn, lang: str) -> List[Reply]:
    """Once per conversation, after the answer: the resident's message held
    personal details, which were removed before anything kept them."""
    kinds = privacy_events.redacted_kinds(turn.metadata)
    if not kinds or privacy_events.notice_given_before(turn.events):
        return []
    details = ", ".join(CATALOG.message(lang, f"privacy_detail_{kind}") for kind in kinds)
    return [Reply(CATALOG.message(lang, "privacy_redacted_notice", details=details))]


class ActionAskErasure(LocalizedAction):
    """'Delete my conversation': asks for confirmation first."""

    def name(self) -> Text:
        return privacy_events.ASK_ERASURE_ACTION

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
        if not privacy_events.awaiting_erasure_confirmation(turn.events):
            if turn.slots.get("pending_question"):  # "yes" to our own question
                return respond_to(turn, lang)
            capabilities = CATALOG.answer(lang, "capabilities") or {}
            return [Reply(CATALOG.message(lang, "confirmation_without_question"),
                          list(capabilities.get("buttons") or []))], []
        if turn.intent == "affirm":
            return ([Reply(CATALOG.message(lang, "erasure_done"))],
                    [SlotSet(privacy_events.ERASURE_SLOT, True)])
        return [Reply(CATALOG.message(lang, "erasure_kept", **privacy_events.placeholders(lang)))], []


# ----- slots: only values the assistant knows ----------------------------------

class ValidateSlots(ValidationAction):
    """Rasa runs this after every message, before any other action
    (action_validate_slot_mappings, listed in domain.yml). A button's
    province or organisation kind becomes a slot here, and only when it is a
    value the assistant knows (privacy/payloads.py); any value proposed for a
    slot that is not one is refused, and the slot keeps what it held. The
    other actions read these slots, never the entities themselves, so a typed
    `/inform_location{"province": "<anything>"}` stores nothing. It looks only
    at entities and at values Rasa's slot mappings proposed: a message with
    neither is not sent here (resilience/rasa_hooks.py)."""

    def extract_province(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        return _known_entity(tracker, "province")

    def extract_org_kind(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        return _known_entity(tracker, "org_kind")

    def validate_province(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        return _checked(tracker, "province", value)

    def validate_other_province(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        return _checked(tracker, "other_province", value)

    def validate_org_kind(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        return _checked(tracker, "org_kind", value)

    def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: DomainDict) -> Dict[Text, Any]:
        return _checked(tracker, "role", value)

    def validate_language(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        return _checked(tracker, "language", value)


def _known_entity(tracker: Tracker, name: str) -> Dict[Text, Any]:
    """{slot: value} for the latest message's entity `name`, when the value
    is one the assistant knows; {} (the slot unchanged) otherwise."""
    values = [value for value in tracker.get_latest_entity_values(name)
              if payloads.is_allowed(name, value)]
    return {name: values[-1]} if values else {}


def _checked(tracker: Tracker, name: str, value: Any) -> Dict[Text, Any]:
    """The value if the slot may hold it, else what the slot held before this
    message (None, clearing it, is allowed too)."""
    if value is None or payloads.is_allowed(name, value):
        return {name: value}
    return {name: slot_before_message(tracker.events or [], name)}


def slot_before_message(events: List[Dict[str, Any]], name: str) -> Any:
    """The value slot `name` held before the latest user message."""
    latest_user = max((i for i, event in enumerate(events) if event.get("event") == "user"),
                      default=len(events))
    value = None
    for event in events[:latest_user]:
        if event.get("event") == "restart":
            value = None
        elif event.get("event") == "slot" and event.get("name") == name:
            value = event.get("value")
    return value
