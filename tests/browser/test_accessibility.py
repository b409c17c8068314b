"""axe-core on every kind of console page: no serious or critical violation of WCAG 2.2 A and AA."""

from __future__ import annotations

from tests.browser.console import axe_violations, sign_in
from tests.samples import PDF


def pages_of_each_role(console) -> dict[str, list[str]]:
    case = console.submit_technical_conditions()
    console.api("POST", f"/v1/cases/{case['id']}/route", "employee", "BIN", json={"unit": "TSS"})
    console.api("POST", f"/v1/cases/{case['id']}/execution", "employee", "TSS", files={"result_document": ("n.pdf", PDF)})
    meter = console.submit_meter_installation()
    console.api("POST", f"/v1/cases/{meter['id']}/route", "employee", "BIN", json={"unit": "SQS"})
    waiting = console.submit_technical_conditions()
    console.api("POST", f"/v1/cases/{waiting['id']}/route", "employee", "BIN", json={"unit": "TSS"})
    console.api("POST", f"/v1/cases/{waiting['id']}/information-requests", "employee", "TSS",
                json={"question": "Çıxarışın oxunaqlı surətini əlavə edin."})
    console.api("POST", "/v1/webhooks", "operator", json={"name": "e-gov.az", "url": "http://127.0.0.1:9/hooks"})
    console.api("POST", "/v1/calendar/day-swaps", "operator",
                json={"day": "2027-01-09", "working": True, "decree": "Qərar 512", "reason": "Yerdəyişmə"})
    return {
        "signed out": ["/console/sign-in", "/console/sign-in?signed_out=1"],
        "employee": ["/console/cases", "/console/cases?status=registered&q=nothing", f"/console/cases/{case['id']}",
                     f"/console/cases/{meter['id']}", "/console/cases/00000000-0000-0000-0000-000000000000",
                     "/console/deliveries", "/console/cases?overdue=true&due_within_days=3", f"/console/cases/{waiting['id']}"],
        "supervisor": ["/console/cases", f"/console/cases/{meter['id']}", "/console/statistics",
                       "/console/statistics?kind=meter_installation&first_month=2099-01", "/console/calendar"],
        "auditor": ["/console/audit", f"/console/audit/{case['number']}", f"/console/audit/{case['number']}?as_of=2030-01-01T00:00",
                    f"/console/audit/{case['number']}/verify", "/console/audit/store/verify", "/console/audit?application=x"],
        "operator": ["/console/deliveries", "/console/deliveries?status=sent", "/console/deliveries?status=delivered",
                     "/console/webhooks", "/console/calendar?year=2027"],
    }


def test_no_console_page_has_a_serious_or_critical_accessibility_violation(console, person, axe):
    found = {}
    for role, paths in pages_of_each_role(console).items():
        page = person()
        if role != "signed out":
            sign_in(page, console, role, "TSS")
        for path in paths:
            page.goto(console.url + path)
            found[f"{role} {path}"] = axe_violations(page, axe)
    assert {page: violations for page, violations in found.items() if violations} == {}
    assert len(found) == 26  # every page above was checked


def test_the_check_finds_a_violation_where_there_is_one(console, person, axe):
    page = person()
    page.goto(console.url + "/console/sign-in")
    page.evaluate("document.querySelector('label[for=role]').remove()")  # a select without its label
    assert [v["id"] for v in axe_violations(page, axe)] == ["select-name"]
