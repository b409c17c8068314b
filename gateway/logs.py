"""structlog JSON logs, each line carrying the request's correlation id."""

from __future__ import annotations

import logging
import sys
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CORRELATION_HEADER = b"x-correlation-id"


SERVICE_LOGGER = "azersu"  # one logger for every line of the service; other libraries keep their own


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines through the standard library's logging, on stdout unless the host process set logging up.

    structlog's own printer writes to the stdout of the moment structlog was imported, from whatever thread:
    under pytest, lines of a background thread landed between the progress dots. Through logging, a host
    that installed its handlers (pytest's capture, a process manager's configuration) gets the lines."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        logger_factory=lambda *names: logging.getLogger(SERVICE_LOGGER),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
    service = logging.getLogger(SERVICE_LOGGER)
    service.setLevel(level)
    # As logging.basicConfig, a host's own configuration is left as it is; the handler is the service logger's
    # alone, so that a library's plain-text lines never come between the JSON ones.
    if not logging.getLogger().handlers and not service.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        service.addHandler(handler)
        service.propagate = False  # a root handler added later by the host would write each line twice


class CorrelationId:
    """Takes the caller's X-Correlation-ID (or makes one), binds it to the logs, and returns it."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.log = structlog.get_logger("gateway.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        correlation_id = _valid(dict(scope["headers"]).get(CORRELATION_HEADER)) or str(uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        structlog.contextvars.bind_contextvars(correlation_id=correlation_id)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (CORRELATION_HEADER, correlation_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            # The route's template, not the path: a path can carry a subscriber code or a typed search.
            route = getattr(scope.get("route"), "path_format", None) or scope.get("authorized_route") or "unmatched"
            self.log.info("request", method=scope["method"], route=route, status=status,
                          ms=round((time.perf_counter() - started) * 1000, 1))
            structlog.contextvars.clear_contextvars()


def _valid(raw: bytes | None) -> str | None:
    """A caller's id is kept only if it is short and printable, so it cannot forge log lines."""
    if not raw or len(raw) > 100:
        return None
    text = raw.decode("latin-1")
    return text if all(c.isalnum() or c in "-_.:" for c in text) else None
