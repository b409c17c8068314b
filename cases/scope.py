"""Whose cases an employee sees: the one rule of a unit's scope, for the aggregate and for the views.

A case belongs to the unit that received it (intake) and, once routed, to the unit that executes it.
Supervisors and auditors see every unit's cases; everyone else of the back office only their unit's.
"""

from __future__ import annotations

from schemas.context import Actor

EVERY_UNIT_ROLES = frozenset({"supervisor", "auditor"})


def sees_every_unit(role: str) -> bool:
    return role in EVERY_UNIT_ROLES


def is_case_of_unit(unit: str | None, intake_unit: str | None, executing_unit: str | None) -> bool:
    # The executing unit is None until routing: "no unit" must never match it (nor an intake left unset).
    return unit is not None and unit in (intake_unit, executing_unit)


def may_see_case(actor: Actor, intake_unit: str | None, executing_unit: str | None) -> bool:
    """Whether the actor's scope reaches a case received by `intake_unit` and executed by `executing_unit`."""
    return sees_every_unit(actor.role) or is_case_of_unit(actor.unit, intake_unit, executing_unit)
