"""E-mail and SMS from the events, on the embedded default's in-process path, through a real SMTP
server (aiosmtpd) and a local HTTP server standing in for the SMS gateway; on SQLite and Postgres."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from consumers.ledger import Cause
from consumers.messages import Message
from gateway.bootstrap import bootstrap
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from schemas.commands import SubmitMeterInstallationCommand
from schemas.events import EventEnvelope
from tests.samples import METER_INSTALLATION, TECHNICAL_CONDITIONS, address_document
from tests.waiting import wait_for


@pytest.fixture
def settings(settings, smtp, sms):
    """The parametrised settings, with real channels and quick retries."""
    return settings.model_copy(update=dict(
        smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False, sms_gateway_url=sms.url,
        delivery_max_attempts=3, delivery_backoff_seconds=0.05))


def submit_meter_installation(client, token) -> dict:
    response = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=token("citizen"))
    assert response.status_code == 201, response.text
    return response.json()


def command(client, token, case_id: str, action: str, body: dict):
    response = client.post(f"/v1/cases/{case_id}/{action}", json=body, headers=token("employee"))
    assert response.status_code == 200, response.text
    return response


def test_a_submission_sends_the_registration_text_with_its_number_by_email_and_sms(client, token, smtp, sms):
    submitted = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                            files=address_document(), headers=token("citizen"))
    number = submitted.json()["number"]
    wait_for(lambda: smtp.messages and sms.requests, "the e-mail and the SMS")
    [mail], [text] = smtp.messages, sms.requests
    assert mail["To"] == "resad.aliyev@example.az" and number in mail["Subject"]
    assert f"Müraciət nömrəniz: {number}" in mail.get_content()
    assert "Hörmətli Rəşad Əliyev" in mail.get_content()
    assert text.json["to"] == "+994501234567"
    assert text.json["text"] == ("Müraciətiniz qeydiyyata alındı. Xidmətimizdən istifadə etdiyiniz üçün sizə "
                                 f"təşəkkür edirik. Müraciət nömrəniz: {number}")


def test_routing_and_a_refusal_are_told_once_each_with_the_reason(client, token, smtp, sms, services):
    application = submit_meter_installation(client, token)
    command(client, token, application["id"], "route", {"unit": "BIN"})
    command(client, token, application["id"], "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})
    wait_for(lambda: len(smtp.messages) == 3 and len(sms.requests) == 3, "three e-mails and three SMS")
    texts = [r.json["text"] for r in sms.requests]
    assert "icra üçün aidiyyəti struktur bölməsinə yönləndirildi" in texts[1]
    assert texts[2] == f"{application['number']} nömrəli müraciətiniz icra edilə bilmədi. Səbəb: Sayğac ehtiyatı yoxdur"
    services.registry.followers[0]()  # following the log again sends nothing again
    services.notifier.dispatch_due()
    assert (len(smtp.messages), len(sms.requests)) == (3, 3)
    assert len({m["Message-ID"] for m in smtp.messages}) == 3


def test_a_withdrawal_is_confirmed(client, token, sms):
    application = submit_meter_installation(client, token)
    withdrawn = client.post(f"/v1/applications/{application['id']}/withdraw", headers=token("citizen"))
    assert withdrawn.status_code == 200, withdrawn.text
    wait_for(lambda: len(sms.requests) == 2, "the registration and the withdrawal SMS")
    assert sms.requests[1].json["text"] == f"{application['number']} nömrəli müraciətiniz sizin istəyinizlə geri götürüldü."


def test_a_failing_smtp_server_is_retried_then_parked_then_delivered_once_on_an_operators_retry(client, token, smtp, sms):
    operator = token("operator")
    smtp.refuse("451 4.3.0 Try again later")
    application = submit_meter_installation(client, token)
    parked = lambda: client.get("/v1/deliveries", params={"status": "parked"}, headers=operator).json()  # noqa: E731
    wait_for(lambda: parked()["count"] == 1, "the e-mail parked after its attempts")
    [delivery] = parked()["data"]
    assert (delivery["channel"], delivery["number"], delivery["attempts"]) == ("email", application["number"], 3)
    assert "451" in delivery["last_error"]
    assert len(sms.requests) == 1, "the SMS went regardless"
    assert smtp.messages == []

    smtp.accept()
    retried = client.post(f"/v1/deliveries/{delivery['event_id']}/email/retry", headers=operator)
    assert retried.status_code == 200, retried.text
    wait_for(lambda: len(smtp.messages) == 1, "the e-mail delivered on the retry")
    wait_for(lambda: client.get("/v1/deliveries", params={"status": "sent"}, headers=operator).json()["count"] == 2,
             "both deliveries recorded as sent")
    again = client.post(f"/v1/deliveries/{delivery['event_id']}/email/retry", headers=operator)
    assert (again.status_code, again.json()["type"].rsplit("/", 1)[1]) == (409, "delivery-already-sent")
    assert len(smtp.messages) == 1


def test_only_an_operator_retries_deliveries_and_only_an_operator_or_auditor_sees_them(client, token):
    application = submit_meter_installation(client, token)
    event_id = f"{application['id']}:1"
    for role in ("citizen", "employee"):
        assert client.get("/v1/deliveries", headers=token(role)).status_code == 403
    assert client.get("/v1/deliveries", headers=token("auditor")).status_code == 200  # read-only, everything
    for role in ("citizen", "employee", "auditor"):
        assert client.post(f"/v1/deliveries/{event_id}/sms/retry", headers=token(role)).status_code == 403
    assert client.get("/v1/deliveries").status_code == 401
    unknown = client.post(f"/v1/deliveries/{application['id']}:9/sms/retry", headers=token("operator"))
    assert (unknown.status_code, unknown.json()["type"].rsplit("/", 1)[1]) == (404, "delivery-not-found")
    malformed = client.post("/v1/deliveries/not-an-event/sms/retry", headers=token("operator"))
    assert malformed.status_code == 422


def test_a_restarted_service_sends_what_it_had_not_sent_and_nothing_twice(settings, clock, smtp, sms):
    first = bootstrap(settings, clock=clock)  # records the submission's messages, but never sends them
    citizen = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, None)
    command = SubmitMeterInstallationCommand(**METER_INSTALLATION)
    number = first.registry.submit_meter_installation(command, citizen).application.number
    first.close()
    assert smtp.messages == [] and sms.requests == []
    second = bootstrap(settings, clock=clock)
    second.start_background()
    try:
        wait_for(lambda: len(smtp.messages) == 1 and len(sms.requests) == 1, "the messages recorded before the restart")
        assert number in smtp.messages[0]["Subject"]
    finally:
        second.close()
    third = bootstrap(settings, clock=clock)
    third.start_background()
    third.notifier.dispatch_due()
    third.close()
    assert (len(smtp.messages), len(sms.requests)) == (1, 1)


def test_a_citizens_messages_on_one_channel_are_claimed_in_the_order_of_their_events(services):
    ledger = services.notifier.ledger
    application_id = uuid.uuid4()

    def event(version: int, type_: str) -> EventEnvelope:
        return EventEnvelope(id=f"{application_id}:{version}", application_id=application_id, version=version,
                             type=type_, time=datetime.now(UTC), data={})

    def sms(version: int) -> Message:
        return Message(f"{application_id}:{version}/sms", "sms", "+994501234567", "", f"mesaj {version}")

    with services.database.transaction() as cursor:
        for version, type_ in ((1, "Submitted"), (2, "Routed"), (5, "Answered")):
            ledger.record(cursor, Cause.of(event(version, type_), "SQ-2026-000001"), [sms(version)], now=0)
    claimed = lambda: [d.event_version for d in ledger.claim_due(now=1, limit=10)]  # noqa: E731
    assert claimed() == [1], "the later messages wait for the first"
    assert claimed() == [], "while the first is on its way"
    ledger.mark_sent(f"{application_id}:1/sms", now=2)
    [routed] = ledger.claim_due(now=3, limit=10)
    while ledger.mark_failed(routed, "gateway down", now=4) != "parked":  # the second fails until it is parked
        [routed] = ledger.claim_due(now=10_000, limit=10)
        assert routed.event_version == 2, "the one after it still waits"
    assert claimed() == [5], "a parked message no longer holds the next one back"


def test_a_claim_for_one_channel_leaves_the_other_channels_messages_waiting(services):
    ledger = services.notifier.ledger
    application_id = uuid.uuid4()
    submitted = EventEnvelope(id=f"{application_id}:1", application_id=application_id, version=1, type="Submitted",
                              time=datetime.now(UTC), data={})
    messages = [Message(f"{application_id}:1/email", "email", "resad@example.az", "Müraciət", "mətn"),
                Message(f"{application_id}:1/sms", "sms", "+994501234567", "", "mətn")]
    with services.database.transaction() as cursor:
        ledger.record(cursor, Cause.of(submitted, "SQ-2026-000001"), messages, now=0)

    assert [d.channel for d in ledger.claim_due(now=1, limit=10, channel="sms")] == ["sms"]
    assert [d.channel for d in ledger.claim_due(now=1, limit=10, channel="sms")] == []
    assert [d.channel for d in ledger.claim_due(now=1, limit=10, channel="email")] == ["email"]


def test_each_sending_thread_serves_one_channel_when_there_are_enough_of_them(services):
    from consumers.notifier import Dispatcher

    assert [Dispatcher(services.notifier, threads=4).channel_of(n) for n in range(4)] == ["email", "sms", "email", "sms"]
    assert Dispatcher(services.notifier, threads=4).channels()[-1] == "webhook", "and one more for the portals' webhooks"
    assert Dispatcher(services.notifier, threads=1).channel_of(0) is None


# --- what the notifier keeps of each application: never the history, read again for every event -------------

def test_later_events_are_told_from_what_the_notifier_kept_of_the_submission_without_reading_the_store(
        client, token, sms, services):
    from tests.fakes import UnreadableSubmissions

    services.notifier.submissions = unreadable = UnreadableSubmissions()
    application = submit_meter_installation(client, token)
    command(client, token, application["id"], "route", {"unit": "BIN"})
    command(client, token, application["id"], "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})
    wait_for(lambda: len(sms.requests) == 3, "the registration, routing and refusal SMS")
    assert unreadable.reads == []
    texts = [r.json["text"] for r in sms.requests]
    assert texts[1].startswith(application["number"]) and "yönləndirildi" in texts[1]
    assert texts[2] == f"{application['number']} nömrəli müraciətiniz icra edilə bilmədi. Səbəb: Sayğac ehtiyatı yoxdur"


def test_an_application_whose_submission_the_notifier_never_took_is_read_from_the_store_once(
        client, token, sms, services):
    from gateway.adapters.submissions import StoredSubmissions
    from tests.fakes import CountedSubmissions

    application = submit_meter_installation(client, token)
    wait_for(lambda: len(sms.requests) == 1, "the registration SMS")
    with services.database.transaction() as cursor:  # as if the notifier had started after the submission
        cursor.execute("DELETE FROM notice_recipients")
    services.notifier.submissions = counted = CountedSubmissions(StoredSubmissions(services.registry))
    command(client, token, application["id"], "route", {"unit": "BIN"})
    command(client, token, application["id"], "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})
    wait_for(lambda: len(sms.requests) == 3, "the routing and refusal SMS")
    assert counted.reads == [uuid.UUID(application["id"])]
    assert sms.requests[2].json["text"] == (f"{application['number']} nömrəli müraciətiniz icra edilə bilmədi. "
                                            "Səbəb: Sayğac ehtiyatı yoxdur")


def test_taking_a_submission_twice_keeps_one_recipient_and_one_message_per_channel(client, token, services):
    from eventlog.decoding import history

    application = submit_meter_installation(client, token)
    [submitted] = history(services.registry, uuid.UUID(application["id"]))
    services.notifier.take_batch([submitted, submitted])
    with services.database.transaction() as cursor:
        recipients = cursor.execute("SELECT count(*) AS n FROM notice_recipients").fetchone()["n"]
        deliveries = cursor.execute("SELECT count(*) AS n FROM deliveries").fetchone()["n"]
    assert (recipients, deliveries) == (1, 2)


def test_a_request_to_the_applicant_says_what_is_needed_and_until_when_by_email_and_sms(client, token, smtp, sms):
    application = submit_meter_installation(client, token)
    command(client, token, application["id"], "route", {"unit": "BIN"})
    asked = command(client, token, application["id"], "information-requests",
                    {"question": "Sayğac yerinin fotosunu əlavə edin.", "answer_within_days": 3})
    answer_by = datetime.fromisoformat(asked.json()["information_request"]["answer_by"]).strftime("%d.%m.%Y")
    wait_for(lambda: len(smtp.messages) == 3 and len(sms.requests) == 3, "three e-mails and three SMS")
    mail, text = smtp.messages[2], sms.requests[2].json["text"]
    assert application["number"] in mail["Subject"] and "əlavə məlumat" in mail["Subject"]
    assert "Sayğac yerinin fotosunu əlavə edin." in mail.get_content() and answer_by in mail.get_content()
    assert application["number"] in text and answer_by in text and len(text) <= 134
