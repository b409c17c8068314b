"""The relay's Postgres side: its lock, its position, and LISTEN for new events."""

from __future__ import annotations

import psycopg
import structlog

from eventlog.relay import RelayPosition, Wakeup
from projections.sql import Database

log = structlog.get_logger()

RELAY_LOCK_KEY = 0x617A7273  # any constant shared by every relay of this store ("azrs")


class RelayLock:
    """A session-level advisory lock on a connection of its own: held while the connection lives,
    released by Postgres when the holder dies, however it dies."""

    def __init__(self, conninfo: str):
        self.conninfo = conninfo
        self.connection: psycopg.Connection | None = None

    def try_acquire(self) -> bool:
        if self.connection is None or self.connection.closed:
            self.connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
        row = self.connection.execute("SELECT pg_try_advisory_lock(%s)", (RELAY_LOCK_KEY,)).fetchone()
        assert row is not None  # a SELECT of one function call answers one row
        return bool(row[0])

    def still_held(self) -> bool:
        try:
            return self.connection is not None and self.connection.execute("SELECT 1").fetchone() is not None
        except psycopg.Error:
            return False

    def release(self) -> None:
        if self.connection is not None and not self.connection.closed:
            self.connection.close()  # closing the session releases the lock
        self.connection = None


class SqlRelayPosition(RelayPosition):
    def __init__(self, db: Database, name: str = "relay"):
        self.db = db
        self.name = name

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS relay_position (name TEXT PRIMARY KEY, position BIGINT NOT NULL)")
            cursor.execute("INSERT INTO relay_position (name, position) VALUES (%s, 0) ON CONFLICT (name) DO NOTHING",
                           (self.name,))

    def load(self) -> int:
        with self.db.transaction() as cursor:
            return cursor.execute("SELECT position FROM relay_position WHERE name = %s", (self.name,)).fetchone()["position"]

    def save(self, position: int) -> None:
        with self.db.transaction() as cursor:
            # Not waiting for the WAL flush: a save that a Postgres crash loses only means publishing
            # those events again, which the relay's at-least-once promise already allows.
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Only forward: a relay that lost its lock mid-batch cannot move the position back.
            cursor.execute("UPDATE relay_position SET position = GREATEST(position, %s) WHERE name = %s",
                           (position, self.name))


class PostgresWakeup(Wakeup):
    """LISTENs on the channel the event store NOTIFYs on every write."""

    def __init__(self, conninfo: str, channel: str):
        self.conninfo = conninfo
        self.channel = channel
        self.connection: psycopg.Connection | None = None

    def wait(self, timeout: float) -> None:
        try:
            connection = self._listening()
            for _ in connection.notifies(timeout=timeout, stop_after=1):
                pass
        except psycopg.Error as error:  # a lost connection only costs the early wake-up
            log.warning("relay_listen_failed", error=str(error))
            self.close()

    def _listening(self) -> psycopg.Connection:
        if self.connection is None or self.connection.closed:
            self.connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
            self.connection.execute(f'LISTEN "{self.channel}"')
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None
