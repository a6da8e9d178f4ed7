"""The tracker store redacts what it saves, erases a conversation when the
resident confirmed it, and deletes expired conversations on its own timer."""

import asyncio
import sqlite3
import time

import pytest
from on_disk import database_bytes
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.tracker_store import PrivateSQLTrackerStore, redact_event

DAY = 86_400


def store(db, monkeypatch, **env) -> PrivateSQLTrackerStore:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PrivateSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))


def conversation(sender: str, *texts: str, at: float = None) -> DialogueStateTracker:
    at = time.time() if at is None else at
    tracker = DialogueStateTracker(sender, [])
    tracker.update(ActionExecuted("action_session_start", timestamp=at))
    tracker.update(SessionStarted(timestamp=at))
    for n, text in enumerate(texts):
        tracker.update(ActionExecuted("action_listen", timestamp=at + n))
        tracker.update(UserUttered(text, parse_data={"text": text, "intent": {"name": "greet"}},
                                   metadata={"language": "en", "note": text}, timestamp=at + n))
        tracker.update(BotUttered("Call the OPC at 1-800-282-1376.", timestamp=at + n))
    return tracker


def rows(db, sender):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT type_name, data FROM events WHERE sender_id = ?",
                                  (sender,)).fetchall()


def test_user_text_is_redacted_on_save_and_bot_messages_are_kept(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("r1", "my email is ABC@example.ORG, in 2021")))
    raw = database_bytes(db)
    assert b"ABC@example.ORG" not in raw
    assert b"my email is [email], in 2021" in raw
    assert b"1-800-282-1376" in raw
    loaded = asyncio.run(tracker_store.retrieve("r1"))
    assert loaded.latest_message.text == "my email is [email], in 2021"


def test_confirmed_erasure_leaves_nothing_of_the_conversation(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    tracker = conversation("erase-me", "UNIQUEWORDONE about consent")
    asyncio.run(tracker_store.save(tracker))
    asyncio.run(tracker_store.save(conversation("keep-me", "UNIQUEWORDKEPT")))
    assert rows(db, "erase-me")
    assert b"UNIQUEWORDONE" in database_bytes(db)
    # The confirming turn: Rasa saves it once, after the action set the slot.
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("UNIQUEWORDTWO yes", parse_data={"intent": {"name": "affirm"}}))
    tracker.update(ActionExecuted("action_confirm_erasure"))
    tracker.update(SlotSet("conversation_erasure", True))
    tracker.update(BotUttered("Done: this conversation has been deleted."))
    asyncio.run(tracker_store.save(tracker))
    assert rows(db, "erase-me") == []
    raw = database_bytes(db)
    for trace in (b"erase-me", b"UNIQUEWORDONE", b"UNIQUEWORDTWO"):
        assert trace not in raw
    assert rows(db, "keep-me")
    assert asyncio.run(tracker_store.retrieve("erase-me")) is None


def test_a_slot_set_to_false_erases_nothing(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    tracker = conversation("r2", "hello")
    tracker.update(SlotSet("conversation_erasure", False))
    asyncio.run(tracker_store.save(tracker))
    assert len(rows(db, "r2")) == 6


def test_the_timer_deletes_expired_conversations_without_being_asked(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    first = store(db, monkeypatch)
    asyncio.run(first.save(conversation("old", "OLDCONVERSATION", at=time.time() - 31 * DAY)))
    asyncio.run(first.save(conversation("new", "NEWCONVERSATION")))
    first.stop_retention_timer()
    assert rows(db, "old")
    second = store(db, monkeypatch, RETENTION_DAYS="30", RETENTION_CHECK_SECONDS="0.2")
    deadline = time.time() + 10
    # The purge deletes the rows, then empties the write-ahead log: wait for both.
    while (rows(db, "old") or b"OLDCONVERSATION" in database_bytes(db)) and time.time() < deadline:
        time.sleep(0.1)
    second.stop_retention_timer()
    assert rows(db, "old") == [] and rows(db, "new")
    assert b"OLDCONVERSATION" not in database_bytes(db)


def test_the_database_keeps_a_write_ahead_log_and_secure_delete(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("r3", "hello")))
    with tracker_store.engine.connect() as connection:
        settings = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous", "secure_delete")]
    assert settings == ["wal", 1, 1]  # synchronous 1 is NORMAL
    assert db.with_name("tracker.db-wal").stat().st_size > 0


def test_a_save_waiting_for_the_disk_does_not_hold_up_other_residents(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("first", "hello")))

    async def save_while_another_writer_holds_the_database():
        ticks = 0
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # what a long write elsewhere looks like
        saving = asyncio.ensure_future(tracker_store.save(conversation("second", "bonjour")))
        while ticks < 20:  # the event loop keeps running other work meanwhile
            await asyncio.sleep(0.01)
            ticks += 1
        assert not saving.done()
        blocker.execute("COMMIT")
        blocker.close()
        await saving
        return ticks

    assert asyncio.run(save_while_another_writer_holds_the_database()) == 20
    assert len(rows(db, "second")) == 5


def test_many_residents_saving_at_once_are_all_stored(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)

    async def everyone_at_once():
        await asyncio.gather(*(tracker_store.save(conversation(f"resident-{n}", "hello", "merci"))
                               for n in range(24)))

    asyncio.run(everyone_at_once())
    with sqlite3.connect(db) as connection:
        counts = connection.execute("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id").fetchall()
    assert sorted(counts) == sorted((f"resident-{n}", 8) for n in range(24))
    loaded = asyncio.run(tracker_store.retrieve("resident-7"))
    assert [event.text for event in loaded.events if event.type_name == "user"] == ["hello", "merci"]


@pytest.mark.parametrize("event", [
    {"event": "bot", "text": "Call 613-555-0199"},
    {"event": "action", "name": "action_listen"},
])
def test_only_user_events_are_redacted(event):
    assert redact_event(event) == event


def _turn(tracker: DialogueStateTracker, text: str) -> None:
    """What Rasa adds to a tracker in one turn: the message and a reply."""
    tracker.update(UserUttered(text, parse_data={"text": text, "intent": {"name": "greet"}}))
    tracker.update(BotUttered(f"reply to {text}"))
    tracker.update(ActionExecuted("action_listen"))


def _texts(db, sender):
    return [data for kind, data in rows(db, sender) if kind == "user"]


def test_a_loaded_tracker_saves_its_new_events_without_counting_the_stored_ones(tmp_path,
                                                                                monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("r2", "hello")))

    def no_count(sender_id):
        raise AssertionError("the stored events were counted in the database")

    monkeypatch.setattr(tracker_store, "_count_stored", no_count)
    tracker = asyncio.run(tracker_store.retrieve("r2"))
    _turn(tracker, "second turn")
    asyncio.run(tracker_store.save(tracker))
    asyncio.run(tracker_store.save(tracker))  # saved twice in a turn: nothing twice
    _turn(tracker, "third turn")
    asyncio.run(tracker_store.save(tracker))
    assert len(rows(db, "r2")) == 5 + 3 + 3
    assert [event.text for event in asyncio.run(tracker_store.retrieve("r2")).events
            if event.type_name == "user"] == ["hello", "second turn", "third turn"]


def test_a_tracker_the_store_did_not_load_is_counted_in_the_database(tmp_path, monkeypatch):
    import copy

    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("r3", "hello")))
    counted = []
    count_stored = tracker_store._count_stored
    monkeypatch.setattr(tracker_store, "_count_stored",
                        lambda sender_id: counted.append(sender_id) or count_stored(sender_id))

    # Built elsewhere (the HTTP API, a test), or a copy of a loaded tracker.
    rebuilt = conversation("r3", "hello")
    _turn(rebuilt, "from the API")
    asyncio.run(tracker_store.save(rebuilt))
    loaded = asyncio.run(tracker_store.retrieve("r3"))
    copied = copy.deepcopy(loaded)
    _turn(copied, "from a copy")
    asyncio.run(tracker_store.save(copied))
    assert counted == ["r3", "r3"]
    assert len(rows(db, "r3")) == 5 + 3 + 3


def test_a_loaded_tracker_can_still_be_erased(tmp_path, monkeypatch):
    db = tmp_path / "tracker.db"
    tracker_store = store(db, monkeypatch)
    asyncio.run(tracker_store.save(conversation("r4", "UNIQUEWORDTWO hello")))
    tracker = asyncio.run(tracker_store.retrieve("r4"))
    tracker.update(SlotSet("conversation_erasure", True))
    asyncio.run(tracker_store.save(tracker))
    assert rows(db, "r4") == []
    asyncio.run(tracker_store.save(tracker))  # a second save in the turn: erased again
    assert rows(db, "r4") == []
