"""A downstream system reads our topic with someone else's code: librdkafka (confluent-kafka) as the
client, in a consumer group of its own, and the CloudEvents SDK to parse the records.

The store is filled by whole life cycles of both kinds (every event type) on Postgres; the relay runs
as its own process, as in production. A new subscriber's replay (`gateway.cli replay`) publishes the
same events again onto a fresh topic.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from dataclasses import dataclass

import pytest
from cloudevents.core.bindings import kafka as cloudevents_kafka
from confluent_kafka import Consumer
from jsonschema import Draft7Validator

from cases.integrity import GENESIS, hash_of
from eventlog.decoding import read_log
from gateway.adapters.relay_postgres import SqlRelayPosition
from gateway.bootstrap import Services, bootstrap
from gateway.cli import main
from gateway.settings import Settings
from schemas.cloudevents import SOURCE, event_type
from schemas.event_payloads import CONTRACTS
from schemas.events import EventEnvelope
from schemas.generate import SCHEMA_DIR
from tests.conftest import empty_tables
from tests.e2e.workers import Worker
from tests.kafka_broker import unique_name
from tests.life_cycles import every_life_cycle
from tests.waiting import wait_for

pytestmark = pytest.mark.postgres


@dataclass
class Store:
    services: Services
    env: dict
    topic: str  # where the relay published
    events: list[EventEnvelope]  # everything in the store, in log order

    @property
    def bootstrap_servers(self) -> str:
        return self.services.settings.kafka_bootstrap_servers

    def ids(self) -> set[str]:
        return {e.id for e in self.events}


@pytest.fixture(scope="module")
def store(postgres_url, kafka_broker, tmp_path_factory):
    """Every life cycle recorded on Postgres and published by a relay process to a topic of its own."""
    data_dir, topic = tmp_path_factory.mktemp("downstream"), unique_name("downstream")
    empty_tables(postgres_url)
    settings = Settings(_env_file=None, data_dir=data_dir, database_url=postgres_url,
                        kafka_bootstrap_servers=kafka_broker.bootstrap_servers, kafka_topic=topic, db_pool_size=4)
    env = {"DATABASE_URL": postgres_url, "KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers, "KAFKA_TOPIC": topic,
           "DATA_DIR": str(data_dir), "DB_POOL_SIZE": "4"}
    services = bootstrap(settings)
    position = SqlRelayPosition(services.database)
    position.create_tables()  # before the relay process would: two creating it at once could collide
    relay = Worker("relay", os.environ | env, data_dir / "relay.log")
    relay.start()
    try:
        every_life_cycle(services.registry)
        events = read_log(services.registry, 0, 1000)
        wait_for(lambda: position.load() == events[-1].position, "the relay publishes the whole store")
        yield Store(services, env, topic, events)
    finally:
        relay.stop()
        services.close()


def read_topic(bootstrap_servers: str, topic: str, count: int) -> list:
    """Up to `count` records from the beginning, as a new subscriber in its own consumer group reads them."""
    consumer = Consumer({"bootstrap.servers": bootstrap_servers, "group.id": unique_name("billing"),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000})
    consumer.subscribe([topic])
    records, deadline = [], time.monotonic() + 45
    try:
        while len(records) < count and time.monotonic() < deadline:
            record = consumer.poll(0.5)
            if record is None:
                continue
            assert record.error() is None, record.error()
            records.append(record)
        consumer.commit(asynchronous=False)  # only after handling, as the strict loop does
    finally:
        consumer.close()
    return records


def cloudevent(record):
    message = cloudevents_kafka.KafkaMessage(headers=dict(record.headers()), key=record.key(), value=record.value())
    return cloudevents_kafka.from_binary_event(message)


def by_id(records) -> dict[str, object]:
    return {dict(r.headers())["ce_id"].decode(): r for r in records}


@pytest.fixture(scope="module")
def consumed(store) -> list:
    return read_topic(store.bootstrap_servers, store.topic, len(store.events))


def test_an_independent_librdkafka_consumer_reads_every_stored_event_once_as_a_cloudevent(store, consumed):
    events = [cloudevent(r) for r in consumed]
    assert sorted(e.get_id() for e in events) == sorted(store.ids())
    stored = {e.id: e for e in store.events}
    for event in events:
        original = stored[event.get_id()]
        assert (event.get_specversion(), event.get_source()) == ("1.0", SOURCE)
        assert event.get_type() == event_type(original.type)
        assert event.get_subject() == event.get_extension("partitionkey") == str(original.application_id)
        assert int(event.get_extension("sequence")) == original.version
        assert event.get_time() == original.time
        assert event.get_data() == original.data


def test_every_payload_on_the_topic_fits_the_committed_schema_its_type_names(consumed):
    for record in consumed:
        event = cloudevent(record)
        name, version = event.get_type().removeprefix("az.azersu.application.").rsplit(".v", 1)
        schema = json.loads((SCHEMA_DIR / f"{name}.v{version}.schema.json").read_text(encoding="utf-8"))
        assert [e.message for e in Draft7Validator(schema).iter_errors(event.get_data())] == [], event.get_id()
    assert {cloudevent(r).get_type() for r in consumed} == {event_type(name) for name in CONTRACTS}


def test_each_applications_events_share_a_partition_and_arrive_in_version_order_with_an_unbroken_chain(store, consumed):
    partitions, sequences, previous = defaultdict(set), defaultdict(list), {}
    for record in consumed:
        event = cloudevent(record)
        application, data = event.get_subject(), event.get_data()
        partitions[application].add(record.partition())
        sequences[application].append(event.get_extension("sequence"))
        name = event.get_type().removeprefix("az.azersu.application.").rsplit(".", 1)[0]
        assert data["hash"] == hash_of(application, int(event.get_extension("sequence")), name, event.get_time(), data)
        assert data["previous_hash"] == previous.get(application, GENESIS)
        previous[application] = data["hash"]
    assert len(sequences) == 5 and all(len(p) == 1 for p in partitions.values())
    assert all(s == sorted(s) == [f"{v:010d}" for v in range(1, len(s) + 1)] for s in sequences.values())


def test_a_replay_onto_a_fresh_topic_publishes_the_whole_store_again_record_for_record(store, consumed, monkeypatch, capsys):
    for name, value in store.env.items():
        monkeypatch.setenv(name, value)
    fresh = unique_name("replay")
    assert main(["replay", "--topic", fresh]) == 0
    assert f"Published {len(store.events)} events" in capsys.readouterr().out
    replayed, relayed = by_id(read_topic(store.bootstrap_servers, fresh, len(store.events))), by_id(consumed)
    assert replayed.keys() == relayed.keys() == store.ids()
    for ce_id, record in replayed.items():
        original = relayed[ce_id]
        assert (record.key(), record.value(), record.headers()) == (original.key(), original.value(), original.headers())


def test_a_replay_can_go_on_after_a_position_and_a_reader_that_drops_seen_ids_ends_with_the_store_exactly(
        store, monkeypatch, capsys):
    for name, value in store.env.items():
        monkeypatch.setenv(name, value)
    fresh, middle = unique_name("replay"), store.events[7].position
    assert main(["replay", "--topic", fresh, "--batch", "5"]) == 0
    assert main(["replay", "--topic", fresh, "--after", str(middle)]) == 0
    later = [e for e in store.events if e.position > middle]
    records = read_topic(store.bootstrap_servers, fresh, len(store.events) + len(later))
    assert len(records) == len(store.events) + len(later)
    assert by_id(records).keys() == store.ids()
    assert f"Published {len(later)} events" in capsys.readouterr().out.splitlines()[-1]
