"""Small fakes of the write side's ports and the relay's, for unit tests: each records what happened."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from cases.calendar import WorkingCalendar
from cases.deadlines import Deadlines, Terms
from cases.errors import UnacceptableDocumentError
from cases.ports import (
    BAKU,
    Clock,
    DaySwap,
    DaySwapRecords,
    DocumentInspector,
    DocumentRefused,
    DocumentStore,
    Numbered,
    NumberingRecorder,
    PublishedCalendar,
    StoredDocument,
)
from eventlog.relay import Acknowledgement, EventPublisher, PublishError, RelayPosition
from schemas.events import EventEnvelope


class FakeDocumentStore(DocumentStore):
    def __init__(self) -> None:
        self.stored: dict[str, StoredDocument] = {}

    def put(self, sha256: str, media_type: str, content: bytes) -> None:
        self.stored.setdefault(sha256, StoredDocument(sha256, media_type, content))

    def get(self, sha256: str) -> StoredDocument | None:
        return self.stored.get(sha256)


class FakeDocumentInspector(DocumentInspector):
    """Accepts a document by its first bytes alone, and records what it was shown."""

    SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}

    def __init__(self) -> None:
        self.inspected: list[bytes] = []

    def media_type_of(self, content: bytes) -> str:
        self.inspected.append(content)
        for signature, media_type in self.SIGNATURES.items():
            if content.startswith(signature):
                return media_type
        raise DocumentRefused(UnacceptableDocumentError, "is not a PDF, JPG, JPEG or PNG document")


class NumberingPOPORecorder(POPOApplicationRecorder, NumberingRecorder):
    """The in-memory event store, numbering submissions as it records them; `issued` lists the
    series of every serial handed out."""

    def __init__(self) -> None:
        super().__init__()
        self.issued: list[str] = []

    def insert_numbered(self, stored_events: Sequence[StoredEvent], numbered: Sequence[Numbered]) -> None:
        with self._database_lock:  # the lock is re-entrant: counting and inserting are one step
            taken = Counter(self.issued)
            events = list(stored_events)
            for submission in numbered:
                taken[submission.series] += 1
                events += submission.events_for(taken[submission.series])
            self.insert_events(events)
            self.issued += [submission.series for submission in numbered]


class NumberingPOPOFactory(POPOFactory):
    def application_recorder(self) -> NumberingPOPORecorder:
        return NumberingPOPORecorder()


IN_MEMORY = {"PERSISTENCE_MODULE": "tests.fakes:NumberingPOPOFactory"}


class FixedClock(Clock):
    def __init__(self, now: datetime = datetime(2026, 11, 22, 10, 0, tzinfo=BAKU)):
        self.current = now

    def now(self) -> datetime:
        return self.current


class HeldAcknowledgement(Acknowledgement):
    """An answer the test gives when it chooses: `acknowledge()` or `refuse()`."""

    def __init__(self, events: list[EventEnvelope]):
        self.events = events
        self.answer: str | None = None

    def acknowledge(self) -> None:
        self.answer = "acknowledged"

    def refuse(self) -> None:
        self.answer = "refused"

    def done(self) -> bool:
        return self.answer is not None

    def wait(self) -> None:
        if self.answer is None:
            raise PublishError("no answer within the time allowed")
        if self.answer == "refused":
            raise PublishError("refused by the broker")


class HeldPublisher(EventPublisher):
    """Keeps every batch it is given, with an answer the test gives later."""

    def __init__(self) -> None:
        self.batches: list[HeldAcknowledgement] = []

    def publish(self, events: list[EventEnvelope]) -> None:
        self.send(events).wait()

    def send(self, events: list[EventEnvelope]) -> HeldAcknowledgement:
        self.batches.append(HeldAcknowledgement(events))
        return self.batches[-1]


class MemoryRelayPosition(RelayPosition):
    def __init__(self, position: int = 0):
        self.position = position
        self.loads = 0
        self.saved: list[int] = []

    def load(self) -> int:
        self.loads += 1
        return self.position

    def save(self, position: int) -> None:
        self.position = max(self.position, position)
        self.saved.append(position)


class UnreadableSubmissions:
    """Stands in for the notifier's way back to the event store, where it must not go: fails, and records it."""

    def __init__(self) -> None:
        self.reads: list = []

    def submitted(self, application_id) -> EventEnvelope:
        self.reads.append(application_id)
        raise AssertionError(f"the notifier read the event store for {application_id}")


class CountedSubmissions:
    """The notifier's way back to the event store, counting each read."""

    def __init__(self, submissions) -> None:
        self.submissions = submissions
        self.reads: list = []

    def submitted(self, application_id) -> EventEnvelope:
        self.reads.append(application_id)
        return self.submissions.submitted(application_id)


class FakePublishedCalendar(PublishedCalendar):
    """Saturdays and Sundays, and the holidays it is given (by default 2026's around Novruz, as the
    `holidays` package has them): enough to count terms in unit tests without the package."""

    NOVRUZ_2026 = {date(2026, 3, d): "Novruz / Ramazan bayramı" for d in (20, 23, 24, 25, 26, 27, 30)}

    def __init__(self, holidays: dict[date, str] | None = None) -> None:
        self.holidays = self.NOVRUZ_2026 if holidays is None else holidays

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def holiday_name(self, day: date) -> str | None:
        return self.holidays.get(day)


class MemoryDaySwaps(DaySwapRecords):
    def __init__(self) -> None:
        self.records: list[DaySwap] = []

    def record(self, swap: DaySwap) -> None:
        self.records.append(swap)

    def all(self) -> list[DaySwap]:
        return list(self.records)


def fake_deadlines(terms: Terms | None = None, published: PublishedCalendar | None = None) -> Deadlines:
    """The deadlines' rules over the fake calendar: 15 working days for both kinds unless told otherwise."""
    return Deadlines(terms or Terms(by_kind={"technical_conditions": 15, "meter_installation": 15}),
                     WorkingCalendar(published or FakePublishedCalendar(), MemoryDaySwaps()))
