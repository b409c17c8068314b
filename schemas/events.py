"""The shape in which stored events leave the write side (to views, consumers and Kafka)."""

from __future__ import annotations

from datetime import datetime
from functools import cached_property
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from schemas.event_payloads import CONTRACTS, AnyEventPayload, JsonObject


class EventEnvelope(BaseModel):
    """One event of one application; `id` is stable, so receivers can drop duplicates.

    `data` is the event's JSON exactly as recorded (its hash covers it, and it is what Kafka
    carries); `payload` is the same data typed by the event's contract (schemas.event_payloads),
    validated the first time it is read, so an envelope passed on unread costs no validation."""

    model_config = ConfigDict(frozen=True)

    id: str
    application_id: UUID
    version: int
    type: str
    time: datetime
    data: JsonObject
    position: int | None = None
    traceparent: str | None = None
    """The W3C trace context its Kafka record carried (`ce_traceparent`: the relay's span), if any."""

    @property
    def trace_context(self) -> str | None:
        """The trace it travels in: its record's `ce_traceparent` (the relay's span), else the one recorded in its
        context. Read from the data as recorded rather than the typed payload: the ledger asks it of every message
        it takes, and an envelope passed on unread must cost no validation (nor fail one: the escalator's own
        envelopes are of no published event)."""
        if self.traceparent is not None:
            return self.traceparent
        context = self.data.get("context")
        recorded = context.get("traceparent") if isinstance(context, dict) else None
        return recorded if isinstance(recorded, str) else None

    @cached_property
    def payload(self) -> AnyEventPayload:
        return CONTRACTS[self.type].read(self.data)
