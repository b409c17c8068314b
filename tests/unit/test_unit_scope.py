"""The scope of a unit (cases.scope): the one rule the aggregate and the back office's reads share."""

from __future__ import annotations

import pytest

from cases.scope import is_case_of_unit, may_see_case, sees_every_unit
from schemas.context import Actor


def test_a_case_belongs_to_the_unit_that_received_it_and_to_the_unit_that_executes_it():
    assert is_case_of_unit("BIN", "BIN", "TSS")
    assert is_case_of_unit("TSS", "BIN", "TSS")
    assert not is_case_of_unit("NSM", "BIN", "TSS")


def test_no_unit_never_matches_a_case_not_yet_routed():
    assert not is_case_of_unit(None, "BIN", None)
    assert not is_case_of_unit(None, None, None)


@pytest.mark.parametrize("role", ["supervisor", "auditor"])
def test_supervisors_and_auditors_see_every_units_cases(role):
    assert sees_every_unit(role)
    assert may_see_case(Actor(subject="s", role=role), "BIN", None)


@pytest.mark.parametrize("role", ["employee", "citizen", "operator"])
def test_other_roles_see_only_their_units_cases(role):
    assert not sees_every_unit(role)
    assert not may_see_case(Actor(subject="s", role=role), "BIN", None)
    assert may_see_case(Actor(subject="s", role=role, unit="BIN"), "BIN", None)
