"""Reading the event store's notification log as event envelopes."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application as EventSourcedService

from cases.integrity import ENVELOPE_FIELDS
from schemas.events import EventEnvelope


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


def history(service: EventSourcedService, application_id: UUID, after_version: int = 0) -> list[EventEnvelope]:
    """One application's events after a version, oldest first."""
    return [envelope_of(event) for event in service.events.get(application_id, gt=after_version or None)]


def read_log(service: EventSourcedService, after: int, limit: int) -> list[EventEnvelope]:
    """Up to `limit` events recorded after the position `after`, in the order they were recorded."""
    notifications = service.recorder.select_notifications(after, limit, inclusive_of_start=False)
    return [envelope_of(service.mapper.to_domain_event(n), n.id) for n in notifications]
