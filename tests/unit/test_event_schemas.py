"""The published event contract: payload models, their committed JSON Schema files, and the Kafka mapping.

Downstream systems compile the files under schemas/json/ into their code; these tests make sure the
files say what the code does, that every event the domain records fits them, and that the CloudEvents
records are what a foreign implementation (the `cloudevents` SDK) reads.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from cloudevents.core.bindings import kafka as cloudevents_kafka
from eventsourcing.persistence import StoredEvent
from jsonschema import Draft7Validator

from cases.application import EVENT_CLASSES
from cases.application_ids import ApplicationIds
from cases.integrity import hash_of
from cases.reference import load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister
from eventlog.batching import Batcher
from eventlog.decoding import read_log
from schemas.cloudevents import NotACloudEventError, event_type, from_record, to_record
from schemas.event_payloads import CONTRACTS
from schemas.events import EventEnvelope
from schemas.generate import SCHEMA_DIR, drift, write
from tests.fakes import IN_MEMORY, FakeDocumentInspector, FakeDocumentStore, FixedClock, fake_deadlines
from tests.life_cycles import every_life_cycle, submit_meter_installation


def committed_schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / CONTRACTS[name].schema_file).read_text(encoding="utf-8"))


def closed(schema):
    """The schema with every object closed: validating against it proves no field goes undescribed."""
    if isinstance(schema, dict):
        schema = {key: closed(value) for key, value in schema.items()}
        if "properties" in schema:
            schema["additionalProperties"] = False
    elif isinstance(schema, list):
        schema = [closed(value) for value in schema]
    return schema


def problems(schema: dict, payload: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft7Validator(schema).iter_errors(payload)]


def in_memory_registry() -> CaseRegistry:
    return CaseRegistry(IN_MEMORY, documents=FakeDocumentStore(),
                        subscribers=SeededSubscriberRegister(), clock=FixedClock(),
                        catalogue=load_catalogue(), ids=ApplicationIds(b"a unit test's application id secret"),
                        inspector=FakeDocumentInspector(), writer=Batcher, deadlines=fake_deadlines())


@pytest.fixture(scope="module")
def recorded() -> list[EventEnvelope]:
    """Every event of every life cycle, as the relay reads them from the store."""
    registry = in_memory_registry()
    every_life_cycle(registry)
    events = read_log(registry, 0, 1000)
    registry.close()
    return events


def envelope(name: str = "Routed", version: int = 2, data: dict | None = None) -> EventEnvelope:
    application_id = uuid.UUID("0b7c3f5e-2a4d-4c1e-9f6a-3d2e1b0a9c8d")
    return EventEnvelope(id=f"{application_id}:{version}", application_id=application_id, version=version, type=name,
                         time=datetime(2026, 11, 22, 6, 0, 0, 120000, tzinfo=UTC), data=data or {"unit": "TSS"})


# --- the committed files ---------------------------------------------------------------------------------

def test_the_committed_json_schemas_are_exactly_what_the_payload_models_give():
    assert drift() == [], "schemas/json/ is out of date: run `python -m schemas.generate` (make schemas) and commit it"


def test_a_changed_model_shows_as_drift_and_the_generator_writes_it_back(tmp_path):
    write(tmp_path)
    (tmp_path / "Routed.v1.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "Renamed.v1.schema.json").write_text("{}\n", encoding="utf-8")
    assert drift(tmp_path) == ["Renamed.v1.schema.json", "Routed.v1.schema.json"]
    assert write(tmp_path) == ["Renamed.v1.schema.json", "Routed.v1.schema.json"]
    assert drift(tmp_path) == [] and not (tmp_path / "Renamed.v1.schema.json").exists()


def test_every_event_the_domain_can_record_has_a_published_contract_and_a_schema_file():
    assert set(CONTRACTS) == set(EVENT_CLASSES)
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")) == sorted(c.schema_file for c in CONTRACTS.values())


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_each_schema_file_is_valid_json_schema_draft_07(name):
    schema = committed_schema(name)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


# --- what the domain records fits the files ------------------------------------------------------------

def test_the_life_cycles_record_every_kind_of_event_there_is(recorded):
    assert {e.type for e in recorded} == set(CONTRACTS)


def test_every_event_recorded_in_both_life_cycles_validates_against_its_committed_schema(recorded):
    for event in recorded:
        assert problems(committed_schema(event.type), event.data) == [], f"{event.type} v{event.version}"


def test_no_recorded_field_is_missing_from_the_published_schema(recorded):
    for event in recorded:
        assert problems(closed(committed_schema(event.type)), event.data) == [], f"{event.type} v{event.version}"


def test_every_recorded_event_reads_back_through_its_payload_model_unchanged(recorded):
    for event in recorded:
        payload = CONTRACTS[event.type].payload.model_validate(event.data)
        assert payload.model_dump(mode="json") == event.data


def test_a_field_added_later_still_validates_against_the_published_schema(recorded):
    note = next(e for e in recorded if e.type == "NoteAdded")
    assert problems(committed_schema("NoteAdded"), note.data | {"language": "az"}) == []


def test_an_event_stored_before_the_hash_chain_is_published_under_the_same_type_and_fits_its_schema():
    registry = in_memory_registry()
    [stored] = registry.recorder.select_events(submit_meter_installation(registry))
    state = registry.mapper.transcoder.decode(stored.state)
    old_shape = {k: v for k, v in state.items() if k not in ("previous_hash", "hash", "class_version")}  # class version 1
    registry.recorder.insert_events([StoredEvent(uuid.uuid4(), 1, stored.topic, registry.mapper.transcoder.encode(old_shape))])
    old = read_log(registry, 1, 10)[-1]
    registry.close()
    assert (old.data["previous_hash"], old.data["hash"]) == (None, None)
    assert dict(to_record(old)[2])["ce_type"] == b"az.azersu.application.Submitted.v1"
    assert problems(committed_schema("Submitted"), old.data) == []


def test_a_payload_missing_a_field_or_of_the_other_kind_is_rejected_by_the_schema(recorded):
    submitted = next(e for e in recorded if e.type == "Submitted" and e.data["kind"] == "technical_conditions")
    assert problems(committed_schema("Submitted"), {k: v for k, v in submitted.data.items() if k != "number"})
    assert problems(committed_schema("Submitted"), submitted.data | {"kind": "meter_installation"})
    assert problems(committed_schema("Answered"), {"outcome": "maybe", "reason_code": None})


# --- the Kafka record --------------------------------------------------------------------------------------

def test_the_cloudevents_type_ends_with_the_contract_version_that_names_the_schema_file():
    for name, contract in CONTRACTS.items():
        assert event_type(name) == f"az.azersu.application.{name}.v{contract.version}"
        assert (SCHEMA_DIR / f"{event_type(name).rsplit('.', 2)[-2]}.v{contract.version}.schema.json").exists()


def test_an_event_without_a_published_contract_is_never_sent_unannounced():
    with pytest.raises(ValueError, match="no published contract"):
        to_record(envelope("Reopened"))


def test_the_sequence_header_sorts_as_text_in_the_order_of_the_versions():
    sequences = [dict(to_record(envelope(version=v))[2])["ce_sequence"].decode() for v in (2, 9, 10, 11, 100)]
    assert sequences == sorted(sequences) == ["0000000002", "0000000009", "0000000010", "0000000011", "0000000100"]


def test_a_record_reads_back_as_the_same_event(recorded):
    for original in recorded:
        _, value, headers = to_record(original)
        assert from_record(value, headers) == original.model_copy(update={"position": None})  # not on the record


def test_a_record_whose_data_does_not_fit_its_contract_is_refused_with_the_reason(recorded):
    routed = next(e for e in recorded if e.type == "Routed")
    _, value, headers = to_record(routed.model_copy(update={"data": {k: v for k, v in routed.data.items() if k != "unit"}}))
    with pytest.raises(NotACloudEventError, match=r"Routed event does not fit its contract v1(.|\n)*unit"):
        from_record(value, headers)


def test_a_record_of_a_contract_version_we_do_not_publish_is_refused(recorded):
    _, value, headers = to_record(recorded[1])
    headers = [(k, v.replace(b".v1", b".v9") if k == "ce_type" else v) for k, v in headers]
    with pytest.raises(NotACloudEventError, match="no published contract"):
        from_record(value, headers)


@pytest.mark.parametrize("ce_type", ["com.example.order.Placed.v1", "az.azersu.application.Routed", "az.azersu.application..v1"])
def test_a_record_of_another_type_is_not_taken_for_one_of_ours(ce_type):
    _, value, headers = to_record(envelope())
    headers = [(k, ce_type.encode() if k == "ce_type" else v) for k, v in headers]
    with pytest.raises(NotACloudEventError):
        from_record(value, headers)


def test_the_cloudevents_sdk_reads_our_record_with_every_attribute(recorded):
    event = recorded[1]
    key, value, headers = to_record(event)
    parsed = cloudevents_kafka.from_binary_event(cloudevents_kafka.KafkaMessage(headers=dict(headers), key=key, value=value))
    assert (parsed.get_specversion(), parsed.get_id(), parsed.get_source()) == ("1.0", event.id, "/azersu/cases")
    assert parsed.get_type() == event_type(event.type) and parsed.get_subject() == str(event.application_id)
    assert parsed.get_time() == event.time and parsed.get_datacontenttype() == "application/json"
    assert parsed.get_extension("sequence") == f"{event.version:010d}"
    assert parsed.get_extension("partitionkey") == str(event.application_id)
    assert parsed.get_data() == event.data


def test_a_reader_can_check_every_events_hash_from_the_cloudevent_alone(recorded):
    for event in recorded:
        key, value, headers = to_record(event)
        parsed = cloudevents_kafka.from_binary_event(cloudevents_kafka.KafkaMessage(headers=dict(headers), key=key, value=value))
        name = parsed.get_type().removeprefix("az.azersu.application.").rsplit(".", 1)[0]
        data = parsed.get_data()
        assert hash_of(parsed.get_subject(), int(parsed.get_extension("sequence")), name, parsed.get_time(), data) == data["hash"]


def test_an_event_class_declaring_a_field_its_contract_lacks_is_refused_when_defined():
    from eventsourcing.domain import Aggregate

    from cases.application import ApplicationEvent

    with pytest.raises(TypeError, match="priority"):
        class Routed(ApplicationEvent, Aggregate.Event):
            unit: str
            priority: str
