"""Fixtures shared by every layer: settings per backend, wired services, an HTTP client, tokens.

Postgres: $DATABASE_URL when set (its tables are emptied between tests), otherwise a database of
our own, created for the run and dropped after it, on the server tests/postgres_server.py finds
(127.0.0.1:5432 when it answers, else a throwaway one it starts). Postgres tests never skip: CI is
meant to run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.bootstrap import Services, bootstrap
from gateway.identity import development_private_key, issue_development_token
from gateway.settings import Settings
from tests.channels import SmsGateway, SmtpCollector
from tests.fakes import FixedClock
from tests.kafka_broker import kafka_broker_fixture
from tests.postgres_server import database_url, postgres_server, servers_used

TABLES = ["caseregistry_events", "application_view", "projection_position", "number_series", "documents",
          "relay_position", "deliveries", "notice_recipients", "citizen_uploads", "calendar_day_swaps", "webhook_endpoints"]


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A server's `postgres` database, where tests create databases of their own."""
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url(request) -> Iterator[str]:
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    server_url = request.getfixturevalue("postgres_server_url")
    name = f"azersu_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield database_url(server_url, name)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def empty_tables(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        existing = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        present = [t for t in TABLES if t in existing]
        if present:
            conn.execute(f"TRUNCATE {', '.join(present)} RESTART IDENTITY")


def pytest_terminal_summary(terminalreporter) -> None:
    for server in servers_used:
        terminalreporter.write_line(f"PostgreSQL tests ran on {server}")


kafka_broker = pytest.fixture(scope="session")(kafka_broker_fixture)
"""A Kafka-protocol broker for the run: $KAFKA_BOOTSTRAP_SERVERS, or a tansu started for it."""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request, tmp_path) -> Settings:
    """Settings for each backend: every test using it runs on SQLite and on Postgres."""
    if request.param == "sqlite":
        return Settings(_env_file=None, data_dir=tmp_path, database_url=None)
    url = request.getfixturevalue("postgres_url")
    empty_tables(url)
    return Settings(_env_file=None, data_dir=tmp_path, database_url=url, db_pool_size=4)


@pytest.fixture
def sqlite_settings(tmp_path) -> Settings:
    """For tests whose behaviour does not depend on the backend."""
    return Settings(_env_file=None, data_dir=tmp_path, database_url=None)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def services(settings, clock) -> Iterator[Services]:
    wired = bootstrap(settings, clock=clock)
    yield wired
    wired.close()


@pytest.fixture
def client(settings, services) -> Iterator[TestClient]:
    with TestClient(create_app(settings, services)) as test_client:
        yield test_client


def signed_in_with(settings: Settings):
    """make(role, **claims) -> Authorization headers signed with these settings' development key."""
    key = development_private_key(settings.dev_key_file)

    def make(role: str = "citizen", **claims) -> dict[str, str]:
        jwt = issue_development_token(key, settings.jwt_issuer, settings.jwt_audience, role, **claims)
        return {"Authorization": f"Bearer {jwt}"}

    return make


def serve(settings: Settings, clock) -> Iterator[TestClient]:
    services = bootstrap(settings, clock=clock)
    with TestClient(create_app(settings, services)) as client:
        yield client
    services.close()


@pytest.fixture
def token(settings):
    """token(role, **claims) -> Authorization headers signed with the development key."""
    return signed_in_with(settings)


@pytest.fixture
def quick_client(sqlite_settings, clock) -> Iterator[TestClient]:
    """SQLite only: for what does not depend on the backend."""
    yield from serve(sqlite_settings, clock)


@pytest.fixture
def quick_token(sqlite_settings):
    return signed_in_with(sqlite_settings)


@pytest.fixture
def smtp() -> Iterator[SmtpCollector]:
    """A real SMTP server (aiosmtpd) that keeps what it receives."""
    with SmtpCollector() as collector:
        yield collector


@pytest.fixture
def sms() -> Iterator[SmsGateway]:
    """A local HTTP server standing in for the SMS gateway."""
    with SmsGateway() as gateway:
        yield gateway
