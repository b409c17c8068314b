"""Postgres out of reach: 503 problem+json within a second, nothing half-written, and back by itself.

The service talks to the machine's Postgres through a TCP proxy the test cuts (connections reset, as when
the server's host is gone) or silences (connections held open with nothing passing, as when the server or
the network hangs). The machine's Postgres itself is never stopped.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlparse

import psycopg
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.settings import Settings
from tests.conftest import empty_tables, signed_in_with
from tests.fakes import FixedClock
from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document
from tests.security.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres
WITHIN = 1.0


@pytest.fixture
def proxy(postgres_url) -> Iterator[TcpProxy]:
    target = urlparse(postgres_url)
    running = TcpProxy((target.hostname, target.port or 5432))
    yield running
    running.close()


@pytest.fixture
def service(postgres_url, proxy, tmp_path) -> Iterator[tuple]:
    empty_tables(postgres_url)
    through_proxy = postgres_url.replace(f"{urlparse(postgres_url).hostname}:{urlparse(postgres_url).port or 5432}",
                                         f"127.0.0.1:{proxy.port}")
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=through_proxy, db_pool_size=4)
    services = bootstrap(settings, clock=FixedClock())
    with TestClient(create_app(settings, services)) as client:
        yield client, settings, services
    proxy.restore()
    services.close()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def assert_unavailable_at_once(response, elapsed: float) -> None:
    assert elapsed < WITHIN, f"answered after {elapsed:.2f} s"
    assert_problem(response, 503, "database-unavailable")
    assert response.headers["Retry-After"] == "1"


def wait_until_served(client, headers, limit: float = 10.0) -> float:
    """How long the service took to answer normally again, without being restarted."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if client.get("/v1/applications", headers=headers).status_code == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"still not serving {limit} s after the database came back")


def wait_until_settled(client, limit: float = 20.0) -> None:
    """Until the work of every request answered 503 has ended, one way or the other."""
    deadline = time.monotonic() + limit
    while client.app.state.database_watch.given_up:
        assert time.monotonic() < deadline, "requests given up on are still running"
        time.sleep(0.1)


def assert_nothing_half_written(services) -> list[str]:
    """Every application in the event store is whole: its view row at the same version, and its documents."""
    services.views.catch_up()
    with psycopg.connect(services.settings.database_url) as connection:
        ids = [str(r[0]) for r in connection.execute("SELECT DISTINCT originator_id FROM caseregistry_events")]
    for application_id in ids:
        application = services.registry.repository.get(uuid.UUID(application_id))
        view = services.views.get(application_id)
        assert view is not None and view.version == application.version, application_id
        for document in application.documents:
            assert services.registry.documents.get(document["sha256"]) is not None, document
    return ids


def test_while_postgres_is_cut_off_every_request_that_needs_it_answers_503_within_a_second(service, proxy):
    client, settings, services = service
    token = signed_in_with(settings)
    citizen, employee = token("citizen"), token("employee")
    first = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=citizen).json()

    proxy.cut()
    meter_key, technical_key = citizen | {"Idempotency-Key": "outage-1"}, citizen | {"Idempotency-Key": "outage-2"}
    calls = [
        lambda: client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=meter_key),
        lambda: client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                            headers=technical_key),
        lambda: client.get("/v1/applications", headers=citizen),
        lambda: client.get(f"/v1/applications/{first['id']}", headers=citizen),
        lambda: client.post(f"/v1/cases/{first['id']}/notes", json={"text": "Yoxlanılır"}, headers=employee),
        lambda: client.get("/v1/cases", headers=employee),
    ]
    for call in calls:
        assert_unavailable_at_once(*timed(call))
    readiness, elapsed = timed(lambda: client.get("/readyz"))
    assert readiness.status_code == 503 and elapsed < WITHIN
    assert client.get("/healthz").status_code == 200  # the process itself is fine
    assert client.get("/v1/reference/districts").status_code == 200  # and so is what needs no database

    proxy.restore()
    assert wait_until_served(client, citizen) < 5
    assert client.get("/readyz").status_code == 200
    wait_until_settled(client)
    retried = [client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=meter_key),
               client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                           headers=technical_key)]
    assert all(r.status_code in (200, 201) for r in retried), [r.text for r in retried]
    stored = assert_nothing_half_written(services)
    assert sorted(stored) == sorted([first["id"], *(r.json()["id"] for r in retried)])  # each submission exactly once
    assert client.get("/v1/applications", headers=citizen).json()["count"] == 3


def test_when_postgres_stops_answering_requests_answer_503_within_a_second_and_the_service_comes_back(service, proxy):
    client, settings, services = service
    citizen = signed_in_with(settings)("citizen")
    assert client.get("/v1/applications", headers=citizen).status_code == 200

    proxy.silence()
    keyed = citizen | {"Idempotency-Key": "hang-1"}
    for call in (lambda: client.get("/v1/applications", headers=citizen),
                 lambda: client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=keyed),
                 lambda: client.get("/v1/applications", headers=citizen)):
        assert_unavailable_at_once(*timed(call))

    proxy.restore()
    assert wait_until_served(client, citizen) < 8
    wait_until_settled(client)
    retried = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=keyed)
    assert retried.status_code in (200, 201), retried.text
    assert assert_nothing_half_written(services) == [retried.json()["id"]]


def test_while_postgres_is_cut_off_a_console_page_says_so_within_a_second(service, proxy):
    client, settings, services = service
    browser = TestClient(client.app, base_url="https://testserver")  # the console's cookies are Secure
    form = browser.get("/console/sign-in").text
    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert browser.post("/console/sign-in", data={"csrf": csrf, "role": "employee", "unit": "BIN"}).status_code == 200

    proxy.cut()
    for _ in range(2):  # the first request notices, the next is answered at once by the guard
        page, elapsed = timed(lambda: browser.get("/console/cases"))
        assert elapsed < WITHIN and page.status_code == 503 and page.headers["Retry-After"] == "1"
        assert page.headers["content-type"].startswith("text/html") and "Xidmət müvəqqəti əlçatmazdır" in page.text
    proxy.restore()
    assert wait_until_served(client, signed_in_with(settings)("citizen")) < 5
    assert browser.get("/console/cases").status_code == 200
