"""The one place that wires everything, from one settings object. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from uuid import UUID

import psycopg

from cases.audit import Auditor
from cases.ports import Clock, DocumentStore, SystemClock
from cases.quotas import CitizenQuotas
from cases.reference import Catalogue, load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister, SubscriberRegister
from consumers.ledger import DeliveryLedger
from consumers.notifier import Dispatcher, Notifier
from eventlog.batching import Batcher
from eventlog.decoding import history, read_log
from eventlog.recorded import LibraryRecordedEvents
from gateway.adapters.document_inspection import IsolatedDocumentInspector
from gateway.adapters.documents import FileDocumentStore, SqlDocumentStore
from gateway.adapters.numbers import adopt_counters, numbering_env
from gateway.adapters.pdf_pages import PdfPages
from gateway.adapters.submissions import StoredSubmissions
from gateway.adapters.usage import SqlCitizenUsage
from gateway.adapters.views_index import SqlViewsIndex
from gateway.id_secret import application_ids_from
from gateway.identity import TokenVerifier, verifier_from
from gateway.senders import senders_from
from gateway.settings import Settings
from projections.application_views import ApplicationViews, StatusPages
from projections.follower import LogFollower
from projections.sql import AsyncReads, Database, PostgresAsyncReads, PostgresDatabase, SqliteDatabase, ThreadedReads
from schemas.views import CaseView


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
    dispatcher: Dispatcher | None = None  # sends in this process: the embedded default's, not a gateway's beside Kafka
    pdf_pages: PdfPages | None = None  # the console's PDF pages as images, drawn in a worker on first use

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

    def start_background(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.start()

    def close(self) -> None:
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
    registry = CaseRegistry(numbering_env(settings.event_store_env()), documents=_documents(settings, database),
                            subscribers=subscribers, clock=clock or SystemClock(), catalogue=catalogue,
                            ids=application_ids_from(settings), inspector=_inspector(settings),
                            writer=Batcher, quotas=_quotas(settings, database))
    if not settings.uses_postgres:  # the counters moved from the service database to the events' own
        adopt_counters(database, registry.recorder)
    log_of_registry = lambda after, limit: read_log(registry, after, limit)  # noqa: E731
    views = ApplicationViews(database, log_of_registry, catalogue)
    views.create_tables()
    notifier = _notifier(settings, database, catalogue, StoredSubmissions(registry))
    services = Services(settings, database, registry, views, catalogue, subscribers, _verifier(settings), notifier,
                        _reads(settings, database), pdf_pages=PdfPages(settings.document_inspection_cpu_seconds,
                                                                       settings.document_inspection_memory_mib,
                                                                       settings.document_inspection_wall_seconds))
    if not settings.uses_kafka:  # with Kafka, the projector and notifier workers follow the topic instead
        _follow_in_process(services, LogFollower(database, log_of_registry, NOTIFICATIONS, notifier.take))
    return services


NOTIFICATIONS = "notifications"


def _notifier(settings: Settings, database: Database, catalogue: Catalogue, submissions: StoredSubmissions) -> Notifier:
    """The notifier keeps what its notices need from each Submitted in the ledger's own tables: downstream of
    Kafka it reads the event store only for an application whose Submitted it never took."""
    ledger = DeliveryLedger(database, settings.delivery_max_attempts, settings.delivery_backoff_seconds,
                            settings.delivery_lease_seconds)
    ledger.create_tables()
    return Notifier(ledger, lambda: senders_from(settings), catalogue, submissions)


def _follow_in_process(services: Services, notifications: LogFollower) -> None:
    """The embedded default: the views and the notifier follow the event store after each command."""
    with services.database.transaction() as cursor:
        notifications.create_tables(cursor)
    services.dispatcher = dispatcher = Dispatcher(services.notifier, services.settings.delivery_threads)

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
        store = SqlDocumentStore(database)
        store.create_tables()
        return store
    return FileDocumentStore(settings.data_dir / "documents")


def _inspector(settings: Settings) -> IsolatedDocumentInspector:
    return IsolatedDocumentInspector(settings.document_inspection_workers, settings.document_inspection_cpu_seconds,
                                     settings.document_inspection_memory_mib, settings.document_inspection_wall_seconds)


def _quotas(settings: Settings, database: Database) -> CitizenQuotas:
    usage = SqlCitizenUsage(database)
    usage.create_tables()
    return CitizenQuotas(usage, settings.max_open_applications_per_kind, settings.max_document_bytes_per_citizen_day)


def _verifier(settings: Settings) -> TokenVerifier:
    return verifier_from(settings)  # PEM keys and/or a JWKS; the development key only outside production
