"""One small interface over SQLite (the embedded default) and Postgres.

Statements are written once, with `%s` placeholders; the SQLite adapter rewrites
them to `?`. Rows come back as dicts on both.
"""

from __future__ import annotations

import abc
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


class Cursor(Protocol):
    def execute(self, sql: str, params: tuple | list = ()) -> Any: ...
    def executemany(self, sql: str, params_seq: list) -> Any: ...
    def fetchone(self) -> dict | None: ...
    def fetchall(self) -> list[dict]: ...


class Database(abc.ABC):
    dialect: str

    @abc.abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """A cursor whose statements commit together, or not at all."""

    def ping(self) -> None:
        with self.transaction() as cursor:
            cursor.execute("SELECT 1")

    @abc.abstractmethod
    def close(self) -> None:
        """Releases connections."""


class _SqliteCursor:
    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    def execute(self, sql: str, params: tuple | list = ()) -> _SqliteCursor:
        self._cursor.execute(sql.replace("%s", "?"), params)
        return self

    def executemany(self, sql: str, params_seq: list) -> _SqliteCursor:
        self._cursor.executemany(sql.replace("%s", "?"), params_seq)
        return self

    def fetchone(self) -> dict | None:
        row = self._cursor.fetchone()
        return dict(row) if row is not None else None

    def fetchall(self) -> list[dict]:
        return [dict(row) for row in self._cursor.fetchall()]


class SqliteDatabase(Database):
    """One connection shared by the threads of one process, writes serialised by a lock."""

    dialect = "sqlite"

    def __init__(self, path: Path | str):
        self._lock = threading.RLock()
        self._connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA journal_mode=WAL")

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._lock:
            cursor = self._connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteCursor(cursor)
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")

    def close(self) -> None:
        with self._lock:  # closing under another thread's statement crashes the process (sqlite3 segfaults)
            self._connection.close()


class PostgresDatabase(Database):
    dialect = "postgres"

    def __init__(self, conninfo: str, max_size: int = 10):
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        self._pool = ConnectionPool(conninfo, min_size=1, max_size=max_size, open=True,
                                    kwargs={"row_factory": dict_row, "connect_timeout": 5})

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._pool.connection() as connection, connection.transaction():
            yield connection.cursor()

    def close(self) -> None:
        self._pool.close()
