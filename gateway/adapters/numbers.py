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
        with self.db.transaction() as cursor:
            return cursor.execute(
                "INSERT INTO number_series (series, last) VALUES (%s, 1) ON CONFLICT (series) "
                "DO UPDATE SET last = number_series.last + 1 RETURNING last", (series,)).fetchone()["last"]
