"""Asking the applicant, their answer through the portal, a supervisor's extension, the queue by due date and
the operator's day swaps, over HTTP on SQLite and Postgres, with every refusal.

The service's clock (the `clock` fixture) is what "today" is for the request's term and the queue's filters; the
due dates count from the events' own times, so the tests compare due dates with each other, never with a fixed day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from cases.calendar import baku_date
from cases.ports import BAKU
from tests.http.problems import assert_problem
from tests.http.test_back_office import command, read_case, submit_technical_conditions
from tests.samples import PDF, ZIP

QUESTION = {"question": "Çıxarışın oxunaqlı surətini əlavə edin."}


def routed_case(client, token) -> str:
    case_id = submit_technical_conditions(client, token)
    assert command(client, token("employee"), case_id, "route", {"unit": "TSS"}).status_code == 200
    return case_id


def ask(client, token, case_id: str, **body):
    return command(client, token("employee", unit="TSS"), case_id, "information-requests", QUESTION | body)


def answer(client, token, case_id: str, text: str | None = "Əlavə etdim.", files=None, **claims):
    data = {"text": text} if text is not None else {}
    return client.post(f"/v1/applications/{case_id}/information", data=data, files=files or [],
                       headers=token("citizen", **claims))


def a_document(content: bytes = PDF, name: str = "cixaris-2.pdf"):
    return [("documents", (name, content, "application/pdf"))]


def working_days_between(services, earlier: date, later: date) -> int:
    return services.calendar.at().working_days_after(earlier, later)


# --- asking, and the answer -------------------------------------------------------------------------

def test_asking_the_applicant_stops_the_clock_and_shows_them_what_is_asked_until_when(client, token):
    case_id = routed_case(client, token)
    running = read_case(client, token("employee", unit="TSS"), case_id).json()
    assert running["due_on"] is not None and running["working_days_left"] is not None

    asked = ask(client, token, case_id, answer_within_days=3)

    assert asked.status_code == 200, asked.text
    assert asked.json()["status"] == "waiting_for_applicant" and asked.json()["due_on"] is None
    detail = client.get(f"/v1/applications/{case_id}", headers=token("citizen")).json()
    listed = client.get("/v1/applications", headers=token("citizen")).json()["data"][0]
    for seen in (detail, listed):
        assert seen["status"] == "waiting_for_applicant"
        assert seen["expected_completion_on"] is None
        assert seen["information_request"]["question"] == QUESTION["question"]
        assert seen["information_request"]["answer_by"] == "2026-11-25"  # 3 working days after Sunday 22 November


def test_the_applicants_answer_with_a_document_starts_the_clock_again_and_the_unit_can_open_it(client, token):
    case_id = routed_case(client, token)
    ask(client, token, case_id)

    answered = answer(client, token, case_id, files=a_document())

    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "in_progress" and answered.json()["information_request"] is None
    assert answered.json()["expected_completion_on"] is not None
    case = read_case(client, token("employee", unit="TSS"), case_id).json()
    [sent] = [d for d in case["documents"] if d["role"] == "information_document"]
    opened = client.get(f"/v1/cases/{case_id}/documents/{sent['sha256']}", headers=token("employee", unit="TSS"))
    assert opened.status_code == 200 and opened.content == PDF
    assert [t["type"] for t in case["timeline"]][-2:] == ["InformationRequested", "InformationProvided"]


def test_an_answer_in_words_alone_is_taken(client, token):
    case_id = routed_case(client, token)
    ask(client, token, case_id)
    assert answer(client, token, case_id).json()["status"] == "in_progress"


def test_a_request_is_refused_where_it_does_not_fit(client, token):
    registered = submit_technical_conditions(client, token)
    assert_problem(command(client, token("employee"), registered, "information-requests", QUESTION), 409,
                   "transition-not-allowed")
    case_id = routed_case(client, token)
    assert_problem(ask(client, token, case_id, question=""), 422, "invalid-request")
    assert_problem(ask(client, token, case_id, question="x" * 2001), 422, "invalid-request")
    assert_problem(ask(client, token, case_id, answer_within_days=31), 422, "invalid-reference")
    assert_problem(ask(client, token, case_id, answer_within_days=0), 422, "invalid-request")
    assert_problem(ask(client, token, case_id, question="Sənədi \u202eəlavə edin"), 422, "invalid-request")
    assert_problem(command(client, token("employee", unit="NAR"), case_id, "information-requests", QUESTION), 404,
                   "application-not-found")
    assert_problem(command(client, token("citizen"), case_id, "information-requests", QUESTION), 403, "forbidden")
    assert read_case(client, token("employee", unit="TSS"), case_id).json()["status"] == "in_progress"


def test_an_answer_is_refused_where_it_does_not_fit_and_records_nothing(client, token):
    case_id = routed_case(client, token)
    assert_problem(answer(client, token, case_id), 409, "transition-not-allowed")
    ask(client, token, case_id)
    assert_problem(answer(client, token, case_id, text=None), 422, "missing-information")
    assert_problem(answer(client, token, case_id, text=None, files=a_document(ZIP, "a.pdf")), 415,
                   "unsupported-document-type")
    assert_problem(answer(client, token, case_id, text="x" * 4001), 422, "invalid-request")
    assert_problem(answer(client, token, case_id, files=a_document() * 6), 422, "invalid-request")
    assert_problem(answer(client, token, case_id, sub="9XY8Z7W"), 404, "application-not-found")
    assert read_case(client, token("employee", unit="TSS"), case_id).json()["status"] == "waiting_for_applicant"


def test_the_applicant_may_withdraw_while_the_case_waits_for_them(client, token):
    case_id = routed_case(client, token)
    ask(client, token, case_id)
    withdrawn = client.post(f"/v1/applications/{case_id}/withdraw", headers=token("citizen"))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_a_refusal_for_no_answer_waits_until_the_requests_term_has_passed(client, token, clock):
    case_id = routed_case(client, token)
    ask(client, token, case_id, answer_within_days=3)  # until Wednesday 25 November
    no_answer = {"outcome": "refused", "reason_code": "no_answer_from_applicant"}
    employee = token("employee", unit="TSS")

    clock.current = datetime(2026, 11, 25, 23, 0, tzinfo=BAKU)
    assert_problem(command(client, employee, case_id, "answer", no_answer), 409, "applicant-term-not-over")
    clock.current = datetime(2026, 11, 26, 9, 0, tzinfo=BAKU)
    refused = command(client, employee, case_id, "answer", no_answer)

    assert refused.status_code == 200, refused.text
    assert refused.json()["reason_code"] == "no_answer_from_applicant" and refused.json()["due_on"] is None


def test_no_answer_is_no_reason_to_refuse_a_case_that_asked_nothing(client, token, clock):
    case_id = routed_case(client, token)
    refusal = {"outcome": "refused", "reason_code": "no_answer_from_applicant"}
    assert_problem(command(client, token("employee", unit="TSS"), case_id, "answer", refusal), 422, "invalid-reference")


def test_a_case_waiting_for_the_applicant_may_be_refused_for_another_reason(client, token):
    case_id = routed_case(client, token)
    ask(client, token, case_id)
    refusal = {"outcome": "refused", "reason_code": "no_network_capacity"}
    assert command(client, token("employee", unit="TSS"), case_id, "answer", refusal).status_code == 200


def test_a_pause_moves_the_due_date_by_the_working_days_waited(client, token, services):
    case_id = routed_case(client, token)
    before = date.fromisoformat(read_case(client, token("employee", unit="TSS"), case_id).json()["due_on"])
    ask(client, token, case_id)
    after = date.fromisoformat(answer(client, token, case_id).json()["expected_completion_on"])
    assert after == before  # asked and answered on the same day: no working day waited


# --- extensions -------------------------------------------------------------------------------------

def test_a_supervisor_extends_a_term_once_with_a_reason(client, token, services):
    case_id = routed_case(client, token)
    supervisor = token("supervisor")
    before = date.fromisoformat(read_case(client, supervisor, case_id).json()["due_on"])

    extended = command(client, supervisor, case_id, "extensions", {"working_days": 5, "reason": "Əlavə baxış lazımdır."})

    assert extended.status_code == 200, extended.text
    after = date.fromisoformat(extended.json()["due_on"])
    assert working_days_between(services, before, after) == 5
    assert_problem(command(client, supervisor, case_id, "extensions", {"working_days": 1, "reason": "Yenə."}), 409,
                   "extension-limit-reached")


def test_an_extension_is_refused_to_an_employee_past_its_length_and_without_a_reason(client, token):
    case_id = routed_case(client, token)
    body = {"working_days": 5, "reason": "Əlavə baxış lazımdır."}
    assert_problem(command(client, token("employee", unit="TSS"), case_id, "extensions", body), 403, "forbidden")
    assert_problem(command(client, token("supervisor"), case_id, "extensions", body | {"working_days": 16}), 422,
                   "extension-too-long")
    assert_problem(command(client, token("supervisor"), case_id, "extensions", body | {"working_days": 0}), 422,
                   "invalid-request")
    assert_problem(command(client, token("supervisor"), case_id, "extensions", {"working_days": 5}), 422, "invalid-request")
    assert_problem(command(client, token("supervisor"), case_id, "extensions", body, version=1), 409, "stale-version")
    answered = submit_technical_conditions(client, token)
    client.post(f"/v1/applications/{answered}/withdraw", headers=token("citizen"))
    assert_problem(command(client, token("supervisor"), answered, "extensions", body), 409, "transition-not-allowed")


# --- the queue ----------------------------------------------------------------------------------------

def test_the_queue_puts_the_most_urgent_first_and_filters_overdue_and_due_soon(client, token, clock):
    extended, plain, waiting = routed_case(client, token), routed_case(client, token), routed_case(client, token)
    command(client, token("supervisor"), extended, "extensions", {"working_days": 5, "reason": "Əlavə baxış."})
    ask(client, token, waiting)
    office = token("employee", unit="TSS")

    queue = client.get("/v1/cases", headers=office).json()["data"]
    assert [row["id"] for row in queue] == [plain, extended, waiting]  # waiting: no due date, last
    due = date.fromisoformat(queue[0]["due_on"])

    clock.current = datetime.combine(due, datetime.min.time(), BAKU) + timedelta(hours=12)
    due_today = client.get("/v1/cases", params={"due_within_days": 0}, headers=office).json()
    assert [row["id"] for row in due_today["data"]] == [plain] and due_today["data"][0]["working_days_left"] == 0
    clock.current += timedelta(days=1)
    late = client.get("/v1/cases", params={"overdue": "true"}, headers=office).json()
    assert [row["id"] for row in late["data"]] == [plain] and late["data"][0]["working_days_left"] < 0
    newest = client.get("/v1/cases", params={"sort": "newest"}, headers=office).json()["data"]
    assert [row["id"] for row in newest] == [waiting, plain, extended]


def test_the_queue_refuses_a_span_it_does_not_take(client, token):
    office = token("employee", unit="TSS")
    assert_problem(client.get("/v1/cases", params={"due_within_days": -1}, headers=office), 422, "invalid-request")
    assert_problem(client.get("/v1/cases", params={"due_within_days": 61}, headers=office), 422, "invalid-request")
    assert_problem(client.get("/v1/cases", params={"sort": "oldest"}, headers=office), 422, "invalid-request")


# --- the operator's day swaps -------------------------------------------------------------------------

def test_a_recorded_day_swap_moves_the_due_dates_of_running_cases_and_is_kept_with_who_and_why(client, token, services):
    case_id = routed_case(client, token)
    due = date.fromisoformat(read_case(client, token("supervisor"), case_id).json()["due_on"])
    swap = {"day": due.isoformat(), "working": False, "decree": "Nazirlər Kabinetinin 2026-cı il 1 dekabr tarixli qərarı",
            "reason": "İş günü istirahət gününə keçirilir"}

    recorded = client.post("/v1/calendar/day-swaps", json=swap, headers=token("operator"))

    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["recorded_by"] == "ops-01" and recorded.json()["in_force"] is True
    moved = date.fromisoformat(read_case(client, token("supervisor"), case_id).json()["due_on"])
    assert moved > due and working_days_between(services, due, moved) == 1
    detail = client.get(f"/v1/applications/{case_id}", headers=token("citizen")).json()
    assert detail["expected_completion_on"] == moved.isoformat()
    listed = client.get("/v1/calendar/day-swaps", params={"year": due.year}, headers=token("auditor")).json()
    assert listed["count"] == 1 and listed["data"][0]["decree"] == swap["decree"]


def test_a_day_swap_is_refused_when_it_changes_nothing_or_comes_from_another_role(client, token):
    saturday = {"day": "2026-12-05", "working": False, "decree": "Qərar", "reason": "Səhv"}
    assert_problem(client.post("/v1/calendar/day-swaps", json=saturday, headers=token("operator")), 422, "invalid-reference")
    worked = saturday | {"working": True}
    assert_problem(client.post("/v1/calendar/day-swaps", json=worked, headers=token("employee")), 403, "forbidden")
    assert_problem(client.post("/v1/calendar/day-swaps", json=worked | {"decree": ""}, headers=token("operator")), 422,
                   "invalid-request")
    assert_problem(client.post("/v1/calendar/day-swaps", json=worked | {"day": "2026-02-30"}, headers=token("operator")),
                   422, "invalid-request")
    assert_problem(client.post("/v1/calendar/day-swaps", json=worked | {"day": "1999-12-31"}, headers=token("operator")),
                   422, "invalid-reference")
    assert client.get("/v1/calendar/day-swaps", headers=token("operator")).json()["count"] == 0


@pytest.mark.parametrize("moment", ["before", "after"])
def test_the_auditors_state_as_of_shows_the_due_date_as_it_stood_then(client, token, moment):
    case_id = routed_case(client, token)
    due = date.fromisoformat(read_case(client, token("supervisor"), case_id).json()["due_on"])
    swap = {"day": due.isoformat(), "working": False, "decree": "Qərar", "reason": "Günlərin yeri dəyişdirilir"}
    stamp = datetime.now(BAKU)
    recorded = client.post("/v1/calendar/day-swaps", json=swap, headers=token("operator")).json()
    as_of = stamp if moment == "before" else datetime.fromisoformat(recorded["recorded_at"]) + timedelta(seconds=1)

    state = client.get(f"/v1/audit/applications/{case_id}/state", params={"as_of": as_of.isoformat()},
                       headers=token("auditor"))

    assert state.status_code == 200, state.text
    expected = due if moment == "before" else client.get(f"/v1/cases/{case_id}", headers=token("supervisor")).json()["due_on"]
    assert state.json()["due_on"] == str(expected)
    assert state.json()["working_days_left"] >= 14  # counted from that moment's day, by that moment's calendar
    assert baku_date(stamp) <= due


def test_the_cases_and_applications_waiting_for_the_applicant_are_listed_by_that_status(client, token):
    waiting, working = routed_case(client, token), routed_case(client, token)
    ask(client, token, waiting)
    params = {"status": "waiting_for_applicant"}
    cases = client.get("/v1/cases", params=params, headers=token("employee", unit="TSS")).json()
    applications = client.get("/v1/applications", params=params, headers=token("citizen")).json()
    assert [c["id"] for c in cases["data"]] == [waiting] == [a["id"] for a in applications["data"]]
    assert working not in {c["id"] for c in cases["data"]}
