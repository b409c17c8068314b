"""The notifier: takes events in as ledger rows, and hands due messages to their channels.

Taking in and sending are apart on purpose: taking in is a fast database write that the log
follower (or the Kafka consumer) commits with its own position, while sending waits on SMTP and
the SMS gateway, retries and backs off without holding up the stream.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

import structlog

from consumers.ledger import Cause, Delivery, DeliveryLedger
from consumers.messages import CITIZEN_CHANNELS, Channel, DeliveryError, Message, Sender, UndeliverableError
from consumers.notices import NOTIFIED_EVENTS, Templates, messages_for
from consumers.recipients import Labels, Recipient, SubmissionSource
from consumers.webhooks import WebhookEndpoint, WebhookEndpoints
from projections.sql import Cursor
from schemas.events import EventEnvelope

log = structlog.get_logger()

SendersFactory = Callable[[], Mapping[Channel, Sender]]


class Notifier:
    def __init__(self, ledger: DeliveryLedger, make_senders: SendersFactory, labels: Labels,
                 submissions: SubmissionSource, templates: Templates | None = None,
                 clock: Callable[[], float] = time.time, webhooks: WebhookEndpoints | None = None,
                 operator_emails: tuple[str, ...] = ()):
        self.ledger = ledger
        self.make_senders = make_senders  # each sending thread has its own connections
        self.senders = make_senders()
        self.labels = labels
        self.submissions = submissions
        self.templates = templates or Templates()
        self.clock = clock  # the ledger's: back-off, leases and suspensions are measured by it (tests drive it)
        self.webhooks = webhooks
        self.operator_emails = operator_emails

    # --- taking in ----------------------------------------------------------------------------

    def take(self, cursor: Cursor, event: EventEnvelope) -> None:
        """Records the event's messages in the caller's transaction; taking an event twice is harmless."""
        if self.webhooks is not None:
            self.webhooks.take(cursor, self.ledger, event, self.clock())
        if event.type not in NOTIFIED_EVENTS:
            return
        recipient = self._recipient(cursor, event)
        messages = messages_for(event, recipient.facts_after(event, self.labels), self.templates)
        self.ledger.record(cursor, Cause.of(event, recipient.number), messages, self.clock())

    def _recipient(self, cursor: Cursor, event: EventEnvelope) -> Recipient:
        """Kept from the application's Submitted. One this notifier never took (it started on a store that
        already had events) is read from the store once and kept: the citizen is told all the same."""
        if event.type == "Submitted":
            recipient = Recipient.of_submitted(event, self.labels)
        else:
            kept = self.ledger.recipient(cursor, str(event.application_id))
            if kept is not None:
                return kept
            log.info("notice_recipient_read_from_store", application=str(event.application_id), event_type=event.type)
            recipient = Recipient.of_submitted(self.submissions.submitted(event.application_id), self.labels)
        self.ledger.remember(cursor, recipient)
        return recipient

    def take_batch(self, events: list[EventEnvelope]) -> None:
        with self.ledger.db.transaction() as cursor:
            for event in events:
                self.take(cursor, event)

    # --- sending ------------------------------------------------------------------------------

    def dispatch_due(self, limit: int = 10, senders: Mapping[Channel, Sender] | None = None,
                     channel: Channel | None = None) -> int:
        """Sends every message that is due now (on `channel`, or on every one); returns how many were
        handed to a channel. Small claims, so that several sending threads (or processes) share the
        work as it comes."""
        delivered = 0
        while batch := self.ledger.claim_due(self.clock(), limit, channel):
            delivered += sum(self._deliver(delivery, senders or self.senders) for delivery in batch)
        return delivered

    def _deliver(self, delivery: Delivery, senders: Mapping[Channel, Sender]) -> bool:
        try:
            senders[delivery.channel].send(delivery.message)
        except DeliveryError as error:
            status = self.ledger.mark_failed(delivery, str(error), self.clock(), final=isinstance(error, UndeliverableError))
            log.warning("delivery_failed", key=delivery.key, number=delivery.number, channel=delivery.channel,
                        attempt=delivery.attempts, now=status, error=str(error))
            if delivery.channel == "webhook":
                self._endpoint_failed(delivery.recipient, str(error))
            return False
        self.ledger.mark_sent(delivery.key, self.clock(), delivered=delivery.channel == "webhook")
        if delivery.channel == "webhook" and self.webhooks is not None:
            self.webhooks.note_success(delivery.recipient)
        log.info("delivered", key=delivery.key, number=delivery.number, channel=delivery.channel, attempt=delivery.attempts)
        return True

    def _endpoint_failed(self, endpoint_id: str, error: str) -> None:
        if self.webhooks is None or not self.webhooks.note_failure(endpoint_id, error, self.clock()):
            return
        endpoint = self.webhooks.get(endpoint_id)
        log.warning("webhook_endpoint_suspended", endpoint=endpoint_id, name=endpoint.name, error=error)
        with self.ledger.db.transaction() as cursor:
            for n, address in enumerate(self.operator_emails):
                self.ledger.record_notice(cursor, suspension_notice(endpoint, address, n), "WebhookEndpointSuspended",
                                          self.clock())

    def close(self) -> None:
        for sender in self.senders.values():
            sender.close()


def suspension_notice(endpoint: WebhookEndpoint, address: str, n: int) -> Message:
    """The operators' e-mail that an endpoint was suspended (in Azerbaijani, as the staff read it)."""
    body = (f"Portalın webhook ünvanı dayandırıldı: {endpoint.name} ({endpoint.url}).\n"
            f"Səbəb: {endpoint.last_error}\n"
            f"Buraxılmış hadisələr saxlanılır; ünvan bərpa olunanda ardıcıllıqla göndəriləcək:\n"
            f"  python -m gateway.cli webhooks resume {endpoint.id}\n")
    return Message(key=f"webhook-suspended:{endpoint.id}:{int(endpoint.suspended_at or 0)}/email/{n}", channel="email",
                   recipient=address, subject=f"Webhook dayandırıldı: {endpoint.name}", body=body)


class Dispatcher:
    """Runs the notifier's sending in threads of their own, each with its own connections to the
    channels (SMTP and the SMS gateway answer in milliseconds; one at a time would fall behind a
    busy hour), and each serving one channel. Woken when messages are taken in, and polling as well,
    so that retries come due and a missed wake-up never strands a message."""

    def __init__(self, notifier: Notifier, threads: int = 4, poll_seconds: float = 1.0):
        self.notifier = notifier
        self.threads = threads
        self.poll_seconds = poll_seconds
        self._wakes: list[threading.Event] = []  # one per thread: one thread's wake-up is never another's
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def wake(self) -> None:
        for wake in list(self._wakes):
            wake.set()

    def run(self, stop: threading.Event, senders: Mapping[Channel, Sender] | None = None,
            channel: Channel | None = None) -> None:
        senders = senders or self.notifier.senders
        wake = threading.Event()
        self._wakes.append(wake)
        try:
            while not stop.is_set():
                wake.clear()
                try:
                    self.notifier.dispatch_due(senders=senders, channel=channel)
                except Exception:  # the database or a channel is down: keep the thread, try again on the next poll
                    log.exception("dispatch_failed")
                wake.wait(self.poll_seconds)
        finally:
            self._wakes.remove(wake)
            if senders is not self.notifier.senders:
                for sender in senders.values():
                    sender.close()

    def start(self) -> None:
        if any(worker.is_alive() for worker in self._workers):
            return
        self._stop.clear()
        self._workers = [threading.Thread(target=self.run, args=(self._stop, self.notifier.make_senders() if n else None,
                                                                 channel),
                                          name=f"notification-dispatcher-{n}", daemon=True)
                         for n, channel in enumerate(self.channels())]
        for worker in self._workers:
            worker.start()

    def channels(self) -> list[Channel | None]:
        """The channel of each thread: the citizens' share `threads`, and the portals' webhooks have one more of
        their own, so that an endpoint that hangs until the timeout never holds up an e-mail or an SMS."""
        citizens = [self.channel_of(n) for n in range(self.threads)]
        return citizens + (["webhook"] if self.threads >= len(CITIZEN_CHANNELS) else [])

    def channel_of(self, thread: int) -> Channel | None:
        """Each channel has threads of its own when there are enough, so an SMS never waits behind e-mail."""
        return CITIZEN_CHANNELS[thread % len(CITIZEN_CHANNELS)] if self.threads >= len(CITIZEN_CHANNELS) else None

    def stop(self) -> None:
        self._stop.set()
        self.wake()
        for worker in self._workers:
            worker.join(timeout=10)
        self._workers = []
