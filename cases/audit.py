"""The auditor's use cases, read-only: an application's full history, its state as of any moment,
and the check that the stored histories are the ones that were recorded (cases/integrity.py).

Reads the event store through a port, RecordedEvents (its adapter over the library is
eventlog/recorded.py). The integrity check hashes each event as it was recorded, before any
upcaster has changed its shape (docs/event-versioning.md), and an event damaged in the database is
reported where it lies instead of stopping the reader.
"""

from __future__ import annotations

import abc
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from cases.errors import ApplicationNotFoundError, CaseError, InvalidReferenceError
from cases.integrity import (
    GENESIS,
    Anchor,
    Break,
    ChainWalker,
    Link,
    anchor_of,
    canonical_json,
    chained_form,
    format_time,
)
from cases.ports import Clock
from schemas.event_payloads import EventPayload, JsonObject
from schemas.events import EventEnvelope
from schemas.views import CaseView


class Render(Protocol):
    """The views' pure projector: the case after the events, its due date by the calendar as it stood at `as_of`."""

    def __call__(self, events: list[EventEnvelope], as_of: datetime | None = None) -> CaseView | None: ...


Progress = Callable[[int], None]  # called with the log position reached

NUMBER = re.compile(r"^(TS|SQ)-\d{4}-\d{6}$")
BATCH = 1000
MAX_BREAKS_LISTED = 100


class NotYetSubmittedError(CaseError):
    """State asked for a moment before the application's first event."""

    code = "not-yet-submitted"

    def __init__(self, submitted_at: datetime):
        super().__init__(f"The application did not exist yet: it was submitted at {format_time(submitted_at)}.")


class UnreadableEventError(CaseError):
    """A stored event cannot be read back; the history cannot be shown past it."""

    code = "unreadable-event"

    def __init__(self, version: int):
        super().__init__(f"Version {version} of this application cannot be read from the store; run verify.")


class ViewsIndex(abc.ABC):
    """What the views saw: each application's version, and its number (the only index of numbers)."""

    @abc.abstractmethod
    def id_of_number(self, number: str) -> UUID | None: ...

    @abc.abstractmethod
    def version_of(self, application_id: UUID) -> int | None: ...

    @abc.abstractmethod
    def versions(self) -> dict[str, int]:
        """Every application's version, by id."""


@dataclass(frozen=True)
class StoredRecord:
    """One stored event, not decoded yet: where it is, and the store's own form of it (`stored`),
    which only the RecordedEvents that gave it reads."""

    application_id: str
    version: int
    topic: str
    position: int | None  # in the log; None when read by application
    stored: object


class RecordedEvents(abc.ABC):
    """The event store as the auditor reads it: every event both decoded and exactly as recorded."""

    @abc.abstractmethod
    def of_application(self, application_id: UUID) -> list[StoredRecord]:
        """One application's stored events, oldest first."""

    @abc.abstractmethod
    def log_batches(self, size: int) -> Iterator[list[StoredRecord]]:
        """The whole log, in the order it was recorded, `size` events at a time."""

    @abc.abstractmethod
    def decoded(self, record: StoredRecord) -> EventEnvelope | None:
        """The event in its current shape (upcast); None when it cannot be read."""

    @abc.abstractmethod
    def as_recorded(self, record: StoredRecord) -> Link | None:
        """The event exactly as recorded, no upcaster applied (what its hash covers); None when unreadable."""


# --- what the auditor gets back ----------------------------------------------------------------

@dataclass(frozen=True)
class HistoryEntry:
    """One event as it was recorded: when, by whom, through which channel, and what."""

    version: int
    type: str
    time: datetime
    actor_subject: str | None
    actor_role: str | None
    actor_name: str | None
    actor_unit: str | None
    portal: str | None
    sign_in_method: str | None
    service_account: str | None
    correlation_id: str | None
    traceparent: str | None  # the W3C trace context of the request that recorded it, for the traces beside the logs
    payload: JsonObject
    previous_hash: str | None
    hash: str | None

    @classmethod
    def of(cls, event: EventEnvelope) -> HistoryEntry:
        """The typed payload tells who and how; `payload` keeps the event's own facts as recorded."""
        typed, context = event.payload, event.payload.context
        payload = {k: v for k, v in event.data.items() if k not in EventPayload.model_fields}
        return cls(version=event.version, type=event.type, time=event.time, actor_subject=context.subject,
                   actor_role=context.role, actor_name=context.name, actor_unit=context.unit, portal=context.portal,
                   sign_in_method=context.sign_in_method, service_account=context.service_account,
                   correlation_id=context.correlation_id, traceparent=context.traceparent, payload=payload,
                   previous_hash=typed.previous_hash, hash=typed.hash)


@dataclass(frozen=True)
class History:
    application_id: UUID
    number: str
    version: int
    events: list[HistoryEntry]


@dataclass(frozen=True)
class ChainReport:
    """One application's check. `head_*` is what to keep to check it again later."""

    application_id: str
    ok: bool
    events: int
    unsealed_events: int  # recorded before the chain existed (class version 1)
    head_version: int
    head_hash: str | None
    seen_version: int | None  # the version the views saw
    first_break: Break | None


@dataclass(frozen=True)
class StoreReport:
    """The whole store's check. Keep `anchor` outside the service: a later check against it shows a
    last event deleted or rewritten since (see docs/integrity.md)."""

    ok: bool
    applications: int
    events: int
    unsealed_events: int
    broken_applications: int
    first_break: Break | None
    breaks: list[Break]  # the first break of each broken application, in log order (at most 100)
    anchor: Anchor
    kept_anchor_matches: bool | None  # None when no anchor was given
    seconds: float


@dataclass
class _Walk:
    walker: ChainWalker = field(default_factory=ChainWalker)
    hashes: dict[int, str] = field(default_factory=dict)  # one application's head hash after each version


# --- the use cases -------------------------------------------------------------------------------

class Auditor:
    def __init__(self, store: RecordedEvents, render: Render, views: ViewsIndex, clock: Clock):
        self.store = store
        self.render = render
        self.views = views
        self.clock = clock

    def _view(self, events: list[EventEnvelope], as_of: datetime | None = None) -> CaseView:
        """The case after `events`, a non-empty start of its history: it begins with the Submitted event,
        from which the projector always makes a view (it answers None only for a history without one)."""
        view = self.render(events, as_of)
        assert view is not None
        return view

    def resolve(self, reference: str) -> UUID:
        """An application by its id or its number (TS-2026-000123)."""
        reference = reference.strip()
        if NUMBER.match(reference):
            found = self.views.id_of_number(reference)
            if found is None:
                raise ApplicationNotFoundError()
            return found
        try:
            return UUID(reference)
        except ValueError:
            raise InvalidReferenceError("application", "Give an application id or number, e.g. TS-2026-000123.") from None

    def history(self, application_id: UUID) -> History:
        events = self._readable_history(application_id)
        return History(application_id, events[0].data.get("number", ""), events[-1].version,
                       [HistoryEntry.of(e) for e in events])

    def state(self, application_id: UUID, as_of: datetime | None = None, version: int | None = None) -> CaseView:
        """The application exactly as it stood at a moment or after a version: the views' own
        projector over the events up to there."""
        events = self._readable_history(application_id)
        if version is not None and version > events[-1].version:
            raise InvalidReferenceError("version", f"The application has {events[-1].version} versions.")
        chosen = [e for e in events if (version is None or e.version <= version) and (as_of is None or e.time <= as_of)]
        if not chosen:
            raise NotYetSubmittedError(events[0].time)
        return self._view(chosen, as_of)

    def verify(self, application_id: UUID, kept_head: tuple[int, str] | None = None) -> ChainReport:
        """Checks one application's chain, against the version the views saw and, when given, a head
        (version, hash) kept from an earlier check or export."""
        seen = self.views.version_of(application_id)  # before reading: whatever it saw is stored by then
        stored = self.store.of_application(application_id)
        if not stored and seen is None:
            raise ApplicationNotFoundError()
        walk = _Walk()
        for record in stored:
            self._add(walk, record)
        app = str(application_id)
        if seen is not None:
            walk.walker.check_seen(app, seen)
        if kept_head is not None and app not in walk.walker.breaks:
            self._check_kept_head(walk, app, *kept_head)
        return self._chain_report(walk, app, seen)

    def verify_store(self, kept: Anchor | None = None, progress: Progress | None = None) -> StoreReport:
        """Checks every application, in the order the log stored their events."""
        started = time.perf_counter()
        seen = self.views.versions()  # before reading the log, so anything the views saw is in it
        walker, position, kept_matches = ChainWalker(), 0, None
        for batch in self._log_batches(progress):
            if kept is not None and kept_matches is None and _position(batch[-1]) > kept.position:
                kept_matches = self._anchor_matches(walker, kept, batch)
            for record in batch:
                self._add_to(walker, record)
            position = _position(batch[-1])
        if kept is not None and kept_matches is None:
            kept_matches = anchor_of(walker.heads, kept.position).digest == kept.digest
        for app, version in seen.items():
            walker.check_seen(app, version)
        return self._store_report(walker, position, kept, kept_matches, time.perf_counter() - started)

    def export(self, application_id: UUID, exported_by: str) -> JsonObject:
        """One application's history as a file an auditor keeps: every event with the exact bytes its
        hash covers, the check's result, and the state now."""
        report = self.verify(application_id)
        events = self._readable_history(application_id)
        canonical = self._canonical_texts(application_id)
        return {
            "format": "azersu.audit-export/1",
            "exported_at": format_time(self.clock.now()),
            "exported_by": exported_by,
            "hashing": "each event's hash is the sha256 of the UTF-8 bytes of its `canonical` text (RFC 8785 JSON of "
                       "the event as recorded); see docs/integrity.md",
            "application": {"id": str(application_id), "number": events[0].data.get("number"),
                            "version": events[-1].version},
            "verification": _plain(report),
            "events": [_plain(HistoryEntry.of(e)) | {"canonical": canonical.get(e.version)} for e in events],
            "state": self._view(events).model_dump(mode="json"),
        }

    # --- reading the store -------------------------------------------------------------------------

    def _readable_history(self, application_id: UUID) -> list[EventEnvelope]:
        events = []
        for record in self.store.of_application(application_id):
            event = self.store.decoded(record)
            if event is None:
                raise UnreadableEventError(record.version)
            events.append(event)
        if not events:
            raise ApplicationNotFoundError()
        return events

    def _canonical_texts(self, application_id: UUID) -> dict[int, str]:
        running, texts = GENESIS, {}
        for record in self.store.of_application(application_id):
            event = self.store.as_recorded(record)
            if event is None:
                break
            texts[event.version] = canonical_json(chained_form(event, running)).decode("utf-8")
            running = event.data.get("hash") or hashlib.sha256(texts[event.version].encode("utf-8")).hexdigest()
        return texts

    def _log_batches(self, progress: Progress | None) -> Iterator[list[StoredRecord]]:
        for batch in self.store.log_batches(BATCH):
            yield batch
            if progress:
                progress(_position(batch[-1]))

    def _add(self, walk: _Walk, record: StoredRecord) -> None:
        self._add_to(walk.walker, record)
        head = walk.walker.heads.get(record.application_id)
        if head is not None and head.version == record.version:
            walk.hashes[head.version] = head.hash

    def _add_to(self, walker: ChainWalker, record: StoredRecord) -> None:
        event = self.store.as_recorded(record)
        if event is None:
            walker.unreadable(record.application_id, record.version,
                              f"the event stored as {record.topic} cannot be decoded", record.position)
        else:
            walker.add(event)

    def _anchor_matches(self, walker: ChainWalker, kept: Anchor, batch: list[StoredRecord]) -> bool:
        """The heads at the kept position: the events of this batch up to it, on a copy of the heads."""
        trial = ChainWalker(heads={app: head for app, head in walker.heads.items()})
        for record in (r for r in batch if _position(r) <= kept.position):
            self._add_to(trial, record)
        return anchor_of(trial.heads, kept.position).digest == kept.digest

    @staticmethod
    def _check_kept_head(walk: _Walk, app: str, version: int, kept_hash: str) -> None:
        stored = walk.hashes.get(version)
        if stored != kept_hash:
            now = f"has hash {stored}" if stored else "is not in the store"
            walk.walker.breaks[app] = Break(app, version, "anchor_mismatch",
                                            f"the kept head was version {version} with hash {kept_hash}; that version now {now}")

    @staticmethod
    def _chain_report(walk: _Walk, app: str, seen: int | None) -> ChainReport:
        walker, head = walk.walker, walk.walker.heads.get(app)
        return ChainReport(application_id=app, ok=not walker.breaks, events=walker.events,
                           unsealed_events=walker.unsealed, head_version=head.version if head else 0,
                           head_hash=head.hash if head else None, seen_version=seen,
                           first_break=walker.breaks.get(app))

    @staticmethod
    def _store_report(walker: ChainWalker, position: int, kept: Anchor | None, kept_matches: bool | None,
                      seconds: float) -> StoreReport:
        breaks = list(walker.breaks.values())
        if kept_matches is False:
            assert kept is not None  # whether the kept anchor matches is known only when one was kept
            breaks.append(Break("*", 0, "anchor_mismatch",
                                f"the heads at position {kept.position} are not those of the kept anchor"))
        return StoreReport(ok=not breaks, applications=len(walker.heads.keys() | walker.breaks.keys()),
                           events=walker.events, unsealed_events=walker.unsealed, broken_applications=len(walker.breaks),
                           first_break=breaks[0] if breaks else None, breaks=breaks[:MAX_BREAKS_LISTED],
                           anchor=anchor_of(walker.heads, position), kept_anchor_matches=kept_matches,
                           seconds=round(seconds, 3))


def parse_head(text: str) -> tuple[int, str]:
    """A kept head, as verify and export print it: VERSION:HASH."""
    version, _, digest = text.strip().partition(":")
    if not version.isdigit() or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise InvalidReferenceError("head", "A kept head reads VERSION:HASH, e.g. 3:9f86d0…, as verify prints it.")
    return int(version), digest


def _position(record: StoredRecord) -> int:
    """Where a record read from the log is in it: the log's records always carry their position."""
    assert record.position is not None
    return record.position


def _plain(value: ChainReport | HistoryEntry) -> JsonObject:
    """A report as JSON values."""

    def convert(v: object) -> object:
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        if isinstance(v, list):
            return [convert(x) for x in v]
        if isinstance(v, datetime):
            return format_time(v)
        if isinstance(v, UUID):
            return str(v)
        return v

    return {k: convert(v) for k, v in asdict(value).items()}
