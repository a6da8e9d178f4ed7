"""Replies, assembled from the catalogs: answers with their sources, office
cards, clarifying questions and the fallback. No sentence lives here, only
keys; the catalogs hold the words.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Tuple

from assistant import feedback, jurisdiction, language, offices
from assistant.catalog import Catalog
from assistant.dialogue import OTHER_MATTER, Decision
from assistant.places import PROVINCE_CODES
from assistant.situation import Situation


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    # The answer's key when residents may say whether it helped (assistant/feedback.py).
    topic: Optional[str] = None


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
    return Reply(text, buttons, key if feedback.is_topic(catalog, key) else None)


def complaint_steps(catalog: Catalog, lang: str) -> Reply:
    """How to complain in two steps, with the complaint answer's buttons (fees
    and deadlines, a refused request), for when the office follows."""
    entry = catalog.answer(lang, "complaint_how") or {}
    buttons = [{"title": b["title"], "payload": b["payload"]} for b in entry.get("buttons") or []
               if b["payload"] != "/find_office"]
    return Reply(catalog.message(lang, "complaint_steps"), buttons, "complaint_how")


def fallback(catalog: Catalog, lang: str) -> Reply:
    """When the assistant did not understand: what it can do, and a phone line."""
    capabilities = catalog.answer(lang, "capabilities") or {}
    return Reply(catalog.message(lang, "fallback"), list(capabilities.get("buttons") or []))


def language_switched(catalog: Catalog, lang: str) -> Reply:
    return Reply(catalog.message(lang, "language_switched"))


_ORG_KIND_CHOICES = ("business", "federal_business", "federal_institution", "public_body")


def question(catalog: Catalog, lang: str, about: str,
             situation: Optional[Situation] = None) -> Reply:
    """A clarifying question with quick replies: about 'province', 'org_kind'
    or 'which_province' (the two provinces the resident named); the province
    buttons are only those with a place of the name given, when it is shared."""
    if about in ("province", "which_province"):
        codes: Tuple[str, ...] = PROVINCE_CODES
        if about == "which_province" and situation and situation.province and situation.other_province:
            codes = (situation.province, situation.other_province)
        elif situation and situation.possible_provinces:  # "Souris": Manitoba or P.E.I.?
            codes = situation.possible_provinces
        buttons = [
            {"title": catalog.message(lang, f"choice_province_{code.lower()}"),
             "payload": payload("inform_location", province=code)}
            for code in codes
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


def routing(catalog: Catalog, lang: str, decision: jurisdiction.Routing, now: datetime,
            situation: Optional[Situation] = None) -> List[Reply]:
    """The reply to 'who do I contact?': a question, or the reason and office cards."""
    if decision.ask:
        return [question(catalog, lang, decision.ask, situation)]
    replies = [Reply(catalog.message(lang, decision.reason))] if decision.reason else []
    return replies + office_contacts(catalog, lang, decision.offices, now)


def suggestions(catalog: Catalog, lang: str, intents: Tuple[str, ...]) -> Reply:
    """'Did you mean ...?' with one button per topic and one for none of them."""
    buttons = [{"title": catalog.message(lang, f"topic_{intent}"), "payload": payload(intent)}
               for intent in intents]
    buttons.append({"title": catalog.message(lang, "suggest_none"), "payload": payload("capabilities")})
    key = "suggest_one" if len(intents) == 1 else "suggest_several"
    return Reply(catalog.message(lang, key), buttons)


def decline(catalog: Catalog, lang: str, other_matter: bool = False) -> Reply:
    """Out of scope: a short polite decline and what the assistant can do;
    for rent, pay or a bill, which kind of office handles it instead."""
    capabilities = catalog.answer(lang, "capabilities") or {}
    key = "decline_other_matter" if other_matter else "decline"
    return Reply(catalog.message(lang, key), list(capabilities.get("buttons") or []))


def languages(catalog: Catalog, lang: str) -> Reply:
    """'Do you speak French?': both languages, and a button to switch."""
    other = language.other(lang)
    button = {"title": catalog.message(other, "language_name_self"),
              "payload": payload("switch_language", language=other)}
    return Reply(catalog.message(lang, "languages_spoken"), [button])


def render(catalog: Catalog, lang: str, decision: Decision, now: datetime) -> List[Reply]:
    """The replies for a decision of assistant/dialogue.py, in `lang`."""
    if decision.kind == "answer":
        if decision.intent == "switch_language":
            # A request the classifier took for something else ("Mon mari lit
            # mal le français, pourriez-vous poursuivre en anglais?"), answered
            # by whichever action its intent maps to: `lang` is the one asked for.
            return [language_switched(catalog, lang)]
        if decision.intent == "complaint_how" and decision.routing and not decision.routing.ask:
            # The situation is known: the steps and the office's card, or why
            # no office may help, instead of the list of every office's form.
            steps = [complaint_steps(catalog, lang)] if decision.routing.offices else []
            return steps + routing(catalog, lang, decision.routing, now, decision.situation)
        reply = answer(catalog, lang, decision.intent or "")
        replies = [reply or fallback(catalog, lang)]
        if decision.routing is not None:
            replies += routing(catalog, lang, decision.routing, now, decision.situation)
        return replies
    if decision.kind == "route" and decision.routing is not None:
        return routing(catalog, lang, decision.routing, now, decision.situation)
    if decision.kind == "office" and decision.office:
        return office_contacts(catalog, lang, [decision.office], now)
    if decision.kind == "clarify":
        return [suggestions(catalog, lang, decision.suggestions)]
    if decision.kind == "reask" and decision.pending:
        return [Reply(catalog.message(lang, "reask")),
                question(catalog, lang, decision.pending, decision.situation)]
    if decision.kind == "decline":
        return [decline(catalog, lang, other_matter=decision.intent == OTHER_MATTER)]
    if decision.kind == "languages":
        return [languages(catalog, lang)]
    return [fallback(catalog, lang)]
