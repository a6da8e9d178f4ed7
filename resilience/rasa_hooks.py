"""The Rasa-facing shell of the safeguards (see resilience/__init__.py): the
replacements for pieces of Rasa 3.6, which rasa_patches/__init__.py puts in
place (`install_safeguards`) before the server starts:

  ResilientRemoteAction      for RemoteAction (timeout, trouble reply)
  guarded_handle_message     for Agent.handle_message (clean text, retries,
                             trouble reply when the turn cannot be served,
                             the fallback when a turn produced no reply)
  fail_loudly_tracker_store  a FailSafeTrackerStore that raises instead of
                             silently switching to an empty in-memory store
  engine_kwargs              adds pool_pre_ping (recover after a DB restart)
                             and a connect timeout
  add_routes_and_checks      /health/ready, a retried REST message's id
                             (Idempotency-Key header or metadata.message_id),
                             and takes out what announces versions or is sent
                             literally wrong (the root page's "Hello from Rasa:
                             3.6.21", "Access-Control-Max-Age: None")
  announce_pulled_model      wraps agent._load_and_set_updated_model: says, at
                             INFO, that a model from the model server is now
                             answering (Rasa says it at DEBUG only)

Each replacement wraps or mirrors the original; tests/cluster exercises every path.
"""

import asyncio
import contextvars
import json
import logging
from typing import Any, Dict, List, Optional

from rasa.core.actions import action as rasa_action
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.shared.core.constants import ACTION_VALIDATE_SLOT_MAPPINGS
from rasa.shared.core.events import SlotSet

from assistant import settings
from assistant.catalog import Catalog
from resilience import replies

logger = logging.getLogger(__name__)

REST_WEBHOOK = "/webhooks/rest/webhook"

CATALOG = Catalog()


def _trouble_events(tracker) -> List[Any]:
    latest = tracker.latest_message
    current = tracker.get_slot("language")
    langs = replies.trouble_languages(latest.text if latest else None, current,
                                      latest.metadata if latest else None)
    events: List[Any] = [rasa_action.create_bot_utterance({"text": text})
                         for text in replies.trouble_texts(CATALOG, langs)]
    if len(langs) == 1:
        events.append(SlotSet("language", langs[0]))
    return events


# Set once a custom action of the turn being handled failed or timed out:
# the turn's next custom action (the answer, after the slot validation that
# Rasa runs first) gives the trouble message at once instead of waiting for
# the same server again. Each turn starts clear (guarded_handle_message).
_SERVER_FAILED_THIS_TURN: contextvars.ContextVar = contextvars.ContextVar(
    "action_server_failed_this_turn", default=False)


class ResilientRemoteAction(RemoteAction):
    """A custom action that always ends the turn with something to read.

    The slot validation action, which Rasa runs before the turn's own action,
    changes no slot when it fails: the action after it (on the same server)
    gives the one trouble message of the turn, without a second wait."""

    async def run(self, output_channel, nlg, tracker, domain) -> List[Any]:
        silent = self.name() == ACTION_VALIDATE_SLOT_MAPPINGS
        if silent and not _slot_candidates(tracker):
            return []  # what the validation would answer, without the round trip
        outcome = "no slot changed" if silent else "sent the trouble message"
        if _SERVER_FAILED_THIS_TURN.get():
            logger.error("Action '%s' not tried: the action server failed earlier in this "
                         "turn; %s.", self.name(), outcome)
            return [] if silent else _trouble_events(tracker)
        # Seconds a custom action may take before the resident gets the trouble
        # message instead (Rasa's own limit is five minutes of silence).
        timeout = settings.current().action_server_timeout
        try:
            return await asyncio.wait_for(
                super().run(output_channel, nlg, tracker, domain), timeout)
        except ActionExecutionRejection:
            raise  # a deliberate "not me" from the action: Rasa picks another
        except asyncio.TimeoutError:
            logger.error("Action '%s' took longer than %ss; %s.", self.name(), timeout, outcome)
        except Exception as error:  # connection refused, 5xx, invalid response
            logger.error("Action '%s' failed (%s); %s.", self.name(), error, outcome)
        _SERVER_FAILED_THIS_TURN.set(True)
        return [] if silent else _trouble_events(tracker)


def _slot_candidates(tracker) -> bool:
    """Whether the slot validation action has anything to look at: it fills
    slots from the latest message's entities (a button's payload) and checks
    the values Rasa's own slot mappings proposed (the SlotSet events that end
    the tracker it is given). Most messages have neither, and the validation
    would change nothing: the turn saves the HTTP round trip (about 4 ms,
    docs/BENCHMARKS.md)."""
    latest = tracker.latest_message
    if latest is not None and latest.entities:
        return True
    return bool(tracker.events) and isinstance(tracker.events[-1], SlotSet)


def _raise(error: Exception) -> None:
    raise error


def fail_loudly_tracker_store(store, domain):
    """Rasa's FailSafeTrackerStore, minus the silent in-memory fallback.

    Falling back would answer from an empty conversation (wrong language, lost
    province) and fork the history; failing lets the guard below apologise.
    """
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

    if store is not None:
        store.domain = domain
    else:
        store = InMemoryTrackerStore(domain)
    return FailSafeTrackerStore(store, on_tracker_store_error=_raise)


def _message_key(message: UserMessage) -> Optional[str]:
    """The fingerprint of the client's id and the message's (redacted) text,
    kept in its stored metadata (replies.message_key)."""
    message_id = replies.message_id_of(message.metadata) or _CLIENT_MESSAGE_ID.get()
    if message_id is None:
        return None
    if not isinstance(message.metadata, dict):
        message.metadata = {}
    key = message.metadata[replies.MESSAGE_KEY] = replies.message_key(message_id, message.text or "")
    return key


async def _replay_if_answered(agent, message: UserMessage) -> bool:
    key = _message_key(message)
    if key is None:
        return False
    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None:
        return False
    earlier = replies.earlier_replies((e.as_dict() for e in tracker.events), key)
    if earlier is None:
        return False
    logger.info("Message %s of %s was already answered; replaying its replies.",
                key, message.sender_id)
    for event in earlier:
        await message.output_channel.send_response(message.sender_id, replies.bot_message(event))
    return True


class _CountingOutput:
    """The turn's output channel, counting what Rasa sends through it (every
    bot message goes through send_response)."""

    def __init__(self, inner):
        self._inner = inner
        self.sent = 0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    async def send_response(self, recipient_id, message):
        self.sent += 1
        await self._inner.send_response(recipient_id, message)


async def guarded_handle_message(self, message: UserMessage) -> Optional[List[Any]]:
    """Agent.handle_message that answers every message, one way or another."""
    message.text = replies.clean_text(message.text)
    _SERVER_FAILED_THIS_TURN.set(False)
    channel = message.output_channel
    counting = message.output_channel = _CountingOutput(channel)
    try:
        if not self.is_ready():
            raise RuntimeError("no model loaded yet")
        async with self.lock_store.lock(message.sender_id):
            if not await _replay_if_answered(self, message):
                await self.processor.handle_message(message)
        if counting.sent == 0:
            # e.g. "/restart" or "/session_start" typed by hand: Rasa runs
            # its built-in action, which says nothing.
            logger.info("A turn of %s produced no reply; sent the fallback.", message.sender_id)
            for lang in replies.trouble_languages(message.text, None, message.metadata):
                await channel.send_text_message(message.sender_id, CATALOG.message(lang, "fallback"))
    except Exception:
        logger.exception("Could not serve a message from %s; sent the trouble message.",
                         message.sender_id)
        langs = replies.trouble_languages(message.text, None, message.metadata)
        for text in replies.trouble_texts(CATALOG, langs):
            await channel.send_text_message(message.sender_id, text)
    finally:
        message.output_channel = channel
    if isinstance(channel, CollectingOutputChannel):
        return channel.messages
    return None


# The client's id for the message being handled, read from the REST request
# before the channel trims the metadata (privacy/guard.py keeps only what it
# needs); the request handler runs in the task that set it.
_CLIENT_MESSAGE_ID: contextvars.ContextVar = contextvars.ContextVar("client_message_id", default=None)


def add_routes_and_checks(app) -> None:
    from sanic import response

    @app.middleware("request")
    async def note_client_message_id(request):
        if request.method == "POST" and request.path.rstrip("/") == REST_WEBHOOK:
            message_id = replies.valid_message_id(request.headers.get("idempotency-key"))
            if message_id is None:
                try:
                    body = json.loads(request.body or b"")
                except (ValueError, UnicodeDecodeError, RecursionError):
                    body = None  # the channel answers an unreadable body itself
                if isinstance(body, dict):
                    message_id = replies.message_id_of(body.get("metadata"))
            _CLIENT_MESSAGE_ID.set(message_id)
        return None

    @app.middleware("response")
    async def no_version_banners(request, response_):
        # Sanic-CORS writes max_age=None as the text "None" on preflights.
        if response_.headers.get("access-control-max-age") == "None":
            del response_.headers["access-control-max-age"]
        if request.path == "/" and request.method == "GET" and response_.body.startswith(b"Hello from Rasa"):
            return response.text("Hello from the biometric privacy assistant")
        return None

    async def ready(request):
        """200 once the model is loaded: for load balancers and Kubernetes."""
        agent = getattr(request.app.ctx, "agent", None)
        if agent is not None and agent.is_ready():
            return response.json({"status": "ready"})
        return response.json({"status": "loading"}, status=503)

    app.add_route(ready, "/health/ready", methods=["GET"])


def announce_pulled_model(load):
    """`load` (Rasa's _load_and_set_updated_model), logging the switch."""

    def load_and_announce(agent, model_directory: str, fingerprint: str) -> None:
        load(agent, model_directory, fingerprint)
        logger.info("Loaded the model from the model server (ETag %s); conversations carry on with it",
                    fingerprint)

    return load_and_announce


def engine_kwargs(kwargs: Dict[str, Any], url: str) -> Dict[str, Any]:
    """The database engine options Rasa chose, plus: connections checked before
    use (the assistant recovers by itself after a database restart), and a
    connect timeout for PostgreSQL."""
    from rasa.core.tracker_store import is_postgresql_url

    kwargs["pool_pre_ping"] = True
    if is_postgresql_url(url):
        kwargs.setdefault("connect_args", {}).setdefault("connect_timeout", settings.current().db_connect_timeout)
    return kwargs
