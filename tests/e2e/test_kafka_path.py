"""The production shape, for real: HTTP → Postgres event store → relay → Kafka → projector → views.

The relay and the projector run as separate processes (as in production), so that they can be
killed with SIGKILL mid-stream and restarted.
"""

from __future__ import annotations

import time
import uuid

import pytest
from kafka import KafkaConsumer, TopicPartition

from tests.e2e.workers import KafkaStack
from tests.kafka_broker import FAST_CLIENT_SETTINGS, broker_behind_a_switch, unique_name
from tests.samples import METER_INSTALLATION

pytestmark = pytest.mark.postgres


def submit(client, headers, n: int = 1) -> list[str]:
    numbers = []
    for _ in range(n):
        response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=headers)
        assert response.status_code == 201, response.text
        numbers.append(response.json()["number"])
    return numbers


def listed(client, headers) -> set[str]:
    return {a["number"] for a in client.get("/v1/applications", params={"page_size": 100}, headers=headers).json()["data"]}


def topic_records(bootstrap: str, topic: str) -> list:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, **FAST_CLIENT_SETTINGS)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        records, deadline = [], time.monotonic() + 5
        while time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=300)
            records += [r for rs in batch.values() for r in rs]
            if not batch and records:
                break
        return records
    finally:
        consumer.close()


def test_a_submission_reaches_the_topic_as_a_cloudevent_the_status_view_and_the_citizens_phone_and_mailbox(
        kafka_stack, smtp, sms):
    client, stack = kafka_stack
    citizen = stack.token("citizen")
    [number] = submit(client, citizen)
    stack.wait_for(lambda: number in listed(client, citizen), "the status view shows the new application")
    stack.wait_for(lambda: smtp.messages and sms.requests, "the registration e-mail and SMS")
    assert number in smtp.messages[0]["Subject"] and smtp.messages[0]["To"] == METER_INSTALLATION["email"]
    assert sms.requests[0].json["to"] == "+994557654321" and sms.requests[0].json["text"].endswith(f"Müraciət nömrəniz: {number}")
    [record] = [r for r in topic_records(stack.bootstrap, stack.topic)]
    headers = {k: v.decode() for k, v in record.headers}
    application_id = client.get("/v1/applications", headers=citizen).json()["data"][0]["id"]
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_type"] == "az.azersu.application.Submitted.v1"
    assert headers["ce_id"] == f"{application_id}:1"
    assert headers["ce_subject"] == application_id == record.key.decode()
    assert headers["ce_source"] == "/azersu/cases" and headers["content-type"] == "application/json"
    assert headers["ce_time"].startswith(time.strftime("%Y-"))


def test_killing_the_relay_and_the_projector_mid_stream_loses_and_repeats_nothing(kafka_stack):
    client, stack = kafka_stack
    citizen = stack.token("citizen")
    first = submit(client, citizen, 15)
    stack.relay.kill()
    stack.projector.kill()
    second = submit(client, citizen, 15)  # commands keep being accepted while the workers are down
    stack.relay.start()
    stack.projector.start()
    stack.wait_for(lambda: set(first + second) <= listed(client, citizen), "every application in the view")
    ids = [dict(r.headers)["ce_id"] for r in topic_records(stack.bootstrap, stack.topic)]
    assert len(set(ids)) == 30, "every event reached the topic"
    assert stack.views_equal_a_fresh_rebuild()


def test_a_broker_outage_delays_the_views_but_loses_nothing(postgres_url, tmp_path, clock, smtp, sms):
    with broker_behind_a_switch() as switch, \
            KafkaStack(postgres_url, switch.bootstrap_servers, unique_name("events"), tmp_path, clock, smtp, sms) as stack:
        client, citizen = stack.client, stack.token("citizen")
        before = submit(client, citizen, 3)
        stack.wait_for(lambda: set(before) <= listed(client, citizen), "the first applications in the view")
        switch.turn_off()
        during = submit(client, citizen, 3)  # accepted and stored while Kafka is out of reach
        time.sleep(3)
        assert not set(during) & listed(client, citizen)
        switch.turn_on()
        stack.wait_for(lambda: set(during) <= listed(client, citizen), "the applications from the outage in the view", 90)
        assert stack.views_equal_a_fresh_rebuild()


def test_a_second_relay_waits_and_takes_over_when_the_first_dies(kafka_stack):
    client, stack = kafka_stack
    citizen = stack.token("citizen")
    standby = stack.extra_relay()
    standby.start()
    time.sleep(1)
    stack.relay.kill()
    numbers = submit(client, citizen, 3)
    stack.wait_for(lambda: set(numbers) <= listed(client, citizen), "the standby relay publishes")
    assert "relay_active" in standby.output()


def test_killing_the_notifier_mid_stream_loses_nothing_and_repeats_only_under_the_same_message_key(kafka_stack, smtp, sms):
    """SMTP and the SMS gateway cannot be asked whether a message cut off mid-send arrived, so those in
    flight at the kill (one per sending thread at most) go again once their lease runs out, under the
    same Message-ID / Idempotency-Key for the receiver to recognise. Everything else goes exactly once."""
    client, stack = kafka_stack
    citizen = stack.token("citizen")
    first = submit(client, citizen, 10)
    stack.wait_for(lambda: len(sms.requests) >= 3, "the first messages going out")
    stack.notifier.kill()
    second = submit(client, citizen, 10)
    stack.notifier.start()
    everything = set(first + second)
    stack.wait_for(lambda: len(smtp.messages) >= 20 and len(sms.requests) >= 20, "every e-mail and SMS", 90)
    time.sleep(4)  # longer than the delivery lease: a message left in flight by the kill has gone again by now
    mail_keys = {(number, m["Message-ID"]) for m in smtp.messages for number in everything if number in m["Subject"]}
    sms_keys = {(number, r.headers["Idempotency-Key"]) for r in sms.requests for number in everything
                if r.json["text"].endswith(number)}
    assert sorted(n for n, _ in mail_keys) == sorted(n for n, _ in sms_keys) == sorted(everything), \
        "every application's message arrived, each under one key per channel"
    in_flight = int(stack.env.get("DELIVERY_THREADS", "4"))  # each sending thread has at most one message on the wire
    assert len(smtp.messages) + len(sms.requests) <= 40 + in_flight, "only messages in flight at the kill went twice"


@pytest.fixture
def kafka_stack(postgres_url, kafka_broker, tmp_path, clock, smtp, sms):
    topic = f"events-{uuid.uuid4().hex[:8]}"
    with KafkaStack(postgres_url, kafka_broker.bootstrap_servers, topic, tmp_path, clock, smtp, sms) as stack:
        yield stack.client, stack
