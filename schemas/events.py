"""The shape in which stored events leave the write side (to views, consumers and Kafka)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class EventEnvelope(BaseModel):
    """One event of one application; `id` is stable, so receivers can drop duplicates."""

    model_config = ConfigDict(frozen=True)

    id: str
    application_id: UUID
    version: int
    type: str
    time: datetime
    data: dict
    position: int | None = None
