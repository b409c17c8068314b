"""Replay rate: how many events per second `gateway.cli replay` publishes from the event store onto a topic.

    .venv/bin/python -m bench.replay [--rounds 600] [--runs 3] [--batch 500]

Fills a Postgres database of its own (created on 127.0.0.1:5432, dropped at the end) through the case
registry's use cases: each round is every life cycle of both kinds (4 applications, 17 events, hash-chained
as in production). Then it runs the replay command in this process, `--runs` times, each onto a fresh
topic of a tansu broker it starts (or of $KAFKA_BOOTSTRAP_SERVERS), and prints the rate of each run.
A run's time includes everything the command does: wiring, reading the log, publishing, waiting for
the broker's acknowledgement of every batch.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

from gateway.bootstrap import bootstrap
from gateway.cli import main as cli
from gateway.settings import Settings
from tests.kafka_broker import broker_from_environment, unique_name
from tests.life_cycles import every_life_cycle

SERVER_URL = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextlib.contextmanager
def scratch_database():
    name = f"azersu_bench_replay_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(SERVER_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield SERVER_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fill(settings: Settings, rounds: int) -> tuple[int, float]:
    """Records `rounds` × every life cycle; returns the number of events and the seconds it took."""
    started = time.perf_counter()
    services = bootstrap(settings)
    try:
        for _ in range(rounds):
            every_life_cycle(services.registry)
        return services.registry.recorder.max_notification_id() or 0, time.perf_counter() - started
    finally:
        services.close()


def replay_once(batch: int) -> tuple[str, float]:
    """One replay onto a fresh topic: the command's summary line and the seconds it took."""
    printed = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):  # no progress bar in the timing
        status = cli(["replay", "--topic", unique_name("bench-replay"), "--batch", str(batch)])
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the replay failed: {printed.getvalue()}")
    return printed.getvalue().strip(), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.replay", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=600, help="rounds of every life cycle (17 events each)")
    parser.add_argument("--runs", type=int, default=3, help="replays to time, each onto a fresh topic")
    parser.add_argument("--batch", type=int, default=500, help="events per acknowledged batch (the command's default)")
    args = parser.parse_args(argv)
    with scratch_database() as url, broker_from_environment() as broker, tempfile.TemporaryDirectory() as data_dir:
        os.environ.update(DATABASE_URL=url, KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers, DATA_DIR=data_dir,
                          KAFKA_TOPIC=unique_name("bench-live"))
        events, seconds = fill(Settings(_env_file=None, data_dir=Path(data_dir)), args.rounds)
        print(f"Recorded {events} events through the use cases in {seconds:.1f} s ({events / seconds:,.0f} events/s).")
        rates = []
        for run in range(1, args.runs + 1):
            summary, seconds = replay_once(args.batch)
            rates.append(events / seconds)
            print(f"run {run}: {events} events in {seconds:.2f} s = {rates[-1]:,.0f} events/s   ({summary})")
        print(f"Replay rate, batch {args.batch}: median {statistics.median(rates):,.0f} events/s "
              f"(min {min(rates):,.0f}, max {max(rates):,.0f}) over {args.runs} runs, broker {broker!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
