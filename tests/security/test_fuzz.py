"""A property-based fuzz of the whole HTTP API from its own OpenAPI document (schemathesis).

Every operation of /openapi.json is called in-process (ASGI) on the embedded SQLite default with requests
generated from its documented parameters and bodies, valid and invalid, by a caller whose role the
authorisation table admits (so the fuzz reaches past the gate), with path ids that sometimes name a real
application. Each answer must be no 5xx, and must match what the document says of it: its status, its
content type, its headers and its body's schema.

FUZZ_EXAMPLES bounds the examples per operation (default 120: about a minute on two cores); the run
prints how many requests were made and how they were answered. FUZZ_DATABASE_URL runs it on Postgres
instead (by hand: CI runs it on SQLite, and the backends share every route).
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.app import create_app
from gateway.authorization import RULES, key
from gateway.bootstrap import bootstrap
from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.fakes import FixedClock
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
PREFERRED_ROLE = ("citizen", "employee", "auditor", "operator", "supervisor", "portal")
ANSWERS: Counter = Counter()


def _world(tmp) -> tuple:
    # The rate limits and quotas are tested on their own (test_rate_limits.py, test_quotas.py); here they would
    # only hide the routes.
    app_settings = Settings(_env_file=None, data_dir=tmp, database_url=os.environ.get("FUZZ_DATABASE_URL"),
                            rate_limit_submissions_per_citizen=1_000_000, rate_limit_submissions_per_portal=1_000_000,
                            rate_limit_lookups_per_citizen=1_000_000, max_open_applications_per_kind=1_000_000,
                            max_document_bytes_per_citizen_day=2**40)
    services = bootstrap(app_settings, clock=FixedClock())
    app = create_app(app_settings, services)
    app.state.services = services  # schemathesis calls the app without running its lifespan
    return app, services, signed_in_with(app_settings)


APP, SERVICES, TOKEN = _world(__import__("tempfile").mkdtemp(prefix="fuzz-"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
# A bounce is a raw mail message: any bytes, as a stranger could post them.
for bounce_type in ("message/rfc822", "message/delivery-status"):
    schemathesis.openapi.media_type(bounce_type, st.binary(max_size=4096))


@pytest.fixture(scope="module", autouse=True)
def seeded(request):
    """Two real applications, so generated ids sometimes find something; and a report of the answers."""
    from fastapi.testclient import TestClient

    client = TestClient(APP)
    citizen = TOKEN("citizen")
    ids = [client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                       headers=citizen).json()["id"],
           client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=citizen).json()["id"]]
    KNOWN_IDS.extend(ids)
    yield ids
    request.config.fuzz_summary = (f"fuzz: {sum(ANSWERS.values())} requests, up to {EXAMPLES} examples per operation; "
                                   f"answers by status: {dict(sorted(ANSWERS.items()))}")  # printed by conftest.py
    SERVICES.close()


KNOWN_IDS: list[str] = []


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the time, an application id in the path is one that exists."""
    for name in ("application_id", "application"):
        if isinstance(path_parameters, dict) and name in path_parameters and KNOWN_IDS:
            return st.sampled_from([path_parameters, path_parameters | {name: KNOWN_IDS[0]},
                                    path_parameters | {name: KNOWN_IDS[-1]}])
    return st.just(path_parameters)


def caller_for(method: str, path: str) -> dict[str, str]:
    access = RULES[key(method, path)]
    role = next((r for r in PREFERRED_ROLE if r in access.roles), None)
    if role is None:
        return {}
    headers = TOKEN(role)
    if role == "portal":
        headers |= {"X-Citizen-Token": TOKEN("citizen")["Authorization"].removeprefix("Bearer ")}
    return headers


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_always_answers_as_documented(case):
    headers = dict(case.headers or {}) | caller_for(case.operation.method, case.operation.path)
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    ANSWERS[response.status_code] += 1
