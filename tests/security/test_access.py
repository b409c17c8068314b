"""Each caller reaches only what is theirs: portals submit only for the citizen they forward, citizens see only
their own applications, employees only their unit's cases, supervisors every unit's, auditors read and never
write; and what is not yours answers exactly as what does not exist."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from cases.application_ids import ApplicationIds
from gateway.audit_cli import format_history
from gateway.authorization import RULES, key
from tests.conftest import serve, signed_in_with
from tests.http.problems import assert_problem
from tests.http.test_citizen import RESULT_PDF, fulfil
from tests.samples import METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS, address_document, jpeg_image
from tests.security.conftest import OTHER_FIN, OTHER_UNIT, OUT_OF_SCOPE, ROLE_OF
from tests.security.test_authorization_table import BODIES, OPERATIONS, PATH_OVERRIDES, world  # noqa: F401 (a fixture)

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


def test_a_portal_reads_its_citizens_list_detail_and_result_as_the_citizen_sees_them(client, token, portal_for):
    citizen = token("citizen")
    portal = portal_for(citizen)
    submitted = submit_technical(client, portal)
    fulfil(client, token("employee"), submitted["id"])
    listed = client.get("/v1/applications", headers=portal)
    assert listed.status_code == 200, listed.text
    assert [a["id"] for a in listed.json()["data"]] == [submitted["id"]]
    detail = client.get(f"/v1/applications/{submitted['id']}", headers=portal)
    assert detail.status_code == 200, detail.text
    assert detail.json() == client.get(f"/v1/applications/{submitted['id']}", headers=citizen).json()
    result = client.get(f"/v1/applications/{submitted['id']}/result", headers=portal)
    assert result.status_code == 200, result.text
    assert result.content == RESULT_PDF


def test_a_portal_looks_up_a_subscriber_for_its_citizen(quick_client, quick_token, portal_for):
    found = quick_client.get("/v1/subscribers/1001234567", headers=portal_for(quick_token("citizen")))
    assert found.status_code == 200, found.text
    assert found.json()["code"] == "1001234567"


def test_a_portal_withdraws_for_its_citizen_and_every_event_it_caused_records_its_service_account(
        client, token, portal_for, services):
    citizen = token("citizen")
    portal = portal_for(citizen)
    submitted = submit(client, portal)
    withdrawn = client.post(f"/v1/applications/{submitted['id']}/withdraw", headers=portal)
    assert withdrawn.status_code == 200, withdrawn.text
    assert client.get(f"/v1/applications/{submitted['id']}", headers=citizen).json()["status"] == "withdrawn"
    history = client.get(f"/v1/audit/applications/{submitted['id']}/history", headers=token("auditor")).json()
    assert [(e["type"], e["service_account"], e["actor_subject"]) for e in history["events"]] == [
        ("Submitted", "portal-e-gov", "5ZK3P7Q"), ("Withdrawn", "portal-e-gov", "5ZK3P7Q")]
    stored = [event.context for event in services.registry.events.get(uuid.UUID(submitted["id"]))]
    assert [c["service_account"] for c in stored] == ["portal-e-gov", "portal-e-gov"]


def test_the_auditors_command_line_history_names_the_portals_service_account(quick_client, quick_token, portal_for):
    submitted = submit(quick_client, portal_for(quick_token("citizen")))
    services = quick_client.app.state.services
    assert "via=portal-e-gov" in format_history(services.auditor.history(uuid.UUID(submitted["id"])))


def test_what_a_citizen_does_directly_records_no_service_account(quick_client, quick_token):
    submitted = submit(quick_client, quick_token("citizen"))
    history = quick_client.get(f"/v1/audit/applications/{submitted['id']}/history", headers=quick_token("auditor"))
    assert [e["service_account"] for e in history.json()["events"]] == [None]


def test_a_portal_cannot_read_or_withdraw_for_a_citizen_who_signed_in_at_another_portal(
        quick_client, quick_token, portal_for):
    citizen_of_azersu = quick_token("citizen", portal="azersu")
    submitted = submit(quick_client, citizen_of_azersu)
    other_portal = portal_for(citizen_of_azersu, portal="e-gov")
    for method, path in (("GET", "/v1/applications"), ("GET", f"/v1/applications/{submitted['id']}"),
                         ("GET", f"/v1/applications/{submitted['id']}/result"),
                         ("POST", f"/v1/applications/{submitted['id']}/withdraw"), ("GET", "/v1/subscribers/1001234567")):
        assert_problem(quick_client.request(method, path, headers=other_portal), 403, "forbidden")
    assert quick_client.get(f"/v1/applications/{submitted['id']}", headers=citizen_of_azersu).json()["status"] == "registered"


def test_a_portal_reads_nothing_without_the_citizens_own_token(quick_client, quick_token):
    submitted = submit(quick_client, quick_token("citizen"))
    portal = quick_token("portal")
    for path in ("/v1/applications", f"/v1/applications/{submitted['id']}"):
        assert "X-Citizen-Token" in assert_problem(quick_client.get(path, headers=portal), 401, "unauthenticated")["detail"]


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


# --- caching ------------------------------------------------------------------------------------------

def first_admitted(entry: str, callers: dict) -> dict:
    access = RULES[entry]
    return next((headers for caller, headers in callers.items() if caller not in OUT_OF_SCOPE
                 and (access.public or access.admits(ROLE_OF[caller]))), {}) or {}


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_answer_that_can_carry_personal_data_is_never_stored_by_a_cache(world, method, path):  # noqa: F811
    entry = key(method, path)
    url = path.format(**world["path"] | PATH_OVERRIDES.get(path, {}))
    response = world["client"].request(method, url, headers=first_admitted(entry, world["callers"]),
                                        **BODIES.get(entry, {}))
    if RULES[entry].public:
        assert "no-store" not in response.headers.get("cache-control", ""), response.headers
    else:
        assert response.headers.get("cache-control") == "no-store", (response.status_code, response.headers)


def test_a_refusal_and_an_unknown_path_are_not_stored_either(quick_client):
    assert quick_client.get("/v1/applications").headers["cache-control"] == "no-store"
    assert quick_client.get("/v1/nothing-here").headers["cache-control"] == "no-store"


# --- application ids ----------------------------------------------------------------------------------

LEGACY_NAMESPACE = uuid.UUID("6f1c3c2e-7f51-4a8e-9a43-2f0e8a7b9c11")  # the namespace earlier releases derived ids in


def legacy_id(portal: str, fin: str, idempotency_key: str) -> uuid.UUID:
    return uuid.uuid5(LEGACY_NAMESPACE, f"{portal}|{fin}|{idempotency_key}")


class PreUpgradeIds(ApplicationIds):
    """What earlier releases did: the id anyone could compute from the portal, the FİN and the key."""

    def for_submission(self, portal, subject, idempotency_key):
        return legacy_id(portal, subject, idempotency_key)


def test_the_id_of_a_submission_is_not_one_anyone_can_compute_from_the_fin_and_the_key(client, token):
    headers = token("citizen") | {"Idempotency-Key": "form-0001"}
    submitted = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["id"] != str(legacy_id("e-gov", "5ZK3P7Q", "form-0001"))
    retried = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)
    assert (retried.status_code, retried.json()["id"]) == (200, submitted.json()["id"])


def test_a_retry_of_a_submission_recorded_before_the_upgrade_replays_it(client, token, services):
    headers = token("citizen") | {"Idempotency-Key": "form-0002"}
    upgraded = services.registry.ids
    services.registry.ids = PreUpgradeIds(b"never used: the ids are the legacy ones")
    try:
        first = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers).json()
    finally:
        services.registry.ids = upgraded
    assert first["id"] == str(legacy_id("e-gov", "5ZK3P7Q", "form-0002"))
    retried = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)
    assert retried.status_code == 200, retried.text
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert (retried.json()["id"], retried.json()["number"]) == (first["id"], first["number"])
    assert client.get("/v1/applications", headers=token("citizen")).json()["count"] == 1


def test_on_the_embedded_default_the_secret_is_made_once_and_a_retry_after_a_restart_replays(sqlite_settings, clock):
    headers = signed_in_with(sqlite_settings)("citizen") | {"Idempotency-Key": "form-0003"}
    for client in serve(sqlite_settings, clock):
        submitted = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers).json()
    secret = sqlite_settings.application_id_secret_file
    assert oct(secret.stat().st_mode & 0o777) == "0o600"
    for client in serve(sqlite_settings, clock):  # a new process on the same data folder
        retried = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)
        assert (retried.status_code, retried.json()["id"]) == (200, submitted["id"])


# --- "not yours" takes the path of "does not exist" -----------------------------------------------------

class StoreSpy:
    """Counts the event store's reads and the aggregates loaded, by wrapping the registry's own objects."""

    def __init__(self, registry):
        self.selects, self.loaded = 0, []
        recorder, repository = registry.recorder, registry.repository
        select, get = recorder.select_events, repository.get

        def counted_select(*args, **kwargs):
            self.selects += 1
            return select(*args, **kwargs)

        def recorded_get(aggregate_id, *args, **kwargs):
            self.loaded.append(aggregate_id)
            return get(aggregate_id, *args, **kwargs)

        recorder.select_events, repository.get = counted_select, recorded_get

    def reset(self) -> None:
        self.selects, self.loaded = 0, []


def a_long_application(client, token) -> str:
    submitted = submit(client, token("citizen"))
    assert route(client, token("employee"), submitted["id"], "BIN").status_code == 200
    for n in range(30):
        note = client.post(f"/v1/cases/{submitted['id']}/notes", json={"text": f"Qeyd {n}"}, headers=token("employee"))
        assert note.status_code == 200, note.text
    return submitted["id"]


def test_someone_elses_long_application_is_never_loaded_and_costs_the_reads_of_an_unknown_one(client, token, services):
    long_one, stranger = a_long_application(client, token), token("citizen", **OTHER_CITIZEN)
    spy = StoreSpy(services.registry)
    reads = {}
    for name, application_id in (("theirs", long_one), ("nobody's", str(uuid.uuid4()))):
        for suffix, method in (("/withdraw", "POST"), ("/result", "GET")):
            spy.reset()
            assert client.request(method, f"/v1/applications/{application_id}{suffix}", headers=stranger).status_code == 404
            reads[(name, suffix)] = (spy.selects, spy.loaded)
    for suffix in ("/withdraw", "/result"):
        assert reads[("theirs", suffix)] == reads[("nobody's", suffix)] == (1, [])
    spy.reset()
    assert client.post(f"/v1/applications/{long_one}/withdraw", headers=token("citizen")).status_code == 200
    assert spy.loaded == [uuid.UUID(long_one)]  # the owner's is loaded, to be changed


# --- the subscriber's address -------------------------------------------------------------------------

STRANGERS_SUBSCRIBER = "1001234569"  # Hüseynov Tural Əkbər oğlu, XEZ, Mərdəkan qəsəbəsi, ev 7


def district_label(client, code: str) -> str:
    return next(d["name"] for d in client.get("/v1/reference/districts").json() if d["code"] == code)


def test_a_meter_application_for_someone_elses_subscriber_code_shows_the_applicant_only_district_and_initials(
        client, token):
    citizen = token("citizen")
    submitted = submit(client, citizen, subscriber_code=STRANGERS_SUBSCRIBER)
    shown = f"{district_label(client, 'XEZ')}, H. T."
    assert client.get(f"/v1/applications/{submitted['id']}", headers=citizen).json()["address"] == shown
    assert [a["address"] for a in client.get("/v1/applications", headers=citizen).json()["data"]] == [shown]
    assert client.get("/v1/applications", params={"q": "Mərdəkan"}, headers=citizen).json()["count"] == 0
    withdrawn = client.post(f"/v1/applications/{submitted['id']}/withdraw", headers=citizen).json()
    assert withdrawn["address"] == shown and "Mərdəkan" not in str(withdrawn)


def test_the_subscriber_sees_their_own_address_and_the_back_office_sees_every_address(client, token):
    citizen, employee = token("citizen"), token("employee", unit="XEZ")
    own = submit(client, citizen)  # 1001234567: the default citizen's own subscription
    theirs = submit(client, citizen, subscriber_code=STRANGERS_SUBSCRIBER)
    assert client.get(f"/v1/applications/{own['id']}", headers=citizen).json()["address"] == "Binəqədi qəsəbəsi, ev 12"
    assert client.get(f"/v1/cases/{theirs['id']}", headers=employee).json()["address"] == "Mərdəkan qəsəbəsi, ev 7"


def test_the_api_document_tells_portals_where_to_forward_the_citizen_on_every_route_they_may_call(quick_client):
    paths = quick_client.get("/openapi.json").json()["paths"]
    for entry, access in RULES.items():
        method, path = entry.split(" ", 1)
        if "portal" in access.roles:
            schemes = {name for requirement in paths[path][method.lower()].get("security", []) for name in requirement}
            assert "ForwardedCitizen" in schemes, entry
