"""Versioned changes to the tables the product owns, applied in order and recorded.

Each migration has a number, a name that says what it changes, and a step over the wired components that
own the tables (the DDL lives beside the code that reads it). They run at start-up under the schema's
advisory lock (gateway.bootstrap), so processes starting together apply each one once, or on an
operator's word (`python -m gateway.cli migrate`; `MIGRATE_ON_START=false` makes start-up refuse to run
with one pending). `schema_migrations` in the service database records what was applied, and when.

Two rules keep an upgraded database and a fresh one the same:

- A released migration is never edited: a change to a table is a new migration, appended. A component's
  `create_tables` keeps the shape its migration created.
- A step may run twice (a process killed after the step and before its record): every step is written
  to be idempotent (`IF NOT EXISTS`, a check of what is there).

The event store's own tables are the library's (eventsourcing creates and owns them), and so is the
counters' table beside them (created with them by the numbering recorder, gateway/adapters/numbers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from consumers.ledger import DeliveryLedger
from gateway.adapters.calendar import SqlDaySwaps
from gateway.adapters.console_sessions import SqlSignedOutSessions
from gateway.adapters.documents import SqlDocumentStore
from gateway.adapters.relay_postgres import SqlRelayPosition
from gateway.adapters.usage import SqlCitizenUsage
from projections.application_views import ApplicationViews
from projections.sql import Database

RECORD = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"""


@dataclass(frozen=True)
class Owners:
    """The components that own tables, as gateway.bootstrap wires them."""

    database: Database
    views: ApplicationViews
    ledger: DeliveryLedger
    usage: SqlCitizenUsage
    documents: SqlDocumentStore | None  # Postgres keeps the documents in a table; the embedded default in files
    day_swaps: SqlDaySwaps
    signed_out_sessions: SqlSignedOutSessions


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    step: Callable[[Owners], None]


def _first_versioned_schema(owners: Owners) -> None:
    owners.day_swaps.create_tables()  # before the views: rebuilding them counts due dates on the calendar
    owners.ledger.create_tables()
    owners.usage.create_tables()
    if owners.documents is not None:
        owners.documents.create_tables()
    SqlRelayPosition(owners.database).create_tables()
    owners.views.create_tables()  # views of an older shape (release 1.0's have no due dates) are rebuilt


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the first versioned schema: the status views (with due dates) and their positions, the calendar's "
                 "day swaps, the delivery ledger (with delivery statuses and segments) and the notices' recipients, "
                 "the portals' webhook endpoints, the documents (Postgres), the citizens' uploads, the relay's "
                 "position; a database of release 1.0 is brought to it", _first_versioned_schema),
    Migration(2, "the console's signed-out sessions, so that signing out ends every copy of the session's cookie",
              lambda owners: owners.signed_out_sessions.create_tables()),
)


class PendingMigrationsError(Exception):
    def __init__(self, pending: list[Migration]):
        names = "; ".join(f"{m.version}: {m.name}" for m in pending)
        super().__init__(f"{len(pending)} schema migration(s) pending ({names}): run `python -m gateway.cli migrate`, "
                         "or start with MIGRATE_ON_START=true")


def applied(database: Database) -> dict[int, str]:
    """When each applied migration was applied (ISO 8601, UTC), by version."""
    with database.transaction() as cursor:
        cursor.execute(RECORD)
        return {row["version"]: row["applied_at"] for row in cursor.execute(
            "SELECT version, applied_at FROM schema_migrations").fetchall()}


def pending(database: Database) -> list[Migration]:
    done = applied(database)
    return [m for m in MIGRATIONS if m.version not in done]


def apply_pending(owners: Owners, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> list[Migration]:
    """Applies what is pending, oldest first, each recorded once its step is done; returns them."""
    ran = pending(owners.database)
    for migration in ran:
        migration.step(owners)
        with owners.database.transaction() as cursor:
            cursor.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s) "
                           "ON CONFLICT (version) DO NOTHING", (migration.version, migration.name, now().isoformat()))
    return ran
