"""Statistics for supervisors and auditors, from the application views: per unit, district, kind and month
of submission (Baku's), how many were received and answered, how many of those on time, the median working
days the term's clock ran until the answer, and how many are open and overdue today.

Read from a few narrow columns of the view table (never the cases' bodies), grouped here: the median is
not an aggregate both SQL dialects have.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from projections.application_views import TABLE, Where
from projections.sql import Database, Row

BAKU = ZoneInfo("Asia/Baku")
CLOSED = ("answered", "withdrawn")


@dataclass(frozen=True)
class StatisticsFilter:
    first_month: str | None = None  # "2026-03", inclusive
    last_month: str | None = None
    unit: str | None = None
    district: str | None = None
    kind: str | None = None


@dataclass
class Group:
    """One row of the statistics."""

    unit: str
    district: str
    kind: str
    month: str
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    open_overdue: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.answered_on_time / self.answered, 1) if self.answered else None

    @property
    def median_working_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None


class CaseStatistics:
    def __init__(self, db: Database, table: str = TABLE):
        self.db = db
        self.table = table

    def groups(self, wanted: StatisticsFilter, today: date) -> list[Group]:
        """The groups that received anything, ordered by month, unit, district and kind."""
        where = Where().equal("kind", wanted.kind).equal("district", wanted.district)
        if wanted.unit is not None:
            where.add("COALESCE(executing_unit, intake_unit) = %s", wanted.unit)
        rows = self.db.fetch(f"SELECT kind, district, intake_unit, executing_unit, submitted_at, status, due_on, "
                             f"answered_on, working_days_taken, on_time FROM {self.table} {where.sql}", where.params)
        return sorted(self._grouped(rows, wanted, today), key=lambda g: (g.month, g.unit, g.district, g.kind))

    def _grouped(self, rows: Iterable[Row], wanted: StatisticsFilter, today: date) -> Iterable[Group]:
        groups: dict[tuple[str, str, str, str], Group] = {}
        for row in rows:
            month = submitted_month(row["submitted_at"])
            if (wanted.first_month and month < wanted.first_month) or (wanted.last_month and month > wanted.last_month):
                continue
            unit = row["executing_unit"] or row["intake_unit"]
            key = (unit, row["district"], row["kind"], month)
            group = groups.setdefault(key, Group(*key))
            count(group, row, today)
        return groups.values()


def count(group: Group, row: Row, today: date) -> None:
    group.received += 1
    if row["status"] == "answered":
        group.answered += 1
        group.answered_on_time += bool(row["on_time"])
        if row["working_days_taken"] is not None:
            group.days.append(int(row["working_days_taken"]))
    elif row["status"] not in CLOSED and row["due_on"] is not None and date.fromisoformat(row["due_on"]) < today:
        group.open_overdue += 1


def submitted_month(submitted_at: str) -> str:
    """The month of submission in Baku (the views keep the moment in UTC)."""
    moment = datetime.fromisoformat(submitted_at)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(BAKU).strftime("%Y-%m")
