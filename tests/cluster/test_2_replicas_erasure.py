"""Erasing a conversation on one replica ends it on every replica: the rows
in PostgreSQL, the lock in Redis, and what the other replica holds in memory
(a second tab of the same conversation, connected there), in both languages."""

import time

import pytest
import redis
import sqlalchemy as sa
from chat import IDS, SocketResident

ERASE = {"en": ("Hello", "delete my conversation", "/affirm", "this conversation has been deleted"),
         "fr": ("Bonjour", "supprimez ma conversation", "/affirm", "cette conversation a été supprimée")}


def stored_rows(db_url: str, stored_id: str) -> int:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"),
                                      {"s": stored_id}).scalar()
    finally:
        engine.dispose()


def user_texts(db_url: str, stored_id: str):
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return [row[0] for row in connection.execute(sa.text(
                "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user'"),
                {"s": stored_id})]
    finally:
        engine.dispose()


def redis_keys_naming(cluster, stored_id: str):
    c = cluster.config
    found = []
    for db in (c.redis_db, c.redis_db + 1):  # the lock store, the rate limits
        client = redis.Redis(host="127.0.0.1", port=c.redis_port, db=db,
                             password=c.redis_password or None)
        found += [key for key in client.keys("*") if stored_id.encode() in key]
        client.close()
    return found


def wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_erasure_on_one_replica_ends_the_conversation_on_the_other(cluster, db_url, lang):
    hello, request, yes, done = ERASE[lang]
    here = SocketResident(cluster.replica_url(0), session_id=IDS.issue())
    conversation = here.session_id
    # The same conversation open in a second tab, which reached the other replica.
    there = SocketResident(cluster.replica_url(1), session_id=conversation)
    stored = IDS.stored_id(conversation)
    try:
        assert there.session_id == conversation
        assert there.say(hello, metadata={"language": lang})
        assert stored_rows(db_url, stored) > 0
        here.say(request, metadata={"language": lang})
        assert done in "\n".join(r.get("text") or "" for r in here.say(yes))
        assert stored_rows(db_url, stored) == 0
        assert redis_keys_naming(cluster, stored) == []
        # The other replica's tab is told, and gets a new, empty conversation.
        assert wait_for(lambda: there.erased), "the other replica's tab was not told"
        fresh = there.erased[0]["session_id"]
        assert fresh != conversation and IDS.is_issued(fresh)
        assert there.say(hello, metadata={"language": lang})
        assert stored_rows(db_url, stored) == 0  # nothing written into the old one
        assert len(user_texts(db_url, IDS.stored_id(fresh))) == 1
    finally:
        here.close()
        there.close()
