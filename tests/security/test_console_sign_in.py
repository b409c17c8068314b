"""The console's production sign-in: OpenID Connect's authorization code with PKCE, against a provider on
loopback that issues real signed tokens (tests/openid_provider.py); roles by JWT_ISSUERS, as on the API."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.identity import development_private_key
from gateway.settings import Settings
from tests.openid_provider import OpenIdProvider
from tests.samples import TECHNICAL_CONDITIONS, address_document

CONSOLE = "https://testserver"
STAFF_ROLES = ["employee", "supervisor", "auditor"]  # this provider may not grant the operator's role


@pytest.fixture
def provider() -> Iterator[OpenIdProvider]:
    with OpenIdProvider(f"{CONSOLE}/console/auth/callback") as running:
        yield running


def settings_for(tmp_path, provider: OpenIdProvider, jwks: str | None = None, **more) -> Settings:
    citizens = tmp_path / "citizens.pem"  # the citizens' issuer, granting only the citizen's role
    citizens.write_bytes(development_private_key(tmp_path / "citizens-key.pem").public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return Settings(_env_file=None, data_dir=tmp_path, database_url=None, console_oidc_issuer=provider.issuer,
                    console_oidc_redirect_uri=f"{CONSOLE}/console/auth/callback", console_session_secret="k" * 40,
                    jwt_issuers=[{"issuer": provider.issuer, "jwks_url": jwks or provider.jwks_url, "roles": STAFF_ROLES},
                                 {"issuer": "azersu-dev", "public_keys": [citizens], "roles": ["citizen"]}], **more)


@pytest.fixture
def browser(tmp_path, provider) -> Iterator[TestClient]:
    settings = settings_for(tmp_path, provider)
    services = bootstrap(settings)
    with TestClient(create_app(settings, services), base_url=CONSOLE) as client:
        yield client
    services.close()


def through_the_provider(browser: TestClient) -> tuple[httpx.Response, str]:
    """The browser's way: the console sends it to the provider, the provider back with a code."""
    start = browser.get("/console/auth/start", follow_redirects=False)
    assert start.status_code == 303 and "code_challenge_method=S256" in start.headers["location"]
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302, back.text
    return browser.get(back.headers["location"]), back.headers["location"]


def test_a_staff_member_signs_in_at_the_provider_and_acts_as_themselves(browser, provider):
    provider.sign_in_as("employee", sub="staff-7", name="Aysel Quliyeva", unit="BIN")
    answer, _ = through_the_provider(browser)
    assert answer.status_code == 200 and 'http-equiv="refresh"' in answer.text
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("azersu_console="))
    assert "httponly" in cookie.lower() and "secure" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert provider.token_requests[-1]["code_verifier"]  # PKCE: the provider checked the verifier against its challenge
    queue = browser.get("/console/cases")
    assert queue.status_code == 200 and "BIN bölməsinin müraciətləri" in queue.text and "Aysel Quliyeva" in queue.text


def test_a_role_the_provider_may_not_grant_opens_nothing(browser, provider):
    provider.sign_in_as("operator", sub="ops-9", name="Nicat")
    answer, _ = through_the_provider(browser)
    assert answer.status_code == 403 and "may not grant the role &#39;operator&#39;" in answer.text
    assert not [c for c in answer.headers.get_list("set-cookie") if c.startswith("azersu_console=")]
    assert browser.get("/console/deliveries", follow_redirects=False).status_code == 303  # still signed out


def test_a_code_is_taken_once_and_only_by_the_browser_that_asked_for_it(browser, provider, tmp_path):
    provider.sign_in_as("auditor", sub="aud-5", name="Daxili nəzarət")
    signed_in, callback = through_the_provider(browser)
    assert signed_in.status_code == 200
    assert browser.get(callback).status_code == 401  # the same code again: the provider refuses it
    stranger = TestClient(browser.app, base_url=CONSOLE)
    assert stranger.get(callback).status_code == 401  # no sign-in was started in that browser
    forged = re.sub(r"state=[^&]+", "state=forged", callback)
    assert browser.get(forged).status_code == 401


def test_signing_out_ends_the_session(browser, provider):
    provider.sign_in_as("supervisor", sub="sup-3", name="Elnur")
    through_the_provider(browser)
    page = browser.get("/console/cases")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    answer = browser.post("/console/sign-out", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/console/sign-in?signed_out=1"
    assert 'azersu_console=""' in answer.headers["set-cookie"] or "Max-Age=0" in answer.headers["set-cookie"]
    assert browser.get("/console/cases", follow_redirects=False).status_code == 303


def test_a_copy_of_the_session_cookie_is_refused_once_its_owner_signs_out(browser, provider):
    provider.sign_in_as("auditor", sub="aud-8", name="Gülnar")
    through_the_provider(browser)
    copied = browser.cookies.get("azersu_console")
    thief = TestClient(browser.app, base_url=CONSOLE, cookies={"azersu_console": copied})
    assert thief.get("/console/audit").status_code == 200  # the copy works while the session lasts
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/console/audit").text).group(1)
    assert browser.post("/console/sign-out", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    refused = thief.get("/console/audit", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/console/sign-in")
    assert thief.post("/console/sign-out", data={"csrf": csrf}).status_code == 401  # nor can it post a form


def test_an_action_records_the_staff_member_the_provider_signed_in(browser, provider, tmp_path):
    citizen = {"Authorization": "Bearer " + _citizen_token(tmp_path)}
    case = browser.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                        headers=citizen).json()
    provider.sign_in_as("employee", sub="staff-7", name="Aysel Quliyeva", unit="BIN")
    through_the_provider(browser)
    page = browser.get(f"/console/cases/{case['id']}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    browser.post(f"/console/cases/{case['id']}/route", data={"csrf": csrf, "version": "1", "unit": "TSS"})
    services = browser.app.state.services
    routed = services.auditor.history(services.auditor.resolve(case["number"])).events[-1]
    assert (routed.type, routed.actor_subject, routed.actor_name, routed.actor_unit) == ("Routed", "staff-7", "Aysel Quliyeva", "BIN")


def test_production_refuses_the_development_sign_in(tmp_path, provider):
    jwks = tmp_path / "staff-jwks.json"  # production reads keys over https or from a file
    jwks.write_text(json.dumps(provider.jwks()))
    settings = settings_for(tmp_path, provider, str(jwks), environment="production", application_id_secret="s" * 40,
                            smtp_host="smtp.azersu.az", sms_gateway_url="https://sms.azersu.az/send")
    services = bootstrap(settings)
    with TestClient(create_app(settings, services), base_url=CONSOLE) as browser:
        form = browser.get("/console/sign-in")
        assert "İnkişaf mühiti" not in form.text and "/console/auth/start" in form.text
        browser.cookies.set("azersu_console_form", "x", path="/console")
        answer = browser.post("/console/sign-in", data={"csrf": "x", "role": "supervisor"})
        assert answer.status_code == 403 and not answer.headers.get("set-cookie")
    services.close()


def test_production_console_sign_in_needs_a_shared_session_secret(tmp_path, provider):
    with pytest.raises(ValueError, match="CONSOLE_SESSION_SECRET"):
        Settings(_env_file=None, data_dir=tmp_path, environment="production", application_id_secret="s" * 40,
                 smtp_host="smtp.azersu.az", sms_gateway_url="https://sms.azersu.az/send", console_oidc_issuer=provider.issuer,
                 jwt_issuers=[{"issuer": provider.issuer, "jwks_url": str(tmp_path / "jwks.json"), "roles": STAFF_ROLES}])


def _citizen_token(tmp_path) -> str:
    from gateway.identity import issue_development_token
    return issue_development_token(development_private_key(tmp_path / "citizens-key.pem"), "azersu-dev", "azersu-cases", "citizen")


def test_a_session_from_the_provider_ends_when_its_time_is_up(browser, provider):
    provider.sign_in_as("auditor", sub="aud-5", name="Daxili nəzarət")
    through_the_provider(browser)
    assert browser.get("/console/audit").status_code == 200
    sessions = browser.app.state.console_sessions
    value = sessions.sessions.loads(browser.cookies.get("azersu_console"))

    class SignedLongAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - sessions.lifetime_seconds - 1

    expired = URLSafeTimedSerializer("k" * 40, salt="console-session", signer=SignedLongAgo).dumps(value)
    browser.cookies.clear()
    browser.cookies.set("azersu_console", expired, path="/console")
    answer = browser.get("/console/audit", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/sign-in")
