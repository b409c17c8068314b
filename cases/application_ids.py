"""Application ids of submissions that carry an Idempotency-Key: derived, so that a retry finds the first one.

They are derived with a server secret (HMAC-SHA256 of portal, subject and key), so that nobody who knows a
citizen's FİN and a guessable key can compute the id of their application. Earlier releases derived them as
uuid5 in a namespace written in the source; those ids stay valid, and a retry of a submission recorded
then is found under its legacy id.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from uuid import UUID

LEGACY_NAMESPACE = UUID("6f1c3c2e-7f51-4a8e-9a43-2f0e8a7b9c11")  # earlier releases' ids; never for new ones


class ApplicationIds:
    """The id a keyed submission is recorded under, and the one an earlier release gave it."""

    def __init__(self, secret: bytes):
        if len(secret) < 32:
            raise ValueError("the application id secret is at least 32 bytes")
        self._secret = secret

    def for_submission(self, portal: str | None, subject: str, idempotency_key: str) -> UUID:
        digest = hmac.new(self._secret, _message(portal, subject, idempotency_key), hashlib.sha256).digest()
        return _version_8(digest[:16])

    def legacy(self, portal: str | None, subject: str, idempotency_key: str) -> UUID:
        return uuid.uuid5(LEGACY_NAMESPACE, f"{portal}|{subject}|{idempotency_key}")


def _message(portal: str | None, subject: str, idempotency_key: str) -> bytes:
    return f"{portal}|{subject}|{idempotency_key}".encode()


def _version_8(raw: bytes) -> UUID:
    """A UUID of RFC 9562's version 8 (made by its own rule), so it is never taken for a uuid4 or uuid5."""
    data = bytearray(raw)
    data[6] = (data[6] & 0x0F) | 0x80
    data[8] = (data[8] & 0x3F) | 0x80
    return UUID(bytes=bytes(data))
