"""Webhooks to the portals: their endpoints, and each subscribed event delivered as a signed CloudEvent.

An operator registers a portal's endpoint (its URL, the event types it wants, a signing secret made
here). Each event it subscribed to becomes one ledger row per (event, endpoint), on the channel
`webhook`, so it is claimed, retried with back-off and kept in order per application and endpoint
like the e-mail and SMS. The body is the event as a structured-mode CloudEvent; the request is signed
by the Standard Webhooks scheme (`webhook-id` = the event's ce_id, `webhook-timestamp`,
`webhook-signature`) with every secret still valid, so a rotation overlaps: the portal verifies with
either secret until the old one expires.

An endpoint failing for longer than `suspend_after_seconds` is suspended: its waiting rows are parked,
new ones are recorded parked, and the operators get an e-mail. An operator resumes it; its parked rows
are then due again and go in order.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import json
import secrets
import socket
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import standardwebhooks

from consumers.ledger import Cause, DeliveryLedger, DeliveryStatus, LedgerError
from consumers.messages import DeliveryError, Message, Sender, UndeliverableError
from projections.sql import Cursor, Database
from schemas.cloudevents import to_structured
from schemas.event_payloads import CONTRACTS
from schemas.events import EventEnvelope

MAX_URL_LENGTH = 2048
MAX_EVENT_TYPES = 50
SECRET_BYTES = 32
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"


class WebhookEndpointNotFoundError(LedgerError):
    code = "webhook-endpoint-not-found"

    def __init__(self) -> None:
        super().__init__("No such webhook endpoint.")


class WebhookUrlRefusedError(LedgerError):
    code = "webhook-url-refused"
    field = "url"


class WebhookEndpointRefusedError(LedgerError):
    """A registration the command line let through that the API's model would have refused."""

    code = "invalid-request"

    def __init__(self, field: str, detail: str):
        super().__init__(detail)
        self.field = field


@dataclass(frozen=True)
class Secret:
    value: str  # "whsec_" + base64, as Standard Webhooks writes it
    expires_at: float | None  # None: the current one


@dataclass(frozen=True)
class WebhookEndpoint:
    id: str
    name: str
    url: str
    event_types: list[str]  # empty: every event
    secrets: list[Secret]  # newest first
    status: str  # "active" or "suspended"
    failing_since: float | None
    suspended_at: float | None
    last_error: str | None
    created_at: float

    def wants(self, event_type: str) -> bool:
        return not self.event_types or event_type in self.event_types

    def valid_secrets(self, now: float) -> list[str]:
        return [s.value for s in self.secrets if s.expires_at is None or s.expires_at > now]

    @classmethod
    def of_row(cls, row: dict[str, object]) -> WebhookEndpoint:
        fields = dict(row)
        fields["event_types"] = json.loads(str(fields["event_types"]))
        fields["secrets"] = [Secret(**s) for s in json.loads(str(fields["secrets"]))]
        return cls(**fields)  # type: ignore[arg-type]  # the row's columns are the dataclass's fields


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def checked_url(url: str, *, production: bool) -> str:
    """A URL the service will post to: refused with the reason if it could turn the notifier against
    what it can reach (another scheme, credentials that would travel in logs, an address of our own network)."""
    if len(url) > MAX_URL_LENGTH:
        raise WebhookUrlRefusedError(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if not url.isascii() or any(c.isspace() or ord(c) < 32 for c in url):
        raise WebhookUrlRefusedError("the URL holds spaces, control or non-ASCII characters (write the host as xn--…)")
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as error:  # an unclosed "[" of an IPv6 address, among others
        raise WebhookUrlRefusedError(f"the URL cannot be read: {error}") from None
    allowed = ("https",) if production else ("https", "http")
    if parts.scheme not in allowed:
        raise WebhookUrlRefusedError(f"the URL must be {' or '.join(allowed)}://")
    if parts.username is not None or parts.password is not None:
        raise WebhookUrlRefusedError("the URL carries credentials; the signature says who sent the event")
    if parts.fragment:
        raise WebhookUrlRefusedError("the URL has a fragment, which is never sent")
    try:
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise WebhookUrlRefusedError("the URL's port is not a number from 1 to 65535") from None
    if not host:
        raise WebhookUrlRefusedError("the URL names no host")
    if production and _internal_address(host):
        raise WebhookUrlRefusedError("the URL names an address of a private, loopback or link-local network")
    return url


def _internal_address(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost") or host.endswith(".internal"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: what it resolves to is the network's policy to enforce (an egress proxy)
    return not address.is_global


class WebhookEndpoints:
    """The endpoints' table (made with the ledger's), and what an operator does with it."""

    def __init__(self, db: Database, *, production: bool = False, suspend_after_seconds: float = 6 * 3600):
        self.db = db
        self.production = production
        self.suspend_after_seconds = suspend_after_seconds

    def register(self, name: str, url: str, event_types: list[str], now: float) -> WebhookEndpoint:
        unknown = sorted(set(event_types) - set(CONTRACTS))
        if unknown:
            raise WebhookEndpointRefusedError("event_types", f"no such event types {unknown}; known: {sorted(CONTRACTS)}")
        if not name.strip() or len(name) > 100 or not name.isprintable():
            raise WebhookEndpointRefusedError("name", "the name is 1 to 100 printable characters, e.g. e-gov.az")
        endpoint_id = str(uuid.uuid4())
        secret = json.dumps([{"value": new_secret(), "expires_at": None}])
        with self.db.transaction() as cursor:
            cursor.execute("INSERT INTO webhook_endpoints (id, name, url, event_types, secrets, status, created_at) "
                           "VALUES (%s, %s, %s, %s, %s, 'active', %s)",
                           (endpoint_id, name, checked_url(url, production=self.production),
                            json.dumps(sorted(set(event_types))), secret, now))
        return self.get(endpoint_id)

    def rotate_secret(self, endpoint_id: str, overlap_seconds: float, now: float) -> WebhookEndpoint:
        """A new secret signs from now on; the current one signs too until `overlap_seconds` have passed."""
        with self.db.transaction() as cursor:
            endpoint = self._get(cursor, endpoint_id)
            kept = [{"value": s.value, "expires_at": s.expires_at if s.expires_at is not None else now + overlap_seconds}
                    for s in endpoint.secrets if s.expires_at is None or s.expires_at > now]
            cursor.execute("UPDATE webhook_endpoints SET secrets = %s WHERE id = %s",
                           (json.dumps([{"value": new_secret(), "expires_at": None}, *kept]), endpoint_id))
        return self.get(endpoint_id)

    def get(self, endpoint_id: str) -> WebhookEndpoint:
        with self.db.transaction() as cursor:
            return self._get(cursor, endpoint_id)

    def _get(self, cursor: Cursor, endpoint_id: str) -> WebhookEndpoint:
        row = cursor.execute("SELECT * FROM webhook_endpoints WHERE id = %s", (endpoint_id,)).fetchone()
        if row is None:
            raise WebhookEndpointNotFoundError()
        return WebhookEndpoint.of_row(row)

    def all(self) -> list[WebhookEndpoint]:
        with self.db.transaction() as cursor:
            rows = cursor.execute("SELECT * FROM webhook_endpoints ORDER BY created_at, id").fetchall()
        return [WebhookEndpoint.of_row(row) for row in rows]

    def subscribed(self, cursor: Cursor, event_type: str) -> list[WebhookEndpoint]:
        rows = cursor.execute("SELECT * FROM webhook_endpoints ORDER BY id").fetchall()
        return [e for e in map(WebhookEndpoint.of_row, rows) if e.wants(event_type)]

    def take(self, cursor: Cursor, ledger: DeliveryLedger, event: EventEnvelope, now: float) -> None:
        """The event's rows for every endpoint that wants it, in the caller's transaction: parked for a
        suspended endpoint, so they go, in order, when it is resumed."""
        endpoints = self.subscribed(cursor, event.type)
        number = ledger.number_of(cursor, event) if endpoints else ""
        for endpoint in endpoints:
            ledger.record(cursor, Cause.of(event, number), [message_for(event, endpoint.id)], now,
                          status="parked" if endpoint.status == "suspended" else "pending")

    def note_success(self, endpoint_id: str) -> None:
        with self.db.transaction() as cursor:
            cursor.execute("UPDATE webhook_endpoints SET failing_since = NULL, last_error = NULL "
                           "WHERE id = %s AND failing_since IS NOT NULL", (endpoint_id,))

    def note_failure(self, endpoint_id: str, error: str, now: float) -> bool:
        """Counts the failure against the endpoint; True when it has failed long enough to be suspended now."""
        with self.db.transaction() as cursor:
            cursor.execute("UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, %s), last_error = %s "
                           "WHERE id = %s", (now, error[:1000], endpoint_id))
            suspended = cursor.execute(
                "UPDATE webhook_endpoints SET status = 'suspended', suspended_at = %s "
                "WHERE id = %s AND status = 'active' AND failing_since <= %s RETURNING id",
                (now, endpoint_id, now - self.suspend_after_seconds)).fetchall()
            # Newly suspended, or suspended by an operator while this event was on its way: what waits is parked.
            status = cursor.execute("SELECT status FROM webhook_endpoints WHERE id = %s", (endpoint_id,)).fetchone()
            if status is not None and status["status"] == "suspended":
                cursor.execute("UPDATE deliveries SET status = 'parked', last_error = %s "
                               "WHERE channel = 'webhook' AND recipient = %s AND status = 'pending'",
                               (f"the endpoint is suspended: {error}"[:1000], endpoint_id))
        return bool(suspended)

    def suspend(self, endpoint_id: str, now: float) -> WebhookEndpoint:
        """An operator's suspension: nothing goes to the endpoint until it is resumed."""
        with self.db.transaction() as cursor:
            self._get(cursor, endpoint_id)
            cursor.execute("UPDATE webhook_endpoints SET status = 'suspended', suspended_at = %s "
                           "WHERE id = %s AND status = 'active'", (now, endpoint_id))
            cursor.execute("UPDATE deliveries SET status = 'parked', last_error = 'the endpoint is suspended by an operator' "
                           "WHERE channel = 'webhook' AND recipient = %s AND status = 'pending'", (endpoint_id,))
        return self.get(endpoint_id)

    def resume(self, endpoint_id: str, now: float) -> WebhookEndpoint:
        """Active again: every parked event of the endpoint is due at once, and goes in order."""
        with self.db.transaction() as cursor:
            self._get(cursor, endpoint_id)
            cursor.execute("UPDATE webhook_endpoints SET status = 'active', suspended_at = NULL, failing_since = NULL "
                           "WHERE id = %s", (endpoint_id,))
            cursor.execute("UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = %s "
                           "WHERE channel = 'webhook' AND recipient = %s AND status = 'parked'", (now, endpoint_id))
        return self.get(endpoint_id)

    def replay(self, endpoint_id: str, ledger: DeliveryLedger, events: Iterable[EventEnvelope], now: float) -> int:
        """Every event given that the endpoint wants goes to it again (same webhook-id), in order; returns how many."""
        count = 0
        with self.db.transaction() as cursor:
            endpoint = self._get(cursor, endpoint_id)
            status: DeliveryStatus = "parked" if endpoint.status == "suspended" else "pending"
            for event in events:
                if not endpoint.wants(event.type):
                    continue
                message = message_for(event, endpoint.id)
                ledger.record(cursor, Cause.of(event, ledger.number_of(cursor, event)), [message], now, status=status)
                cursor.execute("UPDATE deliveries SET status = %s, attempts = 0, next_attempt_at = %s "
                               "WHERE key = %s AND status IN ('sent', 'delivered', 'failed', 'parked', 'pending')",
                               (status, now, message.key))
                count += 1
        return count


def message_for(event: EventEnvelope, endpoint_id: str) -> Message:
    body = json.dumps(to_structured(event), ensure_ascii=False, separators=(",", ":"))
    return Message(key=f"{event.id}/webhook/{endpoint_id}", channel="webhook", recipient=endpoint_id,
                   subject=event.type, body=body)


def webhook_id(message: Message) -> str:
    return message.key.split("/", 1)[0]  # the event's ce_id


class WebhookSender(Sender):
    """POSTs a webhook row's CloudEvent to its endpoint, signed. A redirect is not followed (it is not 2xx).
    Only the status line and headers of the answer are read, within `timeout` seconds in all (http.client
    caps their number and length), and never its body: a receiver that hangs or trickles costs the notifier
    a bounded wait and counts as a failure, and one that floods costs nothing."""

    def __init__(self, endpoints: WebhookEndpoints, timeout: float = 10.0, wall_clock: Callable[[], float] = time.time):
        self.endpoints = endpoints
        self.timeout = timeout
        self.wall_clock = wall_clock  # the signature's timestamp: the receiver checks it against its own clock

    def headers(self, message: Message, secrets_: list[str], now: float) -> dict[str, str]:
        moment = datetime.fromtimestamp(now, UTC)
        signatures = " ".join(standardwebhooks.Webhook(s).sign(webhook_id(message), moment, message.body) for s in secrets_)
        return {"Content-Type": CONTENT_TYPE, "webhook-id": webhook_id(message),
                "webhook-timestamp": str(int(now)), "webhook-signature": signatures, "User-Agent": "Azersu-Webhooks/1"}

    def send(self, message: Message) -> None:
        try:
            endpoint = self.endpoints.get(message.recipient)
        except WebhookEndpointNotFoundError:
            raise UndeliverableError("the webhook endpoint was removed") from None
        if endpoint.status == "suspended":  # claimed just before an operator suspended it: it waits for the resumption
            raise DeliveryError("the endpoint is suspended")
        now = self.wall_clock()
        body = message.body.encode()
        status = self._post(endpoint.url, body, self.headers(message, endpoint.valid_secrets(now), now))
        if not 200 <= status < 300:
            raise DeliveryError(f"the endpoint answered {status}")

    def _post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        parts = urllib.parse.urlsplit(url)
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = kind(parts.hostname or "", parts.port, timeout=self.timeout)
        # The socket's timeout bounds each read, not the answer: a receiver trickling a header a second
        # would hold the sending thread for ever. At the deadline the socket is shut, which ends any read.
        expired = threading.Event()
        deadline = threading.Timer(self.timeout, _shut, (connection, expired))
        try:
            connection.connect()
            deadline.start()
            connection.request("POST", path, body=body, headers=headers)
            status = connection.getresponse().status  # its body is never read: nobody needs it, however large
        except TimeoutError:
            raise DeliveryError(f"no answer within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set():
                raise DeliveryError(f"no answer within {self.timeout:g} s") from None
            raise DeliveryError(f"{type(error).__name__}: {error}") from None
        finally:
            deadline.cancel()
            connection.close()  # one request per connection: a receiver's kept state never carries over
        if expired.is_set():  # the headers were cut short by the deadline: what was read is not an answer
            raise DeliveryError(f"no answer within {self.timeout:g} s")
        return status


def _shut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    expired.set()
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)
