"""Fixtures of the security tests: callers of every role, and a portal forwarding a citizen."""

from __future__ import annotations

import pytest

from tests.conftest import signed_in_with

OTHER_FIN = "7XQ2M4P"
OTHER_UNIT = "SAB"


def callers(settings) -> dict[str, dict[str, str] | None]:
    """Every kind of caller the table distinguishes, plus the two who are admitted by role but out of scope."""
    token = signed_in_with(settings)
    owner = token("citizen")
    return {
        "anonymous": None,
        "citizen": owner,
        "citizen of another FİN": token("citizen", sub=OTHER_FIN, given_name="Aysel", family_name="Quliyeva"),
        "portal": token("portal") | {"X-Citizen-Token": owner["Authorization"].removeprefix("Bearer ")},
        "employee": token("employee"),
        "employee of another unit": token("employee", unit=OTHER_UNIT),
        "supervisor": token("supervisor"),
        "auditor": token("auditor"),
        "operator": token("operator"),
    }


ROLE_OF = {"anonymous": None, "citizen": "citizen", "citizen of another FİN": "citizen", "portal": "portal",
           "employee": "employee", "employee of another unit": "employee", "supervisor": "supervisor",
           "auditor": "auditor", "operator": "operator"}
OUT_OF_SCOPE = {"citizen of another FİN", "employee of another unit"}


@pytest.fixture
def portal_for(sqlite_settings):
    """portal_for(citizen_headers, portal="e-gov") -> a portal's headers forwarding that citizen's token."""
    token = signed_in_with(sqlite_settings)

    def make(citizen: dict[str, str], portal: str = "e-gov") -> dict[str, str]:
        return token("portal", portal=portal, sub=f"portal-{portal}") | {
            "X-Citizen-Token": citizen["Authorization"].removeprefix("Bearer ")}

    return make


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """How many requests the fuzz made, and how they were answered (see test_fuzz.py)."""
    summary = getattr(config, "fuzz_summary", None)
    if summary:
        terminalreporter.write_line(summary)
