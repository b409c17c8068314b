"""The notifier's way back to the event store (consumers.recipients.SubmissionSource): one event, once."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.application import Application as EventSourcedService

from cases.errors import ApplicationNotFoundError
from eventlog.decoding import envelope_of
from schemas.events import EventEnvelope


class StoredSubmissions:
    """Reads an application's first event, its `Submitted`, and nothing after it."""

    def __init__(self, service: EventSourcedService):
        self.service = service

    def submitted(self, application_id: UUID) -> EventEnvelope:
        first = next(iter(self.service.events.get(application_id, lte=1)), None)
        if first is None:
            raise ApplicationNotFoundError()
        return envelope_of(first)
