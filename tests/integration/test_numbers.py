"""The register of application numbers has no holes, on SQLite and on Postgres alike.

A number is reserved in the transaction that records its `Submitted` event: a submission that is
not recorded (a losing retry, a conflicting batch member) spends nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

from gateway.bootstrap import bootstrap
from schemas.commands import RouteCommand, SubmitMeterInstallationCommand
from tests.integration.test_contracts import CITIZEN, EMPLOYEE, METER_COMMAND, submit_meter

RETRIES = 8


def numbers_of(services) -> list[str]:
    return sorted(view["number"] for view in services.database.fetch("SELECT number FROM application_view"))


def test_concurrent_retries_with_one_key_make_one_application_and_spend_one_number(services):
    barrier = threading.Barrier(RETRIES)

    def retry(_: int):
        barrier.wait()  # all at once, so that they meet in the writer's batches
        return services.registry.submit_meter_installation(METER_COMMAND, CITIZEN, "portal-key-1")

    with ThreadPoolExecutor(max_workers=RETRIES) as pool:
        submissions = list(pool.map(retry, range(RETRIES)))

    assert {s.application.number for s in submissions} == {"SQ-2026-000001"}
    assert sorted(s.replayed for s in submissions) == [False] + [True] * (RETRIES - 1)
    assert submit_meter(services.registry).number == "SQ-2026-000002"
    assert numbers_of(services) == ["SQ-2026-000001", "SQ-2026-000002"]


def test_a_retry_that_meets_the_first_submission_in_one_batch_spends_no_number(services):
    first = services.registry.submit_meter_installation(METER_COMMAND, CITIZEN, "portal-key-2").application
    other_key = SubmitMeterInstallationCommand(**(METER_COMMAND.model_dump() | {"description": "başqa"}))
    rounds = [lambda: services.registry.submit_meter_installation(METER_COMMAND, CITIZEN, "portal-key-3"),
              lambda: services.registry.submit_meter_installation(METER_COMMAND, CITIZEN, "portal-key-3"),
              lambda: services.registry.submit_meter_installation(other_key, CITIZEN),
              lambda: services.registry.route(first.id, RouteCommand(unit="BIN"), EMPLOYEE, 1),
              lambda: services.registry.route(first.id, RouteCommand(unit="BIN"), EMPLOYEE, 1)]
    barrier = threading.Barrier(len(rounds))

    def at_once(work):
        barrier.wait()
        return _outcome(work)

    with ThreadPoolExecutor(max_workers=len(rounds)) as pool:
        list(pool.map(at_once, rounds))

    assert numbers_of(services) == ["SQ-2026-000001", "SQ-2026-000002", "SQ-2026-000003"]
    assert submit_meter(services.registry).number == "SQ-2026-000004"


def _outcome(work):
    try:
        return work()
    except Exception as refused:  # the stale route is refused; what matters here is the numbers
        return refused


def test_an_embedded_install_continues_its_series_after_the_counters_move_beside_the_events(sqlite_settings, clock):
    sqlite_settings.data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(sqlite_settings.data_dir / "service.sqlite") as old:  # as an earlier version left it
        old.execute("CREATE TABLE number_series (series TEXT PRIMARY KEY, last BIGINT NOT NULL)")
        old.execute("INSERT INTO number_series VALUES ('SQ-2026', 41)")
    for expected in ("SQ-2026-000042", "SQ-2026-000043"):  # a second start-up must not move it again
        services = bootstrap(sqlite_settings, clock=clock)
        try:
            assert submit_meter(services.registry).number == expected
        finally:
            services.close()
