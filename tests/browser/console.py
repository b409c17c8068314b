"""The console served for real (uvicorn on a loopback port) and Debian's Chromium driven by Playwright.

Chromium is the system's (/usr/bin/chromium, installed by `make test`); Playwright's own browser download
is never used. axe-core comes from the npm registry (tests/browser/axe, installed by `npm ci` on first use)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from cases.ports import Clock
from gateway.app import create_app
from gateway.bootstrap import Services, bootstrap
from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document
from tests.waiting import wait_for

CHROMIUM = "/usr/bin/chromium"
# DESIGN.md: without the background-networking flags Chromium keeps trying hosts it cannot reach.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
AXE = Path(__file__).parent / "axe"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium: `make test` installs it (apt-get install chromium)")
    return CHROMIUM


def axe_source() -> str:
    script = AXE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        if not shutil.which("npm"):
            pytest.fail("npm is needed to install axe-core (tests/browser/axe)")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=AXE,
                       check=True, timeout=300)
    return script.read_text()


@dataclass
class Console:
    url: str
    settings: Settings
    services: Services

    def token(self, role: str, **claims: Any) -> dict[str, str]:
        return signed_in_with(self.settings)(role, **claims)

    def api(self, method: str, path: str, role: str, unit: str | None = None, **kwargs: Any) -> httpx.Response:
        claims = {"unit": unit} if unit else {}
        headers = self.token(role, **claims) | kwargs.pop("headers", {})
        response = httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)
        assert response.status_code < 300, response.text
        return response

    def submit_technical_conditions(self, document: bytes | None = None, **changes: Any) -> dict[str, Any]:
        files = address_document(document) if document is not None else address_document()
        return self.api("POST", "/v1/applications/technical-conditions", "citizen", data=TECHNICAL_CONDITIONS | changes,
                        files=files).json()

    def submit_meter_installation(self) -> dict[str, Any]:
        return self.api("POST", "/v1/applications/meter-installation", "citizen", json=METER_INSTALLATION).json()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def served(settings: Settings, adjust=None, clock: Clock | None = None) -> Iterator[Console]:
    """The whole service on a loopback port, in this process (so a test may reach into its services); `clock`
    is what "today" is for its due dates (tests.fakes.FixedClock, moved by the test)."""
    services = bootstrap(settings, clock=clock)
    if adjust is not None:
        adjust(services)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, services), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the console's server to start", 30)
    try:
        yield Console(f"http://127.0.0.1:{port}", settings, services)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        services.close()


def sign_in(page, console: Console, role: str, unit: str = "BIN") -> None:
    """The development sign-in page, as a person uses it."""
    page.goto(console.url + "/console/sign-in")
    page.get_by_label("Rol").select_option(role)
    if role == "employee":
        page.get_by_label("Bölmə (icraçı əməkdaş üçün)").select_option(unit)
    page.get_by_role("button", name="Daxil ol").click()


def axe_violations(page, axe: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of WCAG 2.2 A/AA on the page as it is. Evaluated through the
    driver, which the page's Content-Security-Policy does not govern (the page itself runs no script)."""
    page.evaluate(axe)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
