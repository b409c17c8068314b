"""Application-number series kept in the database, so that no serial is ever issued twice."""

from __future__ import annotations

from cases.ports import NumberIssuer
from projections.sql import Database


class SqlNumberIssuer(NumberIssuer):
    """A counter row per series, incremented in its own short transaction: a serial handed out
    is committed at once, so it is never handed out again even if the submission then fails."""

    def __init__(self, db: Database):
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS number_series (series TEXT PRIMARY KEY, last BIGINT NOT NULL)")

    def next_serial(self, series: str) -> int:
        return self.reserve(series, 1).start

    def reserve(self, series: str, count: int) -> range:
        with self.db.transaction() as cursor:
            last = cursor.execute(
                "INSERT INTO number_series (series, last) VALUES (%s, %s) ON CONFLICT (series) "
                "DO UPDATE SET last = number_series.last + excluded.last RETURNING last", (series, count)).fetchone()["last"]
        return range(last - count + 1, last + 1)
