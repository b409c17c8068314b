"""The notifier's channels, chosen from the settings: the sender classes live in consumers/, which knows no settings."""

from __future__ import annotations

from opentelemetry.trace import SpanKind

from consumers.messages import Channel, Message, Sender
from consumers.senders import FileSender, HttpSmsSender, SmtpEmailSender
from consumers.webhooks import WebhookEndpoints, WebhookSender
from gateway.settings import Settings
from gateway.tracing import TRACER, context_of


def senders_from(settings: Settings, endpoints: WebhookEndpoints | None = None) -> dict[Channel, Sender]:
    """The real channels where they are configured, files under the outbox folder where they are not;
    webhooks go over HTTP to the endpoints operators registered."""
    senders: dict[Channel, Sender] = {"email": _email_sender(settings), "sms": _sms_sender(settings)}
    if endpoints is not None:
        senders["webhook"] = WebhookSender(endpoints, settings.webhook_timeout_seconds)
    return {channel: TracedSender(sender, channel) for channel, sender in senders.items()}


class TracedSender(Sender):
    """A channel's sender whose every message goes in a span of its event's trace (gateway.tracing)."""

    def __init__(self, sender: Sender, channel: Channel):
        self.sender, self.name = sender, f"send {channel}"

    def send(self, message: Message) -> None:
        with TRACER.start_as_current_span(self.name, context=context_of(message.traceparent), kind=SpanKind.CLIENT,
                                          attributes={"messaging.message.id": message.key}):
            self.sender.send(message)  # a failure is recorded on the span, and raised on

    def close(self) -> None:
        self.sender.close()


def _email_sender(settings: Settings) -> Sender:
    if not settings.smtp_host:
        return FileSender(settings.outbox_dir, "email", sender_address=settings.smtp_from)
    return SmtpEmailSender(settings.smtp_host, settings.smtp_port, settings.smtp_starttls, settings.smtp_username,
                           settings.smtp_password, settings.smtp_from, settings.smtp_timeout_seconds)


def _sms_sender(settings: Settings) -> Sender:
    if not settings.sms_gateway_url:
        return FileSender(settings.outbox_dir, "sms")
    return HttpSmsSender(settings.sms_gateway_url, settings.sms_sender, settings.sms_request_template,
                         settings.sms_gateway_username, settings.sms_gateway_password, settings.sms_gateway_token,
                         settings.sms_timeout_seconds)
