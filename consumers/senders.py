"""The channels behind the Sender port: e-mail over SMTP, SMS over an HTTP gateway, and files for the embedded default.

Every sender passes the message's key on (Message-ID, Idempotency-Key, file name), so that a message
sent again after a lost acknowledgement is recognisable as the same message by whoever receives it.
"""

from __future__ import annotations

import base64
import contextlib
import email.errors
import email.policy
import email.utils
import http.client
import json
import os
import re
import select
import smtplib
import ssl
import string
import tempfile
import threading
import time
import urllib.parse
from email.message import EmailMessage
from pathlib import Path

import email_validator

from consumers.messages import CITIZEN_CHANNELS, Channel, DeliveryError, Message, Sender, UndeliverableError

MESSAGE_ID_DOMAIN = "cases.azersu.az"
DEFAULT_SENDER_ADDRESS = "Azərsu <no-reply@azersu.az>"
TEMPLATE_FIELDS = {"sender", "to", "text", "key"}
REQUIRED_TEMPLATE_FIELDS = {"to", "text"}
EXCERPT_CHARACTERS = 200
IDLE_SESSION_SECONDS = 5.0
# The SMS gateway's answers that the same request will always get: a number it does not serve or a body it
# cannot take. A 401, 403 or 404 is our configuration's fault, and a 408, 429 or 5xx passes; those are retried.
PERMANENT_GATEWAY_REFUSALS = {400, 410, 422}


def safe_name(key: str) -> str:
    """The key with every character that is unsafe in a file name or a Message-ID replaced ("/" becomes ".")."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", key.replace("/", "."))


def message_id(key: str) -> str:
    return f"<{safe_name(key)}@{MESSAGE_ID_DOMAIN}>"


def recipient_address(recipient: str, smtputf8: bool) -> str:
    """The address as it can travel (RFC 6530). A domain in another script goes everywhere as ASCII (xn--…);
    a local part in another script only to a server that takes SMTPUTF8, and no retry changes that."""
    try:
        checked = email_validator.validate_email(recipient, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise UndeliverableError(f"{recipient!r} is not an e-mail address: {error}") from None
    if smtputf8:
        return checked.normalized
    if checked.ascii_email is None:
        raise UndeliverableError(f"the address {recipient} needs a server that takes SMTPUTF8 (its local part is not "
                                 "ASCII), and this one does not announce it")
    return checked.ascii_email


def as_email(message: Message, sender_address: str, recipient: str | None = None) -> EmailMessage:
    """The full e-mail: UTF-8 text in quoted-printable, so it survives servers without 8BITMIME."""
    mail = EmailMessage()
    mail["From"] = sender_address
    mail["To"] = recipient or message.recipient
    mail["Subject"] = message.subject
    mail["Date"] = email.utils.formatdate(localtime=True)
    mail["Message-ID"] = message_id(message.key)
    mail.set_content(message.body, charset="utf-8", cte="quoted-printable")
    return mail


class SmtpEmailSender(Sender):
    """E-mail over one kept SMTP connection, opened again when it was dropped.

    `tls_context` decides which certificates STARTTLS trusts: the system's authorities unless given.
    """

    def __init__(self, host: str, port: int, starttls: bool, username: str | None, password: str | None,
                 sender_address: str, timeout: float, *, tls_context: ssl.SSLContext | None = None):
        self.host, self.port, self.starttls = host, port, starttls
        self.username, self.password = username, password
        self.sender_address = sender_address
        self.timeout = timeout
        self.tls_context = tls_context or ssl.create_default_context()
        self.connection: smtplib.SMTP | None = None
        self.last_used = 0.0
        self.lock = threading.Lock()  # one SMTP session carries one conversation at a time, whichever thread sends

    def send(self, message: Message) -> None:
        with self.lock:
            try:
                connection = self._connection()
                connection.ehlo_or_helo_if_needed()  # what the server announces decides how the address travels
                recipient = recipient_address(message.recipient, smtputf8=connection.has_extn("smtputf8"))
                # smtplib itself asks for SMTPUTF8, with the headers in UTF-8, for an address that is not ASCII.
                connection.send_message(as_email(message, self.sender_address, recipient))
                self.last_used = time.monotonic()
            except UndeliverableError as error:
                raise UndeliverableError(f"SMTP {self.host}:{self.port}: {error}") from None
            except (smtplib.SMTPException, OSError, ValueError, email.errors.MessageError) as error:
                self._drop()  # whatever state the session is in, the next message starts on a fresh one
                failure = UndeliverableError if _refused_for_good(error) else DeliveryError
                raise failure(f"SMTP {self.host}:{self.port}: {self._explain(error)}") from None

    def close(self) -> None:
        with self.lock:
            connection, self.connection = self.connection, None
            if connection is not None:
                try:
                    connection.quit()
                except (smtplib.SMTPException, OSError):
                    connection.close()

    def _connection(self) -> smtplib.SMTP:
        if self.connection is not None and not self._usable(self.connection):
            self._drop()
        if self.connection is None:
            self.connection = self._connect()
        return self.connection

    def _usable(self, connection: smtplib.SMTP) -> bool:
        # Between two commands a server only speaks to say goodbye (a 421, or the connection's end), so
        # a session with something to read is over; that costs no round trip. The NOOP, which does, is
        # kept for a session that sat idle long enough for the server to have dropped it silently.
        if connection.sock is None or select.select([connection.sock], [], [], 0)[0]:
            return False
        return time.monotonic() - self.last_used < IDLE_SESSION_SECONDS or _still_open(connection)

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.starttls:
                connection.starttls(context=self.tls_context)  # refused by the server means never sent in clear
            if self.username:
                connection.login(self.username, self.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()

    def _explain(self, error: Exception) -> str:
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            return "; ".join(f"recipient {address} refused {_how_final(code)} ({_reply(code, text)})"
                             for address, (code, text) in error.recipients.items())
        if isinstance(error, smtplib.SMTPSenderRefused):
            return f"sender address refused {_how_final(error.smtp_code)} ({_reply(error.smtp_code, error.smtp_error)})"
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return f"login as {self.username} refused ({_reply(error.smtp_code, error.smtp_error)})"
        if isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
            return f"the server turned the session down ({_reply(error.smtp_code, error.smtp_error)})"
        if isinstance(error, smtplib.SMTPResponseException):
            return f"message refused {_how_final(error.smtp_code)} ({_reply(error.smtp_code, error.smtp_error)})"
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            return f"no answer within {self.timeout:g} s"  # smtplib reports a timed-out read as a disconnection
        if isinstance(error, ValueError | email.errors.MessageError):
            return f"the message cannot be written as e-mail: {error}"
        return f"{type(error).__name__}: {error}"


def _refused_for_good(error: Exception) -> bool:
    """A 5xx for the recipient or the message (RFC 5321 4.2.1): the same message to the same address will be
    refused again. A 5xx for the sender's address or the login is ours to fix, and the message is retried
    once we have."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _still_open(connection: smtplib.SMTP) -> bool:
    try:
        return connection.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


def _how_final(code: int) -> str:
    return "permanently" if 500 <= code < 600 else "for now"


def _reply(code: int, text: bytes | str) -> str:
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


class HttpSmsSender(Sender):
    """SMS through the operator's HTTP gateway: a POST of the JSON body the gateway expects, on a
    connection kept between messages (a TCP and TLS handshake per SMS would cost more than the SMS).

    The template is checked when the sender is made, so a bad SMS_REQUEST_TEMPLATE stops the start-up
    instead of failing every message. The key goes out as Idempotency-Key for gateways that honour it.
    A redirect is not followed: it is an answer other than 2xx, so the message was not taken.
    """

    def __init__(self, url: str, sender: str, request_template: str, username: str | None = None,
                 password: str | None = None, token: str | None = None, timeout: float = 10):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"the SMS gateway URL must be http:// or https://, not {url!r}")
        if token and username:
            raise ValueError("the SMS gateway takes either a bearer token or a username and password, not both")
        self.url, self.sender, self.timeout = url, sender, timeout
        self.address = parts
        self.path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        self.template = checked_template(request_template)
        self.headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json",
                        **_authorization(username, password, token)}
        self.connection: http.client.HTTPConnection | None = None
        self.lock = threading.Lock()  # one request at a time on the kept connection, whichever thread sends

    def body(self, message: Message) -> bytes:
        return render(self.template, sender=self.sender, to=message.recipient, text=message.body,
                      key=message.key).encode()

    def send(self, message: Message) -> None:
        with self.lock:
            try:
                status, reason, answer = self._post(self.body(message), {**self.headers, "Idempotency-Key": message.key})
            except (OSError, http.client.HTTPException) as error:
                self._drop()
                raise DeliveryError(f"SMS gateway {self.url}: {self._explain(error)}") from None
        if status in PERMANENT_GATEWAY_REFUSALS:
            raise UndeliverableError(f"the SMS gateway refused the message for good ({status} {reason}): {_excerpt(answer)}")
        if not 200 <= status < 300:
            raise DeliveryError(f"SMS gateway answered {status} {reason}: {_excerpt(answer)}")

    def close(self) -> None:
        with self.lock:
            self._drop()

    def _post(self, body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        kept = self.connection is not None
        try:
            return self._exchange(body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not kept:
                raise
            # The gateway closed the kept connection while it was idle: the request never reached it.
            self._drop()
            return self._exchange(body, headers)

    def _exchange(self, body: bytes, headers: dict[str, str]) -> tuple[int, str, bytes]:
        connection = self._connection()
        connection.request("POST", self.path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()  # read whole, so that the connection can carry the next request
        if response.will_close:
            self._drop()
        return response.status, response.reason, answer

    def _connection(self) -> http.client.HTTPConnection:
        if self.connection is None:
            host, port = self.address.hostname, self.address.port
            if host is None:
                raise ValueError(f"the SMS gateway URL names no host: {self.url!r}")
            self.connection = (http.client.HTTPSConnection(host, port, timeout=self.timeout)
                               if self.address.scheme == "https" else
                               http.client.HTTPConnection(host, port, timeout=self.timeout))
        return self.connection

    def _drop(self) -> None:
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()

    def _explain(self, error: Exception) -> str:
        if isinstance(error, TimeoutError):
            return f"no answer within {self.timeout:g} s"
        return f"{type(error).__name__}: {error}"


def checked_template(template: str) -> string.Template:
    """The template, once a sample with quotes, a line break and Azerbaijani letters renders as valid JSON."""
    parsed = string.Template(template)
    unknown = set(parsed.get_identifiers()) - TEMPLATE_FIELDS
    missing = REQUIRED_TEMPLATE_FIELDS - set(parsed.get_identifiers())
    if unknown or missing:
        raise ValueError(f"SMS request template: unknown placeholders {sorted(unknown)}, missing {sorted(missing)}; "
                         f"it may use ${', $'.join(sorted(TEMPLATE_FIELDS))}")
    try:
        json.loads(render(parsed, sender="AZERSU", to="+994501234567", text='Müraciət "TŞ-1"\nqəbul edildi', key="e/sms"))
    except ValueError as error:  # also a misplaced "$" (string.Template) and bad JSON (JSONDecodeError)
        raise ValueError(f"SMS request template does not make JSON: {error}; placeholders go unquoted: "
                         '"text": $text') from None
    return parsed


def render(template: string.Template, **values: str) -> str:
    return template.substitute({name: json.dumps(value, ensure_ascii=False) for name, value in values.items()})


def _authorization(username: str | None, password: str | None, token: str | None) -> dict[str, str]:
    if token:
        return {"Authorization": f"Bearer {token}"}
    if username:
        credentials = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        return {"Authorization": f"Basic {credentials}"}
    return {}


def _excerpt(answer: bytes) -> str:
    text = " ".join(answer[:4 * EXCERPT_CHARACTERS].decode(errors="replace").split())
    return text[:EXCERPT_CHARACTERS] + ("…" if len(text) > EXCERPT_CHARACTERS else "") if text else "(empty answer)"


class FileSender(Sender):
    """The embedded default: each message becomes a file under <folder>/<channel>/, named after its key.

    E-mail as a .eml file of the full message, SMS as .json {to, text, key}. A file appears whole or not at
    all (written aside, then renamed), and sending a key again replaces its file rather than adding one.
    """

    def __init__(self, folder: Path, channel: Channel, *, sender_address: str = DEFAULT_SENDER_ADDRESS):
        if channel not in CITIZEN_CHANNELS:
            raise ValueError(f"unknown channel {channel!r}")
        self.folder = Path(folder) / channel
        self.channel = channel
        self.sender_address = sender_address

    def send(self, message: Message) -> None:
        if message.channel != self.channel:
            raise ValueError(f"a {message.channel} message was given to the {self.channel} outbox")
        path = self.path_of(message.key)
        try:
            write_atomically(path, self._content(message))
        except (OSError, ValueError, email.errors.MessageError) as error:
            raise DeliveryError(f"cannot write {path}: {error}") from None

    def path_of(self, key: str) -> Path:
        return self.folder / f"{safe_name(key)}.{'eml' if self.channel == 'email' else 'json'}"

    def _content(self, message: Message) -> bytes:
        if self.channel == "email":
            # As a server with SMTPUTF8 would store it: an address in another script written in UTF-8 (RFC 6532),
            # a domain alone in ASCII, so that any mail program reads the file.
            recipient = recipient_address(message.recipient, smtputf8=not message.recipient.partition("@")[0].isascii())
            mail = as_email(message, self.sender_address, recipient)
            # email.policy.default is the policy EmailMessage() is made with (mail.policy, typed as any Policy)
            return mail.as_bytes(policy=email.policy.default.clone(utf8=not recipient.isascii()))
        return json.dumps({"to": message.recipient, "text": message.body, "key": message.key},
                          ensure_ascii=False, indent=2).encode()


def write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # A hidden name in the same folder, so that os.replace is a rename on one file system. mkstemp's mode
    # (0600) stays: the messages hold citizens' names, addresses and phone numbers.
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())  # the ledger counts the message as sent once this returns
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise
