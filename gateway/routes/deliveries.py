"""The operator's view of deliveries (e-mail, SMS, webhooks): what went, what waits, what failed and why, a
retry; and the providers' later word on what they took (the SMS gateway's delivery reports, e-mail bounces)."""

from __future__ import annotations

import csv
import hmac
import io
import time
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from cases.errors import InvalidReferenceError
from consumers.bounces import BounceError, bounced_keys
from consumers.ledger import STATUS_MEANINGS, Delivery, DeliveryStatus
from gateway.deps import OperatorActor, ServicesDep
from gateway.identity import AuthenticationError
from schemas.text import NO_CONTROL_CHARACTERS

router = APIRouter(prefix="/v1/deliveries", tags=["operator"])

EVENT_ID = r"^[0-9a-f-]{36}:[0-9]{1,9}$"
MAX_BOUNCE_BYTES = 65536


class DeliveryPublic(BaseModel):
    key: str = Field(description='"<event id>/<channel>": one message per event and channel ("…/webhook/<endpoint>")')
    event_id: str
    event_type: str
    channel: Literal["email", "sms", "webhook"]
    application_id: str
    number: str
    recipient: str = Field(description="The e-mail address, the phone number, or the webhook endpoint's id")
    status: DeliveryStatus
    meaning: str = Field(description="The status in a helpdesk's words")
    reason: str | None = Field(description="Why it failed (for now, or for good), in plain words")
    attempts: int
    segments: int | None = Field(description="An SMS's segments, as the gateway bills them")
    next_attempt_at: datetime | None = Field(description="When a pending message is tried next")
    last_error: str | None = Field(description="The same as `reason` (kept for earlier clients)")
    recorded_at: datetime
    sent_at: datetime | None = Field(description="When the provider accepted it")
    delivered_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, d: Delivery) -> DeliveryPublic:
        return cls(key=d.key, event_id=d.event_id, event_type=d.event_type, channel=d.channel, application_id=d.application_id,
                   number=d.number, recipient=d.recipient, status=d.status, meaning=STATUS_MEANINGS[d.status],
                   reason=d.last_error, attempts=d.attempts, segments=d.segments,
                   next_attempt_at=d.at("next_attempt_at") if d.status == "pending" else None, last_error=d.last_error,
                   recorded_at=d.recorded, sent_at=d.at("sent_at"), delivered_at=d.at("delivered_at"),
                   failed_at=d.at("failed_at"))


class DeliveriesPublic(BaseModel):
    data: list[DeliveryPublic]
    count: int
    by_status: dict[str, int] = Field(description="How many deliveries are in each status, over all")


@router.get("", response_model=DeliveriesPublic)
def list_deliveries(
    services: ServicesDep, actor: OperatorActor,
    status: DeliveryStatus | None = None,
    number: Annotated[str | None, Query(max_length=32, pattern=NO_CONTROL_CHARACTERS, description="An application's number")] = None,
    channel: Literal["email", "sms", "webhook"] | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
):
    """Deliveries, newest first; `status=parked` and `status=failed` are the operator's work lists."""
    ledger = services.notifier.ledger
    rows, count = ledger.find(status, number, page, page_size, channel)
    return DeliveriesPublic(data=[DeliveryPublic.of(d) for d in rows], count=count, by_status=ledger.counts())


@router.get("/failures.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "district,day,channel,failed,parked"}})
def failures_by_district_and_day(services: ServicesDep, actor: OperatorActor,
                                 since: Annotated[date | None, Query(description="The first day (UTC); 30 days before `until`")] = None,
                                 until: Annotated[date | None, Query(description="The last day (UTC), at most 366 days on; today")] = None):
    """E-mail and SMS that failed for good or were parked, counted per district and day (of recording), as CSV."""
    until = until or datetime.now(UTC).date()
    since = since or until - timedelta(days=30)
    if until < since or (until - since).days > 366:
        raise InvalidReferenceError("until", "`until` is a day from `since` to 366 days after it.")
    rows = services.notifier.ledger.failures_by_day(services.views.table, since, until)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["district", "day", "channel", "failed", "parked"])
    writer.writerows([r["district"], r["day"], r["channel"], r["failed"], r["parked"]] for r in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="delivery-failures-{since}-{until}.csv"'})


@router.post("/{event_id}/{channel}/retry", response_model=DeliveryPublic,
             responses={404: {"description": "No such delivery"}, 409: {"description": "Already delivered"}})
def retry_delivery(services: ServicesDep, actor: OperatorActor,
                   event_id: Annotated[str, Path(pattern=EVENT_ID)], channel: Literal["email", "sms"]):
    """Makes a parked, failed (or waiting) message due at once, with fresh attempts; one the provider took is not sent twice."""
    delivery = services.notifier.ledger.retry(f"{event_id}/{channel}", services.notifier.clock())
    if services.dispatcher is not None:
        services.dispatcher.wake()
    return DeliveryPublic.of(delivery)


class SmsReport(BaseModel):
    """One delivery report of the SMS gateway."""

    model_config = ConfigDict(extra="ignore")  # gateways add fields of their own (their message id, the operator)

    reference: str = Field(max_length=200, pattern=EVENT_ID.removesuffix("$") + r"/sms$",
                           description="The `reference` (our key) the message was sent with")
    status: Literal["delivered", "failed", "expired", "rejected"]
    reason: str | None = Field(default=None, max_length=500, pattern=NO_CONTROL_CHARACTERS)


def require_report_token(services: ServicesDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """The providers' callbacks carry DELIVERY_REPORT_TOKEN as a bearer token; without the setting, none is taken.
    A dependency, so it is checked before the body is read: a stranger learns nothing of what a report holds."""
    expected = services.settings.delivery_report_token
    scheme, _, given = (authorization or "").partition(" ")
    if expected is None or scheme.lower() != "bearer" or not hmac.compare_digest(
            given.encode(), expected.get_secret_value().encode()):
        raise AuthenticationError("A delivery report needs the bearer token agreed with the provider (DELIVERY_REPORT_TOKEN).")


ProviderCallback = Annotated[None, Depends(require_report_token)]


@router.post("/sms-reports", response_model=DeliveryPublic,
             responses={401: {"description": "Without the agreed token"}, 404: {"description": "No such message"},
                        409: {"description": "The message was not handed to the gateway yet"}})
def receive_sms_report(services: ServicesDep, _: ProviderCallback, report: SmsReport):
    """The SMS gateway's delivery report: the message was delivered to the phone, or failed (with the gateway's reason)."""
    delivered = report.status == "delivered"
    reason = None if delivered else f"the SMS gateway reported it {report.status}" + (f": {report.reason}" if report.reason else "")
    return DeliveryPublic.of(services.notifier.ledger.report(report.reference, delivered, reason, time.time()))


@router.post("/email-bounces", response_model=list[DeliveryPublic],
             responses={401: {"description": "Without the agreed token"}, 422: {"description": "Not a delivery status notification"}},
             openapi_extra={"requestBody": {"content": {"message/rfc822": {}, "message/delivery-status": {}}}})
async def receive_email_bounce(request: Request, services: ServicesDep, _: ProviderCallback):
    """A bounce (an RFC 3464 delivery status notification, as the mail system sends it to our return address):
    each of our messages it reports failed for good is marked so, with the remote server's diagnosis."""
    raw = await request.body()
    if len(raw) > MAX_BOUNCE_BYTES:
        raise BounceError(f"a bounce is at most {MAX_BOUNCE_BYTES} bytes (its headers only, RET=HDRS)")
    now, ledger = time.time(), services.notifier.ledger
    return [DeliveryPublic.of(ledger.report(key, False, reason, now)) for key, reason in bounced_keys(raw)]
