"""What the resident reads when the service is in trouble, and the plain rules
behind the safeguards (message clean-up, retried messages). No Rasa here.
"""

import hashlib
import re
import unicodedata
from typing import Any, Dict, Iterable, List, Optional

from assistant import language, settings
from assistant.catalog import Catalog

TROUBLE_KEY = "service_trouble"

# C0/C1 control characters (NUL included) carry no meaning in a chat message
# and some databases refuse them; newlines and tabs are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone UTF-16 surrogates come from broken clients and cannot be encoded.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: Any, limit: Optional[int] = None) -> str:
    """A message text safe to understand and store: a string (a missing text
    is an empty message, which gets the "did not understand" reply), composed
    accents (NFC, so "é" typed as e + combining accent matches), no control
    characters, at most `limit` characters.

    Longer messages are cut before understanding: a question to this
    assistant is a few sentences, and a megabyte of text would only slow every
    replica. The limit is MAX_MESSAGE_CHARS, as for the channel input checks;
    0 turns the cut off."""
    if limit is None:
        limit = settings.current().max_message_chars
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = unicodedata.normalize("NFC", _SURROGATE.sub("", _CONTROL.sub(" ", text)))
    return (text[:limit] if limit > 0 else text).strip()


def trouble_languages(text: Optional[str], current: Optional[str] = None,
                      metadata: Any = None) -> List[str]:
    """Languages for the trouble message.

    The reply language of every other turn (assistant/language.py); when
    nothing tells (the database is down and the resident wrote "ok"), both,
    English first.
    """
    starting = metadata.get("language") if isinstance(metadata, dict) else None
    known = language.known(text, current=current, starting=starting,
                           requested=language.explicit_request(text or ""))
    return [known] if known else list(language.SUPPORTED)


def trouble_texts(catalog: Catalog, languages: Iterable[str]) -> List[str]:
    return [catalog.message(lang, TROUBLE_KEY) for lang in languages]


# A client's message id is an opaque token (a UUID, a counter): nothing that
# could carry personal details into the stored conversation.
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")


def valid_message_id(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and _MESSAGE_ID.match(value) else None


def message_id_of(metadata: Any) -> Optional[str]:
    """The client's id for a message, which makes a retry safe to send."""
    return valid_message_id(metadata.get("message_id")) if isinstance(metadata, dict) else None


# What the stored message keeps instead of the client's id: a fingerprint of
# it, in letters only. A UUID can hold a run of digits that the tracker
# store's redaction takes for a phone or card number ("4877678090ce..." is
# stored as "[phone]ce..."): the retry would then no longer find its message,
# and be answered twice.
MESSAGE_KEY = "message_key"
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def message_key(message_id: str, text: str = "") -> str:
    """The fingerprint of the client's id together with the message's text: a
    retry is the same id with the same words; an id reused for another
    question is a new message, answered anew, never the old answer replayed."""
    fingerprint = f"{message_id}\0{text}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(fingerprint).hexdigest()[:32].translate(_LETTERS)


def earlier_replies(events: Iterable[Dict[str, Any]], key: str) -> Optional[List[Dict]]:
    """The bot messages that answered the message with this `message_key`, if
    the conversation already has it; None when it is new.

    `events` are serialised tracker events (dicts with "event": "user"/"bot").
    """
    replies: Optional[List[Dict]] = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if replies is not None:
                break
            metadata = event.get("metadata")
            if isinstance(metadata, dict) and metadata.get(MESSAGE_KEY) == key:
                replies = []
        elif kind == "bot" and replies is not None:
            replies.append(event)
    return replies


def bot_message(event: Dict[str, Any]) -> Dict[str, Any]:
    """A stored bot event as the dict Rasa's output channels send."""
    message = dict(event.get("data") or {})
    message["text"] = event.get("text")
    message.update(event.get("metadata") or {})
    return {key: value for key, value in message.items() if value not in (None, [], {})}
