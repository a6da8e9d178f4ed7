"""Slack: Rasa's connector (which checks Slack's request signature itself),
plus what it lacks.

- Replies in Slack's mrkdwn, where links are clickable; quick replies as
  Block Kit buttons under the text (Rasa's connector gives up beyond 5).
- The resident's Slack language (users.info with include_locale; needs the
  users:read scope) as starting language.
- The Web API address is configurable (SLACK_API_URL).
- A file sent without words gets a reply saying it was not opened
  (`media_kind_with_text_blanked`); Rasa's connector would drop it without a word.
"""

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.slack import SlackBot, SlackInput
from sanic.request import Request
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels import formatting
from channels.base import KEPT_METADATA, MessagingChannel, MessagingReplies, Recent
from privacy import limits
from privacy.guard import GuardedChannel

logger = logging.getLogger(__name__)

API_TIMEOUT = 10


class SlackReplies(MessagingReplies, SlackBot):
    platform = "slack"
    measure = staticmethod(formatting.slack_measure)

    def __init__(self, token: Text, slack_channel: Optional[Text] = None,
                 thread_id: Optional[Text] = None, proxy: Optional[Text] = None,
                 api_url: str = "https://slack.com/api/") -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url, timeout=API_TIMEOUT)

    async def post_text(self, recipient_id: str, text: str) -> None:
        await self._post_message(channel=self.slack_channel or recipient_id,
                                 text=formatting.slack_mrkdwn(text))

    def shows_buttons(self, buttons) -> bool:
        return len(buttons) <= formatting.SLACK_MAX_BUTTONS

    async def post_buttons(self, recipient_id: str, text: str,
                           buttons: List[Dict[str, str]]) -> None:
        body = formatting.slack_mrkdwn(text)
        blocks = [
            {"type": "section", "text": {"type": "mrkdwn", "text": body}},
            {"type": "actions", "elements": [
                {"type": "button", "action_id": f"option_{number}", "value": button["payload"],
                 "text": {"type": "plain_text", "emoji": True,
                          "text": formatting.short_title(button["title"],
                                                         formatting.SLACK_BUTTON_CHARS)}}
                for number, button in enumerate(buttons, start=1)
            ]},
        ]
        await self._post_message(channel=self.slack_channel or recipient_id,
                                 text=body, blocks=blocks)


class SlackChannel(GuardedChannel, MessagingChannel, SlackInput):
    """Registered in the credentials as channels.slack.SlackChannel."""

    kept_metadata_keys = KEPT_METADATA

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "SlackChannel":
        channel = super().from_credentials(credentials)
        channel.api_url = credentials.get("api_url") or "https://slack.com/api/"
        channel.locales = Recent()
        return channel

    def get_output_channel(self, channel: Optional[Text] = None,
                           thread_id: Optional[Text] = None) -> SlackReplies:
        return self.attach(SlackReplies(self.slack_token, channel or self.slack_channel,
                                        thread_id, self.proxy, self.api_url))

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        if request.headers.get("content-type") != "application/json":
            return None  # a button press (form-encoded), or not a message at all
        payload = request.json if isinstance(request.json, dict) else {}
        event = payload.get("event")
        if (not isinstance(event, dict) or event.get("type") != "message" or event.get("bot_id")
                or event.get("text") or not (event.get("files") or event.get("subtype") == "file_share")):
            return None
        # Rasa's connector drops a message without text; with a blank, it hands it on.
        event["text"] = " "
        return limits.MEDIA

    async def platform_language(self, platform_id: str, message: Any) -> Optional[str]:
        # With conversation_granularity "sender" (the default) the id is the user's.
        if platform_id not in self.locales:
            client = AsyncWebClient(self.slack_token, proxy=self.proxy, base_url=self.api_url,
                                    timeout=API_TIMEOUT)
            try:
                answer = await client.users_info(user=platform_id, include_locale=True)
                locale = (answer.get("user") or {}).get("locale")
            except SlackApiError as error:
                logger.info("Slack: no locale for a user (%s)", error.response.get("error"))
                locale = None
            self.locales.remember(platform_id, locale)
        return self.locales[platform_id]
