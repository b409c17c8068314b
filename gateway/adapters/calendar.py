"""The working calendar's adapters: Azerbaijan's published holidays (the `holidays` package) and the
operators' recorded day swaps (an append-only table beside the views)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import holidays

from cases.ports import DaySwap, DaySwapRecords, PublishedCalendar
from projections.sql import Database


class AzerbaijanHolidays(PublishedCalendar):
    """`holidays.country_holidays("AZ")`: Saturdays and Sundays, the public holidays with the Labour Code's
    carry-over (art. 105), Novruz, both bayrams (Islamic dates estimated beyond the package's release),
    and the Cabinet's day swaps up to the year the package was released."""

    def __init__(self) -> None:
        self._calendar = holidays.country_holidays("AZ")

    def is_working_day(self, day: date) -> bool:
        return bool(self._calendar.is_working_day(day))

    def holiday_name(self, day: date) -> str | None:
        name = self._calendar.get(day)
        return str(name) if name is not None else None


class SqlDaySwaps(DaySwapRecords):
    """One row per record, never updated or deleted: a later record of the same day supersedes an earlier
    one from its own moment on, and both stay, so a due date can be recomputed as it stood at any time.

    Kept in a table rather than the event store: the store's log is the application-events topic, whose
    every event belongs to one application, and a calendar record there would break that contract for
    every downstream reader."""

    TABLE = "calendar_day_swaps"

    def __init__(self, db: Database):
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {self.TABLE} (day TEXT NOT NULL, working BOOLEAN NOT NULL, "
                           "decree TEXT NOT NULL, reason TEXT NOT NULL, recorded_by TEXT NOT NULL, "
                           "recorded_at TEXT NOT NULL)")

    def record(self, swap: DaySwap) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"INSERT INTO {self.TABLE} (day, working, decree, reason, recorded_by, recorded_at) "
                           "VALUES (%s, %s, %s, %s, %s, %s)",
                           (swap.day.isoformat(), swap.working, swap.decree, swap.reason, swap.recorded_by,
                            swap.recorded_at.astimezone(UTC).isoformat()))

    def all(self) -> list[DaySwap]:
        rows = self.db.fetch(f"SELECT day, working, decree, reason, recorded_by, recorded_at FROM {self.TABLE} "
                             "ORDER BY recorded_at")
        return [DaySwap(day=date.fromisoformat(r["day"]), working=bool(r["working"]), decree=r["decree"],
                        reason=r["reason"], recorded_by=r["recorded_by"],
                        recorded_at=datetime.fromisoformat(r["recorded_at"])) for r in rows]
