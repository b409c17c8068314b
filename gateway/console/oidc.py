"""Signing staff in with OpenID Connect: the authorization-code flow with PKCE (S256), through Authlib's client.

The provider is found by its discovery document. The ID token is checked (signature by the provider's JWKS,
issuer, audience = our client id, expiry, and the nonce this sign-in sent); the role is then read from the
access token exactly as the API reads a bearer token: by gateway.identity's verifier, with the keys and the
roles that JWT_ISSUERS gives the issuer. So the console admits nobody the API would refuse, and an issuer
never grants in the browser a role it may not grant on the API.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from gateway.settings import Settings

TIMEOUT_SECONDS = 5
DISCOVERY_SECONDS = 3600


class SignInFailedError(Exception):
    """The provider's answer does not sign anyone in: a wrong state, a refused code, a bad ID token."""


class ProviderUnavailableError(SignInFailedError):
    """The provider's discovery document could not be read: nobody can sign in just now (503)."""


@dataclass(frozen=True)
class Started:
    url: str
    pending: dict[str, str]  # kept in the pending cookie until the provider sends the browser back


class OpenIdSignIn:
    def __init__(self, issuer: str, client_id: str, client_secret: str | None, redirect_uri: str | None):
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._metadata: dict[str, Any] | None = None
        self._read_at = 0.0
        self._lock = threading.Lock()
        self._jwks: jwt.PyJWKClient | None = None

    def start(self, redirect_uri: str) -> Started:
        """Where to send the browser, and what to remember for the way back."""
        verifier, nonce = generate_token(64), generate_token(32)
        client = self._client(self.redirect_uri or redirect_uri)
        url, state = client.create_authorization_url(self.metadata()["authorization_endpoint"], code_verifier=verifier,
                                                     nonce=nonce)
        return Started(url, {"state": state, "verifier": verifier, "nonce": nonce,
                             "redirect_uri": self.redirect_uri or redirect_uri})

    def finish(self, pending: dict[str, str] | None, state: str | None, code: str | None) -> str:
        """The access token of the staff member the provider sent back, after checking the answer belongs to the
        sign-in this browser started."""
        if not pending or not state or not code or state != pending.get("state"):
            raise SignInFailedError("Giriş bu brauzerdə başlanmayıb və ya vaxtı keçib. Yenidən daxil olun.")
        client = self._client(pending["redirect_uri"])
        try:
            token = client.fetch_token(self.metadata()["token_endpoint"], code=code, code_verifier=pending["verifier"],
                                       timeout=TIMEOUT_SECONDS)
        except (AuthlibBaseError, requests.RequestException, ValueError) as error:  # the provider said no, or nothing
            raise SignInFailedError(f"Kimlik təminatçısı girişi təsdiqləmədi ({type(error).__name__}).") from None
        self._check_id_token(token.get("id_token"), pending["nonce"])
        access = token.get("access_token")
        if not isinstance(access, str) or not access:
            raise SignInFailedError("Kimlik təminatçısı giriş tokeni vermədi.")
        return access

    def _check_id_token(self, id_token: object, nonce: str) -> None:
        if not isinstance(id_token, str):
            raise SignInFailedError("Kimlik təminatçısı ID token vermədi.")
        try:
            key = self._jwks_client().get_signing_key_from_jwt(id_token)
            claims = jwt.decode(id_token, key.key, algorithms=["RS256", "PS256", "ES256"], audience=self.client_id,
                                issuer=self.metadata()["issuer"], options={"require": ["exp", "iss", "aud", "sub"]})
        except jwt.PyJWTError as error:
            raise SignInFailedError(f"ID token qəbul edilmədi: {error}") from None
        if claims.get("nonce") != nonce:
            raise SignInFailedError("ID token bu girişə aid deyil (nonce uyğun gəlmir).")

    def _client(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(self.client_id, self.client_secret, scope="openid profile", redirect_uri=redirect_uri,
                             code_challenge_method="S256",
                             token_endpoint_auth_method="client_secret_basic" if self.client_secret else "none")

    def _jwks_client(self) -> jwt.PyJWKClient:
        if self._jwks is None:
            self._jwks = jwt.PyJWKClient(self.metadata()["jwks_uri"], timeout=TIMEOUT_SECONDS)
        return self._jwks

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document, read once an hour."""
        with self._lock:
            if self._metadata is None or time.monotonic() - self._read_at > DISCOVERY_SECONDS:
                try:
                    answer = OAuth2Session(self.client_id).get(f"{self.issuer}/.well-known/openid-configuration",
                                                               timeout=TIMEOUT_SECONDS, withhold_token=True)
                    answer.raise_for_status()
                    metadata = json.loads(answer.text)
                except (requests.RequestException, ValueError) as error:
                    raise ProviderUnavailableError(f"Kimlik təminatçısı cavab vermir ({type(error).__name__}).") from None
                if not isinstance(metadata, dict) or str(metadata.get("issuer", "")).rstrip("/") != self.issuer:
                    raise SignInFailedError("Kimlik təminatçısının sənədi başqa issuer adlandırır.")
                self._metadata, self._read_at = metadata, time.monotonic()
            return self._metadata


def openid_from(settings: Settings) -> OpenIdSignIn | None:
    if not settings.console_oidc_issuer:
        return None
    secret = settings.console_oidc_client_secret
    return OpenIdSignIn(settings.console_oidc_issuer, settings.console_oidc_client_id,
                        secret.get_secret_value() if secret is not None else None, settings.console_oidc_redirect_uri)
