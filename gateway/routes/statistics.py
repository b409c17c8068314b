"""Statistics for supervisors and auditors, as JSON or as CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from gateway.deps import Authorized, ServicesDep
from projections.statistics import CaseStatistics, Group, StatisticsFilter

router = APIRouter(prefix="/v1/statistics", tags=["supervisor"])

MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
CODE = r"^[A-Za-z0-9_]{1,32}$"
COLUMNS = ("month", "unit", "district", "kind", "received", "answered", "answered_on_time", "answered_on_time_percent",
           "median_working_days", "open_overdue")


class StatisticsRow(BaseModel):
    month: str = Field(description="Of submission, Baku: YYYY-MM")
    unit: str = Field(description="The unit responsible: the executing unit once routed, the intake unit before")
    district: str
    kind: str
    received: int
    answered: int
    answered_on_time: int
    answered_on_time_percent: float | None = Field(description="Of those answered; null when none was")
    median_working_days: float | None = Field(description="Working days the term's clock ran until the answer")
    open_overdue: int = Field(description="Still open, and past their due date today")

    @classmethod
    def of(cls, group: Group) -> StatisticsRow:
        return cls(month=group.month, unit=group.unit, district=group.district, kind=group.kind, received=group.received,
                   answered=group.answered, answered_on_time=group.answered_on_time,
                   answered_on_time_percent=group.on_time_percent, median_working_days=group.median_working_days,
                   open_overdue=group.open_overdue)


class StatisticsPublic(BaseModel):
    data: list[StatisticsRow]
    count: int


@router.get("", response_model=StatisticsPublic,
            responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}})
def read_statistics(
    services: ServicesDep, actor: Authorized,
    first_month: Annotated[str | None, Query(pattern=MONTH, description="From this month of submission (YYYY-MM)")] = None,
    last_month: Annotated[str | None, Query(pattern=MONTH, description="Up to this month, inclusive")] = None,
    unit: Annotated[str | None, Query(pattern=CODE)] = None,
    district: Annotated[str | None, Query(pattern=CODE)] = None,
    kind: Literal["technical_conditions", "meter_installation"] | None = None,
    format: Literal["json", "csv"] = "json",
):
    """Per unit, district, kind and month: received, answered, on time (%), median working days, open overdue."""
    wanted = StatisticsFilter(first_month, last_month, unit, district, kind)
    today = services.deadlines.today(services.registry.clock.now())
    rows = [StatisticsRow.of(g) for g in CaseStatistics(services.database).groups(wanted, today)]
    if format == "csv":
        return Response(as_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="statistics.csv"'})
    return StatisticsPublic(data=rows, count=len(rows))


def as_csv(rows: list[StatisticsRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(COLUMNS)
    for row in rows:
        values = row.model_dump()
        writer.writerow(["" if values[c] is None else values[c] for c in COLUMNS])
    return out.getvalue()
