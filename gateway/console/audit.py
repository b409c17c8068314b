"""The auditor's pages, read-only: a case's history as a timeline, its state as of a chosen moment, the
integrity check of one case and of the whole store, and the export, all through the audit API's own reads."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from cases.errors import InvalidReferenceError
from gateway.console.session import PATH
from gateway.console.web import ServicesDep, SessionDep, page, permit, see_other
from gateway.routes.audit import export_history, read_history, read_state_as_of, verify_application, verify_store

router = APIRouter(prefix=f"{PATH}/audit", include_in_schema=False)

BAKU = ZoneInfo("Asia/Baku")
REFERENCE = r"^([0-9a-fA-F-]{36}|(TS|SQ)-[0-9]{4}-[0-9]{6})$"
ApplicationRef = Annotated[str, Path(pattern=REFERENCE)]


@router.get("", response_class=HTMLResponse)
def audit_home(request: Request, session: SessionDep,
               application: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """Finding a case by its number or id, and the whole store's check."""
    permit(session, "GET /v1/audit/applications/{application}/history")
    if application:
        if re.fullmatch(REFERENCE, application.strip()):
            return see_other(f"{PATH}/audit/{application.strip()}")
        return page(request, "audit_home.html", session, 422, asked=application,
                    problem="Müraciətin nömrəsini (TS-2026-000123) və ya identifikatorunu yazın.")
    return page(request, "audit_home.html", session)


@router.get("/store/verify", response_class=HTMLResponse)
def store_check(request: Request, services: ServicesDep, session: SessionDep):
    """Every application's hash chain, in the log's order."""
    permit(session, "GET /v1/audit/verify")
    return page(request, "audit_store.html", session, report=verify_store(services, session.actor, None))


@router.get("/{application}", response_class=HTMLResponse)
def history_page(request: Request, services: ServicesDep, session: SessionDep, application: ApplicationRef,
                 as_of: Annotated[str | None, Query(max_length=32)] = None):
    """The history as a timeline (who, how, when) and, for a chosen moment (Baku time), the state then."""
    permit(session, "GET /v1/audit/applications/{application}/history")
    history = read_history(services, session.actor, application)
    state, moment = None, None
    if as_of:
        permit(session, "GET /v1/audit/applications/{application}/state")
        moment = _moment(as_of)
        state = read_state_as_of(services, session.actor, application, moment, None)
    return page(request, "audit_case.html", session, history=history, reference=application, state=state, moment=moment,
                as_of=as_of or "")


@router.get("/{application}/verify", response_class=HTMLResponse)
def case_check(request: Request, services: ServicesDep, session: SessionDep, application: ApplicationRef):
    """The application's hash chain, and that the store still holds every version the views saw."""
    permit(session, "GET /v1/audit/applications/{application}/verify")
    report = verify_application(services, session.actor, application, None)
    return page(request, "audit_verify.html", session, report=report, reference=application)


@router.get("/{application}/export")
def export(services: ServicesDep, session: SessionDep, application: ApplicationRef) -> Response:
    """The export the API gives, as a file to keep."""
    permit(session, "GET /v1/audit/applications/{application}/export")
    return export_history(services, session.actor, application)


def _moment(text: str) -> datetime:
    """A moment as the date-time field gives it (Baku's clock, no offset), or with its own offset."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidReferenceError("as_of", "Anı tarix və saatla seçin (məsələn 2026-11-22T14:00).") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BAKU)
