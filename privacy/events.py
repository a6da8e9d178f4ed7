"""What the conversation's events say about privacy, for the actions and the
tracker store: which details were removed from the latest message, whether
the resident was already told not to share them, and whether they just
confirmed "delete my conversation".

Events are the dicts Rasa stores and sends to the action server
({"event": "user", "metadata": {...}}, {"event": "action", "name": ...}).
"""

from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from assistant import settings
from privacy import redaction

# Metadata key the guard sets on a message it redacted: the kinds it removed.
REDACTED_KEY = "redacted"
# The slot whose SlotSet(True) tells the tracker store to erase the conversation.
ERASURE_SLOT = "conversation_erasure"
ASK_ERASURE_ACTION = "action_ask_erasure"
# Waiting for the resident is not an answer, so it never stands between a
# question and its answer (a new session, on the other hand, does).
_SILENT_ACTIONS = {"action_listen", None}

Event = Mapping[str, Any]


def redacted_kinds(metadata: Optional[Mapping[str, Any]]) -> Tuple[str, ...]:
    """The kinds of details the guard removed from a message, from its metadata."""
    if not isinstance(metadata, Mapping):
        return ()
    kinds = metadata.get(REDACTED_KEY) or ()
    if not isinstance(kinds, (list, tuple)):
        return ()
    return tuple(kind for kind in redaction.KINDS if kind in kinds)


def _user_events(events: Iterable[Event]) -> List[Event]:
    return [event for event in events if event.get("event") == "user"]


def notice_given_before(events: Iterable[Event]) -> bool:
    """Whether an earlier message of this session was redacted too, in which
    case the resident has already been told (once is enough)."""
    earlier = _user_events(events)[:-1]
    return any(redacted_kinds(event.get("metadata")) for event in earlier)


def awaiting_erasure_confirmation(events: Iterable[Event]) -> bool:
    """Whether the assistant's last answer before the latest message asked
    "Do you want me to delete this conversation?"."""
    seen_latest_message = False
    for event in reversed(list(events)):
        kind = event.get("event")
        if kind == "user":
            if seen_latest_message:
                return False  # the resident said something else in between
            seen_latest_message = True
        elif kind == "action" and seen_latest_message and event.get("name") not in _SILENT_ACTIONS:
            return event.get("name") == ASK_ERASURE_ACTION
    return False


def erasure_requested(events: Iterable[Event]) -> bool:
    """Whether these events include the confirmed erasure."""
    return any(event.get("event") == "slot" and event.get("name") == ERASURE_SLOT
               and event.get("value") is True for event in events)


def privacy_notice_url(lang: str, env: Optional[Mapping[str, str]] = None) -> str:
    """Where residents read the privacy notice, in their language.

    PRIVACY_NOTICE_URL may contain {lang}; by default the Rasa server itself
    serves the notice from the catalogs (privacy/notice.py).
    """
    return _settings(env).notice_url(lang)


def placeholders(lang: str, env: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """The privacy facts catalog texts may mention: {retention_days}, {privacy_notice_url}."""
    # From the settings, not privacy.retention: the action server imports this
    # module and has no use for SQLAlchemy.
    return {
        "retention_days": str(_settings(env).retention_days),
        "privacy_notice_url": privacy_notice_url(lang, env),
    }


def _settings(env: Optional[Mapping[str, str]]) -> settings.Settings:
    return settings.current() if env is None else settings.read(env)


def fill_placeholders(text: str, lang: str, env: Optional[Mapping[str, str]] = None) -> str:
    """`text` with the privacy placeholders filled in, and nothing else touched
    (answers may contain other braces)."""
    for name, value in placeholders(lang, env).items():
        text = text.replace("{" + name + "}", value)
    return text
