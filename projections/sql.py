"""One small interface over SQLite (the embedded default) and Postgres.

Statements are written once, with `%s` placeholders; the SQLite adapter rewrites
them to `?`. Rows come back as dicts on both.
"""

from __future__ import annotations

import abc
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool

Row = dict[str, Any]  # one row, by column name: the values are whatever the columns hold
Params = tuple[Any, ...] | list[Any]


class Cursor(Protocol):
    def execute(self, sql: str, params: Params = ()) -> Any: ...
    def executemany(self, sql: str, params_seq: Iterable[tuple[Any, ...]]) -> Any: ...
    def fetchone(self) -> Row | None: ...
    def fetchall(self) -> list[Row]: ...


class Database(abc.ABC):
    dialect: str

    @abc.abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """A cursor whose statements commit together, or not at all."""

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        """A cursor for reading, each statement on its own: no transaction to open and close around a query."""
        with self.transaction() as cursor:
            yield cursor

    def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        """The rows of one query."""
        with self.read() as cursor:
            return cursor.execute(sql, params).fetchall()

    @abc.abstractmethod
    def insert_rows(self, cursor: Cursor, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        """Inserts many new rows at once, the fastest way the database has."""

    def ping(self) -> None:
        with self.transaction() as cursor:
            cursor.execute("SELECT 1")

    def check_connections(self) -> None:  # noqa: B027 - a database without a pool has nothing to check
        """Replaces the pooled connections that died with the database, so the next statements get live ones."""

    @abc.abstractmethod
    def close(self) -> None:
        """Releases connections."""

    # --- what the two dialects do differently; nowhere else tests which one it is ---------------

    blob_type: str
    """The column type of bytes."""

    for_update: str
    """Appended to a SELECT: the rows read stay locked until the transaction ends (nothing on SQLite,
    whose writers are serialised already)."""

    skip_locked: str
    """Appended to a SELECT: as `for_update`, passing over rows another transaction holds."""

    @abc.abstractmethod
    def columns_of(self, cursor: Cursor, table: str) -> set[str]:
        """The names of the table's columns; empty when there is no such table."""

    def lock_for_rebuild(self, cursor: Cursor, table: str) -> None:  # noqa: B027 - SQLite's writers are serialised already
        """Holds the table's writers until the transaction ends, while readers go on."""

    @abc.abstractmethod
    def rename_table(self, cursor: Cursor, table: str, to: str, indexes: dict[str, str], constraints: tuple[str, ...]) -> None:
        """Renames `table` to `to` with its indexes (`{table}_{name}` → `{to}_{name}`, over the columns given)
        and its named constraints (`{table}_{suffix}` → `{to}_{suffix}`)."""

    def quick_commit(self, cursor: Cursor) -> None:  # noqa: B027 - nothing to relax on SQLite
        """This transaction's commit does not wait for the log to reach the disk: a crash may lose it."""

    def walk_index_in_order(self, cursor: Cursor) -> None:  # noqa: B027 - SQLite has no such planner settings
        """This transaction's queries walk an index in its order rather than reading and sorting every row."""


class _SqliteCursor:
    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    def execute(self, sql: str, params: Params = ()) -> _SqliteCursor:
        self._cursor.execute(sql.replace("%s", "?"), params)
        return self

    def executemany(self, sql: str, params_seq: Iterable[tuple[Any, ...]]) -> _SqliteCursor:
        self._cursor.executemany(sql.replace("%s", "?"), params_seq)
        return self

    def fetchone(self) -> Row | None:
        row = self._cursor.fetchone()
        return dict(row) if row is not None else None

    def fetchall(self) -> list[Row]:
        return [dict(row) for row in self._cursor.fetchall()]


class SqliteDatabase(Database):
    """One connection shared by the threads of one process, writes serialised by a lock."""

    dialect = "sqlite"
    blob_type = "BLOB"
    for_update = ""
    skip_locked = ""

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

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        with self._lock:  # the connection is in autocommit: a read takes no write lock on the file
            yield _SqliteCursor(self._connection.cursor())

    def insert_rows(self, cursor: Cursor, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})", rows)

    def columns_of(self, cursor: Cursor, table: str) -> set[str]:
        return {column["name"] for column in cursor.execute(f"PRAGMA table_info({table})").fetchall()}

    def rename_table(self, cursor: Cursor, table: str, to: str, indexes: dict[str, str], constraints: tuple[str, ...]) -> None:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {to}")
        for name, columns in indexes.items():  # SQLite cannot rename an index; the embedded default's tables are small
            cursor.execute(f"DROP INDEX {table}_{name}")
            cursor.execute(f"CREATE INDEX {to}_{name} ON {to} ({columns})")
        # SQLite's constraints carry no names of their own

    def close(self) -> None:
        with self._lock:  # closing under another thread's statement crashes the process (sqlite3 segfaults)
            self._connection.close()


class PostgresDatabase(Database):
    dialect = "postgres"
    blob_type = "BYTEA"
    for_update = " FOR UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def __init__(self, conninfo: str, max_size: int = 10):
        from psycopg.rows import dict_row
        from psycopg_pool import ConnectionPool

        # autocommit, so a read is one round trip; transaction() still opens one around the statements of a write
        self._pool = ConnectionPool(conninfo, min_size=1, max_size=max_size, open=True,
                                    kwargs={"row_factory": dict_row, "connect_timeout": 5, "autocommit": True})

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        from psycopg.rows import dict_row

        with self._pool.connection() as connection, connection.transaction():
            yield connection.cursor(row_factory=dict_row)  # the pool's own row factory, named for the cursor's type

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        from psycopg.rows import dict_row

        with self._pool.connection() as connection:
            yield connection.cursor(row_factory=dict_row)  # the pool's own row factory, named for the cursor's type

    def insert_rows(self, cursor: Cursor, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
        import psycopg

        assert isinstance(cursor, psycopg.Cursor)  # the cursor this database's transaction() gives
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def check_connections(self) -> None:
        self._pool.check()  # psycopg_pool tests each idle connection and replaces the broken ones

    def columns_of(self, cursor: Cursor, table: str) -> set[str]:
        rows = cursor.execute("SELECT column_name AS name FROM information_schema.columns WHERE table_name = %s",
                              (table,)).fetchall()
        return {row["name"] for row in rows}

    def lock_for_rebuild(self, cursor: Cursor, table: str) -> None:
        cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # writers wait, readers go on

    def rename_table(self, cursor: Cursor, table: str, to: str, indexes: dict[str, str], constraints: tuple[str, ...]) -> None:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {to}")
        for name in indexes:
            cursor.execute(f"ALTER INDEX {table}_{name} RENAME TO {to}_{name}")
        for suffix in constraints:
            cursor.execute(f"ALTER TABLE {to} RENAME CONSTRAINT {table}_{suffix} TO {to}_{suffix}")

    def quick_commit(self, cursor: Cursor) -> None:
        cursor.execute("SET LOCAL synchronous_commit = off")

    def walk_index_in_order(self, cursor: Cursor) -> None:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")

    def close(self) -> None:
        self._pool.close()


# --- reads on the event loop ------------------------------------------------------------------------

class AsyncReads(abc.ABC):
    """Queries answered on the event loop, for the pages read most: a request spends no hop to a thread
    and back, which costs a citizen's status page more than its query does."""

    async def open(self) -> None:
        """Called on the event loop that will read (an async pool belongs to one loop); nothing by default."""
        return None

    async def close(self) -> None:
        """Releases connections; nothing by default."""
        return None

    def refresh(self) -> None:
        """The database came back: connections kept from before are to be checked before use."""
        return None

    @abc.abstractmethod
    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        """The rows of one query."""


class ThreadedReads(AsyncReads):
    """SQLite has no asynchronous driver: its reads go to the thread pool."""

    def __init__(self, db: Database):
        self.db = db

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        import anyio.to_thread

        return await anyio.to_thread.run_sync(self.db.fetch, sql, params)


class PostgresAsyncReads(AsyncReads):
    """psycopg's async pool, opened on the serving loop; autocommit, so a read is one round trip."""

    def __init__(self, conninfo: str, max_size: int = 10):
        self.conninfo = conninfo
        self.max_size = max_size
        self._pool: AsyncConnectionPool | None = None
        self._stale = False

    async def open(self) -> None:
        from psycopg.rows import dict_row
        from psycopg_pool import AsyncConnectionPool

        pool: AsyncConnectionPool = AsyncConnectionPool(
            self.conninfo, min_size=1, max_size=self.max_size, open=False,
            kwargs={"row_factory": dict_row, "connect_timeout": 5, "autocommit": True})
        self._pool = pool
        await pool.open()

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    def refresh(self) -> None:
        self._stale = True  # from the watch's thread; the next read, on the loop, checks the pool

    async def fetch(self, sql: str, params: Params = ()) -> list[Row]:
        if self._pool is None:
            raise RuntimeError("the reads were not opened on this event loop")
        if self._stale:
            self._stale = False
            await self._pool.check()  # drops the idle connections that died with the database
        from psycopg.rows import dict_row

        async with self._pool.connection() as connection:
            cursor = await connection.cursor(row_factory=dict_row).execute(sql, params)  # the pool's row factory
            return await cursor.fetchall()
