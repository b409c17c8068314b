"""The hash chain on its own: the canonical serialisation (docs/integrity.md), sealing, and what
the checker reports for every way a stored history can be changed afterwards."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from cases import integrity
from cases.application import Application, Outcome, upcast_unsealed
from cases.integrity import GENESIS, Anchor, Link, anchor_of, canonical_json, hash_of, seal, walk
from cases.reference import load_catalogue
from cases.subscribers import Subscriber
from eventlog.decoding import envelope_of
from schemas.commands import SubmitMeterInstallationCommand
from schemas.context import Actor, Citizen
from tests.samples import METER_INSTALLATION

CATALOGUE = load_catalogue()
APP = uuid.UUID("5f0c6b1e-8d6a-4a63-9b7e-0f5d2c3a4b11")
T0 = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


# --- the canonical serialisation ---------------------------------------------------------------------

@pytest.mark.parametrize(("number", "expected"), [
    # RFC 8785, appendix B and section 3.2.2.3: numbers as ECMAScript prints them
    (0.0, "0"), (-0.0, "0"), (1.0, "1"), (4.50, "4.5"), (2e-3, "0.002"), (100.0, "100"),
    (1e21, "1e+21"), (1e30, "1e+30"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (0.000001, "0.000001"),
    (1e-27, "1e-27"), (333333333.33333329, "333333333.3333333"), (123456789012345680000.0, "123456789012345680000"),
    (9007199254740992.0, "9007199254740992"), (-5e-324, "-5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (295147905179352830000.0, "295147905179352830000"), (12.5, "12.5"),
])
def test_numbers_are_written_as_ecmascript_writes_them(number, expected):
    assert canonical_json(number) == expected.encode()


def test_members_are_sorted_by_utf16_code_units_and_nothing_is_spaced():
    # RFC 8785 §3.2.3's example: "\u20ac" sorts after the emoji's surrogates, although its code point is smaller
    value = {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh",
             "1": "One", "\U0001f600": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}
    keys = [k for k in json.loads(canonical_json(value))]
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]
    assert canonical_json({"b": [1, True, None], "a": {"d": False, "c": "x"}}) == b'{"a":{"c":"x","d":false},"b":[1,true,null]}'


def test_strings_escape_only_what_json_must_and_keep_azerbaijani_letters():
    assert canonical_json('Əliyev "Ş" ğ\\\n\t\x01\x7f') == '"Əliyev \\"Ş\\" ğ\\\\\\n\\t\\u0001\x7f"'.encode()


def test_values_json_cannot_hold_are_refused():
    for value in (float("nan"), float("inf"), datetime.now(UTC), {1: "x"}, "\ud800"):
        with pytest.raises((TypeError, ValueError)):
            canonical_json(value)


def test_the_hash_is_sha256_of_the_documented_form():
    data = {"unit": "TSS", "context": {"role": "employee"}, "previous_hash": GENESIS}
    expected = ('{"application_id":"5f0c6b1e-8d6a-4a63-9b7e-0f5d2c3a4b11","data":{"context":{"role":"employee"},'
                '"previous_hash":"' + GENESIS + '","unit":"TSS"},"time":"2026-11-22T06:00:00.000000Z",'
                '"type":"Routed","version":2}')
    assert hash_of(APP, 2, "Routed", T0, data) == hashlib.sha256(expected.encode()).hexdigest()


def test_the_same_instant_in_another_offset_seals_the_same_and_a_microsecond_later_does_not():
    payload = {"unit": "TSS"}
    baku = T0.astimezone(timezone(timedelta(hours=4)))
    assert seal(APP, 2, "Routed", baku, payload, GENESIS) == seal(APP, 2, "Routed", T0, payload, GENESIS)
    assert seal(APP, 2, "Routed", T0 + timedelta(microseconds=1), payload, GENESIS)["hash"] != \
        seal(APP, 2, "Routed", T0, payload, GENESIS)["hash"]


def test_a_time_without_offset_cannot_be_sealed():
    with pytest.raises(ValueError, match="offset"):
        seal(APP, 1, "Submitted", datetime(2026, 11, 22, 10, 0), {}, GENESIS)


# --- the aggregate seals its own events -----------------------------------------------------------------

def submitted_application() -> Application:
    subscriber = Subscriber(code="1001234567", owner="Əliyev Rəşad", district="BIN", address="Binəqədi, ev 12")
    citizen = Citizen(fin="5ZK3P7Q", first_name="Rəşad", surname="Əliyev")
    actor = Actor(subject="5ZK3P7Q", role="citizen", portal="e-gov", sign_in_method="asan_imza", citizen=citizen)
    intake = {"applicant": citizen.model_dump(), "fingerprint": "f", "context": actor.recorded()}
    return Application.submit_meter_installation(
        id=APP, number="SQ-2026-000001", command=SubmitMeterInstallationCommand(**METER_INSTALLATION),
        subscriber=subscriber, catalogue=CATALOGUE, intake=intake)


def worked_application() -> Application:
    application = submitted_application()
    employee = {"subject": "emp-1", "role": "employee", "unit": "BIN"}
    application.route("SQS", CATALOGUE, employee)
    application.add_note("Sayğac anbarda yoxdur.", True, employee)
    application.answer(Outcome.REFUSED, "no_meter_in_stock", CATALOGUE, employee)
    return application


def envelopes(application: Application):
    return [envelope_of(e) for e in application.collect_events()]


def test_every_event_of_an_application_is_chained_to_the_one_before():
    events = envelopes(worked_application())
    assert [e.data["previous_hash"] for e in events] == [GENESIS] + [e.data["hash"] for e in events[:-1]]
    for e in events:
        assert e.data["hash"] == hash_of(e.application_id, e.version, e.type, e.time, e.data)
    assert walk(events).breaks == {}


def test_an_application_rebuilt_from_its_events_chains_the_next_event_to_its_last():
    application = worked_application()
    events = application.collect_events()
    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    assert rebuilt.last_hash == events[-1].hash


# --- what the checker reports ---------------------------------------------------------------------------

def links():
    return [Link(e.application_id, e.version, e.type, e.time, e.data, position=i + 1)
            for i, e in enumerate(envelopes(worked_application()))]


def test_an_altered_event_is_reported_at_its_own_version():
    events = links()
    events[1] = replace(events[1], data=events[1].data | {"unit": "TSS"})
    found = walk(events).first_break
    assert (found.version, found.problem) == (2, "altered")


def test_a_rewritten_event_with_a_fresh_hash_breaks_the_link_of_the_next_one():
    events = links()
    routed = events[1]
    events[1] = replace(routed, data=seal(APP, 2, "Routed", routed.time, routed.data | {"unit": "TSS"},
                                          routed.data["previous_hash"]))
    found = walk(events).first_break
    assert (found.version, found.problem) == (3, "broken_link")


def test_a_deleted_event_shows_as_missing_versions():
    events = links()
    del events[1]
    found = walk(events).first_break
    assert (found.version, found.problem) == (3, "missing")


def test_events_stored_out_of_order_are_reported():
    events = links()
    events[1], events[2] = events[2], events[1]
    assert walk(events).first_break.problem == "missing"  # version 3 where 2 was due
    events = links()
    events.insert(3, events[1])  # version 2 again after version 3
    assert walk(events).first_break.problem == "out_of_order"


def test_a_time_moved_by_a_microsecond_is_reported():
    events = links()
    events[2] = replace(events[2], time=events[2].time + timedelta(microseconds=1))
    assert (walk(events).first_break.version, walk(events).first_break.problem) == (3, "altered")


def test_deleting_the_last_event_leaves_a_valid_chain_that_only_the_seen_version_exposes():
    events = links()
    walker = walk(events[:-1])
    assert walker.breaks == {}
    found = walker.check_seen(str(APP), seen_version=4)
    assert (found.version, found.problem) == (4, "truncated")


def test_an_anchor_kept_earlier_exposes_a_rewritten_last_event():
    events = links()
    kept = anchor_of(walk(events).heads, position=4)
    last = events[-1]
    forged = seal(APP, 4, last.type, last.time, {**last.data, "reason_code": "no_network_capacity"},
                  last.data["previous_hash"])
    forged_events = [*events[:-1], replace(last, data=forged)]
    assert walk(forged_events).breaks == {}  # the chain alone cannot tell
    assert anchor_of(walk(forged_events).heads, 4).digest != kept.digest
    assert anchor_of(walk(events).heads, 4).digest == kept.digest  # unchanged history, same digest


def test_an_anchor_reads_back_from_its_printed_form():
    kept = anchor_of(walk(links()).heads, position=4)
    assert Anchor.parse(str(kept)).digest == kept.digest
    with pytest.raises(ValueError):
        Anchor.parse("4:not-a-digest")


# --- events from before the chain (class version 1) ---------------------------------------------------

def unsealed(link: Link) -> Link:
    state = {k: v for k, v in link.data.items() if k not in ("previous_hash", "hash")}
    upcast_unsealed(state)
    return replace(link, data=state)


def test_the_upcaster_gives_version_1_events_an_empty_place_in_the_chain():
    state = {"unit": "SQS", "context": {}}
    upcast_unsealed(state)
    assert state == {"unit": "SQS", "context": {}, "previous_hash": None, "hash": None}


def test_events_from_before_the_chain_are_covered_by_the_first_sealed_event_after_them():
    events = links()
    old = [unsealed(e) for e in events[:2]]
    previous = integrity.unsealed_link(APP, 2, "Routed", old[1].time, old[1].data,
                                       integrity.unsealed_link(APP, 1, "Submitted", old[0].time, old[0].data, GENESIS))
    assert previous == events[1].data["hash"]  # an unsealed event links as the hash it would have had
    walker = walk([*old, *events[2:]])
    assert walker.breaks == {} and walker.unsealed == 2
    tampered = [old[0], replace(old[1], data=old[1].data | {"unit": "TSS"}), *events[2:]]
    assert (walk(tampered).first_break.version, walk(tampered).first_break.problem) == (3, "broken_link")


def test_an_event_stripped_of_its_hash_after_the_chain_started_is_reported():
    events = links()
    events[2] = unsealed(events[2])
    assert (walk(events).first_break.version, walk(events).first_break.problem) == (3, "unsealed")


def test_every_character_is_escaped_as_rfc_8785_says():
    short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    for code in [*range(0x80), 0x7F, 0x259, 0x2028, 0x2029, 0xFEFF, 0xFFFF, 0x1F600]:
        char = chr(code)
        expected = short.get(char) or (f"\\u{code:04x}" if code < 0x20 else char)
        assert canonical_json(char) == f'"{expected}"'.encode(), hex(code)


def test_the_fast_and_the_exact_path_write_the_same_bytes():
    # Floats and non-ASCII member names take the exact path; the rest Python's own encoder. Both must agree.
    value = {"z": [1, "Ş\n", None, True], "a": {"ç": -7, "b": False}, "size": 2**53}
    as_floats = {"z": [1, "Ş\n", None, True], "a": {"ç": -7, "b": False}, "size": float(2**53)}
    assert canonical_json(value) == canonical_json(as_floats) == integrity._serialise(value).encode()
    assert canonical_json({"n": 12.0, "m": 1}) == b'{"m":1,"n":12}'
    with pytest.raises(ValueError):
        canonical_json({"n": 2**53 + 1})


def test_the_worked_example_of_docs_integrity_md_hashes_as_the_page_says():
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "integrity.md").read_text(encoding="utf-8")

    def block_after(marker: str) -> str:
        return page.split(marker, 1)[1].split("```", 2)[1].strip()

    canonical, printed_hash = block_after("<!-- example-canonical -->"), block_after("<!-- example-hash -->")
    example = json.loads(canonical)
    time = datetime.fromisoformat(example["time"].replace("Z", "+00:00")).astimezone(timezone(timedelta(hours=4)))
    payload = {k: v for k, v in example["data"].items() if k != "previous_hash"}
    sealed = seal(uuid.UUID(example["application_id"]), example["version"], example["type"], time, payload,
                  example["data"]["previous_hash"])
    assert canonical_json(json.loads(canonical)) == canonical.encode("utf-8")
    assert sealed["hash"] == printed_hash == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def test_a_value_no_event_is_recorded_with_is_reported_as_altered_not_a_crash():
    events = links()
    events[1] = replace(events[1], data=events[1].data | {"unit": float("nan")})
    assert (walk(events).first_break.version, walk(events).first_break.problem) == (2, "altered")
