"""The delivery ledger: one row per (event, channel) -- per (event, endpoint) for webhooks -- the record
that makes each message go once, and says what became of it.

A row is written `pending` when the event is taken in (a second take of the same event changes
nothing), becomes `sending` when a dispatcher claims it, and `sent` once the provider accepted it
(the SMTP server, the SMS gateway). The provider's later word moves it on: the SMS gateway's delivery
report to `delivered` or `failed`, an e-mail's bounce to `failed`. A portal's endpoint that answers
2xx has the event, so a webhook goes straight to `delivered`. A temporary failure puts the row back
to `pending` with a growing delay (its `last_error` says why), and past the attempt limit it is
`parked` until an operator retries it; a permanent failure (a 5xx from SMTP, the gateway's refusal
for good, an address the channel cannot carry) is `failed` at once and never retried by itself.
A row left `sending` by a dispatcher that died is claimed again once its lease runs out: the message
then goes again with the same key, which the SMS gateway's idempotency header, the e-mail's
Message-ID and the webhook-id let a receiver recognise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from consumers.messages import Channel, Message
from consumers.recipients import Recipient
from consumers.segments import sms_segments
from projections.sql import Cursor, Database
from schemas.events import EventEnvelope

STATUSES = ("pending", "sending", "sent", "delivered", "failed", "parked")
# In a helpdesk's words: what each status means for the citizen (or the portal) waiting for the message.
STATUS_MEANINGS = {
    "pending": "waiting to go (after a temporary failure, its reason is given; it is retried by itself)",
    "sending": "on its way to the provider",
    "sent": "accepted by the provider (the SMTP server, the SMS gateway); not yet confirmed as delivered",
    "delivered": "delivered: the SMS gateway reported it on the phone, or the portal's endpoint took it",
    "failed": "permanent failure: not retried by itself (the reason says why)",
    "parked": "temporary failures past the attempt limit, or a suspended endpoint: waits for an operator",
}
MAX_BACKOFF_SECONDS = 3600.0


@dataclass(frozen=True)
class Cause:
    """What a row is filed under: the application's event that caused its message, or, for what no event
    caused (a supervisor's escalation, an operators' alert), a name of its own in the event's place."""

    id: str
    type: str
    application_id: str
    version: int
    number: str
    traceparent: str | None = None

    @classmethod
    def of(cls, event: EventEnvelope, number: str) -> Cause:
        return cls(event.id, event.type, str(event.application_id), event.version, number, event.trace_context)


SCHEMA = [
    """CREATE TABLE IF NOT EXISTS deliveries (
        key TEXT PRIMARY KEY, event_id TEXT NOT NULL, event_type TEXT NOT NULL, channel TEXT NOT NULL,
        application_id TEXT NOT NULL, event_version INTEGER NOT NULL, number TEXT NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at DOUBLE PRECISION NOT NULL,
        claimed_at DOUBLE PRECISION, last_error TEXT, recorded_at DOUBLE PRECISION NOT NULL, sent_at DOUBLE PRECISION,
        segments INTEGER, delivered_at DOUBLE PRECISION, failed_at DOUBLE PRECISION, traceparent TEXT)""",
    # Only the rows still to send, in the order they come due: the claim never wades through the sent ones.
    "CREATE INDEX IF NOT EXISTS deliveries_waiting ON deliveries (next_attempt_at) WHERE status IN ('pending', 'sending')",
    "CREATE INDEX IF NOT EXISTS deliveries_by_application ON deliveries (application_id, channel, event_version)",
    # What the notices of an application say of it, from its Submitted (consumers.recipients).
    """CREATE TABLE IF NOT EXISTS notice_recipients (
        application_id TEXT PRIMARY KEY, number TEXT NOT NULL, applicant_name TEXT NOT NULL, kind_label TEXT NOT NULL,
        email TEXT, phone TEXT)""",
    # The portals' webhook endpoints (consumers.webhooks); secrets are a JSON list, newest first.
    """CREATE TABLE IF NOT EXISTS webhook_endpoints (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, secrets TEXT NOT NULL,
        status TEXT NOT NULL, failing_since DOUBLE PRECISION, suspended_at DOUBLE PRECISION, last_error TEXT,
        created_at DOUBLE PRECISION NOT NULL)""",
]
# Columns added since the table was first made: a ledger of an earlier release gains them at start-up.
ADDED_COLUMNS = {"segments": "INTEGER", "delivered_at": "DOUBLE PRECISION", "failed_at": "DOUBLE PRECISION",
                 "traceparent": "TEXT"}


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


class DeliveryNotSentError(LedgerError):
    code = "delivery-not-sent"

    def __init__(self) -> None:
        super().__init__("This message has not been handed to the provider yet; there is nothing to report on.")


DeliveryStatus = Literal["pending", "sending", "sent", "delivered", "failed", "parked"]


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
    segments: int | None = None  # an SMS's, as the gateway bills it (consumers.segments)
    delivered_at: float | None = None
    failed_at: float | None = None
    traceparent: str | None = None  # the trace of the event it tells of: its sending is a span of that trace

    @property
    def message(self) -> Message:
        return Message(self.key, self.channel, self.recipient, self.subject, self.body, self.traceparent)

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
            present = self.db.columns_of(cursor, "deliveries")
            for column, kind in ADDED_COLUMNS.items():
                if column not in present:
                    cursor.execute(f"ALTER TABLE deliveries ADD COLUMN {column} {kind}")

    def record(self, cursor: Cursor, cause: Cause, messages: list[Message], now: float,
               status: DeliveryStatus = "pending") -> None:
        """Takes messages in, in the caller's transaction; one already recorded is left as it is."""
        for m in messages:
            segments = sms_segments(m.body) if m.channel == "sms" else None
            cursor.execute(
                """INSERT INTO deliveries (key, event_id, event_type, channel, application_id, event_version, number,
                       recipient, subject, body, status, attempts, next_attempt_at, recorded_at, segments, traceparent)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING""",
                (m.key, cause.id, cause.type, m.channel, cause.application_id, cause.version, cause.number, m.recipient,
                 m.subject, m.body, status, now, now, segments, cause.traceparent))

    def record_notice(self, cursor: Cursor, message: Message, about: str, now: float) -> None:
        """Takes in a message that no application's event caused (an operators' alert), named `about`
        (its event type in the ledger); its key is its own event id."""
        self.record(cursor, Cause(message.key, about, "", 0, ""), [message], now)

    def remember(self, cursor: Cursor, recipient: Recipient) -> None:
        """Keeps an application's recipient, in the caller's transaction; the first one kept stays."""
        cursor.execute(
            """INSERT INTO notice_recipients (application_id, number, applicant_name, kind_label, email, phone)
               VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (application_id) DO NOTHING""",
            (recipient.application_id, recipient.number, recipient.applicant_name, recipient.kind_label,
             recipient.email, recipient.phone))

    def number_of(self, cursor: Cursor, event: EventEnvelope) -> str:
        """The application's number, for the operator's list: its Submitted's, or the one kept from it."""
        number = event.data.get("number") if event.type == "Submitted" else None
        if isinstance(number, str):
            return number
        kept = self.recipient(cursor, str(event.application_id))
        return kept.number if kept else ""

    def recipient(self, cursor: Cursor, application_id: str) -> Recipient | None:
        row = cursor.execute("SELECT * FROM notice_recipients WHERE application_id = %s", (application_id,)).fetchone()
        return Recipient(**row) if row else None

    def claim_due(self, now: float, limit: int = 20, channel: str | None = None) -> list[Delivery]:
        """Marks due rows `sending` and returns them; concurrent dispatchers never get the same row.
        `channel`: only that channel's rows, so that one slow channel never holds up the other.

        A citizen's messages on one channel go in the order of their events: a message waits while
        an earlier one of the same application, channel and recipient is still pending or on its way
        (a parked one no longer holds the others back: each notice makes sense alone). A portal's events
        wait for a parked one too: its endpoint gets them in order or not at all."""
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
                                                      AND earlier.recipient = d.recipient
                                                      AND earlier.event_version < d.event_version
                                                      AND (earlier.status IN ('pending', 'sending')
                                                           OR (earlier.channel = 'webhook' AND earlier.status = 'parked')))
                                  ORDER BY next_attempt_at LIMIT %s{self.db.skip_locked})
                    RETURNING *""", (now, *([channel] if channel else []), now, now - self.lease_seconds, limit)).fetchall()]

    def mark_sent(self, key: str, now: float, *, delivered: bool = False) -> None:
        """The provider took the message (`sent`), or, `delivered`, the receiver itself did (a webhook's 2xx)."""
        with self.db.transaction() as cursor:
            self._quick_commit(cursor)
            if delivered:
                cursor.execute("UPDATE deliveries SET status = 'delivered', sent_at = %s, delivered_at = %s, last_error = NULL "
                               "WHERE key = %s AND status = 'sending'", (now, now, key))
            else:
                cursor.execute("UPDATE deliveries SET status = 'sent', sent_at = %s, last_error = NULL "
                               "WHERE key = %s AND status = 'sending'", (now, key))

    def report(self, key: str, delivered: bool, reason: str | None, now: float) -> Delivery:
        """The provider's later word on a message it took: an SMS gateway's delivery report, an e-mail's
        bounce. A message reported delivered that bounces later is failed; a failed one stays failed."""
        with self.db.transaction() as cursor:
            current = self._get(cursor, key)
            if current is None:
                raise DeliveryNotFoundError()
            if current.status not in ("sent", "delivered", "failed"):
                raise DeliveryNotSentError()
            if delivered and current.status == "sent":
                cursor.execute("UPDATE deliveries SET status = 'delivered', delivered_at = %s WHERE key = %s", (now, key))
            elif not delivered and current.status != "failed":
                cursor.execute("UPDATE deliveries SET status = 'failed', failed_at = %s, last_error = %s WHERE key = %s",
                               (now, (reason or "the provider reported it undelivered")[:1000], key))
            reported = self._get(cursor, key)
        assert reported is not None  # read above in this same transaction, and nothing deletes a delivery
        return reported

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
        """Back to `pending` after a growing delay, `parked` once the attempts are spent, or, `final` (a
        permanent failure), `failed` at once. A webhook is retried until its endpoint is suspended
        (consumers.webhooks), never parked by a count: the portal must get every event, in order."""
        status = self.status_after_failure(delivery, final)
        delay = min(self.backoff_seconds * 2 ** (delivery.attempts - 1), MAX_BACKOFF_SECONDS)
        with self.db.transaction() as cursor:
            cursor.execute("UPDATE deliveries SET status = %s, next_attempt_at = %s, last_error = %s, failed_at = %s "
                           "WHERE key = %s AND status = 'sending'",
                           (status, now + delay, error[:1000], now if status == "failed" else None, delivery.key))
        return status

    def status_after_failure(self, delivery: Delivery, final: bool) -> DeliveryStatus:
        if final:
            return "failed"
        if delivery.channel != "webhook" and delivery.attempts >= self.max_attempts:
            return "parked"
        return "pending"

    def retry(self, key: str, now: float) -> Delivery:
        """An operator's retry: a parked, failed (or waiting) message is due again at once, with fresh attempts;
        one the provider took is not sent twice."""
        with self.db.transaction() as cursor:
            current = self._get(cursor, key)
            if current is None:
                raise DeliveryNotFoundError()
            if current.status in ("sent", "delivered"):
                raise DeliveryAlreadySentError()
            cursor.execute("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = %s "
                           "WHERE key = %s AND status IN ('pending', 'parked', 'failed')", (now, key))
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

    def history(self, application_id: str) -> list[Delivery]:
        """Every message an application's events sent (webhooks aside), oldest first: the case's message history."""
        with self.db.transaction() as cursor:
            rows = cursor.execute("SELECT * FROM deliveries WHERE application_id = %s AND channel IN ('email', 'sms') "
                                  "ORDER BY event_version, channel", (application_id,)).fetchall()
        return [Delivery(**row) for row in rows]

    def find(self, status: str | None = None, number: str | None = None, page: int = 1,
             page_size: int = 20, channel: str | None = None) -> tuple[list[Delivery], int]:
        """Newest first, for the operator."""
        conditions, params = [], []
        for column, value in (("status", status), ("number", number), ("channel", channel)):
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
    def failures_by_day(self, view_table: str, since: date, until: date) -> list[dict[str, object]]:
        """E-mail and SMS failed for good or parked, recorded from `since` to `until` (UTC days), per district
        (from the application's view, `view_table`), day and channel."""
        start = datetime.combine(since, datetime.min.time(), UTC).timestamp()
        end = datetime.combine(until + timedelta(days=1), datetime.min.time(), UTC).timestamp()
        with self.db.transaction() as cursor:
            rows = cursor.execute(
                f"""SELECT v.district, d.recorded_at, d.channel, d.status FROM deliveries d
                    LEFT JOIN {view_table} v ON v.id = d.application_id
                    WHERE d.status IN ('failed', 'parked') AND d.channel IN ('email', 'sms')
                      AND d.recorded_at >= %s AND d.recorded_at < %s""", (start, end)).fetchall()
        counted: dict[tuple[str, str, str], dict[str, int]] = {}
        for row in rows:
            day = datetime.fromtimestamp(row["recorded_at"], UTC).date().isoformat()
            group = counted.setdefault((row["district"] or "", day, row["channel"]), {"failed": 0, "parked": 0})
            group[row["status"]] += 1
        return [{"district": d, "day": day, "channel": c, **n} for (d, day, c), n in sorted(counted.items())]

    def counts(self) -> dict[str, int]:
        """How many messages are in each status, every channel together (0 for a status none is in)."""
        totals = dict.fromkeys(STATUSES, 0)
        for _, status, count, _ in self.figures():
            totals[status] = totals.get(status, 0) + count
        return totals
