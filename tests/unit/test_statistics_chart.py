"""The statistics' chart, as gateway.console.statistics draws it: one scale for every bar, the values in words."""

from __future__ import annotations

from gateway.console.statistics import HEIGHT, chart_of
from gateway.routes.statistics import StatisticsRow


def row(unit: str, received: int, on_time: int = 0, overdue: int = 0, month: str = "2026-11") -> StatisticsRow:
    return StatisticsRow(month=month, unit=unit, district="BIN", kind="technical_conditions", received=received,
                         answered=on_time, answered_on_time=on_time, answered_on_time_percent=None,
                         median_working_days=None, open_overdue=overdue)


def test_the_bars_are_the_units_totals_on_one_scale_the_largest_unit_first():
    chart = chart_of([row("TSS", 3, 1, 2), row("BIN", 5, 4), row("TSS", 4, 2, month="2026-10")])
    assert [g.unit for g in chart.groups] == ["TSS", "BIN"]  # 7 received before 5
    tss = {bar.series: bar for bar in chart.groups[0].bars}
    assert (tss["received"].value, tss["answered_on_time"].value, tss["open_overdue"].value) == (7, 3, 2)
    top = chart.ticks[-1][0]
    assert top >= 7 and all(bar.height == round(bar.value / top * HEIGHT) for g in chart.groups for bar in g.bars)
    assert all(bar.y + bar.height == chart.top + HEIGHT for g in chart.groups for bar in g.bars)  # on one base line
    assert chart.description.startswith("TSS: daxil olub 7, vaxtında cavablandırılıb 3, açıq, gecikən 2; BIN:")


def test_no_rows_is_an_empty_chart_that_says_so():
    chart = chart_of([])
    assert chart.groups == [] and chart.description == "Seçilmiş süzgəclərlə müraciət yoxdur."
