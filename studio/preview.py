"""How an answer reaches residents, for the studio's preview: the same reply
the action server builds (assistant.answers.answer: the text, then one
"Source:" line per source; the privacy placeholders filled in), cut into the chat widget's messages as Rasa's
socket.io channel sends them, and into the text messages an SMS resident
gets (channels.formatting, as the Twilio channel does)."""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from assistant import answers
from assistant.catalog import Catalog
from channels import formatting
from privacy import events as privacy_events
from staff.content_check import GSM7

# One SMS carries 160 GSM-7 characters, or 70 of anything else (UCS-2);
# a longer text is sent in parts of 153 or 67, joined again by the phone.
_SMS_SINGLE = {"gsm7": 160, "ucs2": 70}
_SMS_PART = {"gsm7": 153, "ucs2": 67}
# These count twice in GSM-7 (an escape, then the character).
_GSM7_EXTENDED = set("^{}\\[~]|€")


class DraftCatalog(Catalog):
    """The real catalogs, with one answer replaced by a draft not yet saved."""

    def __init__(self, directory: Path, key: str, draft: Dict[str, dict]):
        super().__init__(directory)
        self._key, self._draft = key, draft

    def answer(self, lang: str, key: str) -> Optional[dict]:
        if key == self._key:
            return self._draft.get(lang)
        return super().answer(lang, key)


@dataclass
class Sms:
    text: str
    encoding: str   # "gsm7" or "ucs2"
    segments: int


@dataclass
class Preview:
    widget_messages: List[str]          # one chat bubble each; the buttons follow the last
    buttons: List[str]
    sms: List[Sms]                      # one Twilio message each


def sms_encoding(text: str) -> str:
    return "gsm7" if all(ch in GSM7 for ch in text) else "ucs2"


def sms_segments(text: str) -> int:
    encoding = sms_encoding(text)
    length = len(text) + (sum(ch in _GSM7_EXTENDED for ch in text) if encoding == "gsm7" else 0)
    if length <= _SMS_SINGLE[encoding]:
        return 1
    return math.ceil(length / _SMS_PART[encoding])


def preview(locales_dir: Path, key: str, draft: Dict[str, dict], lang: str) -> Optional[Preview]:
    """The draft answer in `lang` as the widget and an SMS would show it."""
    catalog = DraftCatalog(locales_dir, key, draft)
    entry = draft.get(lang) or {}
    if not str(entry.get("text") or "").strip():
        return None
    reply = answers.answer(catalog, lang, key)
    if reply is None:
        return None
    reply.text = privacy_events.fill_placeholders(reply.text, lang)  # as actions.respond_to does
    # rasa.core.channels.socketio: one message per paragraph, buttons on the last.
    bubbles = reply.text.strip().split("\n\n")
    sms_text = reply.text
    if reply.buttons:
        sms_text = formatting.with_numbered_options(reply.text, reply.buttons,
                                                    catalog.message(lang, "choose_by_number"))
    parts = formatting.split_message(sms_text, formatting.LIMITS["twilio"])
    return Preview(bubbles, [b["title"] for b in reply.buttons],
                   [Sms(part, sms_encoding(part), sms_segments(part)) for part in parts])
