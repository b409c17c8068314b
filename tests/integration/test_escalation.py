"""Escalation on SQLite and Postgres: the unit's supervisors are told once per threshold per case, through the
delivery ledger, however often the escalator scans and however many times it is started again."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from cases.ports import BAKU
from gateway.bootstrap import bootstrap
from schemas.commands import ExtendDeadlineCommand, RouteCommand
from tests.life_cycles import INTAKE, SUPERVISOR, submit_technical_conditions

SUPERVISORS = {"TSS": ["rehber.tss@azersu.az", "muavin.tss@azersu.az"], "*": ["novbetci@azersu.az"]}


@pytest.fixture
def escalating(settings, clock):
    wired = bootstrap(settings.model_copy(update={"supervisor_emails": SUPERVISORS}), clock=clock)
    yield wired
    wired.close()


def routed(services) -> tuple[str, str]:
    application_id = submit_technical_conditions(services.registry)
    services.registry.route(application_id, RouteCommand(unit="TSS"), INTAKE)
    view = services.case_view(application_id)
    return view.number, view.due_on


def escalations(services, number: str) -> list:
    return [d for d in services.notifier.ledger.find(number=number, page_size=100)[0] if d.event_type == "DeadlineEscalation"]


def on(services, due, working_days_before: int) -> datetime:
    """Noon, Baku, `working_days_before` working days before the due day (negative: after it)."""
    at = services.calendar.at()
    day = due
    while at.working_days_left(day, due) < working_days_before:
        day -= timedelta(days=1)
    while at.working_days_left(day, due) > working_days_before:
        day += timedelta(days=1)
    return datetime.combine(day, time(12), BAKU)


def test_the_units_supervisors_are_told_once_when_two_working_days_are_left(escalating, clock):
    number, due = routed(escalating)
    clock.current = on(escalating, due, 3)
    assert escalating.escalator().scan() == 0

    clock.current = on(escalating, due, 2)
    escalating.escalator().scan()
    escalating.escalator().scan()  # a second scan, and another escalator (a restart): nothing more

    told = escalations(escalating, number)
    assert sorted(d.recipient for d in told) == sorted(SUPERVISORS["TSS"])
    assert all(number in d.subject and "2 iş günü qalıb" in d.body for d in told)


def test_an_overdue_case_is_told_again_once_and_only_the_most_pressing_threshold_first(escalating, clock):
    number, due = routed(escalating)
    clock.current = on(escalating, due, -1)
    escalating.escalator().scan()
    escalating.escalator().scan()
    told = escalations(escalating, number)
    assert len(told) == 2 and all("keçib" in d.subject for d in told)


def test_an_extension_lets_a_threshold_already_told_be_told_no_more(escalating, clock):
    number, due = routed(escalating)
    clock.current = on(escalating, due, 2)
    escalating.escalator().scan()
    application_id = escalating.views.of_unit("TSS", 1, 10)[0][0].id
    escalating.registry.extend_deadline(application_id, ExtendDeadlineCommand(working_days=1, reason="Baxış"), SUPERVISOR)
    clock.current = on(escalating, escalating.case_view(application_id).due_on, 2)
    escalating.escalator().scan()
    assert len(escalations(escalating, number)) == 2  # the two supervisors, once


def test_a_unit_without_supervisors_of_its_own_goes_to_the_default_address(settings, clock):
    wired = bootstrap(settings.model_copy(update={"supervisor_emails": {"*": ["novbetci@azersu.az"]}}), clock=clock)
    try:
        number, due = routed(wired)
        clock.current = on(wired, due, 0)
        wired.escalator().scan()
        assert [d.recipient for d in escalations(wired, number)] == ["novbetci@azersu.az"]
    finally:
        wired.close()


def test_without_any_supervisor_address_nothing_is_recorded(services, clock):
    number, due = routed(services)
    clock.current = on(services, due, -1)
    assert services.escalator().scan() == 0
    assert escalations(services, number) == []


def test_supervisor_addresses_and_thresholds_are_read_from_the_environment_and_checked(monkeypatch):
    from pydantic import ValidationError

    from gateway.settings import Settings

    monkeypatch.setenv("SUPERVISOR_EMAILS", '{"TSS": ["rehber.tss@azersu.az"], "*": ["novbetci@azersu.az"]}')
    monkeypatch.setenv("ESCALATION_THRESHOLDS", "[3, 0, -1]")
    read = Settings(_env_file=None)
    assert read.supervisor_emails["TSS"] == ["rehber.tss@azersu.az"] and read.escalation_thresholds == [3, 0, -1]
    monkeypatch.setenv("SUPERVISOR_EMAILS", '{"TSS": ["rehber"]}')
    with pytest.raises(ValidationError, match="supervisor_emails"):
        Settings(_env_file=None)
