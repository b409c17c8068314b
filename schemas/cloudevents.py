"""Events on Kafka as CloudEvents 1.0 in binary mode: attributes in `ce_*` headers, the event's data as
the JSON value, the application id as the key (so one application's events stay in order).

    ce_specversion  1.0
    ce_id           <application id>:<version>   stable: a consumer drops what it has seen
    ce_source       /azersu/cases
    ce_type         az.azersu.application.<Event>.v<N>   N: the event's contract version (schemas.event_payloads)
    ce_time         when it was recorded (RFC 3339)
    ce_subject      the application id
    ce_sequence     the application's version after this event, zero-padded to 10 digits (CloudEvents
                    sequence extension: its values must sort as strings, and "10" sorts before "9")
    content-type    application/json

The `.vN` of the type is the contract version of the payload, the same N as its schema file
(schemas/json/<Event>.v<N>.schema.json). It is deliberately not the event's `class_version` in the
event store: upcasters turn every stored shape into the current one before it is published, so a new
stored shape changes nothing for readers unless the payload changes incompatibly (docs/events.md).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from uuid import UUID

from schemas.event_payloads import CONTRACTS
from schemas.events import EventEnvelope

SOURCE = "/azersu/cases"
TYPE_PREFIX = "az.azersu.application."
SEQUENCE_DIGITS = 10
_TYPE = re.compile(rf"^{re.escape(TYPE_PREFIX)}(?P<name>[A-Za-z]+)\.v(?P<version>[1-9][0-9]*)$")

Headers = list[tuple[str, bytes]]


class NotACloudEventError(ValueError):
    """A record on the topic that is not one of our events."""


def event_type(name: str) -> str:
    """The CloudEvents type of an event; an event without a published contract is refused, never sent unannounced."""
    contract = CONTRACTS.get(name)
    if contract is None:
        raise ValueError(f"no published contract for the event {name!r}: add it to schemas.event_payloads.CONTRACTS")
    return f"{TYPE_PREFIX}{name}.v{contract.version}"


TRACEPARENT = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")


def to_record(event: EventEnvelope, traceparent: str | None = None) -> tuple[bytes, bytes, Headers]:
    """(key, value, headers) for one event; `traceparent` as the distributed-tracing extension, `ce_traceparent`."""
    attributes = {
        "ce_specversion": "1.0",
        "ce_id": event.id,
        "ce_source": SOURCE,
        "ce_type": event_type(event.type),
        "ce_time": event.time.isoformat(),
        "ce_subject": str(event.application_id),
        "ce_sequence": f"{event.version:0{SEQUENCE_DIGITS}d}",
        "content-type": "application/json",
    }
    if traceparent is not None:
        attributes["ce_traceparent"] = traceparent
    value = json.dumps(event.data, ensure_ascii=False, separators=(",", ":")).encode()
    return str(event.application_id).encode(), value, [(k, v.encode()) for k, v in attributes.items()]


def to_structured(event: EventEnvelope) -> dict[str, object]:
    """The event as one structured-mode CloudEvent (JSON event format), as a webhook carries it: the same
    attributes as the Kafka headers, without their `ce_` prefix, and the event's data under `data`."""
    return {
        "specversion": "1.0",
        "id": event.id,
        "source": SOURCE,
        "type": event_type(event.type),
        "time": event.time.isoformat(),
        "subject": str(event.application_id),
        "sequence": f"{event.version:0{SEQUENCE_DIGITS}d}",
        "datacontenttype": "application/json",
        "data": event.data,
    }


def from_record(value: bytes, headers: Headers) -> EventEnvelope:
    """The event a record carries, its payload validated against its contract (so a reader gets only
    events that fit it); raises NotACloudEventError for anything else."""
    attributes = {key: raw.decode() for key, raw in headers}
    try:
        kind = _TYPE.match(attributes["ce_type"])
        if attributes["ce_specversion"] != "1.0" or kind is None:
            raise NotACloudEventError(f"not an application event: {attributes.get('ce_type')}")
        event = EventEnvelope(id=attributes["ce_id"], application_id=UUID(attributes["ce_subject"]),
                              version=int(attributes["ce_sequence"]), type=kind["name"],
                              time=datetime.fromisoformat(attributes["ce_time"]), data=json.loads(value),
                              traceparent=_traceparent(attributes.get("ce_traceparent")))
    except (KeyError, ValueError, TypeError) as error:
        if isinstance(error, NotACloudEventError):
            raise
        raise NotACloudEventError(f"malformed event record: {error}") from None
    _check_payload(event, int(kind["version"]))
    return event


def _check_payload(event: EventEnvelope, version: int) -> None:
    """The record's data read by its contract, once, here: `payload` keeps what was read."""
    contract = CONTRACTS.get(event.type)
    if contract is None or contract.version != version:
        raise NotACloudEventError(f"no published contract for {event.type} v{version}")
    try:
        event.payload  # noqa: B018 - reading it validates the data and caches the typed payload
    except ValueError as error:  # pydantic's ValidationError, with every field that does not fit
        raise NotACloudEventError(f"the {event.type} event does not fit its contract v{version}: {error}") from None


def _traceparent(value: str | None) -> str | None:
    """A well-formed version-00 trace context, or None: a record's malformed one starts no trace of ours."""
    return value if value is not None and TRACEPARENT.match(value) else None
