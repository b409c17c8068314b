"""What the portal is told when a meter reason does not fit the subscriber register, or a house
number is zero: a 422 problem naming the field, and nothing recorded."""

from __future__ import annotations

import pytest

from tests.http.problems import assert_problem
from tests.samples import METER_INSTALLATION, SUBSCRIBER_WITH_METER, TECHNICAL_CONDITIONS, address_document

METER = "/v1/applications/meter-installation"
TECHNICAL = "/v1/applications/technical-conditions"


def none_listed(client, citizen) -> bool:
    return client.get("/v1/applications", headers=citizen).json()["count"] == 0


@pytest.mark.parametrize(("subscriber", "reason"), [(SUBSCRIBER_WITH_METER, "new_meter"),
                                                    (METER_INSTALLATION["subscriber_code"], "faulty_meter")])
def test_a_meter_reason_the_register_rules_out_is_refused_and_nothing_is_recorded(quick_client, quick_token, subscriber, reason):
    citizen = quick_token("citizen")
    response = quick_client.post(METER, headers=citizen, json=METER_INSTALLATION | {
        "subscriber_code": subscriber, "reason": reason, "confirm_additional_meter": True})
    body = assert_problem(response, 422, "meter-reason-does-not-fit")
    assert body["field"] == "reason" and subscriber in body["detail"]
    assert none_listed(quick_client, citizen)


@pytest.mark.parametrize("house_number", ["0", "000000"])
def test_a_house_number_of_zeros_is_refused_naming_the_field(quick_client, quick_token, house_number):
    citizen = quick_token("citizen")
    response = quick_client.post(TECHNICAL, data=TECHNICAL_CONDITIONS | {"house_number": house_number},
                                 files=address_document(), headers=citizen)
    body = assert_problem(response, 422, "invalid-request")
    assert body["errors"][0]["field"] == "house_number" and "not zero" in body["errors"][0]["message"]
    assert none_listed(quick_client, citizen)
