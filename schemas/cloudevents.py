"""Events on Kafka as CloudEvents 1.0 in binary mode: attributes in `ce_*` headers, the event's data as
the JSON value, the application id as the key (so one application's events stay in order).

    ce_specversion  1.0
    ce_id           <application id>:<version>   stable: a consumer drops what it has seen
    ce_source       /azersu/cases
    ce_type         az.azersu.application.<Event>.v1
    ce_time         when it was recorded (RFC 3339)
    ce_subject      the application id
    ce_sequence     the application's version after this event (CloudEvents sequence extension)
    content-type    application/json
"""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from schemas.events import EventEnvelope

SOURCE = "/azersu/cases"
TYPE_PREFIX = "az.azersu.application."
TYPE_VERSION = ".v1"

Headers = list[tuple[str, bytes]]


class NotACloudEventError(ValueError):
    """A record on the topic that is not one of our events."""


def event_type(name: str) -> str:
    return f"{TYPE_PREFIX}{name}{TYPE_VERSION}"


def to_record(event: EventEnvelope) -> tuple[bytes, bytes, Headers]:
    """(key, value, headers) for one event."""
    attributes = {
        "ce_specversion": "1.0",
        "ce_id": event.id,
        "ce_source": SOURCE,
        "ce_type": event_type(event.type),
        "ce_time": event.time.isoformat(),
        "ce_subject": str(event.application_id),
        "ce_sequence": str(event.version),
        "content-type": "application/json",
    }
    value = json.dumps(event.data, ensure_ascii=False, separators=(",", ":")).encode()
    return str(event.application_id).encode(), value, [(k, v.encode()) for k, v in attributes.items()]


def from_record(value: bytes, headers: Headers) -> EventEnvelope:
    """The event a record carries; raises NotACloudEventError for anything else."""
    attributes = {key: raw.decode() for key, raw in headers}
    try:
        if attributes["ce_specversion"] != "1.0" or not attributes["ce_type"].startswith(TYPE_PREFIX):
            raise NotACloudEventError(f"not an application event: {attributes.get('ce_type')}")
        name = attributes["ce_type"].removeprefix(TYPE_PREFIX).rsplit(".", 1)[0]
        return EventEnvelope(id=attributes["ce_id"], application_id=UUID(attributes["ce_subject"]),
                             version=int(attributes["ce_sequence"]), type=name,
                             time=datetime.fromisoformat(attributes["ce_time"]), data=json.loads(value))
    except (KeyError, ValueError, TypeError) as error:
        if isinstance(error, NotACloudEventError):
            raise
        raise NotACloudEventError(f"malformed event record: {error}") from None
