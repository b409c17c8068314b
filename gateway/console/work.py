"""The employee's and the supervisor's pages: the unit's queue, a case, and each action on it.

Every read and every command goes through the use cases the API's routes call (the case registry, the views,
gateway.reads), after the API's authorisation table has admitted the session's role to the API route that
does the same thing; the registry then applies the unit's scope, the rules and the version check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from cases.errors import ApplicationNotFoundError, CaseError, StaleVersionError
from cases.ports import StoredDocument
from cases.scope import may_see_case, sees_every_unit
from gateway.adapters.pdf_pages import PageNotRendered, RenderedPage
from gateway.console.session import PATH, Session
from gateway.console.web import PageMissing, ServicesDep, SessionDep, may, page, permit, posted_form, see_other
from gateway.forms import ExecutionForm
from gateway.problems import STATUS_OF
from gateway.reads import current_case, with_days_left
from gateway.responses import document_response
from gateway.routes.cases import list_cases, read_case_messages
from gateway.uploads import read_upload
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    ExecutorInput,
    ExtendDeadlineCommand,
    RequestInformationCommand,
    RouteCommand,
)
from schemas.context import Actor
from schemas.text import NO_CONTROL_CHARACTERS
from schemas.views import CaseView

router = APIRouter(prefix=PATH, include_in_schema=False)

Status = Literal["registered", "in_progress", "waiting_for_applicant", "executed", "answered", "withdrawn"]
Kind = Literal["technical_conditions", "meter_installation"]
ACTIONS = {"route": "route", "executors": "executors", "note": "notes", "execution": "execution", "answer": "answer",
           "information": "information-requests", "extension": "extensions"}
DONE = {"route": "Müraciət yönləndirildi.", "executors": "İcraçı təyin edildi.", "note": "Qeyd əlavə edildi.",
        "execution": "İcra qeydə alındı.", "answer": "Müraciət cavablandırıldı.",
        "information": "Müraciətçidən məlumat istənildi: müraciət onun cavabını gözləyir, müddət dayanıb.",
        "extension": "Müddət uzadıldı."}
URGENT_WITHIN_DAYS = 3  # the queue's "urgent" link: overdue, or due within this many working days


@router.get("/", response_class=HTMLResponse)
def home(session: SessionDep) -> Response:
    """Each role's first page."""
    role = session.actor.role
    if role == "auditor":
        return see_other(f"{PATH}/audit")
    if role == "operator":
        return see_other(f"{PATH}/deliveries")
    return see_other(f"{PATH}/cases")


@router.get("/cases", response_class=HTMLResponse)
def queue(request: Request, services: ServicesDep, session: SessionDep,
          page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
          page_size: Annotated[int, Query(ge=1, le=100)] = 20,
          status: Status | Literal[""] | None = None, kind: Kind | Literal[""] | None = None,
          district: Annotated[str | None, Query(max_length=16, pattern=NO_CONTROL_CHARACTERS)] = None,
          assignee: Annotated[str | None, Query(max_length=64, pattern=NO_CONTROL_CHARACTERS)] = None,
          q: Annotated[str, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS)] = "",
          older_than_days: Annotated[str | None, Query(pattern=r"^([0-9]{1,4})?$")] = None,
          overdue: Annotated[bool, Query()] = False,
          due_within_days: Annotated[str | None, Query(pattern=r"^([0-9]{1,2})?$")] = None):
    """The cases of the unit (a supervisor's: of every unit), most urgent first, with GET /v1/cases's filters, in the URL."""
    permit(session, "GET /v1/cases")
    days = min(int(older_than_days), 3650) if older_than_days else None  # a form's empty field is no filter
    within = min(int(due_within_days), 60) if due_within_days else None
    found = list_cases(  # the API's own read, with its scope, filters and order (the earliest due date first)
        services, session.actor, page_number, page_size, status or None, kind or None, district or None, assignee or None, q,
        days, overdue=overdue, due_within_days=within, sort="due")
    filters = {"status": status, "kind": kind, "district": district, "assignee": assignee, "q": q,
               "older_than_days": days, "overdue": "true" if overdue else None, "due_within_days": within,
               "page_size": page_size if page_size != 20 else None}
    pages = max(1, -(-found.count // page_size))
    return page(request, "queue.html", session, cases=found.data, count=found.count, page_number=page_number, pages=pages,
                filters=filters, every_unit=sees_every_unit(session.actor.role), urgent_within=URGENT_WITHIN_DAYS,
                statuses=services.catalogue.items("statuses"), kinds=services.catalogue.items("kinds"),
                districts=services.catalogue.items("districts"))


@router.get("/cases/{application_id:uuid}", response_class=HTMLResponse)
def case_page(request: Request, services: ServicesDep, session: SessionDep, application_id: UUID,
              done: Annotated[str | None, Query(max_length=16)] = None):
    """One case: the applicant, the documents inline, executors, notes, the timeline, and the actions."""
    permit(session, "GET /v1/cases/{application_id}")
    return _case(request, services, session, visible_case(services, session.actor, application_id),
                 notice=DONE.get(done or ""))


def visible_case(services: ServicesDep, actor: Actor, application_id: UUID) -> CaseView:
    """The case as GET /v1/cases/{id} reads it, with the working days left until its due date."""
    view = current_case(services, application_id)
    if view is None or not may_see_case(actor, view.intake_unit, view.executing_unit):
        raise ApplicationNotFoundError()
    return with_days_left(services, view)


def _case(request: Request, services: ServicesDep, session: Session, view: CaseView, status_code: int = 200,
          **context: Any) -> HTMLResponse:
    reasons = [r for r in services.catalogue.items("refusal_reasons") if view.kind in r["applies_to"]]
    units = [u for u in services.catalogue.items("units") if view.kind in u["executes"]]
    messages = (read_case_messages(services, session.actor, view.id)
                if may(session, "GET /v1/cases/{application_id}/messages") else [])
    return page(request, "case.html", session, status_code, case=view, reasons=reasons, units=units,
                details=described(services, view), messages=messages, terms=services.deadlines.terms, **context)


DETAILS = {  # the application's own fields, as the portals' forms name them
    "purpose": ("Təyinat", "technical_conditions_purposes"), "place": ("Küçə, qəsəbə və ya kənd", None),
    "place_not_in_list": ("Siyahıda olmayan ünvan", None), "address_text": ("Yazılmış ünvan", None),
    "house_number": ("Ev nömrəsi", None), "house_number_part": ("Korpus", None),
    "on_behalf_of_another": ("Başqa şəxsin adından (etibarnamə ilə)", None), "subscriber_code": ("Abonent kodu", None),
    "reason": ("Səbəb", "meter_installation_reasons"), "confirm_additional_meter": ("Əlavə sayğac təsdiqlənib", None),
    "description": ("Təsvir", None), "active_meters": ("Aktiv sayğaclar", None)}


def described(services: ServicesDep, view: CaseView) -> list[tuple[str, str]]:
    """The details worth showing, each under its Azerbaijani name, codes by their names in the reference lists."""
    shown = []
    for key, value in view.details.items():
        if value in (None, "", False, [], {}):
            continue
        label, reference = DETAILS.get(key, (key, None))
        text = "bəli" if value is True else services.catalogue.label(reference, str(value)) if reference else str(value)
        shown.append((label, text))
    return shown


DOCUMENT_POLICY = "sandbox; default-src 'none'; img-src 'self'"  # opened on its own, a document still runs nothing
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


@router.get("/cases/{application_id:uuid}/documents/{sha256}")
def show_document(services: ServicesDep, session: SessionDep, application_id: UUID, sha256: Sha256,
                  download: Annotated[bool, Query()] = False) -> Response:
    """A document of the case as uploaded: an image shown inline, or any document downloaded."""
    answer = document_response(_document(services, session, application_id, sha256), "sened")
    if not download:
        answer.headers["Content-Disposition"] = answer.headers["Content-Disposition"].replace("attachment", "inline")
    answer.headers["Content-Security-Policy"] = DOCUMENT_POLICY
    return answer


@router.get("/cases/{application_id:uuid}/documents/{sha256}/pages/{number}")
async def show_pdf_page(services: ServicesDep, session: SessionDep, application_id: UUID, sha256: Sha256,
                        number: Annotated[int, Path(ge=1, le=10_000)]) -> Response:
    """One page of a PDF of the case, drawn as a PNG on the server (gateway.adapters.pdf_pages)."""
    rendered = await _pdf_page(services, session, application_id, sha256, number)
    return Response(rendered.png, media_type="image/png", headers={
        "Content-Security-Policy": DOCUMENT_POLICY, "Content-Disposition": "inline", "X-Content-Type-Options": "nosniff"})


@router.get("/cases/{application_id:uuid}/documents/{sha256}/view", response_class=HTMLResponse)
async def view_pdf(request: Request, services: ServicesDep, session: SessionDep, application_id: UUID, sha256: Sha256,
                   page_number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1) -> Response:
    """A PDF page by page, as images, with the way to the next and the previous."""
    rendered = await _pdf_page(services, session, application_id, sha256, page_number)
    view = await run_in_threadpool(visible_case, services, session.actor, application_id)
    named = next((d for d in [*view.documents, view.result_document] if d is not None and d.sha256 == sha256), None)
    return page(request, "document.html", session, case=view, document=named, page_number=page_number, pages=rendered.pages)


def _document(services: ServicesDep, session: Session, application_id: UUID, sha256: str) -> StoredDocument:
    permit(session, "GET /v1/cases/{application_id}/documents/{sha256}")
    return services.registry.case_document(application_id, sha256, session.actor)


async def _pdf_page(services: ServicesDep, session: Session, application_id: UUID, sha256: str, number: int) -> RenderedPage:
    document = await run_in_threadpool(_document, services, session, application_id, sha256)
    if document.media_type != "application/pdf" or services.pdf_pages is None:
        raise ApplicationNotFoundError()
    try:
        return await run_in_threadpool(services.pdf_pages.page, document.content, number)
    except PageNotRendered:
        raise PageMissing() from None


# --- the actions ------------------------------------------------------------------------------------

@router.post("/cases/{application_id:uuid}/{action}", response_class=HTMLResponse)
async def act(request: Request, services: ServicesDep, session: SessionDep, application_id: UUID,
              action: Literal["route", "executors", "note", "execution", "answer", "information", "extension"]) -> Response:
    """One action on the case, with the version the employee saw: a stale one shows what changed and asks again."""
    permit(session, f"POST /v1/cases/{{application_id}}/{ACTIONS[action]}")
    form = await posted_form(request, session, files=1 if action == "execution" else 0)
    seen = _version(form.get("version"))
    try:
        perform = await _command(services, session, application_id, action, form)
        await run_in_threadpool(perform, seen)
    except StaleVersionError:
        view = await run_in_threadpool(visible_case, services, session.actor, application_id)
        changes = [entry for entry in view.timeline if seen is not None and entry.version > seen]
        return _case(request, services, session, view, 409, conflict={"action": action, "changes": changes, "seen": seen},
                     values=_echo(form))
    except (CaseError, ValidationError) as refused:
        view = await run_in_threadpool(visible_case, services, session.actor, application_id)
        return _case(request, services, session, view, status_of(refused), failed={"action": action, "why": why(refused)},
                     values=_echo(form))
    return see_other(f"{PATH}/cases/{application_id}", done=action)


async def _command(services: ServicesDep, session: Session, application_id: UUID, action: str,
                   form: dict[str, Any]) -> Callable[[int | None], object]:
    """The registry's use case for the action, given the version seen; the form's mistakes refused before."""
    registry, actor = services.registry, session.actor
    if action == "route":
        route = RouteCommand(unit=form.get("unit", ""))
        return lambda seen: registry.route(application_id, route, actor, seen)
    if action == "executors":
        executors = AssignExecutorsCommand(executors=[ExecutorInput(id=form.get("executor_id", ""),
                                                                    name=form.get("executor_name", ""))])
        return lambda seen: registry.assign_executors(application_id, executors, actor, seen)
    if action == "note":
        note = AddNoteCommand(text=form.get("text", ""), visible_to_applicant=form.get("visible") == "yes")
        return lambda seen: registry.add_note(application_id, note, actor, seen)
    if action == "answer":
        answer = AnswerCommand(outcome=form.get("outcome", ""), reason_code=form.get("reason_code") or None)
        return lambda seen: registry.answer(application_id, answer, actor, seen)
    if action == "information":
        within = form.get("answer_within_days") or None  # an empty field: the configured default term
        ask = RequestInformationCommand(question=form.get("question", ""), answer_within_days=within)
        return lambda seen: registry.request_information(application_id, ask, actor, seen)
    if action == "extension":
        extend = ExtendDeadlineCommand(working_days=form.get("working_days", ""), reason=form.get("reason", ""))
        return lambda seen: registry.extend_deadline(application_id, extend, actor, seen)
    return await _execution(services, session, application_id, form)


async def _execution(services: ServicesDep, session: Session, application_id: UUID,
                     form: dict[str, Any]) -> Callable[[int | None], object]:
    file = form.get("result_document")
    fields = {name: form.get(name) or None for name in ("act_kind", "meter_serial", "initial_reading", "seal_number")}
    checked = ExecutionForm.model_validate({"result_document": file} | fields)
    upload = await read_upload(checked.result_document, "result", services.settings.max_document_bytes)
    command = checked.command()
    return lambda seen: services.registry.record_execution(application_id, command, upload, session.actor, seen)


def _version(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() and len(value) < 10 else None


def _echo(form: dict[str, Any]) -> dict[str, str]:
    """What the employee typed, to fill the form again (never the file, nor the CSRF token)."""
    return {k: v for k, v in form.items() if isinstance(v, str) and k not in ("csrf", "version")}


def status_of(refused: Exception) -> int:
    return next((STATUS_OF[kind] for kind in type(refused).__mro__ if kind in STATUS_OF), 422)


def why(refused: Exception) -> str:
    if isinstance(refused, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'forma'}: {e['msg']}" for e in refused.errors()[:5])
    return refused.detail if isinstance(refused, CaseError) else str(refused)
