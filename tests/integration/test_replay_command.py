"""`gateway.cli replay` without a broker: what it publishes, in which batches, and where it stops.

The real broker and a foreign consumer are in tests/e2e/test_downstream.py; here a recording
publisher stands in for Kafka, over the embedded default's store.
"""

from __future__ import annotations

import pytest

from eventlog.decoding import read_log
from eventlog.relay import EventPublisher, PublishError
from gateway.bootstrap import bootstrap
from gateway.cli import main, replay_log
from schemas.events import EventEnvelope
from tests.life_cycles import every_life_cycle, submit_meter_installation


class RecordingPublisher(EventPublisher):
    """Takes batches as the broker would, and refuses from the `fail_at`-th batch on."""

    def __init__(self, fail_at: int | None = None):
        self.batches: list[list[EventEnvelope]] = []
        self.fail_at = fail_at

    def publish(self, events: list[EventEnvelope]) -> None:
        if self.fail_at is not None and len(self.batches) + 1 >= self.fail_at:
            raise PublishError("broker unreachable")
        self.batches.append(events)


@pytest.fixture
def registry(sqlite_settings):
    services = bootstrap(sqlite_settings)
    every_life_cycle(services.registry)
    yield services.registry
    services.close()


def replay(registry, publisher, after=0, last=None, batch=5, progress=None):
    last = registry.recorder.max_notification_id() if last is None else last
    return replay_log(lambda position: read_log(registry, position, batch), publisher, after, last, progress or (lambda p: None))


def test_a_replay_publishes_every_stored_event_in_log_order_in_acknowledged_batches(registry):
    publisher, reached = RecordingPublisher(), []
    assert replay(registry, publisher, progress=reached.append) == 22
    published = [e for batch in publisher.batches for e in batch]
    assert published == read_log(registry, 0, 100)
    assert [len(b) for b in publisher.batches] == [5, 5, 5, 5, 2]
    assert reached == [b[-1].position for b in publisher.batches]


def test_a_replay_ends_at_the_last_event_recorded_when_it_started(registry):
    last = registry.recorder.max_notification_id()
    submit_meter_installation(registry)  # recorded during the replay: the relay publishes it
    publisher = RecordingPublisher()
    assert replay(registry, publisher, last=last) == 22
    assert publisher.batches[-1][-1].position == last


def test_a_replay_goes_on_after_a_given_position(registry):
    publisher = RecordingPublisher()
    assert replay(registry, publisher, after=10) == 12
    assert publisher.batches[0][0].position == 11


def test_a_refused_batch_stops_the_replay_and_the_last_acknowledged_position_is_where_to_go_on(registry):
    publisher, reached = RecordingPublisher(fail_at=3), []
    with pytest.raises(PublishError):
        replay(registry, publisher, progress=reached.append)
    assert reached[-1] == 10 and sum(len(b) for b in publisher.batches) == 10


def test_the_command_says_it_needs_a_broker_when_none_is_configured(sqlite_settings, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(sqlite_settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    assert main(["replay", "--topic", "billing-start"]) == 2
    assert "KAFKA_BOOTSTRAP_SERVERS" in capsys.readouterr().err


def test_a_replay_since_a_moment_publishes_only_what_was_recorded_from_then_on_and_keeps_its_place(registry):
    events = read_log(registry, 0, 100)
    since = events[11].time
    publisher, reached = RecordingPublisher(), []
    last = registry.recorder.max_notification_id()
    published = replay_log(lambda position: read_log(registry, position, 5), publisher, 0, last, reached.append,
                           keep=lambda event: event.time >= since)
    assert published == len([e for e in events if e.time >= since])
    assert [e.position for batch in publisher.batches for e in batch] == [e.position for e in events if e.time >= since]
    assert reached[-1] == last, "batches with nothing to publish still move the place on"


def test_the_command_takes_a_moment_only_with_its_offset(sqlite_settings, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(sqlite_settings.data_dir))
    with pytest.raises(SystemExit):
        main(["replay", "--since", "2026-12-01T09:00:00"])
    assert "offset" in capsys.readouterr().err


def test_the_operator_manages_a_portals_endpoint_from_the_command_line(sqlite_settings, registry, monkeypatch, capsys):
    monkeypatch.setenv("DATA_DIR", str(sqlite_settings.data_dir))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert main(["webhooks", "register", "e-gov.az", "https://portal.example.az/hooks", "--events", "Submitted"]) == 0
    endpoint_id, _, rest = capsys.readouterr().out.partition("  ")
    assert "whsec_" in rest
    assert main(["webhooks", "suspend", endpoint_id]) == 0 and "suspended" in capsys.readouterr().out
    assert main(["webhooks", "replay", endpoint_id, "--from-position", "1"]) == 0
    assert capsys.readouterr().out.startswith("5 events due again")  # the five Submitted of the store, kept parked
    assert main(["webhooks", "resume", endpoint_id]) == 0 and "active" in capsys.readouterr().out
    assert main(["webhooks", "list"]) == 0 and "every event" not in capsys.readouterr().out
    assert main(["webhooks", "resume", "00000000-0000-0000-0000-000000000000"]) == 1
    assert main(["webhooks", "register", "x", "ftp://portal.example.az"]) == 1
    assert "https" in capsys.readouterr().err
    assert main(["webhooks", "register", "x", "https://portal.example.az", "--events", "Submitted,Nope"]) == 1
    assert "Nope" in capsys.readouterr().err
    assert main(["webhooks", "register", "\x1b[2J", "https://portal.example.az"]) == 1
