"""Command line: `.venv/bin/python -m gateway.cli token --role citizen` prints a token for the embedded default."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from consumers.ledger import STATUSES
from gateway.identity import DEVELOPMENT_IDENTITIES, development_private_key, issue_development_token
from gateway.settings import Settings

if TYPE_CHECKING:
    from gateway.bootstrap import Services


def print_token(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.environment == "production" or settings.jwt_public_keys:
        print("Tokens are printed only for the embedded default's development key.", file=sys.stderr)
        return 2
    overrides = {k: v for k, v in {"unit": args.unit, "sub": args.subject, "portal": args.portal}.items() if v}
    key = development_private_key(settings.dev_key_file)
    print(issue_development_token(key, settings.jwt_issuer, settings.jwt_audience, args.role, **overrides))
    return 0


def data_in_use(settings: Settings, needs_files: bool) -> bool:
    """Names on stderr the data the command works on; False when the embedded default's folder is missing.

    Made afresh, that folder would hold an empty store and a new signing key: the command would answer for
    nothing, and its tokens would open nothing. Only the service (`make run`) and `make token`, which run in
    the checkout, create it."""
    if settings.uses_postgres and not needs_files:
        print(f"Database: {without_secrets(settings.postgres_url)}", file=sys.stderr)
        return True
    folder = settings.data_dir.absolute()
    if not folder.is_dir():
        print(f"No data folder at {folder}. Run this from the checkout, where `make run` keeps .data/, or set "
              "DATA_DIR to the service's data folder.", file=sys.stderr)
        return False
    print(f"Data folder: {folder}", file=sys.stderr)
    return True


def without_secrets(url: str) -> str:
    """The database's address with neither the password nor the query (libpq takes a password there too)."""
    parts = urlsplit(url)
    user = parts.username + "@" if parts.username else ""
    return urlunsplit((parts.scheme, user + parts.netloc.rpartition("@")[2], parts.path, "", ""))


@contextmanager
def wired_services(settings: Settings | None = None) -> Iterator[Services]:
    """The services for one command, closed when it ends."""
    from gateway.bootstrap import bootstrap

    services = bootstrap(settings or Settings())
    try:
        yield services
    finally:
        services.close()


def run_worker(args: argparse.Namespace) -> int:
    from gateway.logs import configure_logging
    from gateway.tracing import configure_tracing
    from gateway.workers import run_escalator, run_notifier, run_projector, run_relay, stop_on_signals

    settings = Settings()
    if not settings.uses_kafka:
        print("The relay, the projector and the notifier need KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL; the embedded "
              "default follows the event store inside the service instead.", file=sys.stderr)
        return 2
    configure_logging()
    configure_tracing(f"azersu-cases-{args.worker}")
    stop = stop_on_signals()
    with wired_services(settings) as services:
        gc.freeze()  # as the service does (gateway.app): start-up's objects out of every full collection's walk
        workers = {"relay": run_relay, "project": run_projector, "notify": run_notifier, "escalate": run_escalator}
        workers[args.worker](services, stop)
    return 0


def rebuild_views(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    with wired_services() as services:
        total = services.registry.recorder.max_notification_id() or 0
        with tqdm(total=total, unit="event", desc="Rebuilding the views", file=sys.stderr) as bar:
            replayed = services.views.rebuild(progress=lambda position: bar.update(position - bar.n))
        print(f"Rebuilt the views from {replayed} events and switched them in.")
    return 0


def list_deliveries(args: argparse.Namespace) -> int:
    with wired_services() as services:
        ledger = services.notifier.ledger
        deliveries, count = ledger.find(status=args.status, number=args.number, page_size=args.limit)
        for d in deliveries:
            print(f"{d.key}  {d.status:<7}  {d.number}  {d.event_type:<9}  attempts={d.attempts}  {d.last_error or ''}")
        print(f"{count} matching; by status: " + ", ".join(f"{s}={n}" for s, n in ledger.counts().items()))
    return 0


def retry_deliveries(args: argparse.Namespace) -> int:
    import time

    from consumers.ledger import LedgerError

    failed = 0
    with wired_services() as services:
        ledger = services.notifier.ledger
        keys = list(args.keys)
        if args.all_parked:
            keys += [d.key for d in ledger.find(status="parked", page_size=100_000)[0]]
        for key in keys:
            try:
                ledger.retry(key, time.time())
                print(f"{key}: due again")
            except LedgerError as error:
                print(f"{key}: {error.detail}", file=sys.stderr)
                failed += 1
    return 1 if failed else 0


def record_day_swap(args: argparse.Namespace) -> int:
    """Records a decree's day swap (who: --by, kept with the record), as POST /v1/calendar/day-swaps does."""
    from datetime import date

    from cases.errors import CaseError

    try:
        day = date.fromisoformat(args.day)
    except ValueError:
        print(f"--day takes an ISO date (2026-12-30), not {args.day!r}.", file=sys.stderr)
        return 2
    with wired_services() as services:
        try:
            swap = services.record_day_swap(day, args.working, args.decree, args.reason, args.by)
        except CaseError as error:
            print(error.detail, file=sys.stderr)
            return 1
    what = "a working day" if swap.working else "a rest day"
    print(f"{swap.day.isoformat()} is {what} from {swap.recorded_at.isoformat()} ({swap.decree}; recorded by {swap.recorded_by}).")
    return 0


def list_day_swaps(args: argparse.Namespace) -> int:
    from cases.calendar import in_force

    with wired_services() as services:
        swaps = services.calendar.swaps()
        current = in_force(swaps, None)
        for swap in swaps:
            if args.year is None or swap.day.year == args.year:
                state = "in force" if current[swap.day] is swap else "superseded"
                print(f"{swap.day.isoformat()}  {'working' if swap.working else 'rest':<7}  {state:<10}  {swap.decree}  "
                      f"({swap.reason}; {swap.recorded_by}, {swap.recorded_at.isoformat()})")
    return 0


def replay_events(args: argparse.Namespace) -> int:
    """Publishes every stored event again, oldest first, with the ce_id it had: where a new subscriber starts."""
    import time

    from tqdm import tqdm

    from eventlog.decoding import read_log
    from eventlog.relay import PublishError
    from gateway.adapters.relay_kafka import KafkaEventPublisher

    settings = Settings()
    servers, topic = args.bootstrap_servers or settings.kafka_bootstrap_servers, args.topic or settings.kafka_topic
    if not servers:
        print("Replay needs a Kafka broker: set KAFKA_BOOTSTRAP_SERVERS or pass --bootstrap-servers.", file=sys.stderr)
        return 2
    with wired_services(settings) as services:
        last = services.registry.recorder.max_notification_id() or 0  # what is recorded meanwhile, the relay sends
        publisher = KafkaEventPublisher(servers, topic)
        if args.from_position is not None:
            args.after = args.from_position - 1
        since = args.since
        bar = tqdm(total=max(0, last - args.after), unit="event", desc=f"Replaying onto {topic}", file=sys.stderr)
        started = time.monotonic()
        try:
            published = replay_log(lambda after: read_log(services.registry, after, args.batch), publisher, args.after,
                                   last, progress=lambda position: bar.update(position - args.after - bar.n),
                                   keep=(lambda event: event.time >= since) if since else None)
        except PublishError as error:
            print(f"The broker did not take every event ({error}); go on with --after {args.after + bar.n}.", file=sys.stderr)
            return 1
        finally:
            bar.close()
            publisher.close()
    seconds = time.monotonic() - started
    print(f"Published {published} events (log positions {args.after + 1} to {last}) to {topic} in {seconds:.1f} s, "
          f"{published / max(seconds, 1e-9):,.0f} events/s.")
    return 0


def replay_log(read, publisher, after: int, last: int, progress, keep=None) -> int:
    """Publishes the log's events after position `after` up to `last` (those `keep` keeps), in order, batch by
    batch; returns how many. Each batch is acknowledged by the broker before the next is read, so a failure
    loses no place."""
    published = 0
    while after < last:
        events = [event for event in read(after) if event.position <= last]
        if not events:
            break
        kept = [event for event in events if keep is None or keep(event)]
        if kept:
            publisher.publish(kept)
        published, after = published + len(kept), events[-1].position
        progress(after)
    return published


def show_migrations(args: argparse.Namespace) -> int:
    """Each schema migration, applied (when) or pending; exit status 1 while one is pending."""
    from gateway.bootstrap import migration_status

    waiting = 0
    for migration, applied_at in migration_status(Settings()):
        waiting += applied_at is None
        print(f"{migration.version:>4}  {applied_at or 'pending':<32}  {migration.name}")
    return 1 if waiting else 0


def apply_migrations(args: argparse.Namespace) -> int:
    """Applies the pending schema migrations (as start-up does unless MIGRATE_ON_START=false)."""
    from gateway.bootstrap import migration_status

    settings = Settings()
    before = {m.version for m, applied_at in migration_status(settings) if applied_at is None}
    with wired_services(settings.model_copy(update={"migrate_on_start": True})):
        pass
    print(f"applied {len(before)} migration(s){': ' + ', '.join(map(str, sorted(before))) if before else ''}")
    return 0


def webhooks_command(args: argparse.Namespace) -> int:
    """The operator's webhook endpoints, as over the API (POST /v1/webhooks…)."""
    import time

    from consumers.ledger import LedgerError

    with wired_services() as services:
        endpoints, now = services.webhooks, time.time()
        try:
            if args.action == "list":
                for e in endpoints.all():
                    print(f"{e.id}  {e.status:<9}  {e.name}  {e.url}  {','.join(e.event_types) or 'every event'}"
                          + (f"  failing: {e.last_error}" if e.last_error else ""))
            elif args.action == "register":
                created = endpoints.register(args.name, args.url, args.events.split(",") if args.events else [], now)
                print(f"{created.id}  secret (shown once, give it to the portal): {created.secrets[0].value}")
            elif args.action == "rotate-secret":
                rotated = endpoints.rotate_secret(args.id, args.overlap_seconds, now)
                print(f"{rotated.id}  new secret (shown once): {rotated.secrets[0].value}; the old one signs for "
                      f"{args.overlap_seconds:g} s more")
            elif args.action in ("suspend", "resume"):
                print(f"{args.id}  {getattr(endpoints, args.action)(args.id, now).status}")
            else:
                events = services.stored_events((args.from_position or 1) - 1, args.since)
                print(f"{endpoints.replay(args.id, services.notifier.ledger, events, now)} events due again for {args.id}")
        except LedgerError as error:
            print(error.detail, file=sys.stderr)
            return 1
    return 0


def moment(text: str):
    from datetime import datetime

    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give the moment with its offset, e.g. 2026-12-01T09:00:00+04:00")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gateway.cli", description=__doc__)
    commands = parser.add_subparsers(required=True)
    token = commands.add_parser("token", help="print a bearer token for a role (development key only)")
    token.add_argument("--role", choices=sorted(DEVELOPMENT_IDENTITIES), default="citizen")
    token.add_argument("--unit", help="an employee's unit code (default BIN)")
    token.add_argument("--subject", help="a citizen's FİN, or an employee's id")
    token.add_argument("--portal", choices=["e-gov", "azersu", "e-su"], help="a citizen's portal")
    token.set_defaults(run=print_token)
    for worker, what in (("relay", "publish the event log to Kafka (one active at a time, the others wait)"),
                         ("project", "keep the status views from the Kafka topic"),
                         ("notify", "send the e-mail and SMS messages of the events on the Kafka topic"),
                         ("escalate", "tell the units' supervisors of cases near or past their term (SUPERVISOR_EMAILS)")):
        commands.add_parser(worker, help=what).set_defaults(run=run_worker, worker=worker)
    commands.add_parser("rebuild-views", help="rebuild the views from the event store and switch them in") \
        .set_defaults(run=rebuild_views)
    deliveries = commands.add_parser("deliveries", help="list e-mail and SMS deliveries (newest first)")
    deliveries.add_argument("--status", choices=list(STATUSES))
    deliveries.add_argument("--number", help="one application's, by its number")
    deliveries.add_argument("--limit", type=int, default=50)
    deliveries.set_defaults(run=list_deliveries)
    retry = commands.add_parser("retry-delivery", help="send parked (or waiting) messages again, with fresh attempts")
    retry.add_argument("keys", nargs="*", metavar="KEY", help='a delivery key, as listed: "<event id>/<channel>"')
    retry.add_argument("--all-parked", action="store_true")
    retry.set_defaults(run=retry_deliveries)
    replay = commands.add_parser("replay", help="publish every stored event again, with the same ce_id values (docs/events.md)")
    replay.add_argument("--topic", help="the topic to publish to (default: KAFKA_TOPIC); a fresh one for a new subscriber")
    replay.add_argument("--bootstrap-servers", help="the broker (default: KAFKA_BOOTSTRAP_SERVERS)")
    replay.add_argument("--after", type=int, default=0, metavar="POSITION", help="go on after this log position")
    replay.add_argument("--from-position", type=int, metavar="POSITION", help="start at this log position (inclusive)")
    replay.add_argument("--since", type=moment, metavar="TIME", help="only events recorded at or after this moment (ISO 8601)")
    replay.add_argument("--batch", type=int, default=500, help="events per acknowledged batch")
    replay.set_defaults(run=replay_events)
    commands.add_parser("migrations", help="list the schema migrations, applied (when) or pending") \
        .set_defaults(run=show_migrations)
    commands.add_parser("migrate", help="apply the pending schema migrations").set_defaults(run=apply_migrations)
    swap = commands.add_parser("day-swap", help="record a day the Cabinet of Ministers made a working or a rest day")
    swap.add_argument("--day", required=True, help="the day, ISO (2026-12-30)")
    kind = swap.add_mutually_exclusive_group(required=True)
    kind.add_argument("--working", dest="working", action="store_true", help="made a working day")
    kind.add_argument("--rest", dest="working", action="store_false", help="made a rest day")
    swap.add_argument("--decree", required=True, help="the decree's reference (number and date)")
    swap.add_argument("--reason", required=True, help="what the decree moves, and why it is recorded")
    swap.add_argument("--by", required=True, help="who records it (kept with the record)")
    swap.set_defaults(run=record_day_swap)
    swaps = commands.add_parser("day-swaps", help="list the recorded day swaps, superseded ones included")
    swaps.add_argument("--year", type=int)
    swaps.set_defaults(run=list_day_swaps)
    webhooks = commands.add_parser("webhooks", help="the portals' webhook endpoints (docs/webhooks.md)")
    actions = webhooks.add_subparsers(required=True, dest="action")
    actions.add_parser("list", help="every endpoint, with its status")
    register = actions.add_parser("register", help="register an endpoint; prints its signing secret once")
    register.add_argument("name", help="whose endpoint, e.g. e-gov.az")
    register.add_argument("url", help="https:// in production")
    register.add_argument("--events", help="comma-separated event types (default: every event)")
    rotate = actions.add_parser("rotate-secret", help="a new signing secret; the old one signs too for a while")
    rotate.add_argument("id")
    rotate.add_argument("--overlap-seconds", type=float, default=86400.0)
    for action, what in (("suspend", "send it nothing until resumed"), ("resume", "send what it missed, in order")):
        actions.add_parser(action, help=what).add_argument("id")
    replay_to = actions.add_parser("replay", help="send the endpoint every event it wants again, from a position or a moment")
    replay_to.add_argument("id")
    start = replay_to.add_mutually_exclusive_group(required=True)
    start.add_argument("--from-position", type=int, metavar="POSITION")
    start.add_argument("--since", type=moment, metavar="TIME")
    webhooks.set_defaults(run=webhooks_command)
    from gateway.audit_cli import add_commands as add_audit_commands  # history, state, verify, export

    add_audit_commands(commands)
    args = parser.parse_args(argv)
    if not data_in_use(Settings(), needs_files=args.run is print_token):  # a token is signed with the folder's key
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
