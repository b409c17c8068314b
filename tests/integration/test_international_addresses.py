"""E-mail to internationalised addresses (RFC 6530): a citizen's real address works, or says plainly why not.

An address with only its domain in another script goes everywhere with the domain in ASCII (xn--…). One
whose local part is not ASCII needs a server that takes SMTPUTF8; the file outbox writes it in UTF-8 too.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from consumers.messages import DeliveryError, Message
from consumers.senders import FileSender, SmtpEmailSender
from tests.channels import SmtpCollector
from tests.samples import METER_INSTALLATION
from tests.waiting import wait_for

IDN_DOMAIN = "resad@bakı.az"
IDN_DOMAIN_ASCII = "resad@xn--bak-lua.az"
UNICODE_LOCAL_PART = "rəşad@bakı.az"


def email_to(recipient: str) -> Message:
    return Message("0d6f2a7e-5b1c-4c55-9a1e-8f3f1b2f4a10/email", "email", recipient, "Müraciət qəbul edildi", "Hörmətli Rəşad")


def send(server: SmtpCollector, recipient: str) -> None:
    sender = SmtpEmailSender("127.0.0.1", server.port, False, None, None, "Azərsu <no-reply@azersu.az>", 5)
    try:
        sender.send(email_to(recipient))
    finally:
        sender.close()


def test_an_idn_domain_goes_in_ascii_to_a_server_without_smtputf8(smtp):
    send(smtp, IDN_DOMAIN)
    [delivery] = smtp.deliveries
    assert delivery.recipients == [IDN_DOMAIN_ASCII]
    assert delivery.message["To"] == IDN_DOMAIN_ASCII
    assert b"=?" not in delivery.raw.split(b"\r\nTo: ", 1)[1].split(b"\r\n", 1)[0]  # an address, not an encoded word


@pytest.mark.parametrize("recipient", [UNICODE_LOCAL_PART, IDN_DOMAIN])
def test_a_server_with_smtputf8_gets_the_address_as_the_citizen_wrote_it(recipient):
    with SmtpCollector(smtputf8=True) as server:
        send(server, recipient)
    [delivery] = server.deliveries
    assert delivery.recipients == [recipient]
    assert f"To: {recipient}".encode() in delivery.raw
    assert delivery.message["To"] == recipient and delivery.message["Subject"] == "Müraciət qəbul edildi"


def test_a_unicode_local_part_to_a_server_without_smtputf8_fails_saying_why(smtp):
    with pytest.raises(DeliveryError, match=f"{UNICODE_LOCAL_PART} needs a server that takes SMTPUTF8"):
        send(smtp, UNICODE_LOCAL_PART)
    assert smtp.deliveries == []


@pytest.mark.parametrize(("recipient", "written"), [(IDN_DOMAIN, IDN_DOMAIN_ASCII), (UNICODE_LOCAL_PART, UNICODE_LOCAL_PART)])
def test_the_file_outbox_writes_an_address_a_mail_program_reads(tmp_path, recipient, written):
    sender = FileSender(tmp_path, "email")
    message = email_to(recipient)
    sender.send(message)
    raw = sender.path_of(message.key).read_bytes()
    assert f"To: {written}".encode() in raw
    assert BytesParser(policy=policy.default).parsebytes(raw)["To"] == written


# --- the whole path: the form takes the address, the notifier sends or parks ------------------------------------

@pytest.fixture
def settings(settings, smtp, sms):
    return settings.model_copy(update=dict(smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False,
                                           sms_gateway_url=sms.url, delivery_max_attempts=3, delivery_backoff_seconds=0.05))


def submit_with_email(client, token, address: str) -> dict:
    response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION | {"email": address},
                           headers=token("citizen"))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_citizen_with_an_idn_domain_gets_the_registration_mail(client, token, smtp):
    number = submit_with_email(client, token, IDN_DOMAIN)["number"]
    wait_for(lambda: smtp.messages, "the registration e-mail")
    assert smtp.deliveries[0].recipients == [IDN_DOMAIN_ASCII] and number in smtp.messages[0]["Subject"]


def test_mail_a_server_cannot_carry_is_a_permanent_failure_at_once_with_the_reason(client, token, smtp, sms):
    submit_with_email(client, token, UNICODE_LOCAL_PART)
    parked = lambda: client.get("/v1/deliveries", params={"status": "failed"}, headers=token("operator")).json()  # noqa: E731
    wait_for(lambda: parked()["count"] == 1, "the e-mail failed for good")
    [delivery] = parked()["data"]
    assert delivery["attempts"] == 1 and "SMTPUTF8" in delivery["last_error"]
    assert smtp.deliveries == [] and len(sms.requests) == 1
