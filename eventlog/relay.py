"""The relay: publishes the event store's log, in order, to the application-events topic.

The events table is the outbox. The relay reads from its last recorded position and hands batches
to the broker one after the other, without waiting for each to be acknowledged before reading the
next; the recorded position moves only past batches the broker acknowledged, oldest first. A crash
publishes the unacknowledged batches again (at least once; `ce_id` lets receivers drop the
duplicates), never loses one. Only the holder of the relay lock publishes, and while it holds the
lock its position lives in memory: the store is read for it once, when the relay becomes active.
"""

from __future__ import annotations

import abc
import time
from collections import deque
from collections.abc import Callable

import structlog

from schemas.events import EventEnvelope

log = structlog.get_logger()

ReadLog = Callable[[int, int], list[EventEnvelope]]

IN_FLIGHT_BATCHES = 8
ACK_POLL_SECONDS = 0.002


class PublishError(Exception):
    """The broker did not acknowledge every event of a batch."""


class Acknowledgement(abc.ABC):
    """The broker's answer to one batch, which may still be on its way."""

    @abc.abstractmethod
    def done(self) -> bool:
        """Whether the broker answered for every event (acknowledged or refused)."""

    @abc.abstractmethod
    def wait(self) -> None:
        """Returns once every event was acknowledged; raises PublishError otherwise."""


class Acknowledged(Acknowledgement):
    def done(self) -> bool:
        return True

    def wait(self) -> None:
        pass


class EventPublisher(abc.ABC):
    @abc.abstractmethod
    def publish(self, events: list[EventEnvelope]) -> None:
        """Returns once the broker acknowledged every event; raises PublishError otherwise."""

    def send(self, events: list[EventEnvelope]) -> Acknowledgement:
        """Hands the events to the broker, after the ones sent before; a publisher that can return
        before the broker answers overrides it, the others wait here."""
        self.publish(events)
        return Acknowledged()

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
    def __init__(self, read_log: ReadLog, publisher: EventPublisher, position: RelayPosition, batch: int = 500,
                 in_flight: int = IN_FLIGHT_BATCHES):
        self.read_log = read_log
        self.publisher = publisher
        self.position = position
        self.batch = batch
        self.in_flight = in_flight
        self.acknowledged = 0  # every event up to here is on the topic
        self.sent = 0  # every event up to here was handed to the broker
        self.pending: deque[tuple[int, Acknowledgement]] = deque()  # (last position, its answer), oldest first

    def start_from(self, position: int) -> None:
        self.acknowledged = self.sent = position
        self.pending.clear()

    def send_next_batch(self) -> int:
        """Hands the events after the last one sent to the broker; returns how many."""
        events = self.read_log(self.sent, self.batch)
        if events:
            last = events[-1].position
            assert last is not None  # the log's reader gives every event it reads its position
            self.pending.append((last, self.publisher.send(events)))
            self.sent = last
        return len(events)

    def settle(self, wait: bool = False) -> None:
        """Moves past the batches the broker acknowledged, oldest first, and records the new position.
        `wait`: for the oldest batch's answer, if none came yet. A refused batch raises PublishError."""
        before = self.acknowledged
        try:
            while self.pending and (wait or self.pending[0][1].done()):
                last, answer = self.pending[0]
                answer.wait()
                self.pending.popleft()
                self.acknowledged, wait = last, False
        finally:  # what was acknowledged before a refusal is recorded all the same
            if self.acknowledged != before:
                self.position.save(self.acknowledged)

    def run(self, wakeup: Wakeup, should_stop: Callable[[], bool], poll_seconds: float = 1.0,
            max_backoff_seconds: float = 5.0) -> None:
        """Publishes until told to stop; a broker outage is waited out with growing pauses."""
        self.start_from(self.position.load())
        backoff = 0.1
        while not should_stop():
            before = self.acknowledged
            try:
                self._follow(wakeup, should_stop, poll_seconds)
            except PublishError as error:
                if self.acknowledged > before:  # it got through for a while: a new outage, not the same one
                    backoff = 0.1
                log.warning("relay_publish_failed", error=str(error), retry_in=backoff)
                self.start_from(self.acknowledged)  # what was not acknowledged goes again
                time.sleep(backoff)
                backoff = min(backoff * 2, max_backoff_seconds)

    def _follow(self, wakeup: Wakeup, should_stop: Callable[[], bool], poll_seconds: float) -> None:
        while not should_stop():
            read = self.send_next_batch() if len(self.pending) < self.in_flight else 0
            self.settle(wait=len(self.pending) >= self.in_flight)
            if read == 0:
                # LISTEN/NOTIFY wakes it early; the poll covers a lost notification. While answers are
                # due, it looks at them often rather than sleeping through them.
                wakeup.wait(ACK_POLL_SECONDS if self.pending else poll_seconds)
        while self.pending:  # stopping: what is on its way is still worth recording
            self.settle(wait=True)
