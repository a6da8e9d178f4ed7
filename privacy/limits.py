"""What the assistant accepts from the outside: message checks and rate limits.

A public chatbot gets pasted documents, empty messages, binary junk and
scripted floods. Each of these gets a short, polite reply instead of going
through language understanding (and instead of an error page).

Settings come from the environment, with safe defaults (see .env.example):
  MAX_MESSAGE_CHARS          2000  longest message processed
  RATE_LIMIT_PER_SENDER        20  messages per window from one conversation
  RATE_LIMIT_PER_ADDRESS       60  messages per window from one client address
  RATE_LIMIT_WINDOW_SECONDS    60  length of the sliding window
  RATE_LIMIT_EXEMPT_ADDRESSES  "127.0.0.1 ::1"  addresses the per-address limit
        ignores: a reverse proxy on the same machine makes every resident
        look like 127.0.0.1 unless Sanic is told which header holds the real
        address (docs/SECURITY.md), and throttling all residents together
        would be worse than not limiting by address at all
A limit of 0 turns that check off.
"""

import logging
import os
import time
import unicodedata
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Callable, Deque, Mapping, Optional, Tuple

logger = logging.getLogger(__name__)

# Why a message is answered without being processed. The values are the
# catalog keys of the replies (locales/<lang>/privacy.yml).
EMPTY = "input_empty"
TOO_LONG = "input_too_long"
UNREADABLE = "input_unreadable"
RATE_LIMITED = "input_rate_limited"
# A photo, voice message, file or sticker instead of words; a shared location.
# Never opened, downloaded or kept (channels/base.py, `media_in`).
MEDIA = "input_media"
LOCATION = "input_location"

# Line breaks and tabs are ordinary typing; every other control character
# (and the replacement character a failed decoding leaves) is not.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp"}


def _env_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        logger.warning("%s=%r is not a whole number; using %s", name, raw, default)
        return default
    if value < 0:
        logger.warning("%s=%r is negative; using %s", name, raw, default)
        return default
    return value


@dataclass(frozen=True)
class Limits:
    max_chars: int = 2000
    per_sender: int = 20
    per_address: int = 60
    window_seconds: int = 60
    exempt_addresses: Tuple[str, ...] = ("127.0.0.1", "::1")

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Limits":
        env = os.environ if env is None else env
        return cls(
            max_chars=_env_int(env, "MAX_MESSAGE_CHARS", cls.max_chars),
            per_sender=_env_int(env, "RATE_LIMIT_PER_SENDER", cls.per_sender),
            per_address=_env_int(env, "RATE_LIMIT_PER_ADDRESS", cls.per_address),
            window_seconds=max(1, _env_int(env, "RATE_LIMIT_WINDOW_SECONDS", cls.window_seconds)),
            exempt_addresses=tuple(env.get("RATE_LIMIT_EXEMPT_ADDRESSES",
                                           " ".join(cls.exempt_addresses)).split()),
        )


def is_unreadable(text: str) -> bool:
    """Control characters, lone surrogates or decoding debris: not typed text."""
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        # Not "Cn" (unassigned): emoji newer than this Python's Unicode tables are.
        if category in ("Cc", "Cs"):
            return True
        if char == "\ufffd":
            return True
    return False


def is_blank(text: str) -> bool:
    """Nothing a person could read: spaces, zero-width characters, line breaks."""
    return all(char.isspace() or unicodedata.category(char) in _INVISIBLE for char in text)


def check_text(text, max_chars: int = Limits.max_chars) -> Optional[str]:
    """Why `text` cannot be processed (EMPTY, TOO_LONG, UNREADABLE), or None."""
    if text is None:
        return EMPTY
    if isinstance(text, (bytes, bytearray, memoryview)):
        return UNREADABLE
    if not isinstance(text, str):
        return UNREADABLE
    if is_blank(text):
        return EMPTY
    if max_chars and len(text) > max_chars:
        return TOO_LONG
    if is_unreadable(text):
        return UNREADABLE
    return None


def strip_invisible(text: str) -> str:
    """Zero-width characters removed, so they cannot split a phone number."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


class RateLimiter:
    """At most `limit` events per `window` seconds for each key (sliding window).

    Keys are kept in memory only, never written anywhere, and the least
    recently seen are forgotten past `max_keys` so a flood of new keys cannot
    exhaust memory.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 50_000):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._hits: "OrderedDict[str, Deque[float]]" = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def _recent(self, key: str, now: float) -> Deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def allows(self, key: Optional[str]) -> bool:
        """Whether one more event for `key` fits (records nothing)."""
        if not self.enabled or key is None:
            return True
        return len(self._recent(key, self.clock())) < self.limit

    def record(self, key: Optional[str]) -> None:
        if not self.enabled or key is None:
            return
        now = self.clock()
        hits = self._recent(key, now)
        hits.append(now)
        self._hits[key] = hits
        self._hits.move_to_end(key)
        while len(self._hits) > self.max_keys:
            self._hits.popitem(last=False)

    def __len__(self) -> int:
        return len(self._hits)


class Throttle:
    """The per-sender and per-address limits together: a message passes when
    both allow it, and only a message that passes counts against them."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic):
        self.by_sender = RateLimiter(limits.per_sender, limits.window_seconds, clock)
        self.by_address = RateLimiter(limits.per_address, limits.window_seconds, clock)
        self.exempt = set(limits.exempt_addresses)

    def admit(self, sender: Optional[str], address: Optional[str]) -> bool:
        if address in self.exempt:
            address = None
        if not (self.by_sender.allows(sender) and self.by_address.allows(address)):
            return False
        self.by_sender.record(sender)
        self.by_address.record(address)
        return True
