"""Reference data: districts and their places, the forms' pick-lists, statuses, units."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cases.errors import InvalidReferenceError
from schemas.event_payloads import JsonObject
from schemas.text import fold

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.json"


@dataclass(frozen=True)
class Catalogue:
    """Every pick-list of the two services, looked up by code."""

    data: JsonObject  # reference.json as parsed: each pick-list is a list of items, each an object with its `code`
    _indexes: dict[str, dict[str, JsonObject]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _by_code(self, list_name: str) -> dict[str, JsonObject]:
        # Indexed once per list: labels are looked up for every event a view applies, a rebuild's millions included.
        index = self._indexes.get(list_name)
        if index is None:
            index = self._indexes[list_name] = {item["code"]: item for item in self.data[list_name]}
        return index

    def _get(self, list_name: str, code: str, field: str) -> JsonObject:
        item = self._by_code(list_name).get(code)
        if item is None:
            raise InvalidReferenceError(field, f"'{code}' is not a known {field.replace('_', ' ')}.")
        return item

    def items(self, list_name: str) -> list[JsonObject]:
        items: list[JsonObject] = self.data[list_name]
        return items

    def district(self, code: str) -> JsonObject:
        return self._get("districts", code, "district")

    def places(self, district_code: str, query: str = "") -> list[str]:
        """The district's streets, settlements and villages matching a type-ahead query."""
        places = self.district(district_code)["places"]
        key = fold(query.strip())
        return [place for place in places if key in fold(place)]

    def check_place(self, district_code: str, place: str) -> None:
        if fold(place) not in {fold(p) for p in self.district(district_code)["places"]}:
            raise InvalidReferenceError(
                "place", f"'{place}' is not in the list of {self.district(district_code)['name']}; "
                "tick place_not_in_list and type the address instead.")

    def purpose(self, code: str) -> JsonObject:
        return self._get("technical_conditions_purposes", code, "purpose")

    def meter_reason(self, code: str) -> JsonObject:
        return self._get("meter_installation_reasons", code, "reason")

    def refusal_reason(self, code: str, kind: str) -> JsonObject:
        reason = self._get("refusal_reasons", code, "reason_code")
        if kind not in reason["applies_to"]:
            raise InvalidReferenceError("reason_code", f"'{code}' is not a refusal reason for {kind}.")
        return reason

    def unit_for(self, code: str, kind: str) -> JsonObject:
        """A unit that executes applications of this kind."""
        unit = self._get("units", code, "unit")
        if kind not in unit["executes"]:
            raise InvalidReferenceError("unit", f"{unit['name']} does not execute {kind} applications.")
        return unit

    def intake_unit(self, district_code: str) -> str:
        """Applications arrive at the unit of their district."""
        code: str = next(u["code"] for u in self.items("units") if u["district"] == district_code)
        return code

    def label(self, list_name: str, code: str) -> str:
        name: str = self._by_code(list_name).get(code, {}).get("name", code)
        return name


@cache
def load_catalogue(path: Path = REFERENCE_FILE) -> Catalogue:
    return Catalogue(json.loads(path.read_text(encoding="utf-8")))
