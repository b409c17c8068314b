"""An existing deployment upgrades in place: the rows a store already holds load unchanged, their hash
chain still verifies, and they replay to the same views, on SQLite and Postgres alike.

old_release_rows.json holds one application's rows exactly as the release before the typed events
recorded them (submitted, routed, an executor assigned, a note, then that executor named again with
another): that release's ExecutorAssigned recorded the request, so its last event repeats `x-7`.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from schemas.commands import AddNoteCommand, AssignExecutorsCommand
from tests.integration.test_audit import EMPLOYEE
from tests.raw_store import RawStore

OLD_RELEASE = json.loads((Path(__file__).parent / "old_release_rows.json").read_text(encoding="utf-8"))
APPLICATION = uuid.UUID(OLD_RELEASE["application_id"])
ELVIN, NIGAR = {"id": "x-7", "name": "Elvin Quliyev"}, {"id": "y-8", "name": "Nigar Əhmədova"}


@pytest.fixture
def upgraded(services, settings):
    """The old release's rows, written into the store as that release left them."""
    raw = RawStore(settings)
    for row in OLD_RELEASE["rows"]:
        raw.insert(APPLICATION, row["version"], row["topic"], row["state"])
    return services


def test_rows_of_the_previous_release_load_unchanged_and_their_chain_verifies(upgraded):
    application = upgraded.registry.repository.get(APPLICATION)
    assert (application.version, application.status.value, application.executors) == (5, "in_progress", [ELVIN, NIGAR])
    report = upgraded.auditor.verify(APPLICATION)
    assert (report.ok, report.events, report.unsealed_events, report.head_version) == (True, 5, 0, 5)
    assert upgraded.auditor.verify_store().ok
    [*_, repeated] = upgraded.auditor.history(APPLICATION).events
    assert repeated.payload == {"executors": [ELVIN, NIGAR]}, "the history shows what was recorded"


def test_an_old_assignment_that_repeats_an_executor_replays_to_the_same_view(upgraded):
    upgraded.views.rebuild()
    view = upgraded.views.get(str(APPLICATION))
    assert view.executors == [ELVIN, NIGAR]
    assert [entry.type for entry in view.timeline] == ["Submitted", "Routed", "ExecutorAssigned", "NoteAdded",
                                                       "ExecutorAssigned"]
    assert upgraded.case_view(APPLICATION).executors == [ELVIN, NIGAR]


def test_an_old_application_worked_after_the_upgrade_keeps_one_verifiable_chain(upgraded):
    again = upgraded.registry.assign_executors(APPLICATION, AssignExecutorsCommand(executors=[ELVIN, NIGAR]), EMPLOYEE)
    assert again.version == 5  # both assigned already: nothing recorded
    upgraded.registry.add_note(APPLICATION, AddNoteCommand(text="Yoxlanıldı."), EMPLOYEE)
    report = upgraded.auditor.verify(APPLICATION)
    assert (report.ok, report.head_version) == (True, 6)
    assert upgraded.case_view(APPLICATION).notes[-1].text == "Yoxlanıldı."


def test_an_old_application_without_the_new_events_replays_to_the_same_view_with_its_due_date(upgraded):
    upgraded.views.catch_up()
    followed = upgraded.views.get(str(APPLICATION))
    upgraded.views.rebuild()
    rebuilt = upgraded.views.get(str(APPLICATION))
    assert rebuilt == followed == upgraded.case_view(APPLICATION)
    assert rebuilt.due_on is not None and rebuilt.information_request is None and rebuilt.clock.waits == []
