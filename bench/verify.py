"""How long the auditor's whole-store verify takes over 100,000 events, on Postgres.

    .venv/bin/python -m bench.verify [--events 100000] [--runs 3] [--database-url postgresql://…]

Creates a database of its own on 127.0.0.1:5432 (dropped at the end; --database-url uses an
existing empty one instead), fills it with hash-chained applications of five events each
(submitted, routed, an executor assigned, a note, refused), saved 200 applications per
transaction, lets the views catch up (verify compares with the versions they saw), then runs
`Auditor.verify_store()` --runs times and prints each run's seconds and events/s. For scale it
also times the bare read of the same log (no decoding, no hashing) and one application's verify.
Nothing here is a timed assertion.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

if __package__ in (None, ""):  # run as a file: python bench/verify.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from cases.application import Application, Outcome
from cases.reference import load_catalogue
from cases.subscribers import SeededSubscriberRegister
from gateway.bootstrap import Services, bootstrap
from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
from gateway.settings import Settings
from schemas.commands import SubmitMeterInstallationCommand
from schemas.context import Actor

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
EVENTS_PER_APPLICATION = 5
PER_TRANSACTION = 200
CITIZEN = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, "bench")
EMPLOYEE = Actor(subject="emp-1001", role="employee", name="Leyla Həsənova", unit="BIN", correlation_id="bench")
METER = SubmitMeterInstallationCommand(subscriber_code="1001234567", reason="new_meter", phone="+994 55 765 43 21",
                                       email="resad.aliyev@example.az", description="Yeni sayğac.")


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with database(args.database_url) as url, tempfile.TemporaryDirectory() as data_dir:
        services = bootstrap(Settings(_env_file=None, database_url=url, data_dir=Path(data_dir), db_pool_size=4))
        try:
            seed(services, args.events // EVENTS_PER_APPLICATION)
            report(services, args.runs)
        finally:
            services.close()
    return 0


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="an existing, empty Postgres database (default: one of its own)")
    return parser.parse_args(argv)


class database:
    """A Postgres database of the benchmark's own, dropped afterwards; or the one given."""

    def __init__(self, given: str | None):
        self.given, self.name = given, f"azersu_bench_verify_{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> str:
        if self.given:
            return self.given
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {self.name}")
        return SERVER.rsplit("/", 1)[0] + f"/{self.name}"

    def __exit__(self, *_) -> None:
        if not self.given:
            with psycopg.connect(SERVER, autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def seed(services: Services, applications: int) -> None:
    """Applications built by the aggregate itself (so hashed exactly as in production), saved in batches."""
    services.registry.followers.clear()  # no views or messages per batch: the views catch up once, at the end
    catalogue, subscriber = load_catalogue(), SeededSubscriberRegister().find(METER.subscriber_code)
    started = time.perf_counter()
    for first in range(0, applications, PER_TRANSACTION):
        batch = [worked(i, catalogue, subscriber) for i in range(first, min(first + PER_TRANSACTION, applications))]
        services.registry.save(*batch)
        print(f"\rseeding: {first + len(batch):,} applications", end="", file=sys.stderr)
    seeded = time.perf_counter() - started
    print(f"\rseeded {applications:,} applications, {applications * EVENTS_PER_APPLICATION:,} events in {seeded:.1f} s",
          file=sys.stderr)
    started = time.perf_counter()
    services.views.catch_up()
    print(f"views caught up in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def worked(i: int, catalogue, subscriber) -> Application:
    context = EMPLOYEE.recorded()
    application = Application.submit_meter_installation(
        id=uuid.uuid4(), number=f"SQ-2026-{i + 1:06d}", command=METER, subscriber=subscriber, catalogue=catalogue,
        intake={"applicant": CITIZEN.citizen.model_dump(), "fingerprint": "bench", "context": CITIZEN.recorded()})
    application.route("SQS", catalogue, context)
    application.assign_executors([{"id": "x-7", "name": "Elvin Quliyev"}], context)
    application.add_note("Sayğac anbarda yoxdur.", True, context)
    application.answer(Outcome.REFUSED, "no_meter_in_stock", catalogue, context)
    return application


def report(services: Services, runs: int) -> None:
    auditor = services.auditor
    print(f"machine: {cpu_count()} cores; Postgres at 127.0.0.1:5432")
    read_seconds, read_events = bare_read(services)
    print(f"bare read of the log (no decoding, no hashing): {read_events:,} events in {read_seconds:.2f} s "
          f"= {read_events / read_seconds:,.0f} events/s")
    rates = []
    for run in range(1, runs + 1):
        result = auditor.verify_store()
        assert result.ok, result.first_break
        rates.append(result.events / result.seconds)
        print(f"verify, whole store, run {run}: {result.events:,} events of {result.applications:,} applications "
              f"in {result.seconds:.2f} s = {rates[-1]:,.0f} events/s")
    print(f"verify, whole store: median {statistics.median(rates):,.0f} events/s")
    one = json.loads(services.views.of_applicant(CITIZEN.subject, 1, 1)[0][0])["id"]
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        auditor.verify(one)
        timings.append(time.perf_counter() - started)
    print(f"verify, one application of {EVENTS_PER_APPLICATION} events: median {statistics.median(timings) * 1000:.1f} ms")


def bare_read(services: Services) -> tuple[float, int]:
    recorder, after, count = services.registry.recorder, 0, 0
    started = time.perf_counter()
    while batch := recorder.select_notifications(after, 1000, inclusive_of_start=False):
        count += len(batch)
        after = batch[-1].id
    return time.perf_counter() - started, count


def cpu_count() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
