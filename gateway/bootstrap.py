"""The one place that wires everything, from one settings object. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from uuid import UUID

import psycopg
import structlog

from cases.audit import Auditor
from cases.calendar import WorkingCalendar
from cases.deadlines import Deadlines
from cases.ports import Clock, DaySwap, DocumentStore, SystemClock
from cases.quotas import CitizenQuotas
from cases.reference import Catalogue, load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister, SubscriberRegister
from consumers.escalation import DueCase, EscalationLoop, Escalator
from consumers.ledger import DeliveryLedger
from consumers.notifier import Dispatcher, Notifier
from consumers.webhooks import WebhookEndpoints
from eventlog.batching import Batcher
from eventlog.decoding import history, read_log
from eventlog.recorded import LibraryRecordedEvents
from gateway.adapters.calendar import AzerbaijanHolidays, SqlDaySwaps
from gateway.adapters.console_sessions import SqlSignedOutSessions
from gateway.adapters.document_inspection import IsolatedDocumentInspector
from gateway.adapters.documents import FileDocumentStore, SqlDocumentStore
from gateway.adapters.numbers import adopt_counters, numbering_env
from gateway.adapters.pdf_pages import PdfPages
from gateway.adapters.submissions import StoredSubmissions
from gateway.adapters.usage import SqlCitizenUsage
from gateway.adapters.views_index import SqlViewsIndex
from gateway.id_secret import application_ids_from
from gateway.identity import TokenVerifier, verifier_from
from gateway.migrations import MIGRATIONS, Migration, Owners, PendingMigrationsError, applied, apply_pending, pending
from gateway.senders import senders_from
from gateway.settings import Settings
from gateway.tracing import span_of_event
from projections.application_views import ApplicationViews, StatusPages
from projections.follower import LogFollower
from projections.sql import AsyncReads, Database, PostgresAsyncReads, PostgresDatabase, SqliteDatabase, ThreadedReads
from schemas.events import EventEnvelope
from schemas.views import CaseView

log = structlog.get_logger()


@dataclass
class Services:
    settings: Settings
    database: Database
    registry: CaseRegistry
    views: ApplicationViews
    catalogue: Catalogue
    subscribers: SubscriberRegister
    verifier: TokenVerifier
    notifier: Notifier
    reads: AsyncReads  # the status pages' queries on the event loop: opened and closed by the app's lifespan
    deadlines: Deadlines
    signed_out_sessions: SqlSignedOutSessions  # the console's sessions ended before their time
    dispatcher: Dispatcher | None = None  # sends in this process: the embedded default's, not a gateway's beside Kafka
    escalation: EscalationLoop | None = None  # scans in this process: the embedded default's
    pdf_pages: PdfPages | None = None  # the console's PDF pages as images, drawn in a worker on first use

    @property
    def webhooks(self) -> WebhookEndpoints:
        assert self.notifier.webhooks is not None  # wired by _notifier, always
        return self.notifier.webhooks

    def stored_events(self, after: int = 0, since: datetime | None = None, page: int = 1000) -> Iterator[EventEnvelope]:
        """The event store's log after position `after` (recorded at or after `since`), in order: a replay's
        source (the store, not the topic: Kafka's retention is finite)."""
        while events := read_log(self.registry, after, page):
            yield from (e for e in events if since is None or e.time >= since)
            after = events[-1].position or after + len(events)

    @cached_property
    def status_pages(self) -> StatusPages:
        return StatusPages(self.views, self.reads)

    def case_view(self, application_id: UUID) -> CaseView | None:
        """An application's view rendered from its own events: current even when the views lag; None
        when no such application was recorded."""
        return self.views.projector.render(history(self.registry, application_id))

    @property
    def auditor(self) -> Auditor:
        """The auditor's read-only use cases, over the same store and views."""
        return Auditor(LibraryRecordedEvents(self.registry), self.views.projector.render, SqlViewsIndex(self.views),
                       self.registry.clock)

    @property
    def calendar(self) -> WorkingCalendar:
        return self.deadlines.calendar

    def record_day_swap(self, day: date, working: bool, decree: str, reason: str, recorded_by: str) -> DaySwap:
        """Records a decree's day swap, and derives the running cases' due dates again by it."""
        # Stamped by the wall clock, as the events are: an auditor's "state as of" compares the two.
        swap = self.calendar.record_swap(day, working, decree, reason, recorded_by, datetime.now(UTC))
        self.views.refresh_due_dates()
        return swap

    def escalator(self, clock: Clock | None = None) -> Escalator:
        """Tells the units' supervisors of cases near or past their term (SUPERVISOR_EMAILS), through the ledger."""
        clock = clock or self.registry.clock
        return Escalator(self.notifier.ledger, self.due_cases, self.deadlines.working_days_left, clock.now,
                         self.settings.escalation_thresholds, self.settings.supervisor_emails,
                         lambda unit: self.catalogue.label("units", unit))

    def due_cases(self, now: datetime) -> list[DueCase]:
        """The running cases near enough to their due date for the least pressing threshold."""
        until = self.deadlines.due_within(now, max(0, *self.settings.escalation_thresholds))
        return [DueCase(application_id=row["id"], version=row["version"], number=row["number"],
                        kind_label=self.catalogue.label("kinds", row["kind"]),
                        unit=row["executing_unit"] or row["intake_unit"], due_on=date.fromisoformat(row["due_on"]))
                for row in self.views.due_by(until)]

    def start_background(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.start()
        if self.escalation is not None:
            self.escalation.start()

    def close(self) -> None:
        if self.escalation is not None:
            self.escalation.stop()
        if self.dispatcher is not None:
            self.dispatcher.stop()
        self.notifier.close()
        self.registry.close()
        self.registry.inspector.close()
        if self.pdf_pages is not None:
            self.pdf_pages.close()
        self.database.close()


def bootstrap(settings: Settings, *, clock: Clock | None = None, subscribers: SubscriberRegister | None = None) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with _schema_lock(settings):
        return _wire(settings, clock, subscribers)


SCHEMA_LOCK = 0x617A_7375  # "azsu": the advisory lock of the start-up's table creation


@contextmanager
def _schema_lock(settings: Settings) -> Iterator[None]:
    """Processes starting together (gateway replicas, the workers) create the tables one at a time:
    Postgres refuses concurrent CREATE … IF NOT EXISTS of the same object ("tuple concurrently updated")."""
    if not settings.uses_postgres:
        yield
        return
    with psycopg.connect(settings.postgres_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))


def _wire(settings: Settings, clock: Clock | None, subscribers: SubscriberRegister | None) -> Services:
    database = _database(settings)
    catalogue = load_catalogue()
    subscribers = subscribers or SeededSubscriberRegister()
    documents = _documents(settings, database)
    usage = SqlCitizenUsage(database)
    day_swaps = SqlDaySwaps(database)
    deadlines = Deadlines(settings.terms(), WorkingCalendar(AzerbaijanHolidays(), day_swaps))
    registry = CaseRegistry(numbering_env(settings.event_store_env()), documents=documents,
                            subscribers=subscribers, clock=clock or SystemClock(), catalogue=catalogue,
                            ids=application_ids_from(settings), inspector=_inspector(settings),
                            writer=Batcher, quotas=_quotas(settings, usage), deadlines=deadlines)
    if not settings.uses_postgres:  # the counters moved from the service database to the events' own
        adopt_counters(database, registry.recorder)
    log_of_registry = lambda after, limit: read_log(registry, after, limit)  # noqa: E731
    views = ApplicationViews(database, log_of_registry, catalogue, due_dates=deadlines,
                             around=lambda event: span_of_event("apply to the status views", event))
    notifier = _notifier(settings, database, catalogue, StoredSubmissions(registry))
    signed_out_sessions = SqlSignedOutSessions(database)
    _migrate(settings, Owners(database, views, notifier.ledger, usage,
                              documents if isinstance(documents, SqlDocumentStore) else None, day_swaps,
                              signed_out_sessions))
    services = Services(settings, database, registry, views, catalogue, subscribers, _verifier(settings), notifier,
                        _reads(settings, database), deadlines, signed_out_sessions,
                        pdf_pages=PdfPages(settings.document_inspection_cpu_seconds, settings.document_inspection_memory_mib,
                                           settings.document_inspection_wall_seconds))
    if not settings.uses_kafka:  # with Kafka, the projector and notifier workers follow the topic instead
        _follow_in_process(services, LogFollower(database, log_of_registry, NOTIFICATIONS, notifier.take,
                                                 around=lambda event: span_of_event("take notices into the delivery ledger", event)))
    return services


def migration_status(settings: Settings) -> list[tuple[Migration, str | None]]:
    """Every migration of this release, with when it was applied (None: pending)."""
    database = _database(settings)
    try:
        done = applied(database)
    finally:
        database.close()
    return [(migration, done.get(migration.version)) for migration in MIGRATIONS]


def _migrate(settings: Settings, owners: Owners) -> None:
    """The tables brought to this release's shape (gateway.migrations), or a refusal to start without it."""
    if not settings.migrate_on_start:
        if waiting := pending(owners.database):
            raise PendingMigrationsError(waiting)
        return
    for migration in apply_pending(owners):
        log.info("schema_migrated", version=migration.version, migration=migration.name)


NOTIFICATIONS = "notifications"


def _notifier(settings: Settings, database: Database, catalogue: Catalogue, submissions: StoredSubmissions) -> Notifier:
    """The notifier keeps what its notices need from each Submitted in the ledger's own tables: downstream of
    Kafka it reads the event store only for an application whose Submitted it never took."""
    ledger = DeliveryLedger(database, settings.delivery_max_attempts, settings.delivery_backoff_seconds,
                            settings.delivery_lease_seconds)
    webhooks = WebhookEndpoints(database, production=settings.environment == "production",
                                suspend_after_seconds=settings.webhook_suspend_after_seconds)
    return Notifier(ledger, lambda: senders_from(settings, webhooks), catalogue, submissions, webhooks=webhooks,
                    operator_emails=tuple(settings.operator_emails))


def _follow_in_process(services: Services, notifications: LogFollower) -> None:
    """The embedded default: the views and the notifier follow the event store after each command."""
    with services.database.transaction() as cursor:
        notifications.create_tables(cursor)
    services.dispatcher = dispatcher = Dispatcher(services.notifier, services.settings.delivery_threads)
    services.escalation = EscalationLoop(services.escalator(), services.settings.escalation_interval_seconds, dispatcher.wake)

    def follow() -> None:
        services.views.catch_up()
        notifications.catch_up()
        dispatcher.wake()

    services.registry.followers.append(follow)
    follow()  # whatever was recorded while no process was following


def _database(settings: Settings) -> Database:
    if settings.uses_postgres:
        return PostgresDatabase(settings.postgres_url, max_size=settings.db_pool_size)
    return SqliteDatabase(settings.data_dir / "service.sqlite")


def _reads(settings: Settings, database: Database) -> AsyncReads:
    if settings.uses_postgres:
        return PostgresAsyncReads(settings.postgres_url, max_size=settings.db_pool_size)
    return ThreadedReads(database)


def _documents(settings: Settings, database: Database) -> DocumentStore:
    if settings.uses_postgres:  # replicas share the database, not a disk
        return SqlDocumentStore(database)
    return FileDocumentStore(settings.data_dir / "documents")


def _inspector(settings: Settings) -> IsolatedDocumentInspector:
    return IsolatedDocumentInspector(settings.document_inspection_workers, settings.document_inspection_cpu_seconds,
                                     settings.document_inspection_memory_mib, settings.document_inspection_wall_seconds)


def _quotas(settings: Settings, usage: SqlCitizenUsage) -> CitizenQuotas:
    return CitizenQuotas(usage, settings.max_open_applications_per_kind, settings.max_document_bytes_per_citizen_day)


def _verifier(settings: Settings) -> TokenVerifier:
    return verifier_from(settings)  # PEM keys and/or a JWKS; the development key only outside production
