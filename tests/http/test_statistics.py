"""Statistics for supervisors and auditors over HTTP, JSON and CSV, on SQLite and Postgres."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from cases.ports import BAKU
from tests.http.problems import assert_problem
from tests.http.test_back_office import command, submit_technical_conditions
from tests.http.test_deadlines import routed_case

REFUSAL = {"outcome": "refused", "reason_code": "no_network_capacity"}


def test_a_month_of_a_unit_counts_received_answered_on_time_and_open_overdue(client, token, clock):
    answered, _overdue = routed_case(client, token), routed_case(client, token)
    submit_technical_conditions(client, token)  # registered, not routed: the intake unit's
    command(client, token("employee", unit="TSS"), answered, "answer", REFUSAL)
    clock.current = datetime.now(BAKU) + timedelta(days=60)  # the open one is long past its term

    stats = client.get("/v1/statistics", headers=token("supervisor"))

    assert stats.status_code == 200, stats.text
    month = datetime.now(BAKU).strftime("%Y-%m")
    by_unit = {row["unit"]: row for row in stats.json()["data"]}
    assert by_unit["TSS"] == {"month": month, "unit": "TSS", "district": "BIN", "kind": "technical_conditions",
                              "received": 2, "answered": 1, "answered_on_time": 1, "answered_on_time_percent": 100.0,
                              "median_working_days": 0, "open_overdue": 1}
    assert by_unit["BIN"]["received"] == 1 and by_unit["BIN"]["open_overdue"] == 1
    only_tss = client.get("/v1/statistics", params={"unit": "TSS"}, headers=token("auditor")).json()
    assert [row["unit"] for row in only_tss["data"]] == ["TSS"]
    later = client.get("/v1/statistics", params={"first_month": "2099-01"}, headers=token("auditor")).json()
    assert later == {"data": [], "count": 0}


def test_the_statistics_come_as_csv_for_a_spreadsheet(client, token):
    routed_case(client, token)
    answer = client.get("/v1/statistics", params={"format": "csv"}, headers=token("auditor"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["unit"], r["received"], r["answered"], r["answered_on_time_percent"]) for r in rows] == [("TSS", "1", "0", "")]


def test_statistics_are_for_supervisors_and_auditors_and_refuse_what_they_do_not_take(client, token):
    assert_problem(client.get("/v1/statistics", headers=token("employee")), 403, "forbidden")
    assert_problem(client.get("/v1/statistics", headers=token("citizen")), 403, "forbidden")
    for bad in ({"first_month": "2026-13"}, {"last_month": "26-01"}, {"unit": "T SS"}, {"format": "xlsx"},
                {"kind": "other"}, {"district": "x" * 33}):
        assert_problem(client.get("/v1/statistics", params=bad, headers=token("supervisor")), 422, "invalid-request")
