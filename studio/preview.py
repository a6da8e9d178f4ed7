"""How a text reaches residents, for the studio's preview: the replies the
action server builds (assistant.answers, the privacy placeholders filled in
as actions.respond_to does), cut into the chat widget's messages as Rasa's
socket.io channel sends them, and into the text messages an SMS resident
gets, buttons as numbered options (channels.formatting, as the Twilio
channel does).

An answer is previewed as itself. A short message is previewed inside the
first reply residents can get that uses it (a clarifying question with its
choices, an office's card, "Did you mean...?"), found by building every
kind of reply once with a marker in the message's place.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from assistant import answers, jurisdiction
from assistant.answers import Reply
from assistant.catalog import Catalog
from assistant.offices import OFFICES
from assistant.places import PROVINCE_CODES
from assistant.situation import ORG_KINDS, ROLES, Situation
from channels import formatting
from privacy import events as privacy_events
from staff.content_check import GSM7

# One SMS carries 160 GSM-7 characters, or 70 of anything else (UCS-2);
# a longer text is sent in parts of 153 or 67, joined again by the phone.
_SMS_SINGLE = {"gsm7": 160, "ucs2": 70}
_SMS_PART = {"gsm7": 153, "ucs2": 67}
# These count twice in GSM-7 (an escape, then the character).
_GSM7_EXTENDED = set("^{}\\[~]|€")
# An office's card says "open now", "closed now" or "closed today, a
# statutory holiday" depending on the moment: a weekday at midday across
# Canada, the same night, and Christmas Day.
_MOMENTS = (datetime(2026, 11, 25, 18, 0, tzinfo=timezone.utc),
            datetime(2026, 11, 26, 4, 0, tzinfo=timezone.utc),
            datetime(2026, 12, 25, 18, 0, tzinfo=timezone.utc))
# Put in a message's place to find the replies that use it: one word, which
# no split of a long text cuts and no platform rewrites.
_MARKER = "STUDIOPREVIEWMARKER"


class DraftCatalog(Catalog):
    """The real catalogs, with one answer (lang -> entry) or one message
    (lang -> text) replaced by a draft not yet saved."""

    def __init__(self, directory: Path, key: str, answer: Optional[Dict[str, dict]] = None,
                 message: Optional[Dict[str, str]] = None):
        super().__init__(directory)
        self._key, self._answer, self._message = key, answer, message

    def answer(self, lang: str, key: str) -> Optional[dict]:
        if key == self._key and self._answer is not None:
            return self._answer.get(lang)
        return super().answer(lang, key)

    def template(self, lang: str, key: str) -> Optional[str]:
        if key == self._key and self._message is not None:
            return self._message.get(lang)
        return super().template(lang, key)


@dataclass
class Sms:
    text: str
    encoding: str   # "gsm7" or "ucs2"
    segments: int


@dataclass
class Preview:
    """One reply."""

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


def reply_preview(catalog: Catalog, lang: str, reply: Reply) -> Preview:
    """One reply in `lang` as the widget and an SMS show it."""
    text = privacy_events.fill_placeholders(reply.text, lang)  # as actions.respond_to does
    # rasa.core.channels.socketio: one message per paragraph, buttons on the last.
    bubbles = text.strip().split("\n\n")
    sms_text = text
    if reply.buttons:
        sms_text = formatting.with_numbered_options(text, reply.buttons, catalog.message(lang, "choose_by_number"))
    parts = formatting.split_message(sms_text, formatting.LIMITS["twilio"])
    return Preview(bubbles, [b["title"] for b in reply.buttons],
                   [Sms(part, sms_encoding(part), sms_segments(part)) for part in parts])


def preview(locales_dir: Path, key: str, draft: Dict[str, dict], lang: str) -> Optional[Preview]:
    """The draft answer in `lang` (`draft`: lang -> entry) as the widget and
    an SMS would show it; None when it has no text yet."""
    entry = draft.get(lang) or {}
    if not str(entry.get("text") or "").strip():
        return None
    catalog = DraftCatalog(locales_dir, key, answer=draft)
    reply = answers.answer(catalog, lang, key)
    return reply_preview(catalog, lang, reply) if reply else None


def message_preview(locales_dir: Path, key: str, draft: Dict[str, str], lang: str) -> List[Preview]:
    """The replies in `lang` residents get with the draft message (`draft`:
    lang -> text): the first kind of reply that uses it, or the message on
    its own (its placeholders as written) when no reply built here does,
    such as the reply given when the service is in trouble. Empty when the
    draft cannot be filled in (the check says why)."""
    if not str(draft.get(lang) or "").strip():
        return []
    probe = DraftCatalog(locales_dir, key, message={code: _MARKER for code in draft})
    catalog = DraftCatalog(locales_dir, key, message=draft)
    for build in _reply_kinds(probe, lang):
        try:
            shown = [reply_preview(probe, lang, reply) for reply in build(probe)]
        except (KeyError, IndexError, ValueError):
            continue  # a kind of reply these catalogs cannot build: the content check reports it
        if any(_MARKER in part for one in shown for part in [*one.widget_messages, *one.buttons,
                                                                *(sms.text for sms in one.sms)]):
            try:
                return [reply_preview(catalog, lang, reply) for reply in build(catalog)]
            except (KeyError, IndexError, ValueError):
                return []
    return [reply_preview(catalog, lang, Reply(str(draft[lang]).strip("\n")))]


def _reply_kinds(catalog: Catalog, lang: str) -> Iterator[Callable[[Catalog], List[Reply]]]:
    """Every kind of reply the actions send, once each, as builders of the
    replies from a catalog: answers with a source, the fallback, the
    decline, the language replies, the clarifying questions, "Did you
    mean...?", the reasons an office was chosen with its cards, each
    office's card at the moments that change it."""
    with_source = next((key for key in catalog.keys(lang, "answers")
                        if (catalog.answer(lang, key) or {}).get("sources")
                        and (catalog.answer(lang, key) or {}).get("buttons")), None)
    if with_source:
        yield lambda c: [reply for reply in [answers.answer(c, lang, with_source)] if reply]
    yield lambda c: [answers.fallback(c, lang)]
    yield lambda c: [answers.decline(c, lang)]
    yield lambda c: [answers.language_switched(c, lang)]
    yield lambda c: [answers.languages(c, lang)]
    yield lambda c: [answers.complaint_steps(c, lang)]
    yield lambda c: [answers.question(c, lang, "province")]
    yield lambda c: [answers.question(c, lang, "org_kind")]
    yield lambda c: [answers.question(c, lang, "which_province", Situation(province="QC", other_province="ON"))]
    yield lambda c: [Reply(c.message(lang, "reask")), answers.question(c, lang, "province")]
    topics = [key[len("topic_"):] for key in catalog.keys(lang, "messages") if key.startswith("topic_")]
    for topic in topics:
        yield lambda c, topic=topic: [answers.suggestions(c, lang, (topic,))]
    yield lambda c: [answers.suggestions(c, lang, tuple(topics[:2]))]
    routes: Dict[Tuple, Tuple[jurisdiction.Routing, Situation]] = {}
    for province in PROVINCE_CODES:
        for kind in (None, *ORG_KINDS):
            for role in (None, *ROLES):
                situation = Situation(province=province, org_kind=kind, role=role)
                routing = jurisdiction.route(situation)
                routes.setdefault((routing.reason, tuple(routing.offices), routing.ask), (routing, situation))
    for routing, situation in routes.values():
        yield lambda c, r=routing, s=situation: answers.routing(c, lang, r, _MOMENTS[0], s)
    for office in OFFICES:
        for moment in _MOMENTS:
            yield lambda c, o=office, m=moment: answers.office_contacts(c, lang, [o], m)
