"""The console's session: a signed cookie (HttpOnly, Secure, SameSite=Strict) holding who signed in, how, when,
and the session's CSRF token.

Signed, not stored: the gateway replicas share no session state, and the cookie says nothing a signed token
would not (subject, role, name, unit). It is refused once CONSOLE_SESSION_SECONDS have passed since sign-in,
whatever the browser keeps. Signing out removes it from the browser and records its id as signed out
(SignedOutSessions), so a copy of the cookie taken before is refused too. Every form carries the CSRF token,
compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any, Protocol

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from gateway.id_secret import kept_secret
from gateway.settings import Settings
from schemas.context import Actor

SESSION_COOKIE = "azersu_console"
PENDING_COOKIE = "azersu_console_signin"  # the OpenID sign-in under way: state, PKCE verifier, nonce
PENDING_SECONDS = 600
PATH = "/console"


class SignInRequired(Exception):
    """No session, or one that expired or was tampered with: the page sends the browser to the sign-in."""


class CsrfRefused(Exception):
    """A form posted without the session's CSRF token (403)."""


class SignedOutSessions(Protocol):
    """The ids of the sessions signed out before their time was up (gateway/adapters/console_sessions.py)."""

    def sign_out(self, session_id: str, expires_at: float, now: float) -> None: ...

    def is_signed_out(self, session_id: str) -> bool: ...


@dataclass(frozen=True)
class Session:
    id: str
    actor: Actor
    method: str  # "development" or "openid"
    csrf: str
    signed_in_at: float

    def check_csrf(self, posted: object) -> None:
        if not isinstance(posted, str) or not hmac.compare_digest(posted.encode(), self.csrf.encode()):
            raise CsrfRefused()


class Sessions:
    """Issues and reads the session and pending-sign-in cookies with one secret."""

    def __init__(self, secret: bytes, lifetime_seconds: int):
        self.lifetime_seconds = lifetime_seconds
        self.sessions = URLSafeTimedSerializer(secret, salt="console-session")
        self.pending = URLSafeTimedSerializer(secret, salt="console-sign-in")

    def start(self, response: Response, actor: Actor, method: str) -> None:
        value = {"id": secrets.token_urlsafe(16), "actor": actor.model_dump(mode="json", exclude={"correlation_id"}),
                 "method": method, "csrf": secrets.token_urlsafe(32), "at": time.time()}
        _set(response, SESSION_COOKIE, self.sessions.dumps(value), self.lifetime_seconds, "strict")

    def read(self, request: Request, signed_out: SignedOutSessions | None) -> Session:
        """The request's session. `signed_out` None reads the signature alone: for an error page, which
        names who is signed in but opens nothing, and has to be drawn while the database is away."""
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            raise SignInRequired()
        try:
            value: dict[str, Any] = self.sessions.loads(raw, max_age=self.lifetime_seconds)
            actor = Actor.model_validate(value["actor"] | {"correlation_id": getattr(request.state, "correlation_id", None)})
            session = Session(str(value["id"]), actor, str(value["method"]), str(value["csrf"]), float(value["at"]))
        except (BadSignature, KeyError, TypeError, ValueError):
            raise SignInRequired() from None
        if signed_out is not None and signed_out.is_signed_out(session.id):
            raise SignInRequired()
        return session

    def end(self, response: Response, session: Session, signed_out: SignedOutSessions) -> None:
        """Signed out: in this browser, and for every copy of its cookie until it would have expired."""
        signed_out.sign_out(session.id, session.signed_in_at + self.lifetime_seconds, time.time())
        response.delete_cookie(SESSION_COOKIE, path=PATH, secure=True, httponly=True, samesite="strict")

    def start_pending(self, response: Response, pending: dict[str, str]) -> None:
        # Lax, not Strict: the provider's redirect back is a navigation from another site.
        _set(response, PENDING_COOKIE, self.pending.dumps(pending), PENDING_SECONDS, "lax")

    def read_pending(self, request: Request) -> dict[str, str] | None:
        raw = request.cookies.get(PENDING_COOKIE)
        if not raw:
            return None
        try:
            value = self.pending.loads(raw, max_age=PENDING_SECONDS)
        except BadSignature:
            return None
        return value if isinstance(value, dict) else None

    def end_pending(self, response: Response) -> None:
        response.delete_cookie(PENDING_COOKIE, path=PATH, secure=True, httponly=True, samesite="lax")


def _set(response: Response, name: str, value: str, max_age: int, samesite: str) -> None:
    response.set_cookie(name, value, max_age=max_age, path=PATH, secure=True, httponly=True,
                        samesite=samesite)  # type: ignore[arg-type]


def sessions_from(settings: Settings) -> Sessions:
    secret = settings.console_session_secret
    if secret is not None:
        key = secret.get_secret_value().encode()
    elif settings.trusts_development_key:  # the embedded default keeps its own, so a restart keeps the sessions
        key = kept_secret(settings.console_secret_file)
    else:  # production without CONSOLE_OIDC_ISSUER: nobody can sign in, so nothing is ever signed with it
        key = secrets.token_bytes(32)
    return Sessions(key, settings.console_session_seconds)
