"""The studio's settings, taken from the assistant's one settings object
(assistant/settings.py: environment, then .env, then defaults), with the
checks only the studio needs: its repository is a git checkout with
locales/, a signing key exists, single sign-on is complete and maps to the
studio's roles. A wrong value names its variable."""

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional

from authlib.common.security import is_secure_transport

from assistant import settings as app_settings

ROOT = Path(__file__).resolve().parent.parent
CALLBACK_PATH = "/sso/callback"  # where the provider sends staff back (studio/sso.py)


class SettingError(ValueError):
    """A variable with a value the studio cannot use; the message names it."""


@dataclass(frozen=True)
class SingleSignOn:
    """The organization's OpenID Connect provider (STUDIO_OIDC_*, docs/DEPLOYMENT.md)."""

    issuer: str               # STUDIO_OIDC_ISSUER: its discovery document is <issuer>/.well-known/openid-configuration
    client_id: str            # STUDIO_OIDC_CLIENT_ID
    client_secret: str        # STUDIO_OIDC_CLIENT_SECRET: empty for a public client (PKCE only)
    redirect_uri: str         # <STUDIO_PUBLIC_URL>/sso/callback, registered at the provider
    roles_claim: str          # STUDIO_OIDC_ROLES_CLAIM: the ID token claim with roles or groups; "a.b" inside "a"
    roles: Mapping[str, str]  # STUDIO_OIDC_ROLES: a value of that claim -> the studio role it gives


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
    sso: Optional[SingleSignOn] = None  # None: studio accounts only
    local_passwords: bool = True    # STUDIO_LOCAL_PASSWORDS: studio accounts sign in too (always without sso)

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
    sso = _single_sign_on(common)
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
        sso=sso,
        local_passwords=common.studio_local_passwords,
    )


def _single_sign_on(common: app_settings.Settings) -> Optional[SingleSignOn]:
    issuer = common.studio_oidc_issuer.strip()
    if not issuer:
        if not common.studio_local_passwords:
            raise SettingError("STUDIO_LOCAL_PASSWORDS=false: no one could sign in; set STUDIO_OIDC_ISSUER "
                               "(single sign-on) or leave it true")
        return None
    if not is_secure_transport(issuer):
        raise SettingError(f"STUDIO_OIDC_ISSUER={issuer!r}: the provider's address must start with https://")
    client_id = common.studio_oidc_client_id.strip()
    if not client_id:
        raise SettingError("STUDIO_OIDC_CLIENT_ID: required with STUDIO_OIDC_ISSUER (the studio's client at the provider)")
    claim = common.studio_oidc_roles_claim.strip()
    if not claim:
        raise SettingError("STUDIO_OIDC_ROLES_CLAIM: name the ID token claim that lists roles or groups (e.g. roles)")
    return SingleSignOn(issuer=issuer, client_id=client_id, client_secret=common.studio_oidc_client_secret.strip(),
                        redirect_uri=str(common.studio_public_url) + CALLBACK_PATH, roles_claim=claim,
                        roles=_role_map(common.studio_oidc_roles))


def _role_map(text: str) -> Dict[str, str]:
    """STUDIO_OIDC_ROLES ("value=role, value=role") as {value: role}; empty:
    each role's own name."""
    # Imported here: studio.accounts reads its settings from this module.
    from studio.accounts import ROLES

    found = {}
    for pair in (part.strip() for part in text.split(",")):
        if not pair:
            continue
        value, equals, role = (word.strip() for word in pair.rpartition("="))
        if not equals or not value or role not in ROLES:
            raise SettingError(f"STUDIO_OIDC_ROLES: {pair!r} is not VALUE=ROLE, ROLE being one of {', '.join(ROLES)}")
        found[value] = role
    return found or {role: role for role in ROLES}
