"""SMS and WhatsApp through Twilio: Rasa's connector, plus what it lacks.

- Verification of X-Twilio-Signature (HMAC-SHA1 of the public webhook URL
  and the form fields with the auth token); Rasa's connector checks nothing.
- Quick replies as numbered options ("1. Alberta"): typing the number picks
  the option. Replies are split under Twilio's 1600-character limit, at
  paragraph or sentence boundaries, instead of one SMS per paragraph.
- "Was this helpful?" after an answer, numbered after the answer's own
  options ("3. Yes", "4. No"); see channels/feedback.py.
- Replies to WhatsApp residents come from the WhatsApp sender
  (TWILIO_WHATSAPP_NUMBER), to SMS residents from TWILIO_NUMBER.
- The REST API address is configurable (TWILIO_API_URL).
- A picture, recording or file without words (MMS, WhatsApp) gets a reply
  saying it was not opened, instead of "your message looks empty"; a shared
  WhatsApp location one saying it was not kept (Rasa's connector would make
  its coordinates the message text). Twilio keeps the media; the assistant
  never downloads it (`media_kind_with_text_blanked`).
"""

import logging
from typing import Any, Dict, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic.request import Request

from channels import verification
from channels.base import KEPT_METADATA, MessagingChannel, MessagingReplies
from privacy import limits
from privacy.guard import GuardedChannel

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
WHATSAPP = "whatsapp:"


class TwilioReplies(MessagingReplies, TwilioOutput):
    platform = "twilio"

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text],
                 twilio_number: Optional[Text], whatsapp_number: Optional[Text] = None,
                 api_url: str = "https://api.twilio.com") -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.whatsapp_number = whatsapp_number
        self.api.base_url = api_url.rstrip("/")

    def sender_for(self, recipient_id: str) -> Optional[str]:
        if recipient_id.startswith(WHATSAPP):
            if self.whatsapp_number:
                return self.whatsapp_number
            if self.twilio_number and not self.twilio_number.startswith(WHATSAPP):
                return WHATSAPP + self.twilio_number
        return self.twilio_number

    async def post_text(self, recipient_id: str, text: str) -> None:
        await self._send_message({"to": recipient_id, "from_": self.sender_for(recipient_id),
                                  "body": text})


class TwilioChannel(GuardedChannel, MessagingChannel, TwilioInput):
    """Registered in the credentials as channels.twilio.TwilioChannel."""

    kept_metadata_keys = KEPT_METADATA

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TwilioChannel":
        channel = super().from_credentials(credentials)
        channel.webhook_url = credentials.get("webhook_url") or ""
        channel.whatsapp_number = credentials.get("whatsapp_number")
        channel.api_url = credentials.get("api_url") or "https://api.twilio.com"
        # Rasa's debug mode answers Twilio with an error when a turn fails.
        channel.debug_mode = False
        return channel

    def get_output_channel(self) -> TwilioReplies:
        return self.attach(TwilioReplies(self.account_sid, self.auth_token, self.twilio_number,
                                         self.whatsapp_number, self.api_url))

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        form = request.form
        if form.get("Latitude") or form.get("Longitude"):
            return limits.LOCATION
        if (form.get("Body") or "").strip():
            return None  # words, perhaps with a picture: the words are answered
        try:
            pictures = int(form.get("NumMedia") or 0)
        except ValueError:
            pictures = 0
        if not pictures:
            return None
        # Sanic leaves out empty fields, and Rasa's connector fails on a
        # missing Body; with an empty one it hands the message on.
        form["Body"] = [""]
        return limits.MEDIA

    def verify_request(self, request: Request) -> Optional[str]:
        # Twilio signs every field, empty ones included, which Sanic's
        # request.form leaves out.
        fields = parse_qs((request.body or b"").decode("utf-8", "replace"),
                          keep_blank_values=True)
        if not verification.twilio_signature_ok(self.auth_token, self.webhook_url, fields,
                                                 request.headers.get(SIGNATURE_HEADER)):
            return (f"missing or wrong {SIGNATURE_HEADER} "
                    f"(is TWILIO_WEBHOOK_URL the address set in the Twilio console?)")
        return None
