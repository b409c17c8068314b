"""When Postgres cannot be reached: answer 503 within a second, and notice by ourselves when it is back.

A request that needs the database and has waited `suspect` seconds makes the watch ask Postgres directly,
on a fresh connection, whether it answers (a probe; concurrent requests share one) — unless another
request got its answer within the last `suspect` seconds: a busy machine is slow, not disconnected, and
under load a fresh connection can take longer than the probe may wait. If no answer comes
within `probe_timeout`, or a request failed with a connection error, the database is taken as down:
every request still waiting for it, and every new one, is answered 503 problem+json at once, without
touching the database. While it is down the watch probes every `recovery_interval`; the first answer brings
the service back, with no restart.

Nothing is half-written: an event and its notification row are recorded in one transaction, documents
are content-addressed and written before the event that names them, and a request given up on either
commits whole or not at all. But a 503 means "not done yet", not "never done": the work of a request given
up on keeps running on its thread (the event store retries its own calls for some seconds), and if the
database returns meanwhile it completes. A portal that got a 503 retries with the same Idempotency-Key and
gets the application it may, after all, have created — exactly one.

The embedded SQLite default has no server to lose, so it has no watch.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future

import psycopg
import structlog
from eventsourcing import persistence
from psycopg_pool import PoolTimeout
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.adapters.numbers import check_event_store_connections

log = structlog.get_logger()

# Routes that never touch the database: they keep answering while it is away.
DATABASE_FREE = ("/healthz", "/v1/reference/", "/openapi.json", "/docs")


class DatabaseUnavailableError(Exception):
    """The database does not answer (503)."""


def is_unreachable(error: BaseException) -> bool:
    """Errors that mean "the database cannot serve this now" (503), not "the request is wrong"."""
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError, persistence.OperationalError,
                              persistence.InterfaceError, sqlite3.OperationalError, DatabaseUnavailableError))


def is_connection_lost(error: BaseException | None) -> bool:
    """The connection itself failed (refused, reset, server shut down), as opposed to a busy pool or a lock
    timeout on a database that is there: only the former makes the watch take the database as down."""
    while error is not None:
        if isinstance(error, psycopg.InterfaceError):
            return True
        if isinstance(error, psycopg.OperationalError) and not isinstance(error, PoolTimeout):
            state = getattr(error, "sqlstate", None)
            return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")
        error = error.__cause__
    return False


def note_failure(watch: DatabaseWatch | None, error: BaseException) -> None:
    """A request failed on the database: a lost connection (not a busy pool) tells the watch it is down."""
    if watch is not None and is_connection_lost(error):
        watch.went_down(error)


class DatabaseWatch:
    """Whether the database answers, learnt from probes and from failed requests."""

    def __init__(self, probe: Callable[[], None], wait_seconds: float, recovery_interval: float = 0.25,
                 on_recovery: Callable[[], None] = lambda: None):
        self.probe = probe
        self.suspect = wait_seconds * 0.35
        self.probe_timeout = wait_seconds * 0.5
        self.recovery_interval = recovery_interval
        self.on_recovery = on_recovery
        self.down = False
        self.given_up: set[asyncio.Task] = set()  # requests answered 503 whose work is still running
        self._answered_at = 0.0
        self._probing: Future | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()

    async def answers(self) -> bool:
        """Asks the database (or trusts an answer it gave within the last `suspect` seconds)."""
        if self.down:
            return False
        if time.monotonic() - self._answered_at < self.suspect:
            return True
        try:
            # shielded: giving up waiting must not cancel the probe other requests may be waiting on
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(self._probe_once())), self.probe_timeout)
        except Exception as error:  # a timeout or any failure to connect and answer: the database is not there
            self.went_down(error)
            return False
        return True

    def saw_an_answer(self) -> None:
        """A request that needed the database was answered: it is there, no probe needed for a while."""
        self._answered_at = time.monotonic()

    def went_down(self, error: BaseException) -> None:
        with self._lock:
            if self.down or self._closed.is_set():
                return
            self.down = True
        log.warning("database_unavailable", error=type(error).__name__)
        threading.Thread(target=self._wait_for_recovery, name="database-watch", daemon=True).start()

    def close(self) -> None:
        self._closed.set()

    def _probe_once(self) -> Future:
        """One probe at a time, on a thread of its own: a probe stuck on a silent network holds nobody else."""
        with self._lock:
            if self._probing is None or self._probing.done():
                self._probing = Future()
                threading.Thread(target=self._run_probe, args=(self._probing,), name="database-probe", daemon=True).start()
            return self._probing

    def _run_probe(self, outcome: Future) -> None:
        if not outcome.set_running_or_notify_cancel():
            return
        try:
            self.probe()
        except Exception as error:  # whatever stopped the probe is the probe's answer
            outcome.set_exception(error)
        else:
            self._answered_at = time.monotonic()
            outcome.set_result(True)

    def _wait_for_recovery(self) -> None:
        while not self._closed.wait(self.recovery_interval):
            probe = self._probe_once()
            try:
                probe.result(timeout=max(self.probe_timeout, 2.5))
            except Exception:  # still away (or too slow to count as back)
                continue
            try:
                self.on_recovery()
            except Exception:  # the pools refill on their own; a failed refresh only costs a retried request
                log.exception("database_recovery_refresh_failed")
            self.down = False
            log.info("database_available_again")
            return


def postgres_probe(url: str, timeout_seconds: float) -> Callable[[], None]:
    """Connects afresh and asks for one row: the answer cannot come from a pooled connection's past."""
    connect_timeout = max(2, int(timeout_seconds + 0.999))  # libpq's minimum; the caller stops waiting sooner

    def probe() -> None:
        with psycopg.connect(url, connect_timeout=connect_timeout, autocommit=True) as connection:
            connection.execute("SELECT 1").fetchone()

    return probe


class DatabaseGuard:
    """Answers 503 for requests that need the database while it is down, or as soon as it stops answering.

    `unavailable` is that answer (gateway.problems.database_unavailable), given where the app is wired, so that
    this module, which the problems' handlers read, does not read them back."""

    def __init__(self, app: ASGIApp, watch: DatabaseWatch | None, unavailable: Callable[[Request], Response]):
        self.app = app
        self.watch = watch
        self.unavailable = unavailable

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.watch is None or scope["type"] != "http" or scope["path"].startswith(DATABASE_FREE):
            return await self.app(scope, receive, send)
        watch = self.watch
        if self.watch.down:
            return await self._answer_unavailable(scope, receive, send)
        started = abandoned = False
        body_in = not _has_body(scope)  # the wait for the database counts from when the body is in, not a slow upload

        async def receive_noting_the_end() -> Message:
            nonlocal body_in
            message = await receive()
            body_in = body_in or not message.get("more_body", False)
            return message

        async def send_unless_abandoned(message: Message) -> None:
            nonlocal started
            if not abandoned:
                # A success of a route that needs the database: it answered (a refusal may come before any query)
                if not started and message["type"] == "http.response.start" and message["status"] < 400:
                    watch.saw_an_answer()
                started = True
                await send(message)

        task = asyncio.ensure_future(self.app(scope, receive_noting_the_end, send_unless_abandoned))
        while True:
            done, _ = await asyncio.wait({task}, timeout=self.watch.suspect)
            if done or started:
                return await task
            if body_in and not await self.watch.answers() and not started:
                abandoned = True
                self.watch.given_up.add(task)  # it ends when its own timeouts (or the database's return) end it
                task.add_done_callback(self.watch.given_up.discard)
                task.add_done_callback(_forget)  # its answer goes nowhere
                return await self._answer_unavailable(scope, receive, send)

    async def _answer_unavailable(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.unavailable(Request(scope))(scope, receive, send)


def _has_body(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    return headers.get(b"content-length", b"0") not in (b"0", b"") or b"transfer-encoding" in headers


def _forget(task: asyncio.Task) -> None:
    if not task.cancelled():
        task.exception()


def database_watch(settings, services: Callable[[], object]) -> DatabaseWatch | None:
    """The watch of a Postgres-backed service; None on the embedded SQLite default."""
    if not settings.uses_postgres:
        return None
    return DatabaseWatch(postgres_probe(settings.database_url, settings.database_wait_seconds),
                         settings.database_wait_seconds, on_recovery=lambda: refresh_pools(services()))


def refresh_pools(services) -> None:
    """Drops the pooled connections that died with the database, so the first requests after it returns
    get live ones (psycopg_pool's check() tests each idle connection and replaces the broken)."""
    services.database.check_connections()
    check_event_store_connections(services.registry.recorder)
    services.reads.refresh()
