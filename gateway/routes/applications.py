"""The citizen's side, as the portals call it: submit, follow, download, withdraw."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Query, Response, status
from starlette.concurrency import run_in_threadpool

from cases.application import CheckedSubmission
from cases.errors import ApplicationNotFoundError
from cases.registry import Submission
from gateway.deps import CitizenActor, ServicesDep, SubmitterActor
from gateway.forms import InformationUpload, TechnicalConditionsUpload
from gateway.reads import current_public
from gateway.responses import document_response
from gateway.uploads import read_upload
from schemas.commands import SubmitMeterInstallationCommand
from schemas.event_payloads import TechnicalConditionsDetails
from schemas.text import NO_CONTROL_CHARACTERS
from schemas.views import (
    ApplicationPublic,
    ApplicationsPublic,
    DocumentPublic,
    SubmissionPublic,
    SubmissionSummary,
)

router = APIRouter(prefix="/v1/applications", tags=["citizen"])

REGISTERED = ("Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə təşəkkür edirik. "
              "Müraciət nömrəniz: {number}")
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="The portal's key for this submission: a retry with the same key returns the first result")]
DryRun = Annotated[bool, Query(description="Check and summarise for the confirmation step; record nothing, send nothing")]


@router.post("/technical-conditions", status_code=201, response_model=SubmissionPublic | SubmissionSummary,
             responses={200: {"description": "A dry run's summary, or a retried submission's first result"}})
async def submit_technical_conditions(
    services: ServicesDep, actor: SubmitterActor, form: TechnicalConditionsUpload, response: Response,
    idempotency_key: IdempotencyKey = None, dry_run: DryRun = False,
):
    """Applies for the technical conditions of connecting a house to water and sewage."""
    limit = services.settings.max_document_bytes
    uploads = [await read_upload(form.address_document, "address_document", limit)]
    if form.power_of_attorney is not None:
        uploads.append(await read_upload(form.power_of_attorney, "power_of_attorney", limit))
    # The registry inspects the documents and waits for the event store: on the thread pool, as the `def`
    # endpoints run, so the event loop keeps serving other requests meanwhile.
    if dry_run:
        response.status_code = 200
        draft = await run_in_threadpool(services.registry.confirm_technical_conditions, form.command(), uploads, actor)
        return summary(services, draft)
    submission = await run_in_threadpool(services.registry.submit_technical_conditions, form.command(), uploads, actor,
                                         idempotency_key)
    return submitted(submission, services, response)


@router.post("/meter-installation", status_code=201, response_model=SubmissionPublic | SubmissionSummary,
             responses={200: {"description": "A dry run's summary, or a retried submission's first result"}})
def submit_meter_installation(services: ServicesDep, actor: SubmitterActor, command: SubmitMeterInstallationCommand,
                              response: Response, idempotency_key: IdempotencyKey = None, dry_run: DryRun = False):
    """Applies for a water meter to be installed, or the subscriber's own meter to be registered."""
    if dry_run:
        response.status_code = 200
        return meter_summary(services, services.registry.confirm_meter_installation(command, actor))
    submission = services.registry.submit_meter_installation(command, actor, idempotency_key)
    return submitted(submission, services, response)


@router.get("", response_model=ApplicationsPublic)
async def list_applications(
    services: ServicesDep, acting: CitizenActor,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 10,
    q: Annotated[str, Query(max_length=100, pattern=NO_CONTROL_CHARACTERS, description="Part of the number, name or address")] = "",
    status: Literal["registered", "in_progress", "waiting_for_applicant", "executed", "answered", "withdrawn"] | None = None,
    kind: Literal["technical_conditions", "meter_installation"] | None = None,
):
    """The citizen's own applications, newest first ("Müraciətin statusunu yoxla")."""
    rows, count = await services.status_pages.of_applicant(acting.citizen.fin, page, page_size, q, status, kind)
    return json_response(f'{{"data":[{",".join(rows)}],"count":{count}}}')


@router.get("/{application_id:uuid}", response_model=ApplicationPublic)
async def read_application(services: ServicesDep, acting: CitizenActor, application_id: UUID):
    """One of the citizen's applications, with its timeline and visible notes."""
    found = await current_public(services, application_id)
    if found is None or found[0] != acting.citizen.fin:
        raise ApplicationNotFoundError()
    _, version, public = found
    return json_response(public, headers={"ETag": f'"{version}"'})


@router.get("/{application_id:uuid}/result", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}},
                             "description": "The result document"}})
def download_result(services: ServicesDep, acting: CitizenActor, application_id: UUID):
    """Downloads the result document ("Müraciətin nəticəsi") of an application answered as fulfilled."""
    return document_response(services.registry.result_document(application_id, acting.actor), "netice")


@router.post("/{application_id:uuid}/withdraw", response_model=ApplicationPublic)
def withdraw_application(services: ServicesDep, acting: CitizenActor, application_id: UUID):
    """Withdraws an application that has not been executed yet."""
    application = services.registry.withdraw(application_id, acting.actor)
    view = services.case_view(application.id)
    assert view is not None  # the application whose Withdrawn was just recorded
    return view.for_applicant()


@router.post("/{application_id:uuid}/information", response_model=ApplicationPublic,
             responses={409: {"description": "The application is not waiting for the applicant's answer"}})
async def provide_information(services: ServicesDep, acting: CitizenActor, application_id: UUID, form: InformationUpload):
    """Answers the employee's request: a text and/or documents (checked like any upload); the term runs again."""
    limit = services.settings.max_document_bytes
    uploads = [await read_upload(file, "information_document", limit) for file in form.documents]

    def provide() -> ApplicationPublic:  # inspecting the documents and saving: on the thread pool
        application = services.registry.provide_information(application_id, form.command(), uploads, acting.actor)
        view = services.case_view(application.id)
        assert view is not None  # the application whose answer was just recorded
        return view.for_applicant()

    return await run_in_threadpool(provide)


def submitted(submission: Submission, services: ServicesDep, response: Response) -> SubmissionPublic:
    application = submission.application
    if submission.replayed:
        response.status_code = status.HTTP_200_OK
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/v1/applications/{application.id}"
    return SubmissionPublic(
        id=application.id, number=application.number, status=application.status.value,
        status_label=services.catalogue.label("statuses", application.status.value), version=application.version,
        message=REGISTERED.format(number=application.number))


def summary(services: ServicesDep, draft: CheckedSubmission) -> SubmissionSummary:
    """What the confirmation step ("Təsdiq et" / "İmtina") shows, with names instead of codes."""
    label, details = services.catalogue.label, TechnicalConditionsDetails.model_validate(draft.details)
    fields = {
        "Obyektin təyinatı": label("technical_conditions_purposes", details.purpose),
        "Rayon": label("districts", draft.district),
        "Küçə/qəsəbə/kənd": details.place_name,
        "Ev nömrəsi": details.house,
        "Telefon": draft.contact["phone"],
        "E-poçt": draft.contact["email"],
    }
    return summarised(services, draft, fields)


def meter_summary(services: ServicesDep, draft: CheckedSubmission) -> SubmissionSummary:
    """The meter installation's confirmation step: the subscriber by code and district, not by name."""
    label, details = services.catalogue.label, draft.details
    fields = {
        "Abonent kodu": details["subscriber_code"],
        "Rayon": label("districts", draft.district),
        "Müraciətin səbəbi": label("meter_installation_reasons", details["reason"]),
        "Əlavə məlumat": details["description"],
        "Telefon": draft.contact["phone"],
        "E-poçt": draft.contact["email"],
    }
    return summarised(services, draft, fields)


def summarised(services: ServicesDep, draft: CheckedSubmission, fields: dict) -> SubmissionSummary:
    return SubmissionSummary(kind=draft.kind.value, kind_label=services.catalogue.label("kinds", draft.kind.value),
                             fields=fields, documents=[DocumentPublic(**d) for d in draft.documents])


def json_response(body: str, headers: dict[str, str] | None = None) -> Response:
    """JSON the views wrote already (in the shape of the declared response model), sent as it is."""
    return Response(content=body, media_type="application/json", headers=headers)
