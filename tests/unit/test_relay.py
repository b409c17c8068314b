"""The relay hands batches to the broker without waiting for each answer, and records only what was acknowledged."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from eventlog.relay import Relay, Wakeup
from schemas.events import EventEnvelope
from tests.fakes import HeldPublisher, MemoryRelayPosition

APPLICATION = uuid4()
LOG = [EventEnvelope(id=f"{APPLICATION}:{n}", application_id=APPLICATION, version=n, type="NoteAdded",
                     time=datetime(2026, 11, 22, tzinfo=UTC), data={}, position=n) for n in range(1, 11)]


def read_log(after: int, limit: int) -> list[EventEnvelope]:
    return [e for e in LOG if e.position > after][:limit]


def relay(position: MemoryRelayPosition, publisher: HeldPublisher) -> Relay:
    relay = Relay(read_log, publisher, position, batch=3)
    relay.start_from(position.load())
    return relay


def positions(events: list[EventEnvelope]) -> list[int]:
    return [e.position for e in events]


def test_reads_and_sends_the_next_batch_while_the_one_before_awaits_its_acknowledgement():
    publisher = HeldPublisher()
    r = relay(MemoryRelayPosition(), publisher)
    r.send_next_batch()
    r.send_next_batch()
    assert [positions(b.events) for b in publisher.batches] == [[1, 2, 3], [4, 5, 6]]


def test_the_position_never_moves_past_a_batch_the_broker_has_not_acknowledged():
    position, publisher = MemoryRelayPosition(), HeldPublisher()
    r = relay(position, publisher)
    for _ in range(3):
        r.send_next_batch()
    publisher.batches[1].acknowledge()
    publisher.batches[2].acknowledge()
    r.settle()
    assert position.saved == [] and r.acknowledged == 0  # the first batch is still on its way
    publisher.batches[0].acknowledge()
    r.settle()
    assert position.saved == [9]


def test_moves_batch_by_batch_as_the_oldest_ones_are_acknowledged():
    position, publisher = MemoryRelayPosition(), HeldPublisher()
    r = relay(position, publisher)
    r.send_next_batch()
    r.send_next_batch()
    publisher.batches[0].acknowledge()
    r.settle()
    assert position.saved == [3]


def test_a_refused_batch_and_every_one_after_it_go_again_from_the_last_acknowledged_position():
    position, publisher = MemoryRelayPosition(), HeldPublisher()

    class AnswersAsItGoes(Wakeup):
        """Refuses the second batch once, acknowledges everything else; stops the relay at the end of the log."""

        def wait(self, timeout: float) -> None:
            for n, batch in enumerate(publisher.batches):
                if batch.answer is None:
                    batch.refuse() if n == 1 else batch.acknowledge()

    r = Relay(read_log, publisher, position, batch=3)
    r.run(AnswersAsItGoes(), should_stop=lambda: position.position == 10, poll_seconds=0)
    sent = [positions(b.events) for b in publisher.batches]
    assert sent[:2] == [[1, 2, 3], [4, 5, 6]]
    assert sent[sent.index([4, 5, 6], 2):] == [[4, 5, 6], [7, 8, 9], [10]]  # again, in order, from 4
    assert position.saved == [3, 10]  # the first batch counted before the refusal; the rest once all came back


def test_reads_its_position_from_the_store_once_when_it_becomes_active():
    position, publisher = MemoryRelayPosition(4), HeldPublisher()

    class AcknowledgesEverything(Wakeup):
        def wait(self, timeout: float) -> None:
            for batch in publisher.batches:
                batch.acknowledge()

    Relay(read_log, publisher, position, batch=3).run(AcknowledgesEverything(), lambda: position.position == 10,
                                                      poll_seconds=0)
    assert position.loads == 1
    assert positions(publisher.batches[0].events) == [5, 6, 7]
