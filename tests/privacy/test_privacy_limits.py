"""Message checks and rate limits, without a server."""

import pytest

from privacy import limits
from privacy.limits import EMPTY, TOO_LONG, UNREADABLE, Limits, RateLimiter, Throttle, check_text


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


def test_loopback_is_exempt_from_the_address_limit_by_default():
    throttle = Throttle(Limits(per_sender=0, per_address=1), Clock())
    assert all(throttle.admit(f"s{n}", "127.0.0.1") for n in range(5))
    assert throttle.admit("a", "127.0.0.2") and not throttle.admit("b", "127.0.0.2")
