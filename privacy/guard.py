"""One checkpoint between every input channel and Rasa.

Apply it by putting `GuardedChannel` first in a channel's bases, before the
Rasa connector (and before any other mixin that wraps the blueprint, so the
guard is the last step before Rasa and sees the final text and metadata):

    class TelegramChannel(GuardedChannel, MessagingChannel, TelegramInput): ...

It wraps the `on_new_message` callback the channel hands its messages to, so
for each message, before Rasa sees anything:

  1. a message that is empty, too long, not text, or over the rate limit
     (per conversation and per client address) gets a short polite reply in
     the resident's language and is not processed further;
  2. a typed button payload (/intent{"province": "..."}) keeps only entity
     values the assistant knows (privacy/payloads.py);
  3. personal details in the text become placeholders ([email], [phone], ...),
     so the tracker store, the logs and language understanding only ever see
     the redacted text; the kinds removed go into the metadata ("redacted"),
     and the actions tell the resident once not to share such details;
  4. metadata is reduced to what the channel declares it needs
     (`kept_metadata_keys`), with personal details redacted there too;
  5. the conversation id is replaced by its keyed hash
     (privacy/conversations.py), so the tracker store, the logs and Rasa only
     ever see that; replies still go to the original address, and the hash
     presented as an id leads to nothing.

A channel that knows the client's address, or found the request unreadable,
tells the guard with `note_inbound(...)` before handing the message over.
"""

import contextvars
import copy
import functools
import inspect
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Collection, Dict, List, Optional, Tuple

from assistant import language
from assistant.catalog import Catalog
from assistant.offices import public_phone_numbers
from assistant.recent import Recent
from privacy import erasure, payloads, redaction, retention
from privacy import events as privacy_events
from privacy import limits as input_limits
from privacy.conversations import ConversationIds, shared_ids

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "internal_error"
ORIGIN_REFUSED = "input_origin_refused"
# A conversation id this server did not issue, on a channel that needs one.
CONVERSATION_REFUSED = "input_conversation_refused"
MAX_METADATA_CHARS = 2000


@dataclass(frozen=True)
class Inbound:
    """What the channel knows about the request a message came in."""

    address: Optional[str] = None  # the client's address, for the rate limit
    problem: Optional[str] = None  # set when the channel could not read the request
    connection: Optional[str] = None  # a lasting connection (socket.io), for the rate limit


# Set by the channel in the task that then calls the guarded callback: asyncio
# gives each request its own copy, so requests never see each other's.
_INBOUND: "contextvars.ContextVar[Optional[Inbound]]" = contextvars.ContextVar(
    "privacy_inbound", default=None)


# Set by the guard around each message it hands to Rasa: the tracker store
# adds to the list when that message's turn erased the conversation.
_ERASURES: "contextvars.ContextVar[Optional[List[str]]]" = contextvars.ContextVar(
    "privacy_erasures", default=None)


def note_erased(stored_id: str) -> None:
    """Called by the tracker store when it erased a conversation."""
    erased = _ERASURES.get()
    if erased is not None:
        erased.append(stored_id)


def note_inbound(address: Optional[str] = None, problem: Optional[str] = None,
                 connection: Optional[str] = None) -> None:
    _INBOUND.set(Inbound(address=address, problem=problem, connection=connection))


def noted_problem() -> Optional[str]:
    """The problem the channel noted for the request being handled, if any."""
    return (_INBOUND.get() or Inbound()).problem


class MessageGuard:
    """The checks, the redaction and the replies; shared by all channels of a
    process so the per-address limit counts every channel."""

    def __init__(self, limits: Optional[input_limits.Limits] = None,
                 catalog: Optional[Catalog] = None,
                 public_numbers: Optional[Collection[str]] = None,
                 pseudonym_key: Optional[bytes] = None,
                 ids: Optional[ConversationIds] = None,
                 clock: Optional[Callable[[], float]] = None,
                 erasures: Optional[erasure.ErasureBroadcast] = None):
        self.limits = limits or input_limits.Limits.from_env()
        self.ids = ids or (ConversationIds(pseudonym_key) if pseudonym_key else shared_ids())
        self.throttle = input_limits.Throttle(self.limits, clock or time.monotonic,
                                              hide=self.ids.stored_id)
        self.catalog = catalog or Catalog()
        self.public_numbers = tuple(public_phone_numbers() if public_numbers is None else public_numbers)
        self._languages = Recent()
        # Other replicas' erasures (privacy/erasure.py), and what each channel
        # of this process does to forget a conversation erased there.
        self.erasures = erasures if erasures is not None else erasure.from_env()
        self._channels_forget: List[erasure.Forget] = []

    # ----- the checkpoint -------------------------------------------------

    async def handle(self, message, on_new_message: Callable[[Any], Awaitable[Any]],
                     kept_metadata_keys: Optional[Collection[str]] = None,
                     on_erased: Optional[Callable[[Any, str], Awaitable[Any]]] = None) -> None:
        inbound = _INBOUND.get() or Inbound()
        metadata = message.metadata if isinstance(message.metadata, dict) else {}
        text = message.text
        sender = message.sender_id
        problem = inbound.problem or input_limits.check_text(text, self.limits.max_chars)
        lang = self.reply_language(text if problem in (None, input_limits.TOO_LONG) else None,
                                   metadata, sender)
        # Media is answered, so a flood of it counts like a flood of words.
        counted = problem in (None, input_limits.MEDIA, input_limits.LOCATION)
        if counted and not self.throttle.admit(sender, inbound.address, inbound.connection):
            problem = input_limits.RATE_LIMITED
        if problem:
            logger.info("Message not processed (%s) on channel %s", problem, message.input_channel)
            await self.reply(message, problem, lang)
            return

        text = payloads.checked(text)  # typed /intent{...}: only known entity values
        redacted = redaction.redact(input_limits.strip_invisible(text), self.public_numbers)
        message.text = redacted.text
        kinds = redaction.kinds_in(redacted.text)
        message.metadata = self.clean_metadata(metadata, kinds, kept_metadata_keys)
        if kinds:
            logger.info("Removed personal details from a message: %s", ", ".join(kinds))
        self._remember_language(sender, text, metadata)
        self._pseudonymize_sender(message)
        erased: List[str] = []
        _ERASURES.set(erased)
        try:
            await on_new_message(message)
        except Exception:  # noqa: BLE001 - the resident gets a reply whatever failed
            # The text is redacted by now, so the traceback may be logged.
            logger.exception("Processing a message failed")
            await self.reply(message, INTERNAL_ERROR, lang)
        if erased:
            await self._after_erasure(message, sender, on_erased)

    async def _after_erasure(self, message, sender: str, on_erased) -> None:
        """The conversation is gone from the database: forget what this process
        remembers of it, let the channel tell the resident's client, and tell
        the other replicas (message.sender_id is the stored id by now)."""
        self._languages.pop(sender, None)
        redaction.forget_recent()
        if self.erasures is not None:
            await self.erasures.publish(message.sender_id)
        if on_erased is None:
            return
        try:
            await on_erased(message, sender)
        except Exception:  # noqa: BLE001 - the erasure itself is done
            logger.exception("Could not tell the client that its conversation was erased")

    # ----- erasures on other replicas ---------------------------------------------

    def watch_erasures(self, forget: erasure.Forget) -> None:
        """`forget(stored_id)` runs when another replica erased a conversation."""
        if forget not in self._channels_forget:
            self._channels_forget.append(forget)

    def listen_for_erasures(self) -> None:
        """In the server's event loop, once it runs (a no-op with one process)."""
        if self.erasures is not None:
            self.erasures.listen(self.forget_erased)

    async def forget_erased(self, stored_id: str) -> None:
        """Another replica erased the conversation stored as `stored_id`."""
        for sender in [s for s in self._languages if self.pseudonym(s) == stored_id]:
            self._languages.pop(sender, None)
        redaction.forget_recent()
        for forget in list(self._channels_forget):
            try:
                await forget(stored_id)
            except Exception:  # noqa: BLE001 - the other channels still forget
                logger.exception("A channel could not forget an erased conversation")

    # ----- pieces, usable on their own ----------------------------------------

    def reply_language(self, text: Optional[str], metadata: Dict[str, Any],
                       sender: Optional[str]) -> Optional[str]:
        """The language of a reply the guard gives itself; None means both."""
        words = language.sample(text) if isinstance(text, str) else ""
        return language.known(words, current=self._languages.get(sender or ""),
                              starting=metadata.get("language"),
                              requested=language.explicit_request(words))

    def _remember_language(self, sender: str, text: str, metadata: Dict[str, Any]) -> None:
        # What the conversation is in now, for a later message the guard
        # answers itself (it cannot read the conversation's slots).
        words = language.sample(text)
        lang = language.known(words, starting=metadata.get("language"),
                              requested=language.explicit_request(words))
        if lang and sender:
            self._languages.remember(sender, lang)

    def render(self, key: str, lang: Optional[str]) -> str:
        params = {"limit": str(self.limits.max_chars),
                  "retention_days": str(retention.retention_days())}
        if lang:
            return self.catalog.message(lang, key, **params)
        # Language unknown: both, English first as in the greeting.
        return "\n\n".join(self.catalog.message(code, key, **params) for code in language.SUPPORTED)

    async def reply(self, message, key: str, lang: Optional[str]) -> None:
        try:
            await message.output_channel.send_text_message(message.sender_id, self.render(key, lang))
        except Exception:  # noqa: BLE001 - a failed reply must not fail the request
            logger.exception("Could not send the '%s' reply", key)

    def clean_metadata(self, metadata: Any, kinds: Tuple[str, ...],
                       kept_keys: Optional[Collection[str]] = None) -> Dict[str, Any]:
        cleaned = dict(metadata) if isinstance(metadata, dict) else {}
        if kept_keys is not None:
            cleaned = {key: cleaned[key] for key in kept_keys if key in cleaned}
        cleaned.pop(privacy_events.REDACTED_KEY, None)  # only the guard says what it removed
        cleaned = redaction.redact_values(cleaned, self.public_numbers)
        if "language" in cleaned and not language.supported_code(cleaned["language"]):
            del cleaned["language"]
        if len(json.dumps(cleaned, default=str)) > MAX_METADATA_CHARS:
            cleaned = {key: cleaned[key] for key in ("language",) if key in cleaned}
        if kinds:
            cleaned[privacy_events.REDACTED_KEY] = list(kinds)
        return cleaned

    def pseudonym(self, sender_id: str) -> str:
        return self.ids.stored_id(sender_id)

    def _pseudonymize_sender(self, message) -> None:
        original = message.sender_id
        if not original:
            return
        message.sender_id = self.pseudonym(original)
        message.output_channel = _replies_to(message.output_channel, original)


def _replies_to(output_channel, recipient: str):
    """The output channel, sending every reply to `recipient` whatever id the
    conversation is stored under (Rasa and the resilience layer call
    send_response, send_text_message and the other send_* methods)."""
    routed = copy.copy(output_channel)
    for name in dir(type(output_channel)):
        if not name.startswith("send_"):
            continue  # other attributes may be properties that do work when read
        method = getattr(output_channel, name, None)
        if inspect.iscoroutinefunction(method):
            setattr(routed, name, functools.partial(_send_to, method, recipient))
    return routed


async def _send_to(method, recipient: str, _recipient_id, *args, **kwargs):
    return await method(recipient, *args, **kwargs)


@functools.lru_cache(maxsize=None)
def shared_guard() -> MessageGuard:
    """The guard of this process, made on first use."""
    return MessageGuard()


class GuardedChannel:
    """Mixin for a Rasa input channel: every message passes the guard first.

    kept_metadata_keys: the metadata keys the channel needs stored with each
    message (None keeps all of them, with personal details redacted).
    conversation_erased: what the channel does once a resident's
    conversation was erased (the website's socket.io tells the widget).
    """

    kept_metadata_keys: Optional[Tuple[str, ...]] = None

    def message_guard(self) -> MessageGuard:
        return shared_guard()

    async def conversation_erased(self, message, conversation_id: str) -> None:
        """After the resident's conversation `conversation_id` was erased: a
        channel that keeps something of it (its clients, or in memory) forgets
        it. Channels override this, or a mixin after this one provides it."""
        later = getattr(super(), "conversation_erased", None)
        if later is not None:
            await later(message, conversation_id)

    async def forget_conversation(self, stored_id: str) -> None:
        """The same, for a conversation another replica erased: only its
        stored id is known (privacy/erasure.py)."""
        later = getattr(super(), "forget_conversation", None)
        if later is not None:
            await later(stored_id)

    def blueprint(self, on_new_message):
        guard = self.message_guard()
        kept = self.kept_metadata_keys

        async def guarded(message) -> None:
            await guard.handle(message, on_new_message, kept, self.conversation_erased)

        guard.watch_erasures(self.forget_conversation)
        blueprint = super().blueprint(guarded)

        async def listen_for_erasures(*_args) -> None:
            guard.listen_for_erasures()

        if hasattr(blueprint, "listener"):  # a Sanic blueprint: once the server runs
            blueprint.listener("after_server_start")(listen_for_erasures)
        return blueprint
