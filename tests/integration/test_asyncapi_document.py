"""schemas/asyncapi.yaml, read by the AsyncAPI reference parser (@asyncapi/parser, run with node).

The parser is installed from the committed package-lock.json into schemas/asyncapi-check/node_modules
the first time (npm ci, ~10 s), so a fresh clone needs only node and npm. It validates the document
against the AsyncAPI 3.0 specification and resolves the payloads' $refs to the committed JSON Schema
files; what it understood is then compared with the code that produces the records.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from gateway.settings import Settings
from schemas.cloudevents import SOURCE, event_type, from_record, to_record
from schemas.event_payloads import CONTRACTS
from schemas.events import EventEnvelope
from schemas.generate import SCHEMA_DIR

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
CHECKER = SCHEMAS / "asyncapi-check"
DOCUMENT = SCHEMAS / "asyncapi.yaml"


def install_parser() -> None:
    if (CHECKER / "node_modules" / "@asyncapi" / "parser" / "package.json").exists():
        return
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.fail("node and npm are needed to check schemas/asyncapi.yaml (the AsyncAPI parser is a node package)")
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CHECKER,
                   check=True, timeout=300)


def parse(document: Path) -> tuple[int, dict]:
    """The parser's exit status, and what it printed: the document as it understood it, and its problems."""
    done = subprocess.run(["node", str(CHECKER / "check.mjs"), str(document)], capture_output=True, text=True, timeout=120)
    return done.returncode, json.loads(done.stdout or done.stderr)


@pytest.fixture(scope="module")
def parsed() -> dict:
    install_parser()
    status, result = parse(DOCUMENT)
    assert status == 0, json.dumps(result, indent=2, ensure_ascii=False)
    return result


def test_the_reference_parser_finds_no_error_and_no_warning_in_the_document(parsed):
    assert parsed["asyncapi"] == "3.0.0"
    assert [p for p in parsed["problems"] if p["severity"] in ("error", "warning")] == []


def test_the_parser_reports_a_broken_document_so_this_check_can_fail(parsed, tmp_path):
    shutil.copytree(SCHEMA_DIR, tmp_path / "json")
    broken = DOCUMENT.read_text(encoding="utf-8").replace("./json/Routed.v1.schema.json", "./json/Routed.v9.schema.json")
    (tmp_path / "asyncapi.yaml").write_text(broken.replace("action: send", "action: publish"), encoding="utf-8")
    status, result = parse(tmp_path / "asyncapi.yaml")
    assert status == 1
    assert {p["code"] for p in result["problems"] if p["severity"] == "error"} >= {"invalid-ref", "asyncapi-document-resolved"}


def test_the_document_describes_the_topic_the_service_publishes_to_with_every_event_on_it(parsed):
    [channel] = parsed["channels"]
    assert channel["address"] == channel["topic"] == Settings.model_fields["kafka_topic"].default
    assert sorted(channel["messages"]) == sorted(CONTRACTS)


def test_each_message_names_the_cloudevents_type_and_the_payload_schema_the_code_uses(parsed):
    for message in parsed["messages"]:
        contract = CONTRACTS[message["name"]]
        assert message["ceType"] == event_type(contract.name)
        assert message["payloadTitle"] == contract.payload.model_json_schema()["title"]
        assert message["payloadFormat"] == "application/schema+json;version=draft-07"
        assert message["contentType"] == "application/json"


def test_each_message_is_keyed_by_the_application_id_and_requires_every_header_the_relay_sends(parsed):
    event = EventEnvelope(id=f"{uuid.UUID(int=1)}:1", application_id=uuid.UUID(int=1), version=1, type="Withdrawn",
                          time=datetime.now(UTC), data={})
    _, _, headers = to_record(event)
    for message in parsed["messages"]:
        assert message["key"]["format"] == "uuid"
        assert sorted(message["headersRequired"]) == sorted(name for name, _ in headers)


def test_every_example_in_the_document_fits_its_committed_schema_and_reads_as_one_of_our_events(parsed):
    examples = [(message["name"], example) for message in parsed["messages"] for example in message["examples"]]
    assert {name for name, _ in examples} == set(CONTRACTS)
    for name, example in examples:
        schema = json.loads((SCHEMA_DIR / CONTRACTS[name].schema_file).read_text(encoding="utf-8"))
        assert [e.message for e in Draft7Validator(schema).iter_errors(example["payload"])] == [], f"{name}: {example['name']}"
        if example.get("headers"):
            headers = [(k, v.encode()) for k, v in example["headers"].items()]
            read = from_record(json.dumps(example["payload"]).encode(), headers)
            assert (read.type, example["headers"]["ce_source"]) == (name, SOURCE)
