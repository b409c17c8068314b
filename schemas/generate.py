"""Writes the JSON Schema of every event's payload to schemas/json/ (`python -m schemas.generate`, or `make schemas`).

`--check` writes nothing and exits 1 when the committed files differ from what the models give.
The files are JSON Schema draft-07, the dialect AsyncAPI 3.0 names (`application/schema+json;version=draft-07`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from schemas.event_payloads import CONTRACTS, Contract, JsonObject

SCHEMA_DIR = Path(__file__).parent / "json"
DIALECT = "http://json-schema.org/draft-07/schema#"


def json_schema(contract: Contract) -> JsonObject:
    """The payload model's schema, with its shared parts under draft-07's `definitions`."""
    schema = contract.payload.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", None)
    header = {"$schema": DIALECT,
              "$comment": f"{contract.name} v{contract.version}: generated from schemas/event_payloads.py by "
                          "`python -m schemas.generate`; do not edit by hand."}
    return header | schema | ({"definitions": definitions} if definitions else {})


def rendered(contract: Contract) -> str:
    return json.dumps(json_schema(contract), indent=2, ensure_ascii=False) + "\n"


def expected_files() -> dict[str, str]:
    return {contract.schema_file: rendered(contract) for contract in CONTRACTS.values()}


def drift(directory: Path = SCHEMA_DIR) -> list[str]:
    """The files that are missing, differ from the models, or belong to no contract any more."""
    expected = expected_files()
    committed = {path.name: path.read_text(encoding="utf-8") for path in directory.glob("*.schema.json")}
    return sorted(name for name in expected.keys() | committed.keys() if expected.get(name) != committed.get(name))


def write(directory: Path = SCHEMA_DIR) -> list[str]:
    """Writes every schema file and removes stale ones; returns the names that changed."""
    changed = drift(directory)
    directory.mkdir(exist_ok=True)
    expected = expected_files()
    for name in changed:
        if name in expected:
            (directory / name).write_text(expected[name], encoding="utf-8")
        else:
            (directory / name).unlink()
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="schemas.generate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed files drifted")
    args = parser.parse_args(argv)
    if args.check:
        stale = drift()
        for name in stale:
            print(f"out of date: schemas/json/{name}  (run `python -m schemas.generate`)", file=sys.stderr)
        return 1 if stale else 0
    for name in write():
        print(f"wrote schemas/json/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
