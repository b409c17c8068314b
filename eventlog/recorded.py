"""The auditor's port onto the event store (cases.audit.RecordedEvents), over the library's recorder.

The audit needs each event twice: as the library decodes it (upcast to the current shape, for the
history and the state), and exactly as it was recorded, before any upcaster (what its hash covers,
docs/event-versioning.md). The second one reads the library's mapper, transcoder and cipher, and is
kept here so that nothing else does.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application as EventSourcedService
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import TopicError, resolve_topic

from cases.audit import RecordedEvents, StoredRecord
from cases.integrity import ENVELOPE_FIELDS, Link
from eventlog.decoding import envelope_of
from schemas.events import EventEnvelope

_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, TopicError)


class LibraryRecordedEvents(RecordedEvents):
    """The stored events of the library's recorder, decoded on demand."""

    def __init__(self, store: EventSourcedService[UUID]):
        self.store = store

    def of_application(self, application_id: UUID) -> list[StoredRecord]:
        return [self._record(stored) for stored in self.store.recorder.select_events(application_id)]

    def log_batches(self, size: int) -> Iterator[list[StoredRecord]]:
        after = 0
        while batch := self.store.recorder.select_notifications(after, size, inclusive_of_start=False):
            yield [self._record(stored, stored.id) for stored in batch]
            after = batch[-1].id

    def decoded(self, record: StoredRecord) -> EventEnvelope | None:
        try:
            return envelope_of(self.store.mapper.to_domain_event(self._stored_event(record)), record.position)
        except _UNREADABLE:
            return None

    @staticmethod
    def _stored_event(record: StoredRecord) -> StoredEvent:
        stored = record.stored
        assert isinstance(stored, StoredEvent)  # every record this reader reads, it made of a StoredEvent
        return stored

    def as_recorded(self, record: StoredRecord) -> Link | None:
        stored = self._stored_event(record)
        try:
            state = self.store.mapper.transcoder.decode(self._plain_bytes(stored.state))
            moment = state["timestamp"]
            if not isinstance(moment, datetime) or moment.tzinfo is None:
                return None
            data = {k: v for k, v in state.items() if k not in ENVELOPE_FIELDS and k != "class_version"}
            return Link(str(UUID(str(stored.originator_id))), stored.originator_version,
                        resolve_topic(stored.topic).__name__, moment, data, record.position)
        except _UNREADABLE:
            return None

    def _plain_bytes(self, state: bytes) -> bytes:
        mapper = self.store.mapper  # neither is configured here (docs/integrity.md); honoured if one ever is
        if mapper.cipher:
            state = mapper.cipher.decrypt(state)
        if mapper.compressor:
            state = mapper.compressor.decompress(state)
        return state

    @staticmethod
    def _record(stored: StoredEvent, position: int | None = None) -> StoredRecord:
        return StoredRecord(str(stored.originator_id), stored.originator_version, stored.topic, position, stored)
