"""The long-running workers beside the HTTP service: the relay, the view projector, the notifier and the escalator.

Each runs until SIGTERM/SIGINT (or the given stop event), and can be killed at any moment:
the relay records its position only after the broker acknowledged, the projector commits its
offsets only after the views were written, and both are idempotent on replay.
"""

from __future__ import annotations

import signal
import threading

import structlog

from consumers.escalation import EscalationLoop
from consumers.kafka import consume
from consumers.notifier import Dispatcher
from eventlog.decoding import history, read_log
from eventlog.relay import Relay
from gateway.adapters.relay_kafka import KafkaEventPublisher
from gateway.adapters.relay_postgres import PostgresWakeup, RelayLock, SqlRelayPosition
from gateway.bootstrap import Services

log = structlog.get_logger()

STANDBY_SECONDS = 2.0


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def run_relay(services: Services, stop: threading.Event) -> None:
    """Publishes the event log to the topic while this process holds the relay lock; waits otherwise."""
    settings = services.settings
    lock = RelayLock(settings.postgres_url)
    position = SqlRelayPosition(services.database)
    position.create_tables()
    publisher = KafkaEventPublisher(settings.kafka_servers, settings.kafka_topic)
    relay = Relay(lambda after, limit: read_log(services.registry, after, limit), publisher, position)
    wakeup = PostgresWakeup(settings.postgres_url, channel=f"{services.registry.name.lower()}_events")
    try:
        while not stop.is_set():
            if not lock.try_acquire():
                stop.wait(STANDBY_SECONDS)  # another relay is active; take over when it dies
                continue
            log.info("relay_active", topic=settings.kafka_topic)
            relay.run(wakeup, should_stop=lambda: stop.is_set() or not lock.still_held())
    finally:
        publisher.close()
        wakeup.close()
        lock.release()


def run_projector(services: Services, stop: threading.Event) -> None:
    """Keeps the views from the topic; an application whose earlier events never came is read from the store."""
    settings = services.settings

    def apply(events):
        services.views.apply_from_topic(events, lambda app_id, after: history(services.registry, app_id, after))

    group = f"{settings.kafka_group_prefix}-views"
    log.info("projector_active", topic=settings.kafka_topic, group=group)
    consume(settings.kafka_servers, settings.kafka_topic, group, apply, stop.is_set)


def run_notifier(services: Services, stop: threading.Event) -> None:
    """Takes events from the topic into the delivery ledger, and sends what is due from a thread beside."""
    settings = services.settings
    dispatcher = Dispatcher(services.notifier, settings.delivery_threads)

    def take(events):
        services.notifier.take_batch(events)
        dispatcher.wake()

    dispatcher.start()
    group = f"{settings.kafka_group_prefix}-notifications"
    log.info("notifier_active", topic=settings.kafka_topic, group=group)
    try:
        consume(settings.kafka_servers, settings.kafka_topic, group, take, stop.is_set)
    finally:
        dispatcher.stop()


def run_escalator(services: Services, stop: threading.Event) -> None:
    """Scans the running cases every ESCALATION_INTERVAL_SECONDS and records the supervisors' e-mails in the ledger,
    which the notifier sends. Any number may run: the ledger records each escalation once."""
    settings = services.settings
    loop = EscalationLoop(services.escalator(), settings.escalation_interval_seconds)
    log.info("escalator_active", thresholds=settings.escalation_thresholds, units=sorted(settings.supervisor_emails))
    loop.run(stop.is_set)
