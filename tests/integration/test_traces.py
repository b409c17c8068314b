"""One trace from the request to the view and the notices, with OpenTelemetry's in-memory exporter.

The tracer provider is process-wide and can be set once, so this module sets one for the run whose
processor records only while a test of this module asks it to."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.samples import METER_INSTALLATION
from tests.waiting import wait_for

METER = "/v1/applications/meter-installation"
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
CALLERS_TRACEPARENT = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"


class WhileAsked(SimpleSpanProcessor):
    recording = False

    def on_end(self, span: ReadableSpan) -> None:
        if self.recording:
            super().on_end(span)


EXPORTER = InMemorySpanExporter()
PROCESSOR = WhileAsked(EXPORTER)


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(PROCESSOR)
        trace.set_tracer_provider(provider)
    EXPORTER.clear()
    PROCESSOR.recording = True
    try:
        yield EXPORTER
    finally:
        PROCESSOR.recording = False
        EXPORTER.clear()


def named(exporter: InMemorySpanExporter, name: str) -> list[ReadableSpan]:
    return [span for span in exporter.get_finished_spans() if span.name == name]


def hex_trace(span: ReadableSpan) -> str:
    return f"{span.context.trace_id:032x}"


def test_the_callers_trace_goes_on_through_the_request_the_event_the_view_and_the_notices(spans, sqlite_settings, clock):
    services = bootstrap(sqlite_settings, clock=clock)
    with TestClient(create_app(sqlite_settings, services)) as client:
        answer = client.post(METER, json=METER_INSTALLATION,
                             headers={**signed_in_with(sqlite_settings)("citizen"), "traceparent": CALLERS_TRACEPARENT})
        assert answer.status_code == 201
        [request] = named(spans, f"POST {METER}")
        assert hex_trace(request) == CALLER_TRACE and f"{request.parent.span_id:016x}" == CALLER_SPAN
        assert request.attributes["http.response.status_code"] == 201

        [submitted] = services.auditor.history(uuid.UUID(answer.json()["id"])).events
        assert submitted.traceparent == f"00-{CALLER_TRACE}-{request.context.span_id:016x}-01"
        for follower in ("apply to the status views", "take notices into the delivery ledger"):
            [span] = named(spans, follower)
            assert hex_trace(span) == CALLER_TRACE and span.parent.span_id == request.context.span_id, follower
            assert span.attributes["cloudevents.event_type"] == "Submitted"
        wait_for(lambda: named(spans, "send sms") and named(spans, "send email"), "the registration SMS and e-mail sent")
        for channel in ("sms", "email"):
            [sent] = named(spans, f"send {channel}")
            assert hex_trace(sent) == CALLER_TRACE and sent.parent.span_id == request.context.span_id, channel
            assert sent.kind == trace.SpanKind.CLIENT
    services.close()


@pytest.mark.parametrize("sent", [None, "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "x" * 5000,
                                  "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01"])
def test_without_a_valid_traceparent_a_request_starts_a_trace_of_its_own(spans, quick_client, quick_token, sent):
    headers = quick_token("citizen") | ({"traceparent": sent} if sent else {})
    assert quick_client.post(METER, json=METER_INSTALLATION, headers=headers).status_code == 201
    [request] = named(spans, f"POST {METER}")
    assert request.parent is None and hex_trace(request) != CALLER_TRACE.upper()


@pytest.mark.postgres
def test_on_the_kafka_path_the_relay_projector_and_notifier_spans_join_the_requests_trace(
        spans, postgres_url, kafka_broker, tmp_path, clock):
    from gateway.workers import run_notifier, run_projector, run_relay
    from tests.conftest import empty_tables

    empty_tables(postgres_url)
    topic = f"events-{uuid.uuid4().hex[:8]}"
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=postgres_url, db_pool_size=4,
                        kafka_bootstrap_servers=kafka_broker.bootstrap_servers, kafka_topic=topic, kafka_group_prefix=topic)
    services = bootstrap(settings, clock=clock)
    stop, workers = threading.Event(), []
    try:
        for run in (run_relay, run_projector, run_notifier):  # in this process, so the in-memory exporter sees them
            workers.append(threading.Thread(target=run, args=(services, stop), daemon=True))
            workers[-1].start()
        with TestClient(create_app(settings, services)) as client:
            answer = client.post(METER, json=METER_INSTALLATION,
                                 headers={**signed_in_with(settings)("citizen"), "traceparent": CALLERS_TRACEPARENT})
            assert answer.status_code == 201
            wait_for(lambda: named(spans, "project status views") and named(spans, "send sms"),
                     "the projector took the event, and the notifier sent its SMS")
        [request] = named(spans, f"POST {METER}")
        [published] = named(spans, "publish application-events")
        assert published.parent.span_id == request.context.span_id and published.kind == trace.SpanKind.PRODUCER
        for consumer in ("project status views", "take notices into the delivery ledger", "send sms"):
            [span] = named(spans, consumer)
            assert hex_trace(span) == CALLER_TRACE, consumer
            assert span.parent.span_id == published.context.span_id, f"{consumer} continues the relay's ce_traceparent"
    finally:
        stop.set()
        for worker in workers:
            worker.join(30)
        services.close()
