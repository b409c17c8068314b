"""The operator's other pages: the portals' webhook endpoints (suspend, resume) and the working calendar's
recorded day swaps (and recording one), through the API's own route functions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cases.errors import CaseError
from gateway.console.session import PATH, Session
from gateway.console.web import ServicesDep, SessionDep, page, permit, posted_form, see_other
from gateway.console.work import status_of, why
from gateway.routes.calendar import list_day_swaps, record_day_swap
from gateway.routes.webhooks import (
    ENDPOINT_ID,
    list_webhook_endpoints,
    resume_webhook_endpoint,
    suspend_webhook_endpoint,
)
from schemas.commands import RecordDaySwapCommand

router = APIRouter(prefix=PATH, include_in_schema=False)

WEBHOOK_DONE = {"suspend": "dayandırıldı: ona heç nə getmir, qaçırdıqları saxlanılır.",
                "resume": "yenidən aktivdir: qaçırdıqları əvvəlcə, sırayla gedir."}
WEBHOOK_ACTIONS = {"suspend": suspend_webhook_endpoint, "resume": resume_webhook_endpoint}


@router.get("/webhooks", response_class=HTMLResponse)
def webhooks_page(request: Request, services: ServicesDep, session: SessionDep,
                  done: Literal["suspend", "resume"] | None = None,
                  endpoint: Annotated[str | None, Query(pattern=ENDPOINT_ID)] = None) -> Response:
    """Every portal's endpoint: what it wants, whether it is failing and since when, suspended or active."""
    permit(session, "GET /v1/webhooks")
    endpoints = list_webhook_endpoints(services, session.actor)
    named = next((e.name for e in endpoints if e.id == endpoint), None)
    notice = f"«{named}» {WEBHOOK_DONE[done]}" if done and named else None
    return page(request, "webhooks.html", session, endpoints=endpoints, notice=notice)


@router.post("/webhooks/{endpoint_id}/{action}")
async def webhook_action(request: Request, services: ServicesDep, session: SessionDep,
                         endpoint_id: Annotated[str, Path(pattern=ENDPOINT_ID)],
                         action: Literal["suspend", "resume"]) -> Response:
    """Suspends or resumes an endpoint, as POST /v1/webhooks/{endpoint_id}/suspend (or resume) does."""
    permit(session, f"POST /v1/webhooks/{{endpoint_id}}/{action}")
    await posted_form(request, session)
    await run_in_threadpool(WEBHOOK_ACTIONS[action], services, session.actor, endpoint_id)
    return see_other(f"{PATH}/webhooks", done=action, endpoint=endpoint_id)


Year = Annotated[str | None, Query(pattern=r"^([0-9]{4})?$")]


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, services: ServicesDep, session: SessionDep, year: Year = None,
                  recorded: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] = None) -> Response:
    """The recorded day swaps, oldest record first (superseded ones marked), and the form to record one."""
    permit(session, "GET /v1/calendar/day-swaps")
    notice = f"{recorded} qeydə alındı; açıq müraciətlərin son tarixləri ona görə yenidən hesablandı." if recorded else None
    return _calendar(request, services, session, year, notice=notice)


def _calendar(request: Request, services: ServicesDep, session: Session, year: str | None, status_code: int = 200,
              **context: Any) -> HTMLResponse:
    chosen = min(max(int(year), 2000), 2100) if year else None
    swaps = list_day_swaps(services, session.actor, chosen)
    return page(request, "calendar.html", session, status_code, swaps=swaps.data, year=chosen, **context)


@router.post("/calendar", response_class=HTMLResponse)
async def record_swap(request: Request, services: ServicesDep, session: SessionDep) -> Response:
    """Records a decree's day swap, as POST /v1/calendar/day-swaps does; a mistake shows the form again, filled."""
    permit(session, "POST /v1/calendar/day-swaps")
    form = await posted_form(request, session)
    try:
        command = RecordDaySwapCommand(day=form.get("day", ""), working=form.get("working", ""),
                                       decree=form.get("decree", ""), reason=form.get("reason", ""))
        swap = await run_in_threadpool(record_day_swap, services, session.actor, command)
    except (CaseError, ValidationError) as refused:
        values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
        return _calendar(request, services, session, None, status_of(refused), failed=why(refused), values=values)
    return see_other(f"{PATH}/calendar", year=swap.day.year, recorded=swap.day.isoformat())
