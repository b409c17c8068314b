"""The case projector: each event's typed payload through the one handler of its type.

A new event is its contract (schemas.event_payloads) plus the handlers that care about it; the
projector needs nothing else to apply it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from cases.ports import BAKU
from cases.reference import load_catalogue
from eventlog.decoding import read_log
from projections.application_views import CaseProjector
from schemas.event_payloads import CONTRACTS, Contract, EventPayload
from schemas.events import EventEnvelope
from tests.fakes import fake_deadlines
from tests.life_cycles import technical_conditions_after_asking, technical_conditions_fulfilled
from tests.unit.test_event_schemas import in_memory_registry


class ApplicantAskedEvent(EventPayload):
    """A new event, as the next capabilities will add them: the case asks the applicant for something."""

    question: str


@pytest.fixture(scope="module")
def lifecycle() -> list[EventEnvelope]:
    registry = in_memory_registry()
    technical_conditions_fulfilled(registry)
    events = read_log(registry, 0, 1000)
    registry.close()
    return events


def asked(after: EventEnvelope, question: str) -> EventEnvelope:
    return EventEnvelope(id=f"{after.application_id}:{after.version + 1}", application_id=after.application_id,
                         version=after.version + 1, type="ApplicantAsked", time=after.time,
                         data={"question": question, "context": after.data["context"],
                               "previous_hash": after.data["hash"], "hash": None})


def test_a_new_event_reaches_the_projector_through_the_one_handler_of_its_type(lifecycle, monkeypatch):
    monkeypatch.setitem(CONTRACTS, "ApplicantAsked", Contract("ApplicantAsked", 1, ApplicantAskedEvent))
    projector, seen = CaseProjector(load_catalogue()), []

    def applicant_asked(view, payload, event):
        seen.append(payload)
        return {"notes": [*view.notes]}

    monkeypatch.setitem(projector._handlers, "ApplicantAsked", applicant_asked)
    view = projector.render([*lifecycle, asked(lifecycle[-1], "Sənədin surətini göndərin.")])

    [payload] = seen
    assert isinstance(payload, ApplicantAskedEvent) and payload.question == "Sənədin surətini göndərin."
    assert (view.version, view.timeline[-1].type) == (len(lifecycle) + 1, "ApplicantAsked")


def test_each_handler_is_given_the_payload_typed_by_its_contract(lifecycle, monkeypatch):
    projector, given = CaseProjector(load_catalogue()), {}
    for name, handler in list(projector._handlers.items()):
        def recording(view, payload, event, handler=handler, name=name):
            given[name] = type(payload)
            return handler(view, payload, event)
        monkeypatch.setitem(projector._handlers, name, recording)

    projector.render(lifecycle)

    recorded = {e.type for e in lifecycle} - {"Submitted"}
    assert set(given) == recorded & set(projector._handlers)
    assert all(CONTRACTS[name].payload is payload_type for name, payload_type in given.items())


def test_the_due_date_after_each_event_of_a_case_that_asked_and_was_extended():
    registry = in_memory_registry()
    technical_conditions_after_asking(registry)
    events = read_log(registry, 0, 1000)
    registry.close()
    deadlines = fake_deadlines()
    projector = CaseProjector(load_catalogue(), deadlines)
    # asked, answered and extended: the due date after each event, as an auditor's state at that version shows it
    due = [projector.render(events[:n]).due_on for n in range(1, len(events) + 1)]
    at = deadlines.calendar.at()
    term_end = at.nth_working_day_after(events[0].time.astimezone(BAKU).date(), 15)
    waited = at.working_days_after(events[2].time.astimezone(BAKU).date(), events[3].time.astimezone(BAKU).date())
    assert [e.type for e in events] == ["Submitted", "Routed", "InformationRequested", "InformationProvided",
                                        "DeadlineExtended"]
    assert due[:3] == [term_end, term_end, None]
    assert due[3] == at.nth_working_day_after(events[0].time.astimezone(BAKU).date(), 15 + waited)
    assert at.working_days_after(due[3], due[4]) == 5 and due[4] > due[3] + timedelta(days=4)
