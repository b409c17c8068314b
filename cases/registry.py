"""The case registry: the use cases of both e-services, over the event store.

The library's `eventsourcing.application.Application` is the service that stores
and loads aggregates; here it is the case registry, so that "Application" means
one thing only: the citizen's application.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.application import Application as EventSourcedService
from eventsourcing.persistence import IntegrityError, Recording

from cases.application import NUMBER_PREFIX, Application, Kind, Outcome, Status
from cases.batching import Batcher
from cases.documents import DocumentRef, Upload
from cases.errors import (
    ApplicationNotFoundError,
    IdempotencyKeyReusedError,
    StaleVersionError,
    TransitionNotAllowedError,
)
from cases.ports import Clock, DocumentStore, NumberIssuer, StoredDocument
from cases.quotas import CitizenQuotas
from cases.reference import Catalogue
from cases.subscribers import SubscriberRegister
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    RecordExecutionCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.context import Actor

log = structlog.get_logger()

IDEMPOTENCY_NAMESPACE = UUID("6f1c3c2e-7f51-4a8e-9a43-2f0e8a7b9c11")

Build = Callable[[UUID, str], Application]


@dataclass(frozen=True)
class Submission:
    """A registered application; `replayed` when a retry returned the first result."""

    application: Application
    replayed: bool = False


class CaseRegistry(EventSourcedService):
    """Submits, works and answers applications; every change is one or more stored events."""

    name = "CaseRegistry"

    def __init__(self, env: dict, *, documents: DocumentStore, numbers: NumberIssuer,
                 subscribers: SubscriberRegister, clock: Clock, catalogue: Catalogue, quotas: CitizenQuotas | None = None):
        super().__init__(env)
        self.quotas = quotas  # None: no per-citizen limits (the domain's own tests)
        self.documents = documents
        self.numbers = numbers
        self.subscribers = subscribers
        self.clock = clock
        self.catalogue = catalogue
        self.followers: list[Callable[[], None]] = []
        self._writer = Batcher(self._record_together, "event-store-writer")
        self._serials = Batcher(self._reserve_serials, "number-issuer")

    def close(self) -> None:
        self._writer.close()
        self._serials.close()
        super().close()

    # --- the citizen's commands, through a portal -------------------------------------------

    def submit_technical_conditions(
        self, command: SubmitTechnicalConditionsCommand, uploads: list[Upload], actor: Actor,
        idempotency_key: str | None = None,
    ) -> Submission:
        """Registers a request for the technical conditions of connecting a house."""
        accepted = [upload.accept() for upload in uploads]
        refs = [ref for ref, _ in accepted]
        print_ = fingerprint(command, refs)

        def build(app_id: UUID, number: str) -> Application:
            return Application.submit_technical_conditions(
                id=app_id, number=number, command=command, documents=refs, catalogue=self.catalogue,
                intake=self._intake(actor, print_))

        return self._submit(Kind.TECHNICAL_CONDITIONS, build, print_, actor, idempotency_key, accepted)

    def check_technical_conditions(self, command: SubmitTechnicalConditionsCommand, uploads: list[Upload],
                                   actor: Actor) -> Application:
        """The confirmation step, before the citizen confirms: checks every rule, records nothing."""
        refs = [upload.accept()[0] for upload in uploads]
        draft = Application.submit_technical_conditions(
            id=uuid.uuid4(), number="", command=command.model_copy(update={"confirmed": True}), documents=refs,
            catalogue=self.catalogue, intake=self._intake(actor, ""))
        self._check_quotas(Kind.TECHNICAL_CONDITIONS, actor, [(ref, b"") for ref in refs])  # told before confirming
        return draft

    def submit_meter_installation(
        self, command: SubmitMeterInstallationCommand, actor: Actor, idempotency_key: str | None = None,
    ) -> Submission:
        subscriber = self.subscribers.find(command.subscriber_code)
        print_ = fingerprint(command, [])

        def build(app_id: UUID, number: str) -> Application:
            return Application.submit_meter_installation(
                id=app_id, number=number, command=command, subscriber=subscriber,
                catalogue=self.catalogue, intake=self._intake(actor, print_))

        return self._submit(Kind.METER_INSTALLATION, build, print_, actor, idempotency_key, [])

    def withdraw(self, application_id: UUID, actor: Actor) -> Application:
        application = self.application_of_citizen(application_id, actor)
        application.withdraw(actor.recorded())
        return self._save(application)

    def application_of_citizen(self, application_id: UUID, actor: Actor) -> Application:
        """The citizen's own application; someone else's is answered as if it did not exist."""
        application = self._get(application_id)
        if actor.citizen is None or not application.is_owned_by(actor.citizen.fin):
            raise ApplicationNotFoundError()
        return application

    def result_document(self, application_id: UUID, actor: Actor) -> StoredDocument:
        """The result document, once the application is answered as fulfilled."""
        application = self.application_of_citizen(application_id, actor)
        if application.status is not Status.ANSWERED or application.outcome is not Outcome.FULFILLED:
            raise TransitionNotAllowedError("download the result of", application.status)
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
        ref, content = upload.accept()
        application = self.case_of_unit(application_id, actor)
        application.check_version(expected_version)
        application.record_execution(ref, command.act, actor.recorded())
        self.documents.put(ref.sha256, ref.media_type, content)
        return self._save(application)

    def answer(self, application_id: UUID, command: AnswerCommand, actor: Actor,
               expected_version: int | None = None) -> Application:
        outcome = Outcome(command.outcome)
        return self._change(application_id, actor, expected_version,
                            lambda a: a.answer(outcome, command.reason_code, self.catalogue, actor.recorded()))

    def case_of_unit(self, application_id: UUID, actor: Actor) -> Application:
        """A case of the employee's unit; another unit's case is answered as if it did not exist.
        Supervisors and auditors see every unit's cases (gateway.authorization.EVERY_UNIT)."""
        application = self._get(application_id)
        if actor.role not in ("supervisor", "auditor") and not application.is_handled_by(actor.unit):
            raise ApplicationNotFoundError()
        return application

    def case_document(self, application_id: UUID, sha256: str, actor: Actor) -> StoredDocument:
        """A document of the case: only the hashes the case itself records are reachable."""
        application = self.case_of_unit(application_id, actor)
        recorded = [d["sha256"] for d in application.documents]
        if application.result_document:
            recorded.append(application.result_document["sha256"])
        if sha256 not in recorded:
            raise ApplicationNotFoundError()
        return self._document(sha256)

    # --- plumbing ---------------------------------------------------------------------------

    def _submit(self, kind: Kind, build: Build, print_: str, actor: Actor, idempotency_key: str | None,
                accepted: list[tuple[DocumentRef, bytes]]) -> Submission:
        app_id = application_id_for(actor, idempotency_key)
        previous = self._find(app_id) if idempotency_key else None  # without a key the id is new
        if previous is not None:
            return Submission(same_submission(previous, print_), replayed=True)
        build(app_id, "")  # the rules are checked before a number is spent
        self._check_quotas(kind, actor, accepted)
        application = build(app_id, self._issue_number(kind))
        for ref, content in accepted:  # documents first: no event ever points at missing bytes
            self.documents.put(ref.sha256, ref.media_type, content)
        self._count_uploads(actor, accepted)
        try:
            return Submission(self._save(application))
        except StaleVersionError:  # the same key arrived twice at once; the first one won
            return Submission(same_submission(self._get(app_id), print_), replayed=True)

    def _check_quotas(self, kind: Kind, actor: Actor, accepted: list[tuple[DocumentRef, bytes]]) -> None:
        if self.quotas is not None:
            self.quotas.check(actor.citizen.fin, kind.value, sum(ref.size for ref, _ in accepted), self.clock.now())

    def _count_uploads(self, actor: Actor, accepted: list[tuple[DocumentRef, bytes]]) -> None:
        if self.quotas is not None:
            self.quotas.record(actor.citizen.fin, sum(ref.size for ref, _ in accepted), self.clock.now())

    def _change(self, application_id: UUID, actor: Actor, expected_version: int | None,
                change: Callable[[Application], None]) -> Application:
        application = self.case_of_unit(application_id, actor)
        application.check_version(expected_version)
        change(application)
        return self._save(application)

    def _save(self, application: Application) -> Application:
        try:
            self._writer.submit(application.collect_events())
        except IntegrityError:
            # Another request recorded a change between our load and our save.
            raise StaleVersionError() from None
        return application

    def _record_together(self, changes: list[list]) -> list[BaseException | None]:
        """The events of concurrent commands in one transaction; when one of them conflicts, each
        is recorded on its own, so that only the stale one is refused."""
        try:
            self.save(*(event for events in changes for event in events))
            return [None] * len(changes)
        except IntegrityError as conflict:
            if len(changes) == 1:
                return [conflict]
        return [self._record_alone(events) for events in changes]

    def _record_alone(self, events: list) -> BaseException | None:
        try:
            self.save(*events)
        except IntegrityError as conflict:
            return conflict
        return None

    def _notify(self, recordings: list[Recording]) -> None:
        """Lets the followers (the views) catch up. The events are already recorded, so a
        follower's failure must not turn the command into an error: it catches up next time."""
        for follow in self.followers:
            try:
                follow()
            except Exception:  # any failure of a follower; the command itself succeeded
                log.exception("follower_failed", follower=getattr(follow, "__qualname__", repr(follow)))

    def _intake(self, actor: Actor, print_: str) -> dict:
        return {"applicant": actor.citizen.model_dump(), "fingerprint": print_, "context": actor.recorded()}

    def _issue_number(self, kind: Kind) -> str:
        series = f"{NUMBER_PREFIX[kind]}-{self.clock.now().year}"
        return f"{series}-{self._serials.submit(series):06d}"

    def _reserve_serials(self, wanted: list[str]) -> list[int]:
        """One reservation per series for a whole batch, handed out in the order asked."""
        counts = Counter(wanted)
        following = {series: self.numbers.reserve(series, count).start for series, count in counts.items()}
        serials = []
        for series in wanted:
            serials.append(following[series])
            following[series] += 1
        return serials

    def _get(self, application_id: UUID) -> Application:
        application = self._find(application_id)
        if application is None:
            raise ApplicationNotFoundError()
        return application

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


def application_id_for(actor: Actor, idempotency_key: str | None) -> UUID:
    """A retried submission (same portal, citizen and key) maps to the same application."""
    if not idempotency_key:
        return uuid.uuid4()
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{actor.portal}|{actor.subject}|{idempotency_key}")


def fingerprint(command, refs: list[DocumentRef]) -> str:
    canonical = json.dumps([command.model_dump(mode="json"), [r.sha256 for r in refs]], sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def same_submission(previous: Application, print_: str) -> Application:
    """A retry returns the first result; the same key with another application is refused."""
    if previous.fingerprint != print_:
        raise IdempotencyKeyReusedError()
    return previous
