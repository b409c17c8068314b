"""Rebuilding the views from the event store, on SQLite and Postgres alike: the rebuilt rows are the
very rows that following the log wrote, events of class version 1 included; what is recorded during
the replay is in them too; a rebuild stopped half-way leaves the views being read as they were."""

from __future__ import annotations

import uuid

import pytest

from tests.life_cycles import every_life_cycle, submit_meter_installation
from tests.raw_store import RawStore

SUBMITTED, ROUTED = "azersu.cases:Application.Submitted", "azersu.cases:Application.Routed"


def as_version_1(state: dict) -> dict:
    return {k: v for k, v in state.items() if k not in ("previous_hash", "hash", "class_version")}


@pytest.fixture
def history(services, settings) -> list[uuid.UUID]:
    """Every life cycle, and an application recorded before the hash chain (both its events at class version 1)."""
    ids = every_life_cycle(services.registry)
    raw, meter = RawStore(settings), next(i for i in ids if services.case_view(i).kind == "meter_installation")
    old = uuid.uuid4()
    raw.insert(old, 1, SUBMITTED, as_version_1(raw.state(meter, 1)) | {"number": "SQ-2020-000001"})
    raw.insert(old, 2, ROUTED, as_version_1(raw.state(meter, 2)))
    services.views.catch_up()
    return [*ids, old]


def rows(views) -> list[dict]:
    with views.db.transaction() as cursor:
        return cursor.execute(f"SELECT * FROM {views.table} ORDER BY id").fetchall()


def position(views) -> int:
    with views.db.transaction() as cursor:
        return views.follower.position(cursor)


def recorded(services) -> int:
    return services.registry.recorder.max_notification_id()


def test_a_rebuild_writes_exactly_the_rows_that_following_the_log_wrote(services, history):
    followed = rows(services.views)
    assert {r["status"] for r in followed if r["number"] == "SQ-2020-000001"} == {"in_progress"}

    assert services.views.rebuild() == recorded(services)
    assert rows(services.views) == followed
    assert position(services.views) == recorded(services)


def test_events_recorded_during_the_replay_are_in_the_views_switched_in(services, history):
    late: list[uuid.UUID] = []

    def record_one_more(_position: int) -> None:
        if not late:
            late.append(submit_meter_installation(services.registry))

    services.views.rebuild(progress=record_one_more)
    followed_meanwhile = rows(services.views)
    assert str(late[0]) in {r["id"] for r in followed_meanwhile}
    assert position(services.views) == recorded(services)
    services.views.rebuild()
    assert rows(services.views) == followed_meanwhile


def test_a_rebuild_stopped_half_way_leaves_the_views_and_their_position_as_they_were(services, history):
    followed, before = rows(services.views), position(services.views)

    def stop(_position: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.views.rebuild(progress=stop)
    assert rows(services.views) == followed and position(services.views) == before

    later = submit_meter_installation(services.registry)  # the views still follow the log
    assert str(later) in {r["id"] for r in rows(services.views)}
    followed = rows(services.views)
    assert services.views.rebuild() == recorded(services) and rows(services.views) == followed
