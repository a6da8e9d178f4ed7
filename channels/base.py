"""What every messaging app adds to Rasa's connector, in one place.

`MessagingChannel` is mixed in before a Rasa input channel, after the privacy
guard (`class TelegramChannel(GuardedChannel, MessagingChannel, TelegramInput)`,
see privacy/guard.py), and wraps the connector's blueprint so that each
incoming message, before the guard and Rasa see it:
  - is rejected with 403 unless `verify_request` accepts it,
  - when it is the platform's "assistant added" event, becomes a greeting
    (`arrival_as_greeting`),
  - when it holds a photo, voice message, file or location instead of words
    (`media_kind_with_text_blanked`), gets a reply saying so from the guard, in the resident's
    language, and never reaches Rasa: the media is neither opened nor
    stored, and a location's coordinates never become message text,
  - picks the option the last reply offered when the resident types its
    number ("2"),
  - when it is a "Was this helpful?" choice (a tapped Yes / No, or its
    number by SMS), is stored with assistant/feedback.py under the
    channel's name and thanked, and goes no further: it never reaches the
    guard, Rasa or the conversation (channels/feedback.py),
  - carries the platform's language as metadata {"language": "fr"}, which
    the actions use as the starting language,
  - is kept in a conversation of its own per app ("slack:U024BE7LH"), so two
    residents on two apps can never share a conversation (the guard then
    files ids that look like phone numbers under a pseudonym).

`MessagingReplies` is mixed in before a Rasa output channel: replies are split
under the platform's limit, quick replies become the platform's buttons,
or numbered options where it has none, and a topic answer is followed by
"Was this helpful?" with Yes / No.
"""

import asyncio
import functools
import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Sequence, Text

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant import feedback, language
from assistant.catalog import Catalog

# Residents whose platform language is remembered, per channel and process
# (the oldest are forgotten first).
from assistant.recent import Recent  # noqa: F401
from channels import feedback as offered_feedback
from channels import formatting
from privacy import limits
from privacy.guard import note_inbound, noted_problem

logger = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]

# What the privacy guard (privacy/guard.py, first in every channel's bases)
# keeps of a message's metadata: the platform's language, nothing else.
KEPT_METADATA = ("language",)


@functools.lru_cache(maxsize=None)
def catalog() -> Catalog:
    """The message catalogs (locales/), loaded on first use."""
    return Catalog()


@functools.lru_cache(maxsize=None)
def feedback_store() -> feedback.Store:
    """Where "Was this helpful?" answers go (FEEDBACK_DB), opened on first use."""
    return feedback.Store()


class MessagingChannel:
    """Mixed in before a Rasa InputChannel (see the module docstring)."""

    # ----- for subclasses -----

    def verify_request(self, request: Request) -> Optional[str]:
        """Why the webhook request is not from the platform, or None if it is."""
        return None

    def messaging_replies(self, output: Any) -> Any:
        """The output channel that renders replies for this app."""
        return output

    async def platform_language(self, platform_id: str, message: UserMessage) -> Optional[str]:
        """The resident's language as the platform knows it, if it says."""
        return None

    def adapt_text(self, text: Optional[str]) -> Optional[str]:
        """Platform conventions turned into what the assistant understands."""
        return text

    def arrival_as_greeting(self, request: Request) -> None:
        """When the request says a resident just added the assistant (an
        event, not a message), turn it into the message "/greet" that Rasa's
        connector hands on, so the resident is welcomed first."""

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        """`limits.MEDIA` or `limits.LOCATION` when the request's message holds
        that instead of words, else None. Where Rasa's connector would drop
        such a message (so the resident would get no reply at all), the
        channel also gives it empty text here, so the guard gets to answer."""
        return None

    def connector_blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(on_new_message)  # type: ignore[misc]

    # ----- shared -----

    def conversation_id(self, platform_id: str) -> str:
        return f"{self.name()}:{platform_id}"  # type: ignore[attr-defined]

    async def conversation_erased(self, message: Any, conversation_id: str) -> None:
        """After the resident erased the conversation (privacy/guard.py):
        forget what this channel remembers of them, their platform locale
        and their last "Was this helpful?" choice."""
        self.__dict__.get("_rated", {}).pop(conversation_id, None)
        prefix = self.conversation_id("")
        locales = getattr(self, "locales", None)
        if locales is not None and conversation_id.startswith(prefix):
            locales.pop(conversation_id[len(prefix):], None)

    async def forget_conversation(self, stored_id: str) -> None:
        """The same for a conversation another replica erased (privacy/erasure.py)."""
        locales = getattr(self, "locales", None)
        if locales is None:
            return
        for platform_id in [p for p in list(locales) if
                            self.stored_conversation_id(self.conversation_id(p)) == stored_id]:
            locales.pop(platform_id, None)

    def stored_conversation_id(self, conversation_id: str) -> str:
        """The id the conversation is stored under: the privacy guard files
        every id under its keyed hash (privacy/conversations.py)."""
        guard = self.message_guard() if hasattr(self, "message_guard") else None  # type: ignore
        if guard is not None:
            return guard.pseudonym(conversation_id)
        return conversation_id

    async def stored_conversation(self, conversation_id: str) -> Optional[Any]:
        """The conversation so far (a Rasa tracker), or None.

        Read from the tracker store, not from memory, so what it says holds
        after a restart or on another replica."""
        agent = getattr(getattr(getattr(self, "_app", None), "ctx", None), "agent", None)
        if agent is None or agent.tracker_store is None:
            return None
        return await agent.tracker_store.retrieve(self.stored_conversation_id(conversation_id))

    async def last_turn(self, conversation_id: str) -> List[Any]:
        """The conversation's events (the last turn is what matters), or none."""
        tracker = await self.stored_conversation(conversation_id)
        return list(tracker.events) if tracker is not None else []

    async def conversation_language(self, conversation_id: str) -> Optional[str]:
        """The language the conversation has been in so far, if it started."""
        tracker = await self.stored_conversation(conversation_id)
        return language.supported_code(tracker.get_slot("language")) if tracker is not None else None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        async def receive(message: UserMessage) -> None:
            await self.adapt(message)
            if await self.take_feedback(message):
                return
            await on_new_message(message)

        blueprint = self.connector_blueprint(receive)
        # The decorator form: Sanic's blueprints ignore a bound method passed directly.
        blueprint.middleware("request")(self._check_request)
        return blueprint

    def refuses_route(self, request: Request) -> bool:
        """Connector routes that must not be reachable from outside."""
        return False

    async def _check_request(self, request: Request) -> Optional[HTTPResponse]:
        self._app = request.app  # where the agent, and so the conversations, are
        if self.refuses_route(request):
            return response.text("Not found.", status=404)
        if request.method != "POST" or not request.path.rstrip("/").endswith("/webhook"):
            return None
        try:
            problem = self.verify_request(request)
        except Exception as error:  # a malformed request must not crash the check
            problem = f"could not be verified ({error.__class__.__name__})"
        if problem:
            logger.warning("%s webhook request rejected: %s", self.name(), problem)  # type: ignore
            return response.text("Request not verified.", status=403)
        try:
            self.arrival_as_greeting(request)
            media = self.media_kind_with_text_blanked(request)
        except Exception:  # an unexpected shape is left to the connector
            logger.exception("%s: could not read the request's event", self.name())  # type: ignore
            media = None
        if media:
            # Read by the guard in this same request (privacy/guard.py).
            note_inbound(problem=media)
        return None

    async def adapt(self, message: UserMessage) -> None:
        platform_id = message.sender_id
        message.output_channel = self.messaging_replies(message.output_channel)
        message.text = self.adapt_text(message.text)
        conversation = self.conversation_id(platform_id)

        typed = formatting.chosen_option(message.text, formatting.MAX_OPTIONS)
        if typed is not None:
            try:
                events = await self.last_turn(conversation)
            except Exception:  # the text then goes on as typed
                logger.exception("%s: could not read the options offered", self.name())  # type: ignore
                events = []
            payloads = last_offered(events)
            if typed < len(payloads):
                message.text = payloads[typed]
            else:
                # Past the answer's own options: Yes / No, if the turn asked.
                rated = offered_feedback.from_number(typed, offered_feedback.offered(events))
                if rated is not None:
                    message.text = offered_feedback.payload(rated.topic, rated.language, rated.helpful)

        metadata = dict(message.metadata or {})
        lang = None
        if noted_problem() in (limits.MEDIA, limits.LOCATION):
            # No words to tell the language by: the guard's reply goes in the
            # conversation's language, else the platform's.
            try:
                lang = await self.conversation_language(conversation)
            except Exception:
                logger.exception("%s: could not read the conversation's language", self.name())  # type: ignore
        # The starting language Rasa's actions receive (assistant/language.py
        # decides the reply's): the conversation's for media, else the
        # page's, else the platform's.
        lang = language.known("", current=lang, starting=metadata.get("language"))
        if lang is None:
            try:
                lang = language.supported_code(await self.platform_language(platform_id, message))
            except Exception:  # the platform's language is a nicety, never a blocker
                logger.exception("%s: language lookup failed", self.name())  # type: ignore
        if lang:
            metadata["language"] = lang
        else:
            metadata.pop("language", None)
        message.metadata = metadata or None
        message.sender_id = conversation

    async def take_feedback(self, message: UserMessage) -> bool:
        """When the message is a "Was this helpful?" choice: stores it (topic,
        language, yes/no, this channel, the day; nothing of the conversation)
        and thanks the resident. Whether it was one."""
        rated = offered_feedback.from_payload(message.text)
        if rated is None:
            return False
        lang = language.supported_code(rated.language) or language.DEFAULT
        # The same choice twice in a row (a second tap) counts once.
        rated_before = self.__dict__.setdefault("_rated", Recent())
        if rated_before.get(message.sender_id) != message.text:
            try:
                given = feedback.checked(catalog(), {"topic": rated.topic, "language": lang,
                                                     "helpful": rated.helpful}, self.name())  # type: ignore
                await asyncio.to_thread(feedback_store().add, given)
                rated_before.remember(message.sender_id, message.text)
            except feedback.Refused as refused:
                logger.info("%s: feedback not stored: %s", self.name(), refused)  # type: ignore
            except Exception:  # a lost click must not cost the resident a reply
                logger.exception("%s: feedback could not be stored", self.name())  # type: ignore
        await message.output_channel.send_text_message(
            message.sender_id, offered_feedback.thanks(catalog(), lang))
        return True

    def attach(self, output: Any) -> Any:
        """Tells an output channel how this channel names conversations."""
        output.conversation_prefix = self.conversation_id("")
        return output


def last_offered(events: Iterable[Any]) -> List[str]:
    """Payloads of the buttons in the assistant's last turn (since the
    resident's last message), or none."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered) and event.data.get("buttons"):
            return [str(b["payload"]) for b in event.data["buttons"]
                    if isinstance(b, dict) and b.get("payload")]
    return []


class MessagingReplies:
    """Mixed in before a Rasa OutputChannel (see the module docstring)."""

    platform = ""                    # key in formatting.LIMITS
    measure = staticmethod(len)      # how the platform counts a message's length
    conversation_prefix = ""

    # ----- for subclasses -----

    async def post_text(self, recipient_id: str, text: str) -> None:
        raise NotImplementedError

    async def post_buttons(self, recipient_id: str, text: str,
                           buttons: List[Dict[str, str]]) -> None:
        raise NotImplementedError

    def shows_buttons(self, buttons: Sequence[Dict[str, str]]) -> bool:
        """Whether the platform can show these as buttons (else: numbered options)."""
        return False

    # ----- shared -----

    def platform_id(self, recipient_id: Text) -> Text:
        """The platform's own id for a conversation id ("telegram:42" -> "42").

        Every send method strips the prefix, as replies may also come
        straight from the privacy guard with the conversation id."""
        prefix = self.conversation_prefix
        return recipient_id[len(prefix):] if prefix and recipient_id.startswith(prefix) else recipient_id

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await super().send_response(self.platform_id(recipient_id), message)  # type: ignore

    def parts(self, text: str) -> List[str]:
        return formatting.split_message(text or "", formatting.LIMITS[self.platform], self.measure)

    def with_feedback_choices(self, choices: List[Dict[str, str]],
                              buttons: Sequence[Dict[str, str]]) -> List[Dict[str, str]]:
        """The buttons under "Was this helpful?" after an answer with `buttons`."""
        return choices

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        recipient_id = self.platform_id(recipient_id)
        for part in self.parts(text):
            await self.post_text(recipient_id, part)
        await self.offer_feedback(recipient_id, kwargs)

    async def offer_feedback(self, recipient_id: str, kwargs: Dict[str, Any],
                             buttons: Sequence[Dict[str, str]] = ()) -> None:
        """After a topic answer (`feedback_topic`, from the action): "Was this
        helpful?" with Yes / No, as buttons, or numbered after the answer's
        own options where the platform shows numbers."""
        topic, lang = kwargs.get("feedback_topic"), language.supported_code(kwargs.get("language"))
        if not topic or not lang:
            return
        choices = self.with_feedback_choices(offered_feedback.buttons(catalog(), str(topic), lang),
                                             buttons)
        text = offered_feedback.question(catalog(), lang)
        if self.shows_buttons(choices):
            await self.post_buttons(recipient_id, text, choices)
        else:
            await self.send_numbered_options(recipient_id, text, choices, lang,
                                             start=len(buttons) + 1)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        recipient_id = self.platform_id(recipient_id)
        buttons = [{"title": str(b["title"]), "payload": str(b["payload"])}
                   for b in buttons if b.get("title") and b.get("payload")]
        if not buttons:
            await self.send_text_message(recipient_id, text, **kwargs)
            return
        if self.shows_buttons(buttons):
            *first, last = self.parts(text) or [""]
            for part in first:
                await self.post_text(recipient_id, part)
            await self.post_buttons(recipient_id, last, buttons)
        else:
            await self.send_numbered_options(recipient_id, text, buttons, kwargs.get("language"))
        await self.offer_feedback(recipient_id, kwargs, buttons)

    async def send_quick_replies(self, recipient_id: Text, text: Text,
                                 quick_replies: List[Dict[Text, Any]], **kwargs: Any) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies, **kwargs)

    async def send_numbered_options(self, recipient_id: str, text: str,
                                    buttons: List[Dict[str, str]], lang: Optional[str],
                                    start: int = 1) -> None:
        hint = catalog().message(reply_language(lang, text), "choose_by_number")
        await self.send_text_message(
            recipient_id, formatting.with_numbered_options(text, buttons, hint, start))


def reply_language(lang: Optional[str], text: str) -> str:
    """The language of a reply: as the actions said, else as it reads."""
    return language.choose(text, requested=lang)
