"""Which channels the Rasa server listens on, decided by the environment.

The website channels (REST and socket.io, from credentials.yml) are always
on. Each messaging app is switched on by setting all of its variables (see
.env.example and docs/CHANNELS.md); a channel with some but not all of them
set is an error that names the missing variable, so a typo never silently
leaves residents unanswered. With none set, nothing reaches the internet.

Secrets are not written out: the generated file refers to them as ${VAR},
which Rasa reads from the environment when it starts.

Usage (scripts/run.sh does this):
    python -m channels.credentials --out var/credentials.yml
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE_CREDENTIALS = ROOT / "credentials.yml"

Check = Callable[[str], Optional[str]]


def _https_url(value: str) -> Optional[str]:
    return None if re.match(r"^https://[^\s/]+(/\S*)?$", value) else "must be an https:// address"


def _http_url(value: str) -> Optional[str]:
    return None if re.match(r"^https?://[^\s/]+(/\S*)?$", value) else "must be an http(s):// address"


def _telegram_token(value: str) -> Optional[str]:
    return None if re.match(r"^\d+:[\w-]+$", value) else "must look like 123456789:AAE... (from @BotFather)"


def _telegram_secret(value: str) -> Optional[str]:
    return None if re.match(r"^[A-Za-z0-9_-]{1,256}$", value) else (
        "must be 1 to 256 characters among A-Z, a-z, 0-9, _ and -")


def _phone_number(value: str) -> Optional[str]:
    return None if re.match(r"^(whatsapp:)?\+\d{6,15}$", value) else (
        "must be a number in E.164 form, like +15145550100 or whatsapp:+15145550100")


def _whatsapp_number(value: str) -> Optional[str]:
    return None if re.match(r"^whatsapp:\+\d{6,15}$", value) else (
        "must look like whatsapp:+15145550100")


@dataclass(frozen=True)
class Setting:
    field: str          # key in the channel's credentials
    variable: str       # environment variable
    secret: bool = False
    default: Optional[str] = None   # optional settings only
    check: Optional[Check] = None


@dataclass(frozen=True)
class Channel:
    name: str           # Rasa's name for it, also in the webhook path
    title: str
    class_path: str
    required: Tuple[Setting, ...]
    optional: Tuple[Setting, ...] = ()

    @property
    def webhook_path(self) -> str:
        return f"/webhooks/{self.name}/webhook"


CHANNELS: Tuple[Channel, ...] = (
    Channel("telegram", "Telegram", "channels.telegram.TelegramChannel", required=(
        Setting("access_token", "TELEGRAM_ACCESS_TOKEN", secret=True, check=_telegram_token),
        Setting("verify", "TELEGRAM_BOT_USERNAME"),
        Setting("webhook_url", "TELEGRAM_WEBHOOK_URL", check=_https_url),
        Setting("secret_token", "TELEGRAM_SECRET_TOKEN", secret=True, check=_telegram_secret),
    ), optional=(
        Setting("api_url", "TELEGRAM_API_URL", default="https://api.telegram.org", check=_http_url),
    )),
    Channel("facebook", "Facebook Messenger", "channels.facebook.FacebookChannel", required=(
        Setting("verify", "FACEBOOK_VERIFY_TOKEN", secret=True),
        Setting("secret", "FACEBOOK_APP_SECRET", secret=True),
        Setting("page-access-token", "FACEBOOK_PAGE_ACCESS_TOKEN", secret=True),
    ), optional=(
        Setting("graph_url", "FACEBOOK_GRAPH_URL", default="https://graph.facebook.com",
                check=_http_url),
    )),
    Channel("slack", "Slack", "channels.slack.SlackChannel", required=(
        Setting("slack_token", "SLACK_BOT_TOKEN", secret=True),
        Setting("slack_signing_secret", "SLACK_SIGNING_SECRET", secret=True),
    ), optional=(
        Setting("slack_channel", "SLACK_CHANNEL"),
        Setting("api_url", "SLACK_API_URL", default="https://slack.com/api/", check=_http_url),
    )),
    Channel("twilio", "SMS and WhatsApp (Twilio)", "channels.twilio.TwilioChannel", required=(
        Setting("account_sid", "TWILIO_ACCOUNT_SID"),
        Setting("auth_token", "TWILIO_AUTH_TOKEN", secret=True),
        Setting("twilio_number", "TWILIO_NUMBER", check=_phone_number),
        Setting("webhook_url", "TWILIO_WEBHOOK_URL", check=_http_url),
    ), optional=(
        Setting("whatsapp_number", "TWILIO_WHATSAPP_NUMBER", check=_whatsapp_number),
        Setting("api_url", "TWILIO_API_URL", default="https://api.twilio.com", check=_http_url),
    )),
    Channel("botframework", "Microsoft Teams (Bot Framework)",
            "channels.botframework.TeamsChannel", required=(
                Setting("app_id", "BOTFRAMEWORK_APP_ID"),
                Setting("app_password", "BOTFRAMEWORK_APP_PASSWORD", secret=True),
            ), optional=(
                Setting("tenant_id", "BOTFRAMEWORK_TENANT_ID"),
                Setting("openid_url", "BOTFRAMEWORK_OPENID_URL",
                        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
                        check=_http_url),
                Setting("login_url", "BOTFRAMEWORK_LOGIN_URL",
                        default="https://login.microsoftonline.com", check=_http_url),
            )),
)


class ChannelConfigError(Exception):
    """A channel the environment switches on only partly, or with a bad value."""


def _value(env: Mapping[str, str], variable: str) -> str:
    return (env.get(variable) or "").strip()


def channel_credentials(channel: Channel, env: Mapping[str, str]) -> Optional[Dict[str, str]]:
    """The channel's credentials, None when it is off; raises when half-configured."""
    present = [s for s in channel.required if _value(env, s.variable)]
    if not present:
        return None
    missing = [s.variable for s in channel.required if s not in present]
    if missing:
        raise ChannelConfigError(
            f"{channel.title} is partly configured: {present[0].variable} is set but "
            f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not. Set "
            f"{'it' if len(missing) == 1 else 'them'} too, or unset "
            f"{', '.join(s.variable for s in present)} to switch {channel.title} off "
            f"(see docs/CHANNELS.md).")
    credentials: Dict[str, str] = {}
    for setting in channel.required + channel.optional:
        value = _value(env, setting.variable) or setting.default
        if value is None:
            continue
        problem = setting.check(value) if setting.check else None
        if problem:
            raise ChannelConfigError(f"{setting.variable} {problem} ({channel.title}).")
        # Secrets stay in the environment: Rasa substitutes ${VAR} when it reads the file.
        credentials[setting.field] = f"${{{setting.variable}}}" if setting.secret else value
    return credentials


def effective_credentials(env: Mapping[str, str],
                          base: Path = BASE_CREDENTIALS) -> Tuple[Dict[str, object], List[Channel]]:
    """credentials.yml plus every messaging channel the environment switches on."""
    combined: Dict[str, object] = dict(yaml.safe_load(base.read_text(encoding="utf-8")) or {})
    enabled, problems = [], []
    for channel in CHANNELS:
        try:
            credentials = channel_credentials(channel, env)
        except ChannelConfigError as error:
            problems.append(str(error))
            continue
        if credentials is not None:
            combined[channel.class_path] = credentials
            enabled.append(channel)
    if problems:
        raise ChannelConfigError("\n".join(problems))
    return combined, enabled


def render(credentials: Mapping[str, object]) -> str:
    header = ("# Generated by `python -m channels.credentials` from credentials.yml and the\n"
              "# environment; edit those instead. ${VAR} values are read by Rasa at start.\n")
    return header + yaml.safe_dump(dict(credentials), sort_keys=False, allow_unicode=True)


def summary(enabled: Sequence[Channel]) -> str:
    if not enabled:
        return "[channels] website (REST, socket.io) only; no messaging app configured"
    apps = ", ".join(f"{c.title} at {c.webhook_path}" for c in enabled)
    return f"[channels] website (REST, socket.io) and {apps}"


def main(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, default=BASE_CREDENTIALS,
                        help="always-on channels (default: credentials.yml)")
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args(argv)
    try:
        credentials, enabled = effective_credentials(os.environ if env is None else env, args.base)
    except ChannelConfigError as error:
        print(f"[channels] cannot start:\n{error}", file=sys.stderr)
        return 2
    text = render(credentials)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(summary(enabled), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
