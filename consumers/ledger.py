"""The delivery ledger: one row per (event, channel), the record that makes each message go once.

A row is written `pending` when the event is taken in (a second take of the same event changes
nothing), becomes `sending` when a dispatcher claims it, and `sent` once the channel accepted it.
A failure puts it back to `pending` with a growing delay, and past the attempt limit it is
`parked` until an operator retries it. A row left `sending` by a dispatcher that died is claimed
again once its lease runs out: the message then goes again with the same key, which the SMS
gateway's idempotency header and the e-mail's Message-ID let a receiver recognise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from consumers.messages import Channel, Message
from consumers.recipients import Recipient
from projections.sql import Cursor, Database
from schemas.events import EventEnvelope

STATUSES = ("pending", "sending", "sent", "parked")
MAX_BACKOFF_SECONDS = 3600.0

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS deliveries (
        key TEXT PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL, channel TEXT NOT NULL,
        application_id TEXT NOT NULL, event_version INTEGER NOT NULL, number TEXT NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at DOUBLE PRECISION NOT NULL,
        claimed_at DOUBLE PRECISION, last_error TEXT, recorded_at DOUBLE PRECISION NOT NULL, sent_at DOUBLE PRECISION)""",
    # Only the rows still to send, in the order they come due: the claim never wades through the sent ones.
    "CREATE INDEX IF NOT EXISTS deliveries_waiting ON deliveries (next_attempt_at) WHERE status IN ('pending', 'sending')",
    "CREATE INDEX IF NOT EXISTS deliveries_by_application ON deliveries (application_id, channel, event_version)",
    # What the notices of an application say of it, from its Submitted (consumers.recipients).
    """CREATE TABLE IF NOT EXISTS notice_recipients (
        application_id TEXT PRIMARY KEY, number TEXT NOT NULL, applicant_name TEXT NOT NULL, kind_label TEXT NOT NULL,
        email TEXT, phone TEXT)""",
]


class LedgerError(Exception):
    """Base of the ledger's refusals of an operator's request (gateway.problems answers them as problem+json)."""

    code = "ledger-error"

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class DeliveryNotFoundError(LedgerError):
    code = "delivery-not-found"

    def __init__(self) -> None:
        super().__init__("No such delivery.")


class DeliveryAlreadySentError(LedgerError):
    code = "delivery-already-sent"

    def __init__(self) -> None:
        super().__init__("This message was already delivered; it is not sent twice.")


DeliveryStatus = Literal["pending", "sending", "sent", "parked"]


@dataclass(frozen=True)
class Delivery:
    key: str
    event_id: str
    event_type: str
    channel: Channel
    application_id: str
    event_version: int
    number: str
    recipient: str
    subject: str
    body: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: float
    claimed_at: float | None
    last_error: str | None
    recorded_at: float
    sent_at: float | None

    @property
    def message(self) -> Message:
        return Message(self.key, self.channel, self.recipient, self.subject, self.body)

    @property
    def recorded(self) -> datetime:
        return datetime.fromtimestamp(self.recorded_at, UTC)

    def at(self, field: str) -> datetime | None:
        value = getattr(self, field)
        return datetime.fromtimestamp(value, UTC) if value is not None else None


class DeliveryLedger:
    def __init__(self, db: Database, max_attempts: int = 5, backoff_seconds: float = 2.0, lease_seconds: float = 60.0):
        self.db = db
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.lease_seconds = lease_seconds

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            for statement in SCHEMA:
                cursor.execute(statement)

    def record(self, cursor: Cursor, event: EventEnvelope, number: str, messages: list[Message], now: float) -> None:
        """Takes messages in, in the caller's transaction; one already recorded is left as it is."""
        for m in messages:
            cursor.execute(
                """INSERT INTO deliveries (key, event_id, event_type, channel, application_id, event_version, number,
                       recipient, subject, body, status, attempts, next_attempt_at, recorded_at)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'pending', 0, %s, %s) ON CONFLICT (key) DO NOTHING""",
                (m.key, event.id, event.type, m.channel, str(event.application_id), event.version, number, m.recipient,
                 m.subject, m.body, now, now))

    def remember(self, cursor: Cursor, recipient: Recipient) -> None:
        """Keeps an application's recipient, in the caller's transaction; the first one kept stays."""
        cursor.execute(
            """INSERT INTO notice_recipients (application_id, number, applicant_name, kind_label, email, phone)
               VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (application_id) DO NOTHING""",
            (recipient.application_id, recipient.number, recipient.applicant_name, recipient.kind_label,
             recipient.email, recipient.phone))

    def recipient(self, cursor: Cursor, application_id: str) -> Recipient | None:
        row = cursor.execute("SELECT * FROM notice_recipients WHERE application_id = %s", (application_id,)).fetchone()
        return Recipient(**row) if row else None

    def claim_due(self, now: float, limit: int = 20, channel: str | None = None) -> list[Delivery]:
        """Marks due rows `sending` and returns them; concurrent dispatchers never get the same row.
        `channel`: only that channel's rows, so that one slow channel never holds up the other.

        A citizen's messages on one channel go in the order of their events: a message waits while
        an earlier one of the same application and channel is still pending or on its way (a parked
        one no longer holds the others back)."""
        only_channel = "AND channel = %s" if channel else ""
        with self.db.transaction() as cursor:
            self._quick_commit(cursor)
            self._oldest_due_first(cursor)
            return [Delivery(**row) for row in cursor.execute(
                f"""UPDATE deliveries SET status = 'sending', attempts = attempts + 1, claimed_at = %s
                    WHERE key IN (SELECT key FROM deliveries d
                                  WHERE status IN ('pending', 'sending') {only_channel}
                                    AND ((status = 'pending' AND next_attempt_at <= %s)
                                         OR (status = 'sending' AND claimed_at < %s))
                                    AND NOT EXISTS (SELECT 1 FROM deliveries earlier
                                                    WHERE earlier.application_id = d.application_id
                                                      AND earlier.channel = d.channel
                                                      AND earlier.event_version < d.event_version
                                                      AND earlier.status IN ('pending', 'sending'))
                                  ORDER BY next_attempt_at LIMIT %s{self.db.skip_locked})
                    RETURNING *""", (now, *([channel] if channel else []), now, now - self.lease_seconds, limit)).fetchall()]

    def mark_sent(self, key: str, now: float) -> None:
        with self.db.transaction() as cursor:
            self._quick_commit(cursor)
            cursor.execute("UPDATE deliveries SET status = 'sent', sent_at = %s, last_error = NULL "
                           "WHERE key = %s AND status = 'sending'", (now, key))

    def _quick_commit(self, cursor: Cursor) -> None:
        # A claim or a "sent" mark that a Postgres crash loses means the message goes again, with the
        # same key: the duplicate the ledger already allows for. Not waiting for the WAL flush halves
        # what each message costs the sending threads.
        self.db.quick_commit(cursor)

    def _oldest_due_first(self, cursor: Cursor) -> None:
        # The claim must walk the waiting rows in the order they come due and stop at `limit`. Planned
        # from statistics taken before a burst (or none, on a young table), Postgres reads and sorts the
        # whole backlog instead, so every claim slows down as the backlog grows: measured 68 ms against
        # 0.4 ms with 6,000 rows waiting. Without a sort or a bitmap scan to choose, it walks the index.
        self.db.walk_index_in_order(cursor)

    def mark_failed(self, delivery: Delivery, error: str, now: float, *, final: bool = False) -> str:
        """Back to `pending` after a growing delay, or `parked` once the attempts are spent (or, `final`, at once)."""
        parked = final or delivery.attempts >= self.max_attempts
        status = "parked" if parked else "pending"
        delay = min(self.backoff_seconds * 2 ** (delivery.attempts - 1), MAX_BACKOFF_SECONDS)
        with self.db.transaction() as cursor:
            cursor.execute("UPDATE deliveries SET status = %s, next_attempt_at = %s, last_error = %s "
                           "WHERE key = %s AND status = 'sending'", (status, now + delay, error[:1000], delivery.key))
        return status

    def retry(self, key: str, now: float) -> Delivery:
        """An operator's retry: a parked (or waiting) message is due again at once, with fresh attempts."""
        with self.db.transaction() as cursor:
            current = self._get(cursor, key)
            if current is None:
                raise DeliveryNotFoundError()
            if current.status == "sent":
                raise DeliveryAlreadySentError()
            cursor.execute("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = %s "
                           "WHERE key = %s AND status IN ('pending', 'parked')", (now, key))
            retried = self._get(cursor, key)
            assert retried is not None  # read above in this same transaction, and nothing deletes a delivery
            return retried

    def get(self, key: str) -> Delivery:
        with self.db.transaction() as cursor:
            delivery = self._get(cursor, key)
        if delivery is None:
            raise DeliveryNotFoundError()
        return delivery

    def _get(self, cursor: Cursor, key: str) -> Delivery | None:
        row = cursor.execute("SELECT * FROM deliveries WHERE key = %s", (key,)).fetchone()
        return Delivery(**row) if row else None

    def find(self, status: str | None = None, number: str | None = None, page: int = 1,
             page_size: int = 20) -> tuple[list[Delivery], int]:
        """Newest first, for the operator."""
        conditions, params = [], []
        for column, value in (("status", status), ("number", number)):
            if value:
                conditions.append(f"{column} = %s")
                params.append(value)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        with self.db.transaction() as cursor:
            count = cursor.execute(f"SELECT count(*) AS n FROM deliveries {where}", params).fetchone()["n"]
            rows = cursor.execute(f"SELECT * FROM deliveries {where} ORDER BY recorded_at DESC, key LIMIT %s OFFSET %s",
                                  [*params, page_size, (page - 1) * page_size]).fetchall()
        return [Delivery(**row) for row in rows], count

    def figures(self) -> list[tuple[str, str, int, float | None]]:
        """(channel, status, how many, when the oldest of them was recorded) for every channel and status held."""
        with self.db.transaction() as cursor:
            rows = cursor.execute("SELECT channel, status, count(*) AS n, min(recorded_at) AS oldest FROM deliveries "
                                  "GROUP BY channel, status").fetchall()
        return [(row["channel"], row["status"], row["n"], row["oldest"]) for row in rows]

    def counts(self) -> dict[str, int]:
        with self.db.transaction() as cursor:
            rows = cursor.execute("SELECT status, count(*) AS n FROM deliveries GROUP BY status").fetchall()
        return {status: 0 for status in STATUSES} | {row["status"]: row["n"] for row in rows}
