"""The citizen's side of the HTTP API, as a portal drives it: submit, follow, download, withdraw.

What is stored (submissions, the status page, documents, withdrawals) runs on SQLite and on Postgres
through `client`; refusals decided before anything is stored run on SQLite only (`quick_client`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateway.settings import Settings
from tests.conftest import serve, signed_in_with
from tests.http.problems import assert_problem
from tests.samples import JPEG, METER_INSTALLATION, PDF, PNG, SUBSCRIBER_WITH_METER, TECHNICAL_CONDITIONS, ZIP, address_document

TECHNICAL = "/v1/applications/technical-conditions"
METER = "/v1/applications/meter-installation"
LIST = "/v1/applications"
RESULT_PDF = PDF.replace(b"%%EOF", b"% texniki shert\n%%EOF")
SMALL_DOCUMENT_LIMIT = 1024
SMALL_REQUEST_LIMIT = 8 * 1024
OTHER_CITIZEN = {"sub": "7AB12CD", "given_name": "Günel", "family_name": "Məmmədova"}


# --- fixtures and helpers ------------------------------------------------------------------------

@pytest.fixture
def small_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, database_url=None,
                    max_document_bytes=SMALL_DOCUMENT_LIMIT, max_request_bytes=SMALL_REQUEST_LIMIT)


@pytest.fixture
def small_client(small_settings, clock) -> Iterator[TestClient]:
    """A service that accepts documents of at most 1 KiB and requests of at most 8 KiB."""
    yield from serve(small_settings, clock)


def fields_named(problem: dict) -> list[str]:
    return [e["field"] for e in problem.get("errors", [])] or [problem.get("field")]


def without(form: dict, name: str) -> dict:
    return {k: v for k, v in form.items() if k != name}


def submit_technical(client, headers, files=None, form=TECHNICAL_CONDITIONS, **fields):
    return client.post(TECHNICAL, data=form | fields, headers=headers,
                       files=address_document() if files is None else files)


def submit_meter(client, headers, **fields):
    return client.post(METER, json=METER_INSTALLATION | fields, headers=headers)


def registered(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def listed(client, headers, **params) -> dict:
    response = client.get(LIST, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def numbers(page: dict) -> list[str]:
    return [row["number"] for row in page["data"]]


def read(client, headers, application_id) -> dict:
    response = client.get(f"{LIST}/{application_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def employee_does(client, employee, application_id, action: str, **request):
    response = client.post(f"/v1/cases/{application_id}/{action}", headers=employee, **request)
    assert response.status_code == 200, response.text


def route_and_execute(client, employee, application_id, result: bytes = RESULT_PDF) -> None:
    employee_does(client, employee, application_id, "route", json={"unit": "TSS"})
    employee_does(client, employee, application_id, "execution",
                  files={"result_document": ("texniki-sert.pdf", result, "application/pdf")})


def fulfil(client, employee, application_id, result: bytes = RESULT_PDF) -> None:
    route_and_execute(client, employee, application_id, result)
    employee_does(client, employee, application_id, "answer", json={"outcome": "fulfilled"})


def without_request_details(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k not in ("instance", "correlation_id")}


# --- submitting technical conditions -------------------------------------------------------------

def test_a_technical_conditions_application_is_registered_with_its_number_and_the_thank_you_message(client, token):
    response = submit_technical(client, token("citizen"))
    submission = registered(response)
    assert re.fullmatch(r"TS-2026-\d{6}", submission["number"])
    assert submission["status"] == "registered"
    assert submission["status_label"] == "Qeydiyyata alınıb"
    assert submission["message"].startswith("Müraciətiniz qeydiyyata alındı.")
    assert submission["message"].endswith(f"Müraciət nömrəniz: {submission['number']}")
    assert response.headers["location"] == f"{LIST}/{submission['id']}"


def test_the_registered_application_shows_the_applicant_from_the_sign_in_and_the_chosen_address(client, token):
    citizen = token("citizen")
    application = read(client, citizen, registered(submit_technical(client, citizen))["id"])
    assert application["applicant_name"] == "Rəşad Əliyev"
    assert application["source"] == "e-gov"
    assert application["address"] == "Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12/A"
    assert application["kind"] == "technical_conditions"


def test_a_dry_run_answers_the_confirmation_summary_and_records_nothing(client, token):
    citizen = token("citizen")
    response = client.post(TECHNICAL, params={"dry_run": "true"}, data=without(TECHNICAL_CONDITIONS, "confirmed"),
                           files=address_document(), headers=citizen)
    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["fields"] == {
        "Obyektin təyinatı": "Fərdi yaşayış evləri üçün texniki şərtlərin verilməsi", "Rayon": "Binəqədi rayonu",
        "Küçə/qəsəbə/kənd": "Biləcəri qəsəbəsi", "Ev nömrəsi": "12/A", "Telefon": "+994501234567",
        "E-poçt": "resad.aliyev@example.az"}
    assert [(d["role"], d["media_type"], d["name"]) for d in summary["documents"]] == [
        ("address_document", "application/pdf", "çıxarış.pdf")]
    assert listed(client, citizen) == {"data": [], "count": 0}
    assert registered(submit_technical(client, citizen))["number"] == "TS-2026-000001"  # no number was spent


def test_a_dry_run_refuses_what_the_submission_would_refuse(quick_client, quick_token):
    response = quick_client.post(TECHNICAL, params={"dry_run": "true"}, data=TECHNICAL_CONDITIONS | {"place": "Füzuli küçəsi"},
                                 files=address_document(), headers=quick_token("citizen"))
    assert assert_problem(response, 422, "invalid-reference")["field"] == "place"


@pytest.mark.parametrize("name", ["purpose", "district", "house_number", "phone", "email"])
def test_a_missing_required_field_is_refused_naming_it_and_nothing_is_recorded(quick_client, quick_token, name):
    citizen = quick_token("citizen")
    response = submit_technical(quick_client, citizen, form=without(TECHNICAL_CONDITIONS, name))
    body = assert_problem(response, 422, "invalid-request")
    assert fields_named(body) == [name]
    assert listed(quick_client, citizen)["count"] == 0


def test_a_missing_address_document_is_refused_naming_it(quick_client, quick_token):
    response = quick_client.post(TECHNICAL, data=TECHNICAL_CONDITIONS, headers=quick_token("citizen"))
    assert fields_named(assert_problem(response, 422, "invalid-request")) == ["address_document"]


@pytest.mark.parametrize(("name", "value"), [
    ("phone", "12345"), ("email", "resad.example.az"), ("house_number", "12a"), ("confirmed", "bəlkə"),
    ("address_text", "Bakı\x00"),
])
def test_a_malformed_field_is_refused_naming_it(quick_client, quick_token, name, value):
    response = submit_technical(quick_client, quick_token("citizen"), **{name: value, "place_not_in_list": "true"})
    assert fields_named(assert_problem(response, 422, "invalid-request")) == [name]


def test_an_unknown_form_field_is_refused_naming_it(quick_client, quick_token):
    response = submit_technical(quick_client, quick_token("citizen"), flat_number="8")
    assert fields_named(assert_problem(response, 422, "invalid-request")) == ["flat_number"]


def test_an_unconfirmed_form_is_refused_until_the_citizen_confirms_the_data(quick_client, quick_token):
    response = submit_technical(quick_client, quick_token("citizen"), form=without(TECHNICAL_CONDITIONS, "confirmed"))
    assert assert_problem(response, 422, "missing-information")["field"] == "confirmed"


@pytest.mark.parametrize(("name", "value"), [("purpose", "factory"), ("district", "XYZ")])
def test_a_code_that_is_not_in_the_reference_lists_is_refused_naming_the_field(quick_client, quick_token, name, value):
    response = submit_technical(quick_client, quick_token("citizen"), **{name: value})
    assert assert_problem(response, 422, "invalid-reference")["field"] == name


def test_a_place_that_is_not_in_the_districts_list_is_refused(quick_client, quick_token):
    citizen = quick_token("citizen")
    body = assert_problem(submit_technical(quick_client, citizen, place="Füzuli küçəsi"), 422, "invalid-reference")
    assert body["field"] == "place"
    assert "Binəqədi rayonu" in body["detail"]
    assert listed(quick_client, citizen)["count"] == 0


def test_a_place_from_the_list_is_recognised_whatever_the_case_of_its_letters(quick_client, quick_token):
    citizen = quick_token("citizen")
    application_id = registered(submit_technical(quick_client, citizen, place="BİLƏCƏRİ QƏSƏBƏSİ"))["id"]
    assert read(quick_client, citizen, application_id)["address"].startswith("Binəqədi rayonu, BİLƏCƏRİ")


def test_a_place_not_in_the_list_is_accepted_as_the_typed_address(quick_client, quick_token):
    citizen = quick_token("citizen")
    response = submit_technical(quick_client, citizen, form=without(TECHNICAL_CONDITIONS, "place"),
                                place_not_in_list="true", address_text="Yeni yaşayış massivi, 3-cü döngə")
    assert "Yeni yaşayış massivi, 3-cü döngə" in read(quick_client, citizen, registered(response)["id"])["address"]


def test_ticking_place_not_in_list_without_typing_the_address_is_refused(quick_client, quick_token):
    response = submit_technical(quick_client, quick_token("citizen"), form=without(TECHNICAL_CONDITIONS, "place"),
                                place_not_in_list="true")
    assert assert_problem(response, 422, "missing-information")["field"] == "address_text"


def test_applying_for_someone_else_without_a_power_of_attorney_is_refused(quick_client, quick_token):
    citizen = quick_token("citizen")
    body = assert_problem(submit_technical(quick_client, citizen, on_behalf_of_another="true"), 422, "missing-information")
    assert body["field"] == "power_of_attorney"
    assert "etibarnamə" in body["detail"]
    assert listed(quick_client, citizen)["count"] == 0


def test_applying_for_someone_else_with_a_power_of_attorney_is_registered(quick_client, quick_token):
    files = address_document() | {"power_of_attorney": ("etibarnamə.jpg", JPEG, "image/jpeg")}
    registered(submit_technical(quick_client, quick_token("citizen"), files=files, on_behalf_of_another="true"))


def test_a_power_of_attorney_for_ones_own_application_is_refused(quick_client, quick_token):
    files = address_document() | {"power_of_attorney": ("etibarnamə.png", PNG, "image/png")}
    response = submit_technical(quick_client, quick_token("citizen"), files=files)
    assert assert_problem(response, 422, "missing-information")["field"] == "on_behalf_of_another"


@pytest.mark.parametrize("content", [ZIP, b"Bu bir PDF deyil, sadece metndir.\n"], ids=["zip", "text"])
def test_a_document_that_is_not_pdf_jpeg_or_png_by_its_content_is_refused_whatever_its_name(
        quick_client, quick_token, content):
    citizen = quick_token("citizen")
    response = submit_technical(quick_client, citizen, files=address_document(content, name="çıxarış.pdf"))
    body = assert_problem(response, 415, "unsupported-document-type")
    assert "address_document" in body["detail"]
    assert listed(quick_client, citizen)["count"] == 0


def test_a_power_of_attorney_of_the_wrong_type_is_refused_naming_it(quick_client, quick_token):
    files = address_document() | {"power_of_attorney": ("etibarnamə.pdf", ZIP, "application/pdf")}
    response = submit_technical(quick_client, quick_token("citizen"), files=files, on_behalf_of_another="true")
    assert "power_of_attorney" in assert_problem(response, 415, "unsupported-document-type")["detail"]


def test_an_empty_document_is_refused(quick_client, quick_token):
    response = submit_technical(quick_client, quick_token("citizen"), files=address_document(b""))
    assert "address_document" in assert_problem(response, 422, "empty-document")["detail"]


def test_a_document_over_the_size_limit_is_refused_and_nothing_is_recorded(small_client, small_settings):
    citizen = signed_in_with(small_settings)("citizen")
    oversized = PDF + b"0" * (SMALL_DOCUMENT_LIMIT + 1 - len(PDF))
    body = assert_problem(submit_technical(small_client, citizen, files=address_document(oversized)), 413, "document-too-large")
    assert "address_document" in body["detail"]
    assert listed(small_client, citizen)["count"] == 0


def test_a_document_of_exactly_the_size_limit_is_accepted(small_client, small_settings):
    citizen = signed_in_with(small_settings)("citizen")
    at_the_limit = PDF + b"%" + b"0" * (SMALL_DOCUMENT_LIMIT - len(PDF) - 1)  # padded with a comment
    registered(submit_technical(small_client, citizen, files=address_document(at_the_limit)))


def test_a_request_over_the_request_size_limit_is_refused_before_it_is_read(small_client, small_settings):
    citizen = signed_in_with(small_settings)("citizen")
    files = {"address_document": ("a.pdf", PDF, "application/pdf"),
             "power_of_attorney": ("b.png", PNG + b"0" * SMALL_REQUEST_LIMIT, "image/png")}
    assert_problem(submit_technical(small_client, citizen, files=files, on_behalf_of_another="true"), 413, "request-too-large")
    assert listed(small_client, citizen)["count"] == 0


def test_a_refused_submission_spends_no_number(client, token):
    citizen = token("citizen")
    assert_problem(submit_technical(client, citizen, place="Füzuli küçəsi"), 422, "invalid-reference")
    assert registered(submit_technical(client, citizen))["number"] == "TS-2026-000001"


# --- retries with an Idempotency-Key -------------------------------------------------------------

def test_a_retry_with_the_same_key_and_form_returns_the_first_application_and_records_one(client, token):
    citizen = token("citizen") | {"Idempotency-Key": "portal-7f3a"}
    first = registered(submit_technical(client, citizen))
    retry = submit_technical(client, citizen)
    assert retry.status_code == 200, retry.text
    assert retry.headers["idempotent-replayed"] == "true"
    assert retry.json() == first
    assert numbers(listed(client, citizen)) == [first["number"]]


def test_the_same_key_with_a_different_form_is_refused_and_the_first_application_stays(client, token):
    citizen = token("citizen") | {"Idempotency-Key": "portal-7f3a"}
    first = registered(submit_technical(client, citizen))
    body = assert_problem(submit_technical(client, citizen, house_number="14"), 422, "idempotency-key-reused")
    assert "Idempotency-Key" in body["detail"]
    page = listed(client, citizen)
    assert numbers(page) == [first["number"]]
    assert page["data"][0]["address"].endswith("ev 12/A")


def test_the_same_key_from_another_citizen_registers_their_own_application(quick_client, quick_token):
    key = {"Idempotency-Key": "portal-7f3a"}
    mine = registered(submit_technical(quick_client, quick_token("citizen") | key))
    theirs = registered(submit_technical(quick_client, quick_token("citizen", **OTHER_CITIZEN) | key))
    assert theirs["id"] != mine["id"]


# --- submitting meter installation ---------------------------------------------------------------

def test_a_meter_installation_application_is_registered_for_the_subscriber(client, token):
    citizen = token("citizen")
    submission = registered(submit_meter(client, citizen))
    assert re.fullmatch(r"SQ-2026-\d{6}", submission["number"])
    assert submission["message"].endswith(f"Müraciət nömrəniz: {submission['number']}")
    application = read(client, citizen, submission["id"])
    assert application["kind"] == "meter_installation"
    assert application["kind_label"] == "Su sayğaclarının quraşdırılması"
    assert application["address"] == "Binəqədi qəsəbəsi, ev 12"


def test_a_subscriber_with_an_active_meter_must_confirm_an_additional_one(client, token):
    citizen = token("citizen")
    unconfirmed = submit_meter(client, citizen, subscriber_code=SUBSCRIBER_WITH_METER, reason="additional_meter")
    body = assert_problem(unconfirmed, 422, "additional-meter-not-confirmed")
    assert "confirm_additional_meter" in body["detail"]
    assert listed(client, citizen)["count"] == 0
    registered(submit_meter(client, citizen, subscriber_code=SUBSCRIBER_WITH_METER, reason="additional_meter",
                            confirm_additional_meter=True))
    assert listed(client, citizen)["count"] == 1


def test_an_unknown_subscriber_is_refused_and_nothing_is_recorded(quick_client, quick_token):
    citizen = quick_token("citizen")
    body = assert_problem(submit_meter(quick_client, citizen, subscriber_code="9999999999"), 422, "unknown-subscriber")
    assert "9999999999" in body["detail"]
    assert listed(quick_client, citizen)["count"] == 0


def test_an_unknown_field_in_a_meter_application_is_refused_naming_it(quick_client, quick_token):
    response = submit_meter(quick_client, quick_token("citizen"), confirm_aditional_meter=True)
    assert fields_named(assert_problem(response, 422, "invalid-request")) == ["confirm_aditional_meter"]


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("subscriber_code", "12-34", "invalid-request"),
    ("phone", "+994 12 497 00 00", "invalid-request"),  # a Baku landline: no SMS reaches it
    ("description", "x" * 2001, "invalid-request"),
    ("reason", "cheaper_water", "invalid-reference"),
])
def test_a_malformed_meter_application_is_refused_naming_the_field(quick_client, quick_token, name, value, problem):
    response = submit_meter(quick_client, quick_token("citizen"), **{name: value})
    assert fields_named(assert_problem(response, 422, problem)) == [name]


def test_a_landline_given_for_the_sms_is_refused_in_words_the_citizen_reads(quick_client, quick_token):
    response = submit_meter(quick_client, quick_token("citizen"), phone="012 497 00 00")
    problem = assert_problem(response, 422, "invalid-request")
    assert fields_named(problem) == ["phone"]
    assert "SMS yalnız mobil nömrəyə göndərilir" in problem["detail"]


def test_a_meter_application_that_is_not_json_is_refused(quick_client, quick_token):
    response = quick_client.post(METER, content=b"{subscriber_code:", headers=quick_token("citizen") | {
        "content-type": "application/json"})
    assert_problem(response, 422, "invalid-request")


# --- the status page ("Müraciətin statusunu yoxla") ----------------------------------------------

def submit_three(client, citizen) -> tuple[dict, dict, dict]:
    """Biləcəri technical conditions, then Xocəsən technical conditions, then a meter."""
    first = registered(submit_technical(client, citizen))
    second = registered(submit_technical(client, citizen, place="Xocəsən qəsəbəsi"))
    meter = registered(submit_meter(client, citizen))
    return first, second, meter


def test_the_list_is_paged_newest_first_with_the_total_count(client, token):
    citizen = token("citizen")
    first, second, meter = submit_three(client, citizen)
    page_one = listed(client, citizen, page=1, page_size=2)
    assert (numbers(page_one), page_one["count"]) == ([meter["number"], second["number"]], 3)
    page_two = listed(client, citizen, page=2, page_size=2)
    assert (numbers(page_two), page_two["count"]) == ([first["number"]], 3)
    assert listed(client, citizen, page=3, page_size=2) == {"data": [], "count": 3}


@pytest.fixture
def busy_settings(tmp_path) -> Settings:
    """Eleven open applications filed within the hour are past a citizen's limits: raised, to reach a second page."""
    return Settings(_env_file=None, data_dir=tmp_path, database_url=None, rate_limit_submissions_per_citizen=20,
                    max_open_applications_per_kind=20)


@pytest.fixture
def busy_client(busy_settings, clock) -> Iterator[TestClient]:
    yield from serve(busy_settings, clock)


def test_the_list_shows_ten_rows_unless_asked_otherwise(busy_client, busy_settings):
    client, citizen = busy_client, signed_in_with(busy_settings)("citizen")
    for _ in range(11):
        registered(submit_meter(client, citizen))
    page = listed(client, citizen)
    assert (len(page["data"]), page["count"]) == (10, 11)


def test_searching_by_number_finds_that_application(client, token):
    citizen = token("citizen")
    _, second, _ = submit_three(client, citizen)
    assert numbers(listed(client, citizen, q=second["number"])) == [second["number"]]


def test_searching_by_text_ignores_the_case_of_azerbaijani_letters(client, token):
    citizen = token("citizen")
    first, second, meter = submit_three(client, citizen)
    assert numbers(listed(client, citizen, q="XOCƏSƏN")) == [second["number"]]
    assert numbers(listed(client, citizen, q="biləcəri")) == [first["number"]]
    assert listed(client, citizen, q="ƏLİYEV")["count"] == 3
    assert numbers(listed(client, citizen, q=METER_INSTALLATION["subscriber_code"])) == [meter["number"]]


def test_search_wildcards_typed_by_the_citizen_match_only_themselves(client, token):
    citizen = token("citizen")
    submit_three(client, citizen)
    assert listed(client, citizen, q="%") == {"data": [], "count": 0}
    assert listed(client, citizen, q="_") == {"data": [], "count": 0}


def test_the_list_filters_by_status_and_by_kind(client, token):
    citizen = token("citizen")
    first, second, meter = submit_three(client, citizen)
    assert client.post(f"{LIST}/{first['id']}/withdraw", headers=citizen).status_code == 200
    assert numbers(listed(client, citizen, status="withdrawn")) == [first["number"]]
    assert numbers(listed(client, citizen, status="registered")) == [meter["number"], second["number"]]
    assert numbers(listed(client, citizen, kind="meter_installation")) == [meter["number"]]
    assert numbers(listed(client, citizen, kind="technical_conditions", status="registered")) == [second["number"]]


@pytest.mark.parametrize("params", [
    {"page": 0}, {"page_size": 0}, {"page_size": 101}, {"status": "lost"}, {"kind": "electricity"},
    {"q": "x" * 101}, {"q": "Bakı\x00"},
])
def test_list_parameters_out_of_range_are_refused_naming_them(quick_client, quick_token, params):
    response = quick_client.get(LIST, params=params, headers=quick_token("citizen"))
    assert fields_named(assert_problem(response, 422, "invalid-request")) == list(params)


def test_another_citizen_sees_none_of_them(client, token):
    citizen, other = token("citizen"), token("citizen", **OTHER_CITIZEN)
    submit_three(client, citizen)
    assert listed(client, other) == {"data": [], "count": 0}
    assert listed(client, other, q="ƏLİYEV") == {"data": [], "count": 0}


# --- one application, with its timeline -----------------------------------------------------------

def test_an_application_shows_its_timeline_and_only_the_notes_meant_for_the_citizen(client, token):
    citizen, employee = token("citizen"), token("employee")
    application_id = registered(submit_technical(client, citizen))["id"]
    employee_does(client, employee, application_id, "route", json={"unit": "TSS"})
    employee_does(client, employee, application_id, "notes", json={"text": "Sənədlər yoxlanılır", "visible_to_applicant": True})
    employee_does(client, employee, application_id, "notes", json={"text": "Daxili: sahəyə baxış", "visible_to_applicant": False})
    response = client.get(f"{LIST}/{application_id}", headers=citizen)
    assert response.status_code == 200
    application = response.json()
    assert (application["status"], application["status_label"]) == ("in_progress", "İcraya yönləndirilib")
    assert [(t["type"], t["status"]) for t in application["timeline"]] == [
        ("Submitted", "registered"), ("Routed", "in_progress"), ("NoteAdded", "in_progress")]
    assert [n["text"] for n in application["notes"]] == ["Sənədlər yoxlanılır"]
    assert "Daxili" not in response.text
    assert response.headers["etag"] == f'"{application["version"]}"'


def test_someone_elses_application_is_not_found_exactly_like_one_that_does_not_exist(client, token):
    application_id = registered(submit_technical(client, token("citizen")))["id"]
    other = token("citizen", **OTHER_CITIZEN)
    theirs = assert_problem(client.get(f"{LIST}/{application_id}", headers=other), 404, "application-not-found")
    nobodys = assert_problem(client.get(f"{LIST}/{uuid.uuid4()}", headers=other), 404, "application-not-found")
    assert without_request_details(theirs) == without_request_details(nobodys)


def test_an_application_id_that_is_not_a_uuid_names_no_application(quick_client, quick_token):
    # The path's id is a UUID by its route's convertor: anything else names nothing (404), and a word such
    # as `technical-conditions` reaches the POST-only route of that name instead (405, tests/http/test_methods.py).
    response = quick_client.get(f"{LIST}/TS-2026-000001", headers=quick_token("citizen"))
    assert_problem(response, 404, "not-found")


# --- the result document ---------------------------------------------------------------------------

def test_the_result_document_can_be_downloaded_once_answered_as_fulfilled(client, token):
    citizen, employee = token("citizen"), token("employee")
    application_id = registered(submit_technical(client, citizen))["id"]
    fulfil(client, employee, application_id)
    application = read(client, citizen, application_id)
    assert (application["status"], application["outcome"]) == ("answered", "fulfilled")
    assert application["result_document"]["role"] == "result"
    download = client.get(f"{LIST}/{application_id}/result", headers=citizen)
    assert download.status_code == 200
    assert download.content == RESULT_PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["etag"] == f'"{application["result_document"]["sha256"]}"'


def test_the_result_cannot_be_downloaded_before_the_answer(quick_client, quick_token):
    citizen, employee = quick_token("citizen"), quick_token("employee")
    application_id = registered(submit_technical(quick_client, citizen))["id"]
    path = f"{LIST}/{application_id}/result"
    before = assert_problem(quick_client.get(path, headers=citizen), 409, "result-not-ready")["detail"]
    assert before.startswith("The result is not ready") and "'registered'" in before
    route_and_execute(quick_client, employee, application_id)
    assert "'executed'" in assert_problem(quick_client.get(path, headers=citizen), 409, "result-not-ready")["detail"]
    assert read(quick_client, citizen, application_id)["result_document"] is None


def test_a_refused_application_has_no_result_to_download(quick_client, quick_token):
    citizen, employee = quick_token("citizen"), quick_token("employee")
    application_id = registered(submit_technical(quick_client, citizen))["id"]
    employee_does(quick_client, employee, application_id, "route", json={"unit": "TSS"})
    employee_does(quick_client, employee, application_id, "answer", json={"outcome": "refused", "reason_code": "no_network_capacity"})
    assert read(quick_client, citizen, application_id)["reason_label"] == "Ərazidə şəbəkənin qoşulma imkanı yoxdur"
    refusal = assert_problem(quick_client.get(f"{LIST}/{application_id}/result", headers=citizen), 409, "no-result-document")
    assert refusal["detail"].startswith("A refused application has no result document")
    assert "answered" not in refusal["detail"]


def test_a_withdrawn_application_has_no_result_to_download(quick_client, quick_token):
    citizen = quick_token("citizen")
    application_id = registered(submit_technical(quick_client, citizen))["id"]
    assert quick_client.post(f"{LIST}/{application_id}/withdraw", headers=citizen).status_code == 200
    refusal = assert_problem(quick_client.get(f"{LIST}/{application_id}/result", headers=citizen), 409, "no-result-document")
    assert refusal["detail"] == "A withdrawn application has no result document."


def test_someone_elses_result_document_is_not_found(quick_client, quick_token):
    application_id = registered(submit_technical(quick_client, quick_token("citizen")))["id"]
    fulfil(quick_client, quick_token("employee"), application_id)
    other = quick_token("citizen", **OTHER_CITIZEN)
    assert_problem(quick_client.get(f"{LIST}/{application_id}/result", headers=other), 404, "application-not-found")


# --- withdrawing ------------------------------------------------------------------------------------

def test_an_open_application_can_be_withdrawn(client, token):
    citizen = token("citizen")
    application_id = registered(submit_technical(client, citizen))["id"]
    response = client.post(f"{LIST}/{application_id}/withdraw", headers=citizen)
    assert response.status_code == 200, response.text
    assert (response.json()["status"], response.json()["status_label"]) == ("withdrawn", "Geri götürülüb")
    assert [t["type"] for t in read(client, citizen, application_id)["timeline"]] == ["Submitted", "Withdrawn"]


def test_withdrawing_twice_is_refused_and_records_nothing(client, token):
    citizen = token("citizen")
    application_id = registered(submit_technical(client, citizen))["id"]
    assert client.post(f"{LIST}/{application_id}/withdraw", headers=citizen).status_code == 200
    before = read(client, citizen, application_id)
    again = client.post(f"{LIST}/{application_id}/withdraw", headers=citizen)
    assert "withdrawn" in assert_problem(again, 409, "transition-not-allowed")["detail"]
    assert read(client, citizen, application_id) == before


def test_answering_a_withdrawn_application_is_refused_and_records_nothing(client, token):
    citizen, employee = token("citizen"), token("employee")
    application_id = registered(submit_technical(client, citizen))["id"]
    employee_does(client, employee, application_id, "route", json={"unit": "TSS"})
    assert client.post(f"{LIST}/{application_id}/withdraw", headers=citizen).status_code == 200
    before = read(client, citizen, application_id)
    answer = client.post(f"/v1/cases/{application_id}/answer", headers=employee,
                         json={"outcome": "refused", "reason_code": "no_network_capacity"})
    assert "withdrawn" in assert_problem(answer, 409, "transition-not-allowed")["detail"]
    assert read(client, citizen, application_id) == before


def test_an_executed_application_can_no_longer_be_withdrawn(quick_client, quick_token):
    citizen = quick_token("citizen")
    application_id = registered(submit_technical(quick_client, citizen))["id"]
    route_and_execute(quick_client, quick_token("employee"), application_id)
    assert_problem(quick_client.post(f"{LIST}/{application_id}/withdraw", headers=citizen), 409, "transition-not-allowed")
    assert read(quick_client, citizen, application_id)["status"] == "executed"


def test_someone_elses_application_cannot_be_withdrawn(quick_client, quick_token):
    citizen = quick_token("citizen")
    application_id = registered(submit_technical(quick_client, citizen))["id"]
    other = quick_token("citizen", **OTHER_CITIZEN)
    assert_problem(quick_client.post(f"{LIST}/{application_id}/withdraw", headers=other), 404, "application-not-found")
    assert read(quick_client, citizen, application_id)["status"] == "registered"


# --- who may call ------------------------------------------------------------------------------------

SOME_ID = "0b5c3c8e-2f1d-4d8a-9a43-7c0e8a7b9c11"
CITIZEN_ENDPOINTS = [
    ("GET", LIST), ("GET", f"{LIST}/{SOME_ID}"), ("GET", f"{LIST}/{SOME_ID}/result"),
    ("POST", f"{LIST}/{SOME_ID}/withdraw"), ("POST", TECHNICAL), ("POST", METER),
]


@pytest.mark.parametrize(("method", "path"), CITIZEN_ENDPOINTS)
def test_citizen_endpoints_without_a_token_ask_to_sign_in(quick_client, method, path):
    response = quick_client.request(method, path)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path"), CITIZEN_ENDPOINTS)
@pytest.mark.parametrize("role", ["employee", "auditor"])
def test_citizen_endpoints_refuse_staff_tokens(quick_client, quick_token, method, path, role):
    body = assert_problem(quick_client.request(method, path, headers=quick_token(role)), 403, "forbidden")
    assert "citizen" in body["detail"]


def test_a_citizen_cannot_reach_the_back_office(quick_client, quick_token):
    citizen = quick_token("citizen")
    assert_problem(quick_client.get("/v1/cases", headers=citizen), 403, "forbidden")
    assert_problem(quick_client.post(f"/v1/cases/{SOME_ID}/route", json={"unit": "TSS"}, headers=citizen), 403, "forbidden")


def test_a_token_that_is_not_a_valid_jwt_is_refused(quick_client):
    response = quick_client.get(LIST, headers={"Authorization": "Bearer not.a.jwt"})
    assert_problem(response, 401, "unauthenticated")


def test_a_token_whose_name_carries_control_characters_is_refused(quick_client, quick_token):
    response = quick_client.get(LIST, headers=quick_token("citizen", given_name="Rə\x00şad"))
    assert_problem(response, 401, "unauthenticated")
