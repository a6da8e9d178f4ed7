"""Facebook Messenger: Rasa's connector, plus what it lacks.

- Verification with X-Hub-Signature-256 (HMAC-SHA256 of the body with the app
  secret), the signature Meta documents today; Rasa's connector checks the
  older SHA-1 header and answers 200 even when it fails. The subscription
  handshake (GET with hub.verify_token) answers 403 to a wrong token.
- Quick replies as Messenger quick replies. Messenger cuts their titles after
  20 characters, so longer options are also listed by number in the text,
  and typing the number picks the option too.
- "Was this helpful?" as quick replies after a topic answer: Yes, No, then
  the answer's own quick replies again, which Messenger shows under the
  latest message only.
- The resident's locale from the user profile, where the page may read it.
- The Graph API address is configurable (FACEBOOK_GRAPH_URL).
- A picture, recording, file or location sent without words gets a reply
  saying it was not opened or kept (`media_kind_with_text_blanked`). Rasa's connector would make
  the attachment's address the message text, stored with the conversation,
  and drop a location without a reply.

The webhook routes repeat Rasa's (they build Rasa's `Messenger` parser
inside the route, leaving no other way to give it our API address).
"""

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from fbmessenger import MessengerClient
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import formatting, verification
from channels.base import (
    KEPT_METADATA,
    Handler,
    MessagingChannel,
    MessagingReplies,
    Recent,
    catalog,
    reply_language,
)
from privacy import limits
from privacy.guard import GuardedChannel

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Hub-Signature-256"
API_TIMEOUT = 10


def graph_client(page_access_token: str, graph_url: str) -> MessengerClient:
    client = MessengerClient(page_access_token)
    client.graph_url = graph_url.rstrip("/")
    return client


class MessengerReplies(MessagingReplies, MessengerBot):
    platform = "facebook"
    # The quick replies of the last message sent.
    _shown: List[Dict[str, str]] = []

    async def post_text(self, recipient_id: str, text: str) -> None:
        self.messenger_client.send({"text": text}, recipient_id, "RESPONSE", timeout=API_TIMEOUT)

    def shows_buttons(self, buttons) -> bool:
        return len(buttons) <= formatting.MESSENGER_MAX_QUICK_REPLIES

    def with_feedback_choices(self, choices, buttons):
        # Messenger shows quick replies under the latest message only: the
        # answer's own come again under "Was this helpful?", after Yes / No.
        shown, self._shown = (self._shown if buttons else []), []
        return [*choices, *shown][:formatting.MESSENGER_MAX_QUICK_REPLIES]

    async def send_text_with_buttons(self, recipient_id: Text, text: Text,
                                     buttons: List[Dict[Text, Any]], **kwargs: Any) -> None:
        recipient_id = self.platform_id(recipient_id)
        buttons = [{"title": str(b["title"]), "payload": str(b["payload"])}
                   for b in buttons if b.get("title") and b.get("payload")]
        too_long = any(len(b["title"]) > formatting.MESSENGER_TITLE_CHARS for b in buttons)
        if buttons and too_long and self.shows_buttons(buttons):
            # The full titles go in the text, numbered; the quick replies
            # carry the numbers, so nothing the resident needs is cut off.
            hint = catalog().message(reply_language(kwargs.get("language"), text),
                                     "choose_by_number")
            text = formatting.with_numbered_options(text, buttons, hint)
            labels = [formatting.short_title(f"{n}. {b['title']}", formatting.MESSENGER_TITLE_CHARS)
                      for n, b in enumerate(buttons, start=1)]
            buttons = [{"title": label, "payload": b["payload"]} for label, b in zip(labels, buttons)]
        await super().send_text_with_buttons(recipient_id, text, buttons, **kwargs)

    async def post_buttons(self, recipient_id: str, text: str,
                           buttons: List[Dict[str, str]]) -> None:
        self._shown = buttons
        quick_replies = [{"content_type": "text", "title": b["title"], "payload": b["payload"]}
                         for b in buttons]
        self.messenger_client.send({"text": text, "quick_replies": quick_replies},
                                   recipient_id, "RESPONSE", timeout=API_TIMEOUT)


class PageMessenger(Messenger):
    """Rasa's Messenger parser, talking to the configured Graph API."""

    def __init__(self, page_access_token: str, on_new_message: Handler, graph_url: str) -> None:
        super().__init__(page_access_token, on_new_message)
        self.client = graph_client(page_access_token, graph_url)


class FacebookChannel(GuardedChannel, MessagingChannel, FacebookInput):
    """Registered in the credentials as channels.facebook.FacebookChannel."""

    kept_metadata_keys = KEPT_METADATA

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "FacebookChannel":
        channel = super().from_credentials(credentials)
        channel.graph_url = credentials.get("graph_url") or "https://graph.facebook.com"
        channel.locales = Recent()
        return channel

    def get_output_channel(self) -> MessengerReplies:
        return self.attach(MessengerReplies(graph_client(self.fb_access_token, self.graph_url)))

    def messaging_replies(self, output: Any) -> MessengerReplies:
        return self.attach(MessengerReplies(output.messenger_client))

    def verify_request(self, request: Request) -> Optional[str]:
        if not verification.messenger_signature_ok(self.fb_secret, request.body,
                                                   request.headers.get(SIGNATURE_HEADER)):
            return f"missing or wrong {SIGNATURE_HEADER}"
        return None

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        payload = request.json if isinstance(request.json, dict) else {}
        entries = _dicts(payload.get("entry"))
        events = [event for entry in entries for event in _dicts(entry.get("messaging"))]
        kinds = {id(event): _attachment_kind(event.get("message")) for event in events}
        media = [event for event in events if kinds[id(event)]]
        if not media:
            return None
        if any(not kinds[id(e)] and (e.get("message") or e.get("postback")) for e in events):
            # Words in the same batch: they are answered, the media left out.
            for entry in entries:
                entry["messaging"] = [e for e in _dicts(entry.get("messaging")) if not kinds[id(e)]]
            return None
        for event in media:
            # Empty text: Rasa's parser hands the message on, without the attachment.
            event["message"] = {"mid": event["message"].get("mid"), "text": ""}
        found = {kinds[id(event)] for event in media}
        return limits.LOCATION if limits.LOCATION in found else limits.MEDIA

    async def platform_language(self, platform_id: str, message: Any) -> Optional[str]:
        if platform_id not in self.locales:
            client = graph_client(self.fb_access_token, self.graph_url)
            profile = await asyncio.get_event_loop().run_in_executor(
                None, lambda: client.get_user_data(platform_id, fields="locale", timeout=3))
            # Without the page permission to read it, Meta answers an error.
            locale = profile.get("locale") if isinstance(profile, dict) else None
            self.locales.remember(platform_id, locale)
        return self.locales[platform_id]

    def connector_blueprint(self, on_new_message: Handler) -> Blueprint:
        webhook = Blueprint("fb_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if (request.args.get("hub.mode") == "subscribe"
                    and verification.secrets_match(self.fb_verify,
                                                   request.args.get("hub.verify_token"))):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("Messenger: wrong hub.verify_token; check FACEBOOK_VERIFY_TOKEN")
            return response.text("Wrong verify token.", status=403)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            # Signature already checked by MessagingChannel.
            payload = request.json
            if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
                return response.text("Not a Messenger event.", status=400)
            messenger = PageMessenger(self.fb_access_token, on_new_message, self.graph_url)
            try:
                await messenger.handle(payload, self.get_metadata(request))
            except (KeyError, TypeError, IndexError, AttributeError) as error:
                # An event shape we do not handle; Meta would resend it forever on an error.
                logger.warning("Messenger: event not handled: %r", error)
            return response.text("success")

        return webhook


def _dicts(value: Any) -> List[Dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _attachment_kind(message: Any) -> Optional[str]:
    """MEDIA or LOCATION for a resident's message with attachments and no words."""
    if not isinstance(message, dict) or message.get("is_echo") or message.get("text"):
        return None
    types = {attachment.get("type") for attachment in _dicts(message.get("attachments"))}
    if not types:
        return None
    return limits.LOCATION if "location" in types else limits.MEDIA
