"""Webhooks to a portal, on the embedded default's in-process path, on SQLite and Postgres: every event
it subscribed to, as a structured CloudEvent signed by Standard Webhooks and verified by the library a
portal would use, in order, through receivers that fail, hang and answer slowly; suspension, resumption,
replay, secret rotation, and the URLs refused. The ledger's clock is driven, so an outage of minutes
passes without waiting for it."""

from __future__ import annotations

import threading

import pytest

from consumers.ledger import DeliveryLedger
from consumers.webhooks import WebhookEndpoints, WebhookUrlRefusedError
from projections.sql import SqliteDatabase
from tests.channels import WebhookReceiver
from tests.life_cycles import meter_installation_fulfilled, submit_meter_installation
from tests.waiting import wait_for

LIFE = ["Submitted", "Routed", "ExecutorAssigned", "NoteAdded", "Executed", "Answered"]


class DrivenClock:
    """The ledger's clock, moved by the test: back-off, leases and suspension are measured by it."""

    def __init__(self, start: float = 1_900_000_000.0):
        self.now = start
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


@pytest.fixture
def portal():
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def settings(settings, smtp):
    return settings.model_copy(update=dict(
        smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False, delivery_backoff_seconds=2.0,
        webhook_timeout_seconds=1.0, webhook_suspend_after_seconds=600.0,
        operator_emails=["novbetci@azersu.az"]))


@pytest.fixture
def ledger_clock(services) -> DrivenClock:
    clock = DrivenClock()
    services.notifier.clock = clock
    return clock


def register(client, token, portal, **fields) -> dict:
    body = {"name": "e-gov.az", "url": portal.url} | fields
    response = client.post("/v1/webhooks", json=body, headers=token("operator"))
    assert response.status_code == 201, response.text
    endpoint = response.json()
    portal.secrets = [endpoint["secret"]]
    return endpoint


def events_of(portal, application_id) -> list[str]:
    return [e["type"].split(".")[-2] for e in portal.events if e["subject"] == str(application_id)]


def deliveries(client, token, **params) -> dict:
    return client.get("/v1/deliveries", params={"channel": "webhook", **params}, headers=token("operator")).json()


def test_every_event_of_a_case_reaches_the_portal_signed_and_in_order(client, token, services, portal, ledger_clock):
    register(client, token, portal)
    application_id = meter_installation_fulfilled(services.registry)
    wait_for(lambda: len(events_of(portal, application_id)) == 6, "the case's six events")
    assert events_of(portal, application_id) == LIFE
    assert all(r.verified for r in portal.requests), "the standardwebhooks library verified every delivery"
    first = portal.requests[0]
    assert first.headers["webhook-id"] == f"{application_id}:1" == portal.events[0]["id"]
    assert first.headers["Content-Type"] == "application/cloudevents+json; charset=utf-8"
    event = portal.events[0]
    assert (event["specversion"], event["source"], event["type"]) == ("1.0", "/azersu/cases",
                                                                      "az.azersu.application.Submitted.v1")
    assert event["data"]["number"].startswith("SQ-") and event["sequence"] == "0000000001"
    assert deliveries(client, token, status="delivered")["count"] == 6


def test_a_portal_gets_only_the_event_types_it_subscribed_to(client, token, services, portal, ledger_clock):
    register(client, token, portal, event_types=["Submitted", "Answered"])
    application_id = meter_installation_fulfilled(services.registry)
    wait_for(lambda: len(events_of(portal, application_id)) == 2, "Submitted and Answered")
    assert events_of(portal, application_id) == ["Submitted", "Answered"]


def test_a_receiver_answering_500_is_retried_with_back_off_and_gets_everything_in_order(
        client, token, services, portal, ledger_clock):
    register(client, token, portal)
    portal.fail_with(500)
    application_id = meter_installation_fulfilled(services.registry)
    wait_for(lambda: len(portal.requests) >= 1, "the first attempt")
    [waiting] = [d for d in deliveries(client, token, status="pending")["data"] if d["event_type"] == "Submitted"]
    assert waiting["reason"] == "the endpoint answered 500" and waiting["attempts"] == 1
    assert len(portal.requests) == 1, "the later events wait behind the first: never out of order"

    portal.accept()
    ledger_clock.advance(2)  # the first retry comes due
    services.dispatcher.wake()
    wait_for(lambda: len(events_of(portal, application_id)) == 6, "every event after the retry")
    assert events_of(portal, application_id) == LIFE


def test_a_receiver_that_hangs_times_out_and_one_that_answers_slowly_is_waited_for(
        client, token, services, portal, ledger_clock):
    register(client, token, portal)
    portal.hang()
    application_id = submit_meter_installation(services.registry)
    wait_for(lambda: (deliveries(client, token, status="pending")["data"] or [{}])[0].get("reason") == "no answer within 1 s",
             "the timed-out attempt")
    portal.accept()
    portal.delay(0.3)  # slow, within the timeout
    ledger_clock.advance(2)
    services.dispatcher.wake()
    wait_for(lambda: events_of(portal, application_id) == ["Submitted"], "the slow receiver's answer")


def test_a_receiver_trickling_its_answer_is_cut_off_at_the_deadline_and_a_flooding_one_costs_nothing(
        client, token, services, portal, ledger_clock):
    register(client, token, portal)
    portal.trickle()
    application_id = submit_meter_installation(services.registry)
    wait_for(lambda: (deliveries(client, token, status="pending")["data"] or [{}])[0].get("reason")
             == "no answer within 1 s", "the trickle cut off")
    portal.accept()
    portal.flood(200 * 2**20)  # 200 MiB nobody reads
    ledger_clock.advance(2)
    services.dispatcher.wake()
    wait_for(lambda: deliveries(client, token, status="delivered")["count"] == 1, "delivered on its status alone")
    # The trickling receiver had the event before it was cut off: it came again, under the same webhook-id.
    assert {e["id"] for e in portal.events} == {f"{application_id}:1"} and len(portal.requests) == 2


def test_an_endpoint_failing_past_the_limit_is_suspended_the_operators_told_and_resumed_in_order(
        client, token, services, portal, ledger_clock, smtp):
    endpoint = register(client, token, portal)
    portal.fail_with(503)
    first = submit_meter_installation(services.registry)
    wait_for(lambda: len(portal.requests) == 1, "the first failure")
    ledger_clock.advance(601)  # ten minutes of outage later
    services.dispatcher.wake()
    wait_for(lambda: client.get(f"/v1/webhooks/{endpoint['id']}", headers=token("operator")).json()["status"] == "suspended",
             "the endpoint suspended")
    wait_for(lambda: any("Webhook dayandırıldı" in m["Subject"] for m in smtp.messages), "the operators' e-mail")
    [alert] = [m for m in smtp.messages if "Webhook" in m["Subject"]]
    assert alert["To"] == "novbetci@azersu.az" and "503" in alert.get_content()

    second = meter_installation_fulfilled(services.registry)  # recorded while suspended: kept, not sent
    attempts = len(portal.requests)
    assert deliveries(client, token, status="parked")["count"] == 7
    portal.accept()
    resumed = client.post(f"/v1/webhooks/{endpoint['id']}/resume", headers=token("operator"))
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    wait_for(lambda: len(events_of(portal, second)) == 6, "what it missed")
    assert events_of(portal, first) == ["Submitted"] and events_of(portal, second) == LIFE
    assert len(portal.requests) == attempts + 7


def test_an_operator_suspends_an_endpoint_and_what_it_missed_goes_on_resumption(client, token, services, portal, ledger_clock):
    endpoint = register(client, token, portal)
    suspended = client.post(f"/v1/webhooks/{endpoint['id']}/suspend", headers=token("operator"))
    assert suspended.json()["status"] == "suspended"
    application_id = meter_installation_fulfilled(services.registry)
    assert portal.requests == []
    client.post(f"/v1/webhooks/{endpoint['id']}/resume", headers=token("operator"))
    wait_for(lambda: len(events_of(portal, application_id)) == 6, "the missed events")
    assert events_of(portal, application_id) == LIFE


def test_a_replay_from_a_position_sends_the_events_again_with_the_same_webhook_ids(client, token, services, portal, ledger_clock):
    application_id = meter_installation_fulfilled(services.registry)  # before the endpoint existed
    endpoint = register(client, token, portal)
    replayed = client.post(f"/v1/webhooks/{endpoint['id']}/replay", json={"from_position": 3}, headers=token("operator"))
    assert replayed.status_code == 200 and replayed.json() == {"events": 4}
    wait_for(lambda: len(events_of(portal, application_id)) == 4, "the events from position 3")
    assert events_of(portal, application_id) == LIFE[2:]
    assert [e["id"] for e in portal.events] == [f"{application_id}:{v}" for v in range(3, 7)]
    client.post(f"/v1/webhooks/{endpoint['id']}/replay", json={"from_position": 6}, headers=token("operator"))
    wait_for(lambda: len(portal.events) == 5, "the last one again")
    assert portal.events[-1]["id"] == f"{application_id}:6"


def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(client, token, services, portal, ledger_clock):
    endpoint = register(client, token, portal)
    old = endpoint["secret"]
    rotated = client.post(f"/v1/webhooks/{endpoint['id']}/rotate-secret", json={"overlap_seconds": 3600},
                          headers=token("operator")).json()
    assert rotated["secret"] != old and len(rotated["secrets_valid_until"]) == 2
    submit_meter_installation(services.registry)
    wait_for(lambda: portal.requests, "a delivery")
    for secret in (old, rotated["secret"]):
        portal.secrets = [secret]
        assert portal.verify(portal.requests[0].body, portal.requests[0].headers)
    assert len(portal.requests[0].headers["webhook-signature"].split(" ")) == 2
    listed = client.get("/v1/webhooks", headers=token("operator")).json()
    assert "secret" not in listed[0]


@pytest.mark.parametrize(("url", "why"), [
    ("http://portal.example.az/hooks", "https"),
    ("https://user:pass@portal.example.az/hooks", "credentials"),
    ("https://10.0.0.5/hooks", "private"),
    ("https://127.0.0.1:8443/hooks", "private"),
    ("https://[::1]/hooks", "private"),
    ("https://169.254.169.254/latest/meta-data", "private"),
    ("https://localhost/hooks", "private"),
    ("ftp://portal.example.az/hooks", "https"),
    ("https://portal.example.az/hooks#x", "fragment"),
    ("https://portal.example.az:99999/hooks", "port"),
    ("https:///hooks", "host"),
    ("https://portal.example.az/" + "a" * 2100, "longer"),
    ("https://portal.example.az/ hooks", "spaces"),
    ("https://[::1/hooks", "cannot be read"),
    ("https://portal.example.az\x00.evil/hooks", "control"),
    ("https://portal.əxample.az/hooks", "non-ASCII"),
])
def test_a_hostile_url_is_refused_in_production(sqlite_settings, url, why):
    database = SqliteDatabase(sqlite_settings.data_dir / "service.sqlite")
    DeliveryLedger(database).create_tables()
    with pytest.raises(WebhookUrlRefusedError) as refused:
        WebhookEndpoints(database, production=True).register("hostile", url, [], 0)
    assert why in refused.value.detail
    assert WebhookEndpoints(database).all() == []


def test_a_bad_registration_is_a_problem_naming_the_field(client, token):
    for body, field in (({"name": "x", "url": "ftp://a.az"}, "url"), ({"name": "x", "url": "https://a.az", "event_types": ["Nope"]},
                                                                        "event_types.0"),
                        ({"name": "", "url": "https://a.az"}, "name"), ({"name": "x", "url": "https://a.az", "extra": 1}, "extra")):
        response = client.post("/v1/webhooks", json=body, headers=token("operator"))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert field in [e["field"] for e in problem.get("errors", [])] + [problem.get("field")]
    assert client.post("/v1/webhooks", json={"name": "x", "url": "https://a.az"}, headers=token("employee")).status_code == 403
    unknown = client.post("/v1/webhooks/00000000-0000-0000-0000-000000000000/resume", headers=token("operator"))
    assert unknown.status_code == 404
