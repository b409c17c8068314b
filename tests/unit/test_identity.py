"""Who the caller is: the token checks the gateway relies on."""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import ValidationError

from gateway.identity import DEVELOPMENT_IDENTITIES, AuthenticationError, TokenVerifier
from gateway.settings import Settings

ISSUER, AUDIENCE = "https://idp.example.az", "azersu-cases"


def claims(role: str = "citizen", **changes) -> dict:
    now = int(time.time())
    return DEVELOPMENT_IDENTITIES.get(role, {"sub": "x"}) | {"role": role, "iss": ISSUER, "aud": AUDIENCE, "iat": now,
                                           "nbf": now, "exp": now + 600} | changes


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def verifier(*keys) -> TokenVerifier:
    return TokenVerifier([k.public_key() for k in keys], ISSUER, AUDIENCE, ["RS256", "ES256"])


def test_accepts_an_rs256_citizen_token_and_reads_the_identity(rsa_key):
    actor = verifier(rsa_key).actor(jwt.encode(claims(), rsa_key, algorithm="RS256"), "corr-1")
    assert (actor.role, actor.citizen.fin, actor.portal, actor.sign_in_method) == ("citizen", "5ZK3P7Q", "e-gov", "asan_imza")
    assert actor.correlation_id == "corr-1"


def test_accepts_a_token_signed_by_any_configured_key(rsa_key, ec_key):
    token = jwt.encode(claims("employee"), ec_key, algorithm="ES256")
    assert verifier(rsa_key, ec_key).actor(token, None).unit == "BIN"


def test_refuses_a_token_signed_by_an_unknown_key(rsa_key):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(jwt.encode(claims(), stranger, algorithm="RS256"), None)


# Times as offsets from when the test runs, not from when the suite was collected minutes earlier.
@pytest.mark.parametrize("change", [lambda now: {"exp": now - 120}, lambda now: {"nbf": now + 600},
                                    lambda now: {"iss": "https://elsewhere"}, lambda now: {"aud": "another-service"}],
                         ids=["expired", "early", "foreign-issuer", "foreign-audience"])
def test_refuses_expired_early_or_foreign_tokens(rsa_key, change):
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(jwt.encode(claims(**change(int(time.time()))), rsa_key, algorithm="RS256"), None)


def test_refuses_an_unsigned_token(rsa_key):
    unsigned = jwt.encode(claims(), None, algorithm="none")
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(unsigned, None)


def test_refuses_a_token_signed_with_a_shared_secret(rsa_key):
    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    forged = jwt.encode(claims(), public_pem.decode()[:64], algorithm="HS256")
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(forged, None)


@pytest.mark.parametrize("change", [{"portal": "unknown.az"}, {"sign_in_method": "password"}, {"sub": "TOO-LONG-FIN"},
                                    {"role": "administrator"}, {"given_name": None}])
def test_refuses_claims_that_do_not_describe_a_citizen(rsa_key, change):
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(jwt.encode(claims(**change), rsa_key, algorithm="RS256"), None)


def test_refuses_an_employee_token_without_a_unit(rsa_key):
    with pytest.raises(AuthenticationError):
        verifier(rsa_key).actor(jwt.encode(claims("employee", unit=""), rsa_key, algorithm="RS256"), None)


def test_production_settings_refuse_the_development_key(tmp_path):
    with pytest.raises(ValidationError, match="JWT_ISSUERS"):
        Settings(_env_file=None, environment="production", data_dir=tmp_path)


def test_production_settings_start_with_configured_keys(tmp_path):
    pem = tmp_path / "idp.pem"
    pem.write_bytes(b"-----BEGIN PUBLIC KEY-----\n")
    assert Settings(_env_file=None, environment="production", application_id_secret="s" * 40,
                    jwt_issuers=[{"issuer": "https://sso.azersu.az", "public_keys": [pem], "roles": ["employee"]}],
                    smtp_host="smtp.azersu.az", sms_gateway_url="https://sms.azersu.az/send").environment == "production"
