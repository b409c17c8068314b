"""A citizen's open applications (from the status views) and uploads (a small table of their own)."""

from __future__ import annotations

from datetime import UTC, datetime

from cases.application import Status
from cases.quotas import DAY, CitizenUsage
from projections.application_views import TABLE
from projections.sql import Database

CLOSED = (Status.ANSWERED.value, Status.WITHDRAWN.value)


class SqlCitizenUsage(CitizenUsage):
    """Open applications are counted in the status views: on the Kafka path they follow the topic, so a
    burst within the views' lag can pass the cap by what the rate limits let through. Uploads are rows of
    (citizen, moment, bytes), and a citizen's rows older than a day go when the next is written."""

    def __init__(self, db: Database):
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS citizen_uploads (fin TEXT NOT NULL, at BIGINT NOT NULL, "
                           "bytes BIGINT NOT NULL)")
            cursor.execute("CREATE INDEX IF NOT EXISTS citizen_uploads_by_citizen ON citizen_uploads (fin, at)")

    def open_applications(self, fin: str, kind: str) -> int:
        rows = self.db.fetch(f"SELECT count(*) AS n FROM {TABLE} WHERE applicant_fin = %s AND kind = %s "
                             "AND status NOT IN (%s, %s)", (fin, kind, *CLOSED))
        return int(rows[0]["n"])

    def uploads_since(self, fin: str, since: datetime) -> list[tuple[datetime, int]]:
        rows = self.db.fetch("SELECT at, bytes FROM citizen_uploads WHERE fin = %s AND at > %s ORDER BY at",
                             (fin, _seconds(since)))
        return [(datetime.fromtimestamp(row["at"], UTC), int(row["bytes"])) for row in rows]

    def record_upload(self, fin: str, at: datetime, size: int) -> None:
        with self.db.transaction() as cursor:
            cursor.execute("DELETE FROM citizen_uploads WHERE fin = %s AND at <= %s", (fin, _seconds(at - DAY)))
            cursor.execute("INSERT INTO citizen_uploads (fin, at, bytes) VALUES (%s, %s, %s)", (fin, _seconds(at), size))


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())
