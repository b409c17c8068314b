"""The confirmation step of a meter installation, and commands that take only the query parameters
they declare: a misspelt `dry_run` must never register an application for real."""

from __future__ import annotations

import pytest

from eventlog.decoding import read_log
from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, SUBSCRIBER_WITH_METER

METER = "/v1/applications/meter-installation"


def nothing_recorded_or_sent(services, settings) -> bool:
    outbox = settings.outbox_dir
    return read_log(services.registry, 0, 10) == [] and not (outbox.exists() and any(outbox.rglob("*.*")))


def test_a_meter_dry_run_answers_the_confirmation_summary_and_records_and_sends_nothing(client, token, services, settings):
    citizen = token("citizen")
    response = client.post(METER, params={"dry_run": "true"}, json=METER_INSTALLATION, headers=citizen)
    assert response.status_code == 200, response.text
    assert response.json()["kind"] == "meter_installation"
    assert response.json()["fields"] == {
        "Abonent kodu": "1001234567", "Rayon": "Binəqədi rayonu", "Müraciətin səbəbi": "Yeni sayğacın quraşdırılması",
        "Əlavə məlumat": METER_INSTALLATION["description"], "Telefon": "+994557654321",
        "E-poçt": METER_INSTALLATION["email"]}
    assert nothing_recorded_or_sent(services, settings)
    assert client.post(METER, json=METER_INSTALLATION, headers=citizen).json()["number"] == "SQ-2026-000001"


def test_a_meter_dry_run_refuses_what_the_submission_would_refuse(quick_client, quick_token):
    response = quick_client.post(METER, params={"dry_run": "true"}, headers=quick_token("citizen"),
                                 json=METER_INSTALLATION | {"subscriber_code": SUBSCRIBER_WITH_METER,
                                                            "reason": "additional_meter"})
    assert_problem(response, 422, "additional-meter-not-confirmed")


@pytest.mark.parametrize(("path", "params"), [
    (METER, {"dryrun": "true"}),
    (METER, {"dry_run": "true", "force": "1"}),
    ("/v1/applications/technical-conditions", {"dry-run": "true"}),
])
def test_a_submission_with_an_unknown_query_parameter_is_refused_naming_it_and_nothing_is_recorded(
        client, token, services, settings, path, params):
    response = client.post(path, params=params, json=METER_INSTALLATION, headers=token("citizen"))
    [unknown] = [name for name in params if name != "dry_run"]
    body = assert_problem(response, 422, "invalid-request")
    assert body["errors"][0]["field"] == unknown and "dry_run" in body["errors"][0]["message"]
    assert nothing_recorded_or_sent(services, settings)


def test_a_dry_run_given_twice_is_refused_rather_than_settled_by_either_value(client, token, services, settings):
    response = client.post(f"{METER}?dry_run=true&dry_run=false", json=METER_INSTALLATION, headers=token("citizen"))
    body = assert_problem(response, 422, "invalid-request")
    assert body["errors"][0]["field"] == "dry_run" and "more than once" in body["errors"][0]["message"]
    assert nothing_recorded_or_sent(services, settings)


def test_an_employee_command_with_an_unknown_query_parameter_is_refused(quick_client, quick_token):
    created = quick_client.post(METER, json=METER_INSTALLATION, headers=quick_token("citizen")).json()
    response = quick_client.post(f"/v1/cases/{created['id']}/route", params={"unit": "SQS"}, json={"unit": "SQS"},
                                 headers=quick_token("employee") | {"If-Match": '"1"'})
    assert assert_problem(response, 422, "invalid-request")["errors"][0]["field"] == "unit"
    assert quick_client.get(f"/v1/cases/{created['id']}", headers=quick_token("employee")).headers["ETag"] == '"1"'


def test_reads_still_ignore_query_parameters_they_do_not_know(quick_client, quick_token):
    assert quick_client.get("/v1/applications", params={"_": "1701450000"}, headers=quick_token("citizen")).status_code == 200
