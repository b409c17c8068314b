"""The operator's webhook endpoints and working calendar in the browser."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.console import sign_in


def test_an_operator_suspends_and_resumes_a_webhook_endpoint_and_records_a_day_swap(console, person):
    endpoint = console.api("POST", "/v1/webhooks", "operator", json={"name": "e-gov.az", "url": "http://127.0.0.1:9/hooks"}).json()
    page = person()
    sign_in(page, console, "operator")
    page.get_by_role("link", name="Vebhuklar").click()
    row = page.locator("tbody tr", has_text="e-gov.az")
    expect(row).to_contain_text("Aktiv")
    row.get_by_role("button", name="«e-gov.az» ünvanını dayandır").click()
    expect(page.get_by_role("status")).to_contain_text("«e-gov.az» dayandırıldı")
    expect(row).to_contain_text("Dayandırılıb")
    assert console.api("GET", f"/v1/webhooks/{endpoint['id']}", "operator").json()["status"] == "suspended"
    row.get_by_role("button", name="«e-gov.az» ünvanını yenidən aktiv et").click()
    expect(page.get_by_role("status")).to_contain_text("yenidən aktivdir")
    assert console.api("GET", f"/v1/webhooks/{endpoint['id']}", "operator").json()["status"] == "active"

    page.get_by_role("link", name="İş təqvimi").click()
    page.get_by_label("Gün", exact=True).fill("2027-01-09")  # a Saturday, worked by the decree
    page.get_by_label("İş günü", exact=True).check()
    page.get_by_label("Qərar (nömrəsi və tarixi)").fill("Nazirlər Kabinetinin 2026-12-01 tarixli 512 nömrəli qərarı")
    page.get_by_label("Səbəb").fill("Bayram günlərinin yerdəyişməsi")
    page.get_by_role("button", name="Qeydə al").click()
    expect(page.get_by_role("status")).to_contain_text("2027-01-09 qeydə alındı")
    assert "year=2027" in page.url
    expect(page.locator("tbody tr", has_text="09.01.2027")).to_contain_text("512 nömrəli qərarı")
    swaps = console.api("GET", "/v1/calendar/day-swaps", "operator").json()["data"]
    assert [(s["day"], s["working"], s["recorded_by"] != "") for s in swaps] == [("2027-01-09", True, True)]

    page.get_by_label("Gün", exact=True).fill("2027-01-09")  # the same again would change nothing: refused, form kept
    page.get_by_label("İş günü", exact=True).check()
    page.get_by_label("Qərar (nömrəsi və tarixi)").fill("Təkrar")
    page.get_by_label("Səbəb").fill("Təkrar")
    page.get_by_role("button", name="Qeydə al").click()
    expect(page.get_by_role("alert")).to_contain_text("Qeydə alınmadı")
    expect(page.get_by_label("Qərar (nömrəsi və tarixi)")).to_have_value("Təkrar")
    assert console.api("GET", "/v1/calendar/day-swaps", "operator").json()["count"] == 1
