"""Who is calling: bearer JWTs from the portals' sign-in and the staff identity provider.

Trusted keys come from PEM files, from a JWKS document (a file or an http(s) URL), or both. A JWKS is
re-read when a token names a `kid` it does not hold (the provider rotated its keys), at most once per
cool-down, and every `refresh` seconds anyway, so a withdrawn key stops being trusted.

Only asymmetric algorithms are accepted (RS*, PS*, ES*): `alg: none` and HS256 never verify, and
production settings refuse to list them at all (gateway.settings). In production the embedded default's
development key is never trusted, even if its public half was put among the configured keys.

Roles, from the token's `role` claim: citizen, portal, employee (with `unit`), supervisor, auditor, operator.

How a portal submits for a citizen. The portal's service account signs in at the identity provider and
calls with its own token (`role: portal`, `portal: e-gov|azersu|e-su`) in `Authorization`, and forwards the
citizen's own token, issued by the same identity provider at the citizen's sign-in, in the
`X-Citizen-Token` header. Both are verified; the citizen's token must name the same portal as the service
account. The application is recorded as the citizen's, through that portal. A portal therefore cannot
submit for a citizen who did not sign in with it: it never holds a signature for one.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import ValidationError

from schemas.context import Actor, Citizen
from schemas.text import normalise_signed_in_text

log = structlog.get_logger()

CITIZEN_SOURCES = {"e-gov", "azersu", "e-su"}
SIGN_IN_METHODS = {"id_number", "sima_imza", "asan_imza", "sima_token", "bsxm_e_imza", "e_gov_login"}
CLOCK_SKEW_SECONDS = 30
ASYMMETRIC = ("RS", "PS", "ES")
FORWARDED_IDENTITY_HEADER = "X-Citizen-Token"
STAFF_ROLES = ("supervisor", "auditor", "operator")


class AuthenticationError(Exception):
    """No credentials, or credentials that do not prove who the caller is (401)."""


class OnBehalfRefusedError(Exception):
    """A portal forwarded a citizen who did not sign in through it (403)."""


# --- trusted keys -----------------------------------------------------------------------------------

class KeySource(Protocol):
    def keys_for(self, kid: str | None) -> list:
        """The public keys that may have signed a token with this `kid` (all of them when it has none)."""


class StaticKeys:
    """Keys given once: PEM files, or the development key."""

    def __init__(self, keys: list):
        self.keys = list(keys)

    def keys_for(self, kid: str | None) -> list:
        return self.keys


class JwksKeys:
    """A JWKS document (file path, file:// or http(s):// URL), re-read on an unknown `kid` and on a schedule."""

    def __init__(self, location: str, refresh_seconds: float = 300, cooldown_seconds: float = 10,
                 timeout_seconds: float = 2, now: Callable[[], float] = time.monotonic):
        self.location = location
        self.refresh_seconds = refresh_seconds
        self.cooldown_seconds = cooldown_seconds
        self.timeout_seconds = timeout_seconds
        self.now = now
        self._by_kid: dict[str, object] = {}
        self._without_kid: list = []
        self._loaded_at: float | None = None
        self._lock = threading.Lock()

    def keys_for(self, kid: str | None) -> list:
        if self._loaded_at is None or self.now() - self._loaded_at >= self.refresh_seconds:
            self._reload()
        elif kid is not None and kid not in self._by_kid and self.now() - self._loaded_at >= self.cooldown_seconds:
            self._reload()  # the provider may have rotated its keys since we last looked
        if kid is None:
            return [*self._by_kid.values(), *self._without_kid]
        return [self._by_kid[kid]] if kid in self._by_kid else self._without_kid

    def _reload(self) -> None:
        with self._lock:
            self._loaded_at = self.now()  # also on failure: a broken provider is not asked on every request
            try:
                document = json.loads(self._read())
            except (OSError, ValueError) as error:
                log.warning("jwks_unavailable", location=self.location, error=type(error).__name__)
                return  # keep the keys we had
            self._by_kid, self._without_kid = parse_jwks(document)

    def _read(self) -> bytes:
        if self.location.startswith(("http://", "https://", "file://")):
            with urllib.request.urlopen(self.location, timeout=self.timeout_seconds) as answer:  # noqa: S310 (scheme checked)
                return answer.read(1024 * 1024)
        return Path(self.location).read_bytes()


def parse_jwks(document: dict) -> tuple[dict[str, object], list]:
    """Signing keys of a JWKS by kid; keys that are symmetric, for encryption or malformed are left out."""
    by_kid, without_kid = {}, []
    for entry in document.get("keys", []) if isinstance(document, dict) else []:
        if not isinstance(entry, dict) or entry.get("kty") not in ("RSA", "EC") or entry.get("use", "sig") != "sig":
            continue
        try:
            key = jwt.PyJWK(entry).key
        except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError, KeyError):
            continue
        if entry.get("kid"):
            by_kid[str(entry["kid"])] = key
        else:
            without_kid.append(key)
    return by_kid, without_kid


class KeyRing:
    """Several sources at once (PEM files beside a JWKS, say)."""

    def __init__(self, sources: list[KeySource]):
        self.sources = sources

    def keys_for(self, kid: str | None) -> list:
        return [key for source in self.sources for key in source.keys_for(kid)]


# --- verification ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Caller:
    """Who called: the role the token grants, and the actor recorded on what they do.

    A portal's actor is None until it names the citizen it acts for (`TokenVerifier.on_behalf_of`)."""

    role: str
    actor: Actor | None
    portal: str | None = None


@dataclass(frozen=True)
class Verified:
    key: object
    kid: str | None
    claims: dict


class VerifiedTokens:
    """Tokens whose signature has been checked, with the key that checked it.

    A portal or a citizen sends the same token with every request until it expires, and checking an ES256
    signature costs more than the rest of a status-page request. A remembered token is still checked
    against the clock and against the keys trusted now, so a withdrawn key stops its tokens at once."""

    def __init__(self, capacity: int = 10_000):
        self.capacity = capacity
        self._entries: dict[str, Verified] = {}

    def get(self, token: str) -> Verified | None:
        return self._entries.get(token)

    def put(self, token: str, verified: Verified) -> None:
        if len(self._entries) >= self.capacity:
            try:  # the oldest goes first (a dict keeps the order of insertion)
                del self._entries[next(iter(self._entries))]
            except (StopIteration, KeyError, RuntimeError):  # another thread emptied or changed it meanwhile
                pass
        self._entries[token] = verified


class TokenVerifier:
    """Checks signature, issuer, audience, expiry and not-before; asymmetric algorithms only."""

    def __init__(self, keys: list | KeySource, issuer: str, audience: str, algorithms: list[str],
                 leeway_seconds: float = CLOCK_SKEW_SECONDS):
        if isinstance(keys, list):
            if not keys:
                raise ValueError("at least one public key is needed")
            keys = StaticKeys(keys)
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.algorithms = [a for a in algorithms if a[:2] in ASYMMETRIC]
        self.leeway_seconds = leeway_seconds
        self.verified = VerifiedTokens()

    @property
    def may_wait_on_the_network(self) -> bool:
        """Whether verifying can fetch keys (a JWKS URL), and so belongs off the event loop."""
        sources = self.keys.sources if isinstance(self.keys, KeyRing) else [self.keys]
        return any(isinstance(source, JwksKeys) for source in sources)

    def actor(self, token: str, correlation_id: str | None) -> Actor:
        """The actor of a token that speaks for itself (every role but the portal's)."""
        caller = self.caller(token, correlation_id)
        if caller.actor is None:
            raise AuthenticationError("A portal's token acts only for a citizen it forwards.")
        return caller.actor

    def caller(self, token: str, correlation_id: str | None) -> Caller:
        claims = self.claims(token)
        try:
            if claims.get("role") == "portal":
                return Caller("portal", None, portal=_portal_of(claims))
            actor = actor_from_claims(claims, correlation_id)
        except (KeyError, ValueError, TypeError, ValidationError) as error:
            raise AuthenticationError(f"The token's claims do not describe a caller: {_first_line(error)}") from None
        return Caller(actor.role, actor, portal=actor.portal)

    def on_behalf_of(self, portal: Caller, citizen_token: str | None, correlation_id: str | None) -> Caller:
        """A portal's caller, acting for the citizen whose own token it forwards."""
        if not citizen_token:
            raise AuthenticationError(
                f"A portal submits on behalf of a signed-in citizen: forward the citizen's token in {FORWARDED_IDENTITY_HEADER}.")
        citizen = self.caller(citizen_token, correlation_id)
        if citizen.role != "citizen":
            raise AuthenticationError(f"{FORWARDED_IDENTITY_HEADER} carries a {citizen.role}'s token, not a citizen's.")
        if citizen.portal != portal.portal:
            raise OnBehalfRefusedError("The citizen signed in through another portal; this portal may not act for them.")
        return Caller("portal", citizen.actor, portal=portal.portal)

    def claims(self, token: str) -> dict:
        remembered = self.verified.get(token)
        if remembered is not None and self._still_good(remembered):
            return remembered.claims
        algorithm, kid = self._header(token)
        key_type = ec.EllipticCurvePublicKey if algorithm.startswith("ES") else rsa.RSAPublicKey
        for key in [k for k in self.keys.keys_for(kid) if isinstance(k, key_type)]:
            try:
                claims = jwt.decode(token, key, algorithms=[algorithm], issuer=self.issuer, audience=self.audience,
                                    leeway=self.leeway_seconds, options={"require": ["exp", "iss", "aud", "sub"]})
                self.verified.put(token, Verified(key, kid, claims))
                return claims
            except jwt.InvalidSignatureError:
                continue  # maybe signed with the next key
            except jwt.PyJWTError as error:
                raise AuthenticationError(f"The token was refused: {error}") from None
        raise AuthenticationError("The token was refused: its signature matches none of the trusted keys.")

    def _still_good(self, verified: Verified) -> bool:
        """A remembered token passes while its key is still trusted and the time checks still hold."""
        now = time.time()
        claims, leeway = verified.claims, self.leeway_seconds
        in_time = claims["exp"] + leeway > now and claims.get("nbf", now) - leeway <= now
        return in_time and any(key is verified.key for key in self.keys.keys_for(verified.kid))

    def _header(self, token: str) -> tuple[str, str | None]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"The token was refused: {error}") from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if not isinstance(algorithm, str) or algorithm not in self.algorithms:
            raise AuthenticationError(f"The token was refused: algorithm {str(algorithm)[:20]!r} is not accepted.")
        if kid is not None and not isinstance(kid, str):
            raise AuthenticationError("The token was refused: its kid is not a string.")
        return algorithm, kid


def actor_from_claims(claims: dict, correlation_id: str | None) -> Actor:
    role = claims["role"]
    if role == "citizen":
        return _citizen(claims, correlation_id)
    if role == "employee":
        if not claims.get("unit"):
            raise ValueError("an employee token names the employee's unit")
        return Actor(subject=_text(claims, "sub", 64), role="employee", name=_text(claims, "name", 200, ""),
                     unit=_text(claims, "unit", 16), correlation_id=correlation_id)
    if role in STAFF_ROLES:
        unit = _text(claims, "unit", 16) if claims.get("unit") else None
        return Actor(subject=_text(claims, "sub", 64), role=role, name=_text(claims, "name", 200, ""), unit=unit,
                     correlation_id=correlation_id)
    raise ValueError(f"unknown role {str(role)[:20]!r}")


def _citizen(claims: dict, correlation_id: str | None) -> Actor:
    _portal_of(claims)
    if claims.get("sign_in_method") not in SIGN_IN_METHODS:
        raise ValueError("unknown sign-in method")
    fin = claims["sub"]
    if not isinstance(fin, str) or len(fin) != 7 or not fin.isalnum() or not fin.isascii():
        raise ValueError("a citizen's subject is the 7-character FİN")
    citizen = Citizen(fin=fin.upper(), first_name=_text(claims, "given_name", 100), surname=_text(claims, "family_name", 100),
                      patronymic=_text(claims, "patronymic", 100, ""), address=_text(claims, "address", 500, ""))
    return Actor(subject=citizen.fin, role="citizen", name=citizen.full_name, portal=claims["portal"],
                 sign_in_method=claims["sign_in_method"], correlation_id=correlation_id, citizen=citizen)


def _text(claims: dict, name: str, limit: int, default: str | None = None) -> str:
    """A name or address from the sign-in: recorded and shown, so bounded and NFC like anything typed."""
    value = claims.get(name, default) if default is not None else claims[name]
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(f"the {name} claim is not a text of at most {limit} characters")
    return normalise_signed_in_text(value)


def _portal_of(claims: dict) -> str:
    if claims.get("portal") not in CITIZEN_SOURCES:
        raise ValueError("a citizen arrives through one of the portals: " + ", ".join(sorted(CITIZEN_SOURCES)))
    return claims["portal"]


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0][:200]


# --- from the settings ------------------------------------------------------------------------------

def verifier_from(settings) -> TokenVerifier:
    """The verifier the settings describe; the development key only outside production."""
    sources: list[KeySource] = []
    if settings.jwt_public_keys:
        sources.append(StaticKeys(load_public_keys(settings.jwt_public_keys)))
    if settings.jwt_jwks_url:
        sources.append(JwksKeys(settings.jwt_jwks_url, settings.jwt_jwks_refresh_seconds, settings.jwt_jwks_cooldown_seconds))
    if settings.environment == "production":
        _refuse_development_key(settings, sources)
    elif not sources:
        sources.append(StaticKeys([development_private_key(settings.dev_key_file).public_key()]))
    return TokenVerifier(KeyRing(sources), settings.jwt_issuer, settings.jwt_audience, settings.jwt_algorithms,
                         settings.jwt_clock_skew_seconds)


def _refuse_development_key(settings, sources: list[KeySource]) -> None:
    if not sources:
        raise ValueError("production needs JWT_PUBLIC_KEYS or JWT_JWKS_URL: the local development key is refused")
    if not settings.dev_key_file.exists():
        return
    development = _public_numbers(development_private_key(settings.dev_key_file).public_key())
    for source in sources:
        if isinstance(source, StaticKeys) and any(_public_numbers(k) == development for k in source.keys):
            raise ValueError("production refuses the development key, even listed among JWT_PUBLIC_KEYS")


def _public_numbers(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


# --- the embedded default's development key -------------------------------------------------------

def development_private_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """A P-256 key made on first use and kept in the data folder; refused in production."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_bytes(pem)
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic, and refuses to replace a key another process made first
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def load_public_keys(paths: list[Path]) -> list:
    return [serialization.load_pem_public_key(p.read_bytes()) for p in paths]


DEVELOPMENT_IDENTITIES = {
    "citizen": {"sub": "5ZK3P7Q", "given_name": "Rəşad", "family_name": "Əliyev", "patronymic": "Vaqif oğlu",
                "address": "Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12",
                "portal": "e-gov", "sign_in_method": "asan_imza"},
    "employee": {"sub": "emp-1001", "name": "Leyla Həsənova", "unit": "BIN"},
    "supervisor": {"sub": "sup-01", "name": "Elnur Məmmədov"},
    "auditor": {"sub": "aud-01", "name": "Daxili nəzarət"},
    "operator": {"sub": "ops-01", "name": "Bildiriş növbətçisi"},
    "portal": {"sub": "portal-e-gov", "name": "e-gov.az", "portal": "e-gov"},
}


def issue_development_token(private_key, issuer: str, audience: str, role: str,
                            lifetime_seconds: int = 8 * 3600, **overrides) -> str:
    now = int(time.time())
    claims = DEVELOPMENT_IDENTITIES[role] | {"role": role} | overrides
    claims |= {"iss": issuer, "aud": audience, "iat": now, "nbf": now, "exp": now + lifetime_seconds}
    return jwt.encode(claims, private_key, algorithm="ES256")
