"""Real servers standing in for the notification channels, for integration and end-to-end tests.

SmtpCollector: an aiosmtpd SMTP server on 127.0.0.1 that keeps what it receives.

    with SmtpCollector() as smtp:                        # smtp.host, smtp.port
        ... send to smtp.host:smtp.port, starttls=False ...
        smtp.messages                                    # [email.message.EmailMessage], parsed with lines ending
                                                         #   in "\n", in arrival order
        smtp.deliveries                                  # [Delivery(sender, recipients, message, login, tls, raw)]
        smtp.refuse("451 4.3.0 Try again later")         # refuse every message from now on (at DATA) ...
        smtp.refuse("550 5.1.1 No such mailbox", at="RCPT")  # ... or every recipient
        smtp.accept()                                    # take messages again
        smtp.drop_connections()                          # cut the open sessions, as a restarted server would
        smtp.connection_count                            # sessions opened so far
        smtp.bounce(smtp.deliveries[0], "5.1.1", "550 5.1.1 No such mailbox")   # the DSN (RFC 3464) this mail
                                                         #   system returns for a message it took and could not
                                                         #   deliver onwards, with the message's headers (RET=HDRS)

    SmtpCollector(users={"azersu": "secret"}) requires a login (530 without one, 535 for a wrong password);
    SmtpCollector(tls=True) offers STARTTLS with a self-signed certificate for 127.0.0.1, trusted by the
    context smtp.client_tls_context() (logins then need TLS, as on a real server).

SmsGateway: an HTTP server on 127.0.0.1 standing in for the operator's SMS gateway.

    with SmsGateway() as gateway:                        # gateway.url
        ... POST to gateway.url ...
        gateway.requests                                 # [GatewayRequest(path, headers, body)]: every POST,
                                                         #   .json (parsed body), .basic_auth ((user, password) | None)
        gateway.fail_with(500, "Internal error")         # answer every POST with this status and body ...
        gateway.delay(2.0)                               # ... or only after this many seconds
        gateway.accept()                                 # answer 200 {"status": "accepted"} again, at once

    gateway.delivery_report(request, "delivered")        # the delivery report the gateway sends for one of its
                                                         #   requests (to POST /v1/deliveries/sms-reports)

WebhookReceiver: a portal's endpoint on 127.0.0.1, verifying every delivery with the `standardwebhooks`
library (code we did not write), as an integrator's receiver would.

    with WebhookReceiver() as portal:                    # portal.url
        portal.secrets = ["whsec_…"]                     # what it verifies with (any one must match)
        portal.events                                    # the CloudEvents it took (2xx), verified, in arrival order
        portal.requests                                  # every request, with .verified (the library's verdict)
        portal.fail_with(500) / portal.hang() / portal.delay(0.5) / portal.accept()
        portal.trickle()                                 # 200, then a header every 0.2 s, never ending
        portal.flood(50 * 2**20)                         # 200 with a body of that many bytes

unused_port(): a port of 127.0.0.1 where nothing listens (a server that is down).
silent_server(): a context manager giving the port of a server that takes connections and never answers.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import ipaddress
import json
import socket
import ssl
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

import standardwebhooks
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LOCALHOST = "127.0.0.1"


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCALHOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A port whose connections are accepted by the kernel's backlog and then never answered."""
    with socket.socket() as listener:
        listener.bind((LOCALHOST, 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@dataclass(frozen=True)
class Delivery:
    sender: str  # the envelope's MAIL FROM
    recipients: list[str]  # the envelope's RCPT TO
    message: EmailMessage
    login: str | None  # the user the session logged in as
    tls: bool  # whether the session had switched to TLS
    raw: bytes  # the message as it came over the wire


class SmtpCollector:
    def __init__(self, *, users: dict[str, str] | None = None, tls: bool = False, smtputf8: bool = False):
        self.deliveries: list[Delivery] = []
        self._smtputf8 = smtputf8  # RFC 6531: addresses and headers in UTF-8
        self._refusal: tuple[str, str] | None = None
        self._sessions: list[SMTP] = []
        self._users = users
        self._certificate = _self_signed_certificate() if tls else None
        self.host, self.port = LOCALHOST, unused_port()
        self._controller = _Controller(self, self._server_options())

    @property
    def messages(self) -> list[EmailMessage]:
        return [delivery.message for delivery in self.deliveries]

    @property
    def connection_count(self) -> int:
        return len(self._sessions)

    def refuse(self, reply: str, at: Literal["RCPT", "DATA"] = "DATA") -> None:
        self._refusal = (at, reply)

    def accept(self) -> None:
        self._refusal = None

    def drop_connections(self) -> None:
        """Closes every open session from the server's side, and returns once that is done."""
        async def close_all() -> None:
            for session in self._sessions:
                if session.transport is not None:
                    session.transport.close()
        asyncio.run_coroutine_threadsafe(close_all(), self._controller.loop).result(timeout=5)

    def bounce(self, delivery: Delivery, status: str, diagnostic: str, action: str = "failed") -> bytes:
        """The delivery status notification this server's mail system sends to the message's return address,
        written as Postfix writes one."""
        recipient = delivery.recipients[0]
        original_headers = delivery.raw.split(b"\r\n\r\n", 1)[0].decode()
        boundary = "dsn-boundary-7e1f"
        return "\r\n".join([
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.az>",
            f"To: {delivery.sender or 'bounces@azersu.az'}",
            "Subject: Undelivered Mail Returned to Sender",
            "MIME-Version: 1.0",
            f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"',
            "",
            f"--{boundary}",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            f"Your message to {recipient} could not be delivered.",
            "",
            f"--{boundary}",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.az",
            "",
            f"Final-Recipient: rfc822; {recipient}",
            f"Action: {action}",
            f"Status: {status}",
            f"Diagnostic-Code: smtp; {diagnostic}",
            "",
            f"--{boundary}",
            "Content-Type: text/rfc822-headers",
            "",
            original_headers,
            "",
            f"--{boundary}--",
            "",
        ]).encode()

    def client_tls_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's certificate (and nothing else)."""
        assert self._certificate is not None, "SmtpCollector(tls=True) has a certificate to trust"
        return ssl.create_default_context(cadata=self._certificate[0].decode())

    def __enter__(self) -> SmtpCollector:
        self._controller.start()
        self._sessions.clear()  # the controller's own probe at start-up is not a client
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._controller.stop()

    def _server_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {"enable_SMTPUTF8": self._smtputf8}
        if self._certificate:
            options["tls_context"] = _server_tls_context(*self._certificate)
        if self._users is not None:
            options.update(auth_required=True, auth_require_tls=self._certificate is not None,
                           authenticator=self._authenticate)
        return options

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        known = isinstance(auth_data, LoginPassword) and \
            self._users.get(auth_data.login.decode()) == auth_data.password.decode()
        return AuthResult(success=known, handled=False, auth_data=auth_data)

class _Handler:
    """aiosmtpd's hooks: what the collector refuses, and what it keeps."""

    def __init__(self, collector: SmtpCollector):
        self.collector = collector

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        refusal = self.collector._refusal
        if refusal and refusal[0] == "RCPT":
            return refusal[1]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        refusal = self.collector._refusal
        if refusal and refusal[0] == "DATA":
            return refusal[1]
        # Lines end in CRLF on the wire; the message is kept as a mail program would store it.
        message = BytesParser(policy=policy.default).parsebytes(envelope.content.replace(b"\r\n", b"\n"))
        login = session.auth_data.login.decode() if session.authenticated else None
        self.collector.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), message, login,
                                                  session.ssl is not None, envelope.content))
        return "250 Message accepted for delivery"


class _Controller(Controller):
    def __init__(self, collector: SmtpCollector, options: dict[str, Any]):
        super().__init__(_Handler(collector), hostname=collector.host, port=collector.port, **options)
        self.collector = collector

    def factory(self) -> SMTP:  # called once per connection
        session = super().factory()
        self.collector._sessions.append(session)
        return session


def _self_signed_certificate() -> tuple[bytes, bytes]:
    """(certificate, key) in PEM for 127.0.0.1 and localhost, valid for a day."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SMTP collector")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOCALHOST)),
                                                    x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


def _server_tls_context(certificate: bytes, key: bytes) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:  # ssl loads a certificate chain only from files
        (Path(folder) / "cert.pem").write_bytes(certificate)
        (Path(folder) / "key.pem").write_bytes(key)
        context.load_cert_chain(Path(folder) / "cert.pem", Path(folder) / "key.pem")
    return context


@dataclass(frozen=True)
class GatewayRequest:
    path: str
    headers: Message  # case-insensitive: headers["idempotency-key"]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def basic_auth(self) -> tuple[str, str] | None:
        scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
        if scheme != "Basic":
            return None
        user, _, password = base64.b64decode(credentials).decode().partition(":")
        return user, password


class SmsGateway:
    ACCEPTED = (200, '{"status": "accepted"}')

    def __init__(self) -> None:
        self.requests: list[GatewayRequest] = []
        self._answer = self.ACCEPTED
        self._delay = 0.0
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer((LOCALHOST, 0), _gateway_handler(self))
        self._server.daemon_threads = True
        self.url = f"http://{LOCALHOST}:{self._server.server_address[1]}/sms/send"

    def fail_with(self, status: int, body: str = "") -> None:
        self._answer = (status, body)

    def delay(self, seconds: float) -> None:
        self._delay = seconds

    def accept(self) -> None:
        self._answer, self._delay = self.ACCEPTED, 0.0

    @staticmethod
    def delivery_report(request: GatewayRequest, status: str, reason: str | None = None) -> dict[str, Any]:
        """The report this gateway sends back for a message it took, naming it by the reference it was sent with."""
        return {"reference": request.json["reference"], "status": status, "reason": reason,
                "message_id": f"gw-{len(request.body)}", "operator": "Azercell"}

    def __enter__(self) -> SmsGateway:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()  # wakes a delayed answer, so that closing never waits for it
        self._server.shutdown()
        self._server.server_close()

    def _answer_to(self, request: GatewayRequest) -> tuple[int, str]:
        self.requests.append(request)
        self._closing.wait(self._delay)
        return self._answer


def _gateway_handler(gateway: SmsGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # As real HTTP servers do (nginx's tcp_nodelay): the answer goes out in two writes, and on a kept
        # connection Nagle would hold the second until the client's delayed ACK, 40 ms per request.
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, text = gateway._answer_to(GatewayRequest(self.path, self.headers, body))
            payload = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if text.startswith("{") else "text/plain")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the tests' output is not the place for an access log

    return Handler


@dataclass
class WebhookRequest:
    headers: Message
    body: bytes
    verified: bool
    answered: int


class WebhookReceiver:
    def __init__(self) -> None:
        self.secrets: list[str] = []
        self.requests: list[WebhookRequest] = []
        self._answer, self._delay, self._hang = 204, 0.0, False
        self._trickle, self._flood = False, 0
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer((LOCALHOST, 0), _receiver_handler(self))
        self._server.daemon_threads = True
        self.url = f"http://{LOCALHOST}:{self._server.server_address[1]}/hooks/azersu"

    @property
    def events(self) -> list[dict[str, Any]]:
        """The CloudEvents it took: verified and answered 2xx."""
        return [json.loads(r.body) for r in self.requests if r.verified and 200 <= r.answered < 300]

    def fail_with(self, status: int) -> None:
        self._answer = status

    def hang(self) -> None:
        self._hang = True

    def delay(self, seconds: float) -> None:
        self._delay = seconds

    def trickle(self) -> None:
        self._trickle = True

    def flood(self, size: int) -> None:
        self._answer, self._flood = 200, size

    def accept(self) -> None:
        self._answer, self._delay, self._hang = 204, 0.0, False
        self._trickle, self._flood = False, 0

    def verify(self, body: bytes, headers: Message) -> bool:
        for secret in self.secrets:
            try:
                standardwebhooks.Webhook(secret).verify(body, {k: v for k, v in headers.items()})
                return True
            except standardwebhooks.WebhookVerificationError:
                continue
        return False

    def __enter__(self) -> WebhookReceiver:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()

    def _take(self, headers: Message, body: bytes) -> int | None:
        """The status to answer, or None to hang up without one."""
        if self._hang:
            self._closing.wait(30)
            return None
        self._closing.wait(self._delay)
        answer = self._answer
        self.requests.append(WebhookRequest(headers, body, self.verify(body, headers), answer))
        return answer


def _receiver_handler(receiver: WebhookReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status = receiver._take(self.headers, body)
            if status is None:
                return
            if receiver._trickle:
                self._trickle()
                return
            self.send_response(status)
            self.send_header("Content-Length", str(receiver._flood))
            self.end_headers()
            self._flood(receiver._flood)

        def _trickle(self) -> None:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            with contextlib.suppress(OSError):
                for n in range(10_000):
                    if receiver._closing.wait(0.2):
                        return
                    self.wfile.write(f"X-Still-Thinking-{n}: yes\r\n".encode())
                    self.wfile.flush()

        def _flood(self, size: int) -> None:
            chunk = b"x" * 65536
            with contextlib.suppress(OSError):  # the sender hangs up without reading it
                while size > 0 and not receiver._closing.is_set():
                    self.wfile.write(chunk[:size])
                    size -= len(chunk)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
