"""Talking to the assistant the way residents' clients do, for the cluster tests:
REST (one request per message) and socket.io (the website widget's channel),
plus reading a conversation back from the tracker database.
"""

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import sqlalchemy as sa

from assistant import language
from privacy.conversations import ConversationIds

PHONE = "1-800-282-1376"
TROUBLE_START = {"en": "Sorry, the service is having technical trouble",
                 "fr": "Désolé, le service éprouve des difficultés techniques"}
REQUEST_TIMEOUT = 90  # seconds; above the lock lifetime plus a slow turn


@dataclass
class Reply:
    status: int
    messages: List[Dict[str, Any]]
    seconds: float

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)


def say(base_url: str, sender: str, text: Any, metadata: Optional[dict] = None,
        message_id: Optional[str] = None, raw_body: Optional[bytes] = None,
        timeout: float = REQUEST_TIMEOUT) -> Reply:
    """POST one message to the REST channel; never raises on an HTTP error."""
    body = {"sender": sender, "message": text}
    if metadata is not None:
        body["metadata"] = metadata
    headers = {"Content-Type": "application/json"}
    if message_id:
        headers["Idempotency-Key"] = message_id
    data = raw_body if raw_body is not None else json.dumps(body).encode("utf-8", "surrogatepass")
    request = urllib.request.Request(f"{base_url}/webhooks/rest/webhook", data=data, headers=headers)
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    seconds = time.monotonic() - started
    try:
        messages = json.loads(payload)
    except ValueError:
        messages = []
    return Reply(status, messages if isinstance(messages, list) else [], seconds)


# The key the test cluster signs conversation ids with (conftest.py sets it
# as the replicas' PSEUDONYM_KEY): behind the proxy, the REST channel only
# accepts ids the server issued, and stores each under its keyed hash.
PSEUDONYM_KEY = "test-cluster-pseudonym-key-for-the-replicas"
IDS = ConversationIds(PSEUDONYM_KEY.encode())


def new_sender(prefix: str = "resident") -> str:
    """A conversation id as the server issues it (`prefix` only names the
    resident at the call site)."""
    return IDS.issue()


def is_trouble(text: str, lang: str) -> bool:
    return text.startswith(TROUBLE_START[lang]) and PHONE in text


def reply_language(text: str) -> Optional[str]:
    return language.detect(text)


@dataclass
class SocketResident:
    """One widget session over socket.io (python-socketio's client)."""

    url: str
    transport: str = "websocket"
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    received: List[Dict[str, Any]] = field(default_factory=list)
    # `conversation_erased` events: the new conversation id after an erasure.
    erased: List[Dict[str, Any]] = field(default_factory=list)

    def __post_init__(self):
        import socketio

        self._lock = threading.Lock()
        confirmed = threading.Event()

        def on_confirm(session_id):
            # The id the server filed this connection under: the one asked
            # for when the server issued it, else a new one.
            self.session_id = session_id
            confirmed.set()

        self.client = socketio.Client(reconnection=False)
        self.client.on("bot_uttered", self._on_reply)
        self.client.on("session_confirm", on_confirm)
        self.client.on("conversation_erased", self.erased.append)
        self.client.connect(self.url, transports=[self.transport], wait_timeout=20)
        self.client.emit("session_request", {"session_id": self.session_id})
        confirmed.wait(20)  # the session_confirm round trip, before the first message

    def _on_reply(self, data):
        with self._lock:
            self.received.append(data if isinstance(data, dict) else {"text": str(data)})

    def say(self, text: Any, metadata: Optional[dict] = None, timeout: float = 60,
            settle: float = 0.6) -> List[Dict[str, Any]]:
        """Send a message; the replies that arrive until `settle` seconds of quiet."""
        with self._lock:
            start = len(self.received)
        payload = {"message": text, "session_id": self.session_id}
        if metadata:
            payload["metadata"] = metadata
        self.client.emit("user_uttered", payload)
        deadline = time.monotonic() + timeout
        last_count, quiet_since = start, None
        while time.monotonic() < deadline:
            with self._lock:
                count = len(self.received)
            if count > last_count:
                last_count, quiet_since = count, time.monotonic()
            elif quiet_since and time.monotonic() - quiet_since >= settle:
                break
            time.sleep(0.05)
        with self._lock:
            return self.received[start:]

    def close(self):
        # A long-polling client waits for its pending poll (up to the ping
        # interval, 25 s) before it lets go; nothing is left to read by now.
        closing = threading.Thread(target=self.client.disconnect, daemon=True)
        closing.start()
        closing.join(timeout=3)


def stored_user_texts(db_url: str, sender: str) -> List[str]:
    """What the tracker store kept of a conversation: the user messages, in order."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' "
                        "ORDER BY id"), {"sender": IDS.stored_id(sender)}).fetchall()
    finally:
        engine.dispose()
    return [json.loads(row[0]).get("text") for row in rows]
