"""The workers' own port, as an operator's Prometheus and orchestrator see it: /metrics, /healthz, /readyz.

The relay, the projector and the notifier run as processes (tests/e2e/workers.py), each with
WORKER_METRICS_PORT; the figures are read the way Prometheus reads them, over HTTP, as text.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.test_kafka_path import listed, submit
from tests.postgres_server import free_loopback_port

pytestmark = pytest.mark.postgres


def figures(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the worker's /metrics; none while the worker is not listening yet."""
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    except httpx.ConnectError:
        return {}
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def figure(port: int, name: str, **labels: str) -> float | None:
    return figures(port).get((name, tuple(sorted(labels.items()))))


def readiness(port: int) -> tuple[int, dict]:
    """/readyz's status and body; (0, {}) while the worker is not listening yet."""
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=10)
    except httpx.ConnectError:
        return 0, {}
    return answer.status_code, answer.json()


@pytest.fixture
def stack_with_ports(postgres_url, kafka_broker, tmp_path, clock, smtp, sms):
    from tests.e2e.workers import KafkaStack

    topic = f"events-{uuid.uuid4().hex[:8]}"
    stack = KafkaStack(postgres_url, kafka_broker.bootstrap_servers, topic, tmp_path, clock, smtp, sms)
    ports = {}
    for worker in stack.workers:
        ports[worker.command] = free_loopback_port()
        worker.env = worker.env | {"WORKER_METRICS_PORT": str(ports[worker.command])}
    with stack:
        yield stack, ports


def test_each_worker_answers_health_and_readiness_and_its_figures_follow_the_work(stack_with_ports):
    stack, ports = stack_with_ports
    client, citizen = stack.client, stack.token("citizen")
    relay, projector, notifier = ports["relay"], ports["project"], ports["notify"]
    stack.wait_for(lambda: readiness(relay) == (200, {"status": "ok", "role": "active"}), "the relay says it holds the lock")
    [number] = submit(client, citizen)
    stack.wait_for(lambda: number in listed(client, citizen), "the view of the first application")
    stack.wait_for(lambda: readiness(projector)[0] == 200 and readiness(projector)[1]["assigned_partitions"],
                   "the projector says which partitions it was given")
    assert readiness(projector)[1]["group"] == f"{stack.topic}-views" and readiness(projector)[1]["lag"] == 0
    assert httpx.get(f"http://127.0.0.1:{notifier}/healthz", timeout=10).json() == {"status": "ok"}

    stack.wait_for(lambda: (figure(relay, "azersu_relay_published_events_total") or 0) >= 1, "the relay counts what it published")
    assert figure(relay, "azersu_relay_active") == 1
    stack.wait_for(lambda: figure(notifier, "azersu_deliveries", channel="sms", status="sent") == 1,
                   "the notifier's port shows the SMS sent")


def test_a_stopped_projector_shows_as_its_groups_lag_growing_on_the_relays_port(stack_with_ports):
    stack, ports = stack_with_ports
    client, citizen = stack.client, stack.token("citizen")
    relay = ports["relay"]
    views_group = f"{stack.topic}-views"
    [first] = submit(client, citizen)
    stack.wait_for(lambda: first in listed(client, citizen), "the projector keeps up")
    stack.wait_for(lambda: figure(relay, "azersu_consumer_group_lag_events", group=views_group) == 0, "no lag while it runs")

    stack.projector.stop()
    submit(client, citizen, 3)
    stack.wait_for(lambda: figure(relay, "azersu_consumer_group_lag_events", group=views_group) == 3,
                   "the three events the stopped projector did not take")

    stack.projector.start()
    stack.wait_for(lambda: figure(relay, "azersu_consumer_group_lag_events", group=views_group) == 0,
                   "the lag gone once the projector is back")
