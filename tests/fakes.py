"""Small fakes of the write side's ports, for unit tests: each records what happened."""

from __future__ import annotations

from datetime import datetime

from cases.ports import BAKU, Clock, DocumentStore, NumberIssuer, StoredDocument


class FakeDocumentStore(DocumentStore):
    def __init__(self) -> None:
        self.stored: dict[str, StoredDocument] = {}

    def put(self, sha256: str, media_type: str, content: bytes) -> None:
        self.stored.setdefault(sha256, StoredDocument(sha256, media_type, content))

    def get(self, sha256: str) -> StoredDocument | None:
        return self.stored.get(sha256)


class FakeNumberIssuer(NumberIssuer):
    def __init__(self) -> None:
        self.issued: list[str] = []

    def next_serial(self, series: str) -> int:
        self.issued.append(series)
        return self.issued.count(series)


class FixedClock(Clock):
    def __init__(self, now: datetime = datetime(2026, 11, 22, 10, 0, tzinfo=BAKU)):
        self.current = now

    def now(self) -> datetime:
        return self.current
