"""The relay's publisher: the event store's log onto the Kafka topic, as CloudEvents."""

from __future__ import annotations

from kafka import KafkaProducer
from kafka.errors import KafkaError
from opentelemetry.trace import SpanKind

from consumers.kafka import CLIENT_SETTINGS
from eventlog.relay import Acknowledgement, EventPublisher, PublishError
from gateway.tracing import spans_of_events, traceparent_of
from schemas.cloudevents import to_record
from schemas.events import EventEnvelope


class KafkaEventPublisher(EventPublisher):
    """Idempotent producer, acks from all in-sync replicas; a batch counts only once all are acknowledged.
    Idempotence also keeps the records of one partition in the order they were sent, across the
    producer's own retries, while several batches are on their way."""

    def __init__(self, bootstrap_servers: str, topic: str, ack_timeout_seconds: float = 30):
        self.bootstrap_servers = bootstrap_servers
        self.topic = topic
        self.ack_timeout_seconds = ack_timeout_seconds
        self.producer: KafkaProducer | None = None

    def publish(self, events: list[EventEnvelope]) -> None:
        self.send(events).wait()

    def send(self, events: list[EventEnvelope]) -> Acknowledgement:
        try:
            producer = self._producer()
            with spans_of_events("publish application-events", events, SpanKind.PRODUCER) as spans:
                records = [to_record(event, traceparent_of(span)) for event, span in zip(events, spans, strict=True)]
                sent = [producer.send(self.topic, key=key, value=value, headers=headers) for key, value, headers in records]
        except KafkaError as error:
            raise self._failed(error) from None
        return KafkaAcknowledgement(self, sent)

    def _failed(self, error: KafkaError) -> PublishError:
        self.close()  # a fresh producer after an outage, rather than one stuck in backoff
        return PublishError(f"{type(error).__name__}: {error}")

    def _producer(self) -> KafkaProducer:
        if self.producer is None:
            self.producer = KafkaProducer(bootstrap_servers=self.bootstrap_servers, enable_idempotence=True,
                                          acks="all", linger_ms=2, **CLIENT_SETTINGS)
        return self.producer

    def close(self) -> None:
        """Drops the producer without waiting: what it still held is published again from the position."""
        producer, self.producer = self.producer, None
        if producer is not None:
            try:
                producer.close(timeout=0)
            except KafkaError:
                pass  # closing a producer cut off from its broker times out; nothing is lost by it


class KafkaAcknowledgement(Acknowledgement):
    """The producer's futures of one batch; they complete in the order the records were sent."""

    def __init__(self, publisher: KafkaEventPublisher, sent: list):
        self.publisher = publisher
        self.sent = sent

    def done(self) -> bool:
        return all(acknowledgement.is_done for acknowledgement in self.sent)

    def wait(self) -> None:
        try:
            for acknowledgement in self.sent:
                acknowledgement.get(timeout=self.publisher.ack_timeout_seconds)
        except KafkaError as error:
            raise self.publisher._failed(error) from None
