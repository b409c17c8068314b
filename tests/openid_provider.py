"""A small OpenID Connect provider on loopback, for the console's production sign-in.

It does what the console relies on a real one for, and checks what a real one checks: discovery, the
authorization endpoint (a registered client and redirect URI, S256 PKCE required), codes used once and only
with their verifier, and tokens really signed (ES256, a JWKS with its kid): an ID token for the client with
the sign-in's nonce, and an access token for the API's audience carrying the staff member's role and unit.
Who signs in next is set by the test (`sign_in_as`), as a person would at the provider's own login page.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

CLIENT_ID = "azersu-console"
AUDIENCE = "azersu-cases"


class OpenIdProvider:
    def __init__(self, redirect_uri: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.kid = secrets.token_hex(8)
        self.redirect_uri = redirect_uri
        self.person: dict[str, Any] = {}
        self.codes: dict[str, dict[str, Any]] = {}
        self.token_requests: list[dict[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"

    def sign_in_as(self, role: str, sub: str = "staff-7", name: str = "Aysel Quliyeva", **claims: Any) -> None:
        self.person = {"sub": sub, "name": name, "role": role, **claims}

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/jwks"

    def __enter__(self) -> OpenIdProvider:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- the endpoints ------------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": self.jwks_url, "response_types_supported": ["code"],
                "code_challenge_methods_supported": ["S256"], "id_token_signing_alg_values_supported": ["ES256"],
                "subject_types_supported": ["public"], "token_endpoint_auth_methods_supported": ["none"]}

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [jwk | {"kid": self.kid, "use": "sig", "alg": "ES256"}]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        if query.get("client_id") != CLIENT_ID or query.get("redirect_uri") != self.redirect_uri:
            return 400, {}, "unknown client or redirect_uri"
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            return 400, {}, "the authorization code flow with S256 PKCE only"
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"challenge": query["code_challenge"], "nonce": query.get("nonce"), "person": dict(self.person)}
        return 302, {"Location": f"{self.redirect_uri}?{urlencode({'code': code, 'state': query.get('state', '')})}"}, ""

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)  # a code is used once
        if grant is None or form.get("grant_type") != "authorization_code" or form.get("redirect_uri") != self.redirect_uri:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        person, now = grant["person"], int(time.time())
        common = {"iss": self.issuer, "sub": person["sub"], "iat": now, "exp": now + 300}
        id_token = self._sign(common | {"aud": CLIENT_ID, "nonce": grant["nonce"], "name": person["name"]})
        access_token = self._sign(common | {"aud": AUDIENCE} | person)
        return 200, {"access_token": access_token, "id_token": id_token, "token_type": "Bearer", "expires_in": 300}

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, algorithm="ES256", headers={"kid": self.kid})


def _handler(provider: OpenIdProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            url = urlparse(self.path)
            if url.path == "/.well-known/openid-configuration":
                return self._json(200, provider.discovery())
            if url.path == "/jwks":
                return self._json(200, provider.jwks())
            if url.path == "/authorize":
                status, headers, text = provider.authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                return self._answer(status, headers, text.encode(), "text/plain")
            return self._answer(404, {}, b"", "text/plain")

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path != "/token":
                return self._answer(404, {}, b"", "text/plain")
            return self._json(*provider.token(form))

        def _json(self, status: int, body: dict[str, Any]) -> None:
            self._answer(status, {}, json.dumps(body).encode(), "application/json")

        def _answer(self, status: int, headers: dict[str, str], body: bytes, media_type: str) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet, as the other test servers
            pass

    return Handler
