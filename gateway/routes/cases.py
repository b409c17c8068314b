"""The back office: an employee's work on the cases of their unit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from cases.application import Application
from cases.errors import ApplicationNotFoundError
from cases.scope import may_see_case, sees_every_unit
from consumers.ledger import STATUS_MEANINGS, Delivery, DeliveryStatus
from gateway.deps import EmployeeActor, ExpectedVersion, ServicesDep
from gateway.forms import ExecutionUpload
from gateway.reads import current_case, with_days_left
from gateway.responses import document_response
from gateway.uploads import read_upload
from projections.application_views import DueFilter
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    ExtendDeadlineCommand,
    RequestInformationCommand,
    RouteCommand,
)
from schemas.text import NO_CONTROL_CHARACTERS
from schemas.views import CasesPublic, CaseView

router = APIRouter(prefix="/v1/cases", tags=["employee"])


class MessagePublic(BaseModel):
    """One message of a case's history, as the employee and the helpdesk read it."""

    event_type: str
    channel: Literal["email", "sms"]
    recipient: str
    subject: str
    text: str
    status: DeliveryStatus
    meaning: str
    reason: str | None
    segments: int | None
    recorded_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, d: Delivery) -> MessagePublic:
        return cls(event_type=d.event_type, channel="sms" if d.channel == "sms" else "email", recipient=d.recipient,
                   subject=d.subject, text=d.body, status=d.status, meaning=STATUS_MEANINGS[d.status], reason=d.last_error,
                   segments=d.segments, recorded_at=d.recorded, sent_at=d.at("sent_at"), delivered_at=d.at("delivered_at"),
                   failed_at=d.at("failed_at"))

COMMAND_RESPONSES: dict[int | str, dict[str, Any]] = {  # OpenAPI response objects, by status
    409: {"description": "The command does not fit the case's status, or If-Match is stale"}}


@router.get("", response_model=CasesPublic)
def list_cases(
    services: ServicesDep, actor: EmployeeActor,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    status: Literal["registered", "in_progress", "waiting_for_applicant", "executed", "answered", "withdrawn"] | None = None,
    kind: Literal["technical_conditions", "meter_installation"] | None = None,
    district: Annotated[str | None, Query(max_length=16, pattern=NO_CONTROL_CHARACTERS)] = None,
    assignee: Annotated[str | None, Query(max_length=64, pattern=NO_CONTROL_CHARACTERS, description="An executor's id")] = None,
    q: Annotated[str, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS)] = "",
    older_than_days: Annotated[int | None, Query(ge=0, le=3650, description="Only cases submitted at least this many days ago")] = None,
    overdue: Annotated[bool, Query(description="Only cases whose term has passed (due before today, Baku)")] = False,
    due_within_days: Annotated[int | None, Query(
        ge=0, le=60, description="Only cases due from today up to this many working days from today")] = None,
    sort: Annotated[Literal["due", "newest"], Query(
        description="due: the earliest due date first, cases without one (waiting, closed) last; newest: newest first")] = "due",
):
    """The cases the employee's unit receives or executes, the most urgent first."""
    # The events' own clock (the store's UTC timestamps), which is what `submitted_at` holds.
    before = datetime.now(UTC) - timedelta(days=older_than_days) if older_than_days is not None else None
    unit = None if sees_every_unit(actor.role) else actor.unit  # None: every unit
    rows, count = services.views.of_unit(unit, page, page_size, status, kind, district, assignee, q, before,
                                         due_filter(services, overdue, due_within_days), sort)
    return CasesPublic(data=[with_days_left(services, row) for row in rows], count=count)


def due_filter(services: ServicesDep, overdue: bool, due_within_days: int | None) -> DueFilter | None:
    """Overdue: due before today; due within N: due today or on one of the next N working days. Both: either."""
    if not overdue and due_within_days is None:
        return None
    now = services.registry.clock.now()
    today = services.deadlines.today(now)
    after = None if overdue else today - timedelta(days=1)
    until = services.deadlines.due_within(now, due_within_days) if due_within_days is not None else today - timedelta(days=1)
    return DueFilter(after=after, until=until)


@router.get("/{application_id:uuid}", response_model=CaseView)
def read_case(services: ServicesDep, actor: EmployeeActor, application_id: UUID, response: Response):
    """One case, with its uploaded documents, executors, notes and timeline; the ETag is its version."""
    view = current_case(services, application_id)
    if view is None or not may_see_case(actor, view.intake_unit, view.executing_unit):
        raise ApplicationNotFoundError()
    response.headers["ETag"] = f'"{view.version}"'
    return view


@router.get("/{application_id:uuid}/messages", response_model=list[MessagePublic])
def read_case_messages(services: ServicesDep, actor: EmployeeActor, application_id: UUID):
    """What the citizen was sent about the case, to which address or phone, when, and what became of it."""
    view = current_case(services, application_id)
    if view is None or not (actor.role == "operator" or may_see_case(actor, view.intake_unit, view.executing_unit)):
        raise ApplicationNotFoundError()
    return [MessagePublic.of(d) for d in services.notifier.ledger.history(str(application_id))]


@router.get("/{application_id:uuid}/documents/{sha256}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}})
def download_case_document(services: ServicesDep, actor: EmployeeActor, application_id: UUID,
                           sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]):
    """One of the case's documents, by the hash the case records."""
    return document_response(services.registry.case_document(application_id, sha256, actor), "sened")


@router.post("/{application_id:uuid}/route", response_model=CaseView, responses=COMMAND_RESPONSES)
def route_case(services: ServicesDep, actor: EmployeeActor, application_id: UUID, command: RouteCommand,
               version: ExpectedVersion, response: Response):
    """Forwards the case to the unit that will execute it (İcraya yönləndir)."""
    return changed(services, services.registry.route(application_id, command, actor, version), response)


@router.post("/{application_id:uuid}/executors", response_model=CaseView, responses=COMMAND_RESPONSES)
def assign_executors(services: ServicesDep, actor: EmployeeActor, application_id: UUID,
                     command: AssignExecutorsCommand, version: ExpectedVersion, response: Response):
    """Assigns the people who will carry out the work."""
    return changed(services, services.registry.assign_executors(application_id, command, actor, version), response)


@router.post("/{application_id:uuid}/notes", response_model=CaseView, responses=COMMAND_RESPONSES)
def add_note(services: ServicesDep, actor: EmployeeActor, application_id: UUID, command: AddNoteCommand,
             version: ExpectedVersion, response: Response):
    """Adds a note on the execution: shown to the applicant, or kept internal."""
    return changed(services, services.registry.add_note(application_id, command, actor, version), response)


@router.post("/{application_id:uuid}/execution", response_model=CaseView, responses=COMMAND_RESPONSES)
async def record_execution(services: ServicesDep, actor: EmployeeActor, application_id: UUID,
                           form: ExecutionUpload, version: ExpectedVersion, response: Response):
    """Records the work as done, with the result document (and for a meter, its act)."""
    upload = await read_upload(form.result_document, "result", services.settings.max_document_bytes)

    def record() -> CaseView:  # inspecting the document and saving: on the thread pool, off the event loop
        application = services.registry.record_execution(application_id, form.command(), upload, actor, version)
        return changed(services, application, response)

    return await run_in_threadpool(record)


@router.post("/{application_id:uuid}/answer", response_model=CaseView, responses=COMMAND_RESPONSES)
def answer_case(services: ServicesDep, actor: EmployeeActor, application_id: UUID, command: AnswerCommand,
                version: ExpectedVersion, response: Response):
    """Closes the case: fulfilled (after execution) or refused with a reason (when it cannot be executed)."""
    return changed(services, services.registry.answer(application_id, command, actor, version), response)


@router.post("/{application_id:uuid}/information-requests", response_model=CaseView, responses=COMMAND_RESPONSES)
def request_information(services: ServicesDep, actor: EmployeeActor, application_id: UUID,
                        command: RequestInformationCommand, version: ExpectedVersion, response: Response):
    """Asks the applicant for a missing document or information: the case waits for them, and its term stands still."""
    return changed(services, services.registry.request_information(application_id, command, actor, version), response)


@router.post("/{application_id:uuid}/extensions", response_model=CaseView, responses=COMMAND_RESPONSES)
def extend_deadline(services: ServicesDep, actor: EmployeeActor, application_id: UUID, command: ExtendDeadlineCommand,
                    version: ExpectedVersion, response: Response):
    """Extends the case's term by working days, with the reason (a supervisor, a limited number of times)."""
    return changed(services, services.registry.extend_deadline(application_id, command, actor, version), response)


def changed(services: ServicesDep, application: Application, response: Response) -> CaseView:
    response.headers["ETag"] = f'"{application.version}"'
    view = services.case_view(application.id)
    assert view is not None  # the application whose event the command just recorded
    return with_days_left(services, view)
