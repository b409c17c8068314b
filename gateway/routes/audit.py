"""The auditor's API, read-only: an application's full history, its state as of any moment, the
integrity check of one application or the whole store, and an export to keep."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import AwareDatetime

from cases.audit import ChainReport, History, StoreReport, parse_head
from cases.errors import InvalidReferenceError
from cases.integrity import Anchor
from gateway.deps import Authorized, ServicesDep
from schemas.views import CaseView

router = APIRouter(prefix="/v1/audit", tags=["auditor"])

AuditorActor = Authorized  # gateway/authorization.py admits the auditor role only to these routes
ApplicationRef = Annotated[str, Path(
    pattern=r"^([0-9a-fA-F-]{36}|(TS|SQ)-[0-9]{4}-[0-9]{6})$",
    description="The application's id, or its number (TS-2026-000123)")]
KEPT_HEAD = r"^[0-9]{1,9}:[0-9a-f]{64}$"
KEPT_ANCHOR = r"^[0-9]{1,18}:[0-9a-f]{64}$"


@router.get("/applications/{application}/history", response_model=History)
def read_history(services: ServicesDep, actor: AuditorActor, application: ApplicationRef):
    """Every event of the application in order: its time, actor (subject, role, unit), portal,
    sign-in method, correlation id, payload, and its place in the hash chain."""
    auditor = services.auditor
    return auditor.history(auditor.resolve(application))


@router.get("/applications/{application}/state", response_model=CaseView,
            responses={404: {"description": "No such application, or none yet at that moment"}})
def read_state_as_of(
    services: ServicesDep, actor: AuditorActor, application: ApplicationRef,
    as_of: Annotated[AwareDatetime | None, Query(description="A moment with its offset, e.g. 2026-11-22T14:00:00+04:00")] = None,
    version: Annotated[int | None, Query(ge=1, le=1_000_000, description="The version to stop at")] = None,
):
    """The application exactly as it stood at a moment or after a version (without either: now)."""
    if as_of is not None and version is not None:
        raise InvalidReferenceError("as_of", "Ask for the state at a moment or at a version, not both.")
    auditor = services.auditor
    view = auditor.state(auditor.resolve(application), as_of=as_of, version=version)
    if as_of is not None and view.due_on is not None:  # the working days left then, as the calendar stood then
        view = view.model_copy(update={"working_days_left": services.deadlines.working_days_left(view.due_on, as_of, as_of)})
    return view


@router.get("/applications/{application}/verify", response_model=ChainReport)
def verify_application(
    services: ServicesDep, actor: AuditorActor, application: ApplicationRef,
    head: Annotated[str | None, Query(pattern=KEPT_HEAD, description=(
        "A head kept from an earlier check or export, VERSION:HASH: the store must still hold it"))] = None,
):
    """Checks the application's hash chain, and that the store still holds every version the views
    saw; `ok` false names the first broken link."""
    auditor = services.auditor
    return auditor.verify(auditor.resolve(application), parse_head(head) if head else None)


@router.get("/verify", response_model=StoreReport)
def verify_store(
    services: ServicesDep, actor: AuditorActor,
    anchor: Annotated[str | None, Query(pattern=KEPT_ANCHOR, description=(
        "An anchor kept from an earlier check, POSITION:DIGEST: the heads at that position must be unchanged"))] = None,
):
    """Checks every application in the store, in the order the log holds them; reports the first
    broken link and a fresh anchor to keep."""
    return services.auditor.verify_store(Anchor.parse(anchor) if anchor else None)


@router.get("/applications/{application}/export", response_class=Response,
            responses={200: {"content": {"application/json": {}}, "description": "The export, as a file"}})
def export_history(services: ServicesDep, actor: AuditorActor, application: ApplicationRef):
    """The application's history as a JSON file to keep: every event with the exact canonical text its
    hash covers, the check's result and the state now."""
    auditor = services.auditor
    export = auditor.export(auditor.resolve(application), exported_by=f"{actor.role}:{actor.subject}")
    name = f"{export['application']['number'] or export['application']['id']}-history.json"
    return Response(json.dumps(export, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
