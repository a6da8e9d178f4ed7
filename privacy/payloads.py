"""Button payloads typed by hand: `/intent{"entity": "value"}`.

Buttons send payloads such as `/inform_location{"province": "QC"}`, and Rasa
takes whatever a resident types in that form as the intent and entities,
without looking at the values. Two checks keep an unknown value out of the
conversation: the slot validation action (actions/actions.py), which decides
what each slot may hold, and, first, this one: before Rasa sees a payload,
each entity value must be one the assistant knows (the 13 province and
territory codes of assistant/places.py, the organisation kinds and roles of
assistant/situation.py, the offices of assistant/data/offices.yml, the two
languages); any other entity, or any other value, is removed and the intent
kept.
"""

import functools
import json
import re
from typing import Dict, FrozenSet

_PAYLOAD = re.compile(r"^\s*(/[\w.-]+)\s*(\{.*)?$", re.DOTALL)


@functools.lru_cache(maxsize=None)
def allowed_values() -> Dict[str, FrozenSet[str]]:
    """The values the assistant knows, by entity and slot name (the slot
    validation action, actions/actions.py, checks slots against the same)."""
    from assistant import language, offices, places, situation

    return {
        "province": frozenset(places.PROVINCE_CODES),
        "other_province": frozenset(places.PROVINCE_CODES),
        "org_kind": frozenset(situation.ORG_KINDS),
        "role": frozenset(situation.ROLES),
        "office": frozenset(offices.OFFICES),
        "language": frozenset(language.SUPPORTED),
    }


def is_allowed(name: str, value: object) -> bool:
    """Whether `value` is one the assistant knows for the entity or slot `name`."""
    return isinstance(value, str) and value in allowed_values().get(name, ())


def checked(text: str) -> str:
    """`text`, with the entities of a typed payload kept only when known."""
    match = _PAYLOAD.match(text) if isinstance(text, str) else None
    if not match or not match.group(2):
        return text
    intent, raw = match.groups()
    try:
        entities = json.loads(raw)
    except (ValueError, RecursionError):
        return intent
    if not isinstance(entities, dict):
        return intent
    kept = {name: value for name, value in entities.items() if is_allowed(name, value)}
    return f"{intent}{json.dumps(kept, ensure_ascii=False)}" if kept else intent
