"""The one place that wires everything, from one settings object. Nothing connects at import time."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from cases.log import history, read_log
from cases.ports import Clock, DocumentStore, SystemClock
from cases.reference import Catalogue, load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister, SubscriberRegister
from gateway.adapters.documents import FileDocumentStore, SqlDocumentStore
from gateway.adapters.numbers import SqlNumberIssuer
from gateway.identity import TokenVerifier, development_private_key, load_public_keys
from gateway.settings import Settings
from projections.application_views import ApplicationViews
from projections.sql import Database, PostgresDatabase, SqliteDatabase
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

    def case_view(self, application_id: UUID) -> CaseView:
        """An application's view rendered from its own events: current even when the views lag."""
        return self.views.projector.render(history(self.registry, application_id))

    def close(self) -> None:
        self.registry.close()
        self.database.close()


def bootstrap(settings: Settings, *, clock: Clock | None = None, subscribers: SubscriberRegister | None = None) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = _database(settings)
    catalogue = load_catalogue()
    subscribers = subscribers or SeededSubscriberRegister()
    numbers = SqlNumberIssuer(database)
    numbers.create_tables()
    registry = CaseRegistry(settings.event_store_env(), documents=_documents(settings, database), numbers=numbers,
                            subscribers=subscribers, clock=clock or SystemClock(), catalogue=catalogue)
    views = ApplicationViews(database, lambda after, limit: read_log(registry, after, limit), catalogue)
    views.create_tables()
    if not settings.uses_kafka:  # with Kafka, the projector worker keeps the views from the topic
        registry.followers.append(views.catch_up)
        views.catch_up()  # whatever was recorded while no process was following
    return Services(settings, database, registry, views, catalogue, subscribers, _verifier(settings))


def _database(settings: Settings) -> Database:
    if settings.uses_postgres:
        return PostgresDatabase(settings.database_url, max_size=settings.db_pool_size)
    return SqliteDatabase(settings.data_dir / "service.sqlite")


def _documents(settings: Settings, database: Database) -> DocumentStore:
    if settings.uses_postgres:  # replicas share the database, not a disk
        store = SqlDocumentStore(database)
        store.create_tables()
        return store
    return FileDocumentStore(settings.data_dir / "documents")


def _verifier(settings: Settings) -> TokenVerifier:
    if settings.jwt_public_keys:
        keys = load_public_keys(settings.jwt_public_keys)
    else:
        keys = [development_private_key(settings.dev_key_file).public_key()]
    return TokenVerifier(keys, settings.jwt_issuer, settings.jwt_audience, settings.jwt_algorithms)
