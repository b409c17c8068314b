"""The console's pages over HTTP, on SQLite and Postgres: the session cookie, CSRF, the security headers, the
API's authorisation table and the unit's scope, a version conflict, and refusals as pages, never a 500."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from pydantic import SecretStr

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from tests.samples import TECHNICAL_CONDITIONS, address_document

SECRET = "c" * 40


@pytest.fixture
def console_settings(settings):
    return settings.model_copy(update={"console_session_secret": SecretStr(SECRET)})


@pytest.fixture
def browser(console_settings, clock) -> Iterator[TestClient]:
    """A client as a browser is one: over https (the cookies are Secure), keeping its cookies."""
    services = bootstrap(console_settings, clock=clock)
    with TestClient(create_app(console_settings, services), base_url="https://testserver") as client:
        yield client
    services.close()


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in(client: TestClient, role: str = "employee", unit: str = "BIN") -> None:
    form = client.get("/console/sign-in")
    answer = client.post("/console/sign-in", data={"csrf": csrf_of(form.text), "role": role, "unit": unit}, follow_redirects=False)
    assert answer.status_code == 303, answer.text


def submit(client: TestClient, token) -> dict:
    answer = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                         headers=token("citizen"))
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_signed_out_visitor_is_sent_to_the_sign_in(browser):
    answer = browser.get("/console/cases?status=registered", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fcases"


def test_the_session_cookie_is_http_only_secure_and_strict(browser):
    form = browser.get("/console/sign-in")
    answer = browser.post("/console/sign-in", data={"csrf": csrf_of(form.text), "role": "auditor", "unit": "BIN"},
                          follow_redirects=False)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("azersu_console="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "path", "max-age"} <= attributes
    assert "samesite=strict" in cookie.lower() and "path=/console" in cookie.lower()
    assert answer.headers["location"] == "/console/"


def test_every_page_allows_nothing_from_elsewhere_and_no_script(browser):
    sign_in(browser)
    for path in ("/console/sign-in", "/console/cases", "/console/static/console.css", "/console/cases/0"):
        headers = browser.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy and "http" not in policy
        assert "frame-ancestors 'none'" in policy and headers["x-content-type-options"] == "nosniff"
    page = browser.get("/console/cases").text
    assert "<script" not in page and "style=" not in page
    assert all(url.startswith("/console/") for url in re.findall(r'(?:src|href)="([^"#?]+)', page))


def test_a_form_without_the_session_csrf_token_is_refused_and_records_nothing(browser, token):
    case = submit(browser, token)
    sign_in(browser)
    for posted in ({"text": "Saxta qeyd", "version": "1"}, {"text": "Saxta qeyd", "version": "1", "csrf": "guessed"}):
        answer = browser.post(f"/console/cases/{case['id']}/note", data=posted)
        assert answer.status_code == 403 and "təhlükəsizlik açarı" in answer.text
    employee = token("employee", unit="BIN")
    assert browser.get(f"/v1/cases/{case['id']}", headers=employee).json()["version"] == 1


def test_the_development_sign_in_cannot_be_forged_without_its_form(browser):
    answer = browser.post("/console/sign-in", data={"csrf": "x", "role": "supervisor", "unit": "BIN"})
    assert answer.status_code == 403 and "azersu_console=" not in answer.headers.get("set-cookie", "")


def test_an_expired_session_is_refused_and_its_form_records_nothing(browser, console_settings, token):
    case = submit(browser, token)
    sign_in(browser)
    csrf = csrf_of(browser.get(f"/console/cases/{case['id']}").text)

    class TwoHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - console_settings.console_session_seconds - 1

    old = URLSafeTimedSerializer(SECRET, salt="console-session", signer=TwoHoursAgo).dumps(
        {"actor": {"subject": "emp-1001", "role": "employee", "name": "Leyla", "unit": "BIN"}, "method": "development",
         "csrf": csrf, "at": 0})
    browser.cookies.clear()
    browser.cookies.set("azersu_console", old, path="/console")
    assert browser.get("/console/cases", follow_redirects=False).headers["location"].startswith("/console/sign-in")
    answer = browser.post(f"/console/cases/{case['id']}/note", data={"csrf": csrf, "version": "1", "text": "Gec qeyd"})
    assert answer.status_code == 401 and "qeyd edilmədi" in answer.text
    assert browser.get(f"/v1/cases/{case['id']}", headers=token("employee", unit="BIN")).json()["version"] == 1


def test_a_tampered_session_is_refused(browser):
    sign_in(browser, "employee", "BIN")
    value = browser.cookies.get("azersu_console")
    browser.cookies.clear()
    browser.cookies.set("azersu_console", value.replace("BIN", "TSS")[:-2] + "AA", path="/console")
    assert browser.get("/console/cases", follow_redirects=False).status_code == 303


def test_the_pages_follow_the_apis_authorisation_table_and_the_units_scope(browser, token):
    case = submit(browser, token)
    sign_in(browser, "operator")
    answer = browser.get("/console/cases")
    assert answer.status_code == 403 and "GET /v1/cases" in answer.text
    assert browser.get("/console/deliveries").status_code == 200
    browser.cookies.clear()
    sign_in(browser, "employee", "TSS")  # the case is BIN's until routed
    answer = browser.get(f"/console/cases/{case['id']}")
    assert answer.status_code == 404 and answer.headers["content-type"].startswith("text/html")
    assert case["number"] not in answer.text
    assert browser.post(f"/console/cases/{case['id']}/route", data={"csrf": csrf_of(answer.text), "version": "1",
                                                                    "unit": "TSS"}).status_code == 404
    assert browser.get(f"/v1/cases/{case['id']}", headers=token("employee", unit="BIN")).json()["status"] == "registered"


def test_a_stale_version_shows_what_changed_and_records_nothing(browser, token):
    case = submit(browser, token)
    sign_in(browser)
    page = browser.get(f"/console/cases/{case['id']}")
    colleague = token("employee", unit="BIN", sub="emp-1002", name="Kamran Rüstəmov")
    routed = browser.post(f"/v1/cases/{case['id']}/route", json={"unit": "TSS"}, headers=colleague)
    assert routed.status_code == 200, routed.text
    answer = browser.post(f"/console/cases/{case['id']}/note", data={"csrf": csrf_of(page.text), "version": "1",
                                                                   "text": "Mənim qeydim"})
    assert answer.status_code == 409
    assert "Siz baxdıqdan sonra müraciət dəyişib" in answer.text and routed.json()["timeline"][-1]["label"] in answer.text
    assert 'name="version" value="2"' in answer.text and "Mənim qeydim" in answer.text  # asked again, nothing typed lost
    assert browser.get(f"/v1/cases/{case['id']}", headers=colleague).json()["version"] == 2


def test_a_mistake_in_a_form_is_a_page_with_the_reason_never_a_500(browser, token):
    case = submit(browser, token)
    sign_in(browser)
    csrf = csrf_of(browser.get(f"/console/cases/{case['id']}").text)
    cases = {"route": {"unit": "NOWHERE"}, "note": {"text": ""}, "answer": {"outcome": "refused"},
             "executors": {"executor_id": "e\u202e1", "executor_name": "X"}, "execution": {}}
    for action, fields in cases.items():
        answer = browser.post(f"/console/cases/{case['id']}/{action}", data={"csrf": csrf, "version": "1"} | fields)
        assert 400 <= answer.status_code < 500, (action, answer.status_code)
        assert answer.headers["content-type"].startswith("text/html") and "Əməliyyat qəbul edilmədi" in answer.text
    huge = browser.post(f"/console/cases/{case['id']}/note", data={"csrf": csrf, "version": "1", "text": "ə" * 70_000})
    assert huge.status_code in (400, 413, 422) and huge.headers["content-type"].startswith("text/html")
    assert browser.get(f"/v1/cases/{case['id']}", headers=token("employee", unit="BIN")).json()["version"] == 1


def test_asking_the_applicant_refuses_a_hostile_form_as_a_page_and_records_nothing(browser, token):
    case = submit(browser, token)
    assert browser.post(f"/v1/cases/{case['id']}/route", json={"unit": "TSS"},
                        headers=token("employee", unit="BIN")).status_code == 200
    sign_in(browser, "employee", "TSS")
    csrf = csrf_of(browser.get(f"/console/cases/{case['id']}").text)
    hostile = [{"question": ""}, {"question": "Nə?", "answer_within_days": "abc"}, {"question": "Nə?", "answer_within_days": "0"},
               {"question": "Nə?", "answer_within_days": "999"}, {"question": "Nə?", "answer_within_days": "1e9"},
               {"question": "Sən\u202ed"}, {"question": "ə" * 2001}]
    for fields in hostile:
        answer = browser.post(f"/console/cases/{case['id']}/information", data={"csrf": csrf, "version": "2"} | fields)
        assert 400 <= answer.status_code < 500, (fields, answer.status_code)
        assert answer.headers["content-type"].startswith("text/html") and "Əməliyyat qəbul edilmədi" in answer.text
    assert browser.get(f"/v1/cases/{case['id']}", headers=token("employee", unit="TSS")).json()["version"] == 2


def test_a_supervisor_extends_a_term_once_and_a_second_extension_is_a_page_with_the_reason(browser, token):
    case = submit(browser, token)
    before = browser.get(f"/v1/cases/{case['id']}", headers=token("supervisor")).json()["due_on"]
    sign_in(browser, "employee")
    assert "Müddəti uzat</button>" not in browser.get(f"/console/cases/{case['id']}").text  # a supervisor's, not an employee's
    browser.cookies.clear()
    sign_in(browser, "supervisor")
    csrf = csrf_of(browser.get(f"/console/cases/{case['id']}").text)
    for fields in ({"working_days": "0"}, {"working_days": "x"}, {"working_days": "99"}, {"working_days": "3", "reason": ""}):
        answer = browser.post(f"/console/cases/{case['id']}/extension", data={"csrf": csrf, "version": "1", "reason": "Baxış"} | fields)
        assert 400 <= answer.status_code < 500 and "Əməliyyat qəbul edilmədi" in answer.text, (fields, answer.status_code)
    page = browser.post(f"/console/cases/{case['id']}/extension",
                        data={"csrf": csrf, "version": "1", "working_days": "5", "reason": "Əlavə baxış lazımdır."})
    assert page.status_code == 200 and "Müddət uzadıldı." in page.text
    after = browser.get(f"/v1/cases/{case['id']}", headers=token("supervisor")).json()
    assert after["due_on"] > before and after["version"] == 2
    again = browser.post(f"/console/cases/{case['id']}/extension",
                         data={"csrf": csrf, "version": "2", "working_days": "5", "reason": "Yenə."})
    assert again.status_code == 409 and "Əməliyyat qəbul edilmədi" in again.text and "Yenə." in again.text
    assert browser.get(f"/v1/cases/{case['id']}", headers=token("supervisor")).json()["version"] == 2


def test_the_queue_takes_the_due_date_filters_from_the_url_and_refuses_what_is_not_one(browser, token):
    submit(browser, token)
    sign_in(browser)
    assert browser.get("/console/cases?overdue=true&due_within_days=3").status_code == 200
    assert 'id="overdue" name="overdue" type="checkbox" value="true" checked' in browser.get("/console/cases?overdue=true").text
    assert browser.get("/console/cases?due_within_days=").status_code == 200  # the form's empty field: no filter
    for query in ("overdue=maybe", "due_within_days=abc", "due_within_days=-1", "due_within_days=999"):
        answer = browser.get(f"/console/cases?{query}")
        assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html"), query


def test_the_statistics_page_and_its_csv_follow_the_apis_table_and_refuse_a_filter_that_is_not_one(browser, token):
    submit(browser, token)
    sign_in(browser, "employee")
    assert browser.get("/console/statistics").status_code == 403
    browser.cookies.clear()
    sign_in(browser, "supervisor")
    page = browser.get("/console/statistics?kind=technical_conditions&first_month=2020-01")
    assert page.status_code == 200 and "<svg" in page.text and "<script" not in page.text
    assert "<td>Binəqədi rayonu</td><td>Su təchizatı və tullantı sularının" in page.text  # names, not codes
    csv = browser.get("/console/statistics.csv?kind=technical_conditions")
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.count("\r\n") == 2  # the header and BIN's row
    assert browser.get("/console/statistics.csv?kind=meter_installation").text.count("\r\n") == 1
    for query in ("first_month=2026-13", "last_month=26-01", "unit=%3Cscript%3E", "district=" + "A" * 33, "kind=x"):
        for path in ("/console/statistics", "/console/statistics.csv"):
            answer = browser.get(f"{path}?{query}")
            assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html"), (path, query)


def test_the_operators_webhook_and_calendar_forms_refuse_what_the_api_refuses_as_pages(browser, token):
    sign_in(browser, "operator")
    csrf = csrf_of(browser.get("/console/calendar").text)
    assert browser.post("/console/webhooks/00000000-0000-0000-0000-000000000000/suspend", data={"csrf": csrf}).status_code == 404
    assert browser.post("/console/webhooks/not-an-id/suspend", data={"csrf": csrf}).status_code == 422
    assert browser.post("/console/webhooks/00000000-0000-0000-0000-000000000000/delete", data={"csrf": csrf}).status_code == 422
    good = {"csrf": csrf, "day": "2027-01-09", "working": "true", "decree": "Qərar 512", "reason": "Yerdəyişmə"}
    hostile = [{"day": "2027-02-30"}, {"day": "abc"}, {"day": "1500-01-01"}, {"day": "2027-01-10", "working": "false"},
               {"working": "maybe"}, {"working": ""}, {"decree": ""}, {"decree": "x" * 201}, {"reason": "a\u202eb"}]
    for fields in hostile:
        answer = browser.post("/console/calendar", data=good | fields)
        assert 400 <= answer.status_code < 500 and "Qeydə alınmadı" in answer.text, (fields, answer.status_code)
    assert browser.get("/v1/calendar/day-swaps", headers=token("operator")).json()["count"] == 0
    assert browser.get("/console/calendar?year=abc").status_code == 422
    browser.cookies.clear()
    sign_in(browser, "supervisor")
    page = browser.get("/console/calendar")
    assert page.status_code == 200 and "Qeydə al</button>" not in page.text  # the supervisor reads, the operator records
    assert browser.post("/console/calendar", data=good | {"csrf": csrf_of(page.text)}).status_code == 403
    assert browser.get("/console/webhooks").status_code == 403


def test_the_sign_in_sends_nobody_elsewhere(browser):
    assert browser.get("/console/sign-in?next=https://attacker.example/").status_code == 422
    form = browser.get("/console/sign-in?next=/console/audit")
    answer = browser.post("/console/sign-in", data={"csrf": csrf_of(form.text), "role": "auditor", "next": "//attacker.example"},
                          follow_redirects=False)
    assert answer.headers["location"] == "/console/"


def test_a_document_is_shown_sandboxed_and_a_pdf_as_images_of_its_pages(browser, token):
    case = submit(browser, token)
    sign_in(browser)
    document = browser.get(f"/v1/cases/{case['id']}", headers=token("employee", unit="BIN")).json()["documents"][0]
    base = f"/console/cases/{case['id']}/documents/{document['sha256']}"
    original = browser.get(base)
    assert original.headers["content-security-policy"].startswith("sandbox;")
    assert original.headers["content-disposition"].startswith("inline")
    assert browser.get(base + "?download=true").headers["content-disposition"].startswith("attachment")
    image = browser.get(base + "/pages/1")
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG") and image.headers["content-type"] == "image/png"
    assert browser.get(base + "/pages/2").status_code == 404  # a one-page document
    assert "səhifə 1" in browser.get(base + "/view").text
