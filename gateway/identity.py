"""Who is calling: bearer JWTs from the portals' sign-in and the staff identity provider."""

from __future__ import annotations

import os
import time
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import ValidationError

from schemas.context import Actor, Citizen

CITIZEN_SOURCES = {"e-gov", "azersu", "e-su"}
SIGN_IN_METHODS = {"id_number", "sima_imza", "asan_imza", "sima_token", "bsxm_e_imza", "e_gov_login"}
CLOCK_SKEW_SECONDS = 30


class AuthenticationError(Exception):
    """No credentials, or credentials that do not prove who the caller is (401)."""


class TokenVerifier:
    """Checks signature, issuer, audience, expiry and not-before; asymmetric algorithms only."""

    def __init__(self, public_keys: list, issuer: str, audience: str, algorithms: list[str]):
        if not public_keys:
            raise ValueError("at least one public key is needed")
        self.public_keys = public_keys
        self.issuer = issuer
        self.audience = audience
        self.algorithms = [a for a in algorithms if a[:2] in ("RS", "ES", "PS")]

    def actor(self, token: str, correlation_id: str | None) -> Actor:
        claims = self._claims(token)
        try:
            return actor_from_claims(claims, correlation_id)
        except (KeyError, ValueError, ValidationError) as error:
            raise AuthenticationError(f"The token's claims do not describe a caller: {error}") from None

    def _claims(self, token: str) -> dict:
        keys = self._keys_for(token)
        for key in keys:
            try:
                return jwt.decode(token, key, algorithms=self.algorithms, issuer=self.issuer,
                                  audience=self.audience, leeway=CLOCK_SKEW_SECONDS,
                                  options={"require": ["exp", "iss", "aud", "sub"]})
            except jwt.InvalidSignatureError:
                continue  # maybe signed with the next key
            except jwt.PyJWTError as error:
                raise AuthenticationError(f"The token was refused: {error}") from None
        raise AuthenticationError("The token was refused: its signature matches none of the trusted keys.")

    def _keys_for(self, token: str) -> list:
        """The trusted keys of the type the token's algorithm needs (RSA for RS/PS, EC for ES)."""
        try:
            algorithm = jwt.get_unverified_header(token).get("alg", "")
        except jwt.PyJWTError as error:
            raise AuthenticationError(f"The token was refused: {error}") from None
        if algorithm not in self.algorithms:
            raise AuthenticationError(f"The token was refused: algorithm {algorithm!r} is not accepted.")
        key_type = ec.EllipticCurvePublicKey if algorithm.startswith("ES") else rsa.RSAPublicKey
        return [key for key in self.public_keys if isinstance(key, key_type)]


def actor_from_claims(claims: dict, correlation_id: str | None) -> Actor:
    role = claims["role"]
    if role == "citizen":
        return _citizen(claims, correlation_id)
    if role == "employee":
        if not claims.get("unit"):
            raise ValueError("an employee token names the employee's unit")
        return Actor(subject=claims["sub"], role="employee", name=claims.get("name", ""),
                     unit=claims["unit"], correlation_id=correlation_id)
    if role in ("auditor", "operator"):
        return Actor(subject=claims["sub"], role=role, name=claims.get("name", ""), correlation_id=correlation_id)
    raise ValueError(f"unknown role {role!r}")


def _citizen(claims: dict, correlation_id: str | None) -> Actor:
    if claims.get("portal") not in CITIZEN_SOURCES:
        raise ValueError("a citizen arrives through one of the portals: " + ", ".join(sorted(CITIZEN_SOURCES)))
    if claims.get("sign_in_method") not in SIGN_IN_METHODS:
        raise ValueError("unknown sign-in method")
    fin = claims["sub"]
    if len(fin) != 7 or not fin.isalnum() or not fin.isascii():
        raise ValueError("a citizen's subject is the 7-character FİN")
    citizen = Citizen(fin=fin.upper(), first_name=claims["given_name"], surname=claims["family_name"],
                      patronymic=claims.get("patronymic", ""), address=claims.get("address", ""))
    return Actor(subject=citizen.fin, role="citizen", name=citizen.full_name, portal=claims["portal"],
                 sign_in_method=claims["sign_in_method"], correlation_id=correlation_id, citizen=citizen)


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
    "auditor": {"sub": "aud-01", "name": "Daxili nəzarət"},
    "operator": {"sub": "ops-01", "name": "Bildiriş növbətçisi"},
}


def issue_development_token(private_key, issuer: str, audience: str, role: str,
                            lifetime_seconds: int = 8 * 3600, **overrides) -> str:
    now = int(time.time())
    claims = DEVELOPMENT_IDENTITIES[role] | {"role": role} | overrides
    claims |= {"iss": issuer, "aud": audience, "iat": now, "nbf": now, "exp": now + lifetime_seconds}
    return jwt.encode(claims, private_key, algorithm="ES256")
