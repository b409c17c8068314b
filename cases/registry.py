"""The case registry: the use cases of both e-services, over the event store.

The library's `eventsourcing.application.Application` is the service that stores
and loads aggregates; here it is the case registry, so that "Application" means
one thing only: the citizen's application.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application as EventSourcedService
from eventsourcing.domain import CanMutateAggregate
from eventsourcing.persistence import IntegrityError, Recording, StoredEvent

from cases.application import (
    NUMBER_PREFIX,
    Application,
    CheckedSubmission,
    Kind,
    Outcome,
    Status,
    check_meter_installation,
    check_technical_conditions,
)
from cases.application_ids import ApplicationIds
from cases.calendar import baku_date
from cases.deadlines import Deadlines
from cases.documents import DocumentRef, Upload
from cases.errors import (
    ApplicationNotFoundError,
    IdempotencyKeyReusedError,
    InvalidReferenceError,
    StaleVersionError,
)
from cases.ports import (
    Clock,
    DocumentInspector,
    DocumentStore,
    Numbered,
    NumberingRecorder,
    StoredDocument,
    WriterFactory,
)
from cases.quotas import CitizenQuotas
from cases.reference import Catalogue
from cases.scope import may_see_case
from cases.subscribers import SubscriberRegister
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    ExtendDeadlineCommand,
    ProvideInformationCommand,
    RecordExecutionCommand,
    RequestInformationCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.context import Actor, Citizen
from schemas.event_payloads import JsonObject

log = structlog.get_logger()


@dataclass(frozen=True)
class Submission:
    """A registered application; `replayed` when a retry returned the first result."""

    application: Application
    replayed: bool = False


class CaseRegistry(EventSourcedService[UUID]):
    """Submits, works and answers applications; every change is one or more stored events."""

    name = "CaseRegistry"

    def __init__(self, env: Mapping[str, str], *, documents: DocumentStore, subscribers: SubscriberRegister,
                 clock: Clock, catalogue: Catalogue, ids: ApplicationIds, inspector: DocumentInspector,
                 writer: WriterFactory[Change], quotas: CitizenQuotas | None = None,
                 deadlines: Deadlines | None = None) -> None:
        super().__init__(env)
        if not isinstance(self.recorder, NumberingRecorder):
            raise TypeError("the event store must number submissions as it records them (cases.ports.NumberingRecorder)")
        self._numbering_recorder: NumberingRecorder = self.recorder
        self.ids = ids
        self.quotas = quotas  # None: no per-citizen limits (the domain's own tests)
        self.documents = documents
        self.inspector = inspector
        self.subscribers = subscribers
        self.clock = clock
        self.catalogue = catalogue
        self._deadlines = deadlines  # None: the domain's own tests of what needs no calendar
        self.followers: list[Callable[[], None]] = []
        self._writer = writer(self._record_together, "event-store-writer")

    def close(self) -> None:
        self._writer.close()
        super().close()

    # --- the citizen's commands, through a portal -------------------------------------------

    def submit_technical_conditions(
        self, command: SubmitTechnicalConditionsCommand, uploads: list[Upload], actor: Actor,
        idempotency_key: str | None = None,
    ) -> Submission:
        """Registers a request for the technical conditions of connecting a house."""
        accepted = [upload.accept(self.inspector) for upload in uploads]
        refs = [ref for ref, _ in accepted]
        checked = check_technical_conditions(command, refs, self.catalogue)
        return self._submit(checked, fingerprint(command, refs), actor, idempotency_key, accepted)

    def confirm_technical_conditions(self, command: SubmitTechnicalConditionsCommand, uploads: list[Upload],
                                     actor: Actor) -> CheckedSubmission:
        """The confirmation step, before the citizen confirms: checks every rule, records nothing."""
        refs = [upload.accept(self.inspector)[0] for upload in uploads]
        checked = check_technical_conditions(command.model_copy(update={"confirmed": True}), refs, self.catalogue)
        self._check_quotas(checked.kind, actor, [(ref, b"") for ref in refs])  # told before confirming
        return checked

    def submit_meter_installation(
        self, command: SubmitMeterInstallationCommand, actor: Actor, idempotency_key: str | None = None,
    ) -> Submission:
        checked = self._checked_meter_installation(command)
        return self._submit(checked, fingerprint(command, []), actor, idempotency_key, [])

    def confirm_meter_installation(self, command: SubmitMeterInstallationCommand, actor: Actor) -> CheckedSubmission:
        """The confirmation step of a meter installation: checks every rule, records nothing."""
        checked = self._checked_meter_installation(command)
        self._check_quotas(checked.kind, actor, [])  # told before confirming, as for technical conditions
        return checked

    def _checked_meter_installation(self, command: SubmitMeterInstallationCommand) -> CheckedSubmission:
        """Every rule of a meter installation, against the subscriber register."""
        return check_meter_installation(command, self.subscribers.find(command.subscriber_code), self.catalogue)

    def withdraw(self, application_id: UUID, actor: Actor) -> Application:
        application = self.application_of_citizen(application_id, actor)
        application.withdraw(actor.recorded())
        return self._save(application)

    def application_of_citizen(self, application_id: UUID, actor: Actor) -> Application:
        """The citizen's own application; someone else's is answered as if it did not exist.

        Ownership is decided from the first event alone, as absence is: someone else's application, however
        long, costs the same one read as an id nobody has, so the time of the answer tells nothing apart."""
        submitted = self._first_event(application_id)
        if submitted is None or actor.citizen is None or submitted.applicant["fin"] != actor.citizen.fin:
            raise ApplicationNotFoundError()
        return self._get(application_id)

    def result_document(self, application_id: UUID, actor: Actor) -> StoredDocument:
        """The result document, once the application is answered as fulfilled."""
        application = self.application_of_citizen(application_id, actor)
        application.check_result_document_available()
        # Answered as fulfilled (checked just above) means executed first, with its result document.
        assert application.result_document is not None
        return self._document(application.result_document["sha256"])

    # --- the employee's commands ----------------------------------------------------------

    def route(self, application_id: UUID, command: RouteCommand, actor: Actor,
              expected_version: int | None = None) -> Application:
        return self._change(application_id, actor, expected_version,
                            lambda a: a.route(command.unit, self.catalogue, actor.recorded()))

    def assign_executors(self, application_id: UUID, command: AssignExecutorsCommand, actor: Actor,
                         expected_version: int | None = None) -> Application:
        executors = [e.model_dump() for e in command.executors]
        return self._change(application_id, actor, expected_version,
                            lambda a: a.assign_executors(executors, actor.recorded()))

    def add_note(self, application_id: UUID, command: AddNoteCommand, actor: Actor,
                 expected_version: int | None = None) -> Application:
        return self._change(application_id, actor, expected_version,
                            lambda a: a.add_note(command.text, command.visible_to_applicant, actor.recorded()))

    def record_execution(self, application_id: UUID, command: RecordExecutionCommand, upload: Upload,
                         actor: Actor, expected_version: int | None = None) -> Application:
        ref, content = upload.accept(self.inspector)
        application = self.case_of_unit(application_id, actor)
        application.check_version(expected_version)
        application.record_execution(ref, command.act, actor.recorded())
        self.documents.put(ref.sha256, ref.media_type, content)
        return self._save(application)

    def answer(self, application_id: UUID, command: AnswerCommand, actor: Actor,
               expected_version: int | None = None) -> Application:
        outcome = Outcome(command.outcome)
        return self._change(application_id, actor, expected_version,
                            lambda a: a.answer(outcome, command.reason_code, self.catalogue, actor.recorded(),
                                               today=baku_date(self.clock.now())))

    # --- asking the applicant, and the term -------------------------------------------------

    def request_information(self, application_id: UUID, command: RequestInformationCommand, actor: Actor,
                            expected_version: int | None = None) -> Application:
        """Asks the applicant for what is missing, within the request's own term in working days."""
        terms = self.deadlines.terms
        within = command.answer_within_days or terms.request_default
        if within > terms.request_max:
            raise InvalidReferenceError("answer_within_days", f"A request gives the applicant at most {terms.request_max} "
                                                              "working days to answer.")
        answer_by = self.deadlines.answer_by(self.clock.now(), within)
        return self._change(application_id, actor, expected_version,
                            lambda a: a.request_information(command.question, within, answer_by, actor.recorded()))

    def provide_information(self, application_id: UUID, command: ProvideInformationCommand, uploads: list[Upload],
                            actor: Actor) -> Application:
        """The applicant's answer, through the portal: documents checked like any upload."""
        application = self.application_of_citizen(application_id, actor)
        application.check_status_is(Status.WAITING_FOR_APPLICANT, "answer a request about")
        accepted = [upload.accept(self.inspector) for upload in uploads]
        size = sum(ref.size for ref, _ in accepted)
        if self.quotas is not None:
            self.quotas.check_uploads(_citizen_of(actor).fin, size, self.clock.now())
        application.provide_information(command.text, [ref for ref, _ in accepted], actor.recorded())
        for ref, content in accepted:  # documents first: no event ever points at missing bytes
            self.documents.put(ref.sha256, ref.media_type, content)
        self._count_uploads(actor, accepted)
        return self._save(application)

    def extend_deadline(self, application_id: UUID, command: ExtendDeadlineCommand, actor: Actor,
                        expected_version: int | None = None) -> Application:
        terms = self.deadlines.terms
        return self._change(application_id, actor, expected_version,
                            lambda a: a.extend_deadline(command.working_days, command.reason, terms, actor.recorded()))

    @property
    def deadlines(self) -> Deadlines:
        if self._deadlines is None:
            raise TypeError("this registry was made without the terms and the working calendar")
        return self._deadlines

    def case_of_unit(self, application_id: UUID, actor: Actor) -> Application:
        """A case of the employee's unit; another unit's case is answered as if it did not exist.
        Supervisors and auditors see every unit's cases (cases.scope)."""
        application = self._get(application_id)
        if not may_see_case(actor, application.intake_unit, application.executing_unit):
            raise ApplicationNotFoundError()
        return application

    def case_document(self, application_id: UUID, sha256: str, actor: Actor) -> StoredDocument:
        """A document of the case: only the hashes the case itself records are reachable."""
        application = self.case_of_unit(application_id, actor)
        recorded = [d["sha256"] for d in application.documents + application.provided_documents]
        if application.result_document:
            recorded.append(application.result_document["sha256"])
        if sha256 not in recorded:
            raise ApplicationNotFoundError()
        return self._document(sha256)

    # --- plumbing ---------------------------------------------------------------------------

    def _submit(self, checked: CheckedSubmission, print_: str, actor: Actor, idempotency_key: str | None,
                accepted: list[tuple[DocumentRef, bytes]]) -> Submission:
        """`checked` has passed every rule already: what is left is to number it and record it."""
        app_id, previous = self._keyed_submission(actor, idempotency_key)
        if previous is not None:
            return Submission(same_submission(previous, print_), replayed=True)
        self._check_quotas(checked.kind, actor, accepted)
        for ref, content in accepted:  # documents first: no event ever points at missing bytes
            self.documents.put(ref.sha256, ref.media_type, content)
        self._count_uploads(actor, accepted)
        pending = PendingSubmission(self, app_id, checked, self._intake(actor, print_))
        try:
            self._writer.submit(pending)
        except IntegrityError:  # the same key arrived twice at once; the first one won, this one spent nothing
            return Submission(same_submission(self._get(app_id), print_), replayed=True)
        # The writer returns once the submission is recorded, and recording it made its application.
        assert pending.application is not None
        return Submission(pending.application)

    def _keyed_submission(self, actor: Actor, idempotency_key: str | None) -> tuple[UUID, Application | None]:
        """The id a submission is recorded under, and the application already recorded for its key, if any:
        under the secret-derived id, or under the legacy one for what earlier releases recorded."""
        if not idempotency_key:
            return uuid.uuid4(), None  # without a key the id is new
        app_id = self.ids.for_submission(actor.portal, actor.subject, idempotency_key)
        previous = self._find(app_id)
        if previous is None:
            previous = self._find(self.ids.legacy(actor.portal, actor.subject, idempotency_key))
        return app_id, previous

    def _check_quotas(self, kind: Kind, actor: Actor, accepted: list[tuple[DocumentRef, bytes]]) -> None:
        if self.quotas is not None:
            self.quotas.check(_citizen_of(actor).fin, kind.value, sum(ref.size for ref, _ in accepted), self.clock.now())

    def _count_uploads(self, actor: Actor, accepted: list[tuple[DocumentRef, bytes]]) -> None:
        if self.quotas is not None:
            self.quotas.record(_citizen_of(actor).fin, sum(ref.size for ref, _ in accepted), self.clock.now())

    def _change(self, application_id: UUID, actor: Actor, expected_version: int | None,
                change: Callable[[Application], None]) -> Application:
        application = self.case_of_unit(application_id, actor)
        application.check_version(expected_version)
        change(application)
        return self._save(application)

    def _save(self, application: Application) -> Application:
        events = application.collect_events()
        if not events:  # the command changed nothing (executors all assigned already): nothing to record
            return application
        try:
            self._writer.submit(events)
        except IntegrityError:
            # Another request recorded a change between our load and our save.
            raise StaleVersionError() from None
        return application

    def _record_together(self, changes: list[Change]) -> list[BaseException | None]:
        """The events of concurrent commands in one transaction; when one of them conflicts, each
        is recorded on its own, so that only the stale one is refused (and spends no number)."""
        try:
            self._insert(changes)
            return [None] * len(changes)
        except IntegrityError as conflict:
            if len(changes) == 1:
                return [conflict]
        return [self._record_alone(events) for events in changes]

    def _record_alone(self, change: Change) -> BaseException | None:
        try:
            self._insert([change])
        except IntegrityError as conflict:
            return conflict
        return None

    def _insert(self, changes: list[Change]) -> None:
        """Submissions take their numbers in the same transaction that records them."""
        numbered = [change.numbered() for change in changes if isinstance(change, PendingSubmission)]
        events = [event for change in changes if not isinstance(change, PendingSubmission) for event in change]
        self._numbering_recorder.insert_numbered([self.mapper.to_stored_event(event) for event in events], numbered)
        self._notify([])

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        """Lets the followers (the views) catch up. The events are already recorded, so a
        follower's failure must not turn the command into an error: it catches up next time."""
        for follow in self.followers:
            try:
                follow()
            except Exception:  # any failure of a follower; the command itself succeeded
                log.exception("follower_failed", follower=getattr(follow, "__qualname__", repr(follow)))

    def _intake(self, actor: Actor, print_: str) -> JsonObject:
        return {"applicant": _citizen_of(actor).model_dump(), "fingerprint": print_, "context": actor.recorded()}

    def head_version(self, application_id: UUID) -> int:
        """The version of the application's last recorded event (0 when there is none): one read of
        the events table's primary key, for the views to tell whether they are behind."""
        last = self.recorder.select_events(application_id, desc=True, limit=1)
        return last[0].originator_version if last else 0

    def _get(self, application_id: UUID) -> Application:
        application = self._find(application_id)
        if application is None:
            raise ApplicationNotFoundError()
        return application

    def _first_event(self, application_id: UUID) -> Application.Submitted | None:
        """The application's first event, by one indexed read of version 1."""
        stored = self.recorder.select_events(application_id, lte=1, limit=1)
        # Version 1 of an application is always its Submitted event (Application._create).
        return cast(Application.Submitted, self.mapper.to_domain_event(stored[0])) if stored else None

    def _find(self, application_id: UUID) -> Application | None:
        try:
            return self.repository.get(application_id)
        except AggregateNotFoundError:
            return None

    def _document(self, sha256: str) -> StoredDocument:
        document = self.documents.get(sha256)
        if document is None:
            raise ApplicationNotFoundError()
        return document


class PendingSubmission:
    """A submission on its way to the event store: its application is made once its series has
    given it a serial, inside the transaction that records it."""

    def __init__(self, registry: CaseRegistry, app_id: UUID, checked: CheckedSubmission, intake: JsonObject) -> None:
        self.registry, self.app_id, self.checked, self.intake = registry, app_id, checked, intake
        self.series = f"{NUMBER_PREFIX[checked.kind]}-{registry.clock.now().year}"
        self.application: Application | None = None

    def numbered(self) -> Numbered:
        return Numbered(self.series, self._events_for)

    def _events_for(self, serial: int) -> list[StoredEvent]:
        self.application = Application.register(
            id=self.app_id, number=f"{self.series}-{serial:06d}", checked=self.checked, intake=self.intake)
        return [self.registry.mapper.to_stored_event(event) for event in self.application.collect_events()]


# A command's events, or a submission still to be numbered.
Change = Sequence[CanMutateAggregate[UUID]] | PendingSubmission


def _citizen_of(actor: Actor) -> Citizen:
    """The citizen who submits: only a citizen's actor (through a portal) reaches a submission."""
    assert actor.citizen is not None  # a submission comes from a signed-in citizen (gateway: SubmitterActor)
    return actor.citizen


def fingerprint(command: SubmitTechnicalConditionsCommand | SubmitMeterInstallationCommand, refs: list[DocumentRef]) -> str:
    canonical = json.dumps([command.model_dump(mode="json"), [r.sha256 for r in refs]], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def same_submission(previous: Application, print_: str) -> Application:
    """A retry returns the first result; the same key with another application is refused."""
    if previous.fingerprint != print_:
        raise IdempotencyKeyReusedError()
    return previous
