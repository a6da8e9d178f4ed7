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
    the file;
  - a background timer deletes everything older than RETENTION_DAYS (default
    30), every RETENTION_CHECK_SECONDS (default 3600) and once at start-up.
"""

import json
import logging
import os
import threading
from typing import Any, Collection, Dict

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from privacy import redaction, retention, turns
from privacy.guard import office_numbers

logger = logging.getLogger(__name__)

DEFAULT_CHECK_SECONDS = 3600.0


def _check_seconds() -> float:
    raw = os.environ.get("RETENTION_CHECK_SECONDS", "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_CHECK_SECONDS
    except ValueError:
        logger.warning("RETENTION_CHECK_SECONDS=%r is not a number; using %s", raw, DEFAULT_CHECK_SECONDS)
        return DEFAULT_CHECK_SECONDS
    return seconds if seconds > 0 else DEFAULT_CHECK_SECONDS


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
        retention.enable_secure_delete(self.engine)
        self.retention_days = retention.retention_days()
        self._public_numbers = office_numbers()
        self._stop = threading.Event()
        self._timer = threading.Thread(target=self._purge_periodically, args=(_check_seconds(),),
                                       name="retention-purge", daemon=True)
        self._timer.start()

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if turns.erasure_requested(event.as_dict() for event in new_events):
            deleted = retention.delete_conversation(self.engine, tracker.sender_id)
            logger.info("Conversation erased at the resident's request (%d stored events "
                        "and this turn's %d deleted)", deleted, len(new_events))
            return

        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict(), self._public_numbers)
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()
        logger.debug("Tracker stored to database")

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
