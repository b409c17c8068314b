"""What `/metrics` reads from the database when asked: one truth for the whole installation.

Each function gives gauges (gateway.metrics.Figure) from the tables that hold the facts, so a figure is
the same whichever process answers and survives that process's restart.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from eventlog.decoding import read_log
from gateway.adapters.relay_postgres import SqlRelayPosition
from gateway.bootstrap import NOTIFICATIONS, Services
from gateway.metrics import Figure
from projections.application_views import PROJECTION
from projections.follower import recorded_positions

# Whose lag follows the store itself (the embedded default's followers, and the relay with Kafka)
IN_PROCESS_FOLLOWERS = {PROJECTION: "views", NOTIFICATIONS: "notifications"}


def log_figures(services: Services) -> Iterable[Figure]:
    """The log's head, and how far behind it each follower of the store is, in events and in seconds."""
    head = services.registry.recorder.max_notification_id() or 0
    yield Figure("azersu_event_log_head_position", "Position of the newest event in the event store's log", (), [((), head)])
    behind = _followers(services)
    if not behind:
        return
    yield Figure("azersu_follower_lag_events", "Events recorded but not yet taken by a follower of the event store "
                 "(the relay with Kafka; the views and notices on the embedded default)", ("follower",),
                 [((name,), max(head - position, 0)) for name, position in behind.items()])
    yield Figure("azersu_follower_lag_seconds", "Age of the oldest event a follower has not taken yet (0 when none)",
                 ("follower",), [((name,), _age_of_next(services, position)) for name, position in behind.items()])


def _followers(services: Services) -> dict[str, int]:
    positions = {label: position for name, position in recorded_positions(services.database).items()
                 if (label := IN_PROCESS_FOLLOWERS.get(name)) and not services.settings.uses_kafka}
    if services.settings.uses_kafka:
        try:
            positions["relay"] = SqlRelayPosition(services.database).load()
        except Exception:  # noqa: BLE001 - no relay has run on this database yet: no relay figure
            pass
    return positions


def _age_of_next(services: Services, position: int) -> float:
    waiting = read_log(services.registry, position, 1)
    return max(time.time() - waiting[0].time.timestamp(), 0.0) if waiting else 0.0


def ledger_figures(services: Services) -> Iterable[Figure]:
    """The delivery ledger by channel and status, and the age of the oldest message still to send."""
    rows, now = services.notifier.ledger.figures(), time.time()
    yield Figure("azersu_deliveries", "Messages in the delivery ledger, by channel and status", ("channel", "status"),
                 [((channel, status), count) for channel, status, count, _ in rows])
    waiting: dict[str, float] = {}
    for channel, status, _, oldest in rows:
        if status in ("pending", "sending") and oldest is not None:
            waiting[channel] = max(waiting.get(channel, 0.0), now - oldest)
    yield Figure("azersu_deliveries_oldest_pending_age_seconds", "Age of the oldest message of a channel not sent yet",
                 ("channel",), [((channel,), max(age, 0.0)) for channel, age in waiting.items()])


def webhook_figures(services: Services) -> Iterable[Figure]:
    """The portals' endpoints by status: a suspended one is missing events until an operator resumes it."""
    statuses = Counter(endpoint.status for endpoint in services.webhooks.all())
    yield Figure("azersu_webhook_endpoints", "The portals' webhook endpoints, by status (active, suspended)", ("status",),
                 [((status,), statuses.get(status, 0)) for status in ("active", "suspended")])


def case_figures(services: Services) -> Iterable[Figure]:
    """Running cases past their due date (Baku's day), by the unit that has them."""
    yesterday = services.deadlines.today(services.registry.clock.now()) - timedelta(days=1)
    overdue = Counter(row["executing_unit"] or row["intake_unit"] for row in services.views.due_by(yesterday))
    yield Figure("azersu_cases_overdue", "Running cases past their due date, by the unit that has them (executing, "
                 "else intake)", ("unit",), [((unit,), count) for unit, count in sorted(overdue.items())])
