"""The log is decoded without the library's event objects; every event must read exactly as the
library's mapper reads it, version-1 events through the same upcasters, on SQLite and Postgres."""

from __future__ import annotations

import dataclasses
import uuid

from eventlog.decoding import decoder_of, envelope_of, fast_envelope
from tests.life_cycles import every_life_cycle
from tests.raw_store import RawStore

SUBMITTED = "azersu.cases:Application.Submitted"


def library_read(services, stored, position=None):
    return envelope_of(services.registry.mapper.to_domain_event(stored), position)


def notifications(services) -> list:
    return services.registry.recorder.select_notifications(0, 1_000)


def test_every_kind_of_event_reads_as_the_library_reads_it(services):
    every_life_cycle(services.registry)
    stored = notifications(services)
    assert {type(services.registry.mapper.to_domain_event(n)).__name__ for n in stored} >= {
        "Submitted", "Routed", "ExecutorAssigned", "NoteAdded", "Executed", "Answered", "Withdrawn"}
    for n in stored:
        fast = fast_envelope(n, n.id)
        assert fast is not None and fast == library_read(services, n, n.id)
        assert list(fast.data) == list(library_read(services, n).data)  # the same order of fields too


def test_a_version_1_event_is_upcast_as_the_library_upcasts_it(services, settings):
    template = every_life_cycle(services.registry)[0]
    raw, old = RawStore(settings), uuid.uuid4()
    state = {k: v for k, v in raw.state(template, 1).items() if k not in ("previous_hash", "hash", "class_version")}
    raw.insert(old, 1, SUBMITTED, state | {"number": "TS-2020-000001"})
    [stored] = services.registry.recorder.select_events(old)

    fast = fast_envelope(stored)
    assert fast is not None and fast == library_read(services, stored)
    assert (fast.data["previous_hash"], fast.data["hash"]) == (None, None)


def test_what_the_fast_path_is_not_sure_of_is_left_to_the_library(services):
    every_life_cycle(services.registry)
    submitted = notifications(services)[0]
    at = b'{"_type_":"datetime_iso","_data_":"2025-01-01T10:00:00+00:00"}'
    transcoded = submitted.state.replace(b'"context":{', b'"context":{"seen_at":' + at + b",", 1)
    unusual_number = submitted.state.replace(b'"context":{', b'"context":{"weight":NaN,', 1)
    for state in (transcoded, unusual_number):
        odd = dataclasses.replace(submitted, state=state)
        assert fast_envelope(odd) is None
        assert decoder_of(services.registry)(odd) == library_read(services, odd)
