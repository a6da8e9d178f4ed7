"""The assistant with all five messaging channels switched on, each pointed at
a local fake of its platform (tests/channels/fakes.py), plus helpers that
send each platform's real webhook payloads, signed as the platform signs them.

One answer (`clearview_findings`) is made longer than every platform's limit
in a copy of the catalogs, so the splitting is seen end to end.
"""

import hashlib
import hmac
import json
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml
from fakes import FakeBotFramework, FakeMessenger, FakeSlack, FakeTelegram, FakeTwilio
from stack import MODEL, ROOT, running_stack

from assistant.places import PROVINCE_CODES
from channels import credentials as channel_credentials
from channels import verification
from channels.formatting import protected_spans

# Where Quebec is among the province choices the assistant offers (west to east).
QUEBEC = PROVINCE_CODES.index("QC")
LONG_ANSWER = "clearview_findings"

TELEGRAM_TOKEN = "123456789:AAF-test-token_for-loopback"
TELEGRAM_USERNAME = "privacy_test_bot"
TELEGRAM_SECRET = "telegram-secret_123"
FACEBOOK_SECRET = "facebook-app-secret"
FACEBOOK_VERIFY = "facebook-verify-token"
SLACK_SECRET = "slack-signing-secret"
TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "twilio-auth-token"
TWILIO_NUMBER = "+15145550100"
TWILIO_WHATSAPP = "whatsapp:+15145550199"
TWILIO_WEBHOOK = "https://assistant.example.org/webhooks/twilio/webhook"
TEAMS_APP_ID = "00000000-1111-2222-3333-444444444444"



def long_answer_catalogs(target: Path) -> Path:
    """A copy of locales/ where one answer is every answer's text, end to end."""
    shutil.copytree(ROOT / "locales", target)
    for lang in ("en", "fr"):
        path = target / lang / "answers.yml"
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = [entry["text"].strip() for entry in content["answers"].values()]
        long_text = "\n\n".join(texts)
        while len(long_text) < 14000:
            long_text += "\n\n" + "\n\n".join(texts)
        content["answers"][LONG_ANSWER]["text"] = long_text
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return target


@dataclass
class Platforms:
    telegram: FakeTelegram
    messenger: FakeMessenger
    slack: FakeSlack
    twilio: FakeTwilio
    teams: FakeBotFramework
    stranger: FakeBotFramework   # a server posing as a Teams service

    def all(self):
        return (self.telegram, self.messenger, self.slack, self.twilio, self.teams, self.stranger)


@pytest.fixture(scope="session")
def platforms():
    started = Platforms(FakeTelegram(TELEGRAM_TOKEN, TELEGRAM_USERNAME),
                        FakeMessenger(locales={}), FakeSlack(locales={}),
                        FakeTwilio(TWILIO_SID), FakeBotFramework(TEAMS_APP_ID),
                        FakeBotFramework(TEAMS_APP_ID))
    yield started
    for platform in started.all():
        platform.close()


def channel_environment(platforms: Platforms) -> Dict[str, str]:
    """All five channels' variables, as an operator would set them."""
    return {
        "TELEGRAM_ACCESS_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_USERNAME": TELEGRAM_USERNAME,
        "TELEGRAM_WEBHOOK_URL": "https://assistant.example.org/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": platforms.telegram.url,
        "FACEBOOK_VERIFY_TOKEN": FACEBOOK_VERIFY,
        "FACEBOOK_APP_SECRET": FACEBOOK_SECRET,
        "FACEBOOK_PAGE_ACCESS_TOKEN": "facebook-page-token",
        "FACEBOOK_GRAPH_URL": f"{platforms.messenger.url}/v19.0",
        "SLACK_BOT_TOKEN": "xoxb-slack-test-token",
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": f"{platforms.slack.url}/api/",
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_NUMBER": TWILIO_NUMBER,
        "TWILIO_WHATSAPP_NUMBER": TWILIO_WHATSAPP,
        "TWILIO_WEBHOOK_URL": TWILIO_WEBHOOK,
        "TWILIO_API_URL": platforms.twilio.url,
        "BOTFRAMEWORK_APP_ID": TEAMS_APP_ID,
        "BOTFRAMEWORK_APP_PASSWORD": "teams-app-password",
        "BOTFRAMEWORK_OPENID_URL": platforms.teams.openid_url,
        "BOTFRAMEWORK_LOGIN_URL": platforms.teams.url,
    }


class ChannelStack:
    """The running assistant, and how each platform would call it."""

    def __init__(self, stack, platforms: Platforms, credentials_file: Path) -> None:
        self.stack = stack
        self.platforms = platforms
        self.credentials_file = credentials_file
        self.feedback_db = Path(stack.env["FEEDBACK_DB"])

    def url(self, channel: str) -> str:
        return f"{self.stack.rasa_url}/webhooks/{channel}/webhook"

    def post(self, channel: str, body: bytes, headers: Dict[str, str],
             query: str = "") -> Tuple[int, str]:
        request = urllib.request.Request(self.url(channel) + query, data=body, headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, channel: str, query: str) -> Tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(channel) + query, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def web_replies(self, text: str, lang: Optional[str] = None) -> List[Dict[str, Any]]:
        """What the website (REST channel) answers a new resident: the reference."""
        body: Dict[str, Any] = {"sender": new_id("web-"), "message": text}
        if lang:
            body["metadata"] = {"language": lang}
        request = urllib.request.Request(self.stack.rest_url, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def web_reply(self, text: str, lang: Optional[str] = None) -> Dict[str, Any]:
        [reply] = self.web_replies(text, lang)
        return reply

    # ----- Telegram -----

    def telegram(self, chat_id: int, text: str, language_code: Optional[str] = "en",
                 secret: Optional[str] = TELEGRAM_SECRET) -> Tuple[int, str]:
        return self.telegram_message(chat_id, {"text": text}, language_code, secret)

    def telegram_message(self, chat_id: int, content: Dict[str, Any],
                         language_code: Optional[str] = "en",
                         secret: Optional[str] = TELEGRAM_SECRET) -> Tuple[int, str]:
        """A message holding `content`: {"text": ...}, {"photo": [...]}, {"location": {...}}."""
        sender = {"id": chat_id, "is_bot": False, "first_name": "Resident"}
        if language_code:
            sender["language_code"] = language_code
        update = {"update_id": int(time.time() * 1000) % 10 ** 9, "message": {
            "message_id": 1, "from": sender, "date": int(time.time()),
            "chat": {"id": chat_id, "first_name": "Resident", "type": "private"}, **content}}
        return self._telegram_post(update, secret)

    def telegram_button(self, chat_id: int, data: str, language_code: str = "en",
                        query_id: str = "") -> Tuple[int, str]:
        sender = {"id": chat_id, "is_bot": False, "first_name": "Resident",
                  "language_code": language_code}
        update = {"update_id": int(time.time() * 1000) % 10 ** 9, "callback_query": {
            "id": query_id or uuid.uuid4().hex[:16], "from": sender,
            "chat_instance": "-1234567890", "data": data,
            "message": {"message_id": 2, "date": int(time.time()),
                        "from": {"id": 123456789, "is_bot": True, "first_name": "Assistant",
                                 "username": TELEGRAM_USERNAME},
                        "chat": {"id": chat_id, "first_name": "Resident", "type": "private"},
                        "text": "..."}}}
        return self._telegram_post(update, TELEGRAM_SECRET)

    def _telegram_post(self, update: Dict[str, Any], secret: Optional[str]) -> Tuple[int, str]:
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return self.post("telegram", json.dumps(update).encode(), headers)

    # ----- Messenger -----

    def messenger_event(self, psid: str, message: Optional[Dict[str, Any]] = None,
                        postback: Optional[Dict[str, Any]] = None,
                        secret: str = FACEBOOK_SECRET) -> Tuple[int, str]:
        now = int(time.time() * 1000)
        event: Dict[str, Any] = {"sender": {"id": psid}, "recipient": {"id": "105000000000001"},
                                 "timestamp": now}
        if message is not None:
            event["message"] = {"mid": f"m_{uuid.uuid4().hex}", **message}
        if postback is not None:
            event["postback"] = {"mid": f"m_{uuid.uuid4().hex}", **postback}
        body = json.dumps({"object": "page", "entry": [
            {"id": "105000000000001", "time": now, "messaging": [event]}]}).encode()
        headers = {"Content-Type": "application/json",
                   "X-Hub-Signature-256": verification.messenger_signature(secret, body),
                   "X-Hub-Signature": "sha1=" + hmac.new(secret.encode(), body,
                                                         hashlib.sha1).hexdigest()}
        return self.post("facebook", body, headers)

    def messenger(self, psid: str, text: str) -> Tuple[int, str]:
        return self.messenger_event(psid, message={"text": text})

    def messenger_quick_reply(self, psid: str, title: str, payload: str) -> Tuple[int, str]:
        return self.messenger_event(psid, message={"text": title,
                                                   "quick_reply": {"payload": payload}})

    # ----- Slack -----

    def slack_signed(self, body: bytes, content_type: str, secret: str = SLACK_SECRET,
                     timestamp: Optional[int] = None) -> Tuple[int, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body,
                          hashlib.sha256).hexdigest()
        return self.post("slack", body, {"Content-Type": content_type,
                                         "X-Slack-Request-Timestamp": stamp,
                                         "X-Slack-Signature": f"v0={digest}"})

    @staticmethod
    def slack_dm_body(user: str, channel: str, text: str, **event_fields: Any) -> bytes:
        ts = f"{time.time():.6f}"
        return json.dumps({
            "token": "verification-token-unused", "team_id": "T0TEAM001", "api_app_id": "A0APP0001",
            "event": {"client_msg_id": str(uuid.uuid4()), "type": "message", "text": text,
                      "user": user, "ts": ts, "team": "T0TEAM001", "channel": channel,
                      "event_ts": ts, "channel_type": "im", **event_fields},
            "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:10]}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0TEAM001", "user_id": "U0ASSISTANT", "is_bot": True}],
        }).encode()

    def slack(self, user: str, channel: str, text: str, **signing: Any) -> Tuple[int, str]:
        return self.slack_signed(self.slack_dm_body(user, channel, text), "application/json",
                                 **signing)

    def slack_button(self, user: str, channel: str, title: str, value: str) -> Tuple[int, str]:
        payload = {
            "type": "block_actions", "user": {"id": user, "username": "resident", "team_id": "T0TEAM001"},
            "api_app_id": "A0APP0001", "team": {"id": "T0TEAM001"},
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"type": "message", "ts": f"{time.time():.6f}", "text": "..."},
            "actions": [{"action_id": "option_1", "block_id": "b1", "type": "button",
                         "value": value, "text": {"type": "plain_text", "text": title},
                         "action_ts": f"{time.time():.6f}"}],
        }
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.slack_signed(body, "application/x-www-form-urlencoded")

    # ----- Twilio -----

    @staticmethod
    def twilio_form(sender: str, text: str, to: str = TWILIO_NUMBER) -> Dict[str, str]:
        sid = "SM" + uuid.uuid4().hex
        form = {"ToCountry": "CA", "ToState": "QC", "SmsMessageSid": sid, "NumMedia": "0",
                "ToCity": "MONTREAL", "FromZip": "", "SmsSid": sid, "FromState": "QC",
                "SmsStatus": "received", "FromCity": "MONTREAL", "Body": text,
                "FromCountry": "CA", "To": to, "ToZip": "", "NumSegments": "1",
                "MessageSid": sid, "AccountSid": TWILIO_SID, "From": sender,
                "ApiVersion": "2010-04-01"}
        if sender.startswith("whatsapp:"):
            form.update(ProfileName="Resident", WaId=sender.split("+")[-1], MessageType="text",
                        SmsStatus="received")
        return form

    def twilio(self, sender: str, text: str, to: str = TWILIO_NUMBER,
               signed_url: str = TWILIO_WEBHOOK, token: str = TWILIO_TOKEN,
               sign: bool = True, tamper: Optional[Dict[str, str]] = None,
               fields: Optional[Dict[str, str]] = None) -> Tuple[int, str]:
        """`fields` are signed with the rest (NumMedia, MediaUrl0...); `tamper` is not."""
        form = {**self.twilio_form(sender, text, to), **(fields or {})}
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "I-Twilio-Idempotency-Token": str(uuid.uuid4())}
        if sign:
            headers["X-Twilio-Signature"] = verification.twilio_signature(token, signed_url, form)
        form.update(tamper or {})
        return self.post("twilio", urllib.parse.urlencode(form).encode(), headers)

    # ----- Teams -----

    def teams_activity(self, user: str, conversation: str, text: str,
                       locale: Optional[str] = "en-US",
                       service_url: Optional[str] = None) -> Dict[str, Any]:
        activity = {
            "text": text, "textFormat": "plain", "type": "message",
            "timestamp": "2026-11-26T15:00:00.000Z", "localTimestamp": "2026-11-26T10:00:00.000-05:00",
            "id": f"1700000000{uuid.uuid4().int % 1000:03d}", "channelId": "msteams",
            "serviceUrl": service_url or self.platforms.teams.service_url,
            "from": {"id": user, "name": "Resident", "aadObjectId": str(uuid.uuid4())},
            "conversation": {"conversationType": "personal", "tenantId": "tenant-1", "id": conversation},
            "recipient": {"id": f"28:{TEAMS_APP_ID}", "name": "Privacy assistant"},
            "entities": [{"type": "clientInfo", "locale": locale or "", "country": "CA",
                          "platform": "Web", "timezone": "America/Toronto"}],
            "channelData": {"tenant": {"id": "tenant-1"}},
        }
        if locale:
            activity["locale"] = locale
        else:
            activity["entities"] = []
        return activity

    def teams(self, user: str, conversation: str, text: str, locale: Optional[str] = "en-US",
              token: Optional[str] = None, activity: Optional[Dict[str, Any]] = None,
              authorization: Optional[str] = None) -> Tuple[int, str]:
        activity = activity or self.teams_activity(user, conversation, text, locale)
        if authorization is None:
            authorization = f"Bearer {token or self.platforms.teams.token()}"
        headers = {"Content-Type": "application/json"}
        if authorization:
            headers["Authorization"] = authorization
        return self.post("botframework", json.dumps(activity).encode(), headers)


@pytest.fixture(scope="session")
def channel_stack(tmp_path_factory, platforms):
    """The real assistant with every messaging channel on, for the whole session."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run 'make train' (make test does it for you)")
    workdir = tmp_path_factory.mktemp("channels")
    env = channel_environment(platforms)
    credentials, enabled = channel_credentials.effective_credentials(env)
    assert len(enabled) == 5
    credentials_file = workdir / "credentials.yml"
    credentials_file.write_text(channel_credentials.render(credentials), encoding="utf-8")
    locales = long_answer_catalogs(workdir / "locales")
    # The website's replies serve as reference in many tests, all from this
    # machine's address: its per-address limit would cut them short.
    env.update(LOCALES_DIR=str(locales), RATE_LIMIT_PER_ADDRESS="0",
               FEEDBACK_DB=str(workdir / "feedback.db"))
    with running_stack(workdir, extra_env=env, credentials=credentials_file) as stack:
        yield ChannelStack(stack, platforms, credentials_file)


def assert_split(parts: List[str], whole: str, limit: int, measure=len) -> None:
    """`parts` are `whole` cut under `limit`, losing nothing, breaking no link or number."""
    assert measure(whole) > limit, "this answer should be too long for one message"
    assert len(parts) > 1
    assert all(measure(part) <= limit for part in parts), [measure(p) for p in parts]
    assert " ".join(" ".join(parts).split()) == " ".join(whole.split())
    for start, end in protected_spans(whole):
        assert any(whole[start:end] in part for part in parts), whole[start:end]


_ids = iter(range(10 ** 6))


def new_id(prefix: str = "") -> str:
    """A resident nobody else in the session uses."""
    return f"{prefix}{int(time.time()) % 100000:05d}{next(_ids):04d}{uuid.uuid4().int % 1000:03d}"
