"""The supervisor's statistics: GET /v1/statistics's rows as a table, a bar chart drawn on the server as SVG,
and the same rows as CSV, with the filters in the URL.

The chart is a few bars per unit, so it is drawn here (coordinates computed in Python, the SVG written by the
template) rather than by a plotting library: the page runs no script, and the chart is text a screen reader
reads (its title, its description and each bar's value)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from gateway.console.session import PATH, Session
from gateway.console.web import ServicesDep, SessionDep, page, permit
from gateway.routes.statistics import CODE, MONTH, StatisticsPublic, StatisticsRow, read_statistics
from schemas.event_payloads import JsonObject

router = APIRouter(prefix=f"{PATH}/statistics", include_in_schema=False)

Kind = Literal["technical_conditions", "meter_installation"]
# A form's empty field is no filter: each pattern of the API's, or nothing.
Month = Annotated[str, Query(pattern=f"^({MONTH[1:-1]})?$")]
Code = Annotated[str, Query(pattern=f"^({CODE[1:-1]})?$")]


@dataclass(frozen=True)
class Filters:
    first_month: str = ""
    last_month: str = ""
    unit: str = ""
    district: str = ""
    kind: Kind | Literal[""] = ""

    def as_query(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}


def _filters(first_month: Month = "", last_month: Month = "", unit: Code = "", district: Code = "",
             kind: Kind | Literal[""] = "") -> Filters:
    return Filters(first_month, last_month, unit, district, kind)


def _read(services: ServicesDep, session: Session, wanted: Filters, format: Literal["json", "csv"]) -> object:
    permit(session, "GET /v1/statistics")
    return read_statistics(services, session.actor, wanted.first_month or None, wanted.last_month or None,
                           wanted.unit or None, wanted.district or None, wanted.kind or None, format)


@router.get("", response_class=HTMLResponse)
def statistics_page(request: Request, services: ServicesDep, session: SessionDep, first_month: Month = "",
                    last_month: Month = "", unit: Code = "", district: Code = "",
                    kind: Kind | Literal[""] = "") -> Response:
    """The rows of the statistics, a chart of them by unit, and the way to download them."""
    wanted = _filters(first_month, last_month, unit, district, kind)
    found = _read(services, session, wanted, "json")
    assert isinstance(found, StatisticsPublic)
    units, districts, kinds = (services.catalogue.items(name) for name in ("units", "districts", "kinds"))
    return page(request, "statistics.html", session, rows=found.data, chart=chart_of(found.data), filters=wanted,
                units=units, districts=districts, kinds=kinds, names=_names(districts, kinds))


def _names(*lists: list[JsonObject]) -> dict[str, str]:
    """A district's or a service's name by its code, for the table: a reader knows "Binəqədi rayonu", not "BIN"."""
    return {str(item["code"]): str(item["name"]) for items in lists for item in items}


@router.get(".csv")
def statistics_csv(services: ServicesDep, session: SessionDep, first_month: Month = "", last_month: Month = "",
                   unit: Code = "", district: Code = "", kind: Kind | Literal[""] = "") -> Response:
    """The same rows as GET /v1/statistics?format=csv gives them."""
    found = _read(services, session, _filters(first_month, last_month, unit, district, kind), "csv")
    assert isinstance(found, Response)
    return found


# --- the chart ---------------------------------------------------------------------------------------

SERIES = (("received", "Daxil olub"), ("answered_on_time", "Vaxtında cavablandırılıb"), ("open_overdue", "Açıq, gecikən"))
BAR, GAP, GROUP_GAP, LEFT, TOP, HEIGHT = 18, 2, 26, 48, 16, 220
MAX_UNITS = 24  # more would not be read as a chart; the table has every row


@dataclass(frozen=True)
class Bar:
    series: str
    label: str
    value: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class Group:
    unit: str
    x: int  # the centre of the unit's label
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int  # of the plot; the labels go below it
    top: int
    groups: list[Group]
    ticks: list[tuple[int, int]]  # (value, y)
    description: str
    series: tuple[tuple[str, str], ...] = SERIES


def chart_of(rows: list[StatisticsRow]) -> Chart:
    """Received, answered on time and open overdue, summed by unit, as bars on one scale."""
    totals: dict[str, dict[str, int]] = {}
    for row in rows:
        total = totals.setdefault(row.unit, {name: 0 for name, _ in SERIES})
        for name, _ in SERIES:
            total[name] += getattr(row, name)
    units = sorted(totals, key=lambda u: (-totals[u]["received"], u))[:MAX_UNITS]
    top_value = max([1] + [v for u in units for v in totals[u].values()])
    scale = _nice(top_value)
    step = len(SERIES) * (BAR + GAP) + GROUP_GAP
    groups = []
    for i, unit in enumerate(units):
        left = LEFT + GROUP_GAP // 2 + i * step
        bars = []
        for j, (name, label) in enumerate(SERIES):
            height = round(totals[unit][name] / scale * HEIGHT)
            bars.append(Bar(name, label, totals[unit][name], left + j * (BAR + GAP), TOP + HEIGHT - height, height))
        groups.append(Group(unit, left + (len(SERIES) * (BAR + GAP)) // 2, bars))
    ticks = [(scale * k // 4, TOP + HEIGHT - HEIGHT * k // 4) for k in range(5)]
    return Chart(LEFT + max(1, len(units)) * step + 8, HEIGHT, TOP, groups, ticks, _described(units, totals))


def _nice(value: int) -> int:
    """The scale's top: the smallest of 4, 8, 20, 40, 80, 200… (a multiple of four) not below the largest value."""
    magnitude = 1
    while True:
        for factor in (4, 8, 20):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10


def _described(units: list[str], totals: dict[str, dict[str, int]]) -> str:
    if not units:
        return "Seçilmiş süzgəclərlə müraciət yoxdur."
    return "; ".join(f"{u}: " + ", ".join(f"{label.lower()} {totals[u][name]}" for name, label in SERIES) for u in units) + "."
