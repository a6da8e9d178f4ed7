"""Retention: an aged copy of a real tracker database loses its old
conversations, keeps the recent ones, and keeps no trace of what it deleted."""

import asyncio
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from on_disk import database_bytes
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy import database, retention

ROOT = Path(__file__).resolve().parents[2]
DAY = 86_400


def write_conversation(db: Path, sender: str, text: str, at: float) -> None:
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker(sender, [])
    for event in (ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
                  ActionExecuted("action_listen", timestamp=at), UserUttered(text, timestamp=at + 1),
                  BotUttered("An answer", timestamp=at + 2)):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def age(db: Path, sender: str, days: float) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?",
                           (days * DAY, sender))


@pytest.fixture
def tracker_db(tmp_path) -> Path:
    db = tmp_path / "tracker.db"
    now = time.time()
    write_conversation(db, "old-resident", "OLDMARKER question about my fingerprint", now)
    write_conversation(db, "recent-resident", "RECENTMARKER question about consent", now)
    aged = tmp_path / "aged-tracker.db"
    shutil.copy(db, aged)
    age(aged, "old-resident", 31)
    return aged


def senders(db: Path):
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def test_purge_deletes_conversations_older_than_the_period(tracker_db):
    result = retention.purge(database.open_engine(retention.sqlite_url(tracker_db)), days=30)
    assert result.events == 5 and result.conversations == 1
    assert senders(tracker_db) == {"recent-resident"}
    raw = database_bytes(tracker_db)
    assert b"OLDMARKER" not in raw and b"old-resident" not in raw  # overwritten, not just unlinked
    assert b"RECENTMARKER" in raw
    # What remains is still a conversation Rasa can load.
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tracker_db))
    tracker = asyncio.run(store.retrieve("recent-resident"))
    assert tracker.latest_message.text == "RECENTMARKER question about consent"


def test_a_longer_period_keeps_everything_and_dry_run_deletes_nothing(tracker_db):
    engine = database.open_engine(retention.sqlite_url(tracker_db))
    assert retention.purge(engine, days=60).events == 0
    assert retention.purge(engine, days=30, dry_run=True).events == 5
    assert senders(tracker_db) == {"old-resident", "recent-resident"}


def test_old_sessions_of_an_ongoing_conversation_go_too(tmp_path):
    db = tmp_path / "tracker.db"
    write_conversation(db, "resident", "FIRSTVISIT", time.time() - 40 * DAY)
    write_conversation(db, "second-visit", "SECONDVISIT", time.time())
    with sqlite3.connect(db) as connection:  # the same resident, back 40 days later
        connection.execute("UPDATE events SET sender_id = 'resident' WHERE sender_id = 'second-visit'")
    retention.purge(database.open_engine(retention.sqlite_url(db)), days=30)
    raw = database_bytes(db)
    assert b"FIRSTVISIT" not in raw and b"SECONDVISIT" in raw


def test_delete_conversation_leaves_nothing_of_it(tracker_db):
    engine = database.open_engine(retention.sqlite_url(tracker_db))
    assert retention.delete_conversation(engine, "recent-resident") == 5
    assert b"RECENTMARKER" not in database_bytes(tracker_db)
    assert b"recent-resident" not in database_bytes(tracker_db)


def test_make_purge_on_an_aged_copy(tracker_db):
    env = dict(os.environ, TRACKER_DB=str(tracker_db), RETENTION_DAYS="30")
    done = subprocess.run(["make", "-s", "purge"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Deleted 5 event(s) older than 30 day(s)" in done.stdout
    assert "1 conversation(s) removed entirely" in done.stdout
    assert senders(tracker_db) == {"recent-resident"}


def test_command_line_without_a_database(tmp_path, capsys):
    assert retention.main(["--db", str(tmp_path / "missing.db")]) == 0
    assert "nothing to delete" in capsys.readouterr().out


@pytest.mark.parametrize("value, days", [(None, 30), ("", 30), ("7", 7), ("0", 30), ("soon", 30)])
def test_retention_days_setting(value, days):
    env = {} if value is None else {"RETENTION_DAYS": value}
    assert retention.retention_days(env) == days
