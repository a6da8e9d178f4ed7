"""Replies, assembled from the catalogs: answers with their sources, office
cards, clarifying questions and the fallback. No sentence lives here, only
keys; the catalogs hold the words.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

from assistant import jurisdiction, offices
from assistant.catalog import Catalog


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def payload(intent: str, **entities: str) -> str:
    """A quick-reply payload Rasa reads as an intent: /inform_location{"province": "AB"}."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


def answer(catalog: Catalog, lang: str, key: str) -> Optional[Reply]:
    """The catalog answer `key`, with its source link; None if there is none."""
    entry = catalog.answer(lang, key)
    if entry is None:
        return None
    text = entry["text"].strip()
    for url in entry.get("sources") or []:
        text += "\n\n" + catalog.message(lang, "source", url=url)
    buttons = [{"title": b["title"], "payload": b["payload"]} for b in entry.get("buttons") or []]
    return Reply(text, buttons)


def fallback(catalog: Catalog, lang: str) -> Reply:
    """When the assistant did not understand: what it can do, and a phone line."""
    capabilities = catalog.answer(lang, "capabilities") or {}
    return Reply(catalog.message(lang, "fallback"), list(capabilities.get("buttons") or []))


def language_switched(catalog: Catalog, lang: str) -> Reply:
    return Reply(catalog.message(lang, "language_switched"))


_PROVINCE_CHOICES = ("BC", "AB", "QC", "OTHER")
_ORG_KIND_CHOICES = ("business", "federal_business", "federal_institution", "public_body")


def question(catalog: Catalog, lang: str, about: str) -> Reply:
    """A clarifying question with quick replies: about 'province' or 'org_kind'."""
    if about == "province":
        buttons = [
            {"title": catalog.message(lang, f"choice_province_{code.lower()}"),
             "payload": payload("inform_location", province=code)}
            for code in _PROVINCE_CHOICES
        ]
    else:
        buttons = [
            {"title": catalog.message(lang, f"choice_org_{kind}"),
             "payload": payload("inform_org_kind", org_kind=kind)}
            for kind in _ORG_KIND_CHOICES
        ]
    return Reply(catalog.message(lang, f"ask_{about}"), buttons)


def office_contacts(
    catalog: Catalog, lang: str, office_ids: List[str], now: datetime
) -> List[Reply]:
    def msg(key: str, **params: str) -> str:
        return catalog.message(lang, key, **params)

    return [
        Reply(offices.contact_card(offices.OFFICES[office_id], lang, msg, now))
        for office_id in office_ids
    ]


def routing(
    catalog: Catalog, lang: str, decision: jurisdiction.Routing, now: datetime
) -> List[Reply]:
    """The reply to 'who do I contact?': a question, or the reason and office cards."""
    if decision.ask:
        return [question(catalog, lang, decision.ask)]
    replies = [Reply(catalog.message(lang, decision.reason))]
    replies += office_contacts(catalog, lang, decision.offices, now)
    return replies
