"""Message checks and rate limits, without a server."""


import pytest

from privacy import limits
from privacy.limits import (
    EMPTY,
    TOO_LONG,
    UNREADABLE,
    Limits,
    RateLimiter,
    SharedRateLimiter,
    Throttle,
    check_text,
    real_client_address,
    trusted_proxies,
)


@pytest.mark.parametrize("text, problem", [
    ("Can a company scan my face?", None),
    ("Est-ce légal?\nMerci", None),
    ("🙂🙂🙂", None),
    (None, EMPTY),
    ("", EMPTY),
    ("   \n\t  ", EMPTY),
    ("\u200b\u200b", EMPTY),
    ("x" * 2000, None),
    ("x" * 2001, TOO_LONG),
    ("hello\x00world", UNREADABLE),
    ("\x1b[31mred", UNREADABLE),
    ("abc\ufffd\ufffd", UNREADABLE),
    ("\ud800 lone surrogate", UNREADABLE),
    (b"\x89PNG\r\n", UNREADABLE),
    (12345, UNREADABLE),
    ({"text": "hi"}, UNREADABLE),
])
def test_check_text(text, problem):
    assert check_text(text, 2000) == problem


def test_zero_width_characters_are_removed_so_they_cannot_hide_a_number():
    assert limits.strip_invisible("613\u200b555\u200c0199") == "6135550199"


def test_limits_from_environment_with_safe_defaults():
    assert Limits.from_env({}) == Limits()
    configured = Limits.from_env({"MAX_MESSAGE_CHARS": "500", "RATE_LIMIT_PER_SENDER": "3",
                                  "RATE_LIMIT_PER_ADDRESS": "0", "RATE_LIMIT_WINDOW_SECONDS": "10"})
    assert configured == Limits(500, 3, 0, 10)
    assert Limits.from_env({"RATE_LIMIT_EXEMPT_ADDRESSES": ""}).exempt_addresses == ()
    broken = Limits.from_env({"MAX_MESSAGE_CHARS": "lots", "RATE_LIMIT_PER_SENDER": "-4"})
    assert broken == Limits()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_rate_limiter_sliding_window():
    clock = Clock()
    limiter = RateLimiter(limit=3, window=60, clock=clock)
    for _ in range(3):
        assert limiter.allows("a")
        limiter.record("a")
    assert not limiter.allows("a")
    assert limiter.allows("b")
    clock.now += 59
    assert not limiter.allows("a")
    clock.now += 2
    assert limiter.allows("a")


def test_rate_limiter_forgets_the_oldest_keys_beyond_its_size():
    limiter = RateLimiter(limit=1, window=60, clock=Clock(), max_keys=100)
    for n in range(1000):
        limiter.record(f"sender-{n}")
    assert len(limiter) == 100


def test_a_limit_of_zero_turns_the_check_off():
    limiter = RateLimiter(limit=0, window=60)
    for _ in range(100):
        limiter.record("a")
    assert limiter.allows("a")


def test_throttle_counts_only_admitted_messages_per_sender_and_per_address():
    clock = Clock()
    throttle = Throttle(Limits(per_sender=2, per_address=3, window_seconds=60), clock)
    assert throttle.admit("s1", "10.0.0.1") and throttle.admit("s1", "10.0.0.1")
    assert not throttle.admit("s1", "10.0.0.1")          # sender limit
    assert throttle.admit("s2", "10.0.0.1")              # third from this address
    assert not throttle.admit("s3", "10.0.0.1")          # address limit
    assert throttle.admit("s3", "10.0.0.2")              # another address is fine
    assert throttle.admit("s4", None)                    # unknown address: sender limit only
    clock.now += 61
    assert throttle.admit("s1", "10.0.0.1")


def test_loopback_is_limited_like_any_address_unless_exempted():
    # A reverse proxy on the same machine must not exempt everyone behind it.
    throttle = Throttle(Limits(per_sender=0, per_address=1), Clock())
    assert throttle.admit("a", "127.0.0.1") and not throttle.admit("b", "127.0.0.1")
    exempted = Throttle(Limits(per_sender=0, per_address=1, exempt_addresses=("127.0.0.1",)), Clock())
    assert all(exempted.admit(f"s{n}", "127.0.0.1") for n in range(5))


def test_one_connection_cannot_escape_by_asking_for_new_conversations():
    throttle = Throttle(Limits(per_sender=5, per_address=0, per_connection=3), Clock())
    assert all(throttle.admit(f"new-conversation-{n}", None, "sid-1") for n in range(3))
    assert not throttle.admit("new-conversation-4", None, "sid-1")
    assert throttle.admit("new-conversation-4", None, "sid-2")


def test_counters_hold_only_keyed_hashes():
    throttle = Throttle(Limits(per_sender=5, per_address=5), Clock(), hide=lambda key: f"h{hash(key)}")
    throttle.admit("resident-secret-id", "203.0.113.9", "sid-1")
    keys = [key for limiter in (throttle.by_sender, throttle.by_address, throttle.by_connection)
            for key in limiter._hits]
    assert keys and all(key.startswith("h") for key in keys)
    assert not any("resident" in key or "203.0" in key for key in keys)


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("203.0.113.9", None, "", "203.0.113.9"),
    # The header is believed only from a trusted proxy...
    ("203.0.113.9", "198.51.100.7", "127.0.0.1", "203.0.113.9"),
    ("127.0.0.1", "198.51.100.7", "127.0.0.1", "198.51.100.7"),
    # ...and only the entries the trusted proxies wrote: a client's own
    # X-Forwarded-For ends up on the left, and is ignored.
    ("127.0.0.1", "1.2.3.4, 198.51.100.7", "127.0.0.1", "198.51.100.7"),
    ("10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.4", "10.0.0.0/8", "198.51.100.7"),
    ("127.0.0.1", "not an address", "127.0.0.1", "127.0.0.1"),
    ("127.0.0.1", "", "127.0.0.1", "127.0.0.1"),
])
def test_the_real_client_address_behind_trusted_proxies(peer, forwarded, trusted, expected):
    proxies = trusted_proxies({"TRUSTED_PROXIES": trusted})
    assert real_client_address(peer, forwarded, proxies) == expected


def test_shared_counts_use_the_limits_library():
    limiter = SharedRateLimiter(2, 60, "memory://", "test")
    assert limiter.allows("k")
    limiter.record("k")
    limiter.record("k")
    assert not limiter.allows("k") and limiter.allows("other")
    throttle = Throttle(Limits(per_sender=1, per_address=0, storage_url="memory://"))
    assert isinstance(throttle.by_sender, SharedRateLimiter)
    assert throttle.admit("a", None) and not throttle.admit("a", None)


def test_replicas_sharing_redis_count_together(redis_url):
    """Two guards (two replicas) with the same Redis: one limit between them."""
    import redis

    limits = Limits(per_sender=3, per_address=0, storage_url=redis_url)
    replicas = [Throttle(limits, hide=lambda key: f"hashed:{len(key)}:{key[::-1]}")
                for _ in range(2)]
    admitted = [replicas[n % 2].admit("resident", None) for n in range(5)]
    assert admitted == [True, True, True, False, False]
    stored = b" ".join(redis.Redis.from_url(redis_url).keys("*"))
    assert b"resident" not in stored  # only the hidden form of the key
