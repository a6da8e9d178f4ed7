"""Staff sign-in through the organization's OpenID Connect provider (single
sign-on), beside the studio's own accounts. docs/DEPLOYMENT.md says how to
set it up; without STUDIO_OIDC_ISSUER none of this runs.

The authorization code flow with PKCE, `state` and `nonce`, through
Authlib's framework-free client (AsyncOAuth2Client, on httpx):

    SignOn.start(lang, next_path)   the provider's sign-in address, and the
                                    attempt (state, nonce, PKCE verifier, the
                                    page to return to) sealed for a cookie
    SignOn.attempt(sealed)          that cookie read back: None if missing,
                                    altered or older than ATTEMPT_SECONDS
    SignOn.finish(attempt, query)   at the redirect back: the state compared,
                                    the code exchanged for tokens, the ID
                                    token checked by Authlib (signature
                                    against the provider's JWKS, issuer,
                                    audience, expiry, nonce), the studio role
                                    read from its claims: a studio Account

A staff member signed in this way gets the same session as with a password
(session_fields, account_in), with the name, e-mail address and role of the
ID token. Every refusal is a `Refused` of one of REFUSALS, which the sign-in
page says in its language; its detail, for the log, holds error codes and
claim names only, never the person's name, address or the provider's own
error text.
"""

import hmac
import re
import time
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.jose import JsonWebKey, JsonWebToken, KeySet
from authlib.jose.errors import JoseError
from authlib.oidc.core import CodeIDToken
from authlib.oidc.discovery import OpenIDProviderMetadata, get_well_known_url
from itsdangerous import BadSignature, URLSafeTimedSerializer

from studio.accounts import ROLES, Account, default_email, valid_name
from studio.settings import Settings, SingleSignOn

COOKIE = "studio_sso"          # the attempt under way, between the two legs
COOKIE_PATH = "/sso/"          # sent back to the callback only
ATTEMPT_SECONDS = 15 * 60      # time to sign in at the provider (a second factor included)
METADATA_SECONDS = 3600        # the discovery document and keys are read again after this
LEEWAY_SECONDS = 60            # clock difference allowed with the provider (exp, iat, nbf)
TIMEOUT_SECONDS = 10           # each request to the provider
SCOPE = "openid profile email"
# Asymmetric signatures only: "none" is refused, and a shared-secret HS256 has
# no place in a key set the provider publishes.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# Someone given several roles gets the one that may do the most.
ROLE_ORDER = ("publisher", "editor", "translator")
# Why a sign-in was refused -> the status of the sign-in page that says it
# (its text is the studio's "sso_<kind>" in locales/).
REFUSALS = {
    "unavailable": 503,  # provider unreachable, or its discovery document unusable
    "state": 400,        # no attempt in this browser, expired, or a state that differs
    "denied": 401,       # the provider said no (cancelled, not assigned to the studio)
    "invalid": 401,      # the code or the ID token did not pass the checks
    "no_role": 403,      # signed in, but no value of the roles claim gives a studio role
}
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f<>"]')
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+$")
_ERROR_CODE = re.compile(r"[^a-z0-9_.-]")


class Refused(Exception):
    """A sign-in refused: `kind` is one of REFUSALS; `detail` says why for the
    log, without personal data."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Attempt:
    """One sign-in under way, kept in the browser (signed) between leaving
    for the provider and coming back."""

    state: str
    nonce: str
    verifier: str     # PKCE code verifier; the provider got its S256 challenge
    lang: str         # the sign-in page's language, for the page that follows
    next_path: str    # the studio page to open once signed in


class SignOn:
    """The provider of `config`, its discovery document and keys read on first
    use and kept METADATA_SECONDS; attempts sealed with the studio's key."""

    def __init__(self, config: SingleSignOn, secret_key: str):
        self.config = config
        self._sealer = URLSafeTimedSerializer(secret_key, salt="studio-sso")
        self._metadata: Optional[Dict[str, Any]] = None
        self._keys: Optional[KeySet] = None
        self._read_at = 0.0

    async def start(self, lang: str, next_path: str) -> Tuple[str, str]:
        """(the provider's authorization URL to redirect to, the sealed
        attempt to keep in the COOKIE); Refused("unavailable") when the
        provider cannot be reached."""
        metadata = await self._provider()
        attempt = Attempt(generate_token(32), generate_token(32), generate_token(64), lang, next_path)
        async with self._client(metadata) as client:
            url, _ = client.create_authorization_url(metadata["authorization_endpoint"], state=attempt.state,
                                                     code_verifier=attempt.verifier, nonce=attempt.nonce)
        return url, self._sealer.dumps(asdict(attempt))

    def attempt(self, sealed: Optional[str]) -> Optional[Attempt]:
        """The attempt sealed by `start`; None when there is none, it was
        altered, or it is older than ATTEMPT_SECONDS."""
        if not sealed:
            return None
        try:
            return Attempt(**self._sealer.loads(sealed, max_age=ATTEMPT_SECONDS))
        except (BadSignature, TypeError):
            return None

    async def finish(self, attempt: Optional[Attempt], query: Mapping[str, str]) -> Account:
        """The staff member the provider signed in, from the query string of
        its redirect back (code and state, or error); Refused otherwise."""
        if attempt is None:
            raise Refused("state", "no sign-in under way in this browser, or it took too long")
        if not hmac.compare_digest(str(query.get("state") or "").encode(), attempt.state.encode()):
            raise Refused("state", "the state sent back is not this browser's")
        if query.get("error"):
            # Only the code: the provider's description may name the person.
            raise Refused("denied", f"the provider answered {_code(query['error'])}")
        if not query.get("code"):
            raise Refused("invalid", "no code in the provider's answer")
        metadata = await self._provider()
        tokens = await self._tokens(metadata, str(query["code"]), attempt.verifier)
        return account_from(await self._checked_claims(metadata, tokens, attempt.nonce), self.config)

    # ----- the provider ------------------------------------------------------

    def _client(self, metadata: Optional[Mapping[str, Any]] = None) -> AsyncOAuth2Client:
        secret = self.config.client_secret
        # client_secret_basic unless the provider lists only client_secret_post.
        methods = (metadata or {}).get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        if not secret:
            method = "none"
        elif "client_secret_basic" not in methods and "client_secret_post" in methods:
            method = "client_secret_post"
        else:
            method = "client_secret_basic"
        return AsyncOAuth2Client(self.config.client_id, secret or None, token_endpoint_auth_method=method,
                                 scope=SCOPE, redirect_uri=self.config.redirect_uri, code_challenge_method="S256",
                                 timeout=TIMEOUT_SECONDS)

    async def _json(self, url: str) -> Dict[str, Any]:
        try:
            async with self._client() as client:
                answer = await client.request("GET", url, withhold_token=True)
                answer.raise_for_status()
                document = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise Refused("unavailable", f"{url}: {type(error).__name__}") from None
        if not isinstance(document, dict):
            raise Refused("unavailable", f"{url}: not a JSON object")
        return document

    async def _provider(self) -> Dict[str, Any]:
        """The discovery document, checked as OpenID Connect Discovery asks."""
        if self._metadata is None or time.monotonic() - self._read_at > METADATA_SECONDS:
            url = get_well_known_url(self.config.issuer, external=True)
            metadata = OpenIDProviderMetadata(await self._json(url))
            try:
                for check in (metadata.validate_issuer, metadata.validate_authorization_endpoint,
                              metadata.validate_token_endpoint, metadata.validate_jwks_uri):
                    check()
            except ValueError as error:
                raise Refused("unavailable", f"{url}: {error}") from None
            if not metadata.get("authorization_endpoint"):
                raise Refused("unavailable", f"{url} names no authorization_endpoint")
            if str(metadata["issuer"]).rstrip("/") != self.config.issuer.rstrip("/"):
                raise Refused("unavailable", f"{url} names another issuer than STUDIO_OIDC_ISSUER")
            self._metadata, self._keys, self._read_at = dict(metadata), None, time.monotonic()
        return self._metadata

    async def _signing_keys(self, metadata: Mapping[str, Any], again: bool) -> KeySet:
        if self._keys is None or again:
            usable = []
            for raw in (await self._json(metadata["jwks_uri"])).get("keys") or []:
                try:
                    usable.append(JsonWebKey.import_key(raw))
                except (KeyError, TypeError, ValueError, JoseError):
                    continue  # a kind of key Authlib does not read: the others still count
            if not usable:
                raise Refused("unavailable", "the provider's JWKS holds no key the studio can read")
            self._keys = KeySet(usable)
        return self._keys

    async def _tokens(self, metadata: Mapping[str, Any], code: str, verifier: str) -> Dict[str, Any]:
        async with self._client(metadata) as client:
            try:
                return dict(await client.fetch_token(metadata["token_endpoint"], grant_type="authorization_code",
                                                     code=code, code_verifier=verifier))
            except OAuthError as error:
                raise Refused("invalid", f"the token endpoint answered {_code(str(error.error))}") from None
            except (httpx.HTTPError, ValueError) as error:
                raise Refused("unavailable", f"token endpoint: {type(error).__name__}") from None

    async def _checked_claims(self, metadata: Mapping[str, Any], tokens: Mapping[str, Any], nonce: str) -> CodeIDToken:
        """The ID token's claims once Authlib has checked its signature with
        the provider's keys, its issuer, audience, times and nonce."""
        if not tokens.get("id_token"):
            raise Refused("invalid", "no ID token in the token endpoint's answer")
        offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        jwt = JsonWebToken([alg for alg in offered if alg in SIGNING_ALGORITHMS])
        options = {"iss": {"essential": True, "value": metadata["issuer"]},
                   "aud": {"essential": True, "value": self.config.client_id}}
        params = {"nonce": nonce, "client_id": self.config.client_id, "access_token": tokens.get("access_token")}

        def checked(keys: KeySet) -> CodeIDToken:
            try:
                claims = jwt.decode(tokens["id_token"], key=keys, claims_cls=CodeIDToken, claims_options=options,
                                    claims_params=params)
                claims.validate(leeway=LEEWAY_SECONDS)
                return claims
            except JoseError as error:
                # Authlib's own words: an error code and at most a claim's name.
                said = f"{error.error}, {error.description}" if error.description else str(error.error)
                raise Refused("invalid", f"ID token: {said}") from None

        try:
            return checked(await self._signing_keys(metadata, again=False))
        except ValueError:
            pass  # no key with the token's kid: the provider may have rotated its keys since they were read
        try:
            return checked(await self._signing_keys(metadata, again=True))
        except ValueError:
            raise Refused("invalid", "no key of the provider's JWKS has the ID token's kid") from None


def account_from(claims: Mapping[str, Any], config: SingleSignOn) -> Account:
    """The studio account of a checked ID token: its name (name, else given
    and family names, preferred_username, email), e-mail address (email,
    else preferred_username when it is one, else made from the name) and
    role (role_in). Refused("no_role") when the claims give no studio role."""
    role = role_in(claims, config.roles_claim, config.roles)
    if role is None:
        raise Refused("no_role", f"no value of the claim {config.roles_claim!r} gives a studio role")
    name = _person_name(claims)
    if name is None:
        raise Refused("invalid", "the ID token has no usable name, username or e-mail address")
    email = next((str(value) for value in (claims.get("email"), claims.get("preferred_username"))
                  if isinstance(value, str) and _EMAIL.match(value)), default_email(name))
    return Account(name, role, email, password_hash="")


def role_in(claims: Mapping[str, Any], claim: str, roles: Mapping[str, str]) -> Optional[str]:
    """The studio role the claim `claim` gives through `roles` ({value: role}),
    the first of ROLE_ORDER when it gives several; None when it gives none.
    The claim holds a string or a list of strings; a name with dots that is
    not itself a claim is a path: "realm_access.roles" is "roles" inside
    "realm_access"."""
    value: Any = claims.get(claim)
    if value is None:
        value = claims
        for part in claim.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
    values: List[Any] = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    given = {roles.get(item) for item in values if isinstance(item, str)}
    return next((role for role in ROLE_ORDER if role in given), None)


def _person_name(claims: Mapping[str, Any]) -> Optional[str]:
    full = " ".join(str(claims.get(part) or "") for part in ("given_name", "family_name"))
    for candidate in (claims.get("name"), full, claims.get("preferred_username"), claims.get("email")):
        if isinstance(candidate, str):
            # The name is a git author: no angle brackets, quotes or control characters.
            name = " ".join(_UNSAFE_IN_NAME.sub(" ", candidate).split())[:60].strip()
            if valid_name(name):
                return name
    return None


def _code(error: str) -> str:
    """A provider's error code as the log may show it (access_denied, invalid_grant)."""
    return _ERROR_CODE.sub("", error.lower())[:40] or "(no code)"


def session_fields(account: Account) -> Dict[str, Any]:
    """What a session keeps of someone signed in by single sign-on: the name,
    and the role and e-mail address the provider gave at sign-in (a change at
    the provider counts from the next sign-in)."""
    return {"user": account.name, "sso": {"role": account.role, "email": account.email}}


def account_in(session: Mapping[str, Any]) -> Optional[Account]:
    """The account of a session made from session_fields; None for any other."""
    name, data = session.get("user"), session.get("sso")
    if not name or not isinstance(data, dict) or data.get("role") not in ROLES:
        return None
    return Account(str(name), str(data["role"]), str(data.get("email") or default_email(str(name))), password_hash="")


def from_settings(settings: Settings) -> Optional[SignOn]:
    """The provider of STUDIO_OIDC_*, or None when single sign-on is not set."""
    return SignOn(settings.sso, settings.secret_key) if settings.sso else None
