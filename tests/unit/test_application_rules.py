"""The Application aggregate on its own: the submission rules of both services and every transition.

The transition table below is DOMAIN.md's "Life of an application":

    Submitted ──► Routed ──► (ExecutorAssigned, NoteAdded)* ──► Executed ──► Answered
        │            │   └──────── not executable (refused with a reason) ────────┘
        │            └──► InformationRequested ──► InformationProvided ──► (back to work)
        │                     (the clock stops)  └──► refused (no answer, or another reason)
        └──► Withdrawn (by the citizen, while not yet executed)

and a supervisor's DeadlineExtended on any open case.

Every allowed command records exactly one past-tense event carrying who did it; every other
command is refused with a stable code and records nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest

from cases.application import METER_REASON_RULES, Application, Kind, Outcome, Status
from cases.deadlines import Terms
from cases.documents import DocumentRef, Upload
from cases.errors import (
    AdditionalMeterNotConfirmedError,
    CaseError,
    ExecutorNotAssignedError,
    InvalidReferenceError,
    MissingInformationError,
    StaleVersionError,
    TransitionNotAllowedError,
    UnknownSubscriberError,
)
from cases.reference import load_catalogue
from cases.subscribers import Subscriber
from schemas.commands import MeterActInput, SubmitMeterInstallationCommand, SubmitTechnicalConditionsCommand
from schemas.context import Actor, Citizen
from tests.fakes import FakeDocumentInspector
from tests.samples import JPEG, METER_INSTALLATION, PDF, PNG, TECHNICAL_CONDITIONS

CATALOGUE = load_catalogue()

CITIZEN = Citizen(fin="5ZK3P7Q", first_name="Rəşad", surname="Əliyev", patronymic="Vaqif oğlu",
                  address="Bakı şəhəri, Binəqədi rayonu, Biləcəri qəsəbəsi, ev 12")
APPLICANT = Actor(subject="5ZK3P7Q", role="citizen", name="Rəşad Əliyev", portal="e-gov",
                  sign_in_method="asan_imza", correlation_id="corr-citizen", citizen=CITIZEN)
EMPLOYEE = Actor(subject="emp-1001", role="employee", name="Leyla Həsənova", unit="BIN", correlation_id="corr-employee")
SUPERVISOR = Actor(subject="sup-1", role="supervisor", name="Kamran Rzayev", unit="TSS", correlation_id="corr-supervisor")
TERMS = Terms(by_kind={"technical_conditions": 15, "meter_installation": 15}, max_extensions=1, extension_max_days=15)

SUBSCRIBER_WITHOUT_METER = Subscriber(code="1001234567", owner="Əliyev Rəşad Vaqif oğlu", district="BIN",
                                      address="Binəqədi qəsəbəsi, ev 12")
SUBSCRIBER_WITH_METER = Subscriber(code="1001234568", owner="Məmmədova Günel Elşən qızı", district="NSM",
                                   address="Füzuli küçəsi, ev 45, mənzil 8",
                                   active_meters=({"serial": "AZ-SM-204511", "installed_on": "2019-04-12"},))

EXECUTING_UNIT = {Kind.TECHNICAL_CONDITIONS: "TSS", Kind.METER_INSTALLATION: "SQS"}
REFUSAL_REASON = {Kind.TECHNICAL_CONDITIONS: "no_network_capacity", Kind.METER_INSTALLATION: "no_meter_in_stock"}
FOREIGN_REFUSAL_REASON = {Kind.TECHNICAL_CONDITIONS: "no_meter_in_stock", Kind.METER_INSTALLATION: "no_network_capacity"}


# --- building applications -------------------------------------------------------------------------


def document(role: str, content: bytes = PDF, name: str = "çıxarış.pdf") -> DocumentRef:
    return Upload(field=role, name=name, content=content).accept(FakeDocumentInspector())[0]


def intake(actor: Actor = APPLICANT) -> dict:
    return {"applicant": actor.citizen.model_dump(), "fingerprint": "fingerprint", "context": actor.recorded()}


def technical_conditions_command(**changes) -> SubmitTechnicalConditionsCommand:
    return SubmitTechnicalConditionsCommand(**(TECHNICAL_CONDITIONS | changes))


def meter_installation_command(**changes) -> SubmitMeterInstallationCommand:
    return SubmitMeterInstallationCommand(**(METER_INSTALLATION | changes))


def submit_technical_conditions(command: SubmitTechnicalConditionsCommand | None = None,
                                documents: list[DocumentRef] | None = None) -> Application:
    return Application.submit_technical_conditions(
        id=uuid.uuid4(), number="TS-2026-000001", command=command or technical_conditions_command(),
        documents=[document("address_document")] if documents is None else documents,
        catalogue=CATALOGUE, intake=intake())


def submit_meter_installation(command: SubmitMeterInstallationCommand | None = None,
                              subscriber: Subscriber | None = SUBSCRIBER_WITHOUT_METER) -> Application:
    return Application.submit_meter_installation(
        id=uuid.uuid4(), number="SQ-2026-000001", command=command or meter_installation_command(),
        subscriber=subscriber, catalogue=CATALOGUE, intake=intake())


def submitted(kind: Kind) -> Application:
    return submit_technical_conditions() if kind is Kind.TECHNICAL_CONDITIONS else submit_meter_installation()


def act_for(application: Application, kind: str = "installation") -> MeterActInput | None:
    if application.kind is Kind.TECHNICAL_CONDITIONS:
        return None
    return MeterActInput(kind=kind, meter_serial="AZ-SM-300001", initial_reading=0.0, seal_number="SL-0001")


def result_document_for(application: Application) -> DocumentRef:
    name = "texniki-sert.pdf" if application.kind is Kind.TECHNICAL_CONDITIONS else "akt.png"
    return document("result_document", PDF if application.kind is Kind.TECHNICAL_CONDITIONS else PNG, name)


# --- the commands of the life cycle, each with the event it records -------------------------------


def route(a: Application) -> None:
    a.route(EXECUTING_UNIT[a.kind], CATALOGUE, EMPLOYEE.recorded())


def assign_executors(a: Application) -> None:
    """Each time another executor: an assignment records only the executors it adds."""
    a.assign_executors([{"id": f"emp-{2002 + len(a.executors)}", "name": "Elvin Quliyev"}], EMPLOYEE.recorded())


def add_note(a: Application) -> None:
    a.add_note("Obyektə baxış keçirildi.", True, EMPLOYEE.recorded())


def record_execution(a: Application) -> None:
    a.record_execution(result_document_for(a), act_for(a), EMPLOYEE.recorded())


def answer_fulfilled(a: Application) -> None:
    a.answer(Outcome.FULFILLED, None, CATALOGUE, EMPLOYEE.recorded())


def refuse(a: Application) -> None:
    a.answer(Outcome.REFUSED, REFUSAL_REASON[a.kind], CATALOGUE, EMPLOYEE.recorded())


def withdraw(a: Application) -> None:
    a.withdraw(APPLICANT.recorded())


def request_information(a: Application) -> None:
    a.request_information("Çıxarışın oxunaqlı surətini əlavə edin.", 5, date(2026, 4, 8), EMPLOYEE.recorded())


def provide_information(a: Application) -> None:
    a.provide_information("Əlavə edildi.", [document("information_document")], APPLICANT.recorded())


def extend_deadline(a: Application) -> None:
    a.extend_deadline(5, "Ərazidə əlavə baxış lazımdır.", TERMS, SUPERVISOR.recorded())


COMMANDS: dict[str, tuple[Callable[[Application], None], str, Actor]] = {
    "route": (route, "Routed", EMPLOYEE),
    "assign_executors": (assign_executors, "ExecutorAssigned", EMPLOYEE),
    "add_note": (add_note, "NoteAdded", EMPLOYEE),
    "record_execution": (record_execution, "Executed", EMPLOYEE),
    "answer_fulfilled": (answer_fulfilled, "Answered", EMPLOYEE),
    "refuse": (refuse, "Answered", EMPLOYEE),
    "withdraw": (withdraw, "Withdrawn", APPLICANT),
    "request_information": (request_information, "InformationRequested", EMPLOYEE),
    "provide_information": (provide_information, "InformationProvided", APPLICANT),
    "extend_deadline": (extend_deadline, "DeadlineExtended", SUPERVISOR),
}

# How an application reaches each state, from its submission.
PATHS: dict[str, list[Callable[[Application], None]]] = {
    "registered": [],
    "in_progress": [route, assign_executors],
    "executed": [route, assign_executors, record_execution],
    "answered_fulfilled": [route, assign_executors, record_execution, answer_fulfilled],
    "answered_refused": [route, refuse],
    "withdrawn": [withdraw],
    "withdrawn_in_progress": [route, withdraw],
    "waiting_for_applicant": [route, request_information],
    "answered_by_applicant": [route, assign_executors, request_information, provide_information],
    "refused_while_waiting": [route, request_information, refuse],
    "withdrawn_while_waiting": [route, request_information, withdraw],
}

ALLOWED: dict[str, set[str]] = {
    "registered": {"route", "withdraw", "extend_deadline"},
    "in_progress": {"assign_executors", "add_note", "record_execution", "refuse", "withdraw", "request_information",
                    "extend_deadline"},
    "executed": {"answer_fulfilled", "extend_deadline"},
    "answered_fulfilled": set(),
    "answered_refused": set(),
    "withdrawn": set(),
    "withdrawn_in_progress": set(),
    "waiting_for_applicant": {"add_note", "provide_information", "refuse", "withdraw", "extend_deadline"},
    "answered_by_applicant": {"assign_executors", "add_note", "record_execution", "refuse", "withdraw",
                              "request_information", "extend_deadline"},
    "refused_while_waiting": set(),
    "withdrawn_while_waiting": set(),
}

# None: the command leaves the status as it was (a note, an extension).
STATUS_AFTER = {"route": Status.IN_PROGRESS, "assign_executors": Status.IN_PROGRESS, "add_note": None,
                "record_execution": Status.EXECUTED, "answer_fulfilled": Status.ANSWERED, "refuse": Status.ANSWERED,
                "withdraw": Status.WITHDRAWN, "request_information": Status.WAITING_FOR_APPLICANT,
                "provide_information": Status.IN_PROGRESS, "extend_deadline": None}


def application_in(state: str, kind: Kind) -> Application:
    """An application brought to `state`, with its pending events already collected (as if saved)."""
    application = submitted(kind)
    for step in PATHS[state]:
        step(application)
    application.collect_events()
    return application


def cases(allowed: bool) -> list:
    return [pytest.param(state, command, kind, id=f"{kind.value}-{state}-{command}")
            for kind in Kind for state, permitted in ALLOWED.items() for command in COMMANDS
            if (command in permitted) is allowed]


def assert_refused_and_nothing_recorded(application: Application, action: Callable[[], None],
                                        error: type[CaseError], code: str) -> CaseError:
    version, status = application.version, application.status
    with pytest.raises(error) as refusal:
        action()
    assert refusal.value.code == code
    assert application.collect_events() == []
    assert (application.version, application.status) == (version, status)
    return refusal.value


# --- the transition table --------------------------------------------------------------------------


@pytest.mark.parametrize(("state", "command", "kind"), cases(allowed=True))
def test_every_allowed_transition_records_one_past_tense_event_with_who_did_it(state, command, kind):
    application = application_in(state, kind)
    version, status = application.version, application.status
    act, event_name, actor = COMMANDS[command]

    act(application)

    [event] = application.collect_events()
    assert type(event).__name__ == event_name
    assert event.context == actor.recorded()
    assert event.originator_id == application.id
    assert event.originator_version == application.version == version + 1
    assert application.status is (STATUS_AFTER[command] or status)


@pytest.mark.parametrize(("state", "command", "kind"), cases(allowed=False))
def test_every_command_that_does_not_fit_the_status_is_refused_and_records_nothing(state, command, kind):
    application = application_in(state, kind)
    act, _, _ = COMMANDS[command]
    assert_refused_and_nothing_recorded(application, lambda: act(application),
                                        TransitionNotAllowedError, "transition-not-allowed")


def test_the_transition_table_covers_every_status_of_the_domain():
    reached = {application_in(state, Kind.METER_INSTALLATION).status for state in PATHS}
    assert reached == set(Status)


def test_the_refusal_names_the_action_and_the_current_status():
    application = application_in("withdrawn", Kind.TECHNICAL_CONDITIONS)
    refusal = assert_refused_and_nothing_recorded(application, lambda: refuse(application),
                                                  TransitionNotAllowedError, "transition-not-allowed")
    assert refusal.status == Status.WITHDRAWN
    assert "withdrawn" in refusal.detail


# --- submission: technical conditions ----------------------------------------------------------------


def test_a_technical_conditions_request_is_registered_with_the_applicant_from_the_sign_in():
    application = submit_technical_conditions()

    [event] = application.collect_events()
    assert type(event).__name__ == "Submitted"
    assert application.version == 1
    assert (application.status, application.kind, application.number) == (
        Status.REGISTERED, Kind.TECHNICAL_CONDITIONS, "TS-2026-000001")
    assert event.applicant == CITIZEN.model_dump()
    assert event.context == APPLICANT.recorded()
    assert (event.context["portal"], event.context["sign_in_method"]) == ("e-gov", "asan_imza")


def test_a_technical_conditions_request_records_the_form_and_arrives_at_its_district_unit():
    application = submit_technical_conditions()
    assert application.details == {
        "purpose": "individual_house", "place": "Biləcəri qəsəbəsi", "place_not_in_list": False, "address_text": None,
        "house_number": "12", "house_number_part": "A", "on_behalf_of_another": False}
    assert application.contact == {"phone": "+994501234567", "email": "resad.aliyev@example.az"}
    assert (application.district, application.intake_unit) == ("BIN", "BIN")
    assert [d["role"] for d in application.documents] == ["address_document"]
    assert application.documents[0]["media_type"] == "application/pdf"


def test_a_technical_conditions_request_is_refused_until_the_data_is_confirmed():
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(technical_conditions_command(confirmed=False))
    assert (refusal.value.code, refusal.value.field) == ("missing-information", "confirmed")


@pytest.mark.parametrize("purpose", ["garden_house", "individual_house"])
def test_each_purpose_of_the_list_is_accepted(purpose):
    assert submit_technical_conditions(technical_conditions_command(purpose=purpose)).details["purpose"] == purpose


@pytest.mark.parametrize(("field", "value"), [("purpose", "factory"), ("district", "XYZ")])
def test_a_purpose_or_district_outside_the_lists_is_refused(field, value):
    with pytest.raises(InvalidReferenceError) as refusal:
        submit_technical_conditions(technical_conditions_command(**{field: value}))
    assert (refusal.value.code, refusal.value.field) == ("invalid-reference", field)


def test_a_place_of_another_district_is_refused_with_the_hint_to_type_the_address():
    command = technical_conditions_command(district="BIN", place="Füzuli küçəsi")
    with pytest.raises(InvalidReferenceError) as refusal:
        submit_technical_conditions(command)
    assert refusal.value.field == "place"
    assert "place_not_in_list" in refusal.value.detail


def test_a_place_of_the_list_is_recognised_however_its_capitals_are_typed():
    command = technical_conditions_command(place="BİLƏCƏRİ QƏSƏBƏSİ")
    assert submit_technical_conditions(command).status is Status.REGISTERED


def test_the_district_decides_which_places_are_accepted():
    command = technical_conditions_command(district="NSM", place="Füzuli küçəsi")
    application = submit_technical_conditions(command)
    assert (application.district, application.intake_unit) == ("NSM", "NSM")


def test_a_missing_place_is_refused_unless_the_not_in_list_box_is_ticked():
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(technical_conditions_command(place=None))
    assert refusal.value.field == "place"


def test_a_place_not_in_the_list_is_accepted_as_typed_text():
    command = technical_conditions_command(place=None, place_not_in_list=True, address_text="Yeni yaşayış massivi, 3-cü döngə")
    application = submit_technical_conditions(command)
    assert application.details["place_not_in_list"] is True
    assert application.details["address_text"] == "Yeni yaşayış massivi, 3-cü döngə"


def test_ticking_not_in_list_without_typing_the_address_is_refused():
    command = technical_conditions_command(place=None, place_not_in_list=True, address_text="   ")
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(command)
    assert refusal.value.field == "address_text"


@pytest.mark.parametrize("part", [None, "", "B", "2/1"])
def test_the_second_part_of_the_house_number_is_optional(part):
    application = submit_technical_conditions(technical_conditions_command(house_number="147", house_number_part=part))
    assert (application.details["house_number"], application.details["house_number_part"]) == ("147", part)


def test_a_request_without_the_address_document_is_refused():
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(documents=[])
    assert (refusal.value.code, refusal.value.field) == ("missing-information", "address_document")


@pytest.mark.parametrize(("content", "media_type"), [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")])
def test_the_address_document_may_be_a_pdf_jpeg_or_png(content, media_type):
    application = submit_technical_conditions(documents=[document("address_document", content, "sənəd")])
    assert application.documents[0]["media_type"] == media_type


def test_applying_for_someone_else_needs_a_power_of_attorney():
    command = technical_conditions_command(on_behalf_of_another=True)
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(command, [document("address_document")])
    assert refusal.value.field == "power_of_attorney"


def test_applying_for_someone_else_with_a_power_of_attorney_records_both_documents():
    command = technical_conditions_command(on_behalf_of_another=True)
    documents = [document("address_document"), document("power_of_attorney", JPEG, "etibarnamə.jpg")]
    application = submit_technical_conditions(command, documents)
    assert application.details["on_behalf_of_another"] is True
    assert [(d["role"], d["media_type"]) for d in application.documents] == [
        ("address_document", "application/pdf"), ("power_of_attorney", "image/jpeg")]


def test_a_power_of_attorney_on_ones_own_application_is_refused_so_the_intent_is_explicit():
    documents = [document("address_document"), document("power_of_attorney", JPEG, "etibarnamə.jpg")]
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(technical_conditions_command(on_behalf_of_another=False), documents)
    assert refusal.value.field == "on_behalf_of_another"


def test_a_power_of_attorney_does_not_replace_the_address_document():
    command = technical_conditions_command(on_behalf_of_another=True)
    with pytest.raises(MissingInformationError) as refusal:
        submit_technical_conditions(command, [document("power_of_attorney")])
    assert refusal.value.field == "address_document"


# --- submission: meter installation -------------------------------------------------------------------


def test_a_meter_installation_request_is_registered_for_the_subscriber_and_their_district():
    application = submit_meter_installation()

    [event] = application.collect_events()
    assert type(event).__name__ == "Submitted"
    assert event.context == APPLICANT.recorded()
    assert (application.kind, application.status, application.number) == (
        Kind.METER_INSTALLATION, Status.REGISTERED, "SQ-2026-000001")
    assert (application.district, application.intake_unit) == ("BIN", "BIN")
    assert application.details["subscriber"] == SUBSCRIBER_WITHOUT_METER.as_dict()
    assert application.details["reason"] == "new_meter"
    assert application.details["description"] == "Həyətdə yeni sayğac quraşdırılması xahiş olunur."
    assert application.contact == {"phone": "+994557654321", "email": "resad.aliyev@example.az"}
    assert application.documents == []


def test_an_unknown_subscriber_code_is_refused():
    with pytest.raises(UnknownSubscriberError) as refusal:
        submit_meter_installation(meter_installation_command(subscriber_code="9999999999"), subscriber=None)
    assert refusal.value.code == "unknown-subscriber"
    assert "9999999999" in refusal.value.detail


def test_a_subscriber_with_an_active_meter_must_confirm_they_want_an_additional_one():
    command = meter_installation_command(subscriber_code="1001234568", reason="additional_meter")
    with pytest.raises(AdditionalMeterNotConfirmedError) as refusal:
        submit_meter_installation(command, SUBSCRIBER_WITH_METER)
    assert refusal.value.code == "additional-meter-not-confirmed"


def test_a_confirmed_additional_meter_is_registered():
    command = meter_installation_command(subscriber_code="1001234568", reason="additional_meter", confirm_additional_meter=True)
    application = submit_meter_installation(command, SUBSCRIBER_WITH_METER)
    assert application.details["confirm_additional_meter"] is True
    assert (application.district, application.intake_unit) == ("NSM", "NSM")


def test_a_subscriber_without_an_active_meter_needs_no_confirmation():
    assert submit_meter_installation(meter_installation_command(confirm_additional_meter=False)).status is Status.REGISTERED


@pytest.mark.parametrize("reason", [r["code"] for r in CATALOGUE.items("meter_installation_reasons")])
def test_every_template_reason_of_the_list_is_accepted_for_a_subscriber_it_fits(reason):
    subscriber = SUBSCRIBER_WITHOUT_METER if METER_REASON_RULES[reason].without_a_meter else SUBSCRIBER_WITH_METER
    command = meter_installation_command(reason=reason, subscriber_code=subscriber.code, confirm_additional_meter=True)
    assert submit_meter_installation(command, subscriber).details["reason"] == reason


def test_a_reason_outside_the_template_list_is_refused():
    with pytest.raises(InvalidReferenceError) as refusal:
        submit_meter_installation(meter_installation_command(reason="free_meter"))
    assert refusal.value.field == "reason"


# --- the employee's work: rules beyond the status ------------------------------------------------------


def test_routing_forwards_the_case_to_the_executing_unit():
    application = application_in("registered", Kind.TECHNICAL_CONDITIONS)
    route(application)
    [event] = application.collect_events()
    assert event.unit == "TSS"
    assert application.executing_unit == "TSS"
    assert application.is_handled_by("TSS") and application.is_handled_by("BIN")
    assert not application.is_handled_by("NSM")


@pytest.mark.parametrize("state", ["registered", "in_progress"])
def test_a_caller_without_a_unit_handles_no_case(state):
    assert not application_in(state, Kind.TECHNICAL_CONDITIONS).is_handled_by(None)


def test_routing_an_already_routed_application_again_is_refused():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    assert_refused_and_nothing_recorded(application, lambda: application.route("BIN", CATALOGUE, EMPLOYEE.recorded()),
                                        TransitionNotAllowedError, "transition-not-allowed")
    assert application.executing_unit == "SQS"


@pytest.mark.parametrize(("kind", "unit"), [(Kind.TECHNICAL_CONDITIONS, "BIN"), (Kind.TECHNICAL_CONDITIONS, "SQS"),
                                            (Kind.METER_INSTALLATION, "TSS"), (Kind.METER_INSTALLATION, "NOPE")])
def test_routing_to_a_unit_that_does_not_execute_this_kind_is_refused(kind, unit):
    application = application_in("registered", kind)
    refusal = assert_refused_and_nothing_recorded(
        application, lambda: application.route(unit, CATALOGUE, EMPLOYEE.recorded()), InvalidReferenceError, "invalid-reference")
    assert refusal.field == "unit"


def test_a_district_unit_may_execute_meter_installations():
    application = application_in("registered", Kind.METER_INSTALLATION)
    application.route("BIN", CATALOGUE, EMPLOYEE.recorded())
    assert (application.status, application.executing_unit) == (Status.IN_PROGRESS, "BIN")


def test_assigning_an_executor_twice_keeps_them_once():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    application.assign_executors([{"id": "emp-2002", "name": "Elvin Quliyev"}, {"id": "emp-3003", "name": "Nigar Əhmədova"}],
                                 EMPLOYEE.recorded())
    assert [e["id"] for e in application.executors] == ["emp-2002", "emp-3003"]


def test_an_assignment_records_only_the_executors_not_assigned_before():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    known = application.executors[0]
    application.assign_executors([known, {"id": "emp-3003", "name": "Nigar Əhmədova"},
                                  {"id": "emp-3003", "name": "Nigar Əhmədova"}], EMPLOYEE.recorded())
    [assigned] = application.collect_events()
    assert assigned.executors == [{"id": "emp-3003", "name": "Nigar Əhmədova"}]


def test_an_assignment_of_executors_all_assigned_already_records_nothing():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    assigned, version = list(application.executors), application.version
    application.assign_executors(assigned, EMPLOYEE.recorded())
    assert (application.collect_events(), application.executors, application.version) == ([], assigned, version)


def test_a_note_records_its_text_and_whether_the_applicant_sees_it():
    application = application_in("in_progress", Kind.TECHNICAL_CONDITIONS)
    application.add_note("Daxili qeyd", False, EMPLOYEE.recorded())
    application.add_note("Sənədlər yoxlanılır", True, EMPLOYEE.recorded())
    assert application.notes == [{"text": "Daxili qeyd", "visible_to_applicant": False},
                                 {"text": "Sənədlər yoxlanılır", "visible_to_applicant": True}]
    assert [type(e).__name__ for e in application.collect_events()] == ["NoteAdded", "NoteAdded"]


def test_technical_conditions_are_executed_with_their_document_and_need_no_executor():
    application = application_in("registered", Kind.TECHNICAL_CONDITIONS)
    route(application)
    application.collect_events()
    record_execution(application)
    [event] = application.collect_events()
    assert event.result_document["role"] == "result_document"
    assert event.act is None
    assert application.result_document == event.result_document


def test_technical_conditions_are_not_executed_with_a_meter_act():
    application = application_in("in_progress", Kind.TECHNICAL_CONDITIONS)
    act = MeterActInput(kind="installation", meter_serial="X", initial_reading=0, seal_number="S")
    refusal = assert_refused_and_nothing_recorded(
        application, lambda: application.record_execution(result_document_for(application), act, EMPLOYEE.recorded()),
        InvalidReferenceError, "invalid-reference")
    assert refusal.field == "act"


def test_a_meter_is_installed_only_after_an_executor_is_assigned():
    application = submitted(Kind.METER_INSTALLATION)
    route(application)
    application.collect_events()
    assert_refused_and_nothing_recorded(application, lambda: record_execution(application),
                                        ExecutorNotAssignedError, "executor-not-assigned")


def test_a_meter_installation_is_executed_with_its_act():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    record_execution(application)
    [event] = application.collect_events()
    assert event.act == {"kind": "installation", "meter_serial": "AZ-SM-300001", "initial_reading": 0.0,
                         "seal_number": "SL-0001"}
    assert application.act == event.act


def test_a_meter_installation_without_its_act_is_refused():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    refusal = assert_refused_and_nothing_recorded(
        application, lambda: application.record_execution(result_document_for(application), None, EMPLOYEE.recorded()),
        MissingInformationError, "missing-information")
    assert refusal.field == "act"


def test_a_new_meter_is_not_recorded_as_a_registration_of_the_subscribers_own_meter():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    refusal = assert_refused_and_nothing_recorded(
        application,
        lambda: application.record_execution(result_document_for(application), act_for(application, "registration"),
                                             EMPLOYEE.recorded()),
        InvalidReferenceError, "invalid-reference")
    assert refusal.field == "act.kind"


def own_meter_application() -> Application:
    application = submit_meter_installation(meter_installation_command(reason="register_own_meter"))
    route(application)
    assign_executors(application)
    application.collect_events()
    return application


def test_the_subscribers_own_meter_is_registered_not_installed():
    application = own_meter_application()
    assert_refused_and_nothing_recorded(
        application,
        lambda: application.record_execution(result_document_for(application), act_for(application, "installation"),
                                             EMPLOYEE.recorded()),
        InvalidReferenceError, "invalid-reference")
    application.record_execution(result_document_for(application), act_for(application, "registration"), EMPLOYEE.recorded())
    assert (application.status, application.act["kind"]) == (Status.EXECUTED, "registration")


# --- answering ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_an_executed_application_is_answered_as_fulfilled_with_its_result(kind):
    application = application_in("executed", kind)
    answer_fulfilled(application)
    [event] = application.collect_events()
    assert (event.outcome, event.reason_code) == ("fulfilled", None)
    assert (application.outcome, application.result_document["role"]) == (Outcome.FULFILLED, "result_document")


def test_a_fulfilled_answer_carries_no_refusal_reason():
    application = application_in("executed", Kind.METER_INSTALLATION)
    application.answer(Outcome.FULFILLED, "no_meter_in_stock", CATALOGUE, EMPLOYEE.recorded())
    assert application.reason_code is None


@pytest.mark.parametrize("kind", list(Kind))
def test_answering_as_fulfilled_without_a_result_document_is_refused(kind):
    application = application_in("in_progress", kind)
    assert_refused_and_nothing_recorded(application, lambda: answer_fulfilled(application),
                                        TransitionNotAllowedError, "transition-not-allowed")
    assert application.result_document is None


@pytest.mark.parametrize("kind", list(Kind))
def test_a_case_that_cannot_be_executed_is_refused_with_its_reason(kind):
    application = application_in("in_progress", kind)
    refuse(application)
    [event] = application.collect_events()
    assert (event.outcome, event.reason_code) == ("refused", REFUSAL_REASON[kind])
    assert (application.status, application.outcome) == (Status.ANSWERED, Outcome.REFUSED)


@pytest.mark.parametrize("reason_code", [None, ""])
def test_a_refusal_without_a_reason_code_is_refused(reason_code):
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    refusal = assert_refused_and_nothing_recorded(
        application, lambda: application.answer(Outcome.REFUSED, reason_code, CATALOGUE, EMPLOYEE.recorded()),
        MissingInformationError, "missing-information")
    assert refusal.field == "reason_code"


@pytest.mark.parametrize("kind", list(Kind))
def test_a_refusal_reason_of_the_other_service_or_unknown_is_refused(kind):
    application = application_in("in_progress", kind)
    for reason_code in (FOREIGN_REFUSAL_REASON[kind], "no_reason_at_all"):
        refusal = assert_refused_and_nothing_recorded(
            application, lambda code=reason_code: application.answer(Outcome.REFUSED, code, CATALOGUE, EMPLOYEE.recorded()),
            InvalidReferenceError, "invalid-reference")
        assert refusal.field == "reason_code"


def test_answering_a_withdrawn_application_is_refused_and_records_nothing():
    application = application_in("withdrawn_in_progress", Kind.METER_INSTALLATION)
    assert_refused_and_nothing_recorded(application, lambda: refuse(application),
                                        TransitionNotAllowedError, "transition-not-allowed")


def test_withdrawing_after_the_answer_is_refused():
    application = application_in("answered_fulfilled", Kind.TECHNICAL_CONDITIONS)
    assert_refused_and_nothing_recorded(application, lambda: withdraw(application),
                                        TransitionNotAllowedError, "transition-not-allowed")
    assert application.outcome is Outcome.FULFILLED


# --- optimistic concurrency ----------------------------------------------------------------------------


def test_a_command_decided_on_an_older_version_is_refused():
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    with pytest.raises(StaleVersionError) as refusal:
        application.check_version(application.version - 1)
    assert (refusal.value.code, refusal.value.actual) == ("stale-version", application.version)


@pytest.mark.parametrize("expected", ["current", None])
def test_the_current_version_or_none_passes_the_version_check(expected):
    application = application_in("in_progress", Kind.METER_INSTALLATION)
    application.check_version(application.version if expected == "current" else None)


# --- the events replay to the same state ---------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
def test_replaying_the_recorded_events_rebuilds_the_same_application(kind):
    application = submitted(kind)
    for step in (route, assign_executors, add_note, record_execution, answer_fulfilled):
        step(application)
    events = application.collect_events()

    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)

    assert rebuilt.__dict__ == application.__dict__
    assert [type(e).__name__ for e in events] == [
        "Submitted", "Routed", "ExecutorAssigned", "NoteAdded", "Executed", "Answered"]
