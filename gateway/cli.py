"""Command line: `python -m gateway.cli token --role citizen` prints a token for the embedded default."""

from __future__ import annotations

import argparse
import sys

from gateway.identity import DEVELOPMENT_IDENTITIES, development_private_key, issue_development_token
from gateway.settings import Settings


def print_token(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.environment == "production" or settings.jwt_public_keys:
        print("Tokens are printed only for the embedded default's development key.", file=sys.stderr)
        return 2
    overrides = {k: v for k, v in {"unit": args.unit, "sub": args.subject, "portal": args.portal}.items() if v}
    key = development_private_key(settings.dev_key_file)
    print(issue_development_token(key, settings.jwt_issuer, settings.jwt_audience, args.role, **overrides))
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from gateway.bootstrap import bootstrap
    from gateway.logs import configure_logging
    from gateway.workers import run_projector, run_relay, stop_on_signals

    settings = Settings()
    if not settings.uses_kafka:
        print("The relay and the projector need KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL; the embedded "
              "default follows the event store inside the service instead.", file=sys.stderr)
        return 2
    configure_logging()
    stop = stop_on_signals()
    services = bootstrap(settings)
    try:
        {"relay": run_relay, "project": run_projector}[args.worker](services, stop)
    finally:
        services.close()
    return 0


def rebuild_views(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from gateway.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        total = services.registry.recorder.max_notification_id() or 0
        with tqdm(total=total, unit="event", desc="Rebuilding the views", file=sys.stderr) as bar:
            replayed = services.views.rebuild(progress=lambda position: bar.update(position - bar.n))
        print(f"Rebuilt the views from {replayed} events and switched them in.")
    finally:
        services.close()
    return 0


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
                         ("project", "keep the status views from the Kafka topic")):
        commands.add_parser(worker, help=what).set_defaults(run=run_worker, worker=worker)
    commands.add_parser("rebuild-views", help="rebuild the views from the event store and switch them in") \
        .set_defaults(run=rebuild_views)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
