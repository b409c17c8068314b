"""What the notifier hands to a channel, and the port every channel's sender implements."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Literal

Channel = Literal["email", "sms", "webhook"]
CHANNELS: tuple[Channel, ...] = ("email", "sms", "webhook")
CITIZEN_CHANNELS: tuple[Channel, ...] = ("email", "sms")  # the ones a notice template is written for


@dataclass(frozen=True)
class Message:
    """One message to one citizen over one channel, for one event.

    `key` ("<event id>/<channel>", "<event id>/webhook/<endpoint id>") is stable across retries: senders
    pass it on (Message-ID, an idempotency header, webhook-id) so that a receiver can recognise a message
    it already has.
    """

    key: str
    channel: Channel
    recipient: str  # an e-mail address, a phone number in E.164, or a webhook endpoint's id
    subject: str  # e-mail only; empty for SMS
    body: str
    traceparent: str | None = None  # the W3C trace context of the event it tells of (gateway.tracing), if any


class DeliveryError(Exception):
    """The channel did not take the message; worth trying again later."""


class UndeliverableError(DeliveryError):
    """No retry can deliver the message as it is (an address the channel cannot carry, a mailbox that does
    not exist, a number the SMS gateway refuses for good): a permanent failure, never retried by itself."""


class Sender(abc.ABC):
    @abc.abstractmethod
    def send(self, message: Message) -> None:
        """Returns once the channel accepted the message; raises DeliveryError otherwise."""

    def close(self) -> None:  # noqa: B027 -- optional: a sender without a connection has nothing to release
        """Releases any connection held between messages."""
