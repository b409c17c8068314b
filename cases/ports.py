"""Boundaries of the write side. Each has a real adapter (gateway/adapters) and a fake (tests/fakes.py)."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from eventsourcing.persistence import StoredEvent

from cases.errors import UnacceptableDocumentError

BAKU = ZoneInfo("Asia/Baku")


@dataclass(frozen=True)
class StoredDocument:
    sha256: str
    media_type: str
    content: bytes


class DocumentStore(abc.ABC):
    """Keeps document bytes by their SHA-256: storing the same content twice stores it once."""

    @abc.abstractmethod
    def put(self, sha256: str, media_type: str, content: bytes) -> None: ...

    @abc.abstractmethod
    def get(self, sha256: str) -> StoredDocument | None: ...


class DocumentRefused(Exception):
    """Why a document is not accepted, before the caller's wording (which field, which name) is added."""

    def __init__(self, error_type: type[UnacceptableDocumentError], reason: str):
        super().__init__(reason)
        self.error_type = error_type
        self.reason = reason


class DocumentInspector(abc.ABC):
    """Reads an upload far enough to know it is one whole PDF, JPEG or PNG that carries nothing active."""

    @abc.abstractmethod
    def media_type_of(self, content: bytes) -> str:
        """The media type of an acceptable document; raises DocumentRefused with the reason otherwise."""

    def close(self) -> None:  # noqa: B027 - most inspectors hold nothing
        """Lets go of whatever the inspector holds (worker processes)."""


class NumberingRecorder(abc.ABC):
    """The event store's recorder, which also keeps one counter per number series (say TS-2026).

    A submission's number is inside its `Submitted` event and that event's hash, so the number is
    chosen in the transaction that records the event: a submission that is not recorded (refused,
    conflicting, or cut off by a crash) spends no number, and the register has no holes."""

    @abc.abstractmethod
    def insert_numbered(self, stored_events: Sequence[StoredEvent], numbered: Sequence[Numbered]) -> None:
        """In one transaction: advances each series by the submissions that take a number from it,
        has each `events_for` make its events with its serial, in the order given, and records
        them with `stored_events`. Raises IntegrityError, recording nothing, when any conflicts."""


@dataclass(frozen=True)
class Numbered:
    """A submission waiting for the next serial of its series."""

    series: str
    events_for: Callable[[int], Sequence[StoredEvent]]


In = TypeVar("In")


class Writer(abc.ABC, Generic[In]):
    """Records the changes of concurrent commands: `submit` returns once its own change is recorded,
    and raises what recording that change raised. The event store serialises its writers, so a writer
    may record what arrives meanwhile together (eventlog.batching.Batcher)."""

    @abc.abstractmethod
    def submit(self, item: In) -> object: ...

    def close(self) -> None:  # noqa: B027 - a writer that holds no thread has nothing to let go of
        """Finishes what was submitted and lets go of the writer's thread."""


# Makes the registry's writer from the function that records a list of changes (one result per change:
# None, or the exception for that change) and a name for the writer's thread.
WriterFactory = Callable[[Callable[[list[In]], list[BaseException | None]], str], Writer[In]]


class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> datetime: ...


class SystemClock(Clock):
    """Baku time: the year in an application number is the citizen's year, not UTC's."""

    def now(self) -> datetime:
        return datetime.now(BAKU)


class PublishedCalendar(abc.ABC):
    """The country's calendar as a published source knows it: rest days, public holidays with their
    carry-over, and the day swaps decreed up to the source's release (gateway/adapters/calendar.py)."""

    @abc.abstractmethod
    def is_working_day(self, day: date) -> bool: ...

    @abc.abstractmethod
    def holiday_name(self, day: date) -> str | None:
        """The holiday (or carried-over rest day) on `day`, if any, in the source's words."""


@dataclass(frozen=True)
class DaySwap:
    """A day the Cabinet of Ministers made a working day or a rest day by decree, as an operator
    recorded it: the latest record of a day is the one in force from the moment it was recorded."""

    day: date
    working: bool
    decree: str
    reason: str
    recorded_by: str
    recorded_at: datetime


class DaySwapRecords(abc.ABC):
    """The recorded day swaps: appended, never changed, so a due date can always be recomputed as it stood."""

    @abc.abstractmethod
    def record(self, swap: DaySwap) -> None: ...

    @abc.abstractmethod
    def all(self) -> list[DaySwap]:
        """Every record, in the order recorded."""
