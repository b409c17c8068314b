"""Escalation on the production shape: HTTP → Postgres → relay → Kafka → projector → views → escalator → ledger
→ the notifier process → SMTP. First with an escalator in the test's process reading a clock the test moves
(thresholds reached one after the other, the notifier killed between them); then the `escalate` worker as a
process of its own, killed with SIGKILL and started again: the supervisor is told once either way."""

from __future__ import annotations

import time as clock_time
import uuid
from datetime import datetime, time, timedelta

import pytest

from cases.ports import BAKU
from tests.samples import TECHNICAL_CONDITIONS, address_document

pytestmark = pytest.mark.postgres

SUPERVISOR = "rehber.tss@azersu.az"


@pytest.fixture
def stack(postgres_url, kafka_broker, tmp_path, clock, smtp, sms):
    from tests.e2e.workers import KafkaStack

    topic = f"events-{uuid.uuid4().hex[:8]}"
    with KafkaStack(postgres_url, kafka_broker.bootstrap_servers, topic, tmp_path, clock, smtp, sms,
                    supervisor_emails={"TSS": [SUPERVISOR]}) as running:
        yield running


def day_before(stack, due, working_days: int) -> datetime:
    """Noon, Baku, `working_days` working days before the due day (negative: after it)."""
    at, day = stack.services.calendar.at(), due
    while at.working_days_left(day, due) < working_days:
        day -= timedelta(days=1)
    while at.working_days_left(day, due) > working_days:
        day += timedelta(days=1)
    return datetime.combine(day, time(12), BAKU)


def to_supervisor(smtp) -> list:
    return [m for m in smtp.messages if m["To"] == SUPERVISOR]


def test_a_case_nearing_its_term_reaches_the_supervisor_once_across_restarts(stack, clock, smtp):
    client = stack.client
    submitted = client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(),
                            headers=stack.token("citizen"))
    case_id = submitted.json()["id"]
    routed = client.post(f"/v1/cases/{case_id}/route", json={"unit": "TSS"}, headers=stack.token("employee"))
    due = datetime.fromisoformat(routed.json()["due_on"]).date()
    far = datetime.combine(due, time(12), BAKU)
    stack.wait_for(lambda: [c.application_id for c in stack.services.due_cases(far)] == [case_id],
                   "the projector's view of the routed case, with its due date")

    clock.current = day_before(stack, due, 3)
    assert stack.services.escalator().scan() == 0
    clock.current = day_before(stack, due, 2)
    assert stack.services.escalator().scan() == 1
    stack.wait_for(lambda: to_supervisor(smtp), "the supervisor's e-mail")

    stack.notifier.kill()
    stack.notifier.start()
    stack.services.escalator().scan()  # the escalator started again, at the same moment: recorded once already
    clock.current = day_before(stack, due, -1)
    stack.services.escalator().scan()  # and a day after the due day: overdue, a threshold of its own
    stack.wait_for(lambda: len(to_supervisor(smtp)) == 2, "the overdue e-mail, from the notifier started again")
    soon, overdue = sorted(to_supervisor(smtp), key=lambda m: "keçib" in m["Subject"])
    number = routed.json()["number"]
    assert number in soon["Subject"] and "2 iş günü qalıb" in soon.get_content()
    assert number in overdue["Subject"] and "keçib" in overdue["Subject"]


def test_the_escalate_worker_killed_and_started_again_tells_the_supervisor_once(stack, smtp):
    from tests.e2e.workers import Worker

    env = stack.env | {"SUPERVISOR_EMAILS": f'{{"TSS": ["{SUPERVISOR}"]}}', "ESCALATION_THRESHOLDS": "[60]",
                       "ESCALATION_INTERVAL_SECONDS": "0.2"}  # any running case is within 60 working days
    escalate = Worker("escalate", env, stack.data_dir / "escalate.log")
    stack.workers.append(escalate)
    submitted = stack.client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                  files=address_document(), headers=stack.token("citizen"))
    case_id = submitted.json()["id"]
    stack.client.post(f"/v1/cases/{case_id}/route", json={"unit": "TSS"}, headers=stack.token("employee"))
    escalate.start()
    stack.wait_for(lambda: to_supervisor(smtp), "the supervisor's e-mail from the escalate worker")

    escalate.kill()
    escalate.start()
    stack.wait_for(lambda: escalate.output().count("escalator_active") == 2, "the escalate worker started again")
    clock_time.sleep(2)  # some ten scans of the worker started again: none may send it again
    [told] = to_supervisor(smtp)
    assert submitted.json()["number"] in told["Subject"]
