"""A meter reason is checked against the subscriber register, cell by cell of one table
(cases.application.METER_REASON_RULES), and a house number is never zero."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cases.application import METER_REASON_RULES, Status
from cases.errors import AdditionalMeterNotConfirmedError, MeterReasonDoesNotFitError
from schemas.commands import SubmitTechnicalConditionsCommand
from tests.samples import TECHNICAL_CONDITIONS
from tests.unit.test_application_rules import (
    CATALOGUE,
    SUBSCRIBER_WITH_METER,
    SUBSCRIBER_WITHOUT_METER,
    meter_installation_command,
    submit_meter_installation,
)

WITHOUT, WITH = SUBSCRIBER_WITHOUT_METER, SUBSCRIBER_WITH_METER
CELLS = [  # (reason, subscriber, accepted)
    ("new_meter", WITHOUT, True), ("new_meter", WITH, False),
    ("additional_meter", WITHOUT, False), ("additional_meter", WITH, True),
    ("faulty_meter", WITHOUT, False), ("faulty_meter", WITH, True),
    ("verification_expired", WITHOUT, False), ("verification_expired", WITH, True),
    ("register_own_meter", WITHOUT, True), ("register_own_meter", WITH, True),
]


def apply_for(reason: str, subscriber, confirmed: bool = True):
    command = meter_installation_command(reason=reason, subscriber_code=subscriber.code, confirm_additional_meter=confirmed)
    return submit_meter_installation(command, subscriber)


@pytest.mark.parametrize(("reason", "subscriber", "accepted"), CELLS,
                         ids=[f"{r}-{'with' if s is WITH else 'without'}-meter" for r, s, _ in CELLS])
def test_each_meter_reason_is_accepted_only_for_the_subscribers_it_fits(reason, subscriber, accepted):
    if accepted:
        assert apply_for(reason, subscriber).status is Status.REGISTERED
        return
    with pytest.raises(MeterReasonDoesNotFitError) as refusal:
        apply_for(reason, subscriber)
    assert refusal.value.field == "reason" and subscriber.code in refusal.value.detail


def test_the_table_has_a_rule_for_every_reason_of_the_list_and_no_other():
    assert set(METER_REASON_RULES) == {r["code"] for r in CATALOGUE.items("meter_installation_reasons")}


def test_a_new_meter_for_a_subscriber_with_one_is_refused_even_when_an_additional_one_is_confirmed():
    with pytest.raises(MeterReasonDoesNotFitError) as refusal:
        apply_for("new_meter", WITH, confirmed=True)
    assert "additional_meter" in refusal.value.detail


@pytest.mark.parametrize("reason", ["faulty_meter", "verification_expired"])
def test_replacing_the_subscribers_meter_needs_no_confirmation_of_an_additional_one(reason):
    assert apply_for(reason, WITH, confirmed=False).status is Status.REGISTERED


@pytest.mark.parametrize("reason", ["additional_meter", "register_own_meter"])
def test_adding_a_meter_beside_an_active_one_still_needs_the_confirmation(reason):
    with pytest.raises(AdditionalMeterNotConfirmedError):
        apply_for(reason, WITH, confirmed=False)


@pytest.mark.parametrize("house_number", ["0", "00", "000000"])
def test_a_house_number_of_zeros_is_refused_with_a_clear_message(house_number):
    with pytest.raises(ValidationError) as refusal:
        SubmitTechnicalConditionsCommand(**(TECHNICAL_CONDITIONS | {"house_number": house_number}))
    [error] = refusal.value.errors()
    assert error["loc"] == ("house_number",) and "not zero" in error["msg"]


@pytest.mark.parametrize("house_number", ["1", "10", "007", "999999"])
def test_a_house_number_of_digits_not_all_zeros_is_accepted(house_number):
    command = SubmitTechnicalConditionsCommand(**(TECHNICAL_CONDITIONS | {"house_number": house_number}))
    assert command.house_number == house_number
