"""Application-number series kept beside the events, advanced in the transaction that records them.

Each backend's event recorder (eventsourcing 9.5.6) gains `insert_numbered`: in the one transaction
that inserts a batch of events, it advances the counter row of every series the batch's submissions
take a number from, has each submission make its `Submitted` event with its serial, and inserts it.
A batch that conflicts, or a process killed before the commit, rolls the counters back with the
events: the register has no holes and never issues a number twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import psycopg
from eventsourcing.persistence import ApplicationRecorder, InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor
from eventsourcing.utils import retry
from psycopg.rows import DictRow
from psycopg.sql import SQL

from cases.ports import Numbered, NumberingRecorder
from projections.sql import Database

COUNTERS = "CREATE TABLE IF NOT EXISTS number_series (series TEXT PRIMARY KEY, last BIGINT NOT NULL)"
ADVANCE = ("INSERT INTO number_series (series, last) VALUES ({0}, {0}) ON CONFLICT (series) "
           "DO UPDATE SET last = number_series.last + excluded.last RETURNING last")

Advance = Callable[[str, int], int]  # (series, how many) → the first of the serials now taken


def numbered_events(numbered: Sequence[Numbered], advance: Advance) -> list[StoredEvent]:
    """The submissions' events, each made with the next serial of its series, in the order given.
    Series are advanced in a fixed order, so that two writers never wait on each other's rows."""
    following = {series: advance(series, count) for series, count in sorted(Counter(n.series for n in numbered).items())}
    events: list[StoredEvent] = []
    for submission in numbered:
        events += submission.events_for(following[submission.series])
        following[submission.series] += 1
    return events


class NumberingPostgresRecorder(PostgresApplicationRecorder, NumberingRecorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sql_create_statements.append(SQL(COUNTERS))  # type: ignore[arg-type]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_numbered(self, stored_events: Sequence[StoredEvent], numbered: Sequence[Numbered]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            # The events table's lock first, as every writer takes it: the counters then move in the
            # order of the notification log, and the counter rows are never contended.
            self._lock_table(cursor)
            events = [*stored_events, *numbered_events(numbered, lambda series, count: self._advance(cursor, series, count))]
            if events:
                self._insert_stored_events(cursor, events)

    @staticmethod
    def _advance(cursor: psycopg.Cursor[DictRow], series: str, count: int) -> int:
        row = cursor.execute(SQL(ADVANCE.format("%s")), (series, count)).fetchone()
        assert row is not None  # INSERT … ON CONFLICT DO UPDATE … RETURNING answers one row
        last: int = row["last"]
        return last - count + 1


class NumberingSQLiteRecorder(SQLiteApplicationRecorder, NumberingRecorder):
    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), COUNTERS]

    def insert_numbered(self, stored_events: Sequence[StoredEvent], numbered: Sequence[Numbered]) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            events = [*stored_events, *numbered_events(numbered, lambda series, count: self._advance(cursor, series, count))]
            self._insert_events(cursor, events)

    @staticmethod
    def _advance(cursor: SQLiteCursor, series: str, count: int) -> int:
        cursor.execute(ADVANCE.format("?"), (series, count))
        last: int = cursor.fetchone()["last"]  # a sqlite3.Row, read by column name
        return last - count + 1


def check_event_store_connections(recorder: object) -> None:
    """Replaces the event store's pooled connections that died with the database. eventsourcing 9.5.6
    keeps its Postgres pool at `recorder.datastore.pool` (a psycopg_pool pool); SQLite has none."""
    if isinstance(recorder, PostgresApplicationRecorder):
        recorder.datastore.pool.check()


RECORDERS = {"eventsourcing.postgres": NumberingPostgresRecorder, "eventsourcing.sqlite": NumberingSQLiteRecorder}


def numbering_env(env: dict[str, str]) -> dict[str, str]:
    """The event store's settings, with the recorder that numbers submissions as it records them."""
    recorder = RECORDERS[env["PERSISTENCE_MODULE"]]
    return env | {"APPLICATION_RECORDER_TOPIC": f"{recorder.__module__}:{recorder.__qualname__}"}


def events_table(recorder: ApplicationRecorder) -> str:
    """The quoted name of the Postgres events table, for a query that reads it beside the views. eventsourcing
    9.5.6 keeps it at `recorder.events_table_name`, in the schema `recorder.datastore.schema`."""
    if not isinstance(recorder, PostgresApplicationRecorder):
        raise TypeError(f"the events are in Postgres only with its recorder, not {type(recorder).__name__}")
    return f'"{recorder.datastore.schema}"."{recorder.events_table_name}"'


def adopt_counters(service_database: Database, recorder: ApplicationRecorder) -> None:
    """Embedded installs kept the counters in the service database, apart from the events: carry each
    series over (never backwards, so running it twice changes nothing), then drop the old table."""
    if not isinstance(recorder, NumberingSQLiteRecorder):  # what numbering_env names for the embedded store
        raise TypeError(f"the embedded event store numbers with NumberingSQLiteRecorder, not {type(recorder).__name__}")
    with service_database.transaction() as cursor:
        exists = cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'number_series'").fetchone()
        rows = cursor.execute("SELECT series, last FROM number_series").fetchall() if exists else []
    if not exists:
        return
    with recorder.datastore.transaction(commit=True) as cursor:
        for row in rows:
            cursor.execute("INSERT INTO number_series (series, last) VALUES (?, ?) ON CONFLICT (series) "
                           "DO UPDATE SET last = MAX(number_series.last, excluded.last)", (row["series"], row["last"]))
    with service_database.transaction() as cursor:
        cursor.execute("DROP TABLE number_series")
