"""A service runs one process per core: with PROMETHEUS_MULTIPROC_DIR shared, whichever process
Prometheus asks answers for all of them, so the figures add up."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.workers import ROOT
from tests.postgres_server import free_loopback_port
from tests.waiting import wait_for

pytestmark = pytest.mark.postgres

DISTRICTS = "/v1/reference/districts"


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
    except httpx.ConnectError:
        return False


def district_requests(port: int) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    return sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
               if s.name == "azersu_http_requests_total" and s.labels.get("route") == DISTRICTS)


def test_two_service_processes_sharing_the_folder_report_the_sum_of_their_requests(postgres_url, tmp_path):
    shared = tmp_path / "prometheus"
    shared.mkdir()
    ports, processes = [free_loopback_port(), free_loopback_port()], []
    try:
        for n, port in enumerate(ports):
            env = os.environ | {"DATABASE_URL": postgres_url, "DATA_DIR": str(tmp_path / f"data-{n}"), "DB_POOL_SIZE": "2",
                                "PROMETHEUS_MULTIPROC_DIR": str(shared)}
            (tmp_path / f"data-{n}").mkdir()
            processes.append(subprocess.Popen([sys.executable, "-m", "gateway.server", "--port", str(port)], cwd=ROOT, env=env,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        wait_for(lambda: all(answers(port) for port in ports), "both processes serve", 60)
        for port, times in zip(ports, (3, 4), strict=True):
            for _ in range(times):
                assert httpx.get(f"http://127.0.0.1:{port}{DISTRICTS}", timeout=10).status_code == 200
        assert district_requests(ports[0]) == district_requests(ports[1]) == 7
    finally:
        for process in processes:
            process.terminate()
            process.wait(10)
