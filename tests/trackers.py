"""Trackers as Rasa sends them to the action server, for the action tests."""

from typing import Dict, List, Optional, Sequence

from rasa_sdk import Tracker


def user_event(text: str, intent: str, metadata: Optional[Dict] = None,
               entities: Sequence[Dict] = ()) -> Dict:
    return {"event": "user", "text": text, "metadata": metadata or {},
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                           "entities": list(entities)}}


def from_events(events: List[Dict], slots: Dict) -> Tracker:
    """A tracker whose latest message is the last user event of `events`."""
    latest = next(e for e in reversed(events) if e["event"] == "user")
    return Tracker("resident", slots, latest["parse_data"], events, False, None, {}, "action_listen")


def for_message(text: str, intent: str, slots: Dict, entities: Sequence[Dict] = (),
                metadata: Optional[Dict] = None) -> Tracker:
    """A tracker on the turn of one message, understood as `intent`."""
    return from_events([{"event": "action", "name": "action_listen"},
                        user_event(text, intent, metadata, entities)], slots)
