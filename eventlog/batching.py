"""Doing together what concurrent requests ask for separately.

The event store serialises its writers (a table lock keeps the notification log without gaps),
and the number series advance in the same transaction, so each submission saved on its own pays
a lock, a round trip and a commit. A `Batcher` hands what arrives while the previous batch is
being written to one thread, which does it all in one go: under load the cost is paid once per
batch; alone, a request waits only for its own work.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from cases.ports import Writer

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class _Slot(Generic[In]):
    item: In
    done: threading.Event = field(default_factory=threading.Event)
    result: object = None


class Batcher(Writer, Generic[In, Out]):
    """`process` gets a batch and returns one result per item: a value, or the exception for that item."""

    def __init__(self, process: Callable[[list[In]], list[Out | BaseException]], name: str, max_batch: int = 200):
        self.process = process
        self.name = name
        self.max_batch = max_batch
        self._queue: list[_Slot[In]] = []
        self._arrived = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, item: In) -> Out:
        slot = _Slot(item)
        with self._arrived:
            if self._closed:
                raise RuntimeError(f"{self.name} is closed")
            self._queue.append(slot)
            self._start_once()
            self._arrived.notify()
        slot.done.wait()
        if isinstance(slot.result, BaseException):
            raise slot.result
        return slot.result  # type: ignore[return-value]

    def close(self) -> None:
        with self._arrived:
            self._closed = True
            self._arrived.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _start_once(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while batch := self._next_batch():
            self._complete(batch)

    def _next_batch(self) -> list[_Slot[In]]:
        with self._arrived:
            while not self._queue and not self._closed:
                self._arrived.wait()
            batch, self._queue = self._queue[:self.max_batch], self._queue[self.max_batch:]
            return batch

    def _complete(self, batch: list[_Slot[In]]) -> None:
        try:
            results = self.process([slot.item for slot in batch])
        except BaseException as error:  # noqa: BLE001 -- whatever went wrong goes back to every caller waiting on it
            results = [error] * len(batch)
        for slot, result in zip(batch, results, strict=True):
            slot.result = result
            slot.done.set()
