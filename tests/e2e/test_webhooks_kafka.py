"""A portal's webhook endpoint on the production path: HTTP → Postgres → relay → Kafka → notifier (a process,
killed and restarted) → the endpoint, verified by the `standardwebhooks` library as the portal would.

The endpoint gets every event of a case's life, signed and in order, across a restart of the notifier and
a ten-minute outage of the endpoint; an operator suspends and resumes it; a replay from a log position
sends events again under the same webhook-id. The outage's ten minutes are ledger time: the notifier is
started with its clock driven by the test (tests/e2e/driven_notifier.py), so its back-off grows as over
ten real minutes, and the test takes seconds.
"""

from __future__ import annotations

import uuid

import pytest

from tests.channels import WebhookReceiver
from tests.samples import METER_INSTALLATION, PDF

pytestmark = pytest.mark.postgres

LIFE = ["Submitted", "Routed", "ExecutorAssigned", "NoteAdded", "Executed", "Answered"]
OUTAGE_SECONDS = 600


@pytest.fixture
def portal():
    with WebhookReceiver() as receiver:
        yield receiver


@pytest.fixture
def stack(postgres_url, kafka_broker, tmp_path, clock, smtp, sms):
    from tests.e2e.workers import KafkaStack

    offset = tmp_path / "ledger-clock-offset"
    offset.write_text("0")
    env = {"DELIVERY_BACKOFF_SECONDS": "2", "WEBHOOK_TIMEOUT_SECONDS": "2", "WEBHOOK_SUSPEND_AFTER_SECONDS": "3600",
           "OPERATOR_EMAILS": '["novbetci@azersu.az"]'}
    topic = f"events-{uuid.uuid4().hex[:8]}"
    with KafkaStack(postgres_url, kafka_broker.bootstrap_servers, topic, tmp_path, clock, smtp, sms, extra_env=env,
                    notifier_argv=["-m", "tests.e2e.driven_notifier", str(offset)]) as stack:
        stack.offset = offset
        yield stack


def advance_ledger_clock(stack, seconds: float) -> None:
    stack.offset.write_text(str(float(stack.offset.read_text()) + seconds))


def case_command(stack, case_id: str, action: str, body: dict | None = None, **multipart) -> None:
    employee = stack.token("employee")
    if multipart:
        response = stack.client.post(f"/v1/cases/{case_id}/{action}", data=multipart,
                                     files={"result_document": ("akt.pdf", PDF, "application/pdf")}, headers=employee)
    else:
        response = stack.client.post(f"/v1/cases/{case_id}/{action}", json=body, headers=employee)
    assert response.status_code == 200, response.text


def refusal_recorded(stack, portal, attempts: int) -> bool:
    """The endpoint refused `attempts` deliveries and the ledger has put the last one back to wait. Only then
    may the test move the ledger's clock on: moved while the notifier is still between the portal's answer
    and its record of it, the clock would push that retry's due time out by the step meant to reach it."""
    refused = len(portal.requests) >= attempts >= 1 and portal.requests[-1].answered == 503
    return refused and webhook_rows(stack, "sending") == 0


def received(portal, case_id: str) -> list[str]:
    """The case's events as a receiver keeps them: verified, and each webhook-id once."""
    seen, kept = set(), []
    for event in portal.events:
        if event["subject"] == case_id and event["id"] not in seen:
            seen.add(event["id"])
            kept.append(event["type"].split(".")[-2])
    return kept


def webhook_rows(stack, status: str) -> int:
    answer = stack.client.get("/v1/deliveries", params={"channel": "webhook", "status": status},
                              headers=stack.token("operator"))
    return answer.json()["count"]


def test_a_portal_hears_a_whole_case_in_order_across_a_notifier_restart_an_outage_a_suspension_and_a_replay(
        stack, portal):
    client, operator = stack.client, stack.token("operator")
    registered = client.post("/v1/webhooks", json={"name": "e-gov.az", "url": portal.url}, headers=operator)
    assert registered.status_code == 201, registered.text
    endpoint = registered.json()
    portal.secrets = [endpoint["secret"]]

    submitted = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=stack.token("citizen"))
    assert submitted.status_code == 201, submitted.text
    case_id = submitted.json()["id"]
    stack.wait_for(lambda: received(portal, case_id) == LIFE[:1], "the Submitted event at the portal")

    stack.notifier.kill()  # SIGKILL, then the same worker again
    case_command(stack, case_id, "route", {"unit": "BIN"})
    stack.notifier.start()
    stack.wait_for(lambda: received(portal, case_id) == LIFE[:2], "the Routed event, after the restart", 90)

    portal.fail_with(503)  # the portal is down for ten minutes of the ledger's time
    case_command(stack, case_id, "executors", {"executors": [{"id": "emp-7", "name": "Elvin Məmmədov"}]})
    case_command(stack, case_id, "notes", {"text": "Baxış sabah.", "visible_to_applicant": True})
    stack.wait_for(lambda: refusal_recorded(stack, portal, 1), "the first refused delivery, recorded")
    delay, outage = 2.0, 0.0  # DELIVERY_BACKOFF_SECONDS, doubling after each refusal
    while outage < OUTAGE_SECONDS:
        attempts = len(portal.requests)
        advance_ledger_clock(stack, delay)
        outage += delay
        stack.wait_for(lambda: refusal_recorded(stack, portal, attempts + 1),  # noqa: B023
                       f"the retry {delay:g} s of ledger time later, refused and recorded")
        delay *= 2
    assert all(r.answered == 503 for r in portal.requests[-9:]), "nine retries over the ten minutes, each refused"
    assert received(portal, case_id) == LIFE[:2], "nothing passed the refused event"
    portal.accept()
    advance_ledger_clock(stack, delay)  # the back-off the outage grew to
    stack.wait_for(lambda: received(portal, case_id) == LIFE[:4], "what the outage held back, in order", 90)

    assert client.post(f"/v1/webhooks/{endpoint['id']}/suspend", headers=operator).json()["status"] == "suspended"
    case_command(stack, case_id, "execution", act_kind="installation", meter_serial="AZ-SM-300001", initial_reading="0",
                 seal_number="SL-1")
    case_command(stack, case_id, "answer", {"outcome": "fulfilled"})
    stack.wait_for(lambda: webhook_rows(stack, "parked") == 2, "the events of the suspension, kept")
    assert received(portal, case_id) == LIFE[:4]
    assert client.post(f"/v1/webhooks/{endpoint['id']}/resume", headers=operator).json()["status"] == "active"
    stack.wait_for(lambda: received(portal, case_id) == LIFE, "what it missed, after the resumption")

    assert all(r.verified for r in portal.requests), "every delivery verified by the standardwebhooks library"
    assert [r.headers["webhook-id"] for r in portal.requests if r.answered == 204][:1] == [f"{case_id}:1"]

    positions = {e.version: e.position for e in stack.services.stored_events() if str(e.application_id) == case_id}
    before = len(portal.events)
    replayed = client.post(f"/v1/webhooks/{endpoint['id']}/replay", json={"from_position": positions[5]}, headers=operator)
    assert replayed.json() == {"events": 2}
    stack.wait_for(lambda: len(portal.events) == before + 2, "the replayed events")
    assert [e["id"] for e in portal.events[before:]] == [f"{case_id}:5", f"{case_id}:6"]
