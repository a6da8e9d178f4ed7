"""Local stand-ins for the messaging platforms' APIs, on loopback.

Each fake answers the calls the assistant makes (as the real API would, in
the parts the connectors read) and records them, so a test can assert what
a resident would have received. Nothing here reaches the internet.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

Answer = Tuple[int, Any]


@dataclass
class Call:
    method: str
    path: str
    query: Dict[str, str]
    headers: Dict[str, str]
    body: bytes
    form: Dict[str, str] = field(default_factory=dict)
    json: Any = None


class FakePlatform:
    """An HTTP server on a free loopback port that records every call."""

    def __init__(self) -> None:
        self.calls: List[Call] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                call = Call(self.command, url.path,
                            {k: v[-1] for k, v in parse_qs(url.query).items()},
                            {k.lower(): v for k, v in self.headers.items()}, body)
                kind = self.headers.get("Content-Type", "")
                if "json" in kind and body:
                    call.json = json.loads(body)
                elif "form-urlencoded" in kind:
                    call.form = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
                status, answer = fake.answer(call)
                with fake._changed:
                    fake.calls.append(call)
                    fake._changed.notify_all()
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def next_id(self) -> int:
        return next(self._ids)

    def answer(self, call: Call) -> Answer:
        raise NotImplementedError

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        """Messages delivered to one resident, oldest first."""
        raise NotImplementedError

    def wait_for_messages(self, recipient: str, at_least: int = 1, timeout: float = 60,
                          quiet: float = 1.0) -> List[Dict[str, Any]]:
        """The resident's messages once at least `at_least` came and none came for `quiet` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                count = len(self.sent(recipient))
                if count >= at_least:
                    self._changed.wait(quiet)
                    if len(self.sent(recipient)) == count:
                        return self.sent(recipient)
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{recipient}: {count} message(s) after {timeout}s, "
                                         f"expected {at_least}")
                self._changed.wait(left)


def _ok(result: Any) -> Answer:
    return 200, {"ok": True, "result": result}


class FakeTelegram(FakePlatform):
    """The Bot API: https://api.telegram.org/bot<token>/<method>."""

    def __init__(self, token: str, username: str) -> None:
        self.token, self.username = token, username
        super().__init__()

    def answer(self, call: Call) -> Answer:
        prefix = f"/bot{self.token}/"
        if not call.path.startswith(prefix):
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        method = call.path[len(prefix):].lower()
        if method == "getme":
            return _ok({"id": int(self.token.split(":")[0]), "is_bot": True,
                        "first_name": "Assistant", "username": self.username})
        if method in ("setwebhook", "answercallbackquery"):
            return _ok(True)
        if method == "sendmessage":
            return _ok({"message_id": self.next_id(), "date": int(time.time()),
                        "chat": {"id": int(call.form["chat_id"]), "type": "private"},
                        "text": call.form.get("text", "")})
        return 400, {"ok": False, "error_code": 400, "description": f"unknown method {method}"}

    def calls_to(self, method: str) -> List[Call]:
        return [c for c in self.calls if c.path.lower().endswith("/" + method.lower())]

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        return [{"text": c.form.get("text", ""),
                 "reply_markup": json.loads(c.form["reply_markup"]) if "reply_markup" in c.form else None,
                 "form": c.form}
                for c in self.calls_to("sendMessage") if c.form.get("chat_id") == str(recipient)]


class FakeMessenger(FakePlatform):
    """The Graph API's Send API and user profiles."""

    def __init__(self, locales: Dict[str, str]) -> None:
        self.locales = locales
        super().__init__()

    def answer(self, call: Call) -> Answer:
        if call.method == "POST" and call.path.endswith("/me/messages"):
            return 200, {"recipient_id": call.json["recipient"]["id"],
                         "message_id": f"m_{self.next_id()}"}
        psid = call.path.rsplit("/", 1)[-1]
        if call.method == "GET" and psid in self.locales:
            return 200, {"locale": self.locales[psid], "id": psid}
        return 400, {"error": {"message": "Unsupported get request.", "type": "GraphMethodException",
                               "code": 100}}

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        return [c.json["message"] for c in self.calls
                if c.path.endswith("/me/messages") and c.json.get("message")
                and c.json["recipient"]["id"] == recipient]


class FakeSlack(FakePlatform):
    """The Web API: chat.postMessage and users.info."""

    def __init__(self, locales: Dict[str, str]) -> None:
        self.locales = locales
        super().__init__()

    def answer(self, call: Call) -> Answer:
        if call.path.endswith("/chat.postMessage"):
            return 200, {"ok": True, "channel": call.json["channel"],
                         "ts": f"{time.time():.6f}", "message": {"text": call.json.get("text")}}
        if call.path.endswith("/users.info"):
            user = call.query.get("user", "")
            if user in self.locales:
                return 200, {"ok": True, "user": {"id": user, "locale": self.locales[user]}}
            return 200, {"ok": False, "error": "user_not_found"}
        return 200, {"ok": False, "error": "unknown_method"}

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        return [c.json for c in self.calls
                if c.path.endswith("/chat.postMessage") and c.json["channel"] == recipient]


class FakeTwilio(FakePlatform):
    """The REST API's Messages resource."""

    def __init__(self, account_sid: str) -> None:
        self.account_sid = account_sid
        super().__init__()

    def answer(self, call: Call) -> Answer:
        if call.path == f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return 201, {"sid": f"SM{self.next_id():032d}", "account_sid": self.account_sid,
                         "to": call.form.get("To"), "from": call.form.get("From"),
                         "body": call.form.get("Body"), "status": "queued", "num_segments": "1",
                         "direction": "outbound-api", "api_version": "2010-04-01"}
        return 404, {"code": 20404, "message": "not found", "status": 404}

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        return [c.form for c in self.calls if c.path.endswith("/Messages.json")
                and c.form.get("To") == recipient]


class FakeBotFramework(FakePlatform):
    """Microsoft's login (OpenID keys, tokens) and a Teams connector service."""

    ISSUER = "https://api.botframework.com"

    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.stranger_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = "fake-key-1"
        self.access_token = "issued-access-token"
        super().__init__()

    @property
    def openid_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def service_url(self) -> str:
        return f"{self.url}/teams/"

    def jwk(self) -> Dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        key.update(kid=self.key_id, use="sig", endorsements=["msteams", "webchat"])
        return key

    def answer(self, call: Call) -> Answer:
        if call.path == "/v1/.well-known/openidconfiguration":
            return 200, {"issuer": self.ISSUER, "jwks_uri": f"{self.url}/v1/keys",
                         "id_token_signing_alg_values_supported": ["RS256"]}
        if call.path == "/v1/keys":
            return 200, {"keys": [self.jwk()]}
        if call.path.endswith("/oauth2/v2.0/token"):
            return 200, {"token_type": "Bearer", "expires_in": 3600,
                         "access_token": self.access_token}
        if call.path.startswith("/teams/v3/conversations/"):
            return 200, {"id": f"activity-{self.next_id()}"}
        return 404, {"error": "not found"}

    def token(self, service_url: Optional[str] = None, key: Any = None, **claims: Any) -> str:
        """A bearer token as the Bot Framework service signs it for our bot."""
        now = int(time.time())
        body = {"iss": self.ISSUER, "aud": self.app_id, "iat": now - 10, "nbf": now - 10,
                "exp": now + 3600, "serviceurl": service_url or self.service_url}
        body.update(claims)
        return jwt.encode(body, key or self.private_key, algorithm="RS256",
                          headers={"kid": self.key_id})

    def sent(self, recipient: str) -> List[Dict[str, Any]]:
        return [c.json for c in self.calls if c.method == "POST"
                and c.path.startswith("/teams/v3/conversations/")
                and (c.json or {}).get("recipient", {}).get("id") == recipient]

    def authorizations(self) -> List[str]:
        return [c.headers.get("authorization", "") for c in self.calls
                if c.path.startswith("/teams/v3/conversations/")]
