"""The receiver printed in docs/webhooks.md, taken from the page as it is written and run against real
signed deliveries, so that the code integrators copy cannot drift from what we send."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from consumers.webhooks import WebhookSender, message_for, new_secret
from schemas.events import EventEnvelope

PAGE = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def receiver(secret: str) -> dict:
    [code] = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    namespace: dict = {}
    exec(compile(code.replace('"whsec_…"', repr(secret)), str(PAGE), "exec"), namespace)  # noqa: S102
    return namespace


@pytest.fixture
def delivery():
    event = EventEnvelope(id="0b7c3f5e-2a4d-4c1e-9f6a-3d2e1b0a9c8d:2", application_id="0b7c3f5e-2a4d-4c1e-9f6a-3d2e1b0a9c8d",
                          version=2, type="Routed", time="2026-12-02T10:00:00+00:00", data={"unit": "TSS"})
    return message_for(event, "endpoint-1")


def signed(message, secrets: list[str]) -> tuple[bytes, dict[str, str]]:
    headers = WebhookSender(endpoints=None).headers(message, secrets, time.time())  # type: ignore[arg-type]
    return message.body.encode(), headers


def test_the_documented_receiver_takes_a_signed_delivery_once_and_refuses_a_forged_one(delivery, capsys):
    secret = new_secret()
    docs = receiver(secret)
    body, headers = signed(delivery, [secret])
    assert docs["receive"](body, headers) == 204
    assert docs["receive"](body, headers) == 204  # the retry: answered, not handled again
    assert capsys.readouterr().out.splitlines() == ["az.azersu.application.Routed.v1 0b7c3f5e-2a4d-4c1e-9f6a-3d2e1b0a9c8d 0000000002"]
    forged = body.replace(b"TSS", b"BIN")
    assert docs["receive"](forged, headers) == 401
    assert docs["receive"](body, signed(delivery, [new_secret()])[1]) == 401


def test_during_a_rotation_a_receiver_with_either_secret_takes_the_delivery(delivery):
    old, new = new_secret(), new_secret()
    body, headers = signed(delivery, [new, old])
    assert receiver(old)["receive"](body, headers) == 204
    assert receiver(new)["receive"](body, headers) == 204
