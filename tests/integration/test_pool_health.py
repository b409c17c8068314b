"""After the database comes back, the pools hold live connections again: the service's own and the event store's."""

from __future__ import annotations

import psycopg

from gateway.availability import refresh_pools


def test_refreshing_the_pools_leaves_every_store_answering(services):
    refresh_pools(services)

    assert services.database.fetch("SELECT 1 AS one") == [{"one": 1}]
    assert services.registry.recorder.max_notification_id() in (None, 0)


def test_connections_that_died_with_the_database_are_replaced(services, settings):
    if not settings.uses_postgres:
        return  # the embedded SQLite file has no connections to lose
    with psycopg.connect(settings.database_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")

    refresh_pools(services)

    assert services.database.fetch("SELECT 1 AS one") == [{"one": 1}]
    assert services.registry.recorder.max_notification_id() in (None, 0)
