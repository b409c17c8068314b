"""Traces (OpenTelemetry): one trace from a request through the store and the relay to the view and the message.

The trace context travels with the work, not with the process: the request's (a child of the caller's
`traceparent`, or a new trace when it sent none or an invalid one) is recorded in each event's context beside the correlation
id; the relay publishes each event in a span of that trace and puts that span's context on the record
as the CloudEvents distributed-tracing extension (`ce_traceparent`); the projector and the notifier
apply each event in a span under it. opentelemetry-python-contrib's Kafka instrumentation declares
kafka-python < 3, so the context is carried by hand here.

Export is off unless the SDK's own `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
names a collector: then spans go to it over OTLP/HTTP, in batches, from a thread. Without it the API's
default provider records nothing, and the context still travels, so a caller's own trace goes on
through us.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from fastapi.telemetry import TelemetryConfig
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from schemas.cloudevents import TRACEPARENT
from schemas.events import EventEnvelope

TRACER = trace.get_tracer("azersu.cases")
PROPAGATOR = TraceContextTextMapPropagator()
EXPORT_SETTINGS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")


def configure_tracing(service_name: str) -> bool:
    """Spans exported to the configured collector, under this process's service name; False when none is."""
    if not any(os.environ.get(name) for name in EXPORT_SETTINGS):
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return True


def traceparent_of(span: Span) -> str | None:
    """The W3C `traceparent` of a span (None for one without a valid context)."""
    carrier: dict[str, str] = {}
    PROPAGATOR.inject(carrier, context=trace.set_span_in_context(span))
    return carrier.get("traceparent")


def context_of(traceparent: str | None) -> Context | None:
    """The context a `traceparent` names; None (a new trace) for none or a malformed one, which the propagator ignores."""
    return PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None


def request_traceparent(headers: Mapping[str, str]) -> str | None:
    """The trace context a request's events record: its server span's (FastAPI's own OpenTelemetry support
    makes that span, a child of the caller's valid `traceparent`), or without an exporting provider, the
    caller's valid `traceparent` itself, so the caller's trace still goes on through our events."""
    current = traceparent_of(trace.get_current_span())
    if current is not None:
        return current
    sent = headers.get("traceparent")
    return sent if sent is not None and TRACEPARENT.match(sent) else None


FASTAPI_TELEMETRY: TelemetryConfig = {
    "metrics": False,  # Prometheus counts requests (gateway.metrics)
    "logs": False,  # its records of validation failures quote the input: a citizen's FİN and phone would leave with them
    "exclude": lambda scope: scope.get("path") in ("/metrics", "/healthz", "/readyz"),  # scrapes and probes, not work
}
"""FastAPI's own OpenTelemetry support: the server span of each request (route template, status), and
spans of its dependencies, endpoint and serialisation; on only when a provider exports (configure_tracing)."""


@contextmanager
def spans_of_events(name: str, events: Iterable[EventEnvelope], kind: SpanKind = SpanKind.CONSUMER) -> Iterator[list[Span]]:
    """One span per event, each in its event's trace, open while the block handles them together."""
    spans = [TRACER.start_span(name, context=context_of(event.trace_context), kind=kind,
                               attributes=event_attributes(event)) for event in events]
    try:
        yield spans
    finally:
        for span in spans:
            span.end()


def span_of_event(name: str, event: EventEnvelope) -> AbstractContextManager[Any]:
    """The block that handles one event, in a span of its trace (the embedded default's followers, event by event)."""
    return TRACER.start_as_current_span(name, context=context_of(event.trace_context), kind=SpanKind.CONSUMER,
                                        attributes=event_attributes(event))


def event_attributes(event: EventEnvelope) -> dict[str, str | int]:
    return {"cloudevents.event_id": event.id, "cloudevents.event_type": event.type,
            "cloudevents.event_subject": str(event.application_id), "azersu.event_version": event.version}
