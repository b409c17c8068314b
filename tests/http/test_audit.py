"""The auditor's API over HTTP, on SQLite and Postgres: history, state as of a moment, verify and
export, for the auditor role only, and read-only."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

import pytest

from tests.samples import METER_INSTALLATION

PROBLEM = "https://problems.azersu.az/"


def submit(client, token) -> str:
    response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION,
                           headers=token("citizen") | {"X-Correlation-ID": "corr-portal-1"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def routed(client, token) -> str:
    application_id = submit(client, token)
    response = client.post(f"/v1/cases/{application_id}/route", json={"unit": "SQS"}, headers=token("employee"))
    assert response.status_code == 200, response.text
    return application_id


def audit(client, token, path: str, **params):
    return client.get(f"/v1/audit{path}", params=params, headers=token("auditor"))


def assert_problem(response, status: int, problem: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == PROBLEM + problem


def test_the_auditor_reads_an_applications_full_history_by_id_or_number(client, token):
    application_id = routed(client, token)
    history = audit(client, token, f"/applications/{application_id}/history")
    assert history.status_code == 200, history.text
    body = history.json()
    submitted, route = body["events"]
    assert (submitted["type"], submitted["actor_role"], submitted["actor_subject"], submitted["portal"],
            submitted["sign_in_method"]) == ("Submitted", "citizen", "5ZK3P7Q", "e-gov", "asan_imza")
    assert (route["type"], route["actor_role"], route["actor_unit"], route["payload"]) == \
        ("Routed", "employee", "BIN", {"unit": "SQS"})
    assert submitted["correlation_id"] and route["previous_hash"] == submitted["hash"]
    assert submitted["payload"]["details"]["subscriber_code"] == METER_INSTALLATION["subscriber_code"]
    by_number = audit(client, token, f"/applications/{body['number']}/history")
    assert by_number.status_code == 200 and by_number.json() == body


def test_the_state_as_of_a_version_or_a_moment(client, token):
    application_id = routed(client, token)
    events = audit(client, token, f"/applications/{application_id}/history").json()["events"]
    at_first = audit(client, token, f"/applications/{application_id}/state", version=1).json()
    assert (at_first["version"], at_first["status"], at_first["executing_unit"]) == (1, "registered", None)
    routed_at = datetime.fromisoformat(events[1]["time"])
    as_of = audit(client, token, f"/applications/{application_id}/state", as_of=routed_at.isoformat()).json()
    assert (as_of["version"], as_of["status"], as_of["executing_unit"]) == (2, "in_progress", "SQS")
    just_before = (routed_at - timedelta(microseconds=1)).isoformat()
    assert audit(client, token, f"/applications/{application_id}/state", as_of=just_before).json()["version"] == 1


def test_a_moment_before_the_submission_has_no_state(client, token):
    application_id = submit(client, token)
    response = audit(client, token, f"/applications/{application_id}/state", as_of="2020-01-01T00:00:00+04:00")
    assert_problem(response, 404, "not-yet-submitted")


@pytest.mark.parametrize(("params", "problem"), [
    ({"as_of": "2026-11-22T10:00:00"}, "invalid-request"),  # no offset: which moment would it be?
    ({"as_of": "2026-11-22T10:00:00+04:00", "version": "1"}, "invalid-reference"),
    ({"version": "0"}, "invalid-request"),
    ({"version": "9"}, "invalid-reference"),
])
def test_an_unclear_moment_is_refused(client, token, params, problem):
    application_id = submit(client, token)
    assert_problem(audit(client, token, f"/applications/{application_id}/state", **params), 422, problem)


def test_verify_reports_an_intact_chain_and_the_head_and_anchor_to_keep(client, token):
    application_id = routed(client, token)
    one = audit(client, token, f"/applications/{application_id}/verify").json()
    assert one["ok"] and (one["events"], one["head_version"], one["first_break"]) == (2, 2, None)
    kept = f"{one['head_version']}:{one['head_hash']}"
    assert audit(client, token, f"/applications/{application_id}/verify", head=kept).json()["ok"]
    forged = f"2:{'0' * 64}"
    broken = audit(client, token, f"/applications/{application_id}/verify", head=forged).json()
    assert not broken["ok"] and broken["first_break"]["problem"] == "anchor_mismatch"

    store = audit(client, token, "/verify").json()
    assert store["ok"] and (store["applications"], store["events"]) == (1, 2)
    anchor = f"{store['anchor']['position']}:{store['anchor']['digest']}"
    assert audit(client, token, "/verify", anchor=anchor).json()["kept_anchor_matches"] is True


def test_the_export_is_a_file_whose_hashes_can_be_recomputed_from_it(client, token):
    application_id = routed(client, token)
    number = audit(client, token, f"/applications/{application_id}/history").json()["number"]
    response = audit(client, token, f"/applications/{number}/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == f'attachment; filename="{number}-history.json"'
    export = response.json()
    assert export["verification"]["ok"] and export["exported_by"] == "auditor:aud-01"
    assert [e["type"] for e in export["events"]] == ["Submitted", "Routed"]
    for event in export["events"]:
        assert hashlib.sha256(event["canonical"].encode("utf-8")).hexdigest() == event["hash"]
    assert export["state"]["status"] == "in_progress"


@pytest.mark.parametrize("path", ["/applications/{id}/history", "/applications/{id}/state", "/applications/{id}/verify",
                                  "/applications/{id}/export", "/verify"])
def test_only_the_auditor_may_read_the_audit_api(client, token, path):
    application_id = submit(client, token)
    url = "/v1/audit" + path.format(id=application_id)
    assert client.get(url).status_code == 401
    for role in ("citizen", "employee"):
        assert client.get(url, headers=token(role)).status_code == 403
    assert client.get(url, headers=token("auditor")).status_code == 200


def test_the_audit_api_changes_nothing(client, token):
    application_id = submit(client, token)
    for method in ("post", "put", "delete"):
        response = client.request(method.upper(), f"/v1/audit/applications/{application_id}/history",
                                  headers=token("auditor"))
        assert response.status_code == 405


def test_an_unknown_application_is_not_found_and_a_malformed_one_is_refused(client, token):
    assert_problem(audit(client, token, f"/applications/{uuid.uuid4()}/history"), 404, "application-not-found")
    assert_problem(audit(client, token, "/applications/SQ-2026-999999/verify"), 404, "application-not-found")
    assert audit(client, token, "/applications/not-an-id/history").status_code == 422
