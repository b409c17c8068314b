"""The event store's table, reached past the service: what someone with write access to the database can do.

eventsourcing 9.5.6 stores each event's state as plain JSON bytes (uncompressed, unencrypted: no
COMPRESSOR_TOPIC or CIPHER_TOPIC is set), in `stored_events` (SQLite; the rowid is the log position)
or `caseregistry_events` (Postgres; `notification_id`).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing

import psycopg


class RawStore:
    """The event store's table, reached past the service."""

    def __init__(self, settings):
        self.postgres = settings.uses_postgres
        self.url = settings.database_url if self.postgres else str(settings.data_dir / "events.sqlite")
        self.table, self.position = ("caseregistry_events", "notification_id") if self.postgres else ("stored_events", "rowid")

    def execute(self, sql: str, params: tuple = ()) -> list:
        if self.postgres:
            with psycopg.connect(self.url, autocommit=True) as conn:
                cursor = conn.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description else []
        with closing(sqlite3.connect(self.url)) as conn, conn:
            return conn.execute(sql, params).fetchall()

    def key(self, application_id: uuid.UUID) -> str | uuid.UUID:
        return application_id if self.postgres else application_id.hex  # the library stores UUIDs as hex in SQLite

    def state(self, application_id, version: int) -> dict:
        [(state,)] = self.execute(f"SELECT state FROM {self.table} WHERE originator_id = ? AND originator_version = ?",
                                  (self.key(application_id), version))
        return json.loads(bytes(state))

    def write(self, application_id, version: int, state: dict | bytes) -> None:
        raw = state if isinstance(state, bytes) else json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()
        self.execute(f"UPDATE {self.table} SET state = ? WHERE originator_id = ? AND originator_version = ?",
                     (raw, self.key(application_id), version))

    def delete(self, application_id, version: int) -> None:
        self.execute(f"DELETE FROM {self.table} WHERE originator_id = ? AND originator_version = ?",
                     (self.key(application_id), version))

    def insert(self, application_id, version: int, topic: str, state: dict) -> None:
        self.execute(f"INSERT INTO {self.table} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
                     (self.key(application_id), version, topic, json.dumps(state, ensure_ascii=False).encode()))

    def swap_log_positions(self, application_id, first: int, second: int) -> None:
        """Makes `second` come before `first` in the log, contents untouched."""
        where = "WHERE originator_id = ? AND originator_version = ?"
        [(a,)] = self.execute(f"SELECT {self.position} FROM {self.table} {where}", (self.key(application_id), first))
        [(b,)] = self.execute(f"SELECT {self.position} FROM {self.table} {where}", (self.key(application_id), second))
        for version, position in ((first, -1), (second, a), (first, b)):
            self.execute(f"UPDATE {self.table} SET {self.position} = ? {where}", (position, self.key(application_id), version))
