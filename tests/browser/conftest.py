"""Fixtures of the browser tests: one Chromium for them all, a fresh context (cookies, storage) per person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from gateway.settings import Settings
from tests.browser.console import CHROMIUM_FLAGS, Console, axe_source, chromium_path, served


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Closed when the browser tests are done: Playwright's synchronous API keeps an event loop running in this
    thread while it is open, and the later tests' asyncio.run() refuses to start inside one."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()


@pytest.fixture
def console(tmp_path) -> Iterator[Console]:
    with served(Settings(_env_file=None, data_dir=tmp_path, database_url=None)) as running:
        yield running


@pytest.fixture
def person(browser):
    """person() -> a new page in a browser context of its own: another person, or another session."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="az-AZ", timezone_id="Asia/Baku", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
