"""Residents' "Was this helpful? Yes / No" on answers, kept without the
conversation.

One row per click: the topic (the answer's catalog key), the language, yes
or no, the channel and the day. Nothing else: no conversation id, no
address, no words of the resident or of the answer. The file is owner-only
(FEEDBACK_DB, default var/feedback.db), like the tracker database.

A topic is an answer of the catalogs with a `topic_<key>` label in both
languages (the names the "Did you mean?" buttons use); greetings, thanks
and the like have none, so they never ask for feedback.
"""

import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from assistant import settings
from assistant.catalog import Catalog
from assistant.language import SUPPORTED

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = frozenset({"socketio", "telegram", "facebook", "slack", "twilio", "botframework"})

_SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    day TEXT NOT NULL,        -- YYYY-MM-DD, the day of the click
    topic TEXT NOT NULL,      -- the answer's catalog key
    language TEXT NOT NULL,   -- en / fr
    channel TEXT NOT NULL,    -- socketio (the website), telegram...
    helpful INTEGER NOT NULL  -- 1 yes, 0 no
)"""


class Refused(ValueError):
    """Feedback that is not stored: what is wrong with it, for a 4xx."""


@dataclass(frozen=True)
class Feedback:
    topic: str
    language: str
    helpful: bool
    channel: str


def is_topic(catalog: Catalog, key: Optional[str]) -> bool:
    """Whether `key` is an answer residents may rate (see the module's text)."""
    return bool(key) and all(catalog.answer(lang, str(key)) is not None
                             and catalog.has_message(lang, f"topic_{key}") for lang in SUPPORTED)


def topics(catalog: Catalog) -> FrozenSet[str]:
    return frozenset(key for key in catalog.keys("en", "answers") if is_topic(catalog, key))


def checked(catalog: Catalog, data: Any, channel: str) -> Feedback:
    """The feedback in `data` ({"topic", "language", "helpful"}), or Refused."""
    if not isinstance(data, dict):
        raise Refused("expected a JSON object with topic, language and helpful")
    topic, lang, helpful = data.get("topic"), data.get("language"), data.get("helpful")
    if not isinstance(topic, str) or not is_topic(catalog, topic):
        raise Refused("unknown topic")
    if lang not in SUPPORTED:
        raise Refused("unknown language: expected one of " + ", ".join(SUPPORTED))
    if not isinstance(helpful, bool):
        raise Refused("helpful must be true or false")
    if channel not in CHANNELS:
        raise Refused("unknown channel")
    return Feedback(topic, str(lang), helpful, channel)


def database_path() -> Path:
    path = Path(settings.current().feedback_db.strip() or "var/feedback.db")
    return path if path.is_absolute() else ROOT / path


class Store:
    """The feedback table in its own SQLite file, owner-only."""

    def __init__(self, path: Optional[Path] = None):
        self.path = Path(path or database_path())
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            self.path.chmod(0o600)
        connection = sqlite3.connect(self.path, timeout=30)
        if not self._ready:
            connection.execute(_SCHEMA)
            connection.commit()
            self._ready = True
        return connection

    def add(self, feedback: Feedback, day: Optional[date] = None) -> None:
        with self._lock:
            connection = self._connect()
            try:
                with connection:
                    connection.execute(
                        "INSERT INTO feedback (day, topic, language, channel, helpful) VALUES (?, ?, ?, ?, ?)",
                        ((day or date.today()).isoformat(), feedback.topic, feedback.language,
                         feedback.channel, int(feedback.helpful)))
            finally:
                connection.close()

    def rows(self) -> List[Tuple[str, str, str, str, int]]:
        if not self.path.exists():
            return []
        with self._lock:
            connection = self._connect()
            try:
                return list(connection.execute(
                    "SELECT day, topic, language, channel, helpful FROM feedback ORDER BY day"))
            finally:
                connection.close()


@dataclass
class Count:
    helpful: int = 0
    not_helpful: int = 0

    @property
    def total(self) -> int:
        return self.helpful + self.not_helpful

    @property
    def not_helpful_rate(self) -> float:
        return self.not_helpful / self.total if self.total else 0.0

    def add(self, helpful: int) -> None:
        if helpful:
            self.helpful += 1
        else:
            self.not_helpful += 1


@dataclass
class Summary:
    # (topic, language) -> counts, and week (its Monday) -> language -> counts.
    by_topic: Dict[Tuple[str, str], Count]
    by_week: Dict[str, Dict[str, Count]]
    weeks: int


def week_of(day: str) -> str:
    """The Monday of the week of `day` (YYYY-MM-DD)."""
    when = date.fromisoformat(day)
    return (when - timedelta(days=when.weekday())).isoformat()


def summarize(rows: List[Tuple[str, str, str, str, int]], weeks: int = 12,
              today: Optional[date] = None) -> Summary:
    """Counts per topic and language, and per week, over the last `weeks` weeks."""
    today = today or date.today()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    by_week = {(first + timedelta(weeks=n)).isoformat(): {lang: Count() for lang in SUPPORTED}
               for n in range(weeks)}
    by_topic: Dict[Tuple[str, str], Count] = {}
    for day, topic, lang, _channel, helpful in rows:
        week = week_of(day)
        if week not in by_week or lang not in SUPPORTED:
            continue
        by_week[week][lang].add(helpful)
        by_topic.setdefault((topic, lang), Count()).add(helpful)
    return Summary(dict(sorted(by_topic.items())), by_week, weeks)
