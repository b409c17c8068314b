"""The due dates in the browser: an employee's urgent list, asking the applicant, and a supervisor's overdue case.

The service's clock (tests.fakes.FixedClock) is "today" for the due dates; the terms count from the events' own
times, so the test moves "today" past the case's due date rather than waiting for it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from cases.ports import BAKU
from gateway.settings import Settings
from tests.browser.console import served, sign_in
from tests.fakes import FixedClock
from tests.waiting import wait_for


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime.now(BAKU))


@pytest.fixture
def console(tmp_path, clock):
    with served(Settings(_env_file=None, data_dir=tmp_path, database_url=None), clock=clock) as running:
        yield running


def overdue_case(console, clock: FixedClock, unit: str = "TSS") -> dict:
    """A case routed to `unit`, with "today" two days after its due date."""
    case = console.submit_technical_conditions()
    routed = console.api("POST", f"/v1/cases/{case['id']}/route", "employee", "BIN", json={"unit": unit}).json()
    clock.current = datetime.combine(date.fromisoformat(routed["due_on"]) + timedelta(days=2), datetime.min.time(), BAKU)
    return case


def test_an_employee_asks_the_applicant_and_the_case_leaves_the_urgent_list(console, clock, person):
    late = overdue_case(console, clock)
    page = person()
    sign_in(page, console, "employee", "TSS")
    page.get_by_role("link", name="Təcili: gecikənlər və 3 iş günü ərzində bitənlər").click()
    urgent = page.url
    assert "overdue=true" in urgent and "due_within_days=3" in urgent  # the filter survives a reload
    page.reload()
    expect(page.get_by_label("Gecikənlər")).to_be_checked()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("iş günü gecikir")
    row.get_by_role("link", name=late["number"]).click()
    expect(page.locator("#due")).to_contain_text("iş günü gecikir")
    expect(page.locator("#messages")).to_be_visible()

    page.get_by_label("Nə çatışmır (müraciətçiyə olduğu kimi göndərilir)").fill("Çıxarışın oxunaqlı surətini əlavə edin.")
    page.get_by_label("Cavab üçün iş günü", exact=False).fill("7")
    page.get_by_role("button", name="Müraciətçidən soruş").click()
    expect(page.get_by_role("status")).to_contain_text("Müraciətçidən məlumat istənildi")
    expect(page.locator("h1 .status")).to_have_text("Müraciət edəndən məlumat gözlənilir")
    expect(page.locator("#due")).to_contain_text("Müddət dayanıb")
    asked = console.api("GET", f"/v1/applications/{late['id']}", "citizen").json()["information_request"]
    assert asked["question"] == "Çıxarışın oxunaqlı surətini əlavə edin."
    ledger = console.services.notifier.ledger
    wait_for(lambda: any(m.event_type == "InformationRequested" and m.status == "sent" for m in ledger.history(late["id"])),
             "the request to be sent to the applicant")
    page.reload()
    asking = page.locator("#messages + table tbody tr", has_text="resad.aliyev@example.az").filter(has_text="Göndərilib")
    expect(asking).not_to_have_count(0)  # what was sent to whom, and that it went

    page.goto(urgent)
    expect(page.get_by_text("Bu süzgəclərlə müraciət yoxdur.")).to_be_visible()  # nothing urgent left in the unit
