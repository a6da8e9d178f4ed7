"""Every setting of the assistant, in one validated object.

Read from the environment, then from `.env` in the project folder, then the
defaults below: a variable set in the environment always beats `.env`.
`.env.example` lists exactly these fields (tests/unit/test_settings.py).
The addresses that follow from a port (ACTION_SERVER_URL, CORS_ORIGINS,
PRIVACY_NOTICE_URL) are derived from it unless set, so changing only the
ports gives a stack wired to itself.

    settings.load()          strict: a bad value stops with an error naming
                             the variable (the launcher, scripts/env.sh)
    settings.current()       the running process's settings, read once (again
                             only when the environment changes); a bad value
                             is logged, naming the variable, and its default used
    settings.read(mapping)   the same from a mapping only (tests, tools)

    python -m assistant.settings --export   shell `export` lines (scripts/env.sh)
"""

import logging
import shlex
import sys
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from pydantic import BaseSettings, ValidationError, validator
from pydantic.fields import ModelField

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / ".env"
# PSEUDONYM_KEY: shorter keys, and the placeholders of examples and manifests,
# can be guessed, and with the key every stored conversation id can be tied
# to the id a resident holds.
PSEUDONYM_KEY_MIN_CHARS = 32
WEAK_KEY_WORDS = ("change-me", "changeme", "example")
MAKE_A_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"


# An address that follows from a port unless set, read only through these
# settings: scripts/env.sh exports it only when set, so that a studio started
# from that shell on another port (a test's, the cluster's) derives its own.
# (ACTION_SERVER_URL and the like are exported: endpoints.yml reads them.)
DERIVED_IN_EACH_PROCESS = frozenset({"studio_public_url"})


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


class Settings(BaseSettings):
    # The servers (make run; docs/DEPLOYMENT.md)
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    action_server_url: Optional[str] = None  # derived from ACTION_PORT
    web_port: int = 8080
    cors_origins: Optional[str] = None  # derived from WEB_PORT; space-separated
    tracker_db: str = "var/tracker.db"
    tracker_db_url: str = ""  # a database address instead of TRACKER_DB (the cluster's PostgreSQL)
    feedback_db: str = "var/feedback.db"  # "Was this helpful?" clicks, no conversation text
    model: str = "models/assistant.tar.gz"
    endpoints: str = "endpoints.yml"
    # The retrained model without a restart (docs/DEPLOYMENT.md): Rasa pulls MODEL
    # from this URL every MODEL_PULL_SECONDS; empty: MODEL is loaded once at start.
    model_server_url: str = ""
    model_server_port: int = 5095  # python -m resilience models, loopback only
    model_pull_seconds: int = 10
    locales_dir: Optional[str] = None  # the project's locales/ unless set
    log_level: Optional[str] = None  # Rasa's and the action server's; INFO unless set
    # Privacy and security (docs/SECURITY.md)
    retention_days: int = 30
    retention_check_seconds: float = 3600.0
    max_message_chars: int = 2000
    rate_limit_per_sender: int = 20
    rate_limit_per_address: int = 60
    rate_limit_per_connection: int = 20
    rate_limit_window_seconds: int = 60
    rate_limit_exempt_addresses: str = ""
    rate_limit_storage_url: str = ""
    trusted_proxies: str = ""
    local_rest_addresses: str = "127.0.0.1 ::1"
    privacy_notice_url: Optional[str] = None  # derived from RASA_PORT; {lang}: en or fr
    pseudonym_key: str = ""
    rasa_auth_token: str = ""
    rasa_jwt_secret: str = ""
    rasa_jwt_method: str = "HS256"
    sanic_request_max_size: int = 1048576
    erasure_broadcast_url: str = ""  # several replicas; empty: RATE_LIMIT_STORAGE_URL when it is Redis
    # Staff studio (docs/STAFF.md)
    studio_host: str = "127.0.0.1"
    studio_port: int = 5090
    studio_repo: str = ""  # the project's checkout unless set
    studio_accounts: str = "var/studio-accounts.json"
    studio_secret_key: str = ""  # made once in var/studio.key if empty
    studio_max_failures: int = 5
    studio_lockout_minutes: int = 15
    studio_session_hours: int = 8
    studio_secure_cookies: bool = False
    studio_require_approval: bool = False
    studio_public_url: Optional[str] = None  # derived from STUDIO_HOST and STUDIO_PORT
    # Staff single sign-on (docs/DEPLOYMENT.md); no issuer: studio accounts only
    studio_oidc_issuer: str = ""
    studio_oidc_client_id: str = ""
    studio_oidc_client_secret: str = ""
    studio_oidc_roles_claim: str = "roles"
    studio_oidc_roles: str = ""  # VALUE=ROLE pairs, comma-separated; empty: the values are the roles' names
    studio_local_passwords: bool = True
    # Content work for staff (docs/STAFF.md)
    content_review_months: int = 12
    nlu_min_examples: int = 15
    translations_dir: str = "var/translations"
    report_low_confidence: float = 0.6
    # Cluster mode (docs/DEPLOYMENT.md)
    action_server_timeout: float = 10.0
    db_connect_timeout: int = 5
    cluster_dir: str = "var/cluster"
    cluster_port: int = 5080
    cluster_rasa_ports: str = "5011 5012"
    cluster_action_ports: str = "5061 5062"
    cluster_actions_proxy_port: int = 5060
    cluster_model_server_port: int = 5065  # the one model server every replica pulls from
    cluster_studio_port: int = 5081  # the staff studio, loopback only
    db_port: int = 5433
    db_name: str = "rasa"
    db_user: str = "rasa"
    db_password: str = "rasa-local"
    redis_port: int = 6380
    redis_password: str = ""
    redis_db: int = 1
    redis_key_prefix: str = "rasa"
    proxy_rate_limit_per_minute: int = 120
    ticket_lock_lifetime: int = 20
    # Messaging apps (docs/CHANNELS.md; checked together by channels/credentials.py)
    telegram_access_token: str = ""
    telegram_bot_username: str = ""
    telegram_webhook_url: str = ""
    telegram_secret_token: str = ""
    facebook_verify_token: str = ""
    facebook_app_secret: str = ""
    facebook_page_access_token: str = ""
    slack_bot_token: str = ""
    slack_signing_secret: str = ""
    slack_channel: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_number: str = ""
    twilio_whatsapp_number: str = ""
    twilio_webhook_url: str = ""
    botframework_app_id: str = ""
    botframework_app_password: str = ""
    botframework_tenant_id: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    facebook_graph_url: str = "https://graph.facebook.com"
    slack_api_url: str = "https://slack.com/api/"
    twilio_api_url: str = "https://api.twilio.com"
    botframework_openid_url: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    botframework_login_url: str = "https://login.microsoftonline.com"

    class Config:
        case_sensitive = False

        @classmethod
        def customise_sources(cls, init_settings, env_settings, file_secret_settings):
            # The values given are those of .env (load): the environment beats them.
            return (env_settings, init_settings)

    @validator("*", pre=True)
    def _blank_number_is_unset(cls, value: Any, field: ModelField) -> Any:
        # RETENTION_DAYS= in .env means "the default", as it always did.
        if isinstance(value, str) and not value.strip() and field.type_ in (int, float):
            return field.default
        return value.strip() if isinstance(value, str) and field.type_ in (int, float) else value

    @validator("rasa_port", "action_port", "web_port", "cluster_port", "cluster_actions_proxy_port",
               "db_port", "redis_port", "studio_port", "model_server_port",
               "cluster_model_server_port", "cluster_studio_port")
    def _a_port(cls, value: int) -> int:
        if not 0 < value < 65536:
            raise ValueError("must be a port number, 1 to 65535")
        return value

    @validator("content_review_months", "nlu_min_examples", pre=True)
    def _a_count(cls, value: Any) -> Any:
        # Said to staff in words (make check), not in pydantic's.
        if isinstance(value, str) and value.strip() and not value.strip().isdigit():
            raise ValueError("expected a whole number of at least 1")
        return value

    @validator("retention_days", "content_review_months", "nlu_min_examples", "studio_max_failures",
               "studio_lockout_minutes", "studio_session_hours", "model_pull_seconds")
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            raise ValueError("must be at least 1")
        return value

    @validator("max_message_chars", "rate_limit_per_sender", "rate_limit_per_address",
               "rate_limit_per_connection", "rate_limit_window_seconds", "sanic_request_max_size",
               "ticket_lock_lifetime", "redis_db", "proxy_rate_limit_per_minute")
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("must not be negative (0 turns it off)")
        return value

    @validator("retention_check_seconds", "action_server_timeout", "db_connect_timeout")
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be more than 0")
        return value

    @validator("pseudonym_key")
    def _a_strong_key(cls, value: str) -> str:
        # Empty: a random key for this process only (scripts/env.sh keeps one in var/).
        if value and len(value) < PSEUDONYM_KEY_MIN_CHARS:
            raise ValueError(f"must be at least {PSEUDONYM_KEY_MIN_CHARS} random characters; make one with {MAKE_A_KEY}")
        if any(word in value.lower() for word in WEAK_KEY_WORDS):
            raise ValueError(f"is a placeholder, not a key; make one with {MAKE_A_KEY}")
        return value

    @validator("log_level")
    def _a_log_level(cls, value: Optional[str]) -> Optional[str]:
        if value and value.strip().upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.strip().upper() if value else None

    # Derived addresses: set, they are used as they are; unset (or empty),
    # they follow the ports.
    @validator("action_server_url", always=True)
    def _action_server_url(cls, value: Optional[str], values: Dict[str, Any]) -> str:
        return value or f"http://127.0.0.1:{values.get('action_port', 5055)}/webhook"

    @validator("cors_origins", always=True)
    def _cors_origins(cls, value: Optional[str], values: Dict[str, Any]) -> str:
        port = values.get("web_port", 8080)
        return value or f"http://localhost:{port} http://127.0.0.1:{port}"

    @validator("studio_public_url", always=True)
    def _studio_public_url(cls, value: Optional[str], values: Dict[str, Any]) -> str:
        host = (values.get("studio_host") or "").strip() or "127.0.0.1"
        return (value or f"http://{host}:{values.get('studio_port', 5090)}").rstrip("/")

    @validator("privacy_notice_url", always=True)
    def _privacy_notice_url(cls, value: Optional[str], values: Dict[str, Any]) -> str:
        return value or f"http://localhost:{values.get('rasa_port', 5005)}/webhooks/privacy/notice/{{lang}}"

    # ----- convenience -----

    @property
    def cors_origin_list(self) -> List[str]:
        return (self.cors_origins or "").split()

    def locales_path(self) -> Path:
        # A relative LOCALES_DIR (.env.example's "locales") is the project's.
        return ROOT / self.locales_dir if self.locales_dir else ROOT / "locales"

    def notice_url(self, lang: str) -> str:
        return (self.privacy_notice_url or "").replace("{lang}", lang)

    def exports(self) -> Dict[str, str]:
        """Every setting with a value, as the environment variable it is read
        from. An empty one (TRUSTED_PROXIES, LOCALES_DIR unset) is left out:
        a program that reads the variable itself then keeps its own default."""
        return {name.upper(): _text(value) for name, value in self.dict().items() if _text(value)}


def variables() -> Tuple[str, ...]:
    """The environment variables the settings are read from."""
    return tuple(name.upper() for name in Settings.__fields__)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _problems(error: ValidationError) -> List[Tuple[str, str]]:
    return [(str(problem["loc"][0]).upper(), problem["msg"]) for problem in error.errors()]


def _shown(name: str, given: Mapping[str, Any]) -> str:
    """A variable's value as errors and warnings show it: a secret's is hidden."""
    value = given.get(name.lower(), "")
    secret = name.endswith(("_KEY", "_SECRET", "_PASSWORD", "_TOKEN")) and value
    return "(hidden)" if secret else repr(value)


def _describe(problems: List[Tuple[str, str]], given: Mapping[str, Any]) -> str:
    return "; ".join(f"{name}={_shown(name, given)}: {message}" for name, message in problems)


class _MappingOnly(Settings):
    """The settings from the values given, nothing read from the environment."""

    class Config:
        @classmethod
        def customise_sources(cls, init_settings, env_settings, file_secret_settings):
            return (init_settings,)


def _lenient(make, given: Dict[str, Any]) -> Settings:
    """Settings from `given`; a bad value is logged, naming its variable, and
    its default used, so that a running server keeps going."""
    given = dict(given)
    for _ in range(len(Settings.__fields__) + 1):
        try:
            return make(given)
        except ValidationError as error:
            problems = _problems(error)
            for name, message in problems:
                logger.warning("%s=%s %s; using its default", name, _shown(name, given), message)
                given.pop(name.lower(), None)
    return make({})


def _known(env: Mapping[str, Any]) -> Dict[str, Any]:
    fields = Settings.__fields__
    return {key.lower(): value for key, value in env.items()
            if key.lower() in fields and value is not None}


def read(env: Mapping[str, Any], strict: bool = False) -> Settings:
    """The settings from `env` only (no process environment, no .env)."""
    given = _known(env)
    if not strict:
        return _lenient(lambda values: _MappingOnly(**values), given)
    try:
        return _MappingOnly(**given)
    except ValidationError as error:
        raise SettingsError(_describe(_problems(error), given)) from None


def load(env_file: Optional[Path] = ENV_FILE) -> Settings:
    """The process's settings (environment, then .env, then defaults); a bad
    value raises SettingsError naming the variable."""
    from_file = dotenv(env_file)
    try:
        return Settings(**from_file)  # type: ignore[arg-type]  # pydantic parses the text
    except ValidationError as error:
        import os

        raise SettingsError(_describe(_problems(error), {**from_file, **_known(os.environ)})) from None


def dotenv(env_file: Optional[Path] = ENV_FILE) -> Dict[str, str]:
    """The settings a `.env` file sets, read as the shell would: KEY=value,
    quotes, # comments."""
    return _known(dotenv_all(env_file))


def dotenv_all(env_file: Optional[Path] = ENV_FILE) -> Dict[str, str]:
    """Every variable a `.env` file sets, settings or not (DB_NAME for the cluster, ...)."""
    if not env_file or not env_file.exists():
        return {}
    values: Dict[str, str] = {}
    for number, line in enumerate(env_file.read_text(encoding="utf-8").splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as error:
            raise SettingsError(f"{env_file}, line {number}: {error}") from None
        for word in words:
            name, equals, value = word.partition("=")
            if equals and name not in ("export",):
                values[name] = value
    return values


_CURRENT: Dict[Tuple[Tuple[str, str], ...], Settings] = {}
# The environment as it was at the last call, with the settings read then.
# Comparing the whole environment with it (one dict comparison, in C) is
# cheap enough for the several calls a turn makes; building the key from
# os.environ, which decodes every variable, cost about 30 µs a call.
_LAST_SEEN: List[Any] = [None, None]


def current() -> Settings:
    """The running process's settings, read once; read again only when the
    environment changed (tests change it between cases)."""
    import os

    raw = getattr(os.environ, "_data", None)  # the bytes os.environ decodes
    if raw is not None and _LAST_SEEN[1] is not None and raw == _LAST_SEEN[0]:
        return _LAST_SEEN[1]
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.lower() in Settings.__fields__))
    found = _CURRENT.get(key)
    if found is None:
        _CURRENT.clear()
        given = {**dotenv(ENV_FILE), **_known(dict(key))}
        found = _CURRENT[key] = _lenient(lambda values: _MappingOnly(**values), given)
    _LAST_SEEN[:] = [dict(raw) if raw is not None else None, found]
    return found


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        settings = load()
    except SettingsError as error:
        print(f"[settings] cannot start: {error}", file=sys.stderr)
        return 2
    if argv[:1] == ["--export"]:
        import os

        # Other variables .env sets (for Rasa's endpoints, the cluster), as
        # `source .env` would, without overriding the environment.
        from_file = dotenv_all(ENV_FILE)
        others = {name: value for name, value in from_file.items()
                  if name.lower() not in Settings.__fields__ and name not in os.environ}
        given = {name.upper() for name, value in {**from_file, **os.environ}.items() if value.strip()}
        exported = {name: value for name, value in settings.exports().items()
                    if name.lower() not in DERIVED_IN_EACH_PROCESS or name in given}
        for name, value in {**others, **exported}.items():
            print(f"export {name}={shlex.quote(value)}")
    else:
        for name, value in settings.exports().items():
            print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
