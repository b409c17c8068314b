"""The status view kept from the topic's batches: duplicates skipped, gaps filled from the store,
the same rows as the log follower writes; on SQLite and Postgres."""

from __future__ import annotations

from uuid import UUID

from eventlog.decoding import history
from projections.application_views import ApplicationViews
from tests.integration.test_notifications import command, submit_meter_installation


def test_a_batch_with_duplicates_and_a_gap_ends_with_the_same_rows_as_the_log_follower(client, token, services):
    first = submit_meter_installation(client, token)
    second = submit_meter_installation(client, token)
    command(client, token, first["id"], "route", {"unit": "BIN"})
    command(client, token, first["id"], "answer", {"outcome": "refused", "reason_code": "no_meter_in_stock"})
    events = {a["id"]: history(services.registry, UUID(a["id"])) for a in (first, second)}
    views = ApplicationViews(services.database, services.views.read_log, services.catalogue, table="view_from_topic",
                             due_dates=services.deadlines)
    views.create_tables()
    store = lambda application_id, after: history(services.registry, application_id, after)  # noqa: E731

    views.apply_from_topic([events[first["id"]][0], events[second["id"]][0], events[first["id"]][0]], store)
    views.apply_from_topic([events[first["id"]][2], events[second["id"]][0], events[first["id"]][1]], store)

    for application in (first, second):
        assert views.get(application["id"]) == services.views.get(application["id"])
