""""Was this helpful? Yes / No" in the messaging apps: plain functions, no Rasa.

After a topic answer (one the action marks with `feedback_topic`, see
actions/actions.py), the app shows the question with two choices, as its
quick replies (channels/base.py). A tap sends back a payload naming the
topic, the language and the choice ("fb:y:fr:consent_biometrics"), which
the channel layer catches before the message reaches Rasa, so it never
enters the conversation.

Where the platform has no buttons (SMS, WhatsApp), the choices are numbered
after the answer's own options ("3. Yes", "4. No"); a bare number then
counts as feedback only when the assistant's last turn offered feedback
(read from the conversation: the answer's `feedback_topic`), so the
answer's own numbered options keep working.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional

from rasa.shared.core.events import BotUttered, UserUttered

from assistant import language
from assistant.catalog import Catalog

# The choices, in the order they are offered: yes first.
CHOICES = (True, False)
_PAYLOAD = re.compile(r"^fb:([yn]):([a-z]{2}):([a-z0-9_]{1,40})$")


@dataclass(frozen=True)
class Offer:
    """The feedback the assistant's last turn asked for."""
    topic: str
    language: str
    # How many options the turn offered before Yes / No (numbered first).
    options_before: int = 0


@dataclass(frozen=True)
class Answer:
    topic: str
    language: str
    helpful: bool


def payload(topic: str, lang: str, helpful: bool) -> str:
    """What a Yes / No button sends back (fits Telegram's 64 bytes)."""
    return f"fb:{'y' if helpful else 'n'}:{lang}:{topic}"


def buttons(catalog: Catalog, topic: str, lang: str) -> List[Dict[str, str]]:
    """The two choices as quick replies, in the answer's language."""
    return [{"title": catalog.message(lang, "widget_feedback_yes" if helpful else "widget_feedback_no"),
             "payload": payload(topic, lang, helpful)} for helpful in CHOICES]


def question(catalog: Catalog, lang: str) -> str:
    return catalog.message(lang, "widget_feedback_question")


def thanks(catalog: Catalog, lang: str) -> str:
    return catalog.message(lang, "widget_feedback_thanks")


def from_payload(text: Optional[str]) -> Optional[Answer]:
    """The choice a tapped Yes / No button sent, if `text` is one."""
    match = _PAYLOAD.match((text or "").strip())
    if not match:
        return None
    helpful, lang, topic = match.groups()
    return Answer(topic, lang, helpful == "y")


def from_number(choice: Optional[int], offer: Optional[Offer]) -> Optional[Answer]:
    """The choice a typed number picks (0-based, see formatting.chosen_option),
    when the last turn offered feedback and the number is Yes or No."""
    if offer is None or choice is None:
        return None
    position = choice - offer.options_before
    if not 0 <= position < len(CHOICES):
        return None
    return Answer(offer.topic, offer.language, CHOICES[position])


def offered(events: Iterable[Any]) -> Optional[Offer]:
    """The feedback the assistant's last turn (since the resident's last
    message) offered, with the number of options numbered before it."""
    topic, lang, options = None, None, 0
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if not isinstance(event, BotUttered):
            continue
        if not options and event.data.get("buttons"):
            options = len([b for b in event.data["buttons"]
                           if isinstance(b, dict) and b.get("title") and b.get("payload")])
        metadata = event.metadata or {}
        if topic is None and metadata.get("feedback_topic"):
            topic = str(metadata["feedback_topic"])
            lang = language.supported_code(metadata.get("language"))
    if topic is None or lang is None:
        return None
    return Offer(topic, lang, options)
