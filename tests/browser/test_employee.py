"""An employee works a case in the browser, from the unit's queue to the answer, through a version conflict
made by a colleague's session meanwhile."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.console import sign_in
from tests.samples import PDF


def test_an_employee_takes_a_case_from_the_queue_to_answered(console, person, tmp_path):
    case = console.submit_technical_conditions()
    intake = person()
    sign_in(intake, console, "employee", "BIN")
    expect(intake.get_by_role("heading", level=1)).to_have_text("BIN bölməsinin müraciətləri")
    intake.get_by_role("link", name=case["number"]).click()
    expect(intake.get_by_text("Rəşad Əliyev").first).to_be_visible()
    intake.get_by_label("Bölmə", exact=True).select_option("TSS")
    intake.get_by_role("button", name="Yönləndir").click()
    expect(intake.get_by_role("status")).to_have_text("Müraciət yönləndirildi.")
    expect(intake.locator("h1 .status")).to_have_text("İcraya yönləndirilib")

    executor, colleague = person(), person()
    sign_in(executor, console, "employee", "TSS")
    executor.goto(f"{console.url}/console/cases?status=in_progress")
    executor.get_by_role("link", name=case["number"]).click()
    sign_in(colleague, console, "employee", "TSS")
    colleague.goto(executor.url)
    colleague.get_by_label("Qeyd", exact=True).fill("Ərazidə baxış keçirildi.")
    colleague.get_by_role("button", name="Qeydi əlavə et").click()
    expect(colleague.get_by_role("status")).to_have_text("Qeyd əlavə edildi.")

    executor.get_by_label("Qeyd", exact=True).fill("Sənədlər yoxlanıldı.")
    executor.get_by_label("Müraciətçi də görür").check()
    executor.get_by_role("button", name="Qeydi əlavə et").click()
    conflict = executor.locator("#conflict")
    expect(conflict).to_contain_text("Siz baxdıqdan sonra müraciət dəyişib")
    expect(conflict).to_contain_text("Qeyd")
    expect(executor.get_by_label("Qeyd", exact=True)).to_have_value("Sənədlər yoxlanıldı.")  # nothing typed is lost
    expect(executor.get_by_label("Müraciətçi də görür")).to_be_checked()
    executor.get_by_role("button", name="Qeydi əlavə et").click()
    expect(executor.get_by_role("status")).to_have_text("Qeyd əlavə edildi.")
    expect(executor.locator(".notes")).to_contain_text("Sənədlər yoxlanıldı.")
    expect(executor.locator(".notes")).to_contain_text("Ərazidə baxış keçirildi.")

    result = tmp_path / "netice.pdf"
    result.write_bytes(PDF)
    executor.get_by_label("Nəticə sənədi (PDF, JPG, PNG)").set_input_files(str(result))
    executor.get_by_role("button", name="İcranı qeydə al").click()
    expect(executor.get_by_role("status")).to_have_text("İcra qeydə alındı.")
    executor.get_by_label("İcra edilib").check()
    executor.get_by_role("button", name="Cavabı göndər").press("Enter")  # the keyboard alone will do
    expect(executor.get_by_role("status")).to_have_text("Müraciət cavablandırıldı.")
    expect(executor.locator("h1 .status")).to_have_text("Cavablandırılıb")
    assert console.api("GET", f"/v1/applications/{case['id']}", "citizen").json()["status"] == "answered"


def test_the_sign_in_and_the_queue_are_used_with_the_keyboard_alone(console, person):
    case = console.submit_technical_conditions()
    page = person()
    page.goto(console.url + "/console/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Əsas məzmuna keç")).to_be_focused()
    page.keyboard.press("Enter")  # the skip link passes the header by
    page.keyboard.press("Tab")
    expect(page.get_by_label("Rol")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Bölmə (icraçı əməkdaş üçün)")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/console/cases$"))
    link = page.get_by_role("link", name=case["number"])
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case["number"])
