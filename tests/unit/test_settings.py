"""The one settings object (assistant/settings.py): validated, the environment
beating .env, .env beating the defaults, addresses derived from the ports."""

import re
import subprocess
from pathlib import Path

import pytest

from assistant import settings
from channels.credentials import CHANNELS

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_lists_exactly_the_settings():
    listed = re.findall(r"^([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M)
    assert len(listed) == len(set(listed)), "a variable is listed twice"
    assert set(listed) == set(settings.variables())


def test_every_messaging_app_variable_is_a_setting():
    variables = {s.variable for channel in CHANNELS for s in (*channel.required, *channel.optional)}
    assert variables <= set(settings.variables())


def test_defaults():
    s = settings.read({})
    assert (s.rasa_port, s.action_port, s.web_port, s.retention_days) == (5005, 5055, 8080, 30)
    assert s.action_server_url == "http://127.0.0.1:5055/webhook"
    assert s.cors_origin_list == ["http://localhost:8080", "http://127.0.0.1:8080"]
    assert s.notice_url("fr") == "http://localhost:5005/webhooks/privacy/notice/fr"


def test_changing_only_the_ports_wires_the_stack_to_itself():
    s = settings.read({"RASA_PORT": "6005", "ACTION_PORT": "6055", "WEB_PORT": "9090"})
    assert s.action_server_url == "http://127.0.0.1:6055/webhook"
    assert s.cors_origin_list == ["http://localhost:9090", "http://127.0.0.1:9090"]
    assert s.notice_url("en") == "http://localhost:6005/webhooks/privacy/notice/en"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_set_address_is_used_as_it_is(lang):
    s = settings.read({"PRIVACY_NOTICE_URL": "https://x.ca/{lang}/privacy", "ACTION_SERVER_URL": "http://a:1/webhook",
                       "ACTION_PORT": "6055"})
    assert s.notice_url(lang) == f"https://x.ca/{lang}/privacy"
    assert s.action_server_url == "http://a:1/webhook"


@pytest.mark.parametrize("name, value", [("RASA_PORT", "50o5"), ("RETENTION_DAYS", "0"),
                                         ("MAX_MESSAGE_CHARS", "-1"), ("ACTION_PORT", "70000")])
def test_a_bad_value_names_the_variable(name, value):
    with pytest.raises(settings.SettingsError, match=f"^{name}='{value}': "):
        settings.read({name: value}, strict=True)
    assert getattr(settings.read({name: value}), name.lower()) == getattr(settings.read({}), name.lower())


def test_blank_numbers_mean_the_default():
    assert settings.read({"RETENTION_DAYS": "", "RASA_PORT": " "}, strict=True).retention_days == 30


def test_the_environment_beats_dotenv_and_dotenv_beats_the_defaults(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text('RASA_PORT=6000\nTRACKER_DB=from-file.db   # a comment\nCORS_ORIGINS="https://a.ca https://b.ca"\n')
    monkeypatch.setenv("RASA_PORT", "7000")
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.delenv("CORS_ORIGINS", raising=False)
    monkeypatch.delenv("PRIVACY_NOTICE_URL", raising=False)
    s = settings.load(env_file)
    assert s.rasa_port == 7000 and s.tracker_db == "from-file.db"
    assert s.cors_origin_list == ["https://a.ca", "https://b.ca"]
    assert s.notice_url("en").startswith("http://localhost:7000/")


def test_a_bad_value_in_the_environment_stops_with_its_name(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_PER_SENDER", "many")
    with pytest.raises(settings.SettingsError, match="RATE_LIMIT_PER_SENDER='many'"):
        settings.load(None)


def test_env_sh_lets_the_environment_win_and_adds_no_brace():
    out = subprocess.run(
        ["bash", "-c", 'export PRIVACY_NOTICE_URL="https://x.ca/{lang}" TRACKER_DB=/tmp/other.db; '
                       "source scripts/env.sh; echo $PRIVACY_NOTICE_URL $TRACKER_DB"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out == ["https://x.ca/{lang}", "/tmp/other.db"]


def test_env_sh_stops_on_a_bad_value():
    done = subprocess.run(["bash", "-c", "export RETENTION_DAYS=soon; source scripts/env.sh && echo started"],
                          cwd=ROOT, capture_output=True, text=True)
    assert "started" not in done.stdout and "RETENTION_DAYS='soon'" in done.stderr


def test_empty_settings_are_not_exported():
    exported = settings.read({"TRUSTED_PROXIES": "", "RASA_PORT": "6005"}).exports()
    assert "TRUSTED_PROXIES" not in exported and "LOCALES_DIR" not in exported
    assert exported["RASA_PORT"] == "6005" and exported["PRIVACY_NOTICE_URL"].startswith("http://localhost:6005/")


@pytest.mark.parametrize("key", ["short-but-random-3f9a", "change-me", "0123456789abcdef0123456789abcdef-changeme",
                                 "Change-Me-to-a-long-random-string-please", "an-example-key-that-is-long-enough-to-pass"])
def test_a_weak_pseudonym_key_is_refused_without_showing_it(key, caplog):
    with pytest.raises(settings.SettingsError, match=r"^PSEUDONYM_KEY=\(hidden\): .*secrets.token_hex") as error:
        settings.read({"PSEUDONYM_KEY": key}, strict=True)
    assert key not in str(error.value)
    assert settings.read({"PSEUDONYM_KEY": key}).pseudonym_key == ""  # a running server: a random key
    assert "PSEUDONYM_KEY" in caplog.text and key not in caplog.text


@pytest.mark.parametrize("key", ["", "3f9a0c71d2b84e56a1f0c9d8e7b6a5f43f9a0c71d2b84e56a1f0c9d8e7b6a5f4"])
def test_a_random_pseudonym_key_or_none_is_accepted(key):
    assert settings.read({"PSEUDONYM_KEY": key}, strict=True).pseudonym_key == key


def test_env_sh_leaves_the_studio_address_to_each_studio():
    # A test's or a cluster's studio started from this shell with another
    # port must not inherit the default port's address; one set is kept.
    def exported(setting: str) -> str:
        return subprocess.run(
            ["bash", "-c", f"unset STUDIO_PUBLIC_URL; {setting} source scripts/env.sh; "
                           'echo "[$STUDIO_PUBLIC_URL][$ACTION_SERVER_URL]"'],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    assert exported("").startswith("[][http")
    assert exported("export STUDIO_PUBLIC_URL=https://studio.example.ca;").startswith("[https://studio.example.ca]")


def test_current_settings_follow_the_environment_and_are_read_once(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "ENV_FILE", tmp_path / "no.env")
    monkeypatch.setenv("RETENTION_DAYS", "7")
    first = settings.current()
    assert first.retention_days == 7
    assert settings.current() is first  # unchanged environment: not read again
    monkeypatch.setenv("UNRELATED_VARIABLE", "x")
    assert settings.current().retention_days == 7
    monkeypatch.setenv("RETENTION_DAYS", "12")
    assert settings.current().retention_days == 12
    monkeypatch.delenv("RETENTION_DAYS")
    assert settings.current().retention_days == 30
