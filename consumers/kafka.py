"""The consumer loop of every follower of the topic, and the client settings the relay's publisher shares
(gateway/adapters/relay_kafka.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from kafka import KafkaConsumer
from kafka.errors import CommitFailedError, KafkaError
from kafka.structs import OffsetAndMetadata, TopicPartition

from schemas.cloudevents import NotACloudEventError, from_record
from schemas.events import EventEnvelope

log = structlog.get_logger()

# Quick reconnects after a broker outage (the default backoff grows to 30 s) and a bounded wait
# for an unreachable broker; valid for producers and consumers alike.
CLIENT_SETTINGS = dict(reconnect_backoff_ms=50, reconnect_backoff_max_ms=1000, metadata_max_age_ms=5000,
                       request_timeout_ms=10000)
# A consumer group's first join takes ~3 s with these instead of ~23 s with the defaults.
GROUP_SETTINGS = dict(session_timeout_ms=6000, heartbeat_interval_ms=1000, max_poll_interval_ms=10000)
# A fetch that finds nothing new is answered after at most this long. kafka-python's default (500 ms)
# is what a record arriving meanwhile can wait, with a broker that answers only at the deadline; a
# broker that answers as soon as a record arrives merely gets a few more empty fetches per second.
FETCH_SETTINGS = dict(fetch_max_wait_ms=20)


@dataclass
class ConsumerProgress:
    """Where a consumer stands, for its health answer and its figures: the partitions the group gave it,
    and how many records each holds past the consumer's position (from the broker's last fetch answer)."""

    group: str
    assigned: tuple[int, ...] = ()
    lag: dict[int, int] = field(default_factory=dict)
    polled_at: float | None = None  # time.monotonic() of the last poll that reached the broker

    def note(self, consumer: KafkaConsumer) -> None:
        partitions = sorted(consumer.assignment(), key=lambda tp: tp.partition)
        lag = {}
        try:
            for partition in partitions:
                highwater = consumer.highwater(partition)
                if highwater is not None:
                    lag[partition.partition] = max(highwater - consumer.position(partition, timeout_ms=100), 0)
        except KafkaError as error:  # a figure, never a reason to hold up the records: the last figures stand
            log.debug("consumer_lag_not_read", error=str(error))
            return
        self.assigned, self.lag, self.polled_at = tuple(tp.partition for tp in partitions), lag, time.monotonic()


class GroupLag:
    """How far each consumer group's committed offsets are behind the end of the topic, asked of the broker,
    so a group whose members all stopped still shows its lag growing. One client per group, which fetches
    the group's offsets without joining it."""

    def __init__(self, bootstrap_servers: str, topic: str, groups: list[str]):
        self.topic = topic
        self.clients = {group: KafkaConsumer(bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False,
                                             **CLIENT_SETTINGS) for group in groups}

    def read(self) -> dict[str, int]:
        lags = {}
        for group, client in self.clients.items():
            partitions = [TopicPartition(self.topic, p) for p in sorted(client.partitions_for_topic(self.topic) or ())]
            if not partitions:
                continue
            ends, starts = client.end_offsets(partitions), client.beginning_offsets(partitions)
            committed = {tp: client.committed(tp) for tp in partitions}
            lags[group] = sum(max(ends[tp] - (committed[tp] if committed[tp] is not None else starts[tp]), 0)
                              for tp in partitions)
        return lags

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def consume(bootstrap_servers: str, topic: str, group_id: str, handle: Callable[[list[EventEnvelope]], None],
            should_stop: Callable[[], bool], max_records: int = 500, progress: ConsumerProgress | None = None) -> None:
    """The strict loop: poll, type each record at the edge, handle the batch, and only then commit.

    A crash before the commit hands the same records to the next member of the group: handlers
    are idempotent, so that costs time, never correctness. Broker trouble is waited out.
    """
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap_servers, group_id=group_id,
                             enable_auto_commit=False, auto_offset_reset="earliest",
                             **CLIENT_SETTINGS, **GROUP_SETTINGS, **FETCH_SETTINGS)
    try:
        while not should_stop():
            try:
                _poll_handle_commit(consumer, handle, max_records)
                if progress is not None:
                    progress.note(consumer)
            except CommitFailedError as error:  # the group rebalanced: the records come again
                log.warning("commit_failed", group=group_id, error=str(error))
            except KafkaError as error:
                log.warning("consumer_error", group=group_id, error=f"{type(error).__name__}: {error}")
                time.sleep(1)
    finally:
        consumer.close()


def _poll_handle_commit(consumer: KafkaConsumer, handle: Callable[[list[EventEnvelope]], None], max_records: int) -> None:
    # One handling and one commit for the whole poll, rather than one per partition: each commit is a
    # round trip to the group coordinator that the next partition's records would wait behind. One
    # application's events share a partition, so putting the partitions one after the other keeps
    # each application's order.
    polled = consumer.poll(timeout_ms=500, max_records=max_records)
    if not polled:
        return
    handle([event for records in polled.values() for event in _events(records)])
    consumer.commit({partition: OffsetAndMetadata(records[-1].offset + 1, "", -1) for partition, records in polled.items()})


def _events(records) -> list[EventEnvelope]:
    events = []
    for record in records:
        try:
            events.append(from_record(record.value, record.headers))
        except NotACloudEventError as error:  # someone else's record: skipped, and said so
            log.warning("skipped_foreign_record", partition=record.partition, offset=record.offset, error=str(error))
    return events


