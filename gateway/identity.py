"""Who is calling: bearer JWTs from the portals' sign-in and the staff identity provider.

Each trusted issuer (JWT_ISSUERS) has its own keys and the roles it may grant; a token is checked with the
keys of the issuer its `iss` names and no other, and a role its issuer may not grant is refused, so a
compromised citizens' sign-in never becomes back-office access. The embedded default has one development
issuer that grants every role.

Trusted keys come from PEM files, from a JWKS document (a file or an http(s) URL), or both. A JWKS is
re-read when a token names a `kid` it does not hold (the provider rotated its keys), at most once per
cool-down, and every `refresh` seconds anyway, so a withdrawn key stops being trusted.

Only asymmetric algorithms are accepted (RS*, PS*, ES*): `alg: none` and HS256 never verify, and
production settings refuse to list them at all (gateway.settings). In production the embedded default's
development key is never trusted: found among an issuer's keys or in its JWKS at start-up, the service does
not start, and a JWKS that publishes it later is read without it. The claims' types are checked before
anything reads them (a string `exp` is refused, not compared).

Roles, from the token's `role` claim: citizen, portal, employee (with `unit`), supervisor, auditor, operator.

How a portal acts for a citizen (submits, shows the status page, downloads the result, withdraws). The
portal's service account signs in at its identity provider and calls with its own token (`role: portal`,
`portal: e-gov|azersu|e-su`) in `Authorization`, and forwards the citizen's own token, issued at the
citizen's sign-in by an issuer that may grant the citizen role, in the `X-Citizen-Token` header. Both are
verified; the citizen's token must name the same portal as the service account. The application is recorded
as the citizen's, through that portal, and every event the portal causes records its service account (its
token's `sub`). A portal therefore cannot act for a citizen who did not sign in with it: it never holds a
signature for one.
"""

from __future__ import annotations

import json
import math
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

from gateway.settings import EVERY_ROLE
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
                 timeout_seconds: float = 2, now: Callable[[], float] = time.monotonic, refused: frozenset[bytes] = frozenset()):
        self.location = location
        self.refused = refused  # public keys (DER) never trusted from this JWKS, whenever they appear in it
        self.refused_seen = False
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
            by_kid, without_kid = parse_jwks(document)
            self._by_kid = {kid: key for kid, key in by_kid.items() if not self._is_refused(key)}
            self._without_kid = [key for key in without_kid if not self._is_refused(key)]

    def _is_refused(self, key) -> bool:
        if self.refused and _public_numbers(key) in self.refused:
            self.refused_seen = True
            log.warning("jwks_refused_key", location=self.location)
            return True
        return False

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
    service_account: str | None = None  # a portal's: its token's subject, recorded on what it does for a citizen

    @property
    def acting(self) -> Actor:
        """The actor recorded on what the caller does; a portal has one only once it names the citizen."""
        if self.actor is None:
            raise AuthenticationError("A portal's token acts only for a citizen it forwards.")
        return self.actor


@dataclass(frozen=True)
class Issuer:
    """An identity provider we trust: its `iss`, its keys, the audience its tokens carry, the roles it may grant."""

    name: str
    keys: KeySource
    audience: str
    roles: frozenset[str] = frozenset(EVERY_ROLE)


@dataclass(frozen=True)
class Verified:
    key: object
    kid: str | None
    claims: dict
    issuer: str


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
    """Checks signature, issuer, audience, expiry, not-before and the types of the claims, then that the issuer may
    grant the token's role; asymmetric algorithms only. Each token is checked with the keys of the issuer it names."""

    def __init__(self, keys: list | KeySource, issuer: str, audience: str, algorithms: list[str],
                 leeway_seconds: float = CLOCK_SKEW_SECONDS):
        """One issuer that may grant every role (the development default, and tests)."""
        if isinstance(keys, list):
            if not keys:
                raise ValueError("at least one public key is needed")
            keys = StaticKeys(keys)
        self.issuers = {issuer: Issuer(issuer, keys, audience)}
        self.algorithms = [a for a in algorithms if a[:2] in ASYMMETRIC]
        self.leeway_seconds = leeway_seconds
        self.verified = VerifiedTokens()

    @classmethod
    def of_issuers(cls, issuers: list[Issuer], algorithms: list[str], leeway_seconds: float = CLOCK_SKEW_SECONDS):
        verifier = cls(issuers[0].keys, issuers[0].name, issuers[0].audience, algorithms, leeway_seconds)
        verifier.issuers = {issuer.name: issuer for issuer in issuers}
        return verifier

    @property
    def may_wait_on_the_network(self) -> bool:
        """Whether verifying can fetch keys (a JWKS URL), and so belongs off the event loop."""
        return any(isinstance(source, JwksKeys) for issuer in self.issuers.values() for source in _sources(issuer.keys))

    def actor(self, token: str, correlation_id: str | None) -> Actor:
        """The actor of a token that speaks for itself (every role but the portal's)."""
        return self.caller(token, correlation_id).acting

    def caller(self, token: str, correlation_id: str | None) -> Caller:
        claims = self.claims(token)
        try:
            if claims.get("role") == "portal":
                return Caller("portal", None, portal=_portal_of(claims), service_account=_text(claims, "sub", 64))
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
        if citizen.role != "citizen" or citizen.actor is None:  # a citizen's caller always carries its actor
            raise AuthenticationError(f"{FORWARDED_IDENTITY_HEADER} carries a {citizen.role}'s token, not a citizen's.")
        if citizen.portal != portal.portal:
            raise OnBehalfRefusedError("The citizen signed in through another portal; this portal may not act for them.")
        acting = citizen.actor.model_copy(update={"service_account": portal.service_account})
        return Caller("portal", acting, portal=portal.portal, service_account=portal.service_account)

    def claims(self, token: str) -> dict:
        remembered = self.verified.get(token)
        if remembered is not None and self._still_good(remembered):
            return remembered.claims
        algorithm, kid = self._header(token)
        issuer = self._issuer_named_by(token)
        key_type = ec.EllipticCurvePublicKey if algorithm.startswith("ES") else rsa.RSAPublicKey
        for key in [k for k in issuer.keys.keys_for(kid) if isinstance(k, key_type)]:
            try:
                claims = jwt.decode(token, key, algorithms=[algorithm], issuer=issuer.name, audience=issuer.audience,
                                    leeway=self.leeway_seconds, options={"require": ["exp", "iss", "aud", "sub"]})
            except jwt.InvalidSignatureError:
                continue  # maybe signed with the next key
            except jwt.PyJWTError as error:
                raise AuthenticationError(f"The token was refused: {error}") from None
            check_claim_types(claims)
            check_role_granted(issuer, claims)
            self.verified.put(token, Verified(key, kid, claims, issuer.name))
            return claims
        raise AuthenticationError("The token was refused: its signature matches none of the trusted keys.")

    def _issuer_named_by(self, token: str) -> Issuer:
        """The issuer whose keys may check this token: the one its (not yet verified) `iss` names, and no other."""
        try:
            named = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"The token was refused: {error}") from None
        if not isinstance(named, str) or named not in self.issuers:
            raise AuthenticationError("The token was refused: its issuer is not one this service trusts.")
        return self.issuers[named]

    def _still_good(self, verified: Verified) -> bool:
        """A remembered token passes while its key is still trusted and the time checks still hold."""
        now = time.time()
        claims, leeway = verified.claims, self.leeway_seconds
        in_time = claims["exp"] + leeway > now and claims.get("nbf", now) - leeway <= now
        keys = self.issuers[verified.issuer].keys
        return in_time and any(key is verified.key for key in keys.keys_for(verified.kid))

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


NUMERIC_CLAIMS = ("exp", "nbf", "iat")
TEXT_CLAIMS = ("sub", "role", "iss")


def check_claim_types(claims: dict) -> None:
    """Refuses claims of the wrong type before anything reads them: the library converts a string `exp` to a
    number to check it, but leaves it a string in the claims, which the remembered-token check then adds to."""
    for name in NUMERIC_CLAIMS:
        value = claims.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise AuthenticationError(f"The token was refused: its {name} claim is not a number.")
    for name in TEXT_CLAIMS:
        if name in claims and not isinstance(claims[name], str):
            raise AuthenticationError(f"The token was refused: its {name} claim is not a text.")
    audience = claims.get("aud")
    if not (isinstance(audience, str) or isinstance(audience, list) and all(isinstance(a, str) for a in audience)):
        raise AuthenticationError("The token was refused: its aud claim is neither a text nor a list of texts.")


def check_role_granted(issuer: Issuer, claims: dict) -> None:
    """Each identity provider grants only its own roles: the citizens' sign-in never an employee's."""
    role = claims.get("role")
    if role not in issuer.roles:
        raise AuthenticationError(f"The token was refused: its issuer {issuer.name[:100]!r} may not grant the role "
                                  f"{str(role)[:20]!r} (it grants: {', '.join(sorted(issuer.roles))}).")


def _sources(keys: KeySource) -> list[KeySource]:
    return keys.sources if isinstance(keys, KeyRing) else [keys]


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
    """The verifier the settings describe: the issuers of JWT_ISSUERS, or the one of JWT_ISSUER (granting every
    role) with its keys or, outside production, the development key."""
    refused = frozenset() if settings.trusts_development_key else _development_public(settings)
    issuers = [_issuer(entry, settings, refused) for entry in settings.jwt_issuers] or [_single_issuer(settings)]
    if not settings.trusts_development_key:
        _refuse_development_key(settings, issuers)
    return TokenVerifier.of_issuers(issuers, settings.jwt_algorithms, settings.jwt_clock_skew_seconds)


def _issuer(entry, settings, refused: frozenset[bytes]) -> Issuer:
    sources = _key_sources(entry.public_keys, entry.jwks_url, settings, refused)
    return Issuer(entry.issuer, KeyRing(sources), entry.audience or settings.jwt_audience, frozenset(entry.roles))


def _single_issuer(settings) -> Issuer:
    sources = _key_sources(settings.jwt_public_keys, settings.jwt_jwks_url, settings)
    if not sources and settings.trusts_development_key:
        sources.append(StaticKeys([development_private_key(settings.dev_key_file).public_key()]))
    return Issuer(settings.jwt_issuer, KeyRing(sources), settings.jwt_audience)


def _key_sources(public_keys: list[Path], jwks_url: str | None, settings,
                 refused: frozenset[bytes] = frozenset()) -> list[KeySource]:
    sources: list[KeySource] = []
    if public_keys:
        sources.append(StaticKeys(load_public_keys(public_keys)))
    if jwks_url:
        sources.append(JwksKeys(jwks_url, settings.jwt_jwks_refresh_seconds, settings.jwt_jwks_cooldown_seconds,
                                refused=refused))
    return sources


def _development_public(settings) -> frozenset[bytes]:
    """The development key's public half, when this data folder holds one: what production never trusts."""
    if not settings.dev_key_file.exists():
        return frozenset()
    return frozenset({_public_numbers(development_private_key(settings.dev_key_file).public_key())})


def _refuse_development_key(settings, issuers: list[Issuer]) -> None:
    """Production never trusts the development key: found among an issuer's static keys or in its JWKS (read
    now, at start-up), the service does not start, and the message names where it was found."""
    settings.refuse_development_identity_in_production()  # the settings' own rule, for settings not validated
    development = _development_public(settings)
    for issuer in issuers:
        for source in _sources(issuer.keys):
            if _holds_any(source, development):
                where = "the JWKS at " + source.location if isinstance(source, JwksKeys) else "JWT_PUBLIC_KEYS"
                raise ValueError(f"production refuses the development key, even listed among {where} "
                                 f"(issuer {issuer.name!r} of JWT_ISSUERS)")


def _holds_any(source: KeySource, keys: frozenset[bytes]) -> bool:
    if isinstance(source, JwksKeys):
        source.keys_for(None)  # read now, so that start-up sees what the JWKS holds
        return source.refused_seen
    return any(_public_numbers(k) in keys for k in source.keys_for(None))


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
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} holds no elliptic-curve key: remove it and a new one is made")
    return key


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
