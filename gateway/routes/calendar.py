"""The working calendar: the day swaps the Cabinet of Ministers decrees each year, recorded by an operator."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from cases.calendar import in_force
from cases.ports import DaySwap
from gateway.deps import Authorized, ServicesDep
from schemas.commands import RecordDaySwapCommand
from schemas.views import DaySwapPublic, DaySwapsPublic

router = APIRouter(prefix="/v1/calendar", tags=["operator"])


@router.get("/day-swaps", response_model=DaySwapsPublic)
def list_day_swaps(services: ServicesDep, actor: Authorized,
                   year: Annotated[int | None, Query(ge=2000, le=2100, description="Only the days of this year")] = None):
    """Every recorded day swap, oldest record first, superseded ones included (`in_force: false`)."""
    swaps = services.calendar.swaps()
    current = in_force(swaps, None)
    data = [public(swap, current[swap.day] is swap) for swap in swaps if year is None or swap.day.year == year]
    return DaySwapsPublic(data=data, count=len(data))


@router.post("/day-swaps", status_code=status.HTTP_201_CREATED, response_model=DaySwapPublic,
             responses={422: {"description": "The day is already what the record would make it, or out of range"}})
def record_day_swap(services: ServicesDep, actor: Authorized, command: RecordDaySwapCommand):
    """Records a decree's day swap; the running cases' due dates follow it at once."""
    swap = services.record_day_swap(command.day, command.working, command.decree, command.reason, actor.subject)
    return public(swap, True)


def public(swap: DaySwap, current: bool) -> DaySwapPublic:
    return DaySwapPublic(day=swap.day, working=swap.working, decree=swap.decree, reason=swap.reason,
                         recorded_by=swap.recorded_by, recorded_at=swap.recorded_at, in_force=current)
