"""The studio's settings, taken from the assistant's one settings object
(assistant/settings.py: environment, then .env, then defaults), with the
checks only the studio needs: its repository is a git checkout with
locales/, and a signing key exists. A wrong value names its variable."""

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from assistant import settings as app_settings

ROOT = Path(__file__).resolve().parent.parent


class SettingError(ValueError):
    """A variable with a value the studio cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    host: str                 # STUDIO_HOST: loopback unless a reverse proxy fronts it
    port: int                 # STUDIO_PORT
    repo: Path                # STUDIO_REPO: the project's git checkout the studio edits and commits to
    accounts_file: Path       # STUDIO_ACCOUNTS: staff accounts (hashed passwords)
    secret_key: str           # STUDIO_SECRET_KEY: signs session cookies (made once in var/ if empty)
    max_failures: int         # STUDIO_MAX_FAILURES: wrong passwords in a row before the account locks
    lockout_minutes: int      # STUDIO_LOCKOUT_MINUTES: how long a locked account stays locked
    session_hours: int        # STUDIO_SESSION_HOURS: a sign-in lasts this long
    secure_cookies: bool      # STUDIO_SECURE_COOKIES: true behind HTTPS
    model: Path               # MODEL: the model file a retraining replaces (the one the model server serves)
    require_approval: bool = False  # STUDIO_REQUIRE_APPROVAL: changes go live only once a publisher approves

    @property
    def proposals_file(self) -> Path:
        return self.accounts_file.parent / "studio-proposals.json"

    @property
    def locales_dir(self) -> Path:
        return self.repo / "locales"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def _secret_key(value: str, var_dir: Path) -> str:
    """STUDIO_SECRET_KEY, else a key made once and kept in var/ (owner-only),
    so sign-ins survive a restart."""
    value = value.strip()
    if value:
        if len(value) < 32:
            raise SettingError("STUDIO_SECRET_KEY: use at least 32 random characters "
                               "(or leave it empty to have one made in var/)")
        return value
    key_file = var_dir / "studio.key"
    if not key_file.exists() or not key_file.read_text().strip():
        var_dir.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_hex(32))
    return key_file.read_text().strip()


def load(env: Optional[Mapping[str, str]] = None) -> Settings:
    """The studio's part of the assistant's settings (assistant/settings.py):
    the process's own, or those of `env` alone (tests)."""
    try:
        common = app_settings.load() if env is None else app_settings.read(env, strict=True)
    except app_settings.SettingsError as error:
        raise SettingError(str(error)) from None
    repo = Path(common.studio_repo.strip() or ROOT).resolve()
    if not (repo / "locales").is_dir():
        raise SettingError(f"STUDIO_REPO={str(repo)!r}: no locales/ folder there; "
                           "point it at the project's checkout")
    inside = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.stdout.strip() != "true":
        raise SettingError(f"STUDIO_REPO={str(repo)!r}: not a git checkout; the studio records "
                           "every change as a git commit there")
    var_dir = ROOT / "var"
    accounts = Path(common.studio_accounts.strip() or var_dir / "studio-accounts.json")
    return Settings(
        host=common.studio_host.strip() or "127.0.0.1",
        port=common.studio_port,
        repo=repo,
        accounts_file=accounts if accounts.is_absolute() else ROOT / accounts,
        secret_key=_secret_key(common.studio_secret_key, var_dir),
        max_failures=common.studio_max_failures,
        lockout_minutes=common.studio_lockout_minutes,
        session_hours=common.studio_session_hours,
        secure_cookies=common.studio_secure_cookies,
        model=repo / common.model,  # a relative MODEL is the checkout's
        require_approval=common.studio_require_approval,
    )
