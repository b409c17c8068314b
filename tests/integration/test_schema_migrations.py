"""Upgrades: a database of the previous release, with its data, brought to this release's schema by the
versioned migrations (gateway.migrations); and the same schema as a fresh database gets."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from gateway.bootstrap import bootstrap
from gateway.cli import main as cli
from gateway.migrations import MIGRATIONS, PendingMigrationsError
from gateway.settings import Settings
from tests.life_cycles import submit_meter_installation
from tests.postgres_server import database_url

pytestmark = pytest.mark.postgres

RELEASE_1_0 = Path(__file__).with_name("release_1_0.sql")
PRODUCT_TABLES = ("application_view", "projection_position", "deliveries", "notice_recipients", "documents",
                  "citizen_uploads", "relay_position", "schema_migrations", "number_series", "calendar_day_swaps",
                  "webhook_endpoints")


@contextlib.contextmanager
def new_database(server_url: str) -> Iterator[str]:
    name = f"azersu_upgrade_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def settings_for(url: str, folder: Path, **overrides) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    return Settings(_env_file=None, data_dir=folder, database_url=url, db_pool_size=2, **overrides)


def schema_of(url: str) -> tuple[set[tuple], set[str]]:
    """The product's tables as the catalogue describes them: columns (with types and nullability) and indexes."""
    with psycopg.connect(url) as connection:
        columns = set(connection.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = ANY(%s)", (list(PRODUCT_TABLES),)).fetchall())
        indexes = {row[0] for row in connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s)",
            (list(PRODUCT_TABLES),)).fetchall()}
    return columns, indexes


def test_a_database_of_release_1_0_upgrades_with_its_data_in_place(postgres_server_url, tmp_path):
    with new_database(postgres_server_url) as url:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(RELEASE_1_0.read_text())
        services = bootstrap(settings_for(url, tmp_path))
        try:
            with psycopg.connect(url) as connection:
                recorded = connection.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
                views = connection.execute("SELECT count(*) FROM application_view").fetchone()[0]
                messages = connection.execute("SELECT count(*) FROM deliveries").fetchone()[0]
            assert [v for (v,) in recorded] == [m.version for m in MIGRATIONS]
            assert views == 8 and messages == 44  # what release 1.0 held, still there
            report = services.auditor.verify_store()
            assert report.ok and report.events == 34  # the hash chains of the old events, unbroken
            view = services.case_view(submit_meter_installation(services.registry))
            assert view is not None and view.number.endswith("-000005")  # the series goes on: no number given twice
        finally:
            services.close()


def test_an_upgraded_database_and_a_fresh_one_end_with_the_same_schema(postgres_server_url, tmp_path):
    with new_database(postgres_server_url) as upgraded, new_database(postgres_server_url) as fresh:
        with psycopg.connect(upgraded, autocommit=True) as connection:
            connection.execute(RELEASE_1_0.read_text())
        for url, folder in ((upgraded, tmp_path / "upgraded"), (fresh, tmp_path / "fresh")):
            bootstrap(settings_for(url, folder)).close()
        assert schema_of(upgraded) == schema_of(fresh)


def test_with_migrate_on_start_off_a_pending_migration_stops_start_up_until_an_operator_applies_it(
        postgres_server_url, tmp_path, monkeypatch, capsys):
    with new_database(postgres_server_url) as url:
        with pytest.raises(PendingMigrationsError, match="gateway.cli migrate"):
            bootstrap(settings_for(url, tmp_path, migrate_on_start=False))
        monkeypatch.setenv("DATABASE_URL", url)
        monkeypatch.setenv("DATA_DIR", str(tmp_path))
        assert cli(["migrations"]) == 1
        assert "pending" in capsys.readouterr().out
        assert cli(["migrate"]) == 0
        assert f"applied {len(MIGRATIONS)} migration(s)" in capsys.readouterr().out
        assert cli(["migrations"]) == 0
        listed = capsys.readouterr().out
        assert "pending" not in listed and MIGRATIONS[0].name in listed
        bootstrap(settings_for(url, tmp_path, migrate_on_start=False)).close()  # nothing pending: it starts
