"""The operator's pages: e-mail and SMS deliveries by status, the parked ones with their reason, and a retry,
through the deliveries API's own reads and retry."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from consumers.ledger import STATUSES, DeliveryStatus
from gateway.console.session import PATH
from gateway.console.web import ServicesDep, SessionDep, page, permit, posted_form, see_other
from gateway.routes.deliveries import EVENT_ID, list_deliveries, retry_delivery
from schemas.text import NO_CONTROL_CHARACTERS

router = APIRouter(prefix=f"{PATH}/deliveries", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def deliveries_page(request: Request, services: ServicesDep, session: SessionDep,
                    status: DeliveryStatus | None = None,
                    number: Annotated[str | None, Query(max_length=32, pattern=NO_CONTROL_CHARACTERS)] = None,
                    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
                    retried: Annotated[str | None, Query(max_length=120)] = None):
    """Deliveries, newest first, with the counts by status; `status=parked` is the work list."""
    permit(session, "GET /v1/deliveries")
    found = list_deliveries(services, session.actor, status, number or None, page=page_number, page_size=20)
    return page(request, "deliveries.html", session, found=found, status=status, number=number or "",
                page_number=page_number, pages=max(1, -(-found.count // 20)), retried=retried,
                statuses=list(STATUSES))


@router.post("/{event_id}/{channel}/retry")
async def retry(request: Request, services: ServicesDep, session: SessionDep,
                event_id: Annotated[str, Path(pattern=EVENT_ID)], channel: Literal["email", "sms"]) -> Response:
    """Sends a parked message again, as POST /v1/deliveries/{event_id}/{channel}/retry does."""
    permit(session, "POST /v1/deliveries/{event_id}/{channel}/retry")
    form = await posted_form(request, session)
    await run_in_threadpool(retry_delivery, services, session.actor, event_id, channel)
    back = form.get("status") if form.get("status") in STATUSES else None
    return see_other(f"{PATH}/deliveries", status=back, retried=f"{event_id}/{channel}")
