"""Whole life cycles of both kinds of application, driven through the case registry's use cases.

Between them they record every kind of event there is, so a test that needs "everything the domain
can say" (the published contract, the topic, a replay) drives these rather than inventing events.
"""

from __future__ import annotations

from uuid import UUID

from cases.documents import Upload
from cases.registry import CaseRegistry
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    ExtendDeadlineCommand,
    MeterActInput,
    ProvideInformationCommand,
    RecordExecutionCommand,
    RequestInformationCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.context import Actor
from tests.samples import METER_INSTALLATION, PDF, PNG, TECHNICAL_CONDITIONS

CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, "corr-citizen")


def employee(unit: str) -> Actor:
    return Actor(subject=f"emp-{unit}", role="employee", name="Leyla Həsənova", unit=unit, correlation_id=f"corr-{unit}")


INTAKE, TECHNICAL_UNIT, METER_UNIT = employee("BIN"), employee("TSS"), employee("SQS")
SUPERVISOR = Actor(subject="sup-1", role="supervisor", name="Kamran Rzayev", unit="TSS", correlation_id="corr-supervisor")


def submit_technical_conditions(registry: CaseRegistry) -> UUID:
    upload = Upload(field="address_document", name="çıxarış.pdf", content=PDF)
    command = SubmitTechnicalConditionsCommand(**TECHNICAL_CONDITIONS)
    return registry.submit_technical_conditions(command, [upload], CITIZEN).application.id


def submit_meter_installation(registry: CaseRegistry) -> UUID:
    return registry.submit_meter_installation(SubmitMeterInstallationCommand(**METER_INSTALLATION), CITIZEN).application.id


def work_on(registry: CaseRegistry, application_id: UUID, unit: Actor) -> None:
    """Routed to the unit, an executor assigned, and a note the applicant can read."""
    registry.route(application_id, RouteCommand(unit=unit.unit), INTAKE)
    registry.assign_executors(application_id, AssignExecutorsCommand(executors=[{"id": "emp-7", "name": "Elvin"}]), unit)
    registry.add_note(application_id, AddNoteCommand(text="Baxış sabah keçiriləcək.", visible_to_applicant=True), unit)


def technical_conditions_fulfilled(registry: CaseRegistry) -> UUID:
    application_id = submit_technical_conditions(registry)
    work_on(registry, application_id, TECHNICAL_UNIT)
    registry.record_execution(application_id, RecordExecutionCommand(), Upload("result_document", "şərtlər.pdf", PDF),
                              TECHNICAL_UNIT)
    registry.answer(application_id, AnswerCommand(outcome="fulfilled"), TECHNICAL_UNIT)
    return application_id


def meter_installation_fulfilled(registry: CaseRegistry) -> UUID:
    application_id = submit_meter_installation(registry)
    work_on(registry, application_id, METER_UNIT)
    act = MeterActInput(kind="installation", meter_serial="AZ-SM-300001", initial_reading=0, seal_number="SL-1")
    registry.record_execution(application_id, RecordExecutionCommand(act=act), Upload("result_document", "akt.png", PNG),
                              METER_UNIT)
    registry.answer(application_id, AnswerCommand(outcome="fulfilled"), METER_UNIT)
    return application_id


def meter_installation_refused(registry: CaseRegistry) -> UUID:
    application_id = submit_meter_installation(registry)
    registry.route(application_id, RouteCommand(unit="SQS"), INTAKE)
    registry.answer(application_id, AnswerCommand(outcome="refused", reason_code="no_meter_in_stock"), METER_UNIT)
    return application_id


def technical_conditions_withdrawn(registry: CaseRegistry) -> UUID:
    application_id = submit_technical_conditions(registry)
    registry.withdraw(application_id, CITIZEN)
    return application_id


def technical_conditions_after_asking(registry: CaseRegistry) -> UUID:
    """Routed, the applicant asked for a document and answering with one, the term extended: still open."""
    application_id = submit_technical_conditions(registry)
    registry.route(application_id, RouteCommand(unit="TSS"), INTAKE)
    registry.request_information(application_id, RequestInformationCommand(
        question="Çıxarışın oxunaqlı surətini əlavə edin."), TECHNICAL_UNIT)
    registry.provide_information(application_id, ProvideInformationCommand(text="Əlavə etdim."),
                                 [Upload("information_document", "cixaris-2.pdf", PDF)], CITIZEN)
    registry.extend_deadline(application_id, ExtendDeadlineCommand(working_days=5, reason="Əlavə baxış lazımdır."),
                             SUPERVISOR)
    return application_id


def every_life_cycle(registry: CaseRegistry) -> list[UUID]:
    """Both kinds fulfilled, one refused, one withdrawn, one asked and extended: every event type, 22 events in all."""
    return [technical_conditions_fulfilled(registry), meter_installation_fulfilled(registry),
            meter_installation_refused(registry), technical_conditions_withdrawn(registry),
            technical_conditions_after_asking(registry)]
