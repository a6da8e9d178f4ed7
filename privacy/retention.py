"""Keeping conversations only as long as needed, then deleting them for good.

Everything the tracker store recorded more than RETENTION_DAYS days ago
(default 30) is deleted: whole conversations that ended before then, and the
older sessions of a conversation that is still going. The tracker store runs
this on a timer (privacy/tracker_store.py); `make purge` runs it by hand:

    python -m privacy.retention [--days 30] [--db var/tracker.db | --url URL] [--dry-run]

Deleted rows are overwritten, not just unlinked: SQLite runs with
`secure_delete`, and the write-ahead log is emptied after every deletion
(privacy/database.py), so a copy of the database holds no trace of them.
"""

import argparse
import logging
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, Optional, Sequence

import sqlalchemy as sa

from assistant import settings
from privacy import database

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 30
SECONDS_PER_DAY = 86_400

# The columns of Rasa's SQLTrackerStore table that retention needs.
_EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("timestamp", sa.Float),
)


def retention_days(env: Optional[Mapping[str, str]] = None) -> int:
    """RETENTION_DAYS (assistant/settings.py): a whole number of days, at least 1."""
    return (settings.current() if env is None else settings.read(env)).retention_days


def database_url(env: Optional[Mapping[str, str]] = None) -> str:
    """The tracker database's address (database.tracker_database)."""
    location = database.tracker_database(env)
    return sqlite_url(location) if isinstance(location, Path) else location


def sqlite_url(path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


@dataclass(frozen=True)
class PurgeResult:
    cutoff: float
    events: int
    conversations: int  # conversations removed entirely

    def describe(self, days: int, dry_run: bool = False) -> str:
        when = datetime.fromtimestamp(self.cutoff, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        if dry_run:
            return (f"Dry run: {self.events} event(s) older than {days} day(s) (before {when}) "
                    f"would be deleted; {self.conversations} conversation(s) entirely. Nothing deleted.")
        return (f"Deleted {self.events} event(s) older than {days} day(s) (before {when}); "
                f"{self.conversations} conversation(s) removed entirely.")


def cutoff_for(days: int, now: Optional[float] = None) -> float:
    return (time.time() if now is None else now) - days * SECONDS_PER_DAY


def _has_events_table(connection) -> bool:
    return sa.inspect(connection).has_table("events")


def purge(engine: sa.engine.Engine, days: int, now: Optional[float] = None,
          dry_run: bool = False) -> PurgeResult:
    """Delete every event recorded more than `days` days before `now`."""
    cutoff = cutoff_for(days, now)
    with engine.begin() as connection:
        if not _has_events_table(connection):
            return PurgeResult(cutoff, 0, 0)
        old = _EVENTS.c.timestamp < cutoff
        events = connection.execute(sa.select(sa.func.count()).select_from(_EVENTS).where(old)).scalar()
        senders_with_old = {row[0] for row in connection.execute(
            sa.select(_EVENTS.c.sender_id).where(old).distinct())}
        senders_with_recent = {row[0] for row in connection.execute(
            sa.select(_EVENTS.c.sender_id).where(sa.not_(old)).distinct())}
        if not dry_run and events:
            connection.execute(_EVENTS.delete().where(old))
    if not dry_run and events:
        database.clear_write_ahead_log(engine)
    return PurgeResult(cutoff, int(events or 0), len(senders_with_old - senders_with_recent))


def delete_conversation(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete every event of one conversation; returns how many there were."""
    with engine.begin() as connection:
        if not _has_events_table(connection):
            return 0
        result = connection.execute(_EVENTS.delete().where(_EVENTS.c.sender_id == sender_id))
    database.clear_write_ahead_log(engine)
    return int(result.rowcount or 0)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m privacy.retention",
        description="Delete conversations older than the retention period.")
    parser.add_argument("--days", type=int, default=None, help="retention period in days "
                        f"(default: RETENTION_DAYS or {DEFAULT_RETENTION_DAYS})")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="SQLite tracker database (default: TRACKER_DB or var/tracker.db)")
    where.add_argument("--url", help="SQLAlchemy URL of the tracker database (default: TRACKER_DB_URL)")
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(list(argv))

    days = args.days if args.days is not None else retention_days()
    if days < 1:
        parser.error("--days must be at least 1")
    if args.url:
        url = args.url
    elif args.db:
        url = sqlite_url(args.db)
    else:
        url = database_url()
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        print(f"No tracker database at {url[len('sqlite:///'):]}: nothing to delete.")
        return 0
    result = purge(database.open_engine(url), days, dry_run=args.dry_run)
    print(result.describe(days, dry_run=args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
