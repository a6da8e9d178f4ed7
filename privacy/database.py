"""How the tracker database is opened, for the tracker store and for retention.

SQLite (the embedded set-up, `var/tracker.db`):

  - `secure_delete`: deleted rows are overwritten with zeros instead of being
    left in free pages, where they would survive in the file and its backups;
  - write-ahead log with `synchronous = NORMAL`: a save appends to
    `tracker.db-wal` without waiting for the disk (SQLite's default rollback
    journal waits twice per save); SQLite waits once when it copies the log
    into the main file, every thousand pages or so. A crash of the server
    loses nothing; a power cut or an operating-system crash can lose the
    turns saved in the seconds before it, those the system had not yet
    written out. Deletions always wait for the disk (`clear_write_ahead_log`);
  - connections stay open in a small pool instead of being opened (and the
    schema read) for every save and load;
  - the file, its write-ahead log and everything else the process creates
    are owner-only (umask 077, and an existing file is made so at start):
    run the service under an account of its own (docs/SECURITY.md);
  - after deleting anything, `clear_write_ahead_log` copies the log into the
    main file and empties it, so deleted rows survive neither in the log nor
    in the file. Copy a running database with `sqlite3 tracker.db ".backup
    copy.db"`, not `cp`: `cp` would miss the turns still in the log.

Any other database (PostgreSQL in `make cluster`) is opened as Rasa opens it.
"""

import logging
import os
import time
from pathlib import Path
from typing import Mapping, Optional, Union

import sqlalchemy as sa

from assistant import settings

logger = logging.getLogger(__name__)

# Seconds a writer waits for another to finish before SQLite gives up.
DEFAULT_TRACKER_DB = "var/tracker.db"
BUSY_TIMEOUT_SECONDS = 30
# Connections kept open; saves and loads run on a few threads (tracker_store.py).
POOL_SIZE = 4
# How long clearing the log waits for readers to finish before it reports it could not.
CHECKPOINT_ATTEMPTS = 10


def tracker_database(env: Optional[Mapping[str, str]] = None) -> Union[str, Path]:
    """Where the conversations are kept: TRACKER_DB_URL when set (a database
    address, such as the cluster's PostgreSQL), else the SQLite file TRACKER_DB
    (as endpoints.yml uses)."""
    s = settings.current() if env is None else settings.read(env)
    return s.tracker_db_url or Path(s.tracker_db or DEFAULT_TRACKER_DB)


def is_sqlite(engine: sa.engine.Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _sqlite_settings(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def owner_only(database: str) -> None:
    """New files of this process readable by its own account only, and the
    SQLite files that already exist made so."""
    os.umask(0o077)
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(f"{database}{suffix}")
        if path.exists():
            path.chmod(0o600)


def open_engine(url) -> sa.engine.Engine:
    """An engine for the tracker database at `url`, set up as described above."""
    url = sa.engine.make_url(url)
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url)
    if url.database and url.database != ":memory:":
        owner_only(url.database)
    engine = sa.create_engine(
        url, poolclass=sa.pool.QueuePool, pool_size=POOL_SIZE, max_overflow=2 * POOL_SIZE,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False})
    sa.event.listen(engine, "connect", _sqlite_settings)
    return engine


def reopen(engine: sa.engine.Engine) -> sa.engine.Engine:
    """`engine` (made by Rasa) again through `open_engine`; the old one is closed."""
    if not is_sqlite(engine):
        return engine
    engine.dispose()
    return open_engine(engine.url)


def clear_write_ahead_log(engine: sa.engine.Engine) -> bool:
    """Copy SQLite's write-ahead log into the main file and empty it; call it
    after deleting rows. False if readers kept it busy (the next call, or the
    next checkpoint SQLite runs by itself, finishes the job)."""
    if not is_sqlite(engine):
        return True
    for attempt in range(CHECKPOINT_ATTEMPTS):
        with engine.connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return True
        time.sleep(0.05 * (attempt + 1))
    logger.warning("The tracker database's write-ahead log could not be emptied: readers "
                   "kept it busy. Deleted rows stay in %s-wal until the next checkpoint.",
                   engine.url.database)
    return False
