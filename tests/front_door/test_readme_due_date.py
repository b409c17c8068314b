"""The README's due date explained event by event is the one the rules derive, date for date: its table is
read from README.md, so a changed rule, default or holiday makes this test fail rather than the README lie."""

from __future__ import annotations

import re
from datetime import date, datetime

from cases.calendar import WorkingCalendar
from cases.deadlines import Deadlines
from cases.ports import BAKU, DaySwap
from gateway.adapters.calendar import AzerbaijanHolidays
from gateway.settings import Settings
from schemas.views import CaseClock, Wait
from tests.fakes import MemoryDaySwaps
from tests.front_door.test_readme import README

KIND = "technical_conditions"
SUBMITTED_ON = date(2026, 3, 16)
ASKED = datetime(2026, 4, 1, 11, 0, tzinfo=BAKU)
SWAP_RECORDED_AT = datetime(2026, 4, 10, 12, 0, tzinfo=BAKU)
MONTHS = {"March": 3, "April": 4, "May": 5}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def readme_due_dates() -> list[date | None]:
    """The table's second column: a day, or None where it says the case has none."""
    table = README.read_text(encoding="utf-8").split("| event | the due date after it | why |\n|---|---|---|\n", 1)[1]
    dates: list[date | None] = []
    for row in table.split("\n\n", 1)[0].splitlines():
        column = row.split("|")[2].strip()
        found = re.fullmatch(r"(\w+) (\d+) (\w+)", column)
        if found is None:
            assert column.startswith("none"), column
            dates.append(None)
            continue
        weekday, day, month = found.groups()
        written = date(2026, MONTHS[month], int(day))
        assert WEEKDAYS[written.weekday()] == weekday, f"{column}: {written} is a {WEEKDAYS[written.weekday()]}"
        dates.append(written)
    return dates


def test_the_readmes_due_date_is_derived_event_by_event_as_it_says(tmp_path):
    calendar = WorkingCalendar(AzerbaijanHolidays(), MemoryDaySwaps())
    deadlines = Deadlines(Settings(_env_file=None, data_dir=tmp_path).terms(), calendar)
    submitted = CaseClock(submitted_on=SUBMITTED_ON)
    asked = submitted.model_copy(update={"waits": [Wait(requested_at=ASKED, requested_on=ASKED.date())]})
    answered = submitted.model_copy(update={"waits": [Wait(requested_at=ASKED, requested_on=ASKED.date(),
                                                           provided_on=date(2026, 4, 6))]})
    extended = answered.model_copy(update={"extension_days": 5, "extensions": 1})
    derived = [deadlines.due_on(KIND, clock) for clock in (submitted, asked, answered, extended)]

    calendar.record(DaySwap(day=date(2026, 4, 24), working=False, decree="Nazirlər Kabinetinin qərarı",
                            reason="günlərin yerinin dəyişdirilməsi", recorded_by="ops-01", recorded_at=SWAP_RECORDED_AT))
    derived.append(deadlines.due_on(KIND, extended))

    assert derived == readme_due_dates()
    assert deadlines.due_on(KIND, extended, as_of=SWAP_RECORDED_AT.replace(hour=11)) == derived[3], \
        "the state as of a moment before the record shows the due date as it stood then"
