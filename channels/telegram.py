"""Telegram: Rasa's connector, plus what it lacks.

- Verification: the webhook is registered with a secret token, which
  Telegram repeats in every request (X-Telegram-Bot-Api-Secret-Token);
  Rasa's connector only checks that the bot token belongs to the bot.
- Quick replies as inline buttons, one per row so long titles stay readable;
  a tapped button is acknowledged so the app stops its loading spinner.
- The resident's app language (`from.language_code`) as starting language.
- "/start" (sent when a resident opens the bot) greets; "/help" lists topics.
- A photo, voice message, file, sticker or contact gets a reply saying it was
  not opened (Rasa's connector would drop it without a word), and a shared
  location one saying it was not kept (Rasa's would make its coordinates the
  message text): see `media_kind_with_text_blanked`.
- Rasa's public /set_webhook route is closed (404): anyone could otherwise
  re-register the webhook without the secret token.
"""

import asyncio
import json
import logging
from typing import Any, Dict, List, Optional, Text

import aiohttp
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint
from sanic.request import Request

from channels import formatting, verification
from channels.base import KEPT_METADATA, Handler, MessagingChannel, MessagingReplies
from privacy import limits
from privacy.guard import GuardedChannel

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram bot commands, in the assistant's terms.
COMMANDS = {"/start": "/greet", "/help": "/capabilities"}
# Registering the webhook at start must not hang the server.
API_TIMEOUT = 20
# What a Bot API message can hold instead of text.
MEDIA_FIELDS = ("photo", "video", "video_note", "voice", "audio", "document", "sticker",
                "animation", "contact", "poll", "dice")
PLACE_FIELDS = ("location", "venue")


class TelegramReplies(MessagingReplies, TelegramOutput):
    platform = "telegram"

    def __init__(self, access_token: Optional[Text], api_url: str) -> None:
        super().__init__(access_token)
        self.server = TelegramAPIServer.from_base(api_url)
        self.timeout = API_TIMEOUT

    async def post_text(self, recipient_id: str, text: str) -> None:
        # Link previews would repeat the source page under every answer.
        await self.send_message(recipient_id, text, disable_web_page_preview=True)

    def shows_buttons(self, buttons) -> bool:
        return all(formatting.fits_telegram_button(b["payload"]) for b in buttons)

    async def post_buttons(self, recipient_id: str, text: str,
                           buttons: List[Dict[str, str]]) -> None:
        keyboard = InlineKeyboardMarkup(row_width=1)
        for button in buttons:
            keyboard.row(InlineKeyboardButton(button["title"], callback_data=button["payload"]))
        await self.send_message(recipient_id, text, reply_markup=keyboard,
                                disable_web_page_preview=True)


class TelegramChannel(GuardedChannel, MessagingChannel, TelegramInput):
    """Registered in the credentials as channels.telegram.TelegramChannel."""

    kept_metadata_keys = KEPT_METADATA

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramChannel":
        channel = super().from_credentials(credentials)
        channel.secret_token = credentials.get("secret_token") or ""
        channel.api_url = credentials.get("api_url") or "https://api.telegram.org"
        # Rasa's debug mode answers Telegram with an error when a turn fails,
        # and Telegram then resends the same update again and again.
        channel.debug_mode = False
        channel._background_tasks = set()
        return channel

    def get_output_channel(self) -> TelegramReplies:
        # Rasa's version registers the webhook on every call; ours does it
        # once, at start (see connector_blueprint).
        if getattr(self, "_replies", None) is None:
            self._replies = self.attach(TelegramReplies(self.access_token, self.api_url))
        return self._replies

    def connector_blueprint(self, on_new_message: Handler) -> Blueprint:
        asyncio.run(self._register_webhook())
        return super().connector_blueprint(on_new_message)

    async def _register_webhook(self) -> None:
        bot = TelegramReplies(self.access_token, self.api_url)
        try:
            await bot.request("setWebhook", {
                "url": self.webhook_url,
                "secret_token": self.secret_token,
                "allowed_updates": json.dumps(["message", "edited_message", "callback_query"]),
            })
        except (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaException(
                f"Telegram: could not register the webhook {self.webhook_url} "
                f"(TELEGRAM_WEBHOOK_URL): {error.__class__.__name__}: {error}") from error
        finally:
            await bot.session.close()
        logger.info("Telegram webhook registered: %s", self.webhook_url)

    def refuses_route(self, request: Request) -> bool:
        # Rasa's /set_webhook would let anyone re-register the webhook
        # without the secret token; it is registered at start instead.
        return request.path.rstrip("/").endswith("/set_webhook")

    def verify_request(self, request: Request) -> Optional[str]:
        if not verification.telegram_secret_ok(self.secret_token, request.headers.get(SECRET_HEADER)):
            return f"missing or wrong {SECRET_HEADER}"
        # From Telegram: a tapped button can stop its loading indicator now.
        self._acknowledge_button(request.json)
        return None

    def _acknowledge_button(self, update: Any) -> None:
        query = update.get("callback_query") if isinstance(update, dict) else None
        if isinstance(query, dict) and query.get("id"):
            task = asyncio.get_event_loop().create_task(
                self.get_output_channel().answer_callback_query(str(query["id"])))
            # asyncio keeps only a weak reference to a task: hold it until done.
            self._background_tasks.add(task)
            task.add_done_callback(self._background_tasks.discard)
            task.add_done_callback(_log_failure)

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        update = request.json if isinstance(request.json, dict) else {}
        for kind in ("callback_query", "message", "edited_message"):
            sender = (update.get(kind) or {}).get("from") or {}
            if sender.get("language_code"):
                return {"language": sender["language_code"]}
        return None

    def adapt_text(self, text: Optional[str]) -> Optional[str]:
        command = (text or "").strip().split("@")[0].lower()
        return COMMANDS.get(command, text)

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        update = request.json if isinstance(request.json, dict) else {}
        message = update.get("message") or update.get("edited_message")
        if not isinstance(message, dict) or isinstance(message.get("text"), str):
            return None
        if any(field in message for field in PLACE_FIELDS):
            kind = limits.LOCATION
        elif any(field in message for field in MEDIA_FIELDS):
            kind = limits.MEDIA
        else:  # a service message (someone joined a group...): Rasa ignores it
            return None
        # Empty text: Rasa's connector hands the message on, without coordinates.
        message["text"] = ""
        return kind


def _log_failure(task: "asyncio.Task") -> None:
    if not task.cancelled() and task.exception():
        logger.warning("Telegram: could not acknowledge a button: %s", task.exception())
