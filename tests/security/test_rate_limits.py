"""Submission rate limits per portal and per citizen: 429 with Retry-After, and nothing recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateway.ratelimit import RateLimitedError, RateLimiter
from gateway.settings import Settings
from tests.conftest import serve, signed_in_with
from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document
from tests.security.conftest import OTHER_FIN

THIRD_FIN = "3KD9W2L"


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --- the limiter ----------------------------------------------------------------------------------------

def test_a_citizen_may_submit_up_to_the_limit_and_is_then_told_when_to_come_back():
    clock = Clock()
    limiter = RateLimiter({"citizen": 3}, window_seconds=60, now=clock)
    for _ in range(3):
        limiter.take({"citizen": "5ZK3P7Q"})
    with pytest.raises(RateLimitedError) as refused:
        limiter.take({"citizen": "5ZK3P7Q"})
    assert (refused.value.scope, refused.value.retry_after) == ("citizen", 20)  # one submission back every 20 s


def test_the_allowance_refills_with_time():
    clock = Clock()
    limiter = RateLimiter({"citizen": 3}, window_seconds=60, now=clock)
    for _ in range(3):
        limiter.take({"citizen": "5ZK3P7Q"})
    clock.now += 20
    limiter.take({"citizen": "5ZK3P7Q"})
    with pytest.raises(RateLimitedError):
        limiter.take({"citizen": "5ZK3P7Q"})


def test_a_refused_submission_costs_none_of_the_other_allowances():
    clock = Clock()
    limiter = RateLimiter({"portal": 10, "citizen": 1}, window_seconds=60, now=clock)
    limiter.take({"portal": "e-gov", "citizen": "5ZK3P7Q"})
    for _ in range(5):
        with pytest.raises(RateLimitedError):
            limiter.take({"portal": "e-gov", "citizen": "5ZK3P7Q"})
    for _ in range(9):  # the portal still has nine of its ten
        limiter.take({"portal": "e-gov", "citizen": f"C{_:06d}"})
    with pytest.raises(RateLimitedError) as refused:
        limiter.take({"portal": "e-gov", "citizen": "NEW0001"})
    assert refused.value.scope == "portal"


def test_callers_who_stopped_submitting_are_forgotten():
    clock = Clock()
    limiter = RateLimiter({"citizen": 5}, window_seconds=60, now=clock)
    for n in range(1000):
        limiter.take({"citizen": f"{n:07d}"})
    clock.now += 61
    limiter.take({"citizen": "LATE001"})
    assert len(limiter) == 1


# --- over HTTP --------------------------------------------------------------------------------------------

@pytest.fixture
def limited_settings(tmp_path) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, database_url=None, rate_limit_window_seconds=3600,
                    rate_limit_submissions_per_citizen=2, rate_limit_submissions_per_portal=3)


@pytest.fixture
def limited_client(limited_settings, clock) -> Iterator[TestClient]:
    yield from serve(limited_settings, clock)


def meter(client, headers):
    return client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)


def test_a_citizen_over_the_limit_gets_429_with_retry_after_and_nothing_is_recorded(limited_client, limited_settings):
    citizen = signed_in_with(limited_settings)("citizen")
    assert [meter(limited_client, citizen).status_code for _ in range(2)] == [201, 201]
    refused = meter(limited_client, citizen)
    assert "citizen" in assert_problem(refused, 429, "rate-limited")["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    technical = limited_client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                    files=address_document(), headers=citizen)
    assert_problem(technical, 429, "rate-limited")
    assert limited_client.get("/v1/applications", headers=citizen).json()["count"] == 2


def test_reading_is_not_limited_only_submitting(limited_client, limited_settings):
    citizen = signed_in_with(limited_settings)("citizen")
    for _ in range(3):
        meter(limited_client, citizen)
    assert all(limited_client.get("/v1/applications", headers=citizen).status_code == 200 for _ in range(10))


def test_one_citizens_limit_does_not_stop_another_citizen(limited_client, limited_settings):
    token = signed_in_with(limited_settings)
    first, second = token("citizen"), token("citizen", sub=OTHER_FIN)
    for _ in range(3):
        meter(limited_client, first)
    assert meter(limited_client, second).status_code == 201


def test_a_portal_over_its_limit_is_refused_whichever_citizen_it_forwards(limited_client, limited_settings):
    token = signed_in_with(limited_settings)

    def through_portal(fin: str) -> dict:
        citizen = token("citizen", sub=fin)
        return token("portal") | {"X-Citizen-Token": citizen["Authorization"].removeprefix("Bearer ")}

    statuses = [meter(limited_client, through_portal(fin)).status_code for fin in ("5ZK3P7Q", OTHER_FIN, THIRD_FIN)]
    assert statuses == [201, 201, 201]
    refused = meter(limited_client, through_portal("9ZZ9ZZ9"))
    assert "portal" in assert_problem(refused, 429, "rate-limited")["detail"]
    other_portal = token("citizen", sub="9ZZ9ZZ9", portal="azersu")
    assert meter(limited_client, other_portal).status_code == 201  # azersu.az has its own allowance



# --- each bucket is the real caller's -------------------------------------------------------------------

def test_citizens_calling_directly_do_not_spend_their_portals_allowance(limited_client, limited_settings):
    token = signed_in_with(limited_settings)
    for fin in ("5ZK3P7Q", OTHER_FIN, THIRD_FIN, "9ZZ9ZZ9"):  # more citizens than the portal's 3 submissions
        assert meter(limited_client, token("citizen", sub=fin)).status_code == 201
    citizen = token("citizen", sub="8YY8YY8")
    through_portal = token("portal") | {"X-Citizen-Token": citizen["Authorization"].removeprefix("Bearer ")}
    assert meter(limited_client, through_portal).status_code == 201


def test_a_portal_acting_for_a_citizen_spends_that_citizens_allowance_too(limited_client, limited_settings):
    token = signed_in_with(limited_settings)
    citizen = token("citizen")
    through_portal = token("portal") | {"X-Citizen-Token": citizen["Authorization"].removeprefix("Bearer ")}
    assert [meter(limited_client, through_portal).status_code for _ in range(2)] == [201, 201]
    assert "citizen" in assert_problem(meter(limited_client, citizen), 429, "rate-limited")["detail"]


# --- human-scale defaults ---------------------------------------------------------------------------------

def test_by_default_a_citizen_may_file_ten_applications_an_hour_not_sixty_a_minute(quick_client, quick_token):
    assert Settings(_env_file=None).rate_limit_window_seconds >= 3600
    citizen = quick_token("citizen")
    assert all(meter(quick_client, citizen).status_code == 201 for _ in range(5))  # five open of each kind at most
    assert all(quick_client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                 files=address_document(), headers=citizen).status_code == 201 for _ in range(5))
    refused = assert_problem(meter(quick_client, citizen), 429, "rate-limited")
    assert refused["detail"].startswith("Too many submissions from this citizen")
    assert quick_client.get("/v1/applications", headers=citizen).json()["count"] == 10


# --- subscriber lookups -----------------------------------------------------------------------------------

def test_subscriber_lookups_are_limited_per_citizen_with_retry_after(quick_client, quick_token):
    citizen, other = quick_token("citizen"), quick_token("citizen", sub=OTHER_FIN)
    limit = Settings(_env_file=None).rate_limit_lookups_per_citizen
    codes = [f"{1001234560 + n}" for n in range(limit)]
    assert {quick_client.get(f"/v1/subscribers/{code}", headers=citizen).status_code for code in codes} <= {200, 422}
    refused = quick_client.get("/v1/subscribers/1001234567", headers=citizen)
    assert "subscriber lookups" in assert_problem(refused, 429, "rate-limited")["detail"]
    assert int(refused.headers["Retry-After"]) >= 1
    assert quick_client.get("/v1/subscribers/1001234567", headers=other).status_code == 200
