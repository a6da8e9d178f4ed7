"""A fake OpenID Connect provider for the studio's single sign-on tests: an
aiohttp app on a loopback port, in a thread of the test process, serving
what the studio reads from a real provider:

    /.well-known/openid-configuration   discovery
    /jwks                               its public key (RSA, made at start,
                                        replaced by `rotate_key`), beside a
                                        kind of key Authlib does not read
    /authorize                          signs in `person` and redirects
                                        back with a code (or an error, when
                                        `refuse` is set): at once, or with
                                        `login_page` from a page of its own
                                        whose button the person presses, as
                                        at a real provider
    /token                              checks the client's secret, the code,
                                        its redirect URI and PKCE verifier,
                                        and answers with a signed ID token

A test changes the next ID token with `next_token` (claims to override, or
another key to sign with) to see the studio refuse it. Its address uses the
name localhost while the studio is on 127.0.0.1, so that to a browser the
provider is another site, as a real one is.
"""

import asyncio
import base64
import hashlib
import html
import secrets
import threading
import time
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

from aiohttp import web
from authlib.jose import JsonWebKey, jwt
from stack import free_port

KEY_ID = "test-key"
# Published beside the signing key, as providers add new kinds of keys: a
# client skips what it cannot read.
UNKNOWN_KIND_OF_KEY = {"kty": "AKP", "kid": "post-quantum", "alg": "ML-DSA-65", "pub": "AAAA"}


def new_key(kid: str = KEY_ID) -> Any:
    """An RSA signing key, by default with the provider's key id."""
    return JsonWebKey.generate_key("RSA", 2048, options={"kid": kid}, is_private=True)


class FakeProvider:
    def __init__(self, client_id: str, client_secret: str):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = new_key()
        self.port = free_port()
        self.person: Dict[str, Any] = {}     # the claims of whoever signs in next
        self.refuse: Optional[Dict[str, str]] = None  # error and error_description sent back instead of a code
        self.login_page = False
        self.authorizations: List[Dict[str, str]] = []  # the query of each /authorize
        self._codes: Dict[str, Dict[str, Any]] = {}
        self._overrides: Dict[str, Any] = {}
        self._signing_key: Any = None
        self._loop = asyncio.new_event_loop()
        self._runner: Optional[web.AppRunner] = None

    @property
    def issuer(self) -> str:
        return f"http://localhost:{self.port}"

    def rotate_key(self) -> None:
        """A new signing key with a new key id, as providers do from time to time."""
        self.key = new_key(f"{KEY_ID}-{secrets.token_hex(4)}")

    def next_token(self, signing_key: Any = None, **claims: Any) -> None:
        """The next ID token gets these claims (None removes one), signed with this key."""
        self._overrides, self._signing_key = claims, signing_key

    # ----- running -------------------------------------------------------------

    def start(self) -> "FakeProvider":
        app = web.Application()
        app.router.add_get("/.well-known/openid-configuration", self._discovery)
        app.router.add_get("/jwks", self._jwks)
        app.router.add_get("/authorize", self._authorize)
        app.router.add_post("/authorize", self._authorize)
        app.router.add_post("/token", self._token)
        self._runner = web.AppRunner(app, access_log=None)
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            assert self._runner is not None
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "localhost", self.port).start())
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, name="fake-oidc-provider", daemon=True).start()
        assert ready.wait(10), "the fake provider did not start"
        return self

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    # ----- endpoints -----------------------------------------------------------

    async def _discovery(self, request: web.Request) -> web.Response:
        return web.json_response({
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        })

    async def _jwks(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": [UNKNOWN_KIND_OF_KEY, self.key.as_dict(is_private=False)]})

    async def _authorize(self, request: web.Request) -> web.Response:
        if self.login_page and request.method == "GET":
            fields = "".join(f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
                             for name, value in request.query.items())
            return web.Response(content_type="text/html", text=f'<!doctype html><title>Sign in</title>'
                                f'<form method="post">{fields}<button id="sign-in">Sign in</button></form>')
        query = {name: str(value) for name, value in (await request.post() if request.method == "POST"
                                                      else request.query).items()}
        self.authorizations.append(query)
        back = {"state": query.get("state", "")}
        if self.refuse:
            back.update(self.refuse)
        else:
            code = secrets.token_urlsafe(16)
            self._codes[code] = {"query": query, "person": dict(self.person)}
            back["code"] = code
        raise web.HTTPFound(f"{query['redirect_uri']}?{urlencode(back)}")

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {basic}":
            return web.json_response({"error": "invalid_client"}, status=401)
        grant = self._codes.pop(str(form.get("code")), None)  # a code is good once
        if grant is None or form.get("grant_type") != "authorization_code" \
                or form.get("redirect_uri") != grant["query"]["redirect_uri"] \
                or _s256(str(form.get("code_verifier", ""))) != grant["query"].get("code_challenge"):
            return web.json_response({"error": "invalid_grant"}, status=400)
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": "248289761001", "aud": self.client_id, "iat": now, "exp": now + 300,
                  "nonce": grant["query"].get("nonce"), **grant["person"], **self._overrides}
        key = self._signing_key or self.key
        self._overrides, self._signing_key = {}, None
        id_token = jwt.encode({"alg": "RS256", "kid": key.as_dict()["kid"]},
                              {name: value for name, value in claims.items() if value is not None}, key)
        return web.json_response({"access_token": secrets.token_urlsafe(24), "token_type": "Bearer",
                                  "expires_in": 300, "id_token": id_token.decode()})


def _s256(verifier: str) -> str:
    """RFC 7636's S256 code challenge of a verifier."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
