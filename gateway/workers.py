"""The long-running workers beside the HTTP service: the relay, the view projector, the notifier and the escalator.

Each runs until SIGTERM/SIGINT (or the given stop event), and can be killed at any moment:
the relay records its position only after the broker acknowledged, the projector commits its
offsets only after the views were written, and both are idempotent on replay.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import structlog

from consumers.escalation import EscalationLoop
from consumers.kafka import ConsumerProgress, GroupLag, consume
from consumers.notifier import Dispatcher
from eventlog.decoding import history, read_log
from eventlog.relay import Relay
from gateway.adapters.relay_kafka import KafkaEventPublisher
from gateway.adapters.relay_postgres import PostgresWakeup, RelayLock, SqlRelayPosition
from gateway.bootstrap import Services
from gateway.figures import ledger_figures, log_figures
from gateway.metrics import PUBLISHED, Figure, Readiness, WorkerEndpoint
from gateway.tracing import spans_of_events

log = structlog.get_logger()

STANDBY_SECONDS = 2.0
STUCK_SECONDS = 30.0  # a consumer whose last poll reached the broker longer ago than this is not ready


def stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return stop


@contextmanager
def endpoint(services: Services, readiness: Readiness, *sources) -> Iterator[None]:
    """The worker's own /metrics, /healthz and /readyz, when WORKER_METRICS_PORT names a port."""
    port = services.settings.worker_metrics_port
    if port is None:
        yield
        return
    served = WorkerEndpoint(port, readiness, *sources).start()
    log.info("worker_endpoint", port=served.port)
    try:
        yield
    finally:
        served.close()


class CountingPosition(SqlRelayPosition):
    """The relay's position, counting the events each save moves it past (the broker acknowledged them)."""

    saved: int | None = None  # the last position saved by this process; read from the table before the first

    def save(self, position: int) -> None:
        before = self.load() if self.saved is None else self.saved
        super().save(position)
        self.saved = max(before, position)
        PUBLISHED.inc(max(position - before, 0))


@dataclass
class RelayRole:
    active: bool = False

    def readiness(self) -> tuple[bool, dict]:
        return True, {"role": "active" if self.active else "standby"}  # a standby is ready: it takes over

    def figures(self) -> Iterable[Figure]:
        yield Figure("azersu_relay_active", "1 while this relay holds the lock and publishes, 0 while it stands by",
                     (), [((), 1.0 if self.active else 0.0)])


def run_relay(services: Services, stop: threading.Event) -> None:
    """Publishes the event log to the topic while this process holds the relay lock; waits otherwise."""
    settings = services.settings
    lock = RelayLock(settings.postgres_url)
    position = CountingPosition(services.database)
    position.create_tables()
    publisher = KafkaEventPublisher(settings.kafka_servers, settings.kafka_topic)
    relay = Relay(lambda after, limit: read_log(services.registry, after, limit), publisher, position)
    wakeup = PostgresWakeup(settings.postgres_url, channel=f"{services.registry.name.lower()}_events")
    role = RelayRole()
    groups = GroupLag(settings.kafka_servers, settings.kafka_topic, [views_group(settings), notifications_group(settings)])
    try:
        with endpoint(services, role.readiness, role.figures, lambda: log_figures(services), lambda: group_figures(groups)):
            while not stop.is_set():
                role.active = lock.try_acquire()
                if not role.active:
                    stop.wait(STANDBY_SECONDS)  # another relay is active; take over when it dies
                    continue
                log.info("relay_active", topic=settings.kafka_topic)
                relay.run(wakeup, should_stop=lambda: stop.is_set() or not lock.still_held())
    finally:
        publisher.close()
        wakeup.close()
        lock.release()
        groups.close()


def views_group(settings) -> str:
    return f"{settings.kafka_group_prefix}-views"


def notifications_group(settings) -> str:
    return f"{settings.kafka_group_prefix}-notifications"


def group_figures(groups: GroupLag) -> Iterable[Figure]:
    yield Figure("azersu_consumer_group_lag_events", "Records on the topic past a consumer group's committed offsets, "
                 "asked of the broker: it grows while the group's members are stopped", ("group",),
                 [((group,), lag) for group, lag in groups.read().items()])


def consumer_readiness(progress: ConsumerProgress) -> Readiness:
    def readiness() -> tuple[bool, dict]:
        polled = progress.polled_at
        ready = polled is not None and time.monotonic() - polled < STUCK_SECONDS
        return ready, {"group": progress.group, "assigned_partitions": list(progress.assigned),
                       "lag": sum(progress.lag.values()), "lag_by_partition": {str(p): n for p, n in progress.lag.items()}}

    return readiness


def consumer_figures(progress: ConsumerProgress) -> Iterable[Figure]:
    yield Figure("azersu_consumer_lag_events", "Records on the topic past this consumer's position, by partition "
                 "(from the broker's last fetch answer)", ("group", "partition"),
                 [((progress.group, str(partition)), lag) for partition, lag in progress.lag.items()])
    yield Figure("azersu_consumer_assigned_partitions", "Partitions the group gave this consumer", ("group",),
                 [((progress.group,), len(progress.assigned))])


def run_projector(services: Services, stop: threading.Event) -> None:
    """Keeps the views from the topic; an application whose earlier events never came is read from the store."""
    settings = services.settings

    def apply(events):
        with spans_of_events("project status views", events):
            services.views.apply_from_topic(events, lambda app_id, after: history(services.registry, app_id, after))

    group = views_group(settings)
    progress = ConsumerProgress(group)
    log.info("projector_active", topic=settings.kafka_topic, group=group)
    with endpoint(services, consumer_readiness(progress), lambda: consumer_figures(progress)):
        consume(settings.kafka_servers, settings.kafka_topic, group, apply, stop.is_set, progress=progress)


def run_notifier(services: Services, stop: threading.Event) -> None:
    """Takes events from the topic into the delivery ledger, and sends what is due from a thread beside."""
    settings = services.settings
    dispatcher = Dispatcher(services.notifier, settings.delivery_threads)

    def take(events):
        with spans_of_events("take notices into the delivery ledger", events):
            services.notifier.take_batch(events)
        dispatcher.wake()

    dispatcher.start()
    group = notifications_group(settings)
    progress = ConsumerProgress(group)
    log.info("notifier_active", topic=settings.kafka_topic, group=group)
    try:
        with endpoint(services, consumer_readiness(progress), lambda: consumer_figures(progress),
                      lambda: ledger_figures(services)):
            consume(settings.kafka_servers, settings.kafka_topic, group, take, stop.is_set, progress=progress)
    finally:
        dispatcher.stop()


def run_escalator(services: Services, stop: threading.Event) -> None:
    """Scans the running cases every ESCALATION_INTERVAL_SECONDS and records the supervisors' e-mails in the ledger,
    which the notifier sends. Any number may run: the ledger records each escalation once."""
    settings = services.settings
    loop = EscalationLoop(services.escalator(), settings.escalation_interval_seconds)
    log.info("escalator_active", thresholds=settings.escalation_thresholds, units=sorted(settings.supervisor_emails))
    loop.run(stop.is_set)
