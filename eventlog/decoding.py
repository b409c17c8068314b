"""Reading the event store's notification log as event envelopes.

The log is read far more often than single events are (the views follow it, a rebuild replays all
of it), so its events are decoded here without making the library's event objects: the stored JSON
straight into an envelope, through the same upcasters. Whatever that fast path is not sure to read
exactly as the library would goes through the library's mapper instead.

This module and eventlog/recorded.py are the only readers of the library's stored form (its mapper,
transcoder, cipher and compressor): when the library changes it, they are what changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import orjson
from eventsourcing.application import Application as EventSourcedService
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import resolve_topic

from cases.integrity import ENVELOPE_FIELDS
from schemas.events import EventEnvelope

TRANSCODED = b'"_type_"'  # the key of every value the library's transcoder wrote as an object (a datetime, a UUID)


def envelope_of(event, position: int | None = None) -> EventEnvelope:
    return EventEnvelope(
        id=f"{event.originator_id}:{event.originator_version}",
        application_id=event.originator_id,
        version=event.originator_version,
        type=type(event).__name__,
        time=event.timestamp,
        data={k: v for k, v in vars(event).items() if k not in ENVELOPE_FIELDS},
        position=position,
    )


def history(service: EventSourcedService[UUID], application_id: UUID, after_version: int = 0) -> list[EventEnvelope]:
    """One application's events after a version, oldest first."""
    return [envelope_of(event) for event in service.events.get(application_id, gt=after_version or None)]


def read_log(service: EventSourcedService[UUID], after: int, limit: int) -> list[EventEnvelope]:
    """Up to `limit` events recorded after the position `after`, in the order they were recorded."""
    notifications = service.recorder.select_notifications(after, limit, inclusive_of_start=False)
    decode = decoder_of(service)
    return [decode(n, n.id) for n in notifications]


class Decoder(Protocol):
    def __call__(self, stored: StoredEvent, position: int | None = None) -> EventEnvelope: ...


def decoder_of(service: EventSourcedService[UUID]) -> Decoder:
    """Stored event → envelope: the fast path when the stored state is plain JSON, the library's mapper otherwise."""
    mapper = service.mapper
    if mapper.cipher is not None or mapper.compressor is not None:
        def decode_by_mapper(stored: StoredEvent, position: int | None = None) -> EventEnvelope:
            return envelope_of(mapper.to_domain_event(stored), position)

        return decode_by_mapper

    def decode(stored: StoredEvent, position: int | None = None) -> EventEnvelope:
        return fast_envelope(stored, position) or envelope_of(mapper.to_domain_event(stored), position)

    return decode


def fast_envelope(stored: StoredEvent, position: int | None = None) -> EventEnvelope | None:
    """The envelope the library's mapper would give, read without it; None when unsure.

    Sure means: the state is JSON orjson reads, and the only transcoded value in it is the
    timestamp (our payloads hold JSON values only), so nothing else needs the library's transcodings.
    """
    if stored.state.count(TRANSCODED) != 1:
        return None
    try:
        state = orjson.loads(stored.state)
    except orjson.JSONDecodeError:  # NaN, integers beyond 64 bits, lone surrogates: the library reads those
        return None
    if type(state) is not dict:
        return None
    moment = state.pop("timestamp", None)
    if type(moment) is not dict or moment.keys() != {"_type_", "_data_"} or moment["_type_"] != "datetime_iso":
        return None
    cls = resolve_topic(stored.topic)
    upcast(cls, state)
    application_id = stored.originator_id if isinstance(stored.originator_id, UUID) else UUID(stored.originator_id)
    return EventEnvelope(
        id=f"{application_id}:{stored.originator_version}", application_id=application_id,
        version=stored.originator_version, type=cls.__name__, time=datetime.fromisoformat(moment["_data_"]),
        data={k: v for k, v in state.items() if k not in ENVELOPE_FIELDS}, position=position)


def upcast(cls: type, state: dict[str, Any]) -> None:
    """The stored state brought to the class's current version through the class's own upcasters
    (`upcast_vN_vN+1`), in the order the library's mapper applies them: the one loop of ours."""
    version = state.pop("class_version", 1)
    while version < getattr(cls, "class_version", 1):
        getattr(cls, f"upcast_v{version}_v{version + 1}")(state)
        version += 1
