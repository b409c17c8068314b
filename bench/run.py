"""`make bench`: every measurement of the service against its baselines, side by side in one run, into bench/results.md and .json.

    .venv/bin/python -m bench.run            # the full run (~8 minutes on 2 cores)
    BENCH_QUICK=1 .venv/bin/python -m bench.run   # small sizes, short runs: a check that it all works
                                                  # (written to results-quick.md and .json instead)
    BENCH_ONLY=rebuild,lag .venv/bin/python -m bench.run   # only these phases (to results-partial.*)

Sizes and durations come from the environment (see Config). The run starts its own Postgres
database, a tansu broker, the servers under uvicorn, and the Kafka workers; it stops them all and
drops the database at the end. Never part of `make test`: nothing here asserts a time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, fields
from pathlib import Path

import psycopg

from bench import report
from bench.dataset import HistoryFactory, ViewFactory, copy_events, make_pdf
from bench.lag import SteadyLoad, TimedSmsGateway, TopicWatcher, ViewListener, lags_ms, ledger_times, percentile, wait_for
from bench.load import LoadGenerator, Measurement, Target, ensure_wrk
from bench.stack import BenchDatabase, OthersLoad, Process, Server, worker

HERE = Path(__file__).resolve().parent
PACED = "{}, paced (moderate load)"
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Config:
    """Every size and duration, from BENCH_<NAME> variables; BENCH_QUICK=1 picks the small defaults."""

    workers: int = 2  # uvicorn worker processes, for every server alike
    connections: int = 32  # wrk's open connections
    paced_connections: int = 8  # for latency under a moderate load: so many connections ...
    pause_ms: int = 40  # ... each pausing so long before each request (about 150-200 requests/s in all)
    threads: int = 2  # wrk's threads
    warmup: float = 5  # seconds of load before each measurement, thrown away
    duration: float = 15  # seconds measured
    pool_size: int = 10  # database connections per server process (ours and the CRUD app's)
    small_events: int = 10_000  # events stored for the "few events" submission figure
    events: int = 1_000_000  # events stored for the rebuild and the "many events" figure (~events/10 applications)
    lag_rate: float = 100  # submissions per second for the Kafka lag
    lag_seconds: float = 30
    lag_warmup: float = 5
    rebuild_cap: float = 300  # seconds; a slower rebuild is stopped and its rate extrapolated
    audit_events: int = 50
    audit_seconds: float = 10
    only: str = ""  # comma-separated phases to measure (baselines, submissions, reads, rebuild, lag, audit); all if empty

    @classmethod
    def from_environment(cls) -> Config:
        quick = os.environ.get("BENCH_QUICK") == "1"
        defaults = cls(warmup=2, duration=5, small_events=5_000, events=100_000, lag_seconds=10, lag_warmup=3,
                       rebuild_cap=60, audit_seconds=3) if quick else cls()
        for f in fields(cls):
            value = os.environ.get(f"BENCH_{f.name.upper()}")
            if value is not None:
                kind = type(getattr(defaults, f.name))
                setattr(defaults, f.name, value if kind is str else kind(float(value)))
        return defaults


def main() -> int:
    # Stopped by a signal, the run still stops its servers and drops its database (a background job
    # of a shell starts with SIGINT ignored, so both are set here).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    config = Config.from_environment()
    log(f"config: {config}")
    tool = ensure_wrk(log)
    results: list[Measurement] = []
    facts: dict = {"config": config.__dict__, "tool": tool}
    with BenchDatabase() as database, tempfile.TemporaryDirectory(prefix="bench-") as folder:
        bench = Bench(config, database.url, Path(folder), tool, results, facts)
        try:
            bench.run()
        except BaseException:
            bench.print_logs()
            raise
        finally:
            bench.close()
    facts["total_seconds"] = time.monotonic() - STARTED
    facts["load_average_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    # A quick or partial run's figures must not replace the full run's report.
    stem = "results-partial" if config.only else "results-quick" if os.environ.get("BENCH_QUICK") == "1" else "results"
    report.write(results, facts, HERE / f"{stem}.md", HERE / f"{stem}.json")
    log(f"wrote {HERE / stem}.md and {stem}.json in {facts['total_seconds']:.0f} s")
    return 0


class Bench:
    def __init__(self, config: Config, url: str, folder: Path, tool: str, results: list[Measurement], facts: dict):
        from tests.kafka_broker import Broker

        self.config, self.url, self.folder, self.results, self.facts = config, url, folder, results, facts
        self.others = lambda finished_children="load generator": OthersLoad(url, finished_children)
        self.load = LoadGenerator(tool, config.connections, config.threads, config.warmup, config.duration, log, self.others)
        self.broker = Broker()
        self.env = os.environ | {
            "DATABASE_URL": url, "DATA_DIR": str(folder / "data"), "KAFKA_BOOTSTRAP_SERVERS": self.broker.bootstrap_servers,
            "DB_POOL_SIZE": str(config.pool_size), "ENVIRONMENT": "development", "PYTHONPATH": str(HERE.parent),
            # The rate limits protect the portals from one another; here one harness is every portal.
            "RATE_LIMIT_SUBMISSIONS_PER_PORTAL": "1000000000", "RATE_LIMIT_SUBMISSIONS_PER_CITIZEN": "1000000000",
            "RATE_LIMIT_LOOKUPS_PER_CITIZEN": "1000000000", "MAX_OPEN_APPLICATIONS_PER_KIND": "1000000000",
            "MAX_DOCUMENT_BYTES_PER_CITIZEN_DAY": str(2**50),
        }
        os.environ.update({k: self.env[k] for k in ("DATABASE_URL", "DATA_DIR", "KAFKA_BOOTSTRAP_SERVERS")})
        from gateway.bootstrap import bootstrap
        from gateway.settings import Settings

        self.settings = Settings(_env_file=None, data_dir=folder / "data", database_url=url,
                                 kafka_bootstrap_servers=self.broker.bootstrap_servers, db_pool_size=4)
        self.services = bootstrap(self.settings)  # creates the tables and the development key the servers share
        self.history = HistoryFactory(self.services.catalogue, self.services.registry.mapper.transcoder,
                                      max(1, config.events // 10), dt.date.today().year)
        self.views = ViewFactory(self.history, self.services.registry.mapper, self.services.views.projector)
        self.meter_body = json.dumps({"subscriber_code": "1001234567", "reason": "new_meter", "phone": "+994 55 765 43 21",
                                      "email": "resad.aliyev@example.az",
                                      "description": "Həyətdə yeni sayğac quraşdırılması xahiş olunur."}).encode()
        self.pdf = make_pdf(200 * 1024)
        self.boundary = "bench" + uuid.uuid4().hex
        self.multipart = technical_conditions_form(self.boundary, self.pdf)
        self.submitters = [self.bearer("citizen", sub=f"S{n:06d}") for n in range(50)]
        self.applications = 0  # synthetic applications stored so far

    def bearer(self, role: str, **claims) -> str:
        from gateway.identity import development_private_key, issue_development_token

        key = development_private_key(self.settings.dev_key_file)
        return "Bearer " + issue_development_token(key, self.settings.jwt_issuer, self.settings.jwt_audience, role, **claims)

    def close(self) -> None:
        self.services.close()
        self.broker.close()

    def print_logs(self) -> None:
        """The end of every log this run wrote (servers, workers), for a run that failed."""
        for path in sorted(self.folder.glob("*.log")):
            text = path.read_text(errors="replace").splitlines()
            print(f"--- {path.name} (last 25 of {len(text)} lines) ---", *text[-25:], sep="\n", file=sys.stderr)

    # --- the run --------------------------------------------------------------------------

    def run(self) -> None:
        self.facts["machine"] = machine(self.url)
        self.facts["code"] = code_state()
        self.facts["load_average_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
        self.facts["pdf_bytes"] = len(self.pdf)
        if self.wants("baselines"):
            self.baselines()
        self.store_history(self.config.small_events)
        self.facts["events_small"] = self.stored_events()
        if self.wants("submissions"):
            self.submissions("at_small", baseline="CRUD baseline (one INSERT)")
        self.store_history(self.config.events - self.config.small_events)
        self.facts["audit_application"] = str(self.application_with_events(self.config.audit_events))
        self.facts["events_large"] = self.stored_events()
        self.facts["applications_in_views"] = self.count("application_view")
        if self.wants("reads"):
            self.reads_and_growth()
        for phase in (self.rebuild, self.lag, self.audit):
            if self.wants(phase.__name__):
                phase()

    def wants(self, phase: str) -> bool:
        return not self.config.only or phase in self.config.only.split(",")

    def baselines(self) -> None:
        log("1-2. baselines: bare echo, CRUD insert")
        with self.server("echo", "bench.baselines:echo_app") as echo:
            self.measure("bare echo (JSON body)", echo.url, [Target("POST", "/echo")], self.meter_body, "application/json")
            self.measure(PACED.format("bare echo (JSON body)"), echo.url, [Target("POST", "/echo")], self.meter_body,
                         "application/json", connections=self.config.paced_connections, pause_ms=self.config.pause_ms)
        with self.server("echo-plain-uvicorn", "bench.baselines:echo_app", plain_uvicorn=True) as echo:
            self.measure("bare echo (JSON body) under the plain `uvicorn --workers` command", echo.url,
                         [Target("POST", "/echo")], self.meter_body, "application/json", baseline="bare echo (JSON body)",
                         note="informational: without TCP_NODELAY (uvicorn issue #3149), each keep-alive request waits "
                              "for the client's delayed ACK")
            self.measure("bare echo (multipart 200 KB)", echo.url, [Target("POST", "/echo")], self.multipart,
                         f"multipart/form-data; boundary={self.boundary}")
        with self.server("crud", "bench.baselines:crud_app") as crud:
            self.preflight(crud.url, "/meter-installation", self.meter_body, "application/json", "")
            self.measure("CRUD baseline (one INSERT)", crud.url, [Target("POST", "/meter-installation")], self.meter_body,
                         "application/json", baseline="bare echo (JSON body)")
        with self.server("crud-auth", "bench.baselines:crud_app", BENCH_CRUD_AUTH="1") as crud:
            targets = [Target("POST", "/meter-installation", t) for t in self.submitters]
            self.measure("CRUD baseline + the same JWT check", crud.url, targets, self.meter_body, "application/json",
                         baseline="CRUD baseline (one INSERT)", note="informational: what the bearer-token check costs")

    def submissions(self, stage: str, baseline: str) -> None:
        events = self.stored_events()
        log(f"3. submissions with {events:,} events stored")
        with self.server(f"service-{stage}", "gateway.main:app") as service:
            self.preflight(service.url, "/v1/applications/meter-installation", self.meter_body, "application/json",
                           self.submitters[0])
            meter = [Target("POST", "/v1/applications/meter-installation", t) for t in self.submitters]
            name = f"meter-installation submission (JSON), {events:,} events stored"
            self.measure(name, service.url, meter, self.meter_body, "application/json", baseline=baseline)
            self.facts[f"meter_{stage}"] = name
            if stage == "at_small":
                content_type = f"multipart/form-data; boundary={self.boundary}"
                self.preflight(service.url, "/v1/applications/technical-conditions", self.multipart, content_type,
                               self.submitters[0])
                self.measure("technical-conditions submission (multipart, 200 KB PDF)", service.url,
                             [Target("POST", "/v1/applications/technical-conditions", t) for t in self.submitters],
                             self.multipart, content_type, baseline="bare echo (multipart 200 KB)")

    def reads_and_growth(self) -> None:
        import random

        rng = random.Random(5)
        indexes = rng.sample(range(self.applications), min(500, self.applications))
        citizens = {self.history.citizen_of(i).fin: self.history.citizen_of(i) for i in indexes}
        tokens = {fin: self.bearer("citizen", sub=fin, given_name=c.first_name, family_name=c.surname)
                  for fin, c in citizens.items()}
        lists = [Target("GET", "/v1/applications", tokens[fin]) for fin in list(tokens)[:200]]
        details = [Target("GET", f"/v1/applications/{self.history.application_id(i)}",
                          tokens[self.history.citizen_of(i).fin]) for i in indexes[:200]]
        apps = self.facts["applications_in_views"]
        log(f"4. status list and detail with {apps:,} applications in the views")
        with self.server("service-reads", "gateway.main:app") as service:
            self.preflight(service.url, details[0].path, None, "", details[0].authorization)
            for name, targets in ((f"citizen status list ({apps:,} applications in the views)", lists),
                                  (f"one application's detail ({apps:,} applications in the views)", details)):
                self.measure(name, service.url, targets, baseline="bare echo (JSON body)")
                self.measure(PACED.format(name), service.url, targets, baseline=PACED.format("bare echo (JSON body)"),
                             connections=self.config.paced_connections, pause_ms=self.config.pause_ms)
        self.submissions("at_large", baseline=self.facts.get("meter_at_small", ""))

    def rebuild(self) -> None:
        total = self.stored_events()
        log(f"6. raw read of {total:,} events, then the views' rebuild")
        self.results.append(raw_read(self.url, total))
        self.results.extend(decode_and_project_sample(self.services, min(total, 100_000)))
        cli = Process("rebuild-views", [sys.executable, "-m", "gateway.cli", "rebuild-views"], self.env, self.folder)
        started = time.monotonic()
        position, capped = 0, False
        with self.others(finished_children="service") as others:
            cli.start()
            while cli.alive():
                time.sleep(0.5)
                position = self.rebuild_position() or position
                if time.monotonic() - started > self.config.rebuild_cap:
                    capped = True
                    cli.stop()
                    break
        elapsed = time.monotonic() - started
        replayed = total if not capped else position
        if not capped and cli.process.returncode != 0:
            raise RuntimeError(f"rebuild-views failed:\n{cli.tail()}")
        rate = replayed / elapsed if elapsed else 0
        note = (f"{replayed:,} of {total:,} events in {elapsed:.0f} s (the CLI command, start-up included)" if not capped else
                f"stopped after {elapsed:.0f} s at {replayed:,} of {total:,} events; at that rate all would take "
                f"{total / rate:.0f} s" if rate else "stopped before its first batch")
        extra = {"seconds": elapsed, "capped": capped, "events": total, "projected_seconds": total / rate if rate else None,
                 "others_cpu": others.share, "cpu": others.shares}
        self.results.append(Measurement(f"rebuild the views from {total:,} events", rate, None, None, None,
                                        baseline="raw read of the events table", requests=replayed,
                                        tool="gateway.cli rebuild-views", note=note, extra=extra))
        log(f"  rebuild: {rate:,.0f} events/s; {note}")

    def lag(self) -> None:
        c = self.config
        log(f"5. lag through Kafka at {c.lag_rate:g} submissions/s for {c.lag_seconds:g} s")
        from gateway.adapters.relay_postgres import SqlRelayPosition
        from tests.channels import SmtpCollector

        # The relay starts at the end of the log: the synthetic history is not this measurement's traffic.
        position = SqlRelayPosition(self.services.database)
        position.create_tables()
        position.save(self.services.registry.recorder.max_notification_id() or 0)
        topic = TopicWatcher(self.broker.bootstrap_servers, self.settings.kafka_topic)
        with SmtpCollector() as smtp, TimedSmsGateway() as sms, ViewListener(self.url) as views, topic:
            # Each process has two pools (the views' and the event store's): 6 connections each for the
            # workers keeps the run (and whatever else uses this Postgres) under its max_connections.
            env = self.env | {"SMTP_HOST": smtp.host, "SMTP_PORT": str(smtp.port), "SMTP_STARTTLS": "false",
                              "SMS_GATEWAY_URL": sms.url, "DB_POOL_SIZE": "6"}
            workers = [worker(name, env, self.folder) for name in ("relay", "project", "notify")]
            with self.server("service-lag", "gateway.main:app") as service:
                try:
                    for w in workers:  # one after the other: started together, their start-up DDL can collide
                        start_worker(w)
                    self.until_the_path_flows(service.url, {"view": views.arrivals, "SMS gateway": sms.arrivals,
                                                            "topic": topic.arrivals}, workers)
                    load = SteadyLoad(service.url, self.meter_body, self.submitters, c.lag_rate, c.lag_warmup + c.lag_seconds)
                    with self.others() as others:
                        submissions = load.run()
                    measured = [s for s in submissions if s.scheduled >= submissions[0].scheduled + c.lag_warmup]
                    ids = [s.application_id for s in measured if s.application_id]
                    wait_for(views.arrivals, ids, 30)
                    wait_for(sms.arrivals, ids, 30)
                    ledger = ledger_times(self.url, ids)
                finally:
                    for w in workers:
                        w.stop()
        refused = sum(1 for s in measured if s.status != 201)
        span = measured[-1].scheduled - measured[0].scheduled if len(measured) > 1 else 1
        answers = [(s.accepted - s.scheduled) * 1000 for s in measured if s.accepted]
        self.results.append(Measurement(
            f"submission answer at a steady {c.lag_rate:g}/s (Kafka workers running)", len(measured) / span,
            percentile(answers, 50), percentile(answers, 95), percentile(answers, 99), requests=len(measured),
            errors=refused, tool="open-loop Python client", note="informational: the submissions whose lag is below",
            extra={"others_cpu": others.share, "cpu": others.shares}))
        stages = (("on the Kafka topic (relay)", topic.arrivals, None, False),
                  ("status view", views.arrivals, 200, False),
                  ("SMS taken in by the notifier (ledger row)", {k: v["recorded"] for k, v in ledger.items()}, None, True),
                  ("SMS handed to the gateway", sms.arrivals, 500, False))
        for name, arrivals, target, wall in stages:
            lags, missing = lags_ms(measured, arrivals, wall)
            arrived = sorted(arrivals[s.application_id] for s in measured if arrivals.get(s.application_id) is not None)
            pace = (len(arrived) - 1) / (arrived[-1] - arrived[0]) if len(arrived) > 1 and arrived[-1] > arrived[0] else 0
            note = (f"target p99 < {target} ms" if target else "informational: where the lag goes") + \
                f"; {missing} never arrived within 30 s; arrivals paced {pace:.0f}/s"
            self.results.append(Measurement(
                f"submission → {name}, at {c.lag_rate:g}/s", len(measured) / span,
                percentile(lags, 50), percentile(lags, 95), percentile(lags, 99), requests=len(lags), errors=missing + refused,
                tool="open-loop Python client", note=note,
                extra={"max_ms": max(lags) if lags else None, "arrival_pace": pace, "others_cpu": others.share,
                       "cpu": others.shares}))
            log(f"  → {name}: p50 {percentile(lags, 50)} ms, p99 {percentile(lags, 99)} ms, missing {missing}, pace {pace:.0f}/s")

    def until_the_path_flows(self, url: str, arrivals: dict[str, dict[str, float]], workers: list[Process]) -> None:
        """Submits one application every half second until one has reached the topic watcher, the view and
        the SMS gateway: the relay is publishing and every consumer group has joined."""
        import httpx

        deadline = time.monotonic() + 120
        with httpx.Client(base_url=url, timeout=10) as client:
            while time.monotonic() < deadline:
                answer = client.post("/v1/applications/meter-installation", content=self.meter_body,
                                     headers={"Content-Type": "application/json", "Authorization": self.submitters[0]})
                app_id = answer.json()["id"]
                for _ in range(5):
                    if all(app_id in seen for seen in arrivals.values()):
                        return
                    time.sleep(0.1)
        missing = [name for name, seen in arrivals.items() if app_id not in seen]
        tails = "\n".join(f"--- {w.name} (alive: {w.alive()}) ---\n{w.tail(15)}" for w in workers)
        raise RuntimeError(f"the Kafka path did not deliver a submission within 120 s; missing at: {missing}\n{tails}")

    def audit(self) -> None:
        from bench.audit import measure_audit

        self.results.extend(measure_audit(self, uuid.UUID(self.facts["audit_application"])))

    # --- helpers ----------------------------------------------------------------------------

    def server(self, name: str, app: str, plain_uvicorn: bool = False, **env) -> Server:
        self.current_server = Server(name, app, self.config.workers, self.env | env, self.folder, plain_uvicorn)
        return self.current_server

    def measure(self, name: str, url: str, targets: list[Target], body: bytes | None = None, content_type: str = "",
                baseline: str | None = None, note: str = "", **pacing) -> Measurement:
        measurement = self.load.measure(name, url, targets, body, content_type, baseline, note, **pacing)
        if measurement.errors:
            refusals = refusals_in(self.current_server.log_path)
            measurement.extra["refusals_logged_by_server"] = refusals
            measurement.note = (measurement.note + "; " if measurement.note else "") + \
                "answers ≥ 400 in the server's log so far: " + (", ".join(f"{k}×{v}" for k, v in refusals.items()) or "none")
        self.results.append(measurement)
        return measurement

    def preflight(self, url: str, path: str, body: bytes | None, content_type: str, authorization: str) -> None:
        """One request before the load: a refusal would otherwise be measured as if it were the work."""
        import httpx

        headers = {"Authorization": authorization} if authorization else {}
        if body is not None:
            answer = httpx.post(url + path, content=body, headers=headers | {"Content-Type": content_type}, timeout=30)
        else:
            answer = httpx.get(url + path, headers=headers, timeout=30)
        if answer.status_code not in (200, 201):
            raise RuntimeError(f"{path} answered {answer.status_code}: {answer.text[:1000]}")

    def store_history(self, events: int) -> None:
        count = max(0, events // 10)
        first, self.applications = self.applications, self.applications + count
        started = time.monotonic()
        written = copy_events(self.url, self.history.stream(first, count))
        self.views.check(list(range(first, min(first + 20, first + count))))
        self.views.store(self.services.views, first, count)
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("ANALYZE application_view")
        log(f"  stored {written:,} events of {count:,} applications, and their view rows, in {time.monotonic() - started:.0f} s")

    def application_with_events(self, events: int) -> uuid.UUID:
        """An application with `events` events, made by the registry's own commands."""
        from cases.documents import Upload
        from gateway.identity import DEVELOPMENT_IDENTITIES, actor_from_claims
        from schemas.commands import (
            AddNoteCommand,
            AnswerCommand,
            AssignExecutorsCommand,
            ExecutorInput,
            MeterActInput,
            RecordExecutionCommand,
            RouteCommand,
            SubmitMeterInstallationCommand,
        )

        registry = self.services.registry
        citizen = actor_from_claims(DEVELOPMENT_IDENTITIES["citizen"] | {"role": "citizen"}, "bench-audit")
        application = registry.submit_meter_installation(SubmitMeterInstallationCommand(**json.loads(self.meter_body)),
                                                         citizen).application
        intake = actor_from_claims({"sub": "emp-1", "name": "Leyla", "unit": application.intake_unit, "role": "employee"}, "a")
        executor = actor_from_claims({"sub": "emp-2", "name": "Vüqar", "unit": "SQS", "role": "employee"}, "a")
        registry.route(application.id, RouteCommand(unit="SQS"), intake)
        registry.assign_executors(application.id, AssignExecutorsCommand(executors=[ExecutorInput(id="exe-1", name="Vüqar")]), executor)
        for n in range(events - 5):
            registry.add_note(application.id, AddNoteCommand(text=f"Qeyd {n + 1}", visible_to_applicant=n % 2 == 0), executor)
        act = MeterActInput(kind="installation", meter_serial="AZ-1", initial_reading=0, seal_number="S-1")
        registry.record_execution(application.id, RecordExecutionCommand(act=act),
                                  Upload("result", "netice.pdf", make_pdf(30_000)), executor)
        answered = registry.answer(application.id, AnswerCommand(outcome="fulfilled"), executor)
        assert answered.version == events, answered.version
        return application.id

    def stored_events(self) -> int:
        return self.services.registry.recorder.max_notification_id() or 0

    def count(self, table: str) -> int:
        with psycopg.connect(self.url) as connection:
            return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def rebuild_position(self) -> int | None:
        try:
            with psycopg.connect(self.url, autocommit=True) as connection:
                row = connection.execute("SELECT max(position) FROM projection_position WHERE name LIKE %s",
                                         ("%rebuild%",)).fetchone()
                return row[0]
        except psycopg.Error:
            return None


def refusals_in(log_path: Path) -> dict[str, int]:
    """How many answers of each status ≥ 400 the service logged (its request log has the status)."""
    counts: dict[str, int] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        if line.startswith("{") and '"status": ' in line:
            status = line.split('"status": ', 1)[1][:3]
            if status.isdigit() and int(status) >= 400:
                counts[status] = counts.get(status, 0) + 1
    return counts


def start_worker(process: Process, timeout: float = 60) -> None:
    """Starts a worker and waits until it says it is active (its start-up, tables included, is done)."""
    process.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "_active" in process.tail(50):
            return
        if not process.alive():
            raise RuntimeError(f"the {process.name} worker exited at start-up:\n{process.tail(20)}")
        time.sleep(0.1)
    raise RuntimeError(f"the {process.name} worker did not become active within {timeout:g} s:\n{process.tail(20)}")


def technical_conditions_form(boundary: str, pdf: bytes) -> bytes:
    fields_ = {"purpose": "individual_house", "district": "BIN", "place": "Biləcəri qəsəbəsi", "house_number": "12",
               "house_number_part": "A", "phone": "050 123 45 67", "email": "resad.aliyev@example.az", "confirmed": "true"}
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields_.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="address_document"; filename="cixaris.pdf"\r\n'
                 f"Content-Type: application/pdf\r\n\r\n".encode() + pdf + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def raw_read(url: str, total: int, page: int = 1000) -> Measurement:
    """The baseline of the rebuild: every row of the events table, in log order, bytes only."""
    started = time.monotonic()
    read, last = 0, 0
    with psycopg.connect(url) as connection:
        while rows := connection.execute(
                "SELECT notification_id, originator_id, originator_version, topic, state FROM caseregistry_events "
                "WHERE notification_id > %s ORDER BY notification_id LIMIT %s", (last, page), prepare=True).fetchall():
            read += len(rows)
            last = rows[-1][0]
    elapsed = time.monotonic() - started
    log(f"  raw read: {read / elapsed:,.0f} events/s ({read:,} in {elapsed:.1f} s)")
    return Measurement("raw read of the events table", read / elapsed, None, None, None, requests=read,
                       tool="psycopg, keyset pages of 1,000 rows", note=f"{read:,} events in {elapsed:.1f} s, not decoded",
                       extra={"seconds": elapsed})


def decode_and_project_sample(services, count: int) -> list[Measurement]:
    """Where a rebuild's time goes, on the first `count` events: decoding them, and projecting them in memory."""
    from eventlog.decoding import read_log

    started = time.monotonic()
    envelopes, after = [], 0
    while len(envelopes) < count and (batch := read_log(services.registry, after, 500)):
        envelopes.extend(batch)
        after = batch[-1].position
    decoded = time.monotonic() - started
    projector, rows = services.views.projector, {}
    started = time.monotonic()
    for e in envelopes:
        rows[e.application_id] = projector.project(rows.get(e.application_id), e)
    projected = time.monotonic() - started
    n = len(envelopes)
    log(f"  decode {n / decoded:,.0f} events/s, project in memory {n / projected:,.0f} events/s")
    return [
        Measurement("read + decode events (the log reader → envelopes)", n / decoded, None, None, None,
                    baseline="raw read of the events table", requests=n, tool="eventlog.decoding.read_log, pages of 500",
                    note=f"informational, on the first {n:,} events"),
        Measurement("project decoded events in memory (CaseProjector, no SQL)", n / projected, None, None, None,
                    baseline="raw read of the events table", requests=n, tool="CaseProjector.project",
                    note=f"informational, on the same {n:,} events"),
    ]


def code_state() -> str:
    """The commit measured, and whether the work tree had changes on top of it."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = len([line for line in git("status", "--porcelain").splitlines() if not line[3:].startswith("bench/")])
    return f"{commit}" + (f" with {changed} changed files in the work tree" if changed else "")


def machine(url: str) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    with psycopg.connect(url) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    from importlib.metadata import version

    return {"cores": os.cpu_count(), "memory_gib": round(memory_kb / 1024 / 1024, 1), "cpu": cpu, "postgres": postgres,
            "python": platform.python_version(), "os": platform.platform(),
            "packages": {p: version(p) for p in ("fastapi", "uvicorn", "eventsourcing", "psycopg", "pydantic")}}


if __name__ == "__main__":
    sys.exit(main())
