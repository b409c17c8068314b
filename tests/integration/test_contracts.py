"""Contract tests of the write side's storage, run on SQLite and on Postgres alike.

They go through the case registry and the gateway's adapters, without HTTP: numbering under
concurrency, optimistic concurrency on save, the stable topics of stored events, surviving a
restart, and the content-addressed document store.
"""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import resolve_topic

from cases.application import Application, Status
from cases.documents import Upload
from cases.errors import StaleVersionError
from gateway.bootstrap import bootstrap
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from schemas.commands import (
    AddNoteCommand,
    AnswerCommand,
    AssignExecutorsCommand,
    RecordExecutionCommand,
    RouteCommand,
    SubmitMeterInstallationCommand,
    SubmitTechnicalConditionsCommand,
)
from schemas.context import Actor
from tests.samples import JPEG, METER_INSTALLATION, PDF, TECHNICAL_CONDITIONS

CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, None)
EMPLOYEE = Actor(subject="emp-1001", role="employee", name="Leyla Həsənova", unit="BIN")
METER_COMMAND = SubmitMeterInstallationCommand(**METER_INSTALLATION)
TECHNICAL_COMMAND = SubmitTechnicalConditionsCommand(**TECHNICAL_CONDITIONS)


def submit_meter(registry) -> Application:
    return registry.submit_meter_installation(METER_COMMAND, CITIZEN).application


def submit_technical_conditions(registry, document: bytes = PDF) -> Application:
    upload = Upload(field="address_document", name="çıxarış.pdf", content=document)
    return registry.submit_technical_conditions(TECHNICAL_COMMAND, [upload], CITIZEN).application


def stored_versions(registry, application_id) -> list[int]:
    return [event.originator_version for event in registry.recorder.select_events(application_id)]


# --- application numbers ------------------------------------------------------------------------------

@pytest.fixture
def busy_services(settings, clock):
    """One citizen files 40 applications of each kind here: past the open-applications cap, raised."""
    wired = bootstrap(settings.model_copy(update={"max_open_applications_per_kind": 100}), clock=clock)
    yield wired
    wired.close()


def test_application_numbers_stay_unique_and_consecutive_per_series_under_concurrent_submissions(busy_services):
    services = busy_services
    submitters = [submit_meter, submit_technical_conditions] * 4  # 8 threads, both series at once

    def submit_ten(submit) -> list[str]:
        return [submit(services.registry).number for _ in range(10)]

    with ThreadPoolExecutor(max_workers=len(submitters)) as pool:
        numbers = [n for batch in pool.map(submit_ten, submitters) for n in batch]

    assert len(numbers) == len(set(numbers)) == 80
    for series in ("SQ-2026", "TS-2026"):
        serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith(series))
        assert serials == list(range(1, 41))


# --- optimistic concurrency ------------------------------------------------------------------------

def test_saving_a_stale_copy_of_an_application_is_refused_and_the_first_change_stands(services):
    registry = services.registry
    application_id = submit_meter(registry).id
    first, stale = registry.repository.get(application_id), registry.repository.get(application_id)
    first.route("BIN", services.catalogue, EMPLOYEE.recorded())
    stale.route("SQS", services.catalogue, EMPLOYEE.recorded())

    registry.save(first)
    with pytest.raises(IntegrityError):
        registry.save(stale)

    assert stored_versions(registry, application_id) == [1, 2]
    assert registry.repository.get(application_id).executing_unit == "BIN"


def test_concurrent_changes_to_one_application_leave_one_consistent_history(services):
    registry = services.registry
    application_id = submit_meter(registry).id
    registry.route(application_id, RouteCommand(unit="BIN"), EMPLOYEE)
    added, refused = [], []

    def add_note(text: str, start: threading.Barrier) -> None:
        start.wait()
        try:
            registry.add_note(application_id, AddNoteCommand(text=text), EMPLOYEE)
            added.append(text)
        except StaleVersionError:
            refused.append(text)

    for round_ in range(10):  # until two writers have actually collided
        start = threading.Barrier(8)
        writers = [threading.Thread(target=add_note, args=(f"qeyd {round_}.{i}", start)) for i in range(8)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        if refused:
            break

    assert refused, "eight writers at once never collided"
    application = registry.repository.get(application_id)
    assert stored_versions(registry, application_id) == list(range(1, application.version + 1))
    assert application.version == 2 + len(added)
    assert sorted(note["text"] for note in application.notes) == sorted(added)
    view = services.views.get(str(application_id))
    assert view.version == application.version
    assert sorted(note.text for note in view.notes) == sorted(added)


# --- stored events ----------------------------------------------------------------------------------

def test_stored_events_carry_the_stable_explicit_topics_not_the_python_class_path(services):
    registry = services.registry
    application_id = submit_meter(registry).id
    registry.route(application_id, RouteCommand(unit="BIN"), EMPLOYEE)
    registry.assign_executors(application_id, AssignExecutorsCommand(executors=[{"id": "e1", "name": "Kamran"}]), EMPLOYEE)
    registry.add_note(application_id, AddNoteCommand(text="Qeyd."), EMPLOYEE)
    registry.answer(application_id, AnswerCommand(outcome="refused", reason_code="no_meter_in_stock"), EMPLOYEE)
    withdrawn = submit_meter(registry)
    registry.withdraw(withdrawn.id, CITIZEN)

    topics = [e.topic for e in registry.recorder.select_events(application_id)]
    topics += [e.topic for e in registry.recorder.select_events(withdrawn.id)]

    assert topics == [f"azersu.cases:Application.{name}" for name in (
        "Submitted", "Routed", "ExecutorAssigned", "NoteAdded", "Answered", "Submitted", "Withdrawn")]
    assert resolve_topic("azersu.cases:Application.Routed") is Application.Routed


def test_an_executed_event_is_stored_under_its_stable_topic(services):
    registry = services.registry
    application = submit_technical_conditions(registry)
    registry.route(application.id, RouteCommand(unit="TSS"), EMPLOYEE)
    result = Upload(field="result", name="texniki-sert.pdf", content=PDF + b"% result\n")
    registry.record_execution(application.id, RecordExecutionCommand(), result, EMPLOYEE)

    last = registry.recorder.select_events(application.id, desc=True, limit=1)[0]

    assert last.topic == "azersu.cases:Application.Executed"


# --- restart ----------------------------------------------------------------------------------------

def test_applications_views_and_numbering_survive_a_restart(settings, clock):
    first_life = bootstrap(settings, clock=clock)
    try:
        before = submit_meter(first_life.registry)
        first_life.registry.route(before.id, RouteCommand(unit="BIN"), EMPLOYEE)
    finally:
        first_life.close()

    second_life = bootstrap(settings, clock=clock)
    try:
        application = second_life.registry.repository.get(before.id)
        view = second_life.views.get(str(before.id))
        after = submit_meter(second_life.registry)
    finally:
        second_life.close()

    assert (application.number, application.status, application.version) == (before.number, Status.IN_PROGRESS, 2)
    assert (view.number, view.status, view.version) == (before.number, "in_progress", 2)
    assert (before.number, after.number) == ("SQ-2026-000001", "SQ-2026-000002")


# --- documents ----------------------------------------------------------------------------------------

def test_the_document_store_returns_the_bytes_by_their_sha256_and_keeps_the_first_copy(services):
    documents = services.registry.documents
    sha = hashlib.sha256(JPEG).hexdigest()

    documents.put(sha, "image/jpeg", JPEG)
    documents.put(sha, "image/jpeg", JPEG)
    stored = documents.get(sha)

    assert (stored.sha256, stored.media_type, stored.content) == (sha, "image/jpeg", JPEG)
    assert documents.get(hashlib.sha256(b"never stored").hexdigest()) is None


def test_the_same_document_in_two_applications_is_stored_once(services, settings):
    first = submit_technical_conditions(services.registry, PDF)
    second = submit_technical_conditions(services.registry, PDF)
    sha = hashlib.sha256(PDF).hexdigest()

    assert first.documents[0]["sha256"] == second.documents[0]["sha256"] == sha
    assert services.registry.documents.get(sha).content == PDF
    assert stored_document_count(services, settings) == 1


def stored_document_count(services, settings) -> int:
    if settings.uses_postgres:
        with services.database.transaction() as cursor:
            return cursor.execute("SELECT count(*) AS n FROM documents").fetchone()["n"]
    return sum(1 for path in (settings.data_dir / "documents").rglob("*") if path.is_file())
