"""Each caller reaches only what is theirs: portals submit only for the citizen they forward, citizens see only
their own applications, employees only their unit's cases, supervisors every unit's, auditors read and never
write; and what is not yours answers exactly as what does not exist."""

from __future__ import annotations

import hashlib
import uuid

from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS, address_document, jpeg_image
from tests.security.conftest import OTHER_FIN, OTHER_UNIT

OTHER_CITIZEN = {"sub": OTHER_FIN, "given_name": "Aysel", "family_name": "Quliyeva"}


def submit(client, headers, **changes) -> dict:
    response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION | changes, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def submit_technical(client, headers, document: bytes = PDF) -> dict:
    response = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                           files=address_document(document), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def route(client, headers, application_id: str, unit: str):
    return client.post(f"/v1/cases/{application_id}/route", json={"unit": unit}, headers=headers)


def without_instance(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k not in ("instance", "correlation_id")}


# --- a portal's service account -----------------------------------------------------------------------

def test_a_portal_submits_for_the_citizen_it_forwards_and_the_application_is_theirs(quick_client, quick_token, portal_for):
    citizen = quick_token("citizen")
    submitted = submit(quick_client, portal_for(citizen))
    mine = quick_client.get(f"/v1/applications/{submitted['id']}", headers=citizen)
    assert mine.status_code == 200
    assert mine.json()["source"] == "e-gov"
    assert mine.json()["applicant_name"].startswith("Rəşad")


def test_a_portal_without_a_forwarded_citizen_is_refused_and_nothing_is_recorded(quick_client, quick_token):
    response = quick_client.post("/v1/applications/meter-installation", json=METER_INSTALLATION,
                                 headers=quick_token("portal"))
    assert "X-Citizen-Token" in assert_problem(response, 401, "unauthenticated")["detail"]
    assert quick_client.get("/v1/applications", headers=quick_token("citizen")).json()["count"] == 0


def test_a_portal_cannot_act_for_a_citizen_who_signed_in_at_another_portal(quick_client, quick_token, portal_for):
    citizen_of_azersu = quick_token("citizen", portal="azersu")
    response = quick_client.post("/v1/applications/meter-installation", json=METER_INSTALLATION,
                                 headers=portal_for(citizen_of_azersu, portal="e-gov"))
    assert_problem(response, 403, "forbidden")
    assert quick_client.get("/v1/applications", headers=citizen_of_azersu).json()["count"] == 0


def test_a_portal_cannot_pass_off_a_made_up_or_staff_identity_as_a_citizen(quick_client, quick_token):
    portal = quick_token("portal")
    made_up = portal | {"X-Citizen-Token": "eyJhbGciOiJub25lIn0.eyJzdWIiOiI1WkszUDdRIn0."}
    assert_problem(quick_client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=made_up),
                   401, "unauthenticated")
    staff = portal | {"X-Citizen-Token": quick_token("employee")["Authorization"].removeprefix("Bearer ")}
    assert_problem(quick_client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=staff),
                   401, "unauthenticated")


def test_a_portal_may_only_submit_not_read_or_withdraw(quick_client, quick_token, portal_for):
    citizen = quick_token("citizen")
    submitted = submit(quick_client, citizen)
    portal = portal_for(citizen)
    assert_problem(quick_client.get("/v1/applications", headers=portal), 403, "forbidden")
    assert_problem(quick_client.get(f"/v1/applications/{submitted['id']}", headers=portal), 403, "forbidden")
    assert_problem(quick_client.post(f"/v1/applications/{submitted['id']}/withdraw", headers=portal), 403, "forbidden")
    assert quick_client.get(f"/v1/applications/{submitted['id']}", headers=citizen).json()["status"] == "registered"


# --- no enumeration -----------------------------------------------------------------------------------

def test_another_citizens_application_answers_exactly_like_one_that_does_not_exist(client, token):
    owner, stranger = token("citizen"), token("citizen", **OTHER_CITIZEN)
    submitted = submit_technical(client, owner)
    for suffix in ("", "/result"):
        theirs = client.get(f"/v1/applications/{submitted['id']}{suffix}", headers=stranger)
        nobodys = client.get(f"/v1/applications/{uuid.uuid4()}{suffix}", headers=stranger)
        assert theirs.status_code == nobodys.status_code == 404
        assert without_instance(theirs.json()) == without_instance(nobodys.json())
    withdrawal = client.post(f"/v1/applications/{submitted['id']}/withdraw", headers=stranger)
    assert_problem(withdrawal, 404, "application-not-found")
    assert client.get(f"/v1/applications/{submitted['id']}", headers=owner).json()["status"] == "registered"


def test_another_units_case_and_its_documents_answer_like_ones_that_do_not_exist(client, token):
    submitted = submit_technical(client, token("citizen"), document=jpeg_image())
    stranger = token("employee", unit=OTHER_UNIT)
    sha = hashlib.sha256(jpeg_image()).hexdigest()
    pairs = [(f"/v1/cases/{submitted['id']}", f"/v1/cases/{uuid.uuid4()}"),
             (f"/v1/cases/{submitted['id']}/documents/{sha}", f"/v1/cases/{uuid.uuid4()}/documents/{sha}")]
    for theirs, nobodys in pairs:
        a, b = client.get(theirs, headers=stranger), client.get(nobodys, headers=stranger)
        assert a.status_code == b.status_code == 404
        assert without_instance(a.json()) == without_instance(b.json())
    assert_problem(route(client, stranger, submitted["id"], OTHER_UNIT), 404, "application-not-found")


def test_a_document_hash_opens_nothing_outside_the_case_that_records_it(client, token):
    citizen, employee = token("citizen"), token("employee")
    with_jpeg = submit_technical(client, citizen, document=jpeg_image())
    with_pdf = submit_technical(client, citizen)
    jpeg_sha = hashlib.sha256(jpeg_image()).hexdigest()
    assert client.get(f"/v1/cases/{with_jpeg['id']}/documents/{jpeg_sha}", headers=employee).status_code == 200
    assert_problem(client.get(f"/v1/cases/{with_pdf['id']}/documents/{jpeg_sha}", headers=employee), 404,
                   "application-not-found")
    assert client.get(f"/v1/documents/{jpeg_sha}", headers=employee).status_code == 404


def test_application_numbers_are_not_paths_to_applications(quick_client, quick_token):
    citizen = quick_token("citizen")
    number = submit(quick_client, citizen)["number"]
    assert quick_client.get(f"/v1/applications/{number}", headers=citizen).status_code == 404  # ids are UUIDs by route
    assert quick_client.get(f"/v1/cases/{number}", headers=quick_token("employee")).status_code == 404
    assert quick_client.get(f"/v1/audit/applications/{number}/history", headers=quick_token("employee")).status_code == 403


# --- supervisors and auditors -------------------------------------------------------------------------

def test_a_supervisor_sees_every_units_cases_where_an_employee_sees_their_own(client, token):
    submitted = submit(client, token("citizen"))
    assert route(client, token("employee"), submitted["id"], OTHER_UNIT).status_code == 200
    elsewhere = submit(client, token("citizen", **OTHER_CITIZEN))  # stays with BIN
    employee_of_other = token("employee", unit=OTHER_UNIT)
    assert [c["id"] for c in client.get("/v1/cases", headers=employee_of_other).json()["data"]] == [submitted["id"]]
    everything = client.get("/v1/cases", headers=token("supervisor")).json()
    assert {c["id"] for c in everything["data"]} == {submitted["id"], elsewhere["id"]}
    assert client.get(f"/v1/cases/{elsewhere['id']}", headers=token("supervisor")).status_code == 200


def test_a_supervisor_reassigns_a_case_in_progress_to_another_unit(client, token):
    submitted = submit(client, token("citizen"))
    assert route(client, token("employee"), submitted["id"], "BIN").status_code == 200
    reassigned = route(client, token("supervisor"), submitted["id"], OTHER_UNIT)
    assert reassigned.status_code == 200, reassigned.text
    assert reassigned.json()["executing_unit"] == OTHER_UNIT
    assert client.get(f"/v1/cases/{submitted['id']}", headers=token("employee", unit=OTHER_UNIT)).status_code == 200


def test_an_employee_cannot_reassign_a_case_already_in_progress(quick_client, quick_token):
    submitted = submit(quick_client, quick_token("citizen"))
    employee = quick_token("employee")
    assert route(quick_client, employee, submitted["id"], "BIN").status_code == 200
    assert_problem(route(quick_client, employee, submitted["id"], OTHER_UNIT), 409, "transition-not-allowed")
    assert quick_client.get(f"/v1/cases/{submitted['id']}", headers=employee).json()["executing_unit"] == "BIN"


def test_an_auditor_reads_every_units_cases_and_documents_but_changes_nothing(client, token):
    submitted = submit_technical(client, token("citizen"))
    auditor = token("auditor", unit=None)
    case = client.get(f"/v1/cases/{submitted['id']}", headers=auditor)
    assert case.status_code == 200
    sha = case.json()["documents"][0]["sha256"]
    assert client.get(f"/v1/cases/{submitted['id']}/documents/{sha}", headers=auditor).content == PDF
    assert client.get("/v1/cases", headers=auditor).json()["count"] == 1
    for action, body in (("route", {"unit": "BIN"}), ("notes", {"text": "x"}),
                         ("answer", {"outcome": "refused", "reason_code": "document_insufficient"})):
        assert_problem(client.post(f"/v1/cases/{submitted['id']}/{action}", json=body, headers=auditor), 403, "forbidden")
    assert client.get(f"/v1/cases/{submitted['id']}", headers=auditor).json()["version"] == case.json()["version"]
