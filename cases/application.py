"""The citizen's application (müraciət): its events and the rules of each transition.

    Submitted ──► Routed ──► (ExecutorAssigned, NoteAdded)* ──► Executed ──► Answered
        │            │   └──────── not executable: refused with a reason ────────┘
        │            └──► InformationRequested ──► InformationProvided ──► (back to work)
        │                     (the clock stops)  └──► refused: no answer within the request's term
        └──► Withdrawn (by the citizen, while not yet executed)

A supervisor may extend an open case's term (DeadlineExtended), a limited number of times.

Event payloads hold only JSON values (str, int, float, bool, list, dict), so the
same payload can be published to downstream systems unchanged.

Every event is sealed when it is made: `previous_hash` is the hash of the application's event
before it, `hash` covers the event itself (cases/integrity.py, docs/integrity.md). Class version
2 added those two fields; version-1 events load with both None (docs/event-versioning.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, get_args
from uuid import UUID

from eventsourcing.domain import Aggregate, CanInitAggregate, CanMutateAggregate, TAggregate

from cases import integrity
from cases.documents import DocumentRef
from cases.errors import (
    AdditionalMeterNotConfirmedError,
    ApplicantTermNotOverError,
    ExecutorNotAssignedError,
    ExtensionLimitReachedError,
    ExtensionTooLongError,
    InvalidReferenceError,
    MeterReasonDoesNotFitError,
    MissingInformationError,
    NoResultDocumentError,
    ResultNotReadyError,
    StaleVersionError,
    TransitionNotAllowedError,
    UnknownSubscriberError,
)
from cases.reference import Catalogue
from cases.scope import is_case_of_unit
from cases.subscribers import Subscriber
from schemas.commands import (
    MeterActInput,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.event_payloads import CONTRACTS, EventPayload, JsonObject


class Kind(StrEnum):
    TECHNICAL_CONDITIONS = "technical_conditions"
    METER_INSTALLATION = "meter_installation"


class Status(StrEnum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    WAITING_FOR_APPLICANT = "waiting_for_applicant"
    EXECUTED = "executed"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"


class Outcome(StrEnum):
    FULFILLED = "fulfilled"
    REFUSED = "refused"


NUMBER_PREFIX = {Kind.TECHNICAL_CONDITIONS: "TS", Kind.METER_INSTALLATION: "SQ"}
OWN_METER_REASON = "register_own_meter"
NO_ANSWER_REASON = "no_answer_from_applicant"
OPEN = (Status.REGISTERED, Status.IN_PROGRESS, Status.WAITING_FOR_APPLICANT, Status.EXECUTED)


def upcast_unsealed(state: JsonObject) -> None:
    """Version 1 → 2: events recorded before the hash chain have no place in it yet."""
    state.setdefault("previous_hash", None)
    state.setdefault("hash", None)


if TYPE_CHECKING:
    # The mixin below is only ever combined with one of the library's aggregate events (whose
    # metaclass makes each a dataclass): type-checked as one, so what it reads of them is typed.
    _AggregateEvent = CanMutateAggregate[UUID]
else:
    _AggregateEvent = object


class ApplicationEvent(_AggregateEvent):
    """What every event of an application carries, declared once: its stable topic, its class
    version (2, the hash chain) with the upcaster from version 1, who did it (`context`), and its
    place in the hash chain. An event class then declares only its own facts and how it applies.

    The shared fields come after the event's own, as they always have, so new events are stored
    with the same JSON as before."""

    TOPIC_PREFIX = "azersu.cases:Application."
    SHARED_FIELDS = {"context": "dict", "previous_hash": "str | None", "hash": "str | None"}
    class_version = 2
    upcast_v1_v2 = staticmethod(upcast_unsealed)
    if TYPE_CHECKING:  # set on each event class below, and by the library's dataclass from SHARED_FIELDS
        TOPIC: ClassVar[str]
        context: JsonObject
        previous_hash: str | None
        hash: str | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if ApplicationEvent in cls.__bases__:  # an event declared here, not the library's copy of one
            own = cls.__dict__.get("__annotations__", {})
            check_fields_are_the_contracts(cls.__name__, set(own))
            cls.TOPIC = ApplicationEvent.TOPIC_PREFIX + cls.__name__  # the name stored events carry
            cls.__annotations__ = {**own, **ApplicationEvent.SHARED_FIELDS}

    def mutate(self, aggregate: TAggregate | None) -> TAggregate | None:
        """The application remembers the hash of its last event, so the next one can be chained to
        it. An event from before the chain (hash None) is linked by the hash it would have had, so
        the first sealed event after it covers it too."""
        previous = _application(aggregate).last_hash if aggregate is not None else integrity.GENESIS
        mutated = super().mutate(aggregate)
        _application(mutated).last_hash = self.hash or integrity.unsealed_link(
            self.originator_id, self.originator_version, type(self).__name__, self.timestamp, payload_of(self), previous)
        return mutated


def _application(aggregate: object) -> Application:
    """The aggregate an application's event mutates: the library types it as any aggregate; the
    events here belong to Application alone (and the library's mutate returns the aggregate)."""
    assert isinstance(aggregate, Application)
    return aggregate


def check_fields_are_the_contracts(name: str, own_fields: set[str]) -> None:
    """An event's own fields are its contract's (schemas.event_payloads), which defines their types; the
    class repeats only their names, in the order they are stored."""
    contract = CONTRACTS[name].payload
    root = contract.model_fields.get("root")
    model = get_args(root.annotation)[0] if root is not None else contract
    expected = set(model.model_fields) - set(EventPayload.model_fields)
    if own_fields != expected:
        raise TypeError(f"Application.{name} declares {sorted(own_fields)}, its contract {sorted(expected)}")


def payload_of(event: object) -> JsonObject:
    return {k: v for k, v in vars(event).items() if k not in integrity.ENVELOPE_FIELDS}


class Application(Aggregate, created_event_name="Submitted"):
    """One citizen's application, from its registration to its answer."""

    # Stable topics (the library registers them): stored events keep resolving
    # when modules move or classes are renamed.
    TOPIC = "azersu.cases:Application"

    class Created(Aggregate.Created):
        TOPIC = "azersu.cases:Application.Created"

    class Submitted(ApplicationEvent, Aggregate.Created):
        number: str
        kind: str
        applicant: JsonObject
        details: JsonObject
        contact: JsonObject
        documents: list[JsonObject]
        district: str
        intake_unit: str
        fingerprint: str

    class Routed(ApplicationEvent, Aggregate.Event):
        unit: str

        def apply(self, application: Application) -> None:
            application.status = Status.IN_PROGRESS
            application.executing_unit = self.unit

    class ExecutorAssigned(ApplicationEvent, Aggregate.Event):
        executors: list[JsonObject]

        def apply(self, application: Application) -> None:
            # Recorded before the event named only new executors, an event may repeat one: skip it.
            application.executors += application.not_yet_assigned(self.executors)

    class NoteAdded(ApplicationEvent, Aggregate.Event):
        text: str
        visible_to_applicant: bool

        def apply(self, application: Application) -> None:
            application.notes.append({"text": self.text, "visible_to_applicant": self.visible_to_applicant})

    class Executed(ApplicationEvent, Aggregate.Event):
        result_document: JsonObject
        act: JsonObject | None

        def apply(self, application: Application) -> None:
            application.status = Status.EXECUTED
            application.result_document = self.result_document
            application.act = self.act

    class Answered(ApplicationEvent, Aggregate.Event):
        outcome: str
        reason_code: str | None

        def apply(self, application: Application) -> None:
            application.status = Status.ANSWERED
            application.outcome = Outcome(self.outcome)
            application.reason_code = self.reason_code

    class Withdrawn(ApplicationEvent, Aggregate.Event):

        def apply(self, application: Application) -> None:
            application.status = Status.WITHDRAWN

    class InformationRequested(ApplicationEvent, Aggregate.Event):
        question: str
        answer_within_days: int
        answer_by: str

        def apply(self, application: Application) -> None:
            application.status = Status.WAITING_FOR_APPLICANT
            application.answer_by = self.answer_by

    class InformationProvided(ApplicationEvent, Aggregate.Event):
        text: str | None
        documents: list[JsonObject]

        def apply(self, application: Application) -> None:
            application.status = Status.IN_PROGRESS
            application.answer_by = None
            application.provided_documents += self.documents

    class DeadlineExtended(ApplicationEvent, Aggregate.Event):
        working_days: int
        reason: str

        def apply(self, application: Application) -> None:
            application.extensions += 1

    def __init__(self, id: UUID, number: str, kind: str, applicant: JsonObject, details: JsonObject,
                 contact: JsonObject, documents: list[JsonObject], district: str, intake_unit: str, fingerprint: str,
                 context: JsonObject) -> None:
        self.number = number
        self.kind = Kind(kind)
        self.applicant = applicant
        self.details = details
        self.contact = contact
        self.documents = documents
        self.district = district
        self.intake_unit = intake_unit
        self.fingerprint = fingerprint
        self.status = Status.REGISTERED
        self.executing_unit: str | None = None
        self.executors: list[JsonObject] = []
        self.notes: list[JsonObject] = []
        self.result_document: JsonObject | None = None
        self.act: JsonObject | None = None
        self.outcome: Outcome | None = None
        self.reason_code: str | None = None
        self.answer_by: str | None = None  # while waiting for the applicant: the last day of the request's term
        self.provided_documents: list[JsonObject] = []
        self.extensions = 0
        self.last_hash = integrity.GENESIS  # set to the Submitted event's own hash as soon as it applies

    # --- the hash chain ---------------------------------------------------------------------------

    @classmethod
    def _create(cls, event_class: type[CanInitAggregate[UUID]], *, id: UUID | None = None, **fields: Any) -> Self:
        """Every way of creating an application comes here; its first event is sealed to GENESIS."""
        if id is None:  # each way gives the id it numbered or derived; the hash covers it
            raise TypeError("an application is created with its id")
        timestamp = event_class.create_timestamp()
        sealed = integrity.seal(id, cls.INITIAL_VERSION, event_class.__name__, timestamp, fields, integrity.GENESIS)
        return super()._create(event_class, id=id, timestamp=timestamp, **sealed)

    def trigger_event(self, event_class: type[CanMutateAggregate[UUID]], **fields: Any) -> None:
        """Seals each later event to the one before. The time is chosen here, not by the library,
        because the hash covers it."""
        timestamp = event_class.create_timestamp()
        sealed = integrity.seal(self.id, self.version + 1, event_class.__name__, timestamp, fields, self.last_hash)
        super().trigger_event(event_class, timestamp=timestamp, **sealed)

    # --- submission -----------------------------------------------------------------------

    @classmethod
    def submit_technical_conditions(
        cls, *, id: UUID, number: str, command: SubmitTechnicalConditionsCommand,
        documents: list[DocumentRef], catalogue: Catalogue, intake: JsonObject,
    ) -> Application:
        """Registers a request for the technical conditions of connecting a house."""
        checked = check_technical_conditions(command, documents, catalogue)
        return cls.register(id=id, number=number, checked=checked, intake=intake)

    @classmethod
    def submit_meter_installation(
        cls, *, id: UUID, number: str, command: SubmitMeterInstallationCommand,
        subscriber: Subscriber | None, catalogue: Catalogue, intake: JsonObject,
    ) -> Application:
        """Registers a request to install (or register) a water meter for a subscriber."""
        checked = check_meter_installation(command, subscriber, catalogue)
        return cls.register(id=id, number=number, checked=checked, intake=intake)

    @classmethod
    def register(cls, *, id: UUID, number: str, checked: CheckedSubmission, intake: JsonObject) -> Application:
        """Records a submission its rules have already accepted, under the number reserved for it."""
        return cls(id=id, number=number, kind=checked.kind, details=checked.details, contact=checked.contact,
                   documents=checked.documents, district=checked.district, intake_unit=checked.intake_unit, **intake)

    # --- the employee's work ----------------------------------------------------------------

    def route(self, unit: str, catalogue: Catalogue, context: JsonObject) -> None:
        """Forwards a registered case; a supervisor may also reassign a case in progress to another unit."""
        if not (context.get("role") == "supervisor" and self.status is Status.IN_PROGRESS):
            self.check_status_is(Status.REGISTERED, "route")
        catalogue.unit_for(unit, self.kind)
        self.trigger_event(self.Routed, unit=unit, context=context)

    def assign_executors(self, executors: list[JsonObject], context: JsonObject) -> None:
        """Assigns the executors not assigned yet; the event records only those. Naming only executors
        assigned already (a repeated click) changes nothing, so nothing is recorded."""
        self.check_status_is(Status.IN_PROGRESS, "assign executors to")
        newly_assigned = self.not_yet_assigned(executors)
        if newly_assigned:
            self.trigger_event(self.ExecutorAssigned, executors=newly_assigned, context=context)

    def add_note(self, text: str, visible_to_applicant: bool, context: JsonObject) -> None:
        if self.status is not Status.WAITING_FOR_APPLICANT:  # a note on the wait is as useful as one on the work
            self.check_status_is(Status.IN_PROGRESS, "add a note to")
        self.trigger_event(self.NoteAdded, text=text, visible_to_applicant=visible_to_applicant, context=context)

    def record_execution(self, result_document: DocumentRef, act: MeterActInput | None, context: JsonObject) -> None:
        self.check_status_is(Status.IN_PROGRESS, "record the execution of")
        self.check_act_fits(act)
        if self.kind is Kind.METER_INSTALLATION:
            self.check_executor_assigned()
        self.trigger_event(self.Executed, result_document=result_document.as_dict(),
                           act=act.model_dump() if act else None, context=context)

    def answer(self, outcome: Outcome, reason_code: str | None, catalogue: Catalogue, context: JsonObject,
               today: date | None = None) -> None:
        """Closes the case; `today` (Baku's) decides whether a request's term has passed."""
        if outcome is Outcome.FULFILLED:
            self.check_status_is(Status.EXECUTED, "answer as fulfilled")
            reason_code = None
        else:
            if self.status is not Status.WAITING_FOR_APPLICANT:
                self.check_status_is(Status.IN_PROGRESS, "refuse")
            self.check_refusal_reason(reason_code, catalogue)
            if reason_code == NO_ANSWER_REASON:
                self.check_applicant_term_is_over(today)
        self.trigger_event(self.Answered, outcome=outcome.value, reason_code=reason_code, context=context)

    # --- asking the applicant, and the term ------------------------------------------------------

    def request_information(self, question: str, answer_within_days: int, answer_by: date, context: JsonObject) -> None:
        """Asks the applicant for what is missing: the case waits for them, and its clock stops."""
        self.check_status_is(Status.IN_PROGRESS, "ask the applicant about")
        self.trigger_event(self.InformationRequested, question=question, answer_within_days=answer_within_days,
                           answer_by=answer_by.isoformat(), context=context)

    def provide_information(self, text: str | None, documents: list[DocumentRef], context: JsonObject) -> None:
        """The applicant's answer to a request: words, documents, or both; the clock runs again."""
        self.check_status_is(Status.WAITING_FOR_APPLICANT, "answer a request about")
        if not (text or documents):
            raise MissingInformationError("text", "Write an answer, attach a document, or both.")
        self.trigger_event(self.InformationProvided, text=text or None, documents=[d.as_dict() for d in documents],
                           context=context)

    def extend_deadline(self, working_days: int, reason: str, terms: ExtensionRules, context: JsonObject) -> None:
        """A supervisor adds working days to an open case's term, at most `terms.max_extensions` times."""
        if self.status not in OPEN:
            raise TransitionNotAllowedError("extend the term of", self.status)
        if self.extensions >= terms.max_extensions:
            raise ExtensionLimitReachedError(terms.max_extensions)
        if working_days > terms.extension_max_days:
            raise ExtensionTooLongError(terms.extension_max_days)
        self.trigger_event(self.DeadlineExtended, working_days=working_days, reason=reason, context=context)

    def check_applicant_term_is_over(self, today: date | None) -> None:
        """"No answer from the applicant" only for a case still waiting, once the request's last day has passed."""
        if today is None:
            raise TypeError("refusing for no answer from the applicant needs today's date")
        if self.status is not Status.WAITING_FOR_APPLICANT or self.answer_by is None:
            raise InvalidReferenceError("reason_code", "Refuse for no answer from the applicant only while the case "
                                                       "waits for an answer to a request.")
        if today <= date.fromisoformat(self.answer_by):
            raise ApplicantTermNotOverError(self.answer_by)

    # --- the citizen's withdrawal -------------------------------------------------------------

    def withdraw(self, context: JsonObject) -> None:
        if self.status not in (Status.REGISTERED, Status.IN_PROGRESS, Status.WAITING_FOR_APPLICANT):
            raise TransitionNotAllowedError("withdraw", self.status)
        self.trigger_event(self.Withdrawn, context=context)

    # --- rules ----------------------------------------------------------------------------------

    def check_status_is(self, expected: Status, action: str) -> None:
        if self.status is not expected:
            raise TransitionNotAllowedError(action, self.status)

    def check_version(self, expected: int | None) -> None:
        """Optimistic concurrency: refuse a command decided on an older version."""
        if expected is not None and expected != self.version:
            raise StaleVersionError(expected, self.version)

    def check_result_document_available(self) -> None:
        """Only an application answered as fulfilled has a result document to download."""
        if self.status is Status.ANSWERED and self.outcome is Outcome.REFUSED:
            raise NoResultDocumentError(self.status, "A refused application has no result document: the reason for "
                                                     "the refusal is on its status page and in the answer sent to the citizen.")
        if self.status is Status.WITHDRAWN:
            raise NoResultDocumentError(self.status, "A withdrawn application has no result document.")
        if self.status is not Status.ANSWERED:
            raise ResultNotReadyError(self.status)

    def not_yet_assigned(self, executors: list[JsonObject]) -> list[JsonObject]:
        """The executors not assigned to this case, each once, in the order given."""
        known, newly_assigned = {e["id"] for e in self.executors}, []
        for executor in executors:
            if executor["id"] not in known:
                known.add(executor["id"])
                newly_assigned.append(executor)
        return newly_assigned

    def check_executor_assigned(self) -> None:
        if not self.executors:
            raise ExecutorNotAssignedError()

    def check_act_fits(self, act: MeterActInput | None) -> None:
        """A meter needs its act, of the kind its reason asks for; technical conditions have none."""
        if self.kind is Kind.TECHNICAL_CONDITIONS:
            if act is not None:
                raise InvalidReferenceError("act", "Technical conditions are executed with a document, not a meter act.")
            return
        if act is None:
            raise MissingInformationError("act", "Record the meter installation act (serial, initial reading, seal number).")
        expected = "registration" if self.details["reason"] == OWN_METER_REASON else "installation"
        if act.kind != expected:
            raise InvalidReferenceError("act.kind", f"This application asks for a meter {expected}, not a {act.kind}.")

    def check_refusal_reason(self, reason_code: str | None, catalogue: Catalogue) -> None:
        if not reason_code:
            raise MissingInformationError("reason_code", "A refusal needs a reason code.")
        catalogue.refusal_reason(reason_code, self.kind)

    def is_owned_by(self, fin: str) -> bool:
        owner: str = self.applicant["fin"]
        return owner == fin

    def is_handled_by(self, unit: str | None) -> bool:
        return is_case_of_unit(unit, self.intake_unit, self.executing_unit)


class ExtensionRules(Protocol):
    """How far a supervisor may extend a term (cases.deadlines.Terms)."""

    @property
    def max_extensions(self) -> int: ...

    @property
    def extension_max_days(self) -> int: ...


@dataclass(frozen=True)
class CheckedSubmission:
    """A submission every rule has accepted: what its `Submitted` event will record, but for the
    number and the intake. The confirmation step shows it; the submission numbers and records it."""

    kind: Kind
    details: JsonObject
    contact: JsonObject
    documents: list[JsonObject]
    district: str
    intake_unit: str


def check_technical_conditions(command: SubmitTechnicalConditionsCommand, documents: list[DocumentRef],
                               catalogue: Catalogue) -> CheckedSubmission:
    """Every rule of a technical-conditions request, checked before a number is reserved for it."""
    check_data_confirmed(command.confirmed)
    catalogue.purpose(command.purpose)
    catalogue.district(command.district)
    check_address_given(command, catalogue)
    check_power_of_attorney(command.on_behalf_of_another, documents)
    details = command.model_dump(include={
        "purpose", "place", "place_not_in_list", "address_text", "house_number",
        "house_number_part", "on_behalf_of_another"})
    return CheckedSubmission(kind=Kind.TECHNICAL_CONDITIONS, details=details,
                             contact={"phone": command.phone, "email": command.email},
                             documents=[d.as_dict() for d in documents], district=command.district,
                             intake_unit=catalogue.intake_unit(command.district))


def check_meter_installation(command: SubmitMeterInstallationCommand, subscriber: Subscriber | None,
                             catalogue: Catalogue) -> CheckedSubmission:
    """Every rule of a meter-installation request, checked before a number is reserved for it."""
    if subscriber is None:
        raise UnknownSubscriberError(command.subscriber_code)
    catalogue.meter_reason(command.reason)
    rule = check_reason_fits_the_register(command.reason, subscriber)
    if rule.adds_a_meter:
        check_additional_meter_confirmed(subscriber, command.confirm_additional_meter)
    details = command.model_dump(include={"subscriber_code", "reason", "confirm_additional_meter", "description"})
    details |= {"subscriber": subscriber.as_dict()}
    return CheckedSubmission(kind=Kind.METER_INSTALLATION, details=details,
                             contact={"phone": command.phone, "email": command.email}, documents=[],
                             district=subscriber.district, intake_unit=catalogue.intake_unit(subscriber.district))


def check_data_confirmed(confirmed: bool) -> None:
    if not confirmed:
        raise MissingInformationError("confirmed", "Confirm that the data is correct (confirmed=true).")


def check_address_given(command: SubmitTechnicalConditionsCommand, catalogue: Catalogue) -> None:
    """A place from the district's list, or, when it is not there, the address typed in."""
    if command.place_not_in_list:
        if not command.address_text:
            raise MissingInformationError("address_text", "Type the address when the place is not in the list.")
    elif not command.place:
        raise MissingInformationError("place", "Choose the street, settlement or village, or tick place_not_in_list.")
    else:
        catalogue.check_place(command.district, command.place)


def check_power_of_attorney(on_behalf_of_another: bool, documents: list[DocumentRef]) -> None:
    has_power_of_attorney = any(d.role == "power_of_attorney" for d in documents)
    if on_behalf_of_another and not has_power_of_attorney:
        raise MissingInformationError(
            "power_of_attorney", "Applying on another person's behalf needs a power of attorney (etibarnamə).")
    if has_power_of_attorney and not on_behalf_of_another:
        raise MissingInformationError(
            "on_behalf_of_another", "A power of attorney was attached: say the application is on another's behalf.")
    if not any(d.role == "address_document" for d in documents):
        raise MissingInformationError("address_document", "Attach the legal document proving the address.")


@dataclass(frozen=True)
class MeterReasonRule:
    """Which subscribers a meter reason fits, by what the register says of their meters."""

    without_a_meter: bool  # the subscriber has no active meter
    with_a_meter: bool  # the subscriber has one or more
    adds_a_meter: bool  # with an active meter, the citizen confirms that another one is wanted


# The manual: with an active meter the citizen continues only to ask for an additional meter, and a
# replacement (faulty, or its verification expired) needs a meter to replace; a meter the subscriber
# installed at their own cost is registered either way. Without any meter, nothing can be added to
# or replaced: a new meter, or registering one's own.
METER_REASON_RULES = {
    "new_meter": MeterReasonRule(without_a_meter=True, with_a_meter=False, adds_a_meter=True),
    "additional_meter": MeterReasonRule(without_a_meter=False, with_a_meter=True, adds_a_meter=True),
    "faulty_meter": MeterReasonRule(without_a_meter=False, with_a_meter=True, adds_a_meter=False),
    "verification_expired": MeterReasonRule(without_a_meter=False, with_a_meter=True, adds_a_meter=False),
    OWN_METER_REASON: MeterReasonRule(without_a_meter=True, with_a_meter=True, adds_a_meter=True),
}


def check_reason_fits_the_register(reason: str, subscriber: Subscriber) -> MeterReasonRule:
    """The reason checked against the subscriber's active meters, as the register has them."""
    rule = METER_REASON_RULES.get(reason)
    if rule is None:
        raise InvalidReferenceError("reason", f"The meter reason {reason} has no rule for which subscribers it fits.")
    if subscriber.active_meters and not rule.with_a_meter:
        raise MeterReasonDoesNotFitError(
            f"Subscriber {subscriber.code} already has an active meter: ask for an additional meter "
            "(additional_meter), or for a faulty or expired one to be replaced (faulty_meter, verification_expired).")
    if not subscriber.active_meters and not rule.without_a_meter:
        raise MeterReasonDoesNotFitError(
            f"Subscriber {subscriber.code} has no active meter, so there is none to add to or replace: "
            "ask for a new meter (new_meter), or register one installed at your own cost (register_own_meter).")
    return rule


def check_additional_meter_confirmed(subscriber: Subscriber, confirmed: bool) -> None:
    if subscriber.active_meters and not confirmed:
        raise AdditionalMeterNotConfirmedError(len(subscriber.active_meters))


EVENT_CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (Application.Submitted, Application.Routed, Application.ExecutorAssigned,
                Application.NoteAdded, Application.Executed, Application.Answered, Application.Withdrawn,
                Application.InformationRequested, Application.InformationProvided, Application.DeadlineExtended)
}
