"""Microsoft Teams through the Bot Framework: Rasa's connector, plus what it lacks.

- Stricter verification of the bearer token: RS256 only (Rasa's connector
  accepts whatever algorithm the token names), the issuer, and the claims
  that tie the token to this activity: the service URL the reply goes to
  (our credentials are sent there) and the channel the key is endorsed for.
- Quick replies as a card with buttons that send the option back without
  showing its code in the chat; Rasa's connector sends buttons Teams
  cannot read. Text in Teams' HTML, so lines and links survive.
- The resident's Teams locale as starting language; @mentions removed.
- A resident who installs the assistant in a personal chat is greeted at
  once (`arrival_as_greeting`); Rasa's connector ignores that event.
- A picture or file sent without words gets a reply saying it was not
  opened (`media_kind_with_text_blanked`), where Rasa's connector would have said "your message
  looks empty".
- Single-tenant bots (BOTFRAMEWORK_TENANT_ID) and configurable Microsoft
  login and OpenID addresses.
"""

import asyncio
import datetime
import logging
import re
import time
from typing import Any, Dict, List, Optional, Text

import jwt
import requests
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from sanic.request import Request

from channels import formatting, verification
from channels.base import KEPT_METADATA, MessagingChannel, MessagingReplies
from privacy import limits
from privacy.guard import GuardedChannel

logger = logging.getLogger(__name__)

API_TIMEOUT = 10
# An unknown signing key may mean Microsoft rotated its keys: fetch them
# again, but not more often than this (seconds).
KEY_REFRESH_INTERVAL = 600
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


class TeamsReplies(MessagingReplies, BotFramework):
    platform = "botframework"
    measure = staticmethod(formatting.teams_measure)

    # One token for all conversations, renewed before it expires.
    _token: Optional[str] = None
    _token_expires = 0.0

    def __init__(self, app_id: Text, app_password: Text, conversation: Dict[Text, Any],
                 bot: Any, service_url: Text, token_url: str) -> None:
        super().__init__(app_id, app_password, conversation, bot, service_url)
        self.token_url = token_url

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:
        cls = type(self)
        if cls._token is None or cls._token_expires < time.time() + 60:
            answer = await asyncio.get_event_loop().run_in_executor(None, lambda: requests.post(
                self.token_url, timeout=API_TIMEOUT, data={
                    "client_id": self.app_id, "client_secret": self.app_password,
                    "grant_type": "client_credentials",
                    "scope": "https://api.botframework.com/.default"}))
            if not answer.ok:
                logger.error("Bot Framework: no access token (%s)", answer.status_code)
                return None
            token = answer.json()
            cls._token = token["access_token"]
            cls._token_expires = time.time() + int(token.get("expires_in", 3600))
        return {"content-type": "application/json", "Authorization": f"Bearer {cls._token}"}

    async def post_text(self, recipient_id: str, text: str) -> None:
        await self.send(self.prepare_message(recipient_id, {
            "text": formatting.teams_html(text), "textFormat": "xml"}))

    def shows_buttons(self, buttons) -> bool:
        return True

    async def post_buttons(self, recipient_id: str, text: str,
                           buttons: List[Dict[str, str]]) -> None:
        card = {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {
                "text": formatting.teams_html(text),
                # messageBack: the bot gets the payload, the chat shows the title.
                "buttons": [{"type": "messageBack", "title": b["title"], "text": b["payload"],
                             "displayText": b["title"], "value": {"payload": b["payload"]}}
                            for b in buttons],
            },
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))


class TeamsChannel(GuardedChannel, MessagingChannel, BotFrameworkInput):
    """Registered in the credentials as channels.botframework.TeamsChannel."""

    kept_metadata_keys = KEPT_METADATA

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TeamsChannel":
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("app_id"), credentials.get("app_password"),
                   openid_url=credentials["openid_url"], login_url=credentials["login_url"],
                   tenant_id=credentials.get("tenant_id"))

    def __init__(self, app_id: Text, app_password: Text, openid_url: str, login_url: str,
                 tenant_id: Optional[str] = None) -> None:
        self.openid_url = openid_url
        self.issuer = verification.BOTFRAMEWORK_ISSUER
        # Multi-tenant bots get tokens from the botframework.com tenant.
        self.token_url = f"{login_url.rstrip('/')}/{tenant_id or 'botframework.com'}/oauth2/v2.0/token"
        self._keys_fetched_at = 0.0
        super().__init__(app_id, app_password)  # fetches the signing keys

    def _update_cached_jwk_keys(self) -> None:
        configuration = requests.get(self.openid_url, timeout=API_TIMEOUT)
        configuration.raise_for_status()
        settings = configuration.json()
        self.issuer = settings.get("issuer") or verification.BOTFRAMEWORK_ISSUER
        keys = requests.get(settings["jwks_uri"], timeout=API_TIMEOUT)
        keys.raise_for_status()
        self.jwt_keys = {key["kid"]: key for key in keys.json()["keys"]}
        self.jwt_update_time = datetime.datetime.now()
        self._keys_fetched_at = time.monotonic()

    def _validate_jwt_token(self, jwt_token: Text) -> None:
        # Rasa's own check, made strict; it runs after verify_request.
        verification.botframework_claims(jwt_token, self.jwt_keys, self.app_id, self.issuer)

    def verify_request(self, request: Request) -> Optional[str]:
        token = verification.bearer_token(request.headers.get("Authorization"))
        if token is None:
            return "no bearer token"
        key_id = _key_id(token)
        if key_id not in self.jwt_keys and time.monotonic() - self._keys_fetched_at > KEY_REFRESH_INTERVAL:
            try:
                self._update_cached_jwk_keys()
            except (requests.RequestException, KeyError, ValueError) as error:
                logger.warning("Bot Framework: could not refresh signing keys: %s", error)
        try:
            claims = verification.botframework_claims(token, self.jwt_keys, self.app_id, self.issuer)
        except verification.BotFrameworkTokenError as error:
            return f"token not valid: {error}"
        return verification.botframework_activity_problem(
            claims, request.json, self.jwt_keys.get(key_id) or {})

    def messaging_replies(self, output: Any) -> Any:
        if not isinstance(output, BotFramework) or isinstance(output, TeamsReplies):
            return output
        service_url = output.global_uri[: -len("v3/")]
        return self.attach(TeamsReplies(output.app_id, output.app_password, output.conversation,
                                        output.bot, service_url, self.token_url))

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        activity = request.json if isinstance(request.json, dict) else {}
        locale = activity.get("locale")
        for entity in activity.get("entities") or []:
            if not locale and isinstance(entity, dict) and entity.get("type") == "clientInfo":
                locale = entity.get("locale")
        return {"language": locale} if locale else None

    def adapt_text(self, text: Optional[str]) -> Optional[str]:
        # In a team channel the message starts with the bot's @mention.
        return _MENTION.sub(" ", text).strip() if text else text

    def arrival_as_greeting(self, request: Request) -> None:
        activity = request.json if isinstance(request.json, dict) else {}
        if (activity.get("type") != "conversationUpdate"
                or (activity.get("conversation") or {}).get("conversationType") != "personal"
                or not (activity.get("from") or {}).get("id")):
            return
        assistant = (activity.get("recipient") or {}).get("id")
        added = [m.get("id") for m in activity.get("membersAdded") or [] if isinstance(m, dict)]
        if assistant and assistant in added:
            activity.update(type="message", text="/greet")

    def media_kind_with_text_blanked(self, request: Request) -> Optional[str]:
        activity = request.json if isinstance(request.json, dict) else {}
        if activity.get("type") != "message" or not activity.get("attachments"):
            return None
        text = activity.get("text")
        words = self.adapt_text(text) if isinstance(text, str) else None
        return None if words else limits.MEDIA


def _key_id(token: str) -> str:
    try:
        return str(jwt.get_unverified_header(token).get("kid", ""))
    except jwt.PyJWTError:
        return ""
