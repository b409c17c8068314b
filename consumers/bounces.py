"""E-mail bounces: which of our messages a delivery status notification (RFC 3464) reports failed for good.

Our mail goes out with its Message-ID made from the ledger's key (consumers.senders.message_id). The mail
system returns a bounce to our return address as a `multipart/report; report-type=delivery-status`
message holding, beside a text for people, a `message/delivery-status` part (per recipient: `Action`,
`Status`, `Diagnostic-Code`) and the original message's headers (`text/rfc822-headers`, or the whole
`message/rfc822`). Only `Action: failed` with a 5.x.x status is a permanent failure; a delayed (4.x.x)
report changes nothing, since the mail system goes on trying by itself.
"""

from __future__ import annotations

import email.parser
import email.policy
import re
from email.message import EmailMessage, Message

from consumers.ledger import LedgerError
from consumers.senders import MESSAGE_ID_DOMAIN

_OUR_MESSAGE_ID = re.compile(rf"<([0-9a-f-]{{36}})_([0-9]{{1,9}})\.email@{re.escape(MESSAGE_ID_DOMAIN)}>")


class BounceError(LedgerError):
    code = "not-a-bounce"


def bounced_keys(raw: bytes) -> list[tuple[str, str]]:
    """(ledger key, reason) for every message of ours the report says failed permanently."""
    report = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)
    if report.get_content_type() != "multipart/report" or report.get_param("report-type") != "delivery-status":
        raise BounceError("a bounce is a multipart/report; report-type=delivery-status message (RFC 3464)")
    key = _original_key(report)
    if key is None:
        raise BounceError("the report names no message of ours: its original headers carry no Message-ID we sent")
    failures = [fields for fields in _recipient_fields(report) if _failed_for_good(fields)]
    return [(key, _reason(fields)) for fields in failures[:1]]  # one message, one address: one failure


def _original_key(report: EmailMessage) -> str | None:
    for part in report.walk():
        headers = _original_headers(part)
        if headers is None:
            continue
        found = _OUR_MESSAGE_ID.fullmatch(str(headers.get("Message-ID", "")).strip())
        if found:
            return f"{found[1]}:{found[2]}/email"
    return None


def _original_headers(part: Message) -> Message | None:
    if part.get_content_type() == "text/rfc822-headers":
        text = part.get_payload(decode=True)
        return email.parser.BytesParser(policy=email.policy.default).parsebytes(
            text if isinstance(text, bytes) else b"", headersonly=True)
    if part.get_content_type() == "message/rfc822":
        payload = part.get_payload()
        first = payload[0] if isinstance(payload, list) and payload else None
        return first if isinstance(first, Message) else None
    return None


def _recipient_fields(report: EmailMessage) -> list[Message]:
    """The per-recipient field groups of the delivery-status part (its first group is the message's own)."""
    for part in report.walk():
        if part.get_content_type() == "message/delivery-status":
            groups = part.get_payload()
            return [g for g in groups[1:] if isinstance(g, Message)] if isinstance(groups, list) else []
    raise BounceError("the report has no message/delivery-status part")


def _failed_for_good(fields: Message) -> bool:
    return str(fields.get("Action", "")).strip().lower() == "failed" and str(fields.get("Status", "")).strip().startswith("5.")


def _reason(fields: Message) -> str:
    recipient = str(fields.get("Final-Recipient", "")).partition(";")[2].strip() or "the recipient"
    diagnosis = " ".join(str(fields.get("Diagnostic-Code", "")).partition(";")[2].split())
    return f"the mail system returned it for {recipient}: {fields.get('Status')} {diagnosis}".strip()[:1000]
