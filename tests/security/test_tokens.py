"""Bearer tokens as the identity provider issues them: keys from PEM files or a JWKS (a file or a URL) with
rotation by kid, the claims that must hold, and what production refuses."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from pydantic import ValidationError

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.identity import DEVELOPMENT_IDENTITIES, AuthenticationError, JwksKeys, TokenVerifier, development_private_key
from gateway.settings import Settings
from tests.fakes import FixedClock
from tests.http.problems import assert_problem

ISSUER, AUDIENCE = "https://sso.azersu.az", "azersu-cases"
# What production needs besides the identity provider's keys.
PRODUCTION = {"environment": "production", "application_id_secret": "s" * 40, "smtp_host": "smtp.azersu.az",
              "sms_gateway_url": "https://sms.azersu.az/send",
              "jwt_issuers": [{"issuer": ISSUER, "jwks_url": "https://sso.azersu.az/jwks", "roles": ["citizen", "portal"]}]}


def claims(role: str = "citizen", **changes) -> dict:
    now = int(time.time())
    return DEVELOPMENT_IDENTITIES[role] | {"role": role, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "nbf": now,
                                           "exp": now + 600} | changes


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(private_key, kid: str) -> dict:
    algorithm = jwt.algorithms.RSAAlgorithm if isinstance(private_key, rsa.RSAPrivateKey) else jwt.algorithms.ECAlgorithm
    return json.loads(algorithm.to_jwk(private_key.public_key())) | {"kid": kid, "use": "sig"}


def signed(private_key, kid: str | None = None, algorithm: str = "RS256", **changes) -> str:
    return jwt.encode(claims(**changes), private_key, algorithm=algorithm, headers={"kid": kid} if kid else None)


def verifier_of(source) -> TokenVerifier:
    return TokenVerifier(source, ISSUER, AUDIENCE, ["RS256", "ES256"])


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def old_key():
    return rsa_key()


@pytest.fixture(scope="module")
def new_key():
    return rsa_key()


# --- JWKS from a file --------------------------------------------------------------------------------

def test_a_token_is_verified_with_the_jwks_key_its_kid_names(tmp_path, old_key, new_key):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "2026-10"), public_jwk(new_key, "2026-11")]}))
    verifier = verifier_of(JwksKeys(str(jwks)))
    assert verifier.actor(signed(new_key, "2026-11"), None).citizen.fin == "5ZK3P7Q"
    assert verifier.actor(signed(old_key, "2026-10"), None).citizen.fin == "5ZK3P7Q"
    with pytest.raises(AuthenticationError, match="none of the trusted keys"):
        verifier.actor(signed(old_key, "2026-11"), None)  # the kid names another key than the one that signed


def test_a_key_rotated_into_the_jwks_file_is_trusted_as_soon_as_a_token_names_it(tmp_path, old_key, new_key):
    jwks, clock = tmp_path / "jwks.json", Clock()
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    verifier = verifier_of(JwksKeys(str(jwks), refresh_seconds=300, cooldown_seconds=10, now=clock))
    assert verifier.actor(signed(old_key, "k1"), None)
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1"), public_jwk(new_key, "k2")]}))
    clock.now += 11
    assert verifier.actor(signed(new_key, "k2"), None).role == "citizen"


def test_unknown_kids_do_not_make_the_service_reread_the_jwks_on_every_request(tmp_path, old_key, new_key):
    jwks, clock = tmp_path / "jwks.json", Clock()
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    verifier = verifier_of(JwksKeys(str(jwks), refresh_seconds=300, cooldown_seconds=10, now=clock))
    verifier.actor(signed(old_key, "k1"), None)
    jwks.write_text(json.dumps({"keys": [public_jwk(new_key, "k2")]}))
    clock.now += 5  # within the cool-down: the file is not read again
    with pytest.raises(AuthenticationError):
        verifier.actor(signed(new_key, "k2"), None)
    clock.now += 6
    assert verifier.actor(signed(new_key, "k2"), None)


def test_a_key_withdrawn_from_the_jwks_stops_being_trusted_at_the_next_refresh(tmp_path, old_key, new_key):
    jwks, clock = tmp_path / "jwks.json", Clock()
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1"), public_jwk(new_key, "k2")]}))
    verifier = verifier_of(JwksKeys(str(jwks), refresh_seconds=300, cooldown_seconds=10, now=clock))
    assert verifier.actor(signed(old_key, "k1"), None)
    jwks.write_text(json.dumps({"keys": [public_jwk(new_key, "k2")]}))
    clock.now += 301
    with pytest.raises(AuthenticationError):
        verifier.actor(signed(old_key, "k1"), None)
    assert verifier.actor(signed(new_key, "k2"), None)


def test_a_jwks_that_cannot_be_read_keeps_the_keys_already_known(tmp_path, old_key):
    jwks, clock = tmp_path / "jwks.json", Clock()
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    verifier = verifier_of(JwksKeys(str(jwks), refresh_seconds=300, cooldown_seconds=10, now=clock))
    assert verifier.actor(signed(old_key, "k1"), None)
    jwks.write_text("{ not json")
    clock.now += 301
    assert verifier.actor(signed(old_key, "k1"), None)


def test_symmetric_and_encryption_keys_in_a_jwks_are_never_used(tmp_path, old_key):
    secret = "a-shared-secret-that-should-never-verify-anything"
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [
        {"kty": "oct", "kid": "hmac", "k": jwt.utils.base64url_encode(secret.encode()).decode()},
        public_jwk(old_key, "enc") | {"use": "enc"}]}))
    verifier = TokenVerifier(JwksKeys(str(jwks)), ISSUER, AUDIENCE, ["RS256", "ES256", "HS256"])
    with pytest.raises(AuthenticationError):
        verifier.actor(jwt.encode(claims(), secret, algorithm="HS256", headers={"kid": "hmac"}), None)
    with pytest.raises(AuthenticationError):
        verifier.actor(signed(old_key, "enc"), None)


# --- JWKS from a URL ---------------------------------------------------------------------------------

class JwksServer:
    """The identity provider's JWKS endpoint, on a local port; counts how often it is asked."""

    def __init__(self, document: dict):
        self.document, self.requests = document, 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server name)
                outer.requests += 1
                body = json.dumps(outer.document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def jwks_server(old_key):
    server = JwksServer({"keys": [public_jwk(old_key, "k1")]})
    yield server
    server.close()


def test_the_service_follows_a_key_rotation_published_at_the_jwks_url(tmp_path, jwks_server, old_key, new_key):
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_jwks_url=jwks_server.url,  # http: only outside production
                        jwt_jwks_cooldown_seconds=0, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        def listed(token: str) -> int:
            return client.get("/v1/applications", headers={"Authorization": f"Bearer {token}"}).status_code

        assert listed(signed(old_key, "k1")) == 200
        assert listed(signed(new_key, "k2")) == 401  # not published yet
        jwks_server.document = {"keys": [public_jwk(old_key, "k1"), public_jwk(new_key, "k2")]}
        assert listed(signed(new_key, "k2")) == 200
        asked = jwks_server.requests
        assert listed(signed(new_key, "k2")) == 200
        assert jwks_server.requests == asked  # a known kid is answered from memory
    services.close()


def test_an_unreachable_jwks_url_refuses_tokens_with_401_not_an_error(tmp_path, old_key):
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_jwks_url="http://127.0.0.1:9/jwks.json",
                        jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        response = client.get("/v1/applications", headers={"Authorization": f"Bearer {signed(old_key, 'k1')}"})
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
    services.close()


# --- the claims ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pem_verifier(old_key):
    return TokenVerifier([old_key.public_key()], ISSUER, AUDIENCE, ["RS256", "ES256"])


def test_a_token_expired_within_the_allowed_clock_skew_is_still_accepted(pem_verifier, old_key):
    assert pem_verifier.actor(signed(old_key, exp=int(time.time()) - 20), None)


def test_a_token_expired_beyond_the_clock_skew_is_refused(pem_verifier, old_key):
    with pytest.raises(AuthenticationError, match="expired"):
        pem_verifier.actor(signed(old_key, exp=int(time.time()) - 40), None)


def test_a_token_valid_from_a_moment_within_the_skew_is_accepted_and_one_beyond_it_is_refused(pem_verifier, old_key):
    assert pem_verifier.actor(signed(old_key, nbf=int(time.time()) + 20), None)
    with pytest.raises(AuthenticationError, match="not yet valid"):
        pem_verifier.actor(signed(old_key, nbf=int(time.time()) + 60), None)


def test_a_token_accepted_before_is_refused_once_it_expires(old_key):
    verifier = TokenVerifier([old_key.public_key()], ISSUER, AUDIENCE, ["RS256"], leeway_seconds=0)
    token = signed(old_key, exp=int(time.time()) + 1)
    assert verifier.actor(token, None)
    assert verifier.actor(token, None)  # the second time from what the first check remembered
    time.sleep(max(0.0, jwt.decode(token, options={"verify_signature": False})["exp"] - time.time()) + 0.05)
    with pytest.raises(AuthenticationError, match="expired"):
        verifier.actor(token, None)


def test_a_token_accepted_before_is_refused_once_its_key_is_withdrawn(tmp_path, old_key, new_key):
    jwks, clock = tmp_path / "jwks.json", Clock()
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    verifier = verifier_of(JwksKeys(str(jwks), refresh_seconds=300, cooldown_seconds=10, now=clock))
    token = signed(old_key, "k1")
    assert verifier.actor(token, None)
    jwks.write_text(json.dumps({"keys": [public_jwk(new_key, "k2")]}))
    clock.now += 301
    with pytest.raises(AuthenticationError):
        verifier.actor(token, None)


@pytest.mark.parametrize("missing", ["exp", "iss", "aud", "sub"])
def test_a_token_without_a_required_claim_is_refused(pem_verifier, old_key, missing):
    token = jwt.encode({k: v for k, v in claims().items() if k != missing}, old_key, algorithm="RS256")
    with pytest.raises(AuthenticationError):
        pem_verifier.actor(token, None)


def test_alg_none_is_refused_even_when_the_settings_list_it(old_key):
    verifier = TokenVerifier([old_key.public_key()], ISSUER, AUDIENCE, ["none", "RS256"])
    with pytest.raises(AuthenticationError, match="not accepted"):
        verifier.actor(jwt.encode(claims(), None, algorithm="none"), None)


def test_hs256_signed_with_the_public_key_is_refused_even_when_the_settings_list_it(old_key):
    """The classic confusion: the attacker signs with HMAC, using the public key as the secret."""
    verifier = TokenVerifier([old_key.public_key()], ISSUER, AUDIENCE, ["HS256", "RS256"])
    pem = old_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    forged = _hmac_token(pem)  # PyJWT itself refuses to sign like this, so the token is made by hand
    with pytest.raises(AuthenticationError, match="not accepted"):
        verifier.actor(forged, None)


def _hmac_token(secret: bytes) -> str:
    import base64
    import hashlib
    import hmac

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    signing_input = part(b'{"alg":"HS256","typ":"JWT"}') + "." + part(json.dumps(claims()).encode())
    return signing_input + "." + part(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())


def test_an_es256_key_cannot_verify_a_token_that_claims_rs256_and_the_reverse(old_key):
    ec_key = ec.generate_private_key(ec.SECP256R1())
    verifier = TokenVerifier([ec_key.public_key()], ISSUER, AUDIENCE, ["RS256", "ES256"])
    with pytest.raises(AuthenticationError):
        verifier.actor(signed(old_key), None)
    assert verifier.actor(signed(ec_key, algorithm="ES256"), None)


# --- production settings ------------------------------------------------------------------------------

def pem_file(tmp_path, private_key, name: str = "idp.pem"):
    path = tmp_path / name
    path.write_bytes(private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                           serialization.PublicFormat.SubjectPublicKeyInfo))
    return path


def test_production_settings_without_keys_are_refused(tmp_path):
    with pytest.raises(ValidationError, match="development key is refused"):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": []})


def test_production_settings_refuse_a_jwks_fetched_over_plain_http(tmp_path):
    with pytest.raises(ValidationError, match="https"):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": [
            {"issuer": ISSUER, "jwks_url": "http://sso.azersu.az/jwks", "roles": ["citizen"]}]})
    assert Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION)


def test_outside_production_a_jwks_replaces_the_development_key(tmp_path, old_key):
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_jwks_url=str(tmp_path / "jwks.json"),
                        jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        forged = jwt.encode(claims(), development_private_key(settings.dev_key_file), algorithm="ES256")
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {signed(old_key, 'k1')}"}).status_code == 200
    services.close()


@pytest.mark.parametrize("algorithms", [["HS256"], ["RS256", "none"], ["RS256", "HS512"]])
def test_production_settings_refuse_symmetric_or_unsigned_algorithms(tmp_path, algorithms):
    with pytest.raises(ValidationError, match="only RS"):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION, jwt_algorithms=algorithms)


def test_in_production_a_token_signed_with_the_development_key_is_refused(tmp_path, old_key):
    settings = Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": [
        {"issuer": ISSUER, "public_keys": [str(pem_file(tmp_path, old_key))], "roles": ["citizen"]}]})
    development = development_private_key(settings.dev_key_file)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        forged = jwt.encode(claims(), development, algorithm="ES256")
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
        genuine = signed(old_key)
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {genuine}"}).status_code == 200
    services.close()


def test_in_production_the_development_key_listed_among_the_trusted_keys_stops_the_service_from_starting(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": [
        {"issuer": ISSUER, "public_keys": [str(tmp_path / "dev.pem")], "roles": ["citizen"]}]})
    pem_file(tmp_path, development_private_key(settings.dev_key_file), "dev.pem")
    with pytest.raises(ValueError, match="refuses the development key"):
        bootstrap(settings, clock=FixedClock())


def test_in_production_the_development_key_published_in_a_jwks_stops_the_service_from_starting(tmp_path, old_key):
    jwks = tmp_path / "jwks.json"
    settings = Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": [
        {"issuer": ISSUER, "jwks_url": str(jwks), "roles": ["citizen"]}]})
    development = development_private_key(settings.dev_key_file)
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1"), public_jwk(development, "dev")]}))
    with pytest.raises(ValueError, match=f"refuses the development key, even listed among the JWKS at {jwks}"):
        bootstrap(settings, clock=FixedClock())


def test_in_production_the_development_key_rotated_into_a_jwks_later_is_never_trusted(tmp_path, old_key):
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1")]}))
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_jwks_cooldown_seconds=0, **PRODUCTION | {"jwt_issuers": [
        {"issuer": ISSUER, "jwks_url": str(jwks), "roles": ["citizen"]}]})
    development = development_private_key(settings.dev_key_file)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {signed(old_key, 'k1')}"}).status_code == 200
        jwks.write_text(json.dumps({"keys": [public_jwk(old_key, "k1"), public_jwk(development, "dev")]}))
        forged = signed(development, "dev", algorithm="ES256")
        assert_problem(client.get("/v1/applications", headers={"Authorization": f"Bearer {forged}"}), 401, "unauthenticated")
        assert client.get("/v1/applications", headers={"Authorization": f"Bearer {signed(old_key, 'k1')}"}).status_code == 200
    services.close()


# --- the types of the claims ----------------------------------------------------------------------------

BADLY_TYPED = [{"exp": "9999999999"}, {"nbf": "0"}, {"iat": "yesterday"}, {"iat": float("inf")}, {"exp": True},
               {"exp": 9999999999.0, "nbf": False}, {"sub": 5123456}, {"role": ["citizen"]},
               {"aud": ["azersu-cases", 7]}, {"aud": {"azersu-cases": 1}}]


@pytest.mark.parametrize("change", BADLY_TYPED, ids=lambda change: ",".join(f"{k}={v!r}" for k, v in change.items()))
def test_a_signed_token_with_a_badly_typed_claim_is_refused_with_401_every_time(quick_client, sqlite_settings, change):
    development = development_private_key(sqlite_settings.dev_key_file)
    token = jwt.encode(claims() | {"iss": sqlite_settings.jwt_issuer, "aud": sqlite_settings.jwt_audience} | change,
                       development, algorithm="ES256")
    for _ in range(2):  # the second time would be answered from the verified tokens remembered
        response = quick_client.get("/v1/applications", headers={"Authorization": f"Bearer {token}"})
        assert_problem(response, 401, "unauthenticated")


def test_production_settings_without_an_application_id_secret_are_refused_naming_it(tmp_path):
    without = {k: v for k, v in PRODUCTION.items() if k != "application_id_secret"}
    with pytest.raises(ValidationError, match="APPLICATION_ID_SECRET"):
        Settings(_env_file=None, data_dir=tmp_path, **without)
    with pytest.raises(ValidationError, match="at least 32"):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"application_id_secret": "short"})


# --- issuers and the roles each may grant -------------------------------------------------------------

CITIZENS_IDP, STAFF_IDP = "https://giris.e-gov.az", "https://sso.azersu.az"


@pytest.fixture(scope="module")
def staff_key():
    return rsa_key()


@pytest.fixture
def two_issuers(tmp_path, old_key, staff_key):
    """The citizens' sign-in (citizens and the portals' service accounts) and the staff's, each with its own key."""
    settings = Settings(_env_file=None, data_dir=tmp_path, jwt_audience=AUDIENCE, jwt_issuers=[
        {"issuer": CITIZENS_IDP, "public_keys": [str(pem_file(tmp_path, old_key, "citizens.pem"))],
         "roles": ["citizen", "portal"]},
        {"issuer": STAFF_IDP, "public_keys": [str(pem_file(tmp_path, staff_key, "staff.pem"))],
         "roles": ["employee", "supervisor", "auditor", "operator"]}])
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        yield client
    services.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_each_issuer_opens_what_its_roles_open(two_issuers, old_key, staff_key):
    citizen = signed(old_key, iss=CITIZENS_IDP)
    employee = signed(staff_key, iss=STAFF_IDP, **DEVELOPMENT_IDENTITIES["employee"], role="employee")
    assert two_issuers.get("/v1/applications", headers=bearer(citizen)).status_code == 200
    assert two_issuers.get("/v1/cases", headers=bearer(employee)).status_code == 200


def test_a_role_the_issuer_may_not_grant_is_refused_with_401_naming_both(two_issuers, old_key):
    """A compromised citizens' sign-in must not become back-office access."""
    employee = signed(old_key, iss=CITIZENS_IDP, **DEVELOPMENT_IDENTITIES["employee"], role="employee")
    for _ in range(2):
        detail = assert_problem(two_issuers.get("/v1/cases", headers=bearer(employee)), 401, "unauthenticated")["detail"]
        assert CITIZENS_IDP in detail and "employee" in detail


def test_a_token_is_checked_with_the_keys_of_the_issuer_it_names_only(two_issuers, old_key, staff_key):
    employee_signed_by_the_citizens_key = signed(old_key, iss=STAFF_IDP, **DEVELOPMENT_IDENTITIES["employee"],
                                                 role="employee")
    assert_problem(two_issuers.get("/v1/cases", headers=bearer(employee_signed_by_the_citizens_key)), 401,
                   "unauthenticated")
    assert_problem(two_issuers.get("/v1/cases", headers=bearer(signed(staff_key, iss="https://elsewhere.az"))), 401,
                   "unauthenticated")


def test_a_portal_cannot_forward_a_citizen_token_from_an_issuer_that_may_not_grant_citizen(two_issuers, old_key, staff_key):
    portal = signed(old_key, iss=CITIZENS_IDP, **DEVELOPMENT_IDENTITIES["portal"], role="portal")
    staff_made_citizen = signed(staff_key, iss=STAFF_IDP)
    response = two_issuers.get("/v1/applications", headers=bearer(portal) | {"X-Citizen-Token": staff_made_citizen})
    assert_problem(response, 401, "unauthenticated")
    genuine = signed(old_key, iss=CITIZENS_IDP)
    assert two_issuers.get("/v1/applications", headers=bearer(portal) | {"X-Citizen-Token": genuine}).status_code == 200


def test_the_issuers_are_read_from_one_json_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("JWT_ISSUERS", json.dumps([
        {"issuer": CITIZENS_IDP, "jwks_url": "https://giris.e-gov.az/jwks", "roles": ["citizen", "portal"],
         "audience": "azersu-e-services"}]))
    [issuer] = Settings(_env_file=None, data_dir=tmp_path).jwt_issuers
    assert (issuer.issuer, issuer.roles, issuer.audience) == (CITIZENS_IDP, ["citizen", "portal"], "azersu-e-services")


@pytest.mark.parametrize(("issuers", "complaint"), [
    ([{"issuer": CITIZENS_IDP, "roles": ["citizen"]}], "public_keys or jwks_url"),
    ([{"issuer": CITIZENS_IDP, "jwks_url": "https://giris.e-gov.az/jwks", "roles": []}], "at least 1"),
    ([{"issuer": CITIZENS_IDP, "jwks_url": "https://giris.e-gov.az/jwks", "roles": ["root"]}], "roles"),
    ([{"issuer": CITIZENS_IDP, "jwks_url": "https://a/jwks", "roles": ["citizen"]},
      {"issuer": CITIZENS_IDP, "jwks_url": "https://b/jwks", "roles": ["employee"]}], "more than once"),
])
def test_an_issuer_described_badly_is_refused_at_start_up(tmp_path, issuers, complaint):
    with pytest.raises(ValidationError, match=complaint):
        Settings(_env_file=None, data_dir=tmp_path, jwt_issuers=issuers)


def test_production_refuses_the_single_issuer_settings_that_name_no_roles(tmp_path, old_key):
    with pytest.raises(ValidationError, match="JWT_ISSUERS"):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"jwt_issuers": []},
                 jwt_public_keys=[pem_file(tmp_path, old_key)])


# --- what else production refuses to start with ---------------------------------------------------------

@pytest.mark.parametrize(("changes", "named"), [
    ({"smtp_host": None}, "SMTP_HOST"),
    ({"sms_gateway_url": None}, "SMS_GATEWAY_URL"),
    ({"smtp_password": "hunter2", "smtp_starttls": False}, "SMTP_PASSWORD"),
    ({"sms_gateway_url": "http://sms.azersu.az/send", "sms_gateway_token": "t0ken"}, "SMS_GATEWAY_TOKEN"),
    ({"sms_gateway_url": "HTTP://sms.azersu.az/send", "sms_gateway_password": "secret"}, "SMS_GATEWAY_PASSWORD"),
], ids=["no SMTP host", "no SMS gateway", "SMTP password in clear", "SMS token over http", "SMS password over http"])
def test_production_refuses_to_start_with_messages_or_credentials_that_would_not_be_protected(tmp_path, changes, named):
    with pytest.raises(ValidationError, match=named):
        Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | changes)


def test_production_takes_credentials_protected_on_the_way(tmp_path):
    assert Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {
        "smtp_password": "hunter2", "smtp_starttls": True, "sms_gateway_token": "t0ken"})
    assert Settings(_env_file=None, data_dir=tmp_path, **PRODUCTION | {"sms_gateway_url": "http://sms.internal/send"})


def test_outside_production_messages_may_still_go_to_files(tmp_path):
    assert Settings(_env_file=None, data_dir=tmp_path).smtp_host is None
