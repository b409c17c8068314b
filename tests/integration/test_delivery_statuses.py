"""Every status transition of a message in the ledger, on SQLite and Postgres: the moves a helpdesk sees,
and the ones the ledger refuses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from consumers.ledger import Cause, DeliveryAlreadySentError, DeliveryLedger, DeliveryNotFoundError, DeliveryNotSentError
from consumers.messages import Message
from schemas.events import EventEnvelope


@pytest.fixture
def ledger(services) -> DeliveryLedger:
    return services.notifier.ledger


def recorded(ledger: DeliveryLedger, channel: str = "sms", version: int = 1, recipient: str = "+994501234567",
             body: str = "Müraciətiniz qeydiyyata alındı.", application_id: uuid.UUID | None = None) -> str:
    application_id = application_id or uuid.uuid4()
    event = EventEnvelope(id=f"{application_id}:{version}", application_id=application_id, version=version,
                          type="Submitted", time=datetime.now(UTC), data={})
    key = f"{event.id}/{channel}" + ("/endpoint-1" if channel == "webhook" else "")
    with ledger.db.transaction() as cursor:
        ledger.record(cursor, Cause.of(event, "SQ-2026-000001"), [Message(key, channel, recipient, "", body)], now=0)
    return key


def claimed(ledger: DeliveryLedger, key: str, now: float = 1):
    [delivery] = [d for d in ledger.claim_due(now=now, limit=50) if d.key == key]
    assert delivery.status == "sending"
    return delivery


def test_pending_sending_sent_delivered(ledger):
    key = recorded(ledger)
    assert ledger.get(key).status == "pending" and ledger.get(key).segments == 1
    claimed(ledger, key)
    ledger.mark_sent(key, now=2)
    assert (ledger.get(key).status, ledger.get(key).sent_at) == ("sent", 2)
    delivered = ledger.report(key, True, None, now=3)
    assert (delivered.status, delivered.delivered_at) == ("delivered", 3)


def test_a_temporary_failure_goes_back_to_pending_with_its_reason_and_parks_past_the_limit(ledger):
    key = recorded(ledger)
    for attempt in range(1, ledger.max_attempts):
        assert ledger.mark_failed(claimed(ledger, key, now=10_000 * attempt), "gateway answered 503", now=10) == "pending"
        assert ledger.get(key).last_error == "gateway answered 503"
    assert ledger.mark_failed(claimed(ledger, key, now=10**6), "gateway answered 503", now=10) == "parked"
    assert ledger.retry(key, now=20).status == "pending" and ledger.get(key).attempts == 0


def test_a_permanent_failure_is_failed_at_once_and_only_an_operator_sends_it_again(ledger):
    key = recorded(ledger)
    assert ledger.mark_failed(claimed(ledger, key), "refused for good (422)", now=2, final=True) == "failed"
    assert (ledger.get(key).status, ledger.get(key).failed_at) == ("failed", 2)
    assert ledger.claim_due(now=10**9, limit=50) == [], "never retried by itself"
    assert ledger.retry(key, now=3).status == "pending"


def test_a_report_moves_only_a_message_the_provider_took(ledger):
    key = recorded(ledger)
    with pytest.raises(DeliveryNotSentError):
        ledger.report(key, True, None, now=1)
    with pytest.raises(DeliveryNotFoundError):
        ledger.report(f"{uuid.uuid4()}:1/sms", True, None, now=1)
    claimed(ledger, key)
    ledger.mark_sent(key, now=2)
    assert ledger.report(key, False, "expired", now=3).status == "failed"
    assert ledger.report(key, True, None, now=4).status == "failed", "a late 'delivered' does not undo a failure"


def test_a_bounce_after_delivery_fails_the_message_and_no_retry_sends_a_taken_one_twice(ledger):
    key = recorded(ledger, channel="email", recipient="resad@example.az")
    claimed(ledger, key)
    ledger.mark_sent(key, now=2)
    with pytest.raises(DeliveryAlreadySentError):
        ledger.retry(key, now=3)
    ledger.report(key, True, None, now=3)
    with pytest.raises(DeliveryAlreadySentError):
        ledger.retry(key, now=4)
    assert ledger.report(key, False, "5.1.1 no such mailbox", now=5).last_error == "5.1.1 no such mailbox"


def test_a_webhook_the_endpoint_took_is_delivered_and_one_refused_is_retried_without_a_limit(ledger):
    key = recorded(ledger, channel="webhook", recipient="endpoint-1")
    for attempt in range(ledger.max_attempts + 3):
        assert ledger.mark_failed(claimed(ledger, key, now=10**7 * (attempt + 1)), "answered 500", now=1) == "pending"
    claimed(ledger, key, now=10**9)
    ledger.mark_sent(key, now=5, delivered=True)
    assert ledger.get(key).status == "delivered" and ledger.get(key).segments is None


def test_a_parked_webhook_holds_back_the_endpoints_later_events_of_the_application(ledger, services):
    application_id = uuid.uuid4()
    first = recorded(ledger, "webhook", 1, "endpoint-1", application_id=application_id)
    second = recorded(ledger, "webhook", 2, "endpoint-1", application_id=application_id)
    with ledger.db.transaction() as cursor:
        cursor.execute("UPDATE deliveries SET status = 'parked' WHERE key = %s", (first,))
    assert ledger.claim_due(now=1, limit=50) == []
    ledger.retry(first, now=2)
    assert [d.key for d in ledger.claim_due(now=3, limit=50)] == [first]
    ledger.mark_sent(first, now=4, delivered=True)
    assert [d.key for d in ledger.claim_due(now=5, limit=50)] == [second]


def test_an_sms_records_the_segments_the_gateway_bills(ledger):
    long_text = "Müraciətiniz qeydiyyata alındı. " * 4  # 128 UCS-2 characters
    assert ledger.get(recorded(ledger, body=long_text)).segments == 2


def test_a_ledger_made_by_an_earlier_release_gains_the_new_columns(sqlite_settings):
    from gateway.bootstrap import _database

    database = _database(sqlite_settings)
    with database.transaction() as cursor:
        cursor.execute("""CREATE TABLE deliveries (key TEXT PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
            channel TEXT NOT NULL, application_id TEXT NOT NULL, event_version INTEGER NOT NULL, number TEXT NOT NULL,
            recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
            next_attempt_at DOUBLE PRECISION NOT NULL, claimed_at DOUBLE PRECISION, last_error TEXT,
            recorded_at DOUBLE PRECISION NOT NULL, sent_at DOUBLE PRECISION)""")
    ledger = DeliveryLedger(database)
    ledger.create_tables()
    ledger.create_tables()  # and again: nothing to add the second time
    key = recorded(ledger)
    assert ledger.get(key).segments == 1
    database.close()


def test_an_event_claimed_as_an_operator_suspends_its_endpoint_is_not_sent_and_waits_parked(services):
    from consumers.webhooks import WebhookSender

    ledger, endpoints = services.notifier.ledger, services.webhooks
    endpoint = endpoints.register("e-gov.az", "http://127.0.0.1:9/never-called", [], now=0)
    key = recorded(ledger, "webhook", recipient=endpoint.id)
    delivery = claimed(ledger, key)
    endpoints.suspend(endpoint.id, now=2)
    services.notifier._deliver(delivery, {"webhook": WebhookSender(endpoints, timeout=1)})
    assert ledger.get(key).status == "parked" and ledger.get(key).last_error.startswith("the endpoint is suspended")
    endpoints.resume(endpoint.id, now=3)
    assert ledger.get(key).status == "pending"
