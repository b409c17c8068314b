"""The auditor's use cases against the real stores, SQLite and Postgres alike: history, state as of
a moment, and tamper evidence proven by changing the stored events in the database itself.

eventsourcing 9.5.6 stores each event's state as plain JSON bytes (uncompressed, unencrypted: no
COMPRESSOR_TOPIC or CIPHER_TOPIC is set), in `stored_events` (SQLite; the rowid is the log position)
or `caseregistry_events` (Postgres; `notification_id`). RawStore below edits those rows directly,
as someone with write access to the database would.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime

import pytest

from cases.audit import NotYetSubmittedError
from cases.errors import ApplicationNotFoundError
from cases.integrity import GENESIS, Anchor, seal
from gateway.cli import main
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from schemas.commands import AddNoteCommand, AssignExecutorsCommand, RouteCommand, SubmitMeterInstallationCommand
from schemas.context import Actor
from tests.raw_store import RawStore
from tests.samples import METER_INSTALLATION

CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, "corr-submit")
EMPLOYEE = Actor(subject="emp-1001", role="employee", name="Leyla Həsənova", unit="BIN", correlation_id="corr-route")


@pytest.fixture
def raw(settings) -> RawStore:
    return RawStore(settings)


def worked_application(services) -> uuid.UUID:
    """Submitted, routed, an executor assigned, a note: four events."""
    registry = services.registry
    application_id = registry.submit_meter_installation(SubmitMeterInstallationCommand(**METER_INSTALLATION), CITIZEN) \
        .application.id
    registry.route(application_id, RouteCommand(unit="SQS"), EMPLOYEE)
    registry.assign_executors(application_id, AssignExecutorsCommand(executors=[{"id": "x-7", "name": "Elvin Quliyev"}]),
                              EMPLOYEE)
    registry.add_note(application_id, AddNoteCommand(text="Sayğac sabah quraşdırılacaq.", visible_to_applicant=True),
                      EMPLOYEE)
    return application_id


def reseal(state: dict, application_id, version: int, type_: str) -> dict:
    """What a careful forger does: recompute the changed event's hash so that it matches its content."""
    time = datetime.fromisoformat(state["timestamp"]["_data_"])
    payload = {k: v for k, v in state.items() if k not in ("timestamp", "class_version")}
    return {**state, **seal(application_id, version, type_, time, payload, state["previous_hash"])}


def first_break(report) -> tuple:
    found = report.first_break
    return (uuid.UUID(found.application_id), found.version, found.problem)


# --- history and state as of a moment -------------------------------------------------------------

def test_the_history_lists_every_event_in_order_with_who_did_it_and_through_which_channel(services):
    application_id = worked_application(services)
    history = services.auditor.history(application_id)
    assert [e.type for e in history.events] == ["Submitted", "Routed", "ExecutorAssigned", "NoteAdded"]
    submitted, routed = history.events[0], history.events[1]
    assert (submitted.actor_role, submitted.actor_subject, submitted.portal, submitted.sign_in_method,
            submitted.correlation_id) == ("citizen", CITIZEN.subject, CITIZEN.portal, CITIZEN.sign_in_method, "corr-submit")
    assert (routed.actor_role, routed.actor_subject, routed.actor_unit, routed.correlation_id) == \
        ("employee", "emp-1001", "BIN", "corr-route")
    assert routed.payload == {"unit": "SQS"}
    assert submitted.previous_hash == GENESIS and routed.previous_hash == submitted.hash
    assert history.number.startswith("SQ-") and history.version == 4
    assert services.auditor.resolve(history.number) == application_id


def test_the_state_as_of_a_version_or_a_moment_is_the_application_as_it_stood_then(services):
    application_id = worked_application(services)
    auditor = services.auditor
    events = auditor.history(application_id).events
    assert auditor.state(application_id, version=1).status == "registered"
    as_routed = auditor.state(application_id, as_of=events[1].time)
    assert (as_routed.version, as_routed.status, as_routed.executing_unit, as_routed.executors) == (2, "in_progress", "SQS", [])
    assert auditor.state(application_id, version=3).notes == []
    assert len(auditor.state(application_id).notes) == 1
    with pytest.raises(NotYetSubmittedError):
        auditor.state(application_id, as_of=events[0].time.replace(year=2020))


def test_an_unknown_application_has_no_history(services):
    with pytest.raises(ApplicationNotFoundError):
        services.auditor.history(uuid.uuid4())
    with pytest.raises(ApplicationNotFoundError):
        services.auditor.resolve("SQ-2026-999999")


# --- an intact store ---------------------------------------------------------------------------------

def test_an_intact_store_verifies_and_its_anchor_checks_again_after_more_events(services):
    first, second = worked_application(services), worked_application(services)
    report = services.auditor.verify_store()
    assert report.ok and (report.applications, report.events, report.broken_applications) == (2, 8, 0)
    one = services.auditor.verify(first)
    assert one.ok and (one.events, one.head_version, one.seen_version) == (4, 4, 4)

    services.registry.add_note(second, AddNoteCommand(text="Əlavə qeyd."), EMPLOYEE)  # the store moves on
    again = services.auditor.verify_store(kept=report.anchor)
    assert again.ok and again.kept_anchor_matches and again.events == 9
    assert services.auditor.verify(first, kept_head=(one.head_version, one.head_hash)).ok


# --- tampering, as someone with write access to the database would ---------------------------------

def test_altering_a_stored_event_is_detected_at_its_version(services, raw):
    untouched, application_id = worked_application(services), worked_application(services)
    state = raw.state(application_id, 2)
    raw.write(application_id, 2, state | {"unit": "TSS"})

    assert first_break(services.auditor.verify(application_id)) == (application_id, 2, "altered")
    report = services.auditor.verify_store()
    assert not report.ok and first_break(report) == (application_id, 2, "altered")
    assert report.broken_applications == 1 and services.auditor.verify(untouched).ok


def test_altering_the_time_of_a_stored_event_is_detected(services, raw):
    application_id = worked_application(services)
    state = raw.state(application_id, 3)
    state["timestamp"]["_data_"] = state["timestamp"]["_data_"].replace("+00:00", "+01:00")
    raw.write(application_id, 3, state)
    assert first_break(services.auditor.verify(application_id)) == (application_id, 3, "altered")


def test_rewriting_a_stored_event_with_a_recomputed_hash_is_detected_at_the_next_link(services, raw):
    application_id = worked_application(services)
    raw.write(application_id, 2, reseal(raw.state(application_id, 2) | {"unit": "TSS"}, application_id, 2, "Routed"))
    assert first_break(services.auditor.verify(application_id)) == (application_id, 3, "broken_link")
    assert first_break(services.auditor.verify_store()) == (application_id, 3, "broken_link")


def test_deleting_a_stored_event_is_detected(services, raw):
    application_id = worked_application(services)
    raw.delete(application_id, 2)
    assert first_break(services.auditor.verify(application_id)) == (application_id, 3, "missing")
    assert first_break(services.auditor.verify_store()) == (application_id, 3, "missing")


def test_swapping_the_contents_of_two_stored_events_is_detected(services, raw):
    application_id = worked_application(services)
    third, fourth = raw.state(application_id, 3), raw.state(application_id, 4)
    raw.execute(f"UPDATE {raw.table} SET topic = CASE originator_version WHEN 3 THEN ? ELSE ? END "
                "WHERE originator_id = ? AND originator_version IN (3, 4)",
                ("azersu.cases:Application.NoteAdded", "azersu.cases:Application.ExecutorAssigned", raw.key(application_id)))
    raw.write(application_id, 3, fourth)
    raw.write(application_id, 4, third)
    assert first_break(services.auditor.verify(application_id)) == (application_id, 3, "altered")


def test_reordering_events_in_the_log_is_detected_by_the_whole_store_check(services, raw):
    application_id = worked_application(services)
    raw.swap_log_positions(application_id, 2, 3)
    report = services.auditor.verify_store()
    assert first_break(report) == (application_id, 3, "missing")  # version 3 arrives where 2 was due
    assert report.first_break.position is not None


def test_deleting_the_last_event_is_detected_through_the_version_the_views_saw(services, raw):
    application_id = worked_application(services)
    raw.delete(application_id, 4)
    assert first_break(services.auditor.verify(application_id)) == (application_id, 4, "truncated")
    assert first_break(services.auditor.verify_store()) == (application_id, 4, "truncated")


def test_deleting_a_whole_application_is_detected_through_the_views(services, raw):
    application_id = worked_application(services)
    raw.execute(f"DELETE FROM {raw.table} WHERE originator_id = ?", (raw.key(application_id),))
    assert first_break(services.auditor.verify_store()) == (application_id, 1, "truncated")


def test_rewriting_the_last_event_consistently_is_detected_against_a_kept_anchor_and_head(services, raw):
    application_id = worked_application(services)
    kept_anchor, kept = services.auditor.verify_store().anchor, services.auditor.verify(application_id)
    note = raw.state(application_id, 4) | {"text": "Sayğac quraşdırılmayacaq."}
    raw.write(application_id, 4, reseal(note, application_id, 4, "NoteAdded"))

    assert services.auditor.verify(application_id).ok  # the chain and the views' version alone cannot tell
    report = services.auditor.verify_store(kept=kept_anchor)
    assert not report.ok and report.kept_anchor_matches is False and report.first_break.problem == "anchor_mismatch"
    against_head = services.auditor.verify(application_id, kept_head=(kept.head_version, kept.head_hash))
    assert first_break(against_head) == (application_id, 4, "anchor_mismatch")


def test_an_event_that_cannot_be_decoded_is_reported_not_a_crash(services, raw):
    application_id = worked_application(services)
    raw.write(application_id, 2, b'{"unit": "TSS", broken')
    assert first_break(services.auditor.verify(application_id)) == (application_id, 2, "unreadable")
    assert first_break(services.auditor.verify_store()) == (application_id, 2, "unreadable")


# --- events of class version 1, from before the chain ------------------------------------------------

def as_version_1(state: dict) -> dict:
    return {k: v for k, v in state.items() if k not in ("previous_hash", "hash", "class_version")}


def test_a_version_1_event_written_raw_into_the_store_loads_upcast_and_the_chain_covers_it(services, raw):
    template = worked_application(services)
    old = uuid.uuid4()
    raw.insert(old, 1, "azersu.cases:Application.Submitted", as_version_1(raw.state(template, 1)) | {"number": "SQ-2025-000001"})

    [event] = services.registry.events.get(old)
    assert (type(event).__name__, event.number, event.previous_hash, event.hash) == ("Submitted", "SQ-2025-000001", None, None)
    services.registry.route(old, RouteCommand(unit="SQS"), EMPLOYEE)  # an old application, worked after the upgrade

    submitted, routed = services.registry.events.get(old)
    assert submitted.hash is None and routed.previous_hash not in (None, GENESIS)  # chained to what version 1 holds
    report = services.auditor.verify(old)
    assert report.ok and report.unsealed_events == 1 and report.head_version == 2

    export = services.auditor.export(old, exported_by="test")  # the old event's text is what version 2 links to
    assert hashlib.sha256(export["events"][0]["canonical"].encode()).hexdigest() == export["events"][1]["previous_hash"]

    raw.write(old, 1, raw.state(old, 1) | {"number": "SQ-2025-000002"})  # the old event, altered afterwards
    assert first_break(services.auditor.verify(old)) == (old, 2, "broken_link")


def test_a_later_upcaster_changes_what_readers_see_but_not_what_the_hash_covers(services, monkeypatch):
    from cases.application import Application

    def upcast_v2_v3(state: dict) -> None:
        state["priority"] = "normal"

    application_id = worked_application(services)
    monkeypatch.setattr(Application.Routed, "class_version", 3, raising=False)
    monkeypatch.setattr(Application.Routed, "upcast_v2_v3", staticmethod(upcast_v2_v3), raising=False)

    assert services.auditor.history(application_id).events[1].payload == {"unit": "SQS", "priority": "normal"}
    assert services.auditor.verify(application_id).ok and services.auditor.verify_store().ok


# --- the command line ---------------------------------------------------------------------------------

@pytest.fixture
def cli_env(settings, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("DATABASE_URL", settings.database_url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)


def test_the_cli_prints_the_history_and_verifies_by_number(services, cli_env, capsys):
    application_id = worked_application(services)
    number = services.auditor.history(application_id).number
    assert main(["history", number]) == 0
    out = capsys.readouterr().out
    assert out.index("Submitted") < out.index("Routed") < out.index("NoteAdded")
    assert "corr-submit" in out and "e-gov" in out
    assert main(["verify", number]) == 0 and "OK" in capsys.readouterr().out
    assert main(["state", number, "--version", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "registered"


def test_the_cli_verify_fails_and_names_the_broken_link(services, raw, cli_env, capsys):
    application_id = worked_application(services)
    raw.write(application_id, 3, raw.state(application_id, 3) | {"executors": []})
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("BROKEN") and f"application {application_id}, version 3" in out


def test_the_cli_checks_a_kept_anchor(services, cli_env, capsys):
    worked_application(services)
    assert main(["verify"]) == 0
    anchor = capsys.readouterr().out.rsplit("later: ", 1)[1].strip()
    assert Anchor.parse(anchor)
    assert main(["verify", "--anchor", anchor]) == 0 and "anchor matches" in capsys.readouterr().out


def test_the_cli_exports_a_history_whose_hashes_an_auditor_can_recompute(services, cli_env, tmp_path, capsys):
    application_id = worked_application(services)
    target = tmp_path / "export.json"
    assert main(["export", str(application_id), "-o", str(target)]) == 0
    export = json.loads(target.read_text(encoding="utf-8"))
    assert export["verification"]["ok"] and len(export["events"]) == 4
    for event in export["events"]:
        assert hashlib.sha256(event["canonical"].encode("utf-8")).hexdigest() == event["hash"]
    assert export["state"]["version"] == 4
