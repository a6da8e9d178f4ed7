"""Conversation ids: secrets the server issues, and the keyed hash it keeps.

A conversation id is the only thing that ties a message to a conversation,
so whoever holds it can read the replies, write as the resident and erase
the conversation. Here:

  - the server issues every id on public channels (the website's socket.io,
    REST from outside the machine): 128 random bits, signed with
    itsdangerous, so an id a client made up, a short or guessable one, or
    one the server never issued is refused;
  - what the server stores and logs is never the id itself but its keyed
    hash (HMAC-SHA256 with PSEUDONYM_KEY): `stored_id`. A stored id is not a
    signed id, so presenting it (read from the database, a backup, a log or
    a report) reaches nothing: on public channels it is refused, and where
    any id is accepted (messaging apps, REST from the machine itself) it is
    hashed again into a different, empty conversation.

PSEUDONYM_KEY must be the same on every replica and kept across restarts;
without it, a random key lasts as long as the process, and ids issued
before a restart are replaced by new ones.
"""

import functools
import hashlib
import hmac
import secrets
from typing import Optional

from itsdangerous import BadSignature, Signer

from assistant import settings

# Random bits in every id the server issues.
RANDOM_BYTES = 16
STORED_PREFIX = "anon-"
# Longest id accepted from any client; longer ones are not looked at further.
MAX_ID_CHARS = 128


class ConversationIds:
    def __init__(self, key: Optional[bytes] = None):
        key = key or settings.current().pseudonym_key.encode()
        self._key = key or secrets.token_bytes(32)
        self._signer = Signer(self._key, salt="conversation-id", digest_method=hashlib.sha256)

    def issue(self) -> str:
        """A new conversation id: random, signed, URL-safe (letters, digits, - _ .)."""
        return self._signer.sign(secrets.token_urlsafe(RANDOM_BYTES)).decode("ascii")

    def is_issued(self, conversation_id: object) -> bool:
        """Whether this server (or a replica with the same key) issued this id."""
        if not isinstance(conversation_id, str) or not 0 < len(conversation_id) <= MAX_ID_CHARS:
            return False
        try:
            value = self._signer.unsign(conversation_id.encode("ascii"))
        except (BadSignature, UnicodeEncodeError):
            return False
        return len(value) >= 22  # 16 random bytes, base64 without padding

    def stored_id(self, conversation_id: str) -> str:
        """What the tracker store, the logs and reports know a conversation by."""
        digest = hmac.new(self._key, conversation_id.encode("utf-8", "surrogatepass"),
                          hashlib.sha256).hexdigest()
        return f"{STORED_PREFIX}{digest[:32]}"


@functools.lru_cache(maxsize=None)
def shared_ids() -> ConversationIds:
    """The ids of this process, with PSEUDONYM_KEY read once on first use."""
    return ConversationIds()
