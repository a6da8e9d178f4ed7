"""Is this request really from the platform? Plain functions, one per app.

Every messaging app signs or authenticates the requests it sends to our
webhook; a request that fails the check never reaches the assistant (the
channel answers 403). Slack's signature is checked by Rasa's own connector.
"""

import hashlib
import hmac
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

import jwt
from jwt.algorithms import RSAAlgorithm
from twilio.request_validator import RequestValidator

# The issuer of the tokens the Bot Framework service sends to bots.
BOTFRAMEWORK_ISSUER = "https://api.botframework.com"
# Bot Framework signs with RSA keys only; never trust the token's own choice.
BOTFRAMEWORK_ALGORITHMS = ["RS256"]
# Tolerated clock difference with the platform, in seconds.
CLOCK_SKEW = 300


def secrets_match(expected: str, given: Optional[str]) -> bool:
    """A shared secret compared in constant time; an empty secret never matches."""
    return bool(expected) and bool(given) and hmac.compare_digest(
        expected.encode("utf-8"), given.encode("utf-8"))


def telegram_secret_ok(expected: str, header: Optional[str]) -> bool:
    """Telegram repeats the webhook's secret token in X-Telegram-Bot-Api-Secret-Token."""
    return secrets_match(expected, header)


def messenger_signature(app_secret: str, body: bytes) -> str:
    """The X-Hub-Signature-256 value Meta computes for `body`."""
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def messenger_signature_ok(app_secret: str, body: bytes, header: Optional[str]) -> bool:
    """Meta signs each webhook body with the app secret (HMAC-SHA256)."""
    return bool(app_secret) and bool(header) and hmac.compare_digest(
        messenger_signature(app_secret, body).encode(), header.strip().encode())


def _as_lists(params: Mapping[str, Any]) -> Dict[str, List[str]]:
    return {key: list(value) if isinstance(value, (list, tuple)) else [value]
            for key, value in params.items()}


def twilio_signature(auth_token: str, url: str, params: Mapping[str, Any]) -> str:
    """The X-Twilio-Signature value Twilio computes for a form POST to `url`."""
    return RequestValidator(auth_token).compute_signature(url, _MultiDict(_as_lists(params)))


def twilio_signature_ok(auth_token: str, url: str, params: Mapping[str, Any],
                        header: Optional[str]) -> bool:
    """Twilio signs the public webhook URL plus every POST parameter (HMAC-SHA1).

    `url` must be the address Twilio calls (the one configured in the
    Twilio console), not the address the server sees behind a proxy.
    """
    if not (auth_token and url and header):
        return False
    return RequestValidator(auth_token).validate(url, _MultiDict(_as_lists(params)), header)


class _MultiDict(dict):
    """Form parameters as lists, the shape Twilio's validator reads with getall()."""

    def getall(self, key: str) -> List[str]:
        return self[key]


class BotFrameworkTokenError(Exception):
    """A Bot Framework request whose token or activity does not check out."""


def botframework_claims(token: str, keys: Mapping[str, Dict[str, Any]], app_id: str,
                        issuer: str = BOTFRAMEWORK_ISSUER) -> Dict[str, Any]:
    """The verified claims of a Bot Framework bearer token.

    Checks the signature against the platform's published keys (RS256 only),
    the audience (our app id), the issuer, and the expiry.
    """
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise BotFrameworkTokenError(f"malformed token: {error}") from error
    key = keys.get(header.get("kid", ""))
    if key is None:
        raise BotFrameworkTokenError("token signed with an unknown key")
    try:
        return jwt.decode(
            token, key=RSAAlgorithm.from_jwk(key), algorithms=BOTFRAMEWORK_ALGORITHMS,
            audience=app_id, issuer=issuer, leeway=CLOCK_SKEW,
            options={"require": ["exp", "iss", "aud"]},
        )
    except (jwt.PyJWTError, ValueError) as error:
        raise BotFrameworkTokenError(str(error)) from error


def botframework_activity_problem(claims: Mapping[str, Any], activity: Any,
                                  key: Mapping[str, Any]) -> Optional[str]:
    """Why a verified token does not cover this activity, or None if it does.

    The token names the service URL the reply goes to: an activity pointing
    elsewhere would make the bot send its own credentials to a stranger. The
    signing key lists the channels it may be used for ("msteams").
    """
    if not isinstance(activity, dict):
        return "the body is not an activity"
    service_url = activity.get("serviceUrl")
    if not service_url or claims.get("serviceurl", claims.get("serviceUrl")) != service_url:
        return "the activity's serviceUrl is not the one in the token"
    endorsements: Union[Iterable[str], None] = key.get("endorsements")
    if endorsements is not None and activity.get("channelId") not in endorsements:
        return "the signing key is not endorsed for this channel"
    return None


def bearer_token(header: Optional[str]) -> Optional[str]:
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
