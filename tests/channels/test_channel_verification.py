"""Request verification, one platform at a time, with each platform's own
signing scheme: accepted when signed right, refused otherwise."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from channels import verification as v

# ----- Telegram -----


def test_telegram_secret_token():
    assert v.telegram_secret_ok("s3cret_token-1", "s3cret_token-1")
    for header in (None, "", "s3cret_token-2", "S3CRET_TOKEN-1", " s3cret_token-1"):
        assert not v.telegram_secret_ok("s3cret_token-1", header)
    assert not v.telegram_secret_ok("", "")


# ----- Messenger -----

BODY = json.dumps({"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [
    {"sender": {"id": "42"}, "recipient": {"id": "1"}, "message": {"text": "Bonjour"}}]}]}).encode()


def test_messenger_signature_is_hmac_sha256_of_the_body():
    expected = "sha256=" + hmac.new(b"app-secret", BODY, hashlib.sha256).hexdigest()
    assert v.messenger_signature("app-secret", BODY) == expected
    assert v.messenger_signature_ok("app-secret", BODY, expected)


@pytest.mark.parametrize("header", [
    None, "", "sha256=00", "sha1=" + hmac.new(b"app-secret", BODY, hashlib.sha1).hexdigest(),
    v.messenger_signature("another-secret", BODY),
    v.messenger_signature("app-secret", BODY + b" "),
])
def test_messenger_wrong_signatures(header):
    assert not v.messenger_signature_ok("app-secret", BODY, header)


# ----- Twilio -----

URL = "https://assistant.example.org/webhooks/twilio/webhook"
FORM = {"From": "+15145550123", "To": "+15145550100", "Body": "Bonjour", "FromZip": "",
        "AccountSid": "AC123", "MessageSid": "SM1"}


def twilio_reference_signature(token, url, params):
    """Twilio's documented algorithm: URL + each key and value, sorted by key."""
    data = url + "".join(key + params[key] for key in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def test_twilio_signature_matches_the_documented_algorithm():
    signature = v.twilio_signature("auth-token", URL, FORM)
    assert signature == twilio_reference_signature("auth-token", URL, FORM)
    assert v.twilio_signature_ok("auth-token", URL, FORM, signature)
    # As parsed from a form body: lists of values.
    assert v.twilio_signature_ok("auth-token", URL, {k: [x] for k, x in FORM.items()}, signature)


@pytest.mark.parametrize("change", [
    {"token": "other-token"},
    {"url": "http://127.0.0.1:5005/webhooks/twilio/webhook"},
    {"form": {**FORM, "Body": "Hello"}},
    {"form": {k: x for k, x in FORM.items() if k != "FromZip"}},  # an empty field dropped
    {"signature": ""},
    {"signature": None},
])
def test_twilio_wrong_signatures(change):
    signature = v.twilio_signature("auth-token", URL, FORM)
    assert not v.twilio_signature_ok(change.get("token", "auth-token"), change.get("url", URL),
                                     change.get("form", FORM), change.get("signature", signature))


def test_twilio_needs_a_webhook_url():
    assert not v.twilio_signature_ok("auth-token", "", FORM, v.twilio_signature("auth-token", "", FORM))


# ----- Bot Framework (Teams) -----

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
JWK = {**json.loads(RSAAlgorithm.to_jwk(KEY.public_key())), "kid": "k1",
       "endorsements": ["msteams"]}
KEYS = {"k1": JWK}
APP = "app-id"
SERVICE = "https://smba.trafficmanager.net/amer/"
ACTIVITY = {"type": "message", "serviceUrl": SERVICE, "channelId": "msteams", "text": "Bonjour"}


def token(key=KEY, kid="k1", algorithm="RS256", **claims):
    now = int(time.time())
    body = {"iss": v.BOTFRAMEWORK_ISSUER, "aud": APP, "exp": now + 600, "nbf": now - 5,
            "serviceurl": SERVICE, **claims}
    return jwt.encode(body, key, algorithm=algorithm, headers={"kid": kid})


def test_botframework_valid_token_and_activity():
    claims = v.botframework_claims(token(), KEYS, APP)
    assert claims["aud"] == APP
    assert v.botframework_activity_problem(claims, ACTIVITY, JWK) is None


@pytest.mark.parametrize("bad_token", [
    token(key=OTHER_KEY),
    token(kid="unknown"),
    token(aud="another-app"),
    token(iss="https://login.microsoftonline.com/tenant/v2.0"),
    token(exp=int(time.time()) - 3600),
    token(nbf=int(time.time()) + 3600),
    jwt.encode({"iss": v.BOTFRAMEWORK_ISSUER, "aud": APP, "exp": int(time.time()) + 60},
               "shared-secret", algorithm="HS256", headers={"kid": "k1"}),
    "not-a-token",
])
def test_botframework_bad_tokens(bad_token):
    with pytest.raises(v.BotFrameworkTokenError):
        v.botframework_claims(bad_token, KEYS, APP)


def test_botframework_token_without_expiry_is_refused():
    body = {"iss": v.BOTFRAMEWORK_ISSUER, "aud": APP, "serviceurl": SERVICE}
    with pytest.raises(v.BotFrameworkTokenError):
        v.botframework_claims(jwt.encode(body, KEY, algorithm="RS256", headers={"kid": "k1"}),
                              KEYS, APP)


@pytest.mark.parametrize("activity", [
    {**ACTIVITY, "serviceUrl": "https://attacker.example.org/"},
    {k: x for k, x in ACTIVITY.items() if k != "serviceUrl"},
    {**ACTIVITY, "channelId": "skype"},
    ["not", "an", "activity"],
])
def test_botframework_token_must_cover_the_activity(activity):
    claims = v.botframework_claims(token(), KEYS, APP)
    assert v.botframework_activity_problem(claims, activity, JWK)


@pytest.mark.parametrize("header, expected", [
    ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer  abc", "abc"), ("Basic abc", None),
    ("Bearer", None), ("", None), (None, None),
])
def test_bearer_token(header, expected):
    assert v.bearer_token(header) == expected


def test_secrets_match():
    assert v.secrets_match("verify-me", "verify-me")
    assert not v.secrets_match("verify-me", "verify-you")
    assert not v.secrets_match("", "")
    assert not v.secrets_match("verify-me", None)
