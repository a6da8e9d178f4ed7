"""Rasa's REST and socket.io channels with the privacy guard applied.

credentials.yml names them by module path; they keep the names "rest" and
"socketio", so their URLs (/webhooks/rest/webhook, /socket.io) and what
clients send do not change.

Besides the guard (privacy/guard.py), each reads requests defensively:
a body that is not a JSON object, a message that is not text, or metadata
that cannot be parsed gets the same polite "I can only read text" reply as
binary input, never an error page. Browsers from origins outside the CORS
list (CORS_ORIGINS, passed to `rasa run --cors`) are refused on socket.io,
which CORS headers alone do not protect, and their REST messages are not
processed.

Conversation ids (privacy/conversations.py) are secrets the server issues:
socket.io gives each connection one in `session_confirm` (the one it asked
for, if this server issued it, else a new one) and files everything that
connection says under it, whatever id its events name; replies go only to
connections that presented that id. REST accepts only ids the server issued
(POST /webhooks/rest/conversation gives one), except from the machine
itself (LOCAL_REST_ADDRESSES, for `curl` and tests), where any id will do.

The socket.io channel also marks topic answers for the widget's "Was this
helpful?" and takes the answer at POST /webhooks/socketio/feedback
(assistant/feedback.py stores it, without the conversation).
"""

import asyncio
import functools
import json
import logging
import os
import uuid
from typing import Any, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import response
from sanic.request import Request

import rasa_patches
from assistant import feedback, language, settings
from assistant.catalog import Catalog
from privacy import limits as input_limits
from privacy import redaction
from privacy.conversations import shared_ids
from privacy.guard import CONVERSATION_REFUSED, ORIGIN_REFUSED, GuardedChannel, note_inbound, shared_guard

logger = logging.getLogger(__name__)

# Rasa sends usage data to a third party unless told not to. Every script of
# the project sets RASA_TELEMETRY_ENABLED=false; a server started some other
# way with these channels gets it here, before it reports its start.
os.environ["RASA_TELEMETRY_ENABLED"] = "false"

# Largest socket.io message accepted (Sanic's own limit for REST bodies is
# SANIC_REQUEST_MAX_SIZE, set in scripts/env.sh).
MAX_SOCKET_PAYLOAD_BYTES = 1_048_576


def client_address(request: Optional[Request]) -> Optional[str]:
    """The client's address: the connection's peer, or, when that peer is a
    trusted reverse proxy (TRUSTED_PROXIES), the address it forwarded in
    X-Forwarded-For. Sanic's own remote_addr would believe that header from
    anyone, so it is not used."""
    if request is None:
        return None
    try:
        peer = request.conn_info.client_ip if request.conn_info else request.ip
        return input_limits.real_client_address(peer or None, request.headers.get("x-forwarded-for"),
                                                _trusted_proxies())
    except Exception:  # noqa: BLE001 - an address is a nice-to-have
        return None


@functools.lru_cache(maxsize=None)
def _trusted_proxies():
    return tuple(input_limits.trusted_proxies())


# Headers a reverse proxy adds: a request carrying one did not come from this
# machine, whatever its socket address says.
_FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def local_rest_addresses() -> Tuple[str, ...]:
    return tuple(settings.current().local_rest_addresses.split())


def is_local_request(request: Optional[Request]) -> bool:
    """Sent from this machine itself, not through a proxy: the only place
    where REST accepts a conversation id the server did not issue."""
    if request is None or any(header in request.headers for header in _FORWARDING_HEADERS):
        return False
    try:
        peer = request.conn_info.client_ip if request.conn_info else request.ip
    except Exception:  # noqa: BLE001 - unknown peer: not local
        return False
    return bool(peer) and peer in local_rest_addresses()


def origin_allowed(request: Optional[Request]) -> bool:
    """Whether a browser's Origin is one the server's CORS settings allow.

    Requests without an Origin header are not from a browser page, and CORS
    does not apply to them. The decision mirrors Sanic-CORS's own, read from
    the app (the list given to `rasa run --cors`)."""
    if request is None:
        return True
    origin = request.headers.get("origin")
    if not origin:
        return True
    try:
        from sanic_cors.core import get_cors_origins

        for pattern, options in request.app.ctx.sanic_cors.resources:
            if pattern.match(request.path) if hasattr(pattern, "match") else True:
                return bool(get_cors_origins(options, origin))
    except Exception:  # noqa: BLE001 - unknown configuration: refuse
        logger.warning("Could not read the CORS settings; refusing origin %s", origin)
        return False
    return False


class GuardedRestInput(GuardedChannel, RestInput):
    """POST /webhooks/rest/webhook {"sender": "...", "message": "...",
    "metadata": {"language": "fr"}}"""

    kept_metadata_keys = ("language",)

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @staticmethod
    def _payload(request: Request) -> Optional[Dict[str, Any]]:
        """The JSON body, or None when it is not a JSON object."""
        if not hasattr(request.ctx, "privacy_payload"):
            try:
                payload = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError, RecursionError):
                # RecursionError: JSON nested deeper than Python's parser goes.
                payload = None
            request.ctx.privacy_payload = payload if isinstance(payload, dict) else None
        return request.ctx.privacy_payload

    def blueprint(self, on_new_message):
        blueprint = super().blueprint(on_new_message)

        @blueprint.route("/conversation", methods=["POST"])
        async def new_conversation(request: Request):
            """A new conversation id, to send as "sender" with each message."""
            return response.json({"sender": shared_ids().issue()})

        return blueprint

    async def _extract_sender(self, request: Request) -> Optional[Text]:
        sender = (self._payload(request) or {}).get("sender")
        if isinstance(sender, (str, int)) and not isinstance(sender, bool) and str(sender).strip():
            sender = str(sender)
        else:
            # Rasa would file every anonymous message under one shared "default"
            # conversation; each gets its own instead.
            sender = None
        if is_local_request(request):
            return sender or uuid.uuid4().hex
        if not shared_ids().is_issued(sender):
            request.ctx.privacy_conversation_refused = True
            return sender if isinstance(sender, str) and len(sender) <= 128 else "unknown"
        return sender

    def _extract_message(self, request: Request) -> Optional[Text]:
        payload = self._payload(request)
        text = None if payload is None else payload.get("message")
        problem = None
        if payload is None or (text is not None and not isinstance(text, str)):
            problem, text = input_limits.UNREADABLE, None
        elif not origin_allowed(request):
            problem = ORIGIN_REFUSED
        elif getattr(request.ctx, "privacy_conversation_refused", False):
            problem = CONVERSATION_REFUSED
        note_inbound(address=client_address(request), problem=problem)
        # Redacted already here: Rasa's REST handler logs the text it read if
        # processing fails, and that log must not hold personal details.
        if isinstance(text, str) and len(text) <= shared_guard().limits.max_chars:
            text = redaction.redact(input_limits.strip_invisible(text),
                                    shared_guard().public_numbers).text
        return text

    def _extract_input_channel(self, request: Request) -> Text:
        return self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = (self._payload(request) or {}).get("metadata")
        return metadata if isinstance(metadata, dict) else None


class FeedbackSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, where the last part of a topic answer (the one
    with its buttons) also carries {"feedback": {"topic", "language"}}: the
    widget asks "Was this helpful?" under it. The action names the topic
    (`feedback_topic`, actions/actions.py); other channels ignore it."""

    _marker: Optional[Dict[str, str]] = None
    _parts_left = 0

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._marking(kwargs, len(text.strip().split("\n\n")),
                            super().send_text_message(recipient_id, text, **kwargs))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons, **kwargs: Any) -> None:
        await self._marking(kwargs, len(text.strip().split("\n\n") or [text]),
                            super().send_text_with_buttons(recipient_id, text, buttons, **kwargs))

    async def _marking(self, kwargs: Dict[str, Any], parts: int, sending) -> None:
        topic, lang = kwargs.get("feedback_topic"), language.supported_code(kwargs.get("language"))
        self._marker = {"topic": str(topic), "language": lang} if topic and lang else None
        self._parts_left = parts
        try:
            await sending
        finally:
            self._marker = None

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self._parts_left -= 1
        if self._marker and self._parts_left == 0 and isinstance(response, dict):
            response = {**response, "feedback": self._marker}
        await super()._send_message(socket_id, response)


def use_feedback_output() -> None:
    """Rasa's socket.io channel replies through the output above
    (rasa_patches.use_socketio_output)."""
    rasa_patches.use_socketio_output(FeedbackSocketIOOutput)


# Clicks on "Was this helpful?" accepted per minute from one address (memory only).
FEEDBACK_PER_MINUTE = 30


def feedback_handler(store: feedback.Store, catalog: Catalog, channel: str = "socketio",
                     limiter: Optional[input_limits.RateLimiter] = None):
    """POST {"topic": "<answer key>", "language": "en", "helpful": true}: 204
    when stored; 400, 403, 422 or 429 with the reason otherwise, never a 500
    for anything a client sends. The body may be sent as text/plain, so a
    browser needs no CORS preflight."""
    if limiter is None:  # (an empty limiter is falsy: it has a length)
        limiter = input_limits.RateLimiter(FEEDBACK_PER_MINUTE, 60.0)

    async def receive_feedback(request: Request):
        if not origin_allowed(request):
            return response.json({"error": "origin not allowed"}, status=403)
        address = client_address(request) or "unknown"
        if not limiter.allows(address):
            return response.json({"error": "too many requests, try again in a minute"}, status=429)
        limiter.record(address)
        try:
            data = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError, RecursionError):
            return response.json({"error": "expected a JSON object"}, status=400)
        try:
            given = feedback.checked(catalog, data, channel)
        except feedback.Refused as refused:
            return response.json({"error": str(refused)}, status=422)
        try:
            await asyncio.to_thread(store.add, given)
        except Exception:  # noqa: BLE001 - a lost click must not show an error page
            logger.exception("feedback could not be stored")
            return response.json({"error": "not stored, try again later"}, status=503)
        return response.empty(status=204)

    return receive_feedback


class GuardedSocketIOInput(GuardedChannel, SocketIOInput):
    """The website widget's channel (socket.io, events user_uttered / bot_uttered)."""

    kept_metadata_keys = ("language",)
    # Sent to every connection of a conversation once it was erased, with the
    # new conversation id the connections now have: {"session_id": "..."}.
    # The widget clears its storage; docs/EMBEDDING.md shows rasa-webchat's.
    erased_evt = "conversation_erased"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # socket.io connection -> the conversation id it presented or was given.
        self._sessions: Dict[str, str] = {}

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    async def conversation_erased(self, message, conversation_id: str) -> None:
        """Every connection of the erased conversation gets a new, empty one,
        and is told so, so that no client keeps the old transcript or id."""
        await self._renew_sessions(lambda session_id: session_id == conversation_id)

    async def forget_conversation(self, stored_id: str) -> None:
        """The same for a conversation another replica erased, known here by
        its stored id only: this replica's connections of it (another tab of
        the resident, on this replica behind the proxy) start over too."""
        stored = shared_ids().stored_id
        await self._renew_sessions(lambda session_id: stored(session_id) == stored_id)

    async def _renew_sessions(self, erased: Callable[[str], bool]) -> None:
        namespace = self.namespace or "/"
        fresh = None
        for sid, session_id in list(self._sessions.items()):
            if not erased(session_id):
                continue
            fresh = fresh or shared_ids().issue()
            await self.sio.leave_room(sid, session_id, namespace=namespace)
            self._sessions[sid] = fresh
            await self.sio.enter_room(sid, fresh, namespace=namespace)
            await self.sio.emit(self.erased_evt, {"session_id": fresh}, room=sid, namespace=namespace)

    def blueprint(self, on_new_message):
        use_feedback_output()
        blueprint = super().blueprint(on_new_message)
        blueprint.add_route(feedback_handler(feedback.Store(), Catalog()), "/feedback", methods=["POST"])
        sio = self.sio
        namespace = self.namespace or "/"
        sio.eio.max_http_buffer_size = MAX_SOCKET_PAYLOAD_BYTES
        handlers = sio.handlers[namespace]
        connect = handlers["connect"]
        handle_message = handlers[self.user_message_evt]
        sessions = self._sessions

        async def checked_connect(sid, environ, auth=None):
            if not origin_allowed(environ.get("sanic.request")):
                logger.info("socket.io connection refused: origin not allowed")
                return False
            return await connect(sid, environ, auth)

        async def checked_message(sid, *args):
            data = args[0] if len(args) == 1 else None
            problem = _unreadable_socket_data(data, self.metadata_key)
            session_id = sessions.get(sid)
            if not problem and session_id is None:
                problem = CONVERSATION_REFUSED  # no session_request on this connection
            if problem:
                lang = _metadata_language(data, self.metadata_key)
                await sio.emit(self.bot_message_evt, {"text": shared_guard().render(problem, lang)},
                               room=sid, namespace=namespace)
                return None
            try:
                request = sio.get_environ(sid, namespace).get("sanic.request")
            except Exception:  # noqa: BLE001
                request = None
            note_inbound(address=client_address(request), connection=sid)
            # The connection's own conversation, whatever id the event names.
            return await handle_message(sid, {**data, "session_id": session_id})

        async def session_request(sid, data=None):
            # Rasa's own handler trusts the id the client sends and calls
            # python-socketio's enter_room without awaiting it (a coroutine in
            # the pinned 5.x, so it never runs). Here the id must be one this
            # server issued, else the connection gets a new one; it joins that
            # conversation's room, awaited, and no other.
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id")
            if not shared_ids().is_issued(session_id):
                session_id = shared_ids().issue()
            previous = sessions.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            sessions[sid] = session_id
            await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        async def forget_session(sid, *_reason):
            sessions.pop(sid, None)

        rasa_patches.replace_socketio_handlers(sio, namespace, {
            "connect": checked_connect, "disconnect": forget_session,
            "session_request": session_request, self.user_message_evt: checked_message})
        return blueprint


def _metadata_language(data: Any, key: str) -> Optional[str]:
    metadata = data.get(key) if isinstance(data, dict) else None
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    return language.supported_code(metadata.get("language")) if isinstance(metadata, dict) else None


def _unreadable_socket_data(data: Any, metadata_key: str) -> Optional[str]:
    """Why Rasa's socket.io handler could not read this event, if it could not."""
    if not isinstance(data, dict):
        return input_limits.UNREADABLE
    message = data.get("message", "")
    if message is not None and not isinstance(message, str):
        return input_limits.UNREADABLE
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return input_limits.UNREADABLE
        if not isinstance(metadata, dict):
            return input_limits.UNREADABLE
    elif metadata is not None and not isinstance(metadata, dict):
        return input_limits.UNREADABLE
    return None
