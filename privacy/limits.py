"""What the assistant accepts from the outside: message checks and rate limits.

A public chatbot gets pasted documents, empty messages, binary junk and
scripted floods. Each of these gets a short, polite reply instead of going
through language understanding (and instead of an error page).

Settings come from the environment, with safe defaults (see .env.example):
  MAX_MESSAGE_CHARS          2000  longest message processed
  RATE_LIMIT_PER_SENDER        20  messages per window from one conversation
  RATE_LIMIT_PER_CONNECTION    20  messages per window from one socket.io
        connection, whatever conversations it asks for
  RATE_LIMIT_PER_ADDRESS       60  messages per window from one client address
        (behind a reverse proxy, the address it forwards: TRUSTED_PROXIES)
  RATE_LIMIT_WINDOW_SECONDS    60  length of the sliding window
  RATE_LIMIT_EXEMPT_ADDRESSES  ""  client addresses the per-address limit
        ignores (none by default; the test stacks exempt their own 127.0.0.1)
  RATE_LIMIT_STORAGE_URL       ""  where the counts are kept: empty keeps them
        in this process; with several replicas, a Redis URL
        (redis://:password@host:port/db) so that every replica counts the
        same messages (the `limits` library, moving windows)
  TRUSTED_PROXIES              ""  addresses or networks of the reverse proxies
        whose X-Forwarded-For is believed (e.g. "127.0.0.1" for nginx on the
        same machine); from anyone else the header is ignored
A limit of 0 turns that check off. Counters never hold a conversation id or
an address as such, only their keyed hashes.
"""

import ipaddress
import logging
import time
import unicodedata
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Iterable, List, Mapping, Optional, Sequence, Tuple

from assistant import settings
from assistant.recent import Recent

logger = logging.getLogger(__name__)

# Why a message is answered without being processed. The values are the
# catalog keys of the replies (locales/<lang>/privacy.yml).
EMPTY = "input_empty"
TOO_LONG = "input_too_long"
UNREADABLE = "input_unreadable"
RATE_LIMITED = "input_rate_limited"
# A photo, voice message, file or sticker instead of words; a shared location.
# Never opened, downloaded or kept (channels/base.py, `media_kind_with_text_blanked`).
MEDIA = "input_media"
LOCATION = "input_location"

# Line breaks and tabs are ordinary typing; every other control character
# (and the replacement character a failed decoding leaves) is not.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_INVISIBLE = {"Cf", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class Limits:
    max_chars: int = 2000
    per_sender: int = 20
    per_address: int = 60
    window_seconds: int = 60
    exempt_addresses: Tuple[str, ...] = ()
    per_connection: int = 20
    storage_url: str = ""

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Limits":
        """From the settings (assistant/settings.py), or from `env` alone."""
        s = settings.current() if env is None else settings.read(env)
        return cls(
            max_chars=s.max_message_chars,
            per_sender=s.rate_limit_per_sender,
            per_address=s.rate_limit_per_address,
            window_seconds=max(1, s.rate_limit_window_seconds),
            exempt_addresses=tuple(s.rate_limit_exempt_addresses.split()),
            per_connection=s.rate_limit_per_connection,
            storage_url=s.rate_limit_storage_url.strip(),
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
        self._hits = Recent(max_keys)

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
        self._hits.remember(key, hits)

    def __len__(self) -> int:
        return len(self._hits)


class SharedRateLimiter:
    """The same sliding-window limit, counted by the `limits` library in the
    storage at `storage_url` (Redis: every replica counts together)."""

    def __init__(self, limit: int, window: float, storage_url: str, namespace: str):
        from limits import RateLimitItemPerSecond, storage, strategies

        self.limit = limit
        self._item = RateLimitItemPerSecond(max(limit, 1), max(int(window), 1), namespace=namespace)
        # The strategy keeps only a weak reference to its storage.
        self._storage = storage.storage_from_string(storage_url)
        self._limiter = strategies.MovingWindowRateLimiter(self._storage)

    @property
    def enabled(self) -> bool:
        return self.limit > 0

    def allows(self, key: Optional[str]) -> bool:
        if not self.enabled or key is None:
            return True
        return self._limiter.test(self._item, key)

    def record(self, key: Optional[str]) -> None:
        if self.enabled and key is not None:
            self._limiter.hit(self._item, key)


class Throttle:
    """The per-sender, per-connection and per-address limits together: a
    message passes when all allow it, and only a message that passes counts
    against them. Keys are passed through `hide` (a keyed hash) first, so
    no counter, in memory or in Redis, holds an id or an address."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic,
                 hide: Callable[[str], str] = lambda key: key):
        def limiter(limit: int, namespace: str):
            if limits.storage_url:
                return SharedRateLimiter(limit, limits.window_seconds, limits.storage_url, namespace)
            return RateLimiter(limit, limits.window_seconds, clock)

        self.by_sender = limiter(limits.per_sender, "privacy-sender")
        self.by_connection = limiter(limits.per_connection, "privacy-connection")
        self.by_address = limiter(limits.per_address, "privacy-address")
        self.exempt = set(limits.exempt_addresses)
        self._hide = hide

    def admit(self, sender: Optional[str], address: Optional[str],
              connection: Optional[str] = None) -> bool:
        if address in self.exempt:
            address = None
        checks = [(self.by_sender, sender, "sender"), (self.by_connection, connection, "connection"),
                  (self.by_address, address, "address")]
        keys = [(limiter, None if key is None else self._hide(f"{kind} {key}"))
                for limiter, key, kind in checks]
        if not all(limiter.allows(key) for limiter, key in keys):
            return False
        for limiter, key in keys:
            limiter.record(key)
        return True


# ----- the client's address, behind trusted proxies only --------------------------------

def _networks(spec: Iterable[str]) -> List[ipaddress._BaseNetwork]:
    networks = []
    for item in spec:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            logger.warning("TRUSTED_PROXIES: %r is not an address or network; ignored", item)
    return networks


def trusted_proxies(env: Optional[Mapping[str, str]] = None) -> List[ipaddress._BaseNetwork]:
    s = settings.current() if env is None else settings.read(env)
    return _networks(s.trusted_proxies.replace(",", " ").split())


def _is_trusted(address: str, proxies: Sequence[ipaddress._BaseNetwork]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def real_client_address(peer: Optional[str], forwarded_for: Optional[str],
                        proxies: Sequence[ipaddress._BaseNetwork]) -> Optional[str]:
    """The client's address: the connection's own peer, unless that peer is a
    trusted proxy, in which case the last X-Forwarded-For entry no trusted
    proxy added (each proxy appends the address it received from; entries
    further left were written by the client and prove nothing)."""
    if not peer or not forwarded_for or not _is_trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            try:
                return str(ipaddress.ip_address(hop.strip("[]")))
            except ValueError:
                return peer  # garbage where an address should be: count the proxy
    return hops[0] if hops else peer
