"""The service as `make run` starts it (python -m gateway.server), over real sockets: a request head or body
that dawdles and an idle keep-alive connection are closed after their deadlines, connections past the cap
are answered 503, and a normal request is served meanwhile.

The deadlines are short here (a second or two); the bounds asserted are generous, and the figures measured
are printed (pytest -s)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing

import pytest

from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.samples import METER_INSTALLATION

GENEROUS = 15.0  # seconds: far past every deadline set here, so a slow machine does not fail the test


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped during its start-up"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                if probe.recv(100).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.fixture
def launch(tmp_path) -> Iterator[Callable[..., int]]:
    """launch(**settings) -> the port of `python -m gateway.server` started with those settings."""
    started: list[subprocess.Popen] = []

    def start(**settings) -> int:
        port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")}
        env |= {"DATA_DIR": str(tmp_path), **{k.upper(): str(v) for k, v in settings.items()}}
        process = subprocess.Popen([sys.executable, "-m", "gateway.server", "--port", str(port)], env=env,
                                   cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(process)
        wait_until_serving(port, process)
        return port

    yield start
    for process in started:
        process.terminate()
        process.wait(15)


def connect(port: int) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=GENEROUS)
    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return connection


def until_closed(connection: socket.socket, drip: bytes = b"", every: float = 0.25) -> tuple[bytes, float]:
    """Everything the server sent until it closed the connection, and how long after now it did; sends
    `drip` every `every` seconds meanwhile, as a slow client would."""
    started, received = time.monotonic(), b""
    connection.settimeout(every)
    while time.monotonic() - started < GENEROUS:
        try:
            chunk = connection.recv(65536)
        except TimeoutError:
            if drip:
                try:
                    connection.sendall(drip)
                except OSError:
                    break
            continue
        except ConnectionResetError:
            break
        if not chunk:
            break
        received += chunk
    return received, time.monotonic() - started


def get(port: int, path: str = "/healthz") -> bytes:
    with connect(port) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode())
        return until_closed(connection)[0]


def test_a_request_head_that_dawdles_is_answered_408_and_closed_after_its_deadline(launch):
    port = launch(server_head_timeout_seconds=1)
    with connect(port) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n")
        received, took = until_closed(slow, drip=b"X-Slow: a\r\n")
    print(f"slow head closed after {took:.2f} s (deadline 1 s)")
    assert received.startswith(b"HTTP/1.1 408") and took < GENEROUS
    assert get(port).startswith(b"HTTP/1.1 200")


def test_a_body_that_dawdles_is_answered_408_and_closed_after_its_deadline(launch, tmp_path):
    port = launch(server_body_timeout_seconds=1.5)
    citizen = signed_in_with(Settings(_env_file=None, data_dir=tmp_path))("citizen")
    body = json.dumps(METER_INSTALLATION).encode()
    with connect(port) as slow:
        slow.sendall(b"POST /v1/applications/meter-installation HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                     b"Authorization: %s\r\nContent-Length: %d\r\n\r\n%s" % (citizen["Authorization"].encode(), len(body),
                                                                          body[:10]))
        received, took = until_closed(slow, drip=b" ", every=0.5)  # never the whole body: padding is not JSON
    print(f"slow body closed after {took:.2f} s (deadline 1.5 s)")
    assert received.startswith(b"HTTP/1.1 408") and b"request-timeout" in received and took < GENEROUS
    assert get(port).startswith(b"HTTP/1.1 200")


def test_an_idle_keep_alive_connection_is_closed_after_its_timeout(launch):
    port = launch(server_keep_alive_seconds=1)
    with connect(port) as idle:
        idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        received, took = until_closed(idle)
    print(f"idle keep-alive connection closed {took:.2f} s after it was opened (timeout 1 s)")
    assert received.startswith(b"HTTP/1.1 200")
    assert took < 3.5  # generous past its 1 s, and short of uvicorn's own 5 s: the setting is the one applied


def test_connections_past_the_cap_are_answered_503_and_served_again_once_below_it(launch):
    port = launch(server_max_concurrency=4, server_head_timeout_seconds=60)
    held = [connect(port) for _ in range(4)]
    try:
        time.sleep(0.5)  # the server has accepted them all
        assert get(port).startswith(b"HTTP/1.1 503")
    finally:
        for connection in held:
            connection.close()
    time.sleep(0.5)
    assert get(port).startswith(b"HTTP/1.1 200")
