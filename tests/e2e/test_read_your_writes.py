"""On the production shape (Kafka), one application's reads show what the caller has just written.

The projector is stopped first, so the views certainly lag behind the store instead of perhaps.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_kafka_path import kafka_stack  # noqa: F401 -- the fixture: Postgres, a broker, the workers
from tests.samples import METER_INSTALLATION

pytestmark = pytest.mark.postgres


def test_the_location_of_a_201_answers_the_new_application_at_once(kafka_stack):  # noqa: F811
    client, stack = kafka_stack
    stack.projector.stop()
    citizen = stack.token("citizen")
    created = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION, headers=citizen)
    followed = client.get(created.headers["Location"], headers=citizen)
    assert created.status_code == 201 and followed.status_code == 200, followed.text
    assert (followed.json()["number"], followed.json()["status"]) == (created.json()["number"], "registered")
    assert followed.headers["ETag"] == '"1"'
    assert stack.services.views.get(created.json()["id"]) is None  # the view indeed has not caught up
    someone_else = stack.token("citizen", sub="7XY0001")
    assert client.get(created.headers["Location"], headers=someone_else).status_code == 404


def test_an_employee_reads_back_their_own_command_and_goes_on_without_a_spurious_409(kafka_stack):  # noqa: F811
    client, stack = kafka_stack
    citizen, employee = stack.token("citizen"), stack.token("employee")
    application_id = client.post("/v1/applications/meter-installation", json=METER_INSTALLATION,
                                 headers=citizen).json()["id"]
    stack.wait_for(lambda: stack.services.views.get(application_id) is not None, "the view of the new application")
    stack.projector.stop()

    routed = client.post(f"/v1/cases/{application_id}/route", json={"unit": "SQS"}, headers=employee | {"If-Match": '"1"'})
    read = client.get(f"/v1/cases/{application_id}", headers=employee)
    assert (routed.status_code, routed.headers["ETag"]) == (200, '"2"')
    assert (read.headers["ETag"], read.json()["status"]) == ('"2"', "in_progress")
    note = client.post(f"/v1/cases/{application_id}/notes", json={"text": "Baxış keçirildi.", "visible_to_applicant": True},
                       headers=employee | {"If-Match": read.headers["ETag"]})
    assert note.status_code == 200, note.text
    seen_by_citizen = client.get(f"/v1/applications/{application_id}", headers=citizen)
    assert (seen_by_citizen.json()["status"], seen_by_citizen.headers["ETag"]) == ("in_progress", '"3"')
    assert stack.services.views.get(application_id).version == 1  # the view indeed lags
