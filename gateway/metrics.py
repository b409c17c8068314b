"""The service's and the workers' figures, for Prometheus (prometheus-client).

Two kinds of figure, kept apart on purpose:

- **Counted by each process** (HTTP requests, commands, events published): a service runs one process
  per core, so these must add up across the processes of a host. With `PROMETHEUS_MULTIPROC_DIR` set
  (the library's own variable, read when it is imported; a folder the host's processes share, emptied
  before they start) any process's `/metrics` answers for all of them, through the library's
  multiprocess collector. Without it (one process: `make run`, a test) the process answers for itself.
- **Read from the database at scrape time** (relay lag, the views' and notices' lag on the embedded
  default, the delivery ledger): one truth for the whole installation, the same whichever process is
  asked, so nothing is summed; dashboards take `max` across targets.

Route labels are path templates (`/v1/cases/{application_id}`), and any path no route matches is
`unmatched`: a caller spraying random paths cannot grow the series without bound.
"""

from __future__ import annotations

import hmac
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import structlog
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import ThreadingWSGIServer
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

log = structlog.get_logger()

MULTIPROCESS = "PROMETHEUS_MULTIPROC_DIR" in os.environ
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

HTTP_REQUESTS = Counter("azersu_http_requests_total", "HTTP requests answered, by route template and status",
                        ["method", "route", "status"])
HTTP_DURATION = Histogram("azersu_http_request_duration_seconds", "Time to answer an HTTP request, by route template",
                          ["method", "route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
COMMANDS = Counter("azersu_commands_total",
                   "Commands (POST/PUT/PATCH/DELETE), by the route's handler and outcome: recorded, refused (a 4xx, "
                   "with its problem type as the reason) or failed (5xx)", ["command", "outcome", "reason"])
PUBLISHED = Counter("azersu_relay_published_events_total", "Events the relay published to the topic and the broker acknowledged")


class HttpMetrics:
    """ASGI middleware: each answer counted by route template, status and duration; each command by outcome."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, answered = time.perf_counter(), {"status": 500}

        async def noting_status(message: dict) -> None:
            if message["type"] == "http.response.start":
                answered["status"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            record_request(scope, answered["status"], time.perf_counter() - started)


def record_request(scope: dict, status: int, seconds: float) -> None:
    route = getattr(scope.get("route"), "path_format", None) or "unmatched"
    method = scope["method"]
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    HTTP_DURATION.labels(method, route).observe(seconds)
    endpoint = scope.get("endpoint")
    if method not in SAFE_METHODS and endpoint is not None:
        outcome = "recorded" if status < 400 else "refused" if status < 500 else "failed"
        reason = (scope.get("state") or {}).get("problem_type", "") if outcome != "recorded" else ""
        COMMANDS.labels(endpoint.__name__, outcome, reason).inc()


@dataclass(frozen=True)
class Figure:
    """One gauge read at scrape time: its name, its help, and its samples (label values → value)."""

    name: str
    help: str
    labels: tuple[str, ...]
    samples: list[tuple[tuple[str, ...], float]]


class ReadAtScrape(Collector):
    """Gauges computed when Prometheus asks, from functions that read the truth (the database, a consumer)."""

    def __init__(self, *sources: Callable[[], Iterable[Figure]]):
        self.sources = sources

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            try:
                figures = list(source())
            except Exception as error:  # noqa: BLE001 - a database away omits its figures; the scrape still answers
                log.warning("metrics_source_failed", error=f"{type(error).__name__}: {error}")
                continue
            for figure in figures:
                family = GaugeMetricFamily(figure.name, figure.help, labels=list(figure.labels))
                for labels, value in figure.samples:
                    family.add_metric(list(labels), value)
                yield family


def exposition(*sources: Callable[[], Iterable[Figure]]) -> tuple[bytes, str]:
    """The text Prometheus reads, and its content type: this host's counted figures and the read ones."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        MultiProcessCollector(registry)
    else:
        registry.register(_Everything())
    registry.register(ReadAtScrape(*sources))
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Everything(Collector):
    """The process's default registry (its counters, and the process and platform collectors)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def token_matches(given: str | None, expected: str) -> bool:
    """A scraper's bearer token, compared in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), f"Bearer {expected}".encode())


Readiness = Callable[[], tuple[bool, dict[str, Any]]]  # (ready, what to say of it)


class WorkerEndpoint:
    """A worker's own port: /metrics (as the service's), /healthz (the process answers) and /readyz (200 or
    503, with what the worker says of itself: the relay's role, a consumer's partitions and lag)."""

    def __init__(self, port: int, readiness: Readiness, *sources: Callable[[], Iterable[Figure]], host: str = "0.0.0.0"):
        self.readiness, self.sources = readiness, sources
        self.server = make_server(host, port, self._app, server_class=ThreadingWSGIServer, handler_class=_Quiet)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, name="worker-metrics", daemon=True)

    def start(self) -> WorkerEndpoint:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _app(self, environ: dict, start_response: Callable) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            body, content_type = exposition(*self.sources)
            return _answer(start_response, "200 OK", content_type, body)
        if path == "/healthz":
            return _json(start_response, True, {"status": "ok"})
        if path == "/readyz":
            ready, details = self.readiness()
            return _json(start_response, ready, {"status": "ok" if ready else "not ready", **details})
        return _answer(start_response, "404 Not Found", "text/plain", b"not found")


def _json(start_response: Callable, ready: bool, body: dict[str, Any]) -> list[bytes]:
    return _answer(start_response, "200 OK" if ready else "503 Service Unavailable", "application/json", json.dumps(body).encode())


def _answer(start_response: Callable, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        """Scrapes every few seconds would drown the worker's own log lines."""
