"""Rasa's SQL tracker store, with the privacy rules built in.

endpoints.yml names it by module path (type: privacy.tracker_store.PrivateSQLTrackerStore)
and passes the same settings as to Rasa's SQL store. On top of it:

  - user messages are redacted once more as they are saved (the channel
    guard already did it; this catches anything that reached Rasa another
    way, e.g. through the HTTP API). Bot messages are kept as they are;
  - when a resident confirmed "delete my conversation" (the action sets the
    `conversation_erasure` slot), saving that turn erases every stored event
    of the conversation instead. Rasa saves a turn once, after its actions
    ran, and only appends events it has not stored yet, so erasing at this
    point leaves nothing of the conversation behind, including the turn that
    asked for it;
  - SQLite overwrites deleted rows (secure_delete), so they do not linger in
    the file, and saves are quick (privacy/database.py);
  - loads and saves run on a few threads of their own, so a resident whose
    turn waits for the disk does not hold up everyone else's;
  - a save knows which events are new from the tracker it loaded, instead of
    counting the stored ones in the database as Rasa does on every save;
  - loads and saves are SQL statements built once (`EventStatements`), the
    same queries as Rasa's without its ORM objects: a load or a save of a
    turn's events then takes about a fifth of the time;
  - a background timer deletes everything older than RETENTION_DAYS (default
    30), every RETENTION_CHECK_SECONDS (default 3600) and once at start-up.
"""

import asyncio
import itertools
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Collection, Dict, List, Optional, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from assistant import settings
from assistant.offices import public_phone_numbers
from privacy import database, redaction, retention
from privacy import events as privacy_events
from privacy.guard import note_erased

logger = logging.getLogger(__name__)

DEFAULT_CHECK_SECONDS = 3600.0
T = TypeVar("T")


def _check_seconds() -> float:
    return settings.current().retention_check_seconds


def redact_event(data: Dict[str, Any], keep: Collection[str] = ()) -> Dict[str, Any]:
    """A stored event as a dict, with what the resident typed redacted."""
    if data.get("event") != "user":
        return data
    data = dict(data)
    if isinstance(data.get("text"), str):
        data["text"] = redaction.redact(data["text"], keep).text
    if isinstance(data.get("metadata"), dict):
        data["metadata"] = redaction.redact_values(data["metadata"], keep)
    parse_data = data.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data = dict(parse_data)
        # The message's text, and the copies Rasa keeps beside it.
        for key in ("text", "metadata", "entities"):
            if key in parse_data:
                parse_data[key] = redaction.redact_values(parse_data[key], keep)
        data["parse_data"] = parse_data
    return data


class EventStatements:
    """The statements the store runs on Rasa's `events` table (`table`), with
    the conversation's id as the parameter `sender_id`. The queries are
    Rasa's (SQLTrackerStore._event_query): a conversation's latest session
    starts at its latest `session_started` event, or at its first event when
    it has none; events come in the order they were stored (by id)."""

    def __init__(self, table: sa.Table) -> None:
        events = table.c
        sender = events.sender_id == sa.bindparam("sender_id")
        latest_start = (sa.select(sa.func.max(events.timestamp))
                        .where(sender, events.type_name == SessionStarted.type_name)
                        .scalar_subquery())
        in_latest_session = sa.or_(events.timestamp >= latest_start, latest_start.is_(None))
        # Each returns the events' data (JSON text), in order.
        self.all_sessions = sa.select(events.data).where(sender).order_by(events.id)
        self.latest_session = (sa.select(events.data).where(sender, in_latest_session)
                               .order_by(events.id))
        # How many events the latest session has stored.
        self.count_latest_session = (sa.select(sa.func.count()).select_from(table)
                                     .where(sender, in_latest_session))
        # Adds rows given as dicts of the table's columns.
        self.insert = table.insert()


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = database.reopen(self.engine)
        self.sessionmaker = sessionmaker(bind=self.engine)
        self._statements = EventStatements(self.SQLEvent.__table__)
        # Loads and saves wait for the disk; they wait on these threads, so the
        # server goes on with other residents' messages meanwhile. Rasa's lock
        # store still handles one message per conversation at a time.
        self._database_threads = ThreadPoolExecutor(max_workers=database.POOL_SIZE,
                                                    thread_name_prefix="tracker-store")
        self.retention_days = retention.retention_days()
        self._public_numbers = public_phone_numbers()
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._purge_periodically, args=(_check_seconds(),),
                                       name="retention-purge", daemon=True)
        self._timer.start()

    async def _in_thread(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._database_threads, function,
                                                                *args)

    async def _retrieve(self, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        events = await self._in_thread(self._load_events, sender_id, fetch_events_from_all_sessions)
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            _note_stored(tracker, len(events))
        return tracker

    def _load_events(self, sender_id: str, all_sessions: bool) -> List[Dict[str, Any]]:
        query = self._statements.all_sessions if all_sessions else self._statements.latest_session
        with self.session_scope() as session:
            return [json.loads(data) for (data,) in session.execute(query, {"sender_id": sender_id})]

    async def save(self, tracker: DialogueStateTracker) -> None:
        stored = _stored_count(tracker)
        if stored is None:
            stored = await self._in_thread(self._count_stored, tracker.sender_id)
        new_events = list(itertools.islice(tracker.events, stored, None))
        if privacy_events.erasure_requested(event.as_dict() for event in new_events):
            deleted = await self._in_thread(retention.delete_conversation, self.engine,
                                            tracker.sender_id)
            logger.info("Conversation erased at the resident's request (%d stored events "
                        "and this turn's %d deleted)", deleted, len(new_events))
            note_erased(tracker.sender_id)
            _note_stored(tracker, 0)
            return
        await self.stream_events(tracker)
        await self._in_thread(self._append, tracker.sender_id, new_events)
        _note_stored(tracker, stored + len(new_events))
        logger.debug("Tracker stored to database")

    def _count_stored(self, sender_id: str) -> int:
        """How many events the database holds for the conversation's latest
        session: Rasa's way of finding a tracker's new events (its
        `_additional_events`), for a tracker this store did not load."""
        with self.session_scope() as session:
            return session.execute(self._statements.count_latest_session,
                                   {"sender_id": sender_id}).scalar_one()

    def _append(self, sender_id: str, events: List[Event]) -> None:
        if not events:
            return
        rows = []
        for event in events:
            data = redact_event(event.as_dict(), self._public_numbers)
            rows.append({
                "sender_id": sender_id,
                "type_name": event.type_name,
                "timestamp": data.get("timestamp"),
                "intent_name": (data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"),
                "data": json.dumps(data),
            })
        with self.session_scope() as session:
            session.execute(self._statements.insert, rows)
            session.commit()

    def purge_expired(self) -> retention.PurgeResult:
        result = retention.purge(self.engine, self.retention_days)
        if result.events:
            logger.info(result.describe(self.retention_days))
        return result

    def _purge_periodically(self, every_seconds: float) -> None:
        while True:
            try:
                self.purge_expired()
            except Exception:  # noqa: BLE001 - try again at the next tick
                logger.exception("Deleting expired conversations failed; retrying later")
            if self._stop.wait(every_seconds):
                return

    def stop_retention_timer(self) -> None:
        self._stop.set()


# A tracker this store loaded or saved carries how many of its events the
# database holds, as (id of the tracker, count): a save then appends the
# events after those without counting them in the database. Rasa's lock store
# lets one message of a conversation be handled at a time, so nothing else
# writes the conversation between its load and its save. A copy of the
# tracker has another id, and is counted in the database like any other.
_STORED_EVENTS = "_privacy_stored_events"


def _note_stored(tracker: DialogueStateTracker, count: int) -> None:
    tracker.__dict__[_STORED_EVENTS] = (id(tracker), count)


def _stored_count(tracker: DialogueStateTracker) -> Optional[int]:
    noted = tracker.__dict__.get(_STORED_EVENTS)
    return noted[1] if noted is not None and noted[0] == id(tracker) else None
