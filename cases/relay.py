"""The relay: publishes the event store's log, in order, to the application-events topic.

The events table is the outbox. The relay reads from its last recorded position, publishes a
batch, and records the new position only after the broker acknowledged every event of it: a
crash between the two publishes that batch again (at least once; `ce_id` lets receivers drop
the duplicates), never loses one. Only the holder of the relay lock publishes.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Callable

import structlog

from schemas.events import EventEnvelope

log = structlog.get_logger()

ReadLog = Callable[[int, int], list[EventEnvelope]]


class PublishError(Exception):
    """The broker did not acknowledge every event of a batch."""


class EventPublisher(abc.ABC):
    @abc.abstractmethod
    def publish(self, events: list[EventEnvelope]) -> None:
        """Returns once the broker acknowledged every event; raises PublishError otherwise."""

    def close(self) -> None:  # noqa: B027 -- optional: a publisher without a connection has nothing to release
        """Releases the connection to the broker."""


class RelayPosition(abc.ABC):
    """Where the relay is in the log: the last position the broker acknowledged."""

    @abc.abstractmethod
    def load(self) -> int: ...

    @abc.abstractmethod
    def save(self, position: int) -> None: ...


class Wakeup(abc.ABC):
    @abc.abstractmethod
    def wait(self, timeout: float) -> None:
        """Returns when new events may have been recorded, or after `timeout` seconds at the latest."""


class Relay:
    def __init__(self, read_log: ReadLog, publisher: EventPublisher, position: RelayPosition, batch: int = 500):
        self.read_log = read_log
        self.publisher = publisher
        self.position = position
        self.batch = batch

    def publish_next_batch(self) -> int:
        """Publishes the events after the recorded position; returns how many."""
        events = self.read_log(self.position.load(), self.batch)
        if events:
            self.publisher.publish(events)
            self.position.save(events[-1].position)
        return len(events)

    def run(self, wakeup: Wakeup, should_stop: Callable[[], bool], poll_seconds: float = 1.0,
            max_backoff_seconds: float = 5.0) -> None:
        """Publishes until told to stop; a broker outage is waited out with growing pauses."""
        backoff = 0.1
        while not should_stop():
            try:
                while self.publish_next_batch() == self.batch and not should_stop():
                    pass  # a full batch: there is more to publish right away
                backoff = 0.1
            except PublishError as error:
                log.warning("relay_publish_failed", error=str(error), retry_in=backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, max_backoff_seconds)
                continue
            wakeup.wait(poll_seconds)  # LISTEN/NOTIFY wakes it early; the poll covers a lost notification
