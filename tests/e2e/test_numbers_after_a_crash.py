"""A service killed with SIGKILL in the middle of a burst of submissions leaves no hole in the register.

The HTTP service runs as a uvicorn process of its own, on SQLite and on Postgres; citizens submit
from several threads; the process is killed while requests are on their way, then started again.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from gateway.bootstrap import bootstrap
from gateway.identity import development_private_key, issue_development_token
from tests.samples import METER_INSTALLATION
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
THREADS = 6
KILL_AFTER = 25  # submissions answered before the kill: the burst is well under way


class Service:
    """`uvicorn gateway.main:app --factory` on a port of its own, with these settings."""

    def __init__(self, settings):
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
            "DATA_DIR": str(settings.data_dir), "RATE_LIMIT_SUBMISSIONS_PER_CITIZEN": "100000",
            "RATE_LIMIT_SUBMISSIONS_PER_PORTAL": "100000"}
        if settings.database_url:
            self.env["DATABASE_URL"] = settings.database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (settings.data_dir / "uvicorn.log").open("ab")
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "gateway.main:app", "--factory", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.answers, "the service to answer /healthz")

    def answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def submit(service: Service, token: str) -> int | None:
    """One citizen's meter installation: the status answered, or None when the connection broke."""
    try:
        answer = httpx.post(f"{service.url}/v1/applications/meter-installation", json=METER_INSTALLATION,
                            headers={"Authorization": f"Bearer {token}"}, timeout=10)
    except httpx.HTTPError:
        return None
    return answer.status_code


def recorded_numbers(settings) -> list[int]:
    services = bootstrap(settings)
    try:
        events = services.registry.recorder.select_notifications(1, 100_000)
        decoded = [services.registry.mapper.to_domain_event(event) for event in events]
    finally:
        services.close()
    return sorted(int(e.number.rsplit("-", 1)[1]) for e in decoded if type(e).__name__ == "Submitted")


def test_a_service_killed_mid_burst_leaves_the_numbers_without_holes(settings):
    key = development_private_key(settings.dev_key_file)
    tokens = iter([issue_development_token(key, settings.jwt_issuer, settings.jwt_audience, "citizen",
                                           sub=f"7AB{n:04d}") for n in range(2000)])
    service = Service(settings)
    service.start()
    accepted, killed, take = [], threading.Event(), threading.Lock()

    def keep_submitting(_: int) -> None:
        while not killed.is_set():
            with take:
                token = next(tokens)
            if submit(service, token) == 201:
                accepted.append(1)

    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            running = [pool.submit(keep_submitting, n) for n in range(THREADS)]
            wait_for(lambda: len(accepted) >= KILL_AFTER, "the burst to be under way", 60)
            service.kill()
            killed.set()
            [r.result() for r in running]
        service.start()
        after_restart = httpx.post(f"{service.url}/v1/applications/meter-installation", json=METER_INSTALLATION,
                                   headers={"Authorization": f"Bearer {next(tokens)}"}, timeout=10).json()
    finally:
        service.stop()

    serials = recorded_numbers(settings)
    assert len(serials) >= KILL_AFTER + 1
    assert serials == list(range(1, len(serials) + 1))  # no hole, nothing twice
    assert after_restart["number"].endswith(f"-{serials[-1]:06d}")  # the next number, with no hole before it
