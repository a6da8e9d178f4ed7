"""What a SQLite tracker database holds on disk: the main file and its
write-ahead log (privacy/database.py), which holds the latest turns until
SQLite copies them into the main file."""

import sqlite3
from contextlib import closing
from pathlib import Path


def database_bytes(db: Path) -> bytes:
    """Every byte of the database and of its log, as a copy of the folder would have them."""
    log = db.with_name(db.name + "-wal")
    return db.read_bytes() + (log.read_bytes() if log.exists() else b"")


def backup(db: Path, copy: Path) -> None:
    """Copy a database that may be in use, the way docs/DEPLOYMENT.md says to."""
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
