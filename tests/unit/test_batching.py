"""The batcher behind group commit: what arrives together is done together, and each caller
gets its own result or its own error. The registry records through whichever writer it is given."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from cases.application_ids import ApplicationIds
from cases.ports import Writer
from cases.reference import load_catalogue
from cases.registry import CaseRegistry
from cases.subscribers import SeededSubscriberRegister
from eventlog.batching import Batcher
from schemas.commands import RouteCommand
from tests.fakes import IN_MEMORY, FakeDocumentInspector, FakeDocumentStore, FixedClock
from tests.life_cycles import INTAKE, submit_meter_installation


def test_each_caller_gets_the_result_for_its_own_item():
    batcher = Batcher(lambda items: [item * 2 for item in items], "doubler")
    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(batcher.submit, range(200))) == [n * 2 for n in range(200)]
    batcher.close()


def test_items_arriving_while_a_batch_is_written_go_together_in_the_next():
    batches, first_started, release = [], threading.Event(), threading.Event()

    def process(items):
        batches.append(list(items))
        first_started.set()
        release.wait(5)  # the first batch is "being written" while the others arrive
        return items

    batcher = Batcher(process, "slow")
    with ThreadPoolExecutor(11) as pool:
        first = pool.submit(batcher.submit, "first")
        first_started.wait(5)
        rest = [pool.submit(batcher.submit, n) for n in range(10)]
        while sum(len(b) for b in batches) < 1 or len(batcher._queue) < 10:
            threading.Event().wait(0.01)
        release.set()
        assert first.result() == "first" and [f.result() for f in rest] == list(range(10))
    assert batches == [["first"], list(range(10))]
    batcher.close()


def test_an_error_for_one_item_goes_to_its_caller_only():
    refused = ValueError("stale")
    batcher = Batcher(lambda items: [refused if item == 3 else item for item in items], "picky")
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(batcher.submit, n) for n in range(6)]
        outcomes = [f.exception() or f.result() for f in futures]
    assert outcomes == [0, 1, 2, refused, 4, 5]
    batcher.close()


def test_a_failure_of_the_whole_batch_reaches_every_caller_in_it_and_the_batcher_goes_on():
    calls = []

    def process(items):
        calls.append(items)
        if len(calls) == 1:
            raise ConnectionError("database went away")
        return items

    batcher = Batcher(process, "flaky")
    with pytest.raises(ConnectionError):
        batcher.submit("lost")
    assert batcher.submit("next") == "next"
    batcher.close()


def test_a_closed_batcher_refuses_new_work():
    batcher = Batcher(lambda items: items, "closing")
    batcher.close()
    with pytest.raises(RuntimeError, match="closed"):
        batcher.submit(1)


# The registry records through the writer it is given


class RecordingWriter(Writer):
    """Records each change on its own, and keeps what it was handed."""

    def __init__(self, record, name: str):
        self.record, self.name, self.submitted = record, name, []

    def submit(self, item):
        self.submitted.append(item)
        [result] = self.record([item])
        if isinstance(result, BaseException):
            raise result
        return result


def test_the_registry_records_every_change_through_its_writer():
    writers: list[RecordingWriter] = []

    def writer(record, name: str) -> RecordingWriter:
        writers.append(RecordingWriter(record, name))
        return writers[-1]

    registry = CaseRegistry(IN_MEMORY, documents=FakeDocumentStore(), subscribers=SeededSubscriberRegister(),
                            clock=FixedClock(), catalogue=load_catalogue(), ids=ApplicationIds(b"a unit test's application id secret"),
                            inspector=FakeDocumentInspector(), writer=writer)
    application_id = submit_meter_installation(registry)
    registry.route(application_id, RouteCommand(unit="SQS"), INTAKE)

    [writer] = writers
    assert writer.name == "event-store-writer"
    assert len(writer.submitted) == 2
    assert [e.originator_version for e in registry.events.get(application_id)] == [1, 2]
    registry.close()
