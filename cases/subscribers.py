"""The subscriber register (abonent reyestri): the utility's billing system, read through a port."""

from __future__ import annotations

import abc
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from schemas.event_payloads import JsonObject

SEED_FILE = Path(__file__).parent / "data" / "subscribers.json"


@dataclass(frozen=True)
class Subscriber:
    code: str
    owner: str
    district: str
    address: str
    active_meters: tuple[JsonObject, ...] = ()
    owner_fin: str = ""  # whose subscription it is: their own address is shown to them alone (schemas.views)

    def as_dict(self) -> JsonObject:
        return asdict(self) | {"active_meters": list(self.active_meters)}


class SubscriberRegister(abc.ABC):
    """Looks up a subscriber by code; None when the code is unknown."""

    @abc.abstractmethod
    def find(self, code: str) -> Subscriber | None: ...


class InMemorySubscriberRegister(SubscriberRegister):
    def __init__(self, subscribers: list[Subscriber]):
        self._by_code = {s.code: s for s in subscribers}

    def find(self, code: str) -> Subscriber | None:
        return self._by_code.get(code)


class SeededSubscriberRegister(InMemorySubscriberRegister):
    """The local copy used by the embedded default and the tests."""

    def __init__(self, path: Path = SEED_FILE):
        rows = json.loads(path.read_text(encoding="utf-8"))["subscribers"]
        super().__init__([Subscriber(**(row | {"active_meters": tuple(row["active_meters"])})) for row in rows])
