"""Following the event store's log from a recorded position.

Each batch is applied in the same transaction that moves the follower's position, so a crash
at any moment repeats nothing and skips nothing: the next run starts where the last commit left.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from projections.sql import Cursor, Database
from schemas.events import EventEnvelope

ReadLog = Callable[[int, int], list[EventEnvelope]]  # events after a position, at most so many
Apply = Callable[[Cursor, EventEnvelope], None]
Progress = Callable[[int], None]  # called with the log position reached
Around = Callable[[EventEnvelope], AbstractContextManager[object]]
"""What each event is applied within (gateway.tracing's span of its trace); nothing by default."""


def nothing_around(event: EventEnvelope) -> AbstractContextManager[object]:
    return nullcontext()


def log_position(event: EventEnvelope) -> int:
    """Where an event read by a ReadLog is in the log."""
    assert event.position is not None  # a ReadLog reads the log, which gives every event its position
    return event.position

POSITIONS_TABLE = "CREATE TABLE IF NOT EXISTS projection_position (name TEXT PRIMARY KEY, position BIGINT NOT NULL)"
BATCH = 500


def recorded_positions(db: Database) -> dict[str, int]:
    """Every follower's position, by name (none before the first follower made its table)."""
    with db.transaction() as cursor:
        if not db.columns_of(cursor, "projection_position"):
            return {}
        return {row["name"]: row["position"] for row in cursor.execute("SELECT name, position FROM projection_position").fetchall()}


class LogFollower:
    def __init__(self, db: Database, read_log: ReadLog, name: str, apply: Apply, batch: int = BATCH,
                 around: Around = nothing_around):
        self.db = db
        self.read_log = read_log
        self.name = name
        self.apply = apply
        self.batch = batch
        self.around = around
        self._lock = threading.Lock()  # one catch-up at a time in this process

    def create_tables(self, cursor: Cursor) -> None:
        cursor.execute(POSITIONS_TABLE)
        # The row exists from the start, so that FOR UPDATE always has something to lock.
        cursor.execute("INSERT INTO projection_position (name, position) VALUES (%s, 0) ON CONFLICT (name) DO NOTHING",
                       (self.name,))

    def catch_up(self, progress: Progress | None = None) -> int:
        """Applies every event recorded since the position; returns how many."""
        applied = 0
        with self._lock:
            while batch := self._next_batch(progress):
                applied += batch
        return applied

    def _next_batch(self, progress: Progress | None) -> int:
        with self.db.transaction() as cursor:
            events = self.apply_next_batch(cursor)
        if events and progress:
            progress(log_position(events[-1]))
        return len(events)

    def apply_next_batch(self, cursor: Cursor) -> list[EventEnvelope]:
        events = self.read_log(self.position(cursor), self.batch)
        for event in events:
            with self.around(event):
                self.apply(cursor, event)
        if events:
            self.move_to(cursor, log_position(events[-1]))
        return events

    def position(self, cursor: Cursor) -> int:
        # FOR UPDATE: two processes catching up at once take turns instead of racing.
        row = cursor.execute(f"SELECT position FROM projection_position WHERE name = %s{self.db.for_update}",
                             (self.name,)).fetchone()
        return row["position"] if row else 0

    def move_to(self, cursor: Cursor, position: int) -> None:
        cursor.execute("INSERT INTO projection_position (name, position) VALUES (%s, %s) "
                       "ON CONFLICT (name) DO UPDATE SET position = excluded.position", (self.name, position))

    def forget(self, cursor: Cursor) -> None:
        cursor.execute(POSITIONS_TABLE)
        cursor.execute("DELETE FROM projection_position WHERE name = %s", (self.name,))
