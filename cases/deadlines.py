"""A case's due date, derived from its events and the working calendar, never stored as truth.

    due date = the N-th working day after the day of submission (cases/calendar.py counts them), where
    N = the term of the application's kind
      + the working days the case waited for the applicant (each request: the working days after
        the day it was asked, up to and including the day it was answered)
      + the working days a supervisor's extensions added.

While the case waits for the applicant the clock stands still, and there is no due date until the
answer comes; once the case is answered or withdrawn there is none either. The terms are configured
(gateway/settings.py); the README says where the defaults come from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from cases.calendar import CalendarAt, WorkingCalendar, baku_date
from schemas.views import CaseClock


@dataclass(frozen=True)
class Terms:
    """The configured terms, in working days."""

    by_kind: Mapping[str, int]  # the whole term of each kind of application
    request_default: int = 5  # the applicant's term to answer a request, unless the employee gives one
    request_max: int = 30
    max_extensions: int = 1  # how many times a supervisor may extend one case's term
    extension_max_days: int = 15  # working days one extension may add

    def of_kind(self, kind: str) -> int:
        return self.by_kind[kind]


class Deadlines:
    """The due dates of cases, by the terms and the working calendar (as it stands, or stood at a moment)."""

    def __init__(self, terms: Terms, calendar: WorkingCalendar):
        self.terms = terms
        self.calendar = calendar

    def due_on(self, kind: str, clock: CaseClock, as_of: datetime | None = None) -> date | None:
        """The last day of the term; None while the case waits for the applicant."""
        if clock.waiting:
            return None
        return due_date(clock, self.terms.of_kind(kind), self.calendar.at(as_of))

    def answer_by(self, asked_at: datetime, working_days: int) -> date:
        """The last day of a request's own term: `working_days` after the day it was asked."""
        return self.calendar.at().nth_working_day_after(baku_date(asked_at), working_days)

    def working_days_left(self, due: date, now: datetime, as_of: datetime | None = None) -> int:
        """From `now`'s day (Baku) to the due date, by the calendar as it stood at `as_of` (as it stands, for None)."""
        return self.calendar.at(as_of).working_days_left(baku_date(now), due)

    def due_within(self, now: datetime, working_days: int) -> date:
        """The last day a case due within `working_days` working days of today may be due."""
        return self.calendar.at().nth_working_day_after(baku_date(now), working_days)

    def today(self, now: datetime) -> date:
        return baku_date(now)

    def timeliness(self, kind: str, clock: CaseClock, answered_on: date) -> tuple[int, bool]:
        """For a case answered on `answered_on`: the working days its clock ran (waits left out), and whether
        the answer came by the due date. A wait still open ends with the answer (a refusal for no answer)."""
        closed = closed_waits(clock, answered_on)
        at = self.calendar.at()
        waited = sum(at.working_days_after(w.requested_on, w.provided_on) for w in closed.waits if w.provided_on)
        ran = at.working_days_after(clock.submitted_on, answered_on) - waited
        return ran, answered_on <= due_date(closed, self.terms.of_kind(kind), at)


def due_date(clock: CaseClock, term: int, calendar: CalendarAt) -> date:
    """The term's last day, the waits and extensions added: the rule itself, over one calendar."""
    waited = sum(calendar.working_days_after(w.requested_on, w.provided_on) for w in clock.waits if w.provided_on)
    return calendar.nth_working_day_after(clock.submitted_on, term + waited + clock.extension_days)


def closed_waits(clock: CaseClock, on: date) -> CaseClock:
    """The clock with a wait still open ended on `on`."""
    if not clock.waiting:
        return clock
    last = clock.waits[-1].model_copy(update={"provided_on": on})
    return clock.model_copy(update={"waits": [*clock.waits[:-1], last]})
