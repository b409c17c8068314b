"""Working days on Azerbaijan's calendar and the due date derived from them, with real 2026 dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cases.calendar import WorkingCalendar, baku_date
from cases.deadlines import Deadlines, Terms
from cases.ports import BAKU, DaySwap
from gateway.adapters.calendar import AzerbaijanHolidays
from schemas.views import CaseClock, Wait
from tests.fakes import FakePublishedCalendar, MemoryDaySwaps

MONDAY_16_MARCH = date(2026, 3, 16)


def calendar(published=None, swaps=None) -> WorkingCalendar:
    return WorkingCalendar(published or AzerbaijanHolidays(), swaps or MemoryDaySwaps())


def swap(day: date, working: bool, recorded_at: datetime, decree: str = "Nazirlər Kabinetinin 2026-cı il qərarı") -> DaySwap:
    return DaySwap(day=day, working=working, decree=decree, reason="günlərin yerinin dəyişdirilməsi",
                   recorded_by="operator-1", recorded_at=recorded_at)


def deadlines(cal: WorkingCalendar, term: int = 10) -> Deadlines:
    return Deadlines(Terms(by_kind={"technical_conditions": term}), cal)


@pytest.mark.parametrize("published", [AzerbaijanHolidays(), FakePublishedCalendar()], ids=["holidays", "fake"])
def test_the_10th_working_day_after_16_march_2026_is_8_april(published):
    # Novruz and Ramazan bayramı run together from 20 to 30 March 2026, carried-over days included.
    assert calendar(published).at().nth_working_day_after(MONDAY_16_MARCH, 10) == date(2026, 4, 8)


def test_novruz_and_the_bayram_are_rest_days_and_the_day_after_is_a_working_day():
    at = calendar().at()
    assert [d for d in range(19, 32) if at.is_working_day(date(2026, 3, d))] == [19, 31]


def test_a_friday_evening_submission_starts_counting_on_monday():
    friday_evening = datetime(2026, 4, 10, 21, 30, tzinfo=BAKU)
    assert calendar().at().nth_working_day_after(baku_date(friday_evening), 1) == date(2026, 4, 13)


def test_the_day_is_bakus_not_utcs():
    # 22:30 UTC on Thursday is already Friday in Baku (UTC+4): Friday is the submission's day.
    late_thursday_utc = datetime(2026, 4, 9, 22, 30, tzinfo=UTC)
    assert baku_date(late_thursday_utc) == date(2026, 4, 10)


def test_a_submission_on_a_holiday_counts_from_the_first_working_day_after_it():
    on_novruz = date(2026, 3, 23)
    assert calendar().at().nth_working_day_after(on_novruz, 1) == date(2026, 3, 31)


def test_a_submission_on_the_last_day_before_novruz_counts_from_after_the_holidays():
    assert calendar().at().nth_working_day_after(date(2026, 3, 19), 1) == date(2026, 3, 31)


def test_a_holiday_on_a_rest_day_is_carried_over_to_the_next_working_day():
    # 9 May 2026 (Victory Day) is a Saturday: Monday 11 May is the rest day instead (Labour Code art. 105).
    at = calendar().at()
    assert not at.is_working_day(date(2026, 5, 11)) and at.is_working_day(date(2026, 5, 12))


def test_a_recorded_day_swap_moves_a_due_date_from_the_moment_it_was_recorded():
    swaps, recorded = MemoryDaySwaps(), datetime(2026, 3, 17, 12, 0, tzinfo=BAKU)
    cal = calendar(swaps=swaps)
    clock = CaseClock(submitted_on=MONDAY_16_MARCH)
    before = deadlines(cal).due_on("technical_conditions", clock)
    cal.record(swap(date(2026, 4, 3), working=False, recorded_at=recorded))  # Friday 3 April made a rest day
    assert before == date(2026, 4, 8)
    assert deadlines(cal).due_on("technical_conditions", clock) == date(2026, 4, 9)
    assert deadlines(cal).due_on("technical_conditions", clock, as_of=recorded - timedelta(seconds=1)) == date(2026, 4, 8)
    assert deadlines(cal).due_on("technical_conditions", clock, as_of=recorded) == date(2026, 4, 9)


def test_a_rest_day_made_a_working_day_brings_the_due_date_nearer():
    cal = calendar(swaps=MemoryDaySwaps())
    cal.record(swap(date(2026, 4, 4), working=True, recorded_at=datetime(2026, 3, 17, tzinfo=BAKU)))  # a Saturday
    assert deadlines(cal).due_on("technical_conditions", CaseClock(submitted_on=MONDAY_16_MARCH)) == date(2026, 4, 7)


def test_the_latest_record_of_a_day_is_the_one_in_force():
    cal = calendar(swaps=MemoryDaySwaps())
    cal.record(swap(date(2026, 4, 3), working=False, recorded_at=datetime(2026, 3, 17, tzinfo=BAKU)))
    cal.record(swap(date(2026, 4, 3), working=True, recorded_at=datetime(2026, 3, 18, tzinfo=BAKU), decree="düzəliş"))
    clock = CaseClock(submitted_on=MONDAY_16_MARCH)
    assert deadlines(cal).due_on("technical_conditions", clock) == date(2026, 4, 8)
    assert deadlines(cal).due_on("technical_conditions", clock, as_of=datetime(2026, 3, 17, 18, tzinfo=BAKU)) == date(2026, 4, 9)


def test_a_pause_of_3_working_days_moves_the_due_date_by_3():
    # Asked on Wednesday 1 April, answered on Monday 6 April: Thursday, Friday and Monday were waited.
    paused = CaseClock(submitted_on=MONDAY_16_MARCH, waits=[
        Wait(requested_at=datetime(2026, 4, 1, 10, tzinfo=BAKU), requested_on=date(2026, 4, 1), provided_on=date(2026, 4, 6))])
    assert deadlines(calendar()).due_on("technical_conditions", paused) == date(2026, 4, 13)


def test_there_is_no_due_date_while_the_case_waits_for_the_applicant():
    waiting = CaseClock(submitted_on=MONDAY_16_MARCH, waits=[
        Wait(requested_at=datetime(2026, 4, 1, 10, tzinfo=BAKU), requested_on=date(2026, 4, 1))])
    assert deadlines(calendar()).due_on("technical_conditions", waiting) is None


def test_an_answer_on_the_day_of_the_request_stops_no_working_day():
    same_day = CaseClock(submitted_on=MONDAY_16_MARCH, waits=[
        Wait(requested_at=datetime(2026, 4, 1, 10, tzinfo=BAKU), requested_on=date(2026, 4, 1), provided_on=date(2026, 4, 1))])
    assert deadlines(calendar()).due_on("technical_conditions", same_day) == date(2026, 4, 8)


def test_an_extension_adds_its_working_days():
    extended = CaseClock(submitted_on=MONDAY_16_MARCH, extension_days=5, extensions=1)
    assert deadlines(calendar()).due_on("technical_conditions", extended) == date(2026, 4, 15)


def test_working_days_left_is_zero_on_the_due_day_and_negative_once_overdue():
    d = deadlines(calendar())
    due = date(2026, 4, 8)
    assert d.working_days_left(due, datetime(2026, 4, 6, 9, tzinfo=BAKU)) == 2
    assert d.working_days_left(due, datetime(2026, 4, 8, 23, tzinfo=BAKU)) == 0
    assert d.working_days_left(due, datetime(2026, 4, 10, 9, tzinfo=BAKU)) == -2


def test_a_count_of_working_days_out_of_range_is_refused():
    with pytest.raises(ValueError):
        calendar().at().nth_working_day_after(MONDAY_16_MARCH, -1)
