"""The studio's settings: one object, read once at start from the environment
(scripts/env.sh loads .env first), each with a safe local default. A wrong
value names its variable instead of failing later."""

import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

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


def _number(env: Mapping[str, str], name: str, default: int, low: int = 1, high: int = 10**6) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SettingError(f"{name}={value!r}: expected a whole number from {low} to {high} (default {default})")
    return int(value)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    if not value:
        return default
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise SettingError(f"{name}={value!r}: expected true or false")
    return value in ("true", "1", "yes")


def _secret_key(env: Mapping[str, str], var_dir: Path) -> str:
    """STUDIO_SECRET_KEY, else a key made once and kept in var/ (owner-only),
    so sign-ins survive a restart."""
    value = env.get("STUDIO_SECRET_KEY", "").strip()
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
    env = os.environ if env is None else env
    repo = Path(env.get("STUDIO_REPO", "").strip() or ROOT).resolve()
    if not (repo / "locales").is_dir():
        raise SettingError(f"STUDIO_REPO={str(repo)!r}: no locales/ folder there; "
                           "point it at the project's checkout")
    inside = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-inside-work-tree"],
                            capture_output=True, text=True)
    if inside.stdout.strip() != "true":
        raise SettingError(f"STUDIO_REPO={str(repo)!r}: not a git checkout; the studio records "
                           "every change as a git commit there")
    var_dir = ROOT / "var"
    accounts = Path(env.get("STUDIO_ACCOUNTS", "").strip() or var_dir / "studio-accounts.json")
    return Settings(
        host=env.get("STUDIO_HOST", "").strip() or "127.0.0.1",
        port=_number(env, "STUDIO_PORT", 5090, 1, 65535),
        repo=repo,
        accounts_file=accounts,
        secret_key=_secret_key(env, var_dir),
        max_failures=_number(env, "STUDIO_MAX_FAILURES", 5, 1, 100),
        lockout_minutes=_number(env, "STUDIO_LOCKOUT_MINUTES", 15, 1, 24 * 60),
        session_hours=_number(env, "STUDIO_SESSION_HOURS", 8, 1, 24 * 7),
        secure_cookies=_flag(env, "STUDIO_SECURE_COOKIES", False),
        require_approval=_flag(env, "STUDIO_REQUIRE_APPROVAL", False),
    )
