"""What became of each message, in a helpdesk's words, through a real SMTP server (aiosmtpd) and the local
SMS gateway, on SQLite and Postgres: accepted by the provider, delivered (the gateway's report), failed for
good (a 5xx, the gateway's refusal, a bounce) and never retried, and the case's message history."""

from __future__ import annotations

import csv
import io

import pytest
from pydantic import SecretStr

from tests.integration.test_notifications import command, submit_meter_installation
from tests.waiting import wait_for

REPORT_TOKEN = "r" * 40
REPORTER = {"Authorization": f"Bearer {REPORT_TOKEN}"}


@pytest.fixture
def settings(settings, smtp, sms):
    return settings.model_copy(update=dict(
        smtp_host=smtp.host, smtp_port=smtp.port, smtp_starttls=False, sms_gateway_url=sms.url,
        delivery_max_attempts=3, delivery_backoff_seconds=0.05, delivery_report_token=SecretStr(REPORT_TOKEN)))


def deliveries(client, token, **params) -> list[dict]:
    return client.get("/v1/deliveries", params=params, headers=token("operator")).json()["data"]


def one(client, token, channel: str, status: str) -> dict:
    wait_for(lambda: len(deliveries(client, token, channel=channel, status=status)) == 1, f"the {channel} {status}")
    [delivery] = deliveries(client, token, channel=channel, status=status)
    return delivery


def test_an_sms_the_gateway_took_is_accepted_then_delivered_by_its_report(client, token, sms):
    submit_meter_installation(client, token)
    accepted = one(client, token, "sms", "sent")
    assert accepted["meaning"].startswith("accepted by the provider") and accepted["segments"] == 2
    report = sms.delivery_report(sms.requests[0], "delivered")
    answered = client.post("/v1/deliveries/sms-reports", json=report, headers=REPORTER)
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "delivered" and answered.json()["delivered_at"]
    assert one(client, token, "sms", "delivered")["key"] == accepted["key"]


def test_an_sms_the_gateway_reports_undelivered_is_a_permanent_failure_with_its_reason(client, token, sms):
    submit_meter_installation(client, token)
    one(client, token, "sms", "sent")
    report = sms.delivery_report(sms.requests[0], "expired", "the phone was off for 48 hours")
    failed = client.post("/v1/deliveries/sms-reports", json=report, headers=REPORTER).json()
    assert failed["status"] == "failed"
    assert failed["reason"] == "the SMS gateway reported it expired: the phone was off for 48 hours"


def test_a_delivery_report_without_the_agreed_token_is_refused_before_its_body_is_read(client, token, sms):
    submit_meter_installation(client, token)
    one(client, token, "sms", "sent")
    report = sms.delivery_report(sms.requests[0], "delivered")
    for headers in ({}, {"Authorization": "Bearer " + "x" * 40}, token("operator")):
        refused = client.post("/v1/deliveries/sms-reports", json=report, headers=headers)
        assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    assert client.post("/v1/deliveries/sms-reports", content=b"{not json", headers=REPORTER | {
        "content-type": "application/json"}).status_code == 422
    unknown = dict(report, reference="00000000-0000-0000-0000-000000000000:1/sms")
    assert client.post("/v1/deliveries/sms-reports", json=unknown, headers=REPORTER).status_code == 404
    hostile = dict(report, reference="../../etc/passwd")
    assert client.post("/v1/deliveries/sms-reports", json=hostile, headers=REPORTER).status_code == 422
    assert one(client, token, "sms", "sent")


def test_a_number_the_gateway_refuses_for_good_fails_at_once_and_is_not_retried(client, token, sms):
    sms.fail_with(422, '{"error": "number not served"}')
    submit_meter_installation(client, token)
    failed = one(client, token, "sms", "failed")
    assert failed["attempts"] == 1 and "refused the message for good (422" in failed["reason"]
    assert len(sms.requests) == 1


def test_a_mailbox_refused_with_a_5xx_fails_at_once_and_is_not_retried(client, token, smtp):
    smtp.refuse("550 5.1.1 No such mailbox", at="RCPT")
    submit_meter_installation(client, token)
    failed = one(client, token, "email", "failed")
    assert failed["attempts"] == 1 and "550 5.1.1 No such mailbox" in failed["reason"]
    assert failed["meaning"].startswith("permanent failure")


def test_a_bounce_from_the_mail_system_marks_the_email_failed_with_the_diagnosis(client, token, smtp):
    submit_meter_installation(client, token)
    one(client, token, "email", "sent")
    bounce = smtp.bounce(smtp.deliveries[0], "5.1.1", "550 5.1.1 <resad@example.az>: Recipient address rejected")
    marked = client.post("/v1/deliveries/email-bounces", content=bounce,
                         headers=REPORTER | {"content-type": "message/rfc822"})
    assert marked.status_code == 200, marked.text
    [failed] = marked.json()
    assert failed["status"] == "failed" and "Recipient address rejected" in failed["reason"]
    delayed = smtp.bounce(smtp.deliveries[0], "4.4.7", "451 4.4.7 delivery delayed", action="delayed")
    assert client.post("/v1/deliveries/email-bounces", content=delayed, headers=REPORTER).json() == []
    assert client.post("/v1/deliveries/email-bounces", content=b"hello", headers=REPORTER).status_code == 422


def test_the_cases_message_history_is_read_by_its_units_employee_and_the_operator(client, token, sms, smtp):
    application = submit_meter_installation(client, token)
    command(client, token, application["id"], "route", {"unit": "SQS"})
    wait_for(lambda: len(sms.requests) == 2 and len(smtp.messages) == 2, "the registration and the routing")
    for role in ("employee", "operator", "auditor"):
        history = client.get(f"/v1/cases/{application['id']}/messages", headers=token(role))
        assert history.status_code == 200, history.text
        assert [(m["event_type"], m["channel"]) for m in history.json()] == [
            ("Submitted", "email"), ("Submitted", "sms"), ("Routed", "email"), ("Routed", "sms")]
    [sms_message] = [m for m in history.json() if m["channel"] == "sms"][:1]
    assert sms_message["recipient"] == "+994557654321" and sms_message["status"] == "sent"
    elsewhere = client.get(f"/v1/cases/{application['id']}/messages", headers=token("employee", unit="TSS"))
    assert elsewhere.status_code == 404
    assert client.get(f"/v1/cases/{application['id']}/messages", headers=token("citizen")).status_code == 403


def test_the_operator_downloads_the_failures_per_district_and_day_as_csv(client, token, sms):
    sms.fail_with(400, "bad number")
    submit_meter_installation(client, token)
    one(client, token, "sms", "failed")
    answer = client.get("/v1/deliveries/failures.csv", headers=token("operator"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["channel"], r["failed"], r["parked"]) for r in rows] == [("sms", "1", "0")]
    assert rows[0]["district"] and len(rows[0]["day"]) == 10
    too_long = client.get("/v1/deliveries/failures.csv", params={"since": "2020-01-01", "until": "2026-01-01"},
                          headers=token("operator"))
    assert too_long.status_code == 422
