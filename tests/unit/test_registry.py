"""The case registry's use cases over the in-memory event store, with the fakes of every other port.

What is checked here is what the registry adds to the aggregate: numbers, idempotent submission,
who may see which application, optimistic concurrency, and that a refusal leaves no trace.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

import pytest

from cases.application import Status
from cases.application_ids import ApplicationIds
from cases.documents import Upload
from cases.errors import (
    AdditionalMeterNotConfirmedError,
    ApplicationNotFoundError,
    CaseError,
    EmptyDocumentError,
    IdempotencyKeyReusedError,
    InvalidReferenceError,
    MissingInformationError,
    StaleVersionError,
    TransitionNotAllowedError,
    UnacceptableDocumentError,
    UnknownSubscriberError,
)
from cases.ports import BAKU
from cases.reference import load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister
from eventlog.batching import Batcher
from eventlog.decoding import read_log
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    MeterActInput,
    RecordExecutionCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.context import Actor, Citizen
from tests.fakes import IN_MEMORY, FakeDocumentInspector, FakeDocumentStore, FixedClock, NumberingPOPORecorder
from tests.samples import JPEG, METER_INSTALLATION, PDF, PNG, SUBSCRIBER_WITH_METER, TECHNICAL_CONDITIONS, ZIP

CITIZEN = Actor(subject="5ZK3P7Q", role="citizen", name="Rəşad Əliyev", portal="e-gov", sign_in_method="asan_imza",
                correlation_id="corr-1",
                citizen=Citizen(fin="5ZK3P7Q", first_name="Rəşad", surname="Əliyev", patronymic="Vaqif oğlu"))
NEIGHBOUR = Actor(subject="6AB2C9D", role="citizen", name="Günel Məmmədova", portal="e-su", sign_in_method="sima_imza",
                  citizen=Citizen(fin="6AB2C9D", first_name="Günel", surname="Məmmədova"))


def employee(unit: str) -> Actor:
    return Actor(subject=f"emp-{unit}", role="employee", name="Leyla Həsənova", unit=unit, correlation_id=f"corr-{unit}")


INTAKE, OTHER_DISTRICT = employee("BIN"), employee("NSM")
TECHNICAL_CONDITIONS_UNIT, METER_UNIT = employee("TSS"), employee("SQS")
NUMBER = re.compile(r"^(TS|SQ)-\d{4}-\d{6}$")


@dataclass
class World:
    registry: CaseRegistry
    numbers: NumberingPOPORecorder
    documents: FakeDocumentStore
    clock: FixedClock

    def recorded(self) -> list[str]:
        """Every event in the store, in order, by type."""
        return [e.type for e in read_log(self.registry, 0, 1000)]


@pytest.fixture
def world() -> World:
    documents, clock = FakeDocumentStore(), FixedClock()
    registry = CaseRegistry(IN_MEMORY, documents=documents, subscribers=SeededSubscriberRegister(), clock=clock,
                            catalogue=load_catalogue(), ids=ApplicationIds(b"a unit test's application id secret"),
                            inspector=FakeDocumentInspector(), writer=Batcher)
    yield World(registry, registry.recorder, documents, clock)
    registry.close()


def technical_conditions(**changes) -> SubmitTechnicalConditionsCommand:
    return SubmitTechnicalConditionsCommand(**(TECHNICAL_CONDITIONS | changes))


def meter_installation(**changes) -> SubmitMeterInstallationCommand:
    return SubmitMeterInstallationCommand(**(METER_INSTALLATION | changes))


def address_document(content: bytes = PDF, name: str = "çıxarış.pdf") -> list[Upload]:
    return [Upload(field="address_document", name=name, content=content)]


def submit_technical_conditions(world: World, actor: Actor = CITIZEN, key: str | None = None, **changes):
    return world.registry.submit_technical_conditions(technical_conditions(**changes), address_document(), actor, key)


def submit_meter_installation(world: World, actor: Actor = CITIZEN, key: str | None = None, **changes):
    return world.registry.submit_meter_installation(meter_installation(**changes), actor, key)


def refused_and_nothing_recorded(world: World, action, error: type[CaseError]) -> CaseError:
    before, issued, stored = world.recorded(), list(world.numbers.issued), dict(world.documents.stored)
    with pytest.raises(error) as refusal:
        action()
    assert world.recorded() == before
    assert world.numbers.issued == issued
    assert world.documents.stored == stored
    return refusal.value


def installed_meter(world: World):
    application = submit_meter_installation(world).application
    world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE)
    world.registry.assign_executors(application.id, AssignExecutorsCommand(executors=[{"id": "emp-7", "name": "Elvin"}]),
                                    METER_UNIT)
    act = MeterActInput(kind="installation", meter_serial="AZ-SM-300001", initial_reading=0, seal_number="SL-1")
    world.registry.record_execution(application.id, RecordExecutionCommand(act=act),
                                    Upload("result_document", "akt.png", PNG), METER_UNIT)
    return application


# --- application numbers -----------------------------------------------------------------------------


def test_each_service_numbers_its_applications_in_its_own_series_of_the_year(world):
    numbers = [submit_technical_conditions(world).application.number,
               submit_meter_installation(world).application.number,
               submit_technical_conditions(world).application.number,
               submit_meter_installation(world).application.number]
    assert numbers == ["TS-2026-000001", "SQ-2026-000001", "TS-2026-000002", "SQ-2026-000002"]


def test_the_number_carries_the_year_in_baku_and_a_new_year_starts_a_new_series(world):
    submit_technical_conditions(world)
    world.clock.current = datetime(2027, 1, 1, 0, 5, tzinfo=BAKU)
    assert submit_technical_conditions(world).application.number == "TS-2027-000001"


def test_numbers_are_never_issued_twice(world):
    numbers = [submit_technical_conditions(world).application.number for _ in range(15)]
    numbers += [submit_meter_installation(world).application.number for _ in range(15)]
    assert len(set(numbers)) == 30
    assert all(NUMBER.match(n) for n in numbers)


@pytest.mark.parametrize(("submit", "error"), [
    (lambda w: submit_technical_conditions(w, confirmed="false"), MissingInformationError),
    (lambda w: submit_technical_conditions(w, district="XYZ"), InvalidReferenceError),
    (lambda w: w.registry.submit_technical_conditions(technical_conditions(), [], CITIZEN), MissingInformationError),
    (lambda w: w.registry.submit_technical_conditions(technical_conditions(), address_document(ZIP, "sənəd.pdf"), CITIZEN),
     UnacceptableDocumentError),
    (lambda w: w.registry.submit_technical_conditions(technical_conditions(), address_document(b""), CITIZEN),
     EmptyDocumentError),
    (lambda w: submit_meter_installation(w, subscriber_code="9999999999"), UnknownSubscriberError),
    (lambda w: submit_meter_installation(w, subscriber_code=SUBSCRIBER_WITH_METER, reason="additional_meter"),
     AdditionalMeterNotConfirmedError),
], ids=["not-confirmed", "unknown-district", "no-address-document", "zip-named-pdf", "empty-file", "unknown-subscriber",
        "additional-meter-not-confirmed"])
def test_a_refused_submission_spends_no_number_stores_no_document_and_records_nothing(world, submit, error):
    refused_and_nothing_recorded(world, lambda: submit(world), error)
    assert submit_technical_conditions(world).application.number == "TS-2026-000001"


def test_a_submission_keeps_its_documents_by_their_hash(world):
    application = submit_technical_conditions(world).application
    [document] = application.documents
    assert world.documents.get(document["sha256"]).content == PDF
    assert world.recorded() == ["Submitted"]


# --- the confirmation step -------------------------------------------------------------------------------


def test_the_confirmation_step_checks_the_rules_but_records_nothing_and_spends_no_number(world):
    checked = world.registry.confirm_technical_conditions(technical_conditions(confirmed="false"), address_document(), CITIZEN)
    assert checked.details["place"] == "Biləcəri qəsəbəsi"
    assert (world.recorded(), world.numbers.issued, world.documents.stored) == ([], [], {})


def test_the_confirmation_step_refuses_what_the_submission_would_refuse(world):
    refused_and_nothing_recorded(
        world, lambda: world.registry.confirm_technical_conditions(technical_conditions(place="Füzuli küçəsi"),
                                                                 address_document(), CITIZEN), InvalidReferenceError)


# --- idempotent submission ------------------------------------------------------------------------------


def test_a_retried_submission_with_the_same_key_returns_the_first_application(world):
    first = submit_technical_conditions(world, key="retry-1")
    again = submit_technical_conditions(world, key="retry-1")
    assert (first.replayed, again.replayed) == (False, True)
    assert (again.application.id, again.application.number) == (first.application.id, first.application.number)
    assert world.numbers.issued == ["TS-2026"]
    assert world.recorded() == ["Submitted"]


def test_a_retried_meter_installation_with_the_same_key_returns_the_first_application(world):
    first = submit_meter_installation(world, key="retry-2")
    again = submit_meter_installation(world, key="retry-2")
    assert again.replayed and again.application.number == first.application.number
    assert world.recorded() == ["Submitted"]


def test_a_retry_returns_the_application_as_it_is_now(world):
    first = submit_meter_installation(world, key="retry-3").application
    world.registry.route(first.id, RouteCommand(unit="SQS"), INTAKE)
    again = submit_meter_installation(world, key="retry-3")
    assert again.replayed and again.application.status is Status.IN_PROGRESS


@pytest.mark.parametrize("submit_other", [
    lambda w: submit_technical_conditions(w, key="k", house_number="13"),
    lambda w: w.registry.submit_technical_conditions(technical_conditions(), address_document(JPEG, "çıxarış.jpg"),
                                                     CITIZEN, "k"),
    lambda w: submit_meter_installation(w, key="k"),
], ids=["other-field", "other-document", "other-service"])
def test_the_same_key_with_a_different_application_is_refused(world, submit_other):
    submit_technical_conditions(world, key="k")
    refusal = refused_and_nothing_recorded(world, lambda: submit_other(world), IdempotencyKeyReusedError)
    assert refusal.code == "idempotency-key-reused"


def test_the_same_key_from_another_citizen_is_another_application(world):
    mine = submit_meter_installation(world, key="k").application
    theirs = submit_meter_installation(world, actor=NEIGHBOUR, key="k")
    assert not theirs.replayed
    assert theirs.application.id != mine.id and theirs.application.number == "SQ-2026-000002"


def test_without_a_key_two_identical_submissions_are_two_applications(world):
    first, second = submit_meter_installation(world), submit_meter_installation(world)
    assert first.application.id != second.application.id
    assert world.recorded() == ["Submitted", "Submitted"]


# --- the citizen sees only their own applications -------------------------------------------------------


def test_a_citizen_sees_their_own_application(world):
    application = submit_technical_conditions(world).application
    assert world.registry.application_of_citizen(application.id, CITIZEN).number == application.number


@pytest.mark.parametrize("stranger", [NEIGHBOUR, INTAKE], ids=["another-citizen", "an-employee"])
def test_someone_elses_application_is_answered_as_not_found(world, stranger):
    application = submit_technical_conditions(world).application
    with pytest.raises(ApplicationNotFoundError) as refusal:
        world.registry.application_of_citizen(application.id, stranger)
    assert refusal.value.code == "application-not-found"


def test_an_unknown_application_is_not_found(world):
    with pytest.raises(ApplicationNotFoundError):
        world.registry.application_of_citizen(uuid.uuid4(), CITIZEN)


def test_a_citizen_withdraws_their_open_application(world):
    application = submit_technical_conditions(world).application
    withdrawn = world.registry.withdraw(application.id, CITIZEN)
    assert withdrawn.status is Status.WITHDRAWN
    [event] = read_log(world.registry, 1, 10)
    assert (event.type, event.data["context"]["subject"], event.data["context"]["portal"]) == ("Withdrawn", "5ZK3P7Q", "e-gov")


def test_a_citizen_cannot_withdraw_someone_elses_application(world):
    application = submit_technical_conditions(world).application
    refused_and_nothing_recorded(world, lambda: world.registry.withdraw(application.id, NEIGHBOUR), ApplicationNotFoundError)


def test_the_result_document_is_downloadable_once_the_application_is_fulfilled(world):
    application = installed_meter(world)
    with pytest.raises(TransitionNotAllowedError):
        world.registry.result_document(application.id, CITIZEN)
    world.registry.answer(application.id, AnswerCommand(outcome="fulfilled"), METER_UNIT)
    document = world.registry.result_document(application.id, CITIZEN)
    assert (document.media_type, document.content) == ("image/png", PNG)
    with pytest.raises(ApplicationNotFoundError):
        world.registry.result_document(application.id, NEIGHBOUR)


def test_a_refused_application_has_no_result_to_download(world):
    application = submit_meter_installation(world).application
    world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE)
    world.registry.answer(application.id, AnswerCommand(outcome="refused", reason_code="no_meter_in_stock"), METER_UNIT)
    with pytest.raises(TransitionNotAllowedError):
        world.registry.result_document(application.id, CITIZEN)


# --- the employee sees only their unit's cases ----------------------------------------------------------


def test_an_application_arrives_at_the_unit_of_its_district_and_nowhere_else(world):
    application = submit_technical_conditions(world).application
    assert world.registry.case_of_unit(application.id, INTAKE).number == application.number
    for stranger in (OTHER_DISTRICT, TECHNICAL_CONDITIONS_UNIT, employee(None)):
        with pytest.raises(ApplicationNotFoundError):
            world.registry.case_of_unit(application.id, stranger)


def test_another_units_employee_cannot_work_the_case_and_nothing_is_recorded(world):
    application = submit_technical_conditions(world).application
    refused_and_nothing_recorded(
        world, lambda: world.registry.route(application.id, RouteCommand(unit="TSS"), OTHER_DISTRICT), ApplicationNotFoundError)
    refused_and_nothing_recorded(
        world, lambda: world.registry.add_note(application.id, AddNoteCommand(text="x"), OTHER_DISTRICT), ApplicationNotFoundError)


def test_once_routed_both_the_intake_and_the_executing_unit_see_the_case(world):
    application = submit_technical_conditions(world).application
    world.registry.route(application.id, RouteCommand(unit="TSS"), INTAKE)
    world.registry.add_note(application.id, AddNoteCommand(text="Baxış təyin edildi", visible_to_applicant=True),
                            TECHNICAL_CONDITIONS_UNIT)
    assert world.registry.case_of_unit(application.id, INTAKE).notes[0]["text"] == "Baxış təyin edildi"
    with pytest.raises(ApplicationNotFoundError):
        world.registry.case_of_unit(application.id, METER_UNIT)


def test_an_employee_reaches_only_the_documents_the_case_records(world):
    application = submit_technical_conditions(world).application
    sha256 = application.documents[0]["sha256"]
    assert world.registry.case_document(application.id, sha256, INTAKE).content == PDF
    someone_elses = submit_meter_installation(world, subscriber_code="1001234569").application  # Xəzər
    world.documents.put("f" * 64, "application/pdf", PDF)
    for sha, actor in ((sha256, OTHER_DISTRICT), ("f" * 64, INTAKE)):
        with pytest.raises(ApplicationNotFoundError):
            world.registry.case_document(application.id, sha, actor)
    with pytest.raises(ApplicationNotFoundError):
        world.registry.case_document(someone_elses.id, sha256, INTAKE)


# --- optimistic concurrency and refusals leave no trace -------------------------------------------------


def test_a_command_with_the_current_version_is_recorded(world):
    application = submit_meter_installation(world).application
    routed = world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE, expected_version=1)
    assert routed.version == 2


def test_a_command_decided_on_a_stale_version_is_refused_and_records_nothing(world):
    application = submit_meter_installation(world).application
    world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE, expected_version=1)
    refusal = refused_and_nothing_recorded(
        world, lambda: world.registry.add_note(application.id, AddNoteCommand(text="köhnə"), METER_UNIT, expected_version=1),
        StaleVersionError)
    assert (refusal.code, refusal.actual) == ("stale-version", 2)


def test_a_stale_execution_stores_no_document(world):
    application = submit_meter_installation(world).application
    world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE)
    act = MeterActInput(kind="installation", meter_serial="S", initial_reading=1, seal_number="P")
    refused_and_nothing_recorded(
        world, lambda: world.registry.record_execution(application.id, RecordExecutionCommand(act=act),
                                                       Upload("result_document", "akt.pdf", PDF), METER_UNIT, expected_version=1),
        StaleVersionError)


def test_an_execution_that_does_not_fit_the_status_stores_no_document(world):
    application = submit_technical_conditions(world).application
    refused_and_nothing_recorded(
        world, lambda: world.registry.record_execution(application.id, RecordExecutionCommand(),
                                                       Upload("result_document", "ts.pdf", PDF + b"x"), INTAKE),
        TransitionNotAllowedError)


def test_an_execution_with_a_document_that_is_not_pdf_jpeg_or_png_is_refused(world):
    application = submit_technical_conditions(world).application
    world.registry.route(application.id, RouteCommand(unit="TSS"), INTAKE)
    refused_and_nothing_recorded(
        world, lambda: world.registry.record_execution(application.id, RecordExecutionCommand(),
                                                       Upload("result_document", "ts.pdf", ZIP), TECHNICAL_CONDITIONS_UNIT),
        UnacceptableDocumentError)


def test_answering_a_withdrawn_application_is_refused_and_records_nothing(world):
    application = submit_meter_installation(world).application
    world.registry.route(application.id, RouteCommand(unit="SQS"), INTAKE)
    world.registry.withdraw(application.id, CITIZEN)
    refused_and_nothing_recorded(
        world, lambda: world.registry.answer(application.id, AnswerCommand(outcome="refused", reason_code="no_meter_in_stock"),
                                             METER_UNIT), TransitionNotAllowedError)
    assert world.registry.case_of_unit(application.id, METER_UNIT).status is Status.WITHDRAWN


def test_a_whole_meter_installation_is_recorded_in_order_with_who_did_each_step(world):
    application = installed_meter(world)
    world.registry.answer(application.id, AnswerCommand(outcome="fulfilled"), METER_UNIT)
    log = read_log(world.registry, 0, 100)
    assert [(e.type, e.version, e.data["context"]["subject"]) for e in log] == [
        ("Submitted", 1, "5ZK3P7Q"), ("Routed", 2, "emp-BIN"), ("ExecutorAssigned", 3, "emp-SQS"),
        ("Executed", 4, "emp-SQS"), ("Answered", 5, "emp-SQS")]
    assert [e.position for e in log] == [1, 2, 3, 4, 5]
