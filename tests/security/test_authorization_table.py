"""Every route of the OpenAPI document × every kind of caller, against the one authorisation table.

The expected answer comes from gateway.authorization.RULES: 401 without a token, 403 for a role the entry
does not name, 404 for a caller admitted by role but outside the scope of the application in the path (a
citizen's own applications, an employee's unit), and otherwise an answer past the gate: 2xx, or for a
command the refusal the body or the state earns (409/422). A route without an entry fails here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.authorization import RULES, key
from gateway.bootstrap import bootstrap
from gateway.deps import Authorized
from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.fakes import FixedClock
from tests.samples import PDF, TECHNICAL_CONDITIONS, address_document
from tests.security.conftest import OUT_OF_SCOPE, ROLE_OF, callers


def operations(app: FastAPI) -> list[tuple[str, str]]:
    return [(method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item]


def unlisted(app: FastAPI) -> list[str]:
    return [key(method, path) for method, path in operations(app) if key(method, path) not in RULES]


OPERATIONS = operations(create_app(Settings(_env_file=None)))


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[dict]:
    """One application of the default citizen, arriving at unit BIN, and a caller of every kind."""
    settings = Settings(_env_file=None, data_dir=tmp_path_factory.mktemp("walk"), database_url=None)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        submitted = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                files=address_document(), headers=signed_in_with(settings)("citizen"))
        assert submitted.status_code == 201, submitted.text
        application = submitted.json()["id"]
        endpoint = services.webhooks.register("e-gov.az", "https://portal.example.az/hooks", [], 0).id
        yield {"client": client, "callers": callers(settings), "path": {"endpoint_id": endpoint,
            "application_id": application, "application": application, "sha256": hashlib.sha256(PDF).hexdigest(),
            "event_id": f"{application}:1", "channel": "email", "code": "BIN", "district": "BIN"}}
    services.close()


# What the walk sends where a route wants more than its path: valid requests, so that a caller outside the
# scope meets the scope check and not a validation error. Routes not named here are called with no body.
PATH_OVERRIDES = {"/v1/subscribers/{code}": {"code": "1001234567"}}
BODIES = {
    "POST /v1/cases/{application_id}/route": {"json": {"unit": "BIN"}},
    "POST /v1/cases/{application_id}/executors": {"json": {"executors": [{"id": "ex-1", "name": "Orxan Nağıyev"}]}},
    "POST /v1/cases/{application_id}/notes": {"json": {"text": "Yoxlanıldı", "visible_to_applicant": False}},
    "POST /v1/cases/{application_id}/execution": {"files": {"result_document": ("netice.pdf", PDF, "application/pdf")}},
    "POST /v1/cases/{application_id}/answer": {"json": {"outcome": "refused", "reason_code": "document_insufficient"}},
    "POST /v1/cases/{application_id}/information-requests": {"json": {"question": "Sənədi əlavə edin."}},
    "POST /v1/cases/{application_id}/extensions": {"json": {"working_days": 2, "reason": "Baxış"}},
    "POST /v1/applications/{application_id}/information": {"data": {"text": "Əlavə etdim."}},
    "POST /v1/calendar/day-swaps": {"json": {"day": "2026-12-26", "working": True, "decree": "Qərar", "reason": "Səbəb"}},
    "POST /v1/webhooks": {"json": {"name": "azersu.az", "url": "https://portal.example.az/hooks"}},
    "POST /v1/webhooks/{endpoint_id}/rotate-secret": {"json": {}},
    "POST /v1/webhooks/{endpoint_id}/replay": {"json": {"from_position": 1}},
}


def expected(entry: str, caller: str, path: str) -> str:
    access = RULES[entry]
    if access.provider:
        return "401"  # no caller of ours holds the token agreed with the provider
    if access.public:
        return "open"
    if caller == "anonymous":
        return "401"
    if not access.admits(ROLE_OF[caller]):
        return "403"
    if caller in OUT_OF_SCOPE and "{application_id}" in path:
        return "404"
    return "admitted"


def outcome(status: int, method: str) -> str:
    if status in (401, 403, 404):
        return str(status)
    if status >= 500:
        return f"server error {status}"
    past_the_gate = status < 300 or status == 409 or (method == "POST" and status == 422)
    return "admitted" if past_the_gate else f"unexpected {status}"


def test_every_route_of_the_openapi_document_has_an_entry_in_the_authorisation_table():
    assert unlisted(create_app(Settings(_env_file=None))) == []
    assert len(OPERATIONS) >= 26


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_each_caller_gets_what_the_authorisation_table_says(world, method, path):
    entry = key(method, path)
    assert entry in RULES, f"{entry} has no entry in gateway/authorization.py RULES"
    url = path.format(**world["path"] | PATH_OVERRIDES.get(path, {}))
    mismatches = []
    for caller, headers in world["callers"].items():
        response = world["client"].request(method, url, headers=headers or {}, **BODIES.get(entry, {}))
        got, want = outcome(response.status_code, method), expected(entry, caller, path)
        if want == "open":
            want = got if response.status_code < 500 and response.status_code not in (401, 403) else "open"
        if got != want:
            mismatches.append(f"{caller}: expected {want}, got {response.status_code} {response.text[:160]}")
    assert mismatches == [], f"{entry}:\n" + "\n".join(mismatches)


def test_a_route_added_without_an_entry_is_reported_and_refuses_everyone(sqlite_settings):
    services = bootstrap(sqlite_settings, clock=FixedClock())
    app = create_app(sqlite_settings, services)

    @app.get("/v1/forgotten")
    def forgotten(actor: Authorized) -> dict:
        return {"secret": "should never be seen"}

    assert unlisted(app) == ["GET /v1/forgotten"]
    token = signed_in_with(sqlite_settings)
    with TestClient(app) as client:
        for role in ("citizen", "employee", "supervisor", "auditor", "operator"):
            response = client.get("/v1/forgotten", headers=token(role))
            assert response.status_code == 403, (role, response.text)
            assert "secret" not in response.text
        assert client.get("/v1/forgotten").status_code == 403
    services.close()
