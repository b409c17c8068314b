"""Boundaries of the write side. Each has a real adapter (gateway/adapters) and a fake (tests/fakes.py)."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from cases.errors import UnacceptableDocumentError

BAKU = ZoneInfo("Asia/Baku")


@dataclass(frozen=True)
class StoredDocument:
    sha256: str
    media_type: str
    content: bytes


class DocumentStore(abc.ABC):
    """Keeps document bytes by their SHA-256: storing the same content twice stores it once."""

    @abc.abstractmethod
    def put(self, sha256: str, media_type: str, content: bytes) -> None: ...

    @abc.abstractmethod
    def get(self, sha256: str) -> StoredDocument | None: ...


class DocumentRefused(Exception):
    """Why a document is not accepted, before the caller's wording (which field, which name) is added."""

    def __init__(self, error_type: type[UnacceptableDocumentError], reason: str):
        super().__init__(reason)
        self.error_type = error_type
        self.reason = reason


class DocumentInspector(abc.ABC):
    """Reads an upload far enough to know it is one whole PDF, JPEG or PNG that carries nothing active."""

    @abc.abstractmethod
    def media_type_of(self, content: bytes) -> str:
        """The media type of an acceptable document; raises DocumentRefused with the reason otherwise."""

    def close(self) -> None:  # noqa: B027 - most inspectors hold nothing
        """Lets go of whatever the inspector holds (worker processes)."""


class NumberIssuer(abc.ABC):
    """Issues the next serial of a series (say TS-2026); a serial once issued is never issued again."""

    @abc.abstractmethod
    def next_serial(self, series: str) -> int: ...

    def reserve(self, series: str, count: int) -> range:
        """`count` consecutive new serials at once. This default suits a single process; a shared
        store does it in one step, so that no other process takes a serial in between."""
        first = self.next_serial(series)
        for _ in range(count - 1):
            self.next_serial(series)
        return range(first, first + count)


class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> datetime: ...


class SystemClock(Clock):
    """Baku time: the year in an application number is the citizen's year, not UTC's."""

    def now(self) -> datetime:
        return datetime.now(BAKU)
