"""The notification channels against real servers: aiosmtpd for e-mail, a local HTTP gateway for SMS, the disk."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser

import pytest

from consumers.messages import DeliveryError, Message, UndeliverableError
from consumers.senders import FileSender, HttpSmsSender, SmtpEmailSender
from gateway.senders import senders_from
from gateway.settings import Settings
from tests.channels import SmsGateway, SmtpCollector, silent_server, unused_port

EVENT_ID = "0d6f2a7e-5b1c-4c55-9a1e-8f3f1b2f4a10"
TEXT = "Hörmətli Əliyev Şükür,\nTŞ-2026-000123 nömrəli müraciətiniz qəbul edildi. Çox sağ olun! \"Azərsu\" ğüöıçş"
EMAIL = Message(f"{EVENT_ID}/email", "email", "sukur.aliyev@example.az", "Müraciət TŞ-2026-000123 qəbul edildi", TEXT)
SMS = Message(f"{EVENT_ID}/sms", "sms", "+994501234567", "", TEXT)
TEMPLATE = '{"from": $sender, "to": $to, "text": $text, "reference": $key}'


def email(key: str = EMAIL.key, recipient: str = EMAIL.recipient) -> Message:
    return Message(key, "email", recipient, EMAIL.subject, EMAIL.body)


@pytest.fixture
def gateway() -> Iterator[SmsGateway]:
    with SmsGateway() as server:
        yield server


def smtp_sender(server: SmtpCollector | None = None, *, port: int | None = None, starttls: bool = False,
                username: str | None = None, password: str | None = None, timeout: float = 5, **options) -> SmtpEmailSender:
    return SmtpEmailSender("127.0.0.1", port or server.port, starttls, username, password,
                           "Azərsu <no-reply@azersu.az>", timeout, **options)


def sms_sender(gateway: SmsGateway, *, template: str = TEMPLATE, timeout: float = 5, **auth) -> HttpSmsSender:
    return HttpSmsSender(gateway.url, "AZERSU", template, timeout=timeout, **auth)


# E-mail over SMTP


def test_mail_arrives_for_the_recipient_with_its_azerbaijani_subject_and_text_intact(smtp):
    sender = smtp_sender(smtp)
    sender.send(EMAIL)
    sender.close()

    [delivery] = smtp.deliveries
    assert delivery.recipients == ["sukur.aliyev@example.az"]
    assert delivery.sender == "no-reply@azersu.az"
    assert delivery.message["To"] == "sukur.aliyev@example.az"
    assert delivery.message["From"] == "Azərsu <no-reply@azersu.az>"
    assert delivery.message["Subject"] == "Müraciət TŞ-2026-000123 qəbul edildi"
    assert delivery.message.get_content().rstrip("\n") == TEXT


def test_mail_travels_as_plain_ascii_so_that_a_relay_without_8bitmime_passes_it_intact(smtp):
    short_lines = "Hörmətli Şükür,\nmüraciətiniz qəbul edildi."  # short lines alone would be sent as 8-bit by default
    smtp_sender(smtp).send(Message(EMAIL.key, "email", EMAIL.recipient, EMAIL.subject, short_lines))

    assert smtp.deliveries[0].raw.isascii()
    assert smtp.messages[0].get_content().rstrip("\n") == short_lines


def test_a_message_sent_again_carries_the_same_message_id_and_another_message_a_different_one(smtp):
    sender = smtp_sender(smtp)
    sender.send(EMAIL)
    sender.send(EMAIL)
    sender.send(email(key="5a4b3c2d-0000-4000-8000-000000000001/email"))

    ids = [message["Message-ID"] for message in smtp.messages]
    assert ids == [f"<{EVENT_ID}.email@cases.azersu.az>"] * 2 + ["<5a4b3c2d-0000-4000-8000-000000000001.email@cases.azersu.az>"]


def test_one_connection_carries_many_messages(smtp):
    sender = smtp_sender(smtp)
    for number in range(3):
        sender.send(email(key=f"event-{number}/email"))

    assert len(smtp.messages) == 3
    assert smtp.connection_count == 1


def test_threads_sharing_one_sender_each_get_their_message_through(smtp):
    sender, failures = smtp_sender(smtp), []

    def send_five(thread: int) -> None:
        for number in range(5):
            try:
                sender.send(email(key=f"event-{thread}-{number}/email"))
            except DeliveryError as error:
                failures.append(error)

    threads = [threading.Thread(target=send_five, args=(thread,)) for thread in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len({message["Message-ID"] for message in smtp.messages}) == 20


def test_a_connection_dropped_by_the_server_is_opened_again_for_the_next_message(smtp):
    sender = smtp_sender(smtp)
    sender.send(email(key="first/email"))
    smtp.drop_connections()

    sender.send(email(key="second/email"))

    assert [message["Message-ID"] for message in smtp.messages] == ["<first.email@cases.azersu.az>",
                                                                     "<second.email@cases.azersu.az>"]
    assert smtp.connection_count == 2


def test_a_message_the_server_refuses_for_now_is_a_delivery_error_and_the_next_one_goes_through(smtp):
    sender = smtp_sender(smtp)
    smtp.refuse("451 4.3.0 Mail system busy, try again later")

    with pytest.raises(DeliveryError, match=r"refused for now \(451 4\.3\.0 Mail system busy"):
        sender.send(EMAIL)
    smtp.accept()
    sender.send(EMAIL)

    assert len(smtp.messages) == 1


def test_a_recipient_refused_permanently_is_a_permanent_failure_that_says_so(smtp):
    smtp.refuse("550 5.1.1 No such mailbox", at="RCPT")

    with pytest.raises(UndeliverableError) as refused:
        smtp_sender(smtp).send(EMAIL)

    assert "recipient sukur.aliyev@example.az refused permanently (550 5.1.1 No such mailbox)" in str(refused.value)
    assert smtp.messages == []


def test_a_server_that_is_down_is_a_delivery_error_at_once():
    started = time.monotonic()

    with pytest.raises(DeliveryError, match="Connection ?Refused"):
        smtp_sender(port=unused_port()).send(EMAIL)

    assert time.monotonic() - started < 1


def test_a_server_that_never_answers_is_a_delivery_error_after_the_timeout():
    with silent_server() as port:
        started = time.monotonic()
        with pytest.raises(DeliveryError, match=r"no answer within 0\.3 s"):
            smtp_sender(port=port, timeout=0.3).send(EMAIL)

    assert time.monotonic() - started < 2


def test_with_starttls_the_login_and_the_message_travel_encrypted():
    with SmtpCollector(tls=True, users={"azersu": "s3cret"}) as smtp:
        sender = smtp_sender(smtp, starttls=True, username="azersu", password="s3cret",
                             tls_context=smtp.client_tls_context())
        sender.send(EMAIL)
        sender.close()

    [delivery] = smtp.deliveries
    assert (delivery.tls, delivery.login) == (True, "azersu")
    assert delivery.message.get_content().rstrip("\n") == TEXT


def test_starttls_against_a_certificate_nobody_vouches_for_is_refused_before_anything_is_sent():
    with SmtpCollector(tls=True, users={"azersu": "s3cret"}) as smtp:
        with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
            smtp_sender(smtp, starttls=True, username="azersu", password="s3cret").send(EMAIL)

    assert smtp.messages == []


def test_starttls_configured_but_not_offered_is_refused_rather_than_sent_in_clear(smtp):
    with pytest.raises(DeliveryError, match="STARTTLS"):
        smtp_sender(smtp, starttls=True).send(EMAIL)

    assert smtp.messages == []


def test_a_wrong_password_is_a_delivery_error_naming_the_login():
    with SmtpCollector(tls=True, users={"azersu": "s3cret"}) as smtp:
        with pytest.raises(DeliveryError, match=r"login as azersu refused \(535"):
            smtp_sender(smtp, starttls=True, username="azersu", password="wrong",
                        tls_context=smtp.client_tls_context()).send(EMAIL)

    assert smtp.messages == []


def test_a_server_that_wants_a_login_refuses_a_sender_without_one():
    with SmtpCollector(tls=True, users={"azersu": "s3cret"}) as smtp:
        with pytest.raises(DeliveryError, match=r"sender address refused permanently \(530"):
            smtp_sender(smtp, starttls=True, tls_context=smtp.client_tls_context()).send(EMAIL)


# SMS over the HTTP gateway


def test_the_sms_body_follows_the_template_with_quotes_line_breaks_and_azerbaijani_letters_intact(gateway):
    sms_sender(gateway).send(SMS)

    [request] = gateway.requests
    assert request.path == "/sms/send"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.json == {"from": "AZERSU", "to": "+994501234567", "text": TEXT, "reference": SMS.key}


def test_messages_to_the_sms_gateway_share_one_kept_connection(gateway):
    sender = sms_sender(gateway)
    sender.send(SMS)
    kept = sender.connection
    sender.send(SMS)

    assert len(gateway.requests) == 2
    assert sender.connection is kept


def test_a_kept_connection_that_was_closed_meanwhile_is_opened_again_for_the_next_sms(gateway):
    sender = sms_sender(gateway)
    sender.send(SMS)
    sender.connection.sock.shutdown(socket.SHUT_RDWR)  # as a gateway dropping an idle connection leaves it

    sender.send(SMS)

    assert len(gateway.requests) == 2


def test_the_sms_request_carries_the_key_as_idempotency_key_and_basic_auth(gateway):
    sms_sender(gateway, username="azersu", password="pa:ss wörd").send(SMS)
    sms_sender(gateway, username="azersu", password="pa:ss wörd").send(SMS)

    assert [request.headers["Idempotency-Key"] for request in gateway.requests] == [SMS.key, SMS.key]
    assert gateway.requests[0].basic_auth == ("azersu", "pa:ss wörd")


def test_the_sms_request_carries_a_bearer_token_when_one_is_set(gateway):
    sms_sender(gateway, token="t0ken").send(SMS)

    assert gateway.requests[0].headers["Authorization"] == "Bearer t0ken"


def test_without_credentials_the_sms_request_has_no_authorization(gateway):
    sms_sender(gateway).send(SMS)

    assert gateway.requests[0].headers["Authorization"] is None


def test_a_message_refused_permanently_at_data_is_a_permanent_failure(smtp):
    smtp.refuse("554 5.7.1 Message rejected as spam")

    with pytest.raises(UndeliverableError, match=r"refused permanently \(554"):
        smtp_sender(smtp).send(EMAIL)


@pytest.mark.parametrize("status, answer", [(500, "Internal Server Error: queue unavailable"),
                                            (429, '{"error": "slow down"}'), (401, '{"error": "bad token"}')])
def test_a_gateway_error_status_that_may_pass_is_a_delivery_error_with_the_status_and_the_answer(gateway, status, answer):
    gateway.fail_with(status, answer)

    with pytest.raises(DeliveryError) as failed:
        sms_sender(gateway).send(SMS)

    assert not isinstance(failed.value, UndeliverableError)
    assert f"answered {status}" in str(failed.value)
    assert answer in str(failed.value)


@pytest.mark.parametrize("status", [400, 422])
def test_the_gateways_refusal_of_a_number_is_a_permanent_failure(gateway, status):
    gateway.fail_with(status, '{"error": "invalid msisdn", "field": "to"}')

    with pytest.raises(UndeliverableError, match=f"refused the message for good \\({status}") as failed:
        sms_sender(gateway).send(SMS)

    assert "invalid msisdn" in str(failed.value)


def test_a_long_gateway_answer_is_cut_short_in_the_error(gateway):
    gateway.fail_with(503, "x" * 5000)

    with pytest.raises(DeliveryError) as failed:
        sms_sender(gateway).send(SMS)

    assert "answered 503" in str(failed.value)
    assert len(str(failed.value)) < 300


def test_a_gateway_that_answers_too_late_is_a_delivery_error_after_the_timeout(gateway):
    gateway.delay(5)
    started = time.monotonic()

    with pytest.raises(DeliveryError, match=r"no answer within 0\.5 s"):
        sms_sender(gateway, timeout=0.5).send(SMS)

    assert time.monotonic() - started < 2


def test_an_unreachable_gateway_is_a_delivery_error():
    sender = HttpSmsSender(f"http://127.0.0.1:{unused_port()}/sms", "AZERSU", TEMPLATE, timeout=2)

    with pytest.raises(DeliveryError, match="Connection ?Refused"):
        sender.send(SMS)


@pytest.mark.parametrize("template, complaint", [
    ('{"to": "$to", "text": "$text"}', "does not make JSON"),  # quoted placeholders break on a quote in the text
    ('{"to": $to, "text": $text', "does not make JSON"),
    ('{"to": $to, "text": $text, "price": 5$}', "does not make JSON"),
    ('{"to": $to, "message": $body}', r"unknown placeholders \['body'\], missing \['text'\]"),
    ('{"text": $text}', r"missing \['to'\]"),
])
def test_a_template_that_cannot_make_a_request_is_refused_when_the_sender_is_made(template, complaint):
    with pytest.raises(ValueError, match=complaint):
        HttpSmsSender("http://127.0.0.1:9/sms", "AZERSU", template)


def test_a_token_and_a_password_together_are_refused_when_the_sender_is_made():
    with pytest.raises(ValueError, match="either a bearer token or a username"):
        HttpSmsSender("http://127.0.0.1:9/sms", "AZERSU", TEMPLATE, username="azersu", password="x", token="t")


# Files: the embedded default


def test_an_email_is_written_as_a_complete_eml_file_named_by_its_key(tmp_path):
    FileSender(tmp_path / "outbox", "email").send(EMAIL)

    [written] = (tmp_path / "outbox" / "email").iterdir()
    assert written.name == f"{EVENT_ID}.email.eml"
    mail = BytesParser(policy=policy.default).parsebytes(written.read_bytes())
    assert (mail["To"], mail["Subject"], mail["Message-ID"]) == (
        EMAIL.recipient, EMAIL.subject, f"<{EVENT_ID}.email@cases.azersu.az>")
    assert mail.get_content().rstrip("\n") == TEXT


def test_an_sms_is_written_as_json_with_recipient_text_and_key(tmp_path):
    FileSender(tmp_path / "outbox", "sms").send(SMS)

    written = tmp_path / "outbox" / "sms" / f"{EVENT_ID}.sms.json"
    assert json.loads(written.read_text(encoding="utf-8")) == {"to": SMS.recipient, "text": TEXT, "key": SMS.key}


def test_sending_the_same_key_again_replaces_its_file_and_leaves_nothing_else(tmp_path):
    sender = FileSender(tmp_path, "sms")
    sender.send(SMS)
    sender.send(Message(SMS.key, "sms", SMS.recipient, "", "second version"))

    assert [path.name for path in (tmp_path / "sms").iterdir()] == [f"{EVENT_ID}.sms.json"]
    assert json.loads((tmp_path / "sms" / f"{EVENT_ID}.sms.json").read_text())["text"] == "second version"


def test_a_reader_never_sees_half_a_message_while_it_is_being_rewritten(tmp_path):
    sender = FileSender(tmp_path, "sms")
    versions = [Message(SMS.key, "sms", SMS.recipient, "", letter * 300_000) for letter in "əş"]
    sender.send(versions[0])
    path, seen, torn, writing = sender.path_of(SMS.key), set(), [], True

    def read_while_writing() -> None:
        while writing:
            try:
                seen.add(json.loads(path.read_text(encoding="utf-8"))["text"][:1])
            except (ValueError, FileNotFoundError) as error:  # half a file is not JSON; a missing one is no better
                torn.append(error)

    reader = threading.Thread(target=read_while_writing)
    reader.start()
    for round_number in range(30):
        sender.send(versions[round_number % 2])
    writing = False
    reader.join()

    assert torn == []
    assert seen == {"ə", "ş"}


def test_a_folder_that_cannot_be_written_is_a_delivery_error(tmp_path):
    (tmp_path / "sms").write_text("a file where the folder should be")

    with pytest.raises(DeliveryError, match="cannot write"):
        FileSender(tmp_path, "sms").send(SMS)


# Choosing the channels from the settings


def test_without_smtp_host_or_gateway_url_both_channels_write_files_under_the_outbox(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path)
    senders = senders_from(settings)

    senders["email"].send(EMAIL)
    senders["sms"].send(SMS)

    assert (settings.outbox_dir / "email" / f"{EVENT_ID}.email.eml").is_file()
    assert (settings.outbox_dir / "sms" / f"{EVENT_ID}.sms.json").is_file()


def test_with_smtp_host_and_gateway_url_messages_go_to_those_servers(tmp_path, smtp, gateway):
    settings = Settings(_env_file=None, data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=smtp.port,
                        smtp_starttls=False, sms_gateway_url=gateway.url, sms_gateway_token="t0ken")
    senders = senders_from(settings)

    senders["email"].send(EMAIL)
    senders["sms"].send(SMS)
    for sender in senders.values():
        sender.close()

    assert smtp.messages[0]["Message-ID"] == f"<{EVENT_ID}.email@cases.azersu.az>"
    assert gateway.requests[0].json == {"from": "AZERSU", "to": SMS.recipient, "text": TEXT, "reference": SMS.key}
    assert not settings.outbox_dir.exists()
