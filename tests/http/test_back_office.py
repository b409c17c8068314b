"""The employee's back office over HTTP: seeing the unit's cases, working them, and every refusal.

Runs on SQLite and on Postgres (the `client` fixture follows `settings`). The default employee
token belongs to unit BIN (Binəqədi), where the sample applications arrive.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.http.problems import assert_problem
from tests.samples import (
    JPEG,
    METER_INSTALLATION,
    PAGE,
    PDF,
    PNG,
    TECHNICAL_CONDITIONS,
    ZIP,
    address_document,
    pdf_document,
)

RESULT_PDF = pdf_document(PAGE[0].replace(b"/Catalog", b"/Catalog /Title (Texniki sert)"), *PAGE[1:])


# --- helpers: what a portal and an employee send ----------------------------------------------------

def submit_technical_conditions(client, token, **changes) -> str:
    form = TECHNICAL_CONDITIONS | changes
    response = client.post("/v1/applications/technical-conditions", data=form, files=address_document(),
                           headers=token("citizen"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def submit_meter_installation(client, token, **changes) -> str:
    response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION | changes,
                           headers=token("citizen"))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def read_case(client, headers, case_id: str):
    return client.get(f"/v1/cases/{case_id}", headers=headers)


def version_of(client, headers, case_id: str) -> int:
    response = read_case(client, headers, case_id)
    assert response.status_code == 200, response.text
    return response.json()["version"]


def etag_version(response) -> int:
    return int(response.headers["ETag"].strip('"'))


def command(client, headers, case_id: str, action: str, body: dict, version: int | None = None):
    if version is not None:
        headers = headers | {"If-Match": f'"{version}"'}
    return client.post(f"/v1/cases/{case_id}/{action}", json=body, headers=headers)


def execute(client, headers, case_id: str, content: bytes = RESULT_PDF, name: str = "netice.pdf", **act):
    files = {"result_document": (name, content, "application/pdf")}
    return client.post(f"/v1/cases/{case_id}/execution", data=act, files=files, headers=headers)


INSTALLATION_ACT = {"act_kind": "installation", "meter_serial": "AZ-SM-300001", "initial_reading": "0.5",
                    "seal_number": "PL-77120"}
EXECUTOR = {"executors": [{"id": "emp-2040", "name": "Kamran Məmmədov"}]}


def routed_meter_case(client, token, **changes) -> str:
    case_id = submit_meter_installation(client, token, **changes)
    assert command(client, token("employee"), case_id, "route", {"unit": "BIN"}).status_code == 200
    return case_id


# --- seeing the unit's cases --------------------------------------------------------------------------

def test_an_employee_sees_the_cases_arriving_at_their_unit(client, token):
    case_id = submit_technical_conditions(client, token)

    listed = client.get("/v1/cases", headers=token("employee"))

    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["data"]] == [case_id]
    assert listed.json()["count"] == 1


def test_an_employee_of_another_unit_sees_none_of_the_cases_and_cannot_touch_them(client, token):
    case_id = submit_technical_conditions(client, token)
    sha = read_case(client, token("employee"), case_id).json()["documents"][0]["sha256"]
    stranger = token("employee", unit="NAR")

    assert client.get("/v1/cases", headers=stranger).json() == {"data": [], "count": 0}
    assert_problem(read_case(client, stranger, case_id), 404, "application-not-found")
    assert_problem(client.get(f"/v1/cases/{case_id}/documents/{sha}", headers=stranger), 404, "application-not-found")
    assert_problem(command(client, stranger, case_id, "route", {"unit": "TSS"}), 404, "application-not-found")
    assert version_of(client, token("employee"), case_id) == 1


def test_the_executing_unit_sees_a_case_routed_to_it_from_any_district(client, token):
    from_binaqadi = submit_technical_conditions(client, token)
    from_narimanov = submit_technical_conditions(client, token, district="NAR", place="Təbriz küçəsi")
    assert command(client, token("employee"), from_binaqadi, "route", {"unit": "TSS"}).status_code == 200
    assert command(client, token("employee", unit="NAR"), from_narimanov, "route", {"unit": "TSS"}).status_code == 200
    technical_office = token("employee", unit="TSS")

    everything = client.get("/v1/cases", headers=technical_office).json()
    of_narimanov = client.get("/v1/cases", params={"district": "NAR"}, headers=technical_office).json()

    assert {row["id"] for row in everything["data"]} == {from_binaqadi, from_narimanov}
    assert [row["id"] for row in of_narimanov["data"]] == [from_narimanov]


def test_the_case_list_filters_by_status_kind_and_assignee(client, token):
    employee = token("employee")
    waiting = submit_technical_conditions(client, token)
    meter = routed_meter_case(client, token)
    assert command(client, employee, meter, "executors", EXECUTOR).status_code == 200

    def ids(**params) -> list[str]:
        response = client.get("/v1/cases", params=params, headers=employee)
        assert response.status_code == 200, response.text
        return [row["id"] for row in response.json()["data"]]

    assert ids(status="registered") == [waiting]
    assert ids(status="in_progress") == [meter]
    assert ids(kind="meter_installation") == [meter]
    assert ids(kind="technical_conditions") == [waiting]
    assert ids(assignee="emp-2040") == [meter]
    assert ids(assignee="emp-9999") == []


def test_a_case_lists_its_uploaded_documents_and_each_downloads_with_the_bytes_uploaded(client, token):
    files = {"address_document": ("çıxarış.pdf", PDF, "application/pdf"),
             "power_of_attorney": ("etibarnamə.png", PNG, "image/png")}
    submitted = client.post("/v1/applications/technical-conditions", files=files, headers=token("citizen"),
                            data=TECHNICAL_CONDITIONS | {"on_behalf_of_another": "true"})
    case_id = submitted.json()["id"]
    employee = token("employee")

    documents = read_case(client, employee, case_id).json()["documents"]

    assert {(d["role"], d["sha256"], d["media_type"], d["size"]) for d in documents} == {
        ("address_document", hashlib.sha256(PDF).hexdigest(), "application/pdf", len(PDF)),
        ("power_of_attorney", hashlib.sha256(PNG).hexdigest(), "image/png", len(PNG))}
    for uploaded, media_type in ((PDF, "application/pdf"), (PNG, "image/png")):
        download = client.get(f"/v1/cases/{case_id}/documents/{hashlib.sha256(uploaded).hexdigest()}", headers=employee)
        assert download.status_code == 200
        assert download.content == uploaded
        assert download.headers["content-type"] == media_type


def test_a_document_the_case_does_not_record_is_not_found(client, token):
    case_id = submit_technical_conditions(client, token)
    other = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                        files=address_document(JPEG, "foto.jpg"), headers=token("citizen")).json()["id"]
    employee = token("employee")

    unknown = client.get(f"/v1/cases/{case_id}/documents/{'0' * 64}", headers=employee)
    of_another_case = client.get(f"/v1/cases/{case_id}/documents/{hashlib.sha256(JPEG).hexdigest()}", headers=employee)

    assert_problem(unknown, 404, "application-not-found")
    assert_problem(of_another_case, 404, "application-not-found")
    assert client.get(f"/v1/cases/{other}/documents/{hashlib.sha256(JPEG).hexdigest()}", headers=employee).status_code == 200


# --- working a case -------------------------------------------------------------------------------

def test_each_command_answers_with_the_new_version_as_etag_and_the_read_agrees(client, token):
    case_id = submit_meter_installation(client, token)
    employee = token("employee")
    seen = read_case(client, employee, case_id)
    assert etag_version(seen) == seen.json()["version"] == 1

    routed = command(client, employee, case_id, "route", {"unit": "BIN"}, version=etag_version(seen))
    assigned = command(client, employee, case_id, "executors", EXECUTOR, version=etag_version(routed))

    assert (etag_version(routed), etag_version(assigned)) == (2, 3)
    assert assigned.json()["version"] == 3
    assert assigned.json()["executors"] == EXECUTOR["executors"]
    again = read_case(client, employee, case_id)
    assert etag_version(again) == again.json()["version"] == 3
    assert (again.json()["status"], again.json()["executing_unit"]) == ("in_progress", "BIN")


def test_a_note_for_the_applicant_shows_on_the_status_page_and_an_internal_one_does_not(client, token):
    case_id = routed_meter_case(client, token)
    employee = token("employee")
    command(client, employee, case_id, "notes", {"text": "Usta sabah saat 10-da gələcək.", "visible_to_applicant": True})
    command(client, employee, case_id, "notes", {"text": "Anbarda 2 sayğac qalıb.", "visible_to_applicant": False})

    seen_by_citizen = client.get(f"/v1/applications/{case_id}", headers=token("citizen")).json()
    seen_by_employee = read_case(client, employee, case_id).json()

    assert [n["text"] for n in seen_by_citizen["notes"]] == ["Usta sabah saat 10-da gələcək."]
    assert [t["type"] for t in seen_by_citizen["timeline"]] == ["Submitted", "Routed", "NoteAdded"]
    assert [n["text"] for n in seen_by_employee["notes"]] == ["Usta sabah saat 10-da gələcək.", "Anbarda 2 sayğac qalıb."]
    assert [t["type"] for t in seen_by_employee["timeline"]][-2:] == ["NoteAdded", "NoteAdded"]


def test_technical_conditions_are_executed_with_their_document_and_the_citizen_downloads_it(client, token):
    case_id = submit_technical_conditions(client, token)
    assert command(client, token("employee"), case_id, "route", {"unit": "TSS"}).status_code == 200
    technical_office = token("employee", unit="TSS")

    executed = execute(client, technical_office, case_id)
    answered = command(client, technical_office, case_id, "answer", {"outcome": "fulfilled"})

    assert executed.status_code == 200, executed.text
    assert executed.json()["status"] == "executed"
    assert executed.json()["result_document"]["sha256"] == hashlib.sha256(RESULT_PDF).hexdigest()
    assert executed.json()["act"] is None
    assert answered.status_code == 200, answered.text
    assert (answered.json()["status"], answered.json()["outcome"]) == ("answered", "fulfilled")
    result = client.get(f"/v1/applications/{case_id}/result", headers=token("citizen"))
    assert result.status_code == 200
    assert result.content == RESULT_PDF


def test_a_meter_installation_is_executed_with_its_act_and_answered_as_fulfilled(client, token):
    case_id = routed_meter_case(client, token)
    employee = token("employee")
    command(client, employee, case_id, "executors", EXECUTOR)

    executed = execute(client, employee, case_id, **INSTALLATION_ACT)
    answered = command(client, employee, case_id, "answer", {"outcome": "fulfilled"}, version=etag_version(executed))

    assert executed.status_code == 200, executed.text
    assert executed.json()["act"] == {"kind": "installation", "meter_serial": "AZ-SM-300001", "initial_reading": 0.5,
                                      "seal_number": "PL-77120"}
    assert answered.status_code == 200, answered.text
    citizen_view = client.get(f"/v1/applications/{case_id}", headers=token("citizen")).json()
    assert (citizen_view["status"], citizen_view["outcome"]) == ("answered", "fulfilled")
    assert citizen_view["result_document"]["sha256"] == hashlib.sha256(RESULT_PDF).hexdigest()


def test_the_subscribers_own_meter_is_registered_with_a_registration_act(client, token):
    case_id = routed_meter_case(client, token, reason="register_own_meter")
    employee = token("employee")
    command(client, employee, case_id, "executors", EXECUTOR)

    executed = execute(client, employee, case_id, **(INSTALLATION_ACT | {"act_kind": "registration"}))

    assert executed.status_code == 200, executed.text
    assert executed.json()["act"]["kind"] == "registration"


def test_an_installation_act_for_a_registration_request_is_refused(client, token):
    case_id = routed_meter_case(client, token, reason="register_own_meter")
    employee = token("employee")
    command(client, employee, case_id, "executors", EXECUTOR)

    refused = execute(client, employee, case_id, **INSTALLATION_ACT)

    assert assert_problem(refused, 422, "invalid-reference")["field"] == "act.kind"
    assert version_of(client, employee, case_id) == 3


def test_a_case_that_cannot_be_executed_is_refused_with_a_reason_the_citizen_sees(client, token):
    case_id = routed_meter_case(client, token)

    refused = command(client, token("employee"), case_id, "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})

    assert refused.status_code == 200, refused.text
    assert (refused.json()["outcome"], refused.json()["reason_code"]) == ("refused", "no_meter_in_stock")
    citizen_view = client.get(f"/v1/applications/{case_id}", headers=token("citizen")).json()
    assert (citizen_view["status"], citizen_view["reason_label"]) == ("answered", "Sayğac ehtiyatı yoxdur")
    assert citizen_view["result_document"] is None


@pytest.mark.parametrize(("body", "problem", "field"), [
    ({"outcome": "refused", "reason_code": "moon_in_wrong_phase"}, "invalid-reference", "reason_code"),
    ({"outcome": "refused", "reason_code": "no_network_capacity"}, "invalid-reference", "reason_code"),
    ({"outcome": "refused"}, "missing-information", "reason_code"),
], ids=["unknown-code", "code-of-the-other-service", "no-code"])
def test_a_refusal_without_a_fitting_reason_code_is_refused_and_records_nothing(client, token, body, problem, field):
    case_id = routed_meter_case(client, token)

    refused = command(client, token("employee"), case_id, "answer", body)

    assert assert_problem(refused, 422, problem)["field"] == field
    assert version_of(client, token("employee"), case_id) == 2


# --- commands that do not fit the case's state ------------------------------------------------------

def test_recording_execution_before_routing_is_refused_and_records_nothing(client, token, services):
    case_id = submit_technical_conditions(client, token)

    refused = execute(client, token("employee"), case_id)

    assert_problem(refused, 409, "transition-not-allowed")
    assert version_of(client, token("employee"), case_id) == 1
    assert services.registry.documents.get(hashlib.sha256(RESULT_PDF).hexdigest()) is None


def test_answering_a_withdrawn_application_is_refused_and_records_nothing(client, token):
    case_id = routed_meter_case(client, token)
    assert client.post(f"/v1/applications/{case_id}/withdraw", headers=token("citizen")).status_code == 200

    refused = command(client, token("employee"), case_id, "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})

    assert_problem(refused, 409, "transition-not-allowed")
    case = read_case(client, token("employee"), case_id).json()
    assert (case["status"], case["version"], case["outcome"]) == ("withdrawn", 3, None)


def test_routing_an_answered_application_is_refused_and_records_nothing(client, token):
    case_id = routed_meter_case(client, token)
    employee = token("employee")
    command(client, employee, case_id, "answer", {"outcome": "refused", "reason_code": "water_line_unsuitable"})

    refused = command(client, employee, case_id, "route", {"unit": "SQS"})

    assert_problem(refused, 409, "transition-not-allowed")
    case = read_case(client, employee, case_id).json()
    assert (case["status"], case["executing_unit"], case["version"]) == ("answered", "BIN", 3)


def test_answering_as_fulfilled_before_execution_is_refused(client, token):
    case_id = routed_meter_case(client, token)

    refused = command(client, token("employee"), case_id, "answer", {"outcome": "fulfilled"})

    assert_problem(refused, 409, "transition-not-allowed")
    assert version_of(client, token("employee"), case_id) == 2


def test_a_meter_cannot_be_recorded_as_installed_before_an_executor_is_assigned(client, token):
    case_id = routed_meter_case(client, token)

    refused = execute(client, token("employee"), case_id, **INSTALLATION_ACT)

    assert_problem(refused, 409, "executor-not-assigned")
    assert version_of(client, token("employee"), case_id) == 2


def test_a_meter_installation_without_its_act_is_refused(client, token):
    case_id = routed_meter_case(client, token)
    command(client, token("employee"), case_id, "executors", EXECUTOR)

    refused = execute(client, token("employee"), case_id)

    assert assert_problem(refused, 422, "missing-information")["field"] == "act"


def test_a_technical_conditions_case_is_not_executed_with_a_meter_act(client, token):
    case_id = submit_technical_conditions(client, token)
    command(client, token("employee"), case_id, "route", {"unit": "TSS"})

    refused = execute(client, token("employee"), case_id, **INSTALLATION_ACT)

    assert assert_problem(refused, 422, "invalid-reference")["field"] == "act"


def test_routing_to_a_unit_that_does_not_execute_the_kind_is_refused(client, token):
    case_id = submit_technical_conditions(client, token)

    refused = command(client, token("employee"), case_id, "route", {"unit": "BIN"})

    assert assert_problem(refused, 422, "invalid-reference")["field"] == "unit"
    assert version_of(client, token("employee"), case_id) == 1


# --- optimistic concurrency: If-Match ----------------------------------------------------------------

def test_a_command_decided_on_a_stale_version_is_refused_with_409_and_records_nothing(client, token):
    case_id = routed_meter_case(client, token)
    employee = token("employee")

    refused = command(client, employee, case_id, "notes", {"text": "Köhnə məlumatla yazılıb."}, version=1)

    body = assert_problem(refused, 409, "stale-version")
    assert "version 2" in body["detail"]
    case = read_case(client, employee, case_id).json()
    assert (case["version"], case["notes"]) == (2, [])
    reloaded = read_case(client, employee, case_id)
    retried = command(client, employee, case_id, "notes", {"text": "Köhnə məlumatla yazılıb."}, version=etag_version(reloaded))
    assert retried.status_code == 200, retried.text


def test_a_stale_if_match_on_execution_keeps_the_result_document_out(client, token, services):
    case_id = routed_meter_case(client, token)
    employee = token("employee")
    command(client, employee, case_id, "executors", EXECUTOR)

    refused = execute(client, employee | {"If-Match": '"2"'}, case_id, **INSTALLATION_ACT)

    assert_problem(refused, 409, "stale-version")
    assert version_of(client, employee, case_id) == 3
    assert services.registry.documents.get(hashlib.sha256(RESULT_PDF).hexdigest()) is None


def test_if_match_that_is_not_a_version_is_refused(client, token):
    case_id = submit_meter_installation(client, token)

    refused = command(client, token("employee") | {"If-Match": '"abc"'}, case_id, "route", {"unit": "BIN"})

    assert assert_problem(refused, 422, "invalid-reference")["field"] == "If-Match"
    assert version_of(client, token("employee"), case_id) == 1


def test_if_match_star_or_none_applies_the_command_to_the_current_version(client, token):
    case_id = submit_meter_installation(client, token)
    employee = token("employee")

    routed = command(client, employee | {"If-Match": "*"}, case_id, "route", {"unit": "BIN"})
    noted = command(client, employee, case_id, "notes", {"text": "Qeyd."})

    assert (routed.status_code, noted.status_code) == (200, 200)
    assert etag_version(noted) == 3


# --- malformed requests -----------------------------------------------------------------------------

def test_a_result_document_that_is_not_pdf_jpeg_or_png_is_refused_with_415(client, token, services):
    case_id = submit_technical_conditions(client, token)
    command(client, token("employee"), case_id, "route", {"unit": "TSS"})

    refused = execute(client, token("employee"), case_id, content=ZIP, name="netice.pdf")

    assert_problem(refused, 415, "unsupported-document-type")
    assert version_of(client, token("employee"), case_id) == 2
    assert services.registry.documents.get(hashlib.sha256(ZIP).hexdigest()) is None


def test_an_empty_result_document_is_refused(client, token):
    case_id = submit_technical_conditions(client, token)
    command(client, token("employee"), case_id, "route", {"unit": "TSS"})

    refused = execute(client, token("employee"), case_id, content=b"")

    assert_problem(refused, 422, "empty-document")
    assert version_of(client, token("employee"), case_id) == 2


@pytest.mark.parametrize("missing", ["meter_serial", "initial_reading", "seal_number"])
def test_an_act_missing_a_field_is_refused_with_422_naming_it(client, token, missing):
    case_id = routed_meter_case(client, token)
    command(client, token("employee"), case_id, "executors", EXECUTOR)
    act = {name: value for name, value in INSTALLATION_ACT.items() if name != missing}

    refused = execute(client, token("employee"), case_id, **act)

    assert missing in assert_problem(refused, 422, "invalid-request")["detail"]
    assert version_of(client, token("employee"), case_id) == 3


@pytest.mark.parametrize(("action", "body"), [
    ("route", {}),
    ("executors", {"executors": []}),
    ("notes", {"text": ""}),
    ("answer", {"reason_code": "no_meter_in_stock"}),
], ids=["route-without-unit", "no-executors", "empty-note", "answer-without-outcome"])
def test_a_command_missing_a_required_field_is_refused_with_422(client, token, action, body):
    case_id = routed_meter_case(client, token)

    refused = command(client, token("employee"), case_id, action, body)

    assert_problem(refused, 422, "invalid-request")
    assert version_of(client, token("employee"), case_id) == 2


def test_execution_without_the_result_document_is_refused_with_422(client, token):
    case_id = routed_meter_case(client, token)

    refused = client.post(f"/v1/cases/{case_id}/execution", data=INSTALLATION_ACT, headers=token("employee"))

    assert assert_problem(refused, 422, "invalid-request")["errors"][0]["field"] == "result_document"


# --- who may call -----------------------------------------------------------------------------------

def test_a_citizen_token_is_refused_with_403_in_the_back_office(client, token):
    case_id = submit_meter_installation(client, token)
    citizen = token("citizen")

    assert_problem(client.get("/v1/cases", headers=citizen), 403, "forbidden")
    assert_problem(read_case(client, citizen, case_id), 403, "forbidden")
    assert_problem(command(client, citizen, case_id, "route", {"unit": "BIN"}), 403, "forbidden")
    assert version_of(client, token("employee"), case_id) == 1


def test_a_request_without_a_token_is_refused_with_401(client, token):
    case_id = submit_meter_installation(client, token)

    listed = client.get("/v1/cases")
    routed = command(client, {}, case_id, "route", {"unit": "BIN"})

    assert_problem(listed, 401, "unauthenticated")
    assert_problem(routed, 401, "unauthenticated")
    assert listed.headers["WWW-Authenticate"] == "Bearer"
    assert version_of(client, token("employee"), case_id) == 1


def test_the_case_list_keeps_the_cases_waiting_at_least_so_many_days(client, token):
    employee = token("employee")
    submitted = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=token("citizen"))
    assert submitted.status_code == 201
    waiting = lambda days: client.get("/v1/cases", params={"older_than_days": days}, headers=employee).json()["count"]  # noqa: E731
    assert (waiting(0), waiting(1)) == (1, 0), "a case submitted today has waited 0 days, not 1"
    assert client.get("/v1/cases", params={"older_than_days": -1}, headers=employee).status_code == 422


def test_an_employee_without_a_unit_does_not_read_a_case_not_yet_routed(quick_client, quick_token):
    """No token names an employee without a unit (gateway.identity refuses one), so the actor is put in its place:
    the read of the view must apply the same scope as the aggregate, where "no unit" never matches."""
    from gateway.deps import authorized
    from schemas.context import Actor

    case_id = submit_technical_conditions(quick_client, quick_token)
    quick_client.app.dependency_overrides[authorized] = lambda: Actor(subject="emp-x", role="employee")
    try:
        response = read_case(quick_client, quick_token("employee"), case_id)
    finally:
        quick_client.app.dependency_overrides.clear()
    assert_problem(response, 404, "application-not-found")
