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
  - a background timer deletes everything older than RETENTION_DAYS (default
    30), every RETENTION_CHECK_SECONDS (default 3600) and once at start-up.
"""

import asyncio
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Collection, Dict, List, Optional, TypeVar

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
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


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = database.reopen(self.engine)
        self.sessionmaker = sessionmaker(bind=self.engine)
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
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _load_events(self, sender_id: str, all_sessions: bool) -> List[Dict[str, Any]]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, all_sessions).all()
            return [json.loads(row.data) for row in rows]

    async def save(self, tracker: DialogueStateTracker) -> None:
        new_events = await self._in_thread(self._unsaved_events, tracker)
        if privacy_events.erasure_requested(event.as_dict() for event in new_events):
            deleted = await self._in_thread(retention.delete_conversation, self.engine,
                                            tracker.sender_id)
            logger.info("Conversation erased at the resident's request (%d stored events "
                        "and this turn's %d deleted)", deleted, len(new_events))
            note_erased(tracker.sender_id)
            return
        await self.stream_events(tracker)
        await self._in_thread(self._append, tracker.sender_id, new_events)
        logger.debug("Tracker stored to database")

    def _unsaved_events(self, tracker: DialogueStateTracker) -> List[Event]:
        with self.session_scope() as session:
            return list(self._additional_events(session, tracker))

    def _append(self, sender_id: str, events: List[Event]) -> None:
        with self.session_scope() as session:
            for event in events:
                data = redact_event(event.as_dict(), self._public_numbers)
                session.add(self.SQLEvent(
                    sender_id=sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
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
