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
