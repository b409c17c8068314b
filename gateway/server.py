"""The HTTP service as it is started: `python -m gateway.server [--host H] [--port P]`.

uvicorn alone bounds only the idle time of a keep-alive connection. A client that sends its request head
one byte every few seconds, or a body that never ends, would hold a connection (and, past the concurrency
cap, the whole process) as long as it likes. This launcher starts uvicorn with, from the settings:

- a deadline for the request head, from the connection's opening or the previous response;
- a deadline for the body, from the end of the head: a request still arriving then is answered 408
  (unless its answer has started already) and the connection closed;
- the keep-alive timeout, the cap on connections and requests at once (503 beyond it) and the backlog.

One process per core, not `--workers`: uvicorn's own supervisor binds a socket that loses TCP_NODELAY
(README, "Running with Postgres and Kafka"); a single server binds its socket through asyncio, which keeps it.
"""

from __future__ import annotations

import argparse
import asyncio
import json

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from gateway.settings import Settings

APP = "gateway.main:app"
HEAD, BODY = "head", "body"


def request_timeout_response(seconds: float) -> bytes:
    body = json.dumps({"type": "https://problems.azersu.az/request-timeout", "title": "Request timeout",
                       "status": 408, "detail": f"The request did not arrive within {seconds:g} s."}).encode()
    return (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/problem+json\r\nconnection: close\r\n"
            b"content-length: %d\r\n\r\n%s" % (len(body), body))


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, with a deadline for each request's head and another for its body."""

    head_seconds: float = 10.0
    body_seconds: float = 60.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._awaiting: str | None = None
        self._deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._follow_state()

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_deadline(None)
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        self._follow_state()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow_state()

    def _follow_state(self) -> None:
        """A deadline starts when the client's side enters a state, not on every byte it sends."""
        state = self.conn.their_state
        awaiting = HEAD if state is h11.IDLE else BODY if state is h11.SEND_BODY else None
        if awaiting != self._awaiting and not self.transport.is_closing():
            self._set_deadline(awaiting)

    def _set_deadline(self, awaiting: str | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._awaiting, self._deadline = awaiting, None
        if awaiting is not None:
            seconds = self.head_seconds if awaiting == HEAD else self.body_seconds
            self._deadline = self.loop.call_later(seconds, self._expired, awaiting, seconds)

    def _expired(self, awaiting: str, seconds: float) -> None:
        if self.transport.is_closing():
            return
        answering = awaiting == BODY and self.cycle is not None and self.cycle.response_started
        if not answering:  # a half-written answer is not followed by another one
            self.transport.write(request_timeout_response(seconds))
        self.logger.info("request_deadline_passed: %s of %s s", awaiting, seconds)
        self.transport.close()


def protocol_with(head_seconds: float, body_seconds: float) -> type[DeadlineProtocol]:
    return type("ConfiguredDeadlineProtocol", (DeadlineProtocol,),
                {"head_seconds": head_seconds, "body_seconds": body_seconds})


def config(settings: Settings, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        APP, factory=True, host=host, port=port, access_log=False,  # gateway.logs writes one line per request
        http=protocol_with(settings.server_head_timeout_seconds, settings.server_body_timeout_seconds),
        # uvicorn annotates it int, but only hands it to loop.call_later, which takes seconds as a float
        timeout_keep_alive=settings.server_keep_alive_seconds,  # type: ignore[arg-type]
        limit_concurrency=settings.server_max_concurrency,
        backlog=settings.server_backlog)


def main(argv: list[str] | None = None) -> None:
    settings = Settings()
    parser = argparse.ArgumentParser(prog="python -m gateway.server", description="Serves the HTTP API.")
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on (0.0.0.0: every interface)")
    parser.add_argument("--port", type=int, default=settings.port)
    arguments = parser.parse_args(argv)
    uvicorn.Server(config(settings, arguments.host, arguments.port)).run()


if __name__ == "__main__":
    main()
