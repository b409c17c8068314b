"""The auditor, the operator and the supervisor at their pages in the browser."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from gateway.settings import Settings
from tests.browser.console import served, sign_in
from tests.channels import SmsGateway
from tests.waiting import wait_for

BAKU = ZoneInfo("Asia/Baku")


def test_an_auditor_picks_a_moment_and_sees_the_state_then(console, person):
    case = console.submit_technical_conditions()
    submitted = datetime.fromisoformat(console.api("GET", f"/v1/cases/{case['id']}", "employee", "BIN").json()["submitted_at"])
    moment = (submitted.astimezone(BAKU) + timedelta(seconds=1)).replace(microsecond=0, tzinfo=None)
    wait_for(lambda: datetime.now(BAKU).replace(tzinfo=None) > moment + timedelta(seconds=0.5), "a second after the submission")
    console.api("POST", f"/v1/cases/{case['id']}/route", "employee", "BIN", json={"unit": "TSS"})

    page = person()
    sign_in(page, console, "auditor")
    page.get_by_label("Müraciətin nömrəsi və ya identifikatoru").fill(case["number"])
    page.get_by_role("button", name="Tarixçəni göstər").click()
    events = page.locator("ol.audit > li")
    expect(events).to_have_count(2)
    expect(events.nth(0)).to_contain_text("Submitted")
    expect(events.nth(1)).to_contain_text("Routed")
    expect(events.nth(1)).to_contain_text("Leyla Həsənova")  # who
    page.get_by_label("Vəziyyət bu anda (Bakı vaxtı)").fill(moment.isoformat())
    page.get_by_role("button", name="Vəziyyəti göstər").click()
    state = page.locator("section.state")
    expect(state).to_contain_text("Qeydiyyata alınıb")  # as it stood then, not as it is now
    expect(state).to_contain_text("Versiya1")
    page.get_by_role("link", name="Bütövlüyü yoxla").click()
    expect(page.get_by_role("status")).to_contain_text("Zəncir bütövdür: 2 hadisə")


@pytest.fixture
def sms_gateway():
    with SmsGateway() as gateway:
        yield gateway


def test_an_operator_retries_a_parked_sms(tmp_path, person, sms_gateway):
    sms_gateway.fail_with(503, "operator busy")
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=None, sms_gateway_url=sms_gateway.url,
                        delivery_max_attempts=1)
    with served(settings) as console:
        case = console.submit_technical_conditions()
        ledger = console.services.notifier.ledger
        wait_for(lambda: ledger.find("parked", case["number"])[1] == 1, "the SMS to be parked")
        page = person()
        sign_in(page, console, "operator")
        page.get_by_role("link", name="Saxlanılıb (1)").click()
        row = page.locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(case["number"])
        expect(row).to_contain_text("503")  # the reason it was parked
        sms_gateway.accept()
        row.get_by_role("button", name="Yenidən göndər").click()
        expect(page.get_by_role("status").first).to_contain_text("yenidən göndərilmək üçün növbəyə qoyuldu")
        wait_for(lambda: ledger.find("sent", case["number"])[1] == 2, "the SMS to be sent after the retry")
        page.goto(f"{console.url}/console/deliveries?status=parked")
        expect(page.locator("tbody tr")).to_have_count(0)
        sent = [r.json["text"] for r in sms_gateway.requests]
        assert len(sent) == 2 and case["number"] in sent[1]  # refused once, then taken by the gateway


def test_a_supervisor_sees_every_unit_and_reroutes_a_case(console, person):
    meter = console.submit_meter_installation()
    console.api("POST", f"/v1/cases/{meter['id']}/route", "employee", "BIN", json={"unit": "SQS"})
    page = person()
    sign_in(page, console, "supervisor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bütün bölmələrin müraciətləri")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Göstər").click()
    expect(page).to_have_url(re.compile(r"status=in_progress"))  # the filter survives a reload
    page.wait_for_load_state()  # the new page's, before it is reloaded
    page.reload()
    page.get_by_role("link", name=meter["number"]).click()
    page.get_by_label("Bölmə", exact=True).select_option("BIN")
    page.get_by_role("button", name="Yönləndir").click()
    expect(page.get_by_role("status")).to_have_text("Müraciət yönləndirildi.")
    assert console.api("GET", f"/v1/cases/{meter['id']}", "supervisor").json()["executing_unit"] == "BIN"
