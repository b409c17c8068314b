"""Working days on Azerbaijan's calendar, in Baku's time: the rules every term is counted by.

A day is a working day unless it is a rest day (Saturday, Sunday), a public holiday, or a holiday
carried over from a rest day (Labour Code art. 105), as the published calendar knows them
(cases.ports.PublishedCalendar: the `holidays` package), unless the Cabinet of Ministers swapped it by
a decree an operator recorded (cases.ports.DaySwapRecords): the latest record of a day wins, from the
moment it was recorded. So the calendar as it stood at any moment can be rebuilt, and a due date shown
to an auditor is the one that was in force then.

How a term is counted, as a citizen counts it: the day of submission is never one of the term's days,
whatever its hour; day 1 is the first working day after it. Submitted on a Friday evening, day 1 is
Monday; submitted on a holiday (or on the last day before Novruz), day 1 is the first working day after
the holidays. A term of N days ends at the end of its N-th working day, Baku time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

from cases.errors import InvalidReferenceError
from cases.ports import BAKU, DaySwap, DaySwapRecords, PublishedCalendar

SWAPS_REREAD_SECONDS = 30.0  # another process's record reaches this one's calendar within this
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)  # the years a decree of this service's life can name
MAX_TERM_DAYS = 3660  # no term, pause or extension the rules allow comes near ten years of working days


def baku_date(moment: datetime) -> date:
    """The day in Baku at `moment` (an aware datetime): the citizen's day, not UTC's."""
    return moment.astimezone(BAKU).date()


class CalendarAt:
    """The working calendar with the day swaps in force at one moment: immutable, so its answers are cached."""

    def __init__(self, published: PublishedCalendar, swaps: dict[date, DaySwap]):
        self.published = published
        self.swaps = swaps
        self.is_working_day: Callable[[date], bool] = lru_cache(maxsize=4096)(self._is_working_day)

    def _is_working_day(self, day: date) -> bool:
        swap = self.swaps.get(day)
        return swap.working if swap is not None else self.published.is_working_day(day)

    def nth_working_day_after(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself never counts); `start` for n = 0."""
        if not 0 <= n <= MAX_TERM_DAYS:
            raise ValueError(f"a count of working days between 0 and {MAX_TERM_DAYS}, not {n}")
        day = start
        while n > 0:
            day += timedelta(days=1)
            n -= self.is_working_day(day)
        return day

    def working_days_after(self, start: date, until: date) -> int:
        """How many working days there are after `start`, up to and including `until` (0 when until <= start)."""
        count, day = 0, start
        while day < until:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def working_days_left(self, today: date, due: date) -> int:
        """Working days from today to the due date: 0 on the due day itself (the term ends with it), the
        working days after today up to it before, and minus the working days since it once it has passed."""
        if due >= today:
            return self.working_days_after(today, due)
        return -self.working_days_after(due, today)


class WorkingCalendar:
    """The published calendar with the recorded day swaps, each in force from when it was recorded."""

    def __init__(self, published: PublishedCalendar, swaps: DaySwapRecords,
                 monotonic: Callable[[], float] = time.monotonic):
        self.published = published
        self.records = swaps
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._read_at: float | None = None
        self._swaps: list[DaySwap] = []
        self._current: CalendarAt | None = None

    def record(self, swap: DaySwap) -> None:
        """Records a day swap; this process's calendar has it at once, others within SWAPS_REREAD_SECONDS."""
        self.records.record(swap)
        self.forget()

    def record_swap(self, day: date, working: bool, decree: str, reason: str, recorded_by: str,
                    now: datetime) -> DaySwap:
        """An operator's record of a decree: refused when it would change nothing (the day is already so)."""
        if not FIRST_DAY <= day <= LAST_DAY:
            raise InvalidReferenceError("day", f"A day between {FIRST_DAY} and {LAST_DAY}.")
        if self.at().is_working_day(day) == working:
            what = "a working day" if working else "a rest day"
            raise InvalidReferenceError("working", f"{day.isoformat()} is {what} already: recording it would change nothing.")
        swap = DaySwap(day=day, working=working, decree=decree, reason=reason, recorded_by=recorded_by, recorded_at=now)
        self.record(swap)
        return swap

    def forget(self) -> None:
        with self._lock:
            self._read_at = None

    def swaps(self) -> list[DaySwap]:
        """Every recorded swap, in the order recorded (read again after SWAPS_REREAD_SECONDS)."""
        with self._lock:
            now = self._monotonic()
            if self._read_at is None or now - self._read_at > SWAPS_REREAD_SECONDS:
                self._swaps, self._read_at, self._current = self.records.all(), now, None
            return self._swaps

    def at(self, moment: datetime | None = None) -> CalendarAt:
        """The calendar as it stood at `moment`: the swaps recorded by then (every one, for None: now)."""
        swaps = self.swaps()
        if moment is None:
            with self._lock:
                if self._current is None:
                    self._current = CalendarAt(self.published, in_force(swaps, None))
                return self._current
        return CalendarAt(self.published, in_force(swaps, moment))


def in_force(swaps: list[DaySwap], moment: datetime | None) -> dict[date, DaySwap]:
    """The latest record of each day recorded by `moment` (or ever, for None)."""
    latest: dict[date, DaySwap] = {}
    for swap in swaps:
        if moment is None or swap.recorded_at <= moment:
            latest[swap.day] = swap
    return latest
