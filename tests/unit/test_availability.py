"""The database watch: which errors mean "the database is gone", and how it learns it is back."""

from __future__ import annotations

import asyncio
import threading
import time

import psycopg
import pytest
from eventsourcing import persistence
from psycopg import errors
from psycopg_pool import PoolTimeout

from gateway.availability import DatabaseWatch, is_connection_lost


def wrapped(error: Exception) -> Exception:
    """As the event store raises it: its own error, caused by the driver's."""
    try:
        raise persistence.OperationalError(str(error)) from error
    except persistence.OperationalError as raised:
        return raised


@pytest.mark.parametrize("error", [psycopg.OperationalError("connection refused"), psycopg.InterfaceError("closed"),
                                   wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))],
                         ids=["refused", "closed", "through-the-event-store"])
def test_connection_failures_mean_the_database_is_gone(error):
    assert is_connection_lost(error)


@pytest.mark.parametrize("error", [PoolTimeout("busy"), errors.LockNotAvailable("lock"), errors.QueryCanceled("cancel"),
                                   ValueError("not a database error")],
                         ids=["busy-pool", "lock-timeout", "cancelled", "other"])
def test_a_busy_or_locked_database_is_not_taken_for_a_gone_one(error):
    assert not is_connection_lost(error)


class Probe:
    def __init__(self):
        self.answer = threading.Event()
        self.hang = False

    def __call__(self):
        if self.hang:
            time.sleep(1)
        if not self.answer.is_set():
            raise psycopg.OperationalError("no answer")


def test_a_database_that_does_not_answer_in_time_is_taken_as_down_and_recovery_is_noticed():
    probe, recovered = Probe(), threading.Event()
    watch = DatabaseWatch(probe, wait_seconds=0.8, recovery_interval=0.05, on_recovery=recovered.set)
    probe.hang = True
    started = time.monotonic()
    assert asyncio.run(watch.answers()) is False
    assert time.monotonic() - started < 0.8
    assert watch.down
    probe.hang = False
    probe.answer.set()
    assert recovered.wait(5)
    deadline = time.monotonic() + 5
    while watch.down and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not watch.down
    assert asyncio.run(watch.answers()) is True
    watch.close()


def test_concurrent_doubts_share_one_probe():
    calls = []

    def probe():
        calls.append(1)
        time.sleep(0.1)

    watch = DatabaseWatch(probe, wait_seconds=0.8)

    async def many():
        return await asyncio.gather(*(watch.answers() for _ in range(20)))

    assert all(asyncio.run(many()))
    assert len(calls) == 1
    watch.close()


def test_a_request_answered_lately_spares_a_slow_machine_the_probe():
    def probe():
        time.sleep(1)  # a fresh connection on a machine busy with load: slower than the probe may wait
        raise AssertionError("not asked")

    watch = DatabaseWatch(probe, wait_seconds=0.8)
    watch.saw_an_answer()
    assert asyncio.run(watch.answers()) is True
    assert not watch.down
    watch.close()


def test_the_watch_never_imports_the_problems_that_read_it():
    """gateway.problems reads the watch's errors; the guard is given its 503 where the app is wired, so no
    import of gateway.problems is left in gateway.availability, not even one deferred into a function."""
    import ast
    import inspect

    import gateway.availability

    tree = ast.parse(inspect.getsource(gateway.availability))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "gateway.problems" not in imported


def test_the_guard_answers_with_the_503_it_was_given():
    from starlette.responses import PlainTextResponse

    from gateway.availability import DatabaseGuard

    watch = DatabaseWatch(probe=lambda: None, wait_seconds=0.8)
    watch.down = True
    guard = DatabaseGuard(app=None, watch=watch, unavailable=lambda request: PlainTextResponse("away", status_code=503))
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/v1/cases", "method": "GET", "headers": [], "query_string": b""}
    asyncio.run(guard(scope, receive, send))
    assert sent[0]["status"] == 503 and sent[1]["body"] == b"away"
