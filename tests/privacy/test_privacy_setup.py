"""How the project starts Rasa: telemetry off everywhere, the HTTP API only
behind a token or JWT, the action server on loopback, the guarded channels
and the private tracker store configured; and the privacy notice."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from stack import rasa_access_args, stack_env

from assistant import settings
from assistant.catalog import LOCALES_DIR, Catalog
from privacy import events as privacy_events
from privacy import notice
from resilience import launcher

ROOT = Path(__file__).resolve().parents[2]


def test_telemetry_is_off_in_every_way_the_project_starts_rasa():
    assert re.search(r"^export RASA_TELEMETRY_ENABLED := false$", (ROOT / "Makefile").read_text(), re.M)
    assert "export RASA_TELEMETRY_ENABLED=false" in (ROOT / "scripts" / "env.sh").read_text()
    for script in ("run.sh", "test.sh"):
        assert "source scripts/env.sh" in (ROOT / "scripts" / script).read_text(), script
    assert stack_env(Path("/tmp/x"))["RASA_TELEMETRY_ENABLED"] == "false"


def test_env_sh_really_turns_telemetry_off():
    out = subprocess.run(["bash", "-c", "RASA_TELEMETRY_ENABLED=true; source scripts/env.sh; "
                                        "echo $RASA_TELEMETRY_ENABLED $RETENTION_DAYS"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "false" and out[1].isdigit()


@pytest.mark.parametrize("env, api", [
    ({}, False),
    ({"RASA_AUTH_TOKEN": "secret"}, True),
    ({"RASA_JWT_SECRET": "jwt-secret"}, True),
])
def test_the_http_api_is_on_only_with_a_token_or_jwt(env, api):
    args = rasa_access_args(env, {"CORS_ORIGINS": "http://localhost:8080"})
    assert ("--enable-api" in args) is api
    assert args[:2] == ["--cors", "http://localhost:8080"]
    if env.get("RASA_AUTH_TOKEN"):
        assert args[args.index("--auth-token") + 1] == "secret"
    if env.get("RASA_JWT_SECRET"):
        assert args[args.index("--jwt-secret") + 1] == "jwt-secret"


@pytest.mark.parametrize("env, expected", [
    ({}, ""),
    ({"RASA_AUTH_TOKEN": "tok"}, "--enable-api --auth-token tok"),
    ({"RASA_JWT_SECRET": "key"}, "--enable-api --jwt-secret key --jwt-method HS256"),
])
def test_every_way_of_starting_rasa_builds_the_same_api_arguments(env, expected):
    """make run, the cluster, the container and the tests start Rasa through
    the one launcher, which builds these arguments."""
    args = launcher.rasa_args(settings.read({**env, "CORS_ORIGINS": "http://localhost:8080"}), "credentials.yml")
    assert " ".join(args[args.index("http://localhost:8080") + 1:]) == expected
    for starter in ("scripts/run.sh", "deploy/docker/rasa-entrypoint.sh"):
        assert "-m resilience rasa" in (ROOT / starter).read_text(), starter
    for starter in ("deploy/local/cluster.py", "tests/stack.py"):
        assert '"-m", "resilience"' in (ROOT / starter).read_text(), starter


def test_the_action_server_listens_on_loopback_by_default():
    source = (ROOT / "actions" / "server.py").read_text()
    assert '"--host", default=s.action_host' in source
    assert settings.read({}).action_host == "127.0.0.1"


def test_channels_and_tracker_store_are_the_private_ones():
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert "privacy.channels.GuardedRestInput" in credentials
    assert "privacy.channels.GuardedSocketIOInput" in credentials
    assert not {"rest", "socketio"} & set(credentials)  # no unguarded twin
    endpoints = (ROOT / "endpoints.yml").read_text()
    assert "type: privacy.tracker_store.PrivateSQLTrackerStore" in endpoints


@pytest.mark.parametrize("lang, words", [
    ("en", ["<title>Privacy notice</title>", "30 days", "delete my conversation", "[email]", "Rasa",
            '<a href="fr" lang="fr">Version française</a>']),
    ("fr", ["<title>Avis de confidentialité</title>", "30 jours", "supprimez ma conversation", "[email]",
            "Rasa", '<a href="en" lang="en">English version</a>']),
])
def test_the_privacy_notice_has_both_languages(lang, words):
    page = notice.page(lang, env={})
    assert f'<html lang="{lang}">' in page
    for word in words:
        assert word in page
    assert "<h3>" in page and "<li>" in page and "<strong>" in page  # its Markdown is rendered


@pytest.mark.parametrize("lang, period", [("en", "<strong>90 days</strong>"), ("fr", "<strong>90 jours</strong>")])
def test_the_privacy_notice_states_the_retention_period_in_force(lang, period):
    assert period in notice.page(lang, env={"RETENTION_DAYS": "90"})


def test_the_privacy_notice_text_is_read_from_the_catalogs(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, locales)
    path = locales / "fr" / "privacy_notice.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Durée de conservation", "Combien de temps"),
                    encoding="utf-8")
    page = notice.page("fr", Catalog(locales), env={})
    assert "<h3>Combien de temps</h3>" in page and "Durée de conservation" not in page


def test_privacy_notice_url():
    assert privacy_events.privacy_notice_url("fr", {}) == "http://localhost:5005/webhooks/privacy/notice/fr"
    assert privacy_events.privacy_notice_url("en", {"RASA_PORT": "6000"}).startswith("http://localhost:6000/")
    assert privacy_events.privacy_notice_url("en", {"PRIVACY_NOTICE_URL": "https://x.ca/{lang}/privacy"}) == \
        "https://x.ca/en/privacy"
    assert privacy_events.fill_placeholders("{retention_days} {other}", "en", {"RETENTION_DAYS": "9"}) == "9 {other}"


def test_loading_the_channels_turns_telemetry_off_for_any_server(monkeypatch):
    import importlib

    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")
    from privacy import channels
    importlib.reload(channels)
    from rasa import telemetry
    assert not telemetry.is_telemetry_enabled()


def test_scripts_create_files_owner_only():
    out = subprocess.run(["bash", "-c", "umask 022; source scripts/env.sh; umask"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert out == "0077"


def test_the_tracker_database_and_its_log_are_owner_only(tmp_path):
    db = tmp_path / "tracker.db"
    db.write_bytes(b"")
    db.chmod(0o644)  # as an older version, or another umask, left it
    script = (
        "import os, sqlalchemy as sa\n"
        "os.umask(0o022)\n"
        "from privacy import database\n"
        f"engine = database.open_engine('sqlite:///{db}')\n"
        "with engine.begin() as c:\n"
        "    c.exec_driver_sql('CREATE TABLE t (x TEXT)')\n"
        "    c.exec_driver_sql(\"INSERT INTO t VALUES ('a')\")\n"
        f"print(oct(os.stat('{db}').st_mode & 0o777), oct(os.stat('{db}-wal').st_mode & 0o777))\n"
    )
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", script], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0o600", "0o600"]
