"""Which channels start, from the environment (channels/credentials.py)."""

import os
import subprocess
import sys

import pytest
import rasa.shared.utils.io
import yaml
from stack import ROOT

from channels.credentials import (
    BASE_CREDENTIALS,
    CHANNELS,
    ChannelConfigError,
    effective_credentials,
    main,
    render,
)

ALL = {
    "TELEGRAM_ACCESS_TOKEN": "123456789:AAF-secret", "TELEGRAM_BOT_USERNAME": "privacy_bot",
    "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
    "TELEGRAM_SECRET_TOKEN": "tg-secret",
    "FACEBOOK_VERIFY_TOKEN": "fb-verify", "FACEBOOK_APP_SECRET": "fb-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token",
    "SLACK_BOT_TOKEN": "xoxb-secret", "SLACK_SIGNING_SECRET": "slack-secret",
    "TWILIO_ACCOUNT_SID": "AC0123", "TWILIO_AUTH_TOKEN": "twilio-secret",
    "TWILIO_NUMBER": "+15145550100",
    "TWILIO_WEBHOOK_URL": "https://bot.example.org/webhooks/twilio/webhook",
    "BOTFRAMEWORK_APP_ID": "app-id", "BOTFRAMEWORK_APP_PASSWORD": "bf-secret",
}
SECRETS = ("AAF-secret", "tg-secret", "fb-verify", "fb-secret", "fb-page-token", "xoxb-secret",
           "slack-secret", "twilio-secret", "bf-secret")
BASE_KEYS = set(yaml.safe_load(BASE_CREDENTIALS.read_text()))


def test_nothing_set_means_the_website_channels_only():
    credentials, enabled = effective_credentials({})
    assert enabled == [] and set(credentials) == BASE_KEYS


def test_optional_settings_alone_switch_nothing_on():
    credentials, enabled = effective_credentials({"TELEGRAM_API_URL": "http://127.0.0.1:9",
                                                  "TWILIO_WHATSAPP_NUMBER": "whatsapp:+15145550199"})
    assert enabled == []


def test_all_set_means_all_five_and_secrets_stay_in_the_environment(tmp_path, monkeypatch):
    credentials, enabled = effective_credentials(ALL)
    assert [c.name for c in enabled] == ["telegram", "facebook", "slack", "twilio", "botframework"]
    assert set(credentials) == BASE_KEYS | {c.class_path for c in CHANNELS}
    text = render(credentials)
    assert not any(secret in text for secret in SECRETS)
    assert "${TELEGRAM_ACCESS_TOKEN}" in text and "privacy_bot" in text
    # Rasa reads the secrets from the environment when it loads the file.
    path = tmp_path / "credentials.yml"
    path.write_text(text)
    for name, value in ALL.items():
        monkeypatch.setenv(name, value)
    loaded = rasa.shared.utils.io.read_config_file(path)
    telegram = loaded["channels.telegram.TelegramChannel"]
    assert telegram["access_token"] == "123456789:AAF-secret"
    assert telegram["api_url"] == "https://api.telegram.org"
    assert loaded["channels.facebook.FacebookChannel"]["page-access-token"] == "fb-page-token"
    assert loaded["channels.twilio.TwilioChannel"]["webhook_url"] == ALL["TWILIO_WEBHOOK_URL"]


@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_a_partly_configured_channel_names_each_missing_variable(channel):
    first, *others = channel.required
    with pytest.raises(ChannelConfigError) as error:
        effective_credentials({first.variable: ALL[first.variable]})
    message = str(error.value)
    assert channel.title in message
    assert all(s.variable in message for s in others)


def test_every_problem_is_reported_at_once():
    env = {"SLACK_BOT_TOKEN": "xoxb", "TWILIO_AUTH_TOKEN": "t"}
    with pytest.raises(ChannelConfigError) as error:
        effective_credentials(env)
    assert "SLACK_SIGNING_SECRET" in str(error.value) and "TWILIO_NUMBER" in str(error.value)


@pytest.mark.parametrize("variable, value", [
    ("TELEGRAM_WEBHOOK_URL", "http://bot.example.org/webhooks/telegram/webhook"),
    ("TELEGRAM_SECRET_TOKEN", "has spaces and $igns"),
    ("TELEGRAM_ACCESS_TOKEN", "not-a-bot-token"),
    ("TWILIO_NUMBER", "514-555-0100"),
    ("TWILIO_WEBHOOK_URL", "bot.example.org/webhooks/twilio/webhook"),
    ("TWILIO_WHATSAPP_NUMBER", "+15145550199"),
    ("SLACK_API_URL", "slack.example"),
])
def test_a_malformed_value_is_named(variable, value):
    with pytest.raises(ChannelConfigError) as error:
        effective_credentials({**ALL, variable: value})
    assert variable in str(error.value)


def test_blank_values_count_as_unset():
    _, enabled = effective_credentials({name: "  " for name in ALL})
    assert enabled == []


def test_command_line_writes_the_file_or_explains_why_not(tmp_path, capsys):
    out = tmp_path / "var" / "credentials.yml"
    assert main(["--out", str(out)], env=ALL) == 0
    assert "channels.slack.SlackChannel" in yaml.safe_load(out.read_text())
    assert "Slack at /webhooks/slack/webhook" in capsys.readouterr().err

    assert main(["--out", str(tmp_path / "other.yml")], env={"SLACK_BOT_TOKEN": "x"}) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err
    assert not (tmp_path / "other.yml").exists()


def test_module_run_as_in_run_sh():
    env = {key: value for key, value in os.environ.items()
           if not any(key.startswith(c.required[0].variable.split("_")[0] + "_") for c in CHANNELS)}
    env["TWILIO_ACCOUNT_SID"] = "AC0123"
    done = subprocess.run([sys.executable, "-m", "channels.credentials"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "TWILIO_AUTH_TOKEN" in done.stderr and "TWILIO_WEBHOOK_URL" in done.stderr
    del env["TWILIO_ACCOUNT_SID"]
    done = subprocess.run([sys.executable, "-m", "channels.credentials"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert set(yaml.safe_load(done.stdout)) == BASE_KEYS
    assert "no messaging app configured" in done.stderr
