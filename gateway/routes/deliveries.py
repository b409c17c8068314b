"""The operator's view of e-mail and SMS deliveries: what went, what waits, what was parked, and a retry."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from consumers.ledger import Delivery, DeliveryStatus
from gateway.deps import OperatorActor, ServicesDep
from schemas.text import NO_CONTROL_CHARACTERS

router = APIRouter(prefix="/v1/deliveries", tags=["operator"])

EVENT_ID = r"^[0-9a-f-]{36}:[0-9]{1,9}$"


class DeliveryPublic(BaseModel):
    key: str = Field(description='"<event id>/<channel>": one message per event and channel')
    event_id: str
    event_type: str
    channel: Literal["email", "sms"]
    application_id: str
    number: str
    recipient: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="When a pending message is tried next")
    last_error: str | None
    recorded_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, d: Delivery) -> DeliveryPublic:
        return cls(key=d.key, event_id=d.event_id, event_type=d.event_type, channel=d.channel, application_id=d.application_id,
                   number=d.number, recipient=d.recipient, status=d.status, attempts=d.attempts,
                   next_attempt_at=d.at("next_attempt_at") if d.status == "pending" else None, last_error=d.last_error,
                   recorded_at=d.recorded, sent_at=d.at("sent_at"))


class DeliveriesPublic(BaseModel):
    data: list[DeliveryPublic]
    count: int
    by_status: dict[str, int] = Field(description="How many deliveries are in each status, over all")


@router.get("", response_model=DeliveriesPublic)
def list_deliveries(
    services: ServicesDep, actor: OperatorActor,
    status: DeliveryStatus | None = None,
    number: Annotated[str | None, Query(max_length=32, pattern=NO_CONTROL_CHARACTERS, description="An application's number")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
):
    """Deliveries, newest first; `status=parked` is the operator's work list."""
    ledger = services.notifier.ledger
    rows, count = ledger.find(status, number, page, page_size)
    return DeliveriesPublic(data=[DeliveryPublic.of(d) for d in rows], count=count, by_status=ledger.counts())


@router.post("/{event_id}/{channel}/retry", response_model=DeliveryPublic,
             responses={404: {"description": "No such delivery"}, 409: {"description": "Already delivered"}})
def retry_delivery(services: ServicesDep, actor: OperatorActor,
                   event_id: Annotated[str, Path(pattern=EVENT_ID)], channel: Literal["email", "sms"]):
    """Makes a parked (or waiting) message due at once, with fresh attempts; a sent one is not sent twice."""
    delivery = services.notifier.ledger.retry(f"{event_id}/{channel}", time.time())
    if services.dispatcher is not None:
        services.dispatcher.wake()
    return DeliveryPublic.of(delivery)
