"""Views written by an older release (without the status page's pre-rendered JSON) are rebuilt
from the event store when the service starts, so the citizen's list keeps working."""

from __future__ import annotations

import json

from gateway.bootstrap import bootstrap
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from schemas.commands import SubmitMeterInstallationCommand
from tests.samples import METER_INSTALLATION

CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, None)


def test_views_of_an_older_shape_are_rebuilt_at_start_up(settings, clock):
    services = bootstrap(settings, clock=clock)
    number = services.registry.submit_meter_installation(SubmitMeterInstallationCommand(**METER_INSTALLATION), CITIZEN) \
        .application.number
    with services.database.transaction() as cursor:
        # as an older release left it: no pre-rendered column, and no record of migrations (gateway.migrations)
        cursor.execute("ALTER TABLE application_view DROP COLUMN public")
        cursor.execute("DROP TABLE schema_migrations")
    services.close()

    restarted = bootstrap(settings, clock=clock)
    try:
        rows, count = restarted.views.of_applicant(CITIZEN.subject, 1, 10)
        assert count == 1 and json.loads(rows[0])["number"] == number
    finally:
        restarted.close()


def test_views_from_before_due_dates_are_rebuilt_with_them_at_start_up(settings, clock):
    services = bootstrap(settings, clock=clock)
    submitted = services.registry.submit_meter_installation(SubmitMeterInstallationCommand(**METER_INSTALLATION), CITIZEN)
    expected = services.case_view(submitted.application.id).due_on
    with services.database.transaction() as cursor:
        # as the release before due dates left it: no such column, and no record of migrations (gateway.migrations)
        cursor.execute("DROP INDEX application_view_by_due")
        cursor.execute("ALTER TABLE application_view DROP COLUMN due_on")
        cursor.execute("DROP TABLE schema_migrations")
    services.close()

    restarted = bootstrap(settings, clock=clock)
    try:
        rows, _ = restarted.views.of_applicant(CITIZEN.subject, 1, 10)
        assert expected is not None and json.loads(rows[0])["expected_completion_on"] == expected.isoformat()
        [case], _ = restarted.views.of_unit(None, 1, 10)
        assert case.due_on == expected
    finally:
        restarted.close()
