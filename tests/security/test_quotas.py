"""Per-citizen quotas: at most N open applications of a kind, and so many document bytes a rolling day.
Each refusal has its own problem type, and is given before a number is spent or a document stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from cases.quotas import CitizenQuotas, CitizenUsage, DocumentQuotaExceededError, TooManyOpenApplicationsError
from tests.conftest import serve
from tests.fakes import FixedClock
from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document, pdf_document

METER = "/v1/applications/meter-installation"
TECHNICAL = "/v1/applications/technical-conditions"


def meter(client, headers, key: str | None = None):
    return client.post(METER, json=METER_INSTALLATION, headers=headers | ({"Idempotency-Key": key} if key else {}))


def numbers(client, headers) -> list[str]:
    return sorted(a["number"] for a in client.get("/v1/applications", headers=headers).json()["data"])


# --- open applications ------------------------------------------------------------------------------------

def test_a_sixth_open_application_of_a_kind_is_refused_without_spending_a_number(client, token):
    citizen = token("citizen")
    assert [meter(client, citizen).status_code for _ in range(5)] == [201] * 5
    refused = assert_problem(meter(client, citizen), 422, "too-many-open-applications")
    assert "5 open applications" in refused["detail"]
    first = client.get("/v1/applications", headers=citizen).json()["data"][-1]["id"]
    assert client.post(f"/v1/applications/{first}/withdraw", headers=citizen).status_code == 200
    again = meter(client, citizen)
    assert again.status_code == 201 and again.json()["number"].endswith("-000006")  # no number was spent meanwhile


def test_the_confirmation_step_already_tells_a_citizen_at_the_cap(client, token):
    citizen = token("citizen")
    for _ in range(5):
        client.post(TECHNICAL, data=TECHNICAL_CONDITIONS, files=address_document(), headers=citizen)
    dry_run = client.post(f"{TECHNICAL}?dry_run=true", data=TECHNICAL_CONDITIONS, files=address_document(), headers=citizen)
    assert_problem(dry_run, 422, "too-many-open-applications")


def test_the_meter_confirmation_step_already_tells_a_citizen_at_the_cap(client, token):
    citizen = token("citizen")
    for _ in range(5):
        meter(client, citizen)
    dry_run = client.post(f"{METER}?dry_run=true", json=METER_INSTALLATION, headers=citizen)
    assert_problem(dry_run, 422, "too-many-open-applications")


def test_the_cap_is_per_kind_and_per_citizen(client, token):
    citizen = token("citizen")
    for _ in range(5):
        meter(client, citizen)
    technical = client.post(TECHNICAL, data=TECHNICAL_CONDITIONS, files=address_document(), headers=citizen)
    assert technical.status_code == 201, technical.text
    assert meter(client, token("citizen", sub="7XQ2M4P")).status_code == 201


def test_a_retry_of_a_recorded_submission_is_answered_even_at_the_cap(client, token):
    citizen = token("citizen")
    assert [meter(client, citizen, key=f"form-{n}").status_code for n in range(5)] == [201] * 5
    replayed = meter(client, citizen, key="form-4")
    assert replayed.status_code == 200 and replayed.headers["Idempotent-Replayed"] == "true"


# --- document bytes per rolling day -------------------------------------------------------------------

SCAN = pdf_document()


@pytest.fixture
def quota_client(settings, clock) -> Iterator[TestClient]:
    """Room for two scans a day (and a third's worth of less), on each backend."""
    yield from serve(settings.model_copy(update={"max_document_bytes_per_citizen_day": len(SCAN) * 5 // 2}), clock)


def technical(client, headers):
    return client.post(TECHNICAL, data=TECHNICAL_CONDITIONS, files=address_document(SCAN), headers=headers)


def test_uploads_past_a_citizens_daily_bytes_are_refused_with_429_until_the_oldest_leave_the_day(
        quota_client, token, clock):
    citizen = token("citizen")
    assert [technical(quota_client, citizen).status_code for _ in range(2)] == [201, 201]
    clock.current += timedelta(hours=1)
    refused = technical(quota_client, citizen)
    assert "24 hours" in assert_problem(refused, 429, "document-quota-exceeded")["detail"]
    assert int(refused.headers["Retry-After"]) == 23 * 3600  # when the first upload leaves the rolling day
    assert numbers(quota_client, citizen) == ["TS-2026-000001", "TS-2026-000002"]
    assert technical(quota_client, token("citizen", sub="7XQ2M4P")).status_code == 201  # another citizen's own quota
    clock.current += timedelta(hours=23, seconds=1)
    accepted = technical(quota_client, citizen)
    assert accepted.status_code == 201 and accepted.json()["number"] == "TS-2026-000004"


def test_a_submission_without_documents_is_not_held_by_the_document_quota(quota_client, token):
    citizen = token("citizen")
    for _ in range(2):
        technical(quota_client, citizen)
    assert meter(quota_client, citizen).status_code == 201


# --- the rules on their own -------------------------------------------------------------------------------

class Usage(CitizenUsage):
    def __init__(self, open_: int = 0, uploads: list | None = None):
        self.open, self.uploads = open_, uploads or []

    def open_applications(self, fin, kind):
        return self.open

    def uploads_since(self, fin, since):
        return [(at, size) for at, size in self.uploads if at > since]

    def record_upload(self, fin, at, size):
        self.uploads.append((at, size))


def test_retry_after_is_when_enough_of_the_oldest_uploads_have_left_the_day():
    now = FixedClock().now()
    usage = Usage(uploads=[(now - timedelta(hours=20), 10), (now - timedelta(hours=10), 10), (now - timedelta(hours=1), 10)])
    with pytest.raises(DocumentQuotaExceededError) as refused:
        CitizenQuotas(usage, open_per_kind=5, upload_bytes_per_day=30).check("5ZK3P7Q", "technical_conditions", 15, now)
    assert refused.value.retry_after == 14 * 3600  # the first two must go: the second leaves in 14 hours


def test_documents_larger_than_a_whole_days_quota_wait_a_whole_day():
    now = FixedClock().now()
    with pytest.raises(DocumentQuotaExceededError) as refused:
        CitizenQuotas(Usage(), open_per_kind=5, upload_bytes_per_day=10).check("5ZK3P7Q", "technical_conditions", 11, now)
    assert refused.value.retry_after == 24 * 3600


def test_the_open_cap_counts_before_the_bytes():
    with pytest.raises(TooManyOpenApplicationsError):
        CitizenQuotas(Usage(open_=5), open_per_kind=5, upload_bytes_per_day=10).check("5ZK3P7Q", "meter_installation", 0,
                                                                                       FixedClock().now())
