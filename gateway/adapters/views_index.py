"""What the views saw, for the auditor: read from the status view's own table."""

from __future__ import annotations

from uuid import UUID

from cases.audit import ViewsIndex
from projections.application_views import ApplicationViews


class SqlViewsIndex(ViewsIndex):
    def __init__(self, views: ApplicationViews):
        self.views = views

    def id_of_number(self, number: str) -> UUID | None:
        row = self._one(f"SELECT id FROM {self.views.table} WHERE number = %s", (number,))
        return UUID(row["id"]) if row else None

    def version_of(self, application_id: UUID) -> int | None:
        row = self._one(f"SELECT version FROM {self.views.table} WHERE id = %s", (str(application_id),))
        return row["version"] if row else None

    def versions(self) -> dict[str, int]:
        with self.views.db.transaction() as cursor:
            rows = cursor.execute(f"SELECT id, version FROM {self.views.table}").fetchall()
        return {row["id"]: row["version"] for row in rows}

    def _one(self, sql: str, params: tuple) -> dict | None:
        with self.views.db.transaction() as cursor:
            return cursor.execute(sql, params).fetchone()
