"""The due dates in the browser: an employee's urgent list, asking the applicant, and a supervisor's overdue case.

The service's clock (tests.fakes.FixedClock) is "today" for the due dates; the terms count from the events' own
times, so the test moves "today" past the case's due date rather than waiting for it."""

from __future__ import annotations

import re
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


def overdue_case(console, clock: FixedClock, unit: str = "TSS", meter: bool = False) -> dict:
    """A case routed to `unit`, with "today" two days after its due date."""
    case = console.submit_meter_installation() if meter else console.submit_technical_conditions()
    routed = console.api("POST", f"/v1/cases/{case['id']}/route", "employee", "BIN", json={"unit": unit}).json()
    clock.current = datetime.combine(date.fromisoformat(routed["due_on"]) + timedelta(days=2), datetime.min.time(), BAKU)
    return case


def test_an_employee_asks_the_applicant_and_the_case_leaves_the_urgent_list(console, clock, person):
    late = overdue_case(console, clock)
    page = person()
    sign_in(page, console, "employee", "TSS")
    page.get_by_role("link", name="Təcili: gecikənlər və 3 iş günü ərzində bitənlər").click()
    expect(page).to_have_url(re.compile(r"/console/cases\?overdue=true&due_within_days=3$"))  # the filter survives a reload
    urgent = page.url
    page.wait_for_load_state()
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


def test_a_supervisor_sees_an_overdue_case_reroutes_it_and_reads_the_statistics(console, clock, person, tmp_path):
    late = overdue_case(console, clock, "SQS", meter=True)
    page = person()
    sign_in(page, console, "supervisor")
    page.get_by_role("link", name="Təcili", exact=True).click()
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("SQS")
    row.get_by_role("link", name=late["number"]).click()
    page.get_by_label("Bölmə", exact=True).select_option("BIN")
    page.get_by_role("button", name="Yönləndir").click()
    expect(page.get_by_role("status")).to_have_text("Müraciət yönləndirildi.")
    assert console.api("GET", f"/v1/cases/{late['id']}", "supervisor").json()["executing_unit"] == "BIN"

    page.get_by_role("link", name="Statistika").click()
    chart = page.get_by_role("img", name="Bölmələr üzrə daxil olan, vaxtında cavablandırılan və açıq gecikən müraciətlər")
    expect(chart).to_be_visible()
    expect(page.locator("svg.chart desc")).to_contain_text("BIN: daxil olub 1, vaxtında cavablandırılıb 0, açıq, gecikən 1")
    page.get_by_label("Xidmət").select_option("meter_installation")
    page.get_by_role("button", name="Göstər").click()
    expect(page).to_have_url(re.compile(r"kind=meter_installation"))
    overdue = page.locator("tbody tr td.overdue")
    expect(overdue).to_have_count(1)
    expect(overdue).to_have_text("1")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="CSV yüklə").click()
    downloading.value.save_as(tmp_path / "statistics.csv")
    rows = (tmp_path / "statistics.csv").read_text().splitlines()
    assert rows[0].startswith("month,unit,district,kind") and len(rows) == 2  # the filter applies to the file too
    assert rows[1].split(",")[1:4] == ["BIN", "BIN", "meter_installation"] and rows[1].endswith(",1")
