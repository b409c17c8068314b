"""The console's main pages as PNG files, for the documentation: `make screenshots` (docs/console/).

A fresh embedded service with a few cases in different states, each page shown as its role sees it."""

from __future__ import annotations

import io
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pikepdf
from playwright.sync_api import sync_playwright

from gateway.settings import Settings
from tests.browser.console import CHROMIUM_FLAGS, chromium_path, served, sign_in
from tests.channels import SmsGateway
from tests.waiting import wait_for


def lettered_pdf(*lines: str) -> bytes:
    """A one-page PDF with some words on it, so that the drawn page shows something."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    text = b"".join(b"BT /F1 18 Tf 60 %d Td (%s) Tj ET\n" % (780 - 30 * i, line.encode("latin-1")) for i, line in enumerate(lines))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.Contents = pdf.make_stream(b"0 0 0.6 rg 40 700 515 110 re S\n" + text)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data, SmsGateway() as sms, sync_playwright() as playwright:
        sms.fail_with(503, "operator busy")
        settings = Settings(_env_file=None, data_dir=Path(data), database_url=None, sms_gateway_url=sms.url,
                            delivery_max_attempts=1)
        with served(settings) as console:
            case = console.submit_technical_conditions(lettered_pdf("Emlak reyestrinden cixaris", "Binaqadi rayonu, Bilacari",
                                                                    "ev 12/A"))
            console.submit_technical_conditions(house_number="27")
            meter = console.submit_meter_installation()
            console.api("POST", f"/v1/cases/{case['id']}/route", "employee", "BIN", json={"unit": "TSS"})
            console.api("POST", f"/v1/cases/{case['id']}/notes", "employee", "TSS",
                        json={"text": "Ərazidə baxış keçirildi.", "visible_to_applicant": True})
            result = lettered_pdf("Texniki sert", case["number"])
            console.api("POST", f"/v1/cases/{case['id']}/execution", "employee", "TSS",
                        files={"result_document": ("texniki-sert.pdf", result)})
            console.api("POST", f"/v1/cases/{meter['id']}/route", "employee", "BIN", json={"unit": "SQS"})
            for house in ("3", "5", "8"):
                other = console.submit_technical_conditions(house_number=house)
                console.api("POST", f"/v1/cases/{other['id']}/route", "employee", "BIN", json={"unit": "TSS"})
            console.api("POST", f"/v1/cases/{other['id']}/information-requests", "employee", "TSS",
                        json={"question": "Çıxarışın oxunaqlı surətini əlavə edin."})
            console.api("POST", "/v1/webhooks", "operator", json={"name": "e-gov.az", "url": "http://127.0.0.1:9/hooks"})
            console.api("POST", "/v1/calendar/day-swaps", "operator", json={
                "day": "2027-01-09", "working": True, "decree": "Nazirlər Kabinetinin 2026-12-01 tarixli 512 nömrəli qərarı",
                "reason": "Bayram günlərinin yerdəyişməsi: 9 yanvar iş günü"})
            wait_for(lambda: console.services.notifier.ledger.find("parked")[1] > 0, "a parked SMS")
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)

            def shoot(role: str, unit: str, path: str, name: str, full: bool = True) -> None:
                page = browser.new_context(locale="az-AZ", timezone_id="Asia/Baku",
                                           viewport={"width": 1280, "height": 860}).new_page()
                sign_in(page, console, role, unit)
                page.goto(console.url + path)
                page.screenshot(path=str(folder / f"{name}.png"), full_page=full)
                page.context.close()

            now = datetime.now(ZoneInfo("Asia/Baku")).replace(microsecond=0, tzinfo=None).isoformat()
            shoot("employee", "BIN", "/console/cases", "queue", full=False)
            shoot("employee", "TSS", f"/console/cases/{case['id']}", "case")
            shoot("supervisor", "BIN", "/console/cases?status=in_progress", "supervisor-queue", full=False)
            shoot("auditor", "BIN", f"/console/audit/{case['number']}?as_of={now}", "audit-history")
            shoot("operator", "BIN", "/console/deliveries?status=parked", "deliveries-parked", full=False)
            shoot("employee", "TSS", f"/console/cases/{other['id']}", "case-waiting")
            shoot("supervisor", "BIN", "/console/statistics", "statistics")
            shoot("operator", "BIN", "/console/webhooks", "webhooks", full=False)
            shoot("operator", "BIN", "/console/calendar?year=2027", "calendar")
            page = browser.new_page(viewport={"width": 1280, "height": 700})
            page.goto(console.url + "/console/sign-in")
            page.screenshot(path=str(folder / "sign-in.png"))
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/console"))
