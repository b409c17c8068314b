"""Item 7: an auditor's full history and state-as-of of one application with 50 events.

Over HTTP when the service has its audit routes (GET /v1/audit/applications/{id}/history and
/state?as_of=…, looked up in its OpenAPI document). Without them, the same work is timed in-process
(the event store read, eventlog.decoding.history, and the projector's rendering) and the rows say PROVISIONAL.
"""

from __future__ import annotations

import time
from datetime import datetime
from urllib.parse import quote
from uuid import UUID

import httpx

from bench.lag import percentile
from bench.load import Measurement, Target

HISTORY = "/v1/audit/applications/{application}/history"
STATE = "/v1/audit/applications/{application}/state"


def measure_audit(bench, application_id: UUID) -> list[Measurement]:
    with bench.server("service-audit", "gateway.main:app") as service:
        paths = httpx.get(f"{service.url}/openapi.json", timeout=10).json().get("paths", {})
        if HISTORY in paths and STATE in paths:
            return over_http(bench, service.url, application_id)
    return in_process(bench, application_id)


def middle_moment(bench, application_id: UUID) -> str:
    """The time of the application's middle event: the state as of then has half its history."""
    from eventlog.decoding import history

    events = history(bench.services.registry, application_id)
    return events[len(events) // 2 - 1].time.isoformat()


def over_http(bench, url: str, application_id: UUID) -> list[Measurement]:
    token = bench.bearer("auditor")
    n = bench.config.audit_events
    history = HISTORY.format(application=application_id)
    state = STATE.format(application=application_id) + "?as_of=" + quote(middle_moment(bench, application_id))
    out = []
    for name, path in ((f"auditor: full history of an application with {n} events", history),
                       (f"auditor: state as of a moment (after event {n // 2} of {n})", state)):
        bench.preflight(url, path, None, "", token)
        route = path.split("?")[0].replace(str(application_id), "{id}")
        out.append(bench.load.measure(name, url, [Target("GET", path, token)], note=f"GET {route}"))
    return out


def in_process(bench, application_id: UUID) -> list[Measurement]:
    from eventlog.decoding import history

    services = bench.services
    events = bench.config.audit_events

    def full_history():
        return [e.model_dump(mode="json") for e in history(services.registry, application_id)]

    moment = datetime.fromisoformat(middle_moment(bench, application_id))

    def state_as_of():
        return services.views.projector.render([e for e in history(services.registry, application_id) if e.time <= moment])

    return [_timed(f"auditor: full history of an application with {events} events — PROVISIONAL, in-process", full_history,
                   bench.config.audit_seconds),
            _timed(f"auditor: state as of a moment (after event {events // 2} of {events}) — PROVISIONAL, in-process", state_as_of,
                   bench.config.audit_seconds)]


def _timed(name: str, work, seconds: float) -> Measurement:
    latencies = []
    until = time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < until:
        t = time.perf_counter()
        work()
        latencies.append((time.perf_counter() - t) * 1000)
    elapsed = time.monotonic() - started
    return Measurement(name, len(latencies) / elapsed, percentile(latencies, 50), percentile(latencies, 95),
                       percentile(latencies, 99), requests=len(latencies), tool="one thread, in the harness process",
                       note="no audit routes in the service yet: eventlog.decoding.history + CaseProjector.render, no HTTP")
