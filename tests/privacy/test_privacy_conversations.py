"""Conversation ids: issued and signed by the server, stored as a keyed hash
that never opens the conversation."""

import re

import pytest

from privacy.conversations import ConversationIds


def test_issued_ids_are_long_random_url_safe_and_accepted():
    ids = ConversationIds(b"test-key")
    issued = {ids.issue() for _ in range(200)}
    assert len(issued) == 200
    for conversation_id in issued:
        assert re.fullmatch(r"[A-Za-z0-9_.-]{40,128}", conversation_id)
        assert ids.is_issued(conversation_id)


@pytest.mark.parametrize("made_up", [
    "me", "moi", "default", "00000000000000000000000000000000", "3f9a0c2e-widget",
    "a" * 22 + ".forged-signature", "", None, 42, "é" * 30, "x" * 500,
])
def test_ids_the_server_did_not_issue_are_refused(made_up):
    assert not ConversationIds(b"test-key").is_issued(made_up)


def test_the_stored_form_is_a_keyed_hash_that_is_not_itself_an_id():
    ids = ConversationIds(b"test-key")
    conversation_id = ids.issue()
    stored = ids.stored_id(conversation_id)
    assert stored.startswith("anon-") and len(stored) == 37
    assert conversation_id not in stored
    assert not ids.is_issued(stored)
    assert ids.stored_id(stored) != stored  # presented anywhere, it leads elsewhere
    # Keyed: another key gives another hash, and does not accept this key's ids.
    other = ConversationIds(b"other-key")
    assert other.stored_id(conversation_id) != stored
    assert not other.is_issued(conversation_id)


def test_a_tampered_id_is_refused():
    ids = ConversationIds(b"test-key")
    conversation_id = ids.issue()
    value, signature = conversation_id.split(".")
    flipped = value[:-1] + ("A" if value[-1] != "A" else "B")
    assert not ids.is_issued(f"{flipped}.{signature}")
