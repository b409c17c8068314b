"""The Kafka-mode stack for end-to-end tests: the HTTP service in-process, the workers as processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.identity import development_private_key, issue_development_token
from gateway.settings import Settings
from tests.conftest import empty_tables
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """`python -m gateway.cli <command>` as a process of its own, killable at any moment."""

    def __init__(self, command: str, env: dict, log_path: Path, argv: list[str] | None = None):
        self.command = command
        self.env = env
        self.log_path = log_path
        self.argv = argv or ["-m", "gateway.cli", command]  # or another launcher of the same worker
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen([sys.executable, *self.argv], cwd=ROOT,
                                        env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no chance to flush, commit or say goodbye."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


class KafkaStack:
    def __init__(self, postgres_url: str, bootstrap_servers: str, topic: str, data_dir: Path, clock, smtp, sms,
                 extra_env: dict | None = None, notifier_argv: list[str] | None = None, **settings: object):
        self.bootstrap = bootstrap_servers
        self.topic = topic
        self.data_dir = data_dir
        empty_tables(postgres_url)
        self.settings = Settings(_env_file=None, data_dir=data_dir, database_url=postgres_url,
                                 kafka_bootstrap_servers=bootstrap_servers, kafka_topic=topic, db_pool_size=4,
                                 # one citizen files dozens here
                                 rate_limit_submissions_per_citizen=1000, max_open_applications_per_kind=1000,
                                 **settings)
        self.env = os.environ | {"DATABASE_URL": postgres_url, "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
                                 "KAFKA_TOPIC": topic, "DATA_DIR": str(data_dir), "DB_POOL_SIZE": "4",
                                 "KAFKA_GROUP_PREFIX": topic,  # groups of their own: no member left over from another test
                                 "SMTP_HOST": smtp.host, "SMTP_PORT": str(smtp.port), "SMTP_STARTTLS": "false",
                                 "SMS_GATEWAY_URL": sms.url, "DELIVERY_LEASE_SECONDS": "3"} | (extra_env or {})
        self.services = bootstrap(self.settings, clock=clock)
        self.client = TestClient(create_app(self.settings, self.services))
        self.relay = Worker("relay", self.env, data_dir / "relay.log")
        self.projector = Worker("project", self.env, data_dir / "projector.log")
        self.notifier = Worker("notify", self.env, data_dir / "notifier.log", notifier_argv)
        self.workers = [self.relay, self.projector, self.notifier]

    def wait_for(self, condition, what: str, seconds: float = 45) -> None:
        """As tests.waiting.wait_for, and on a timeout the workers' last words in the failure."""
        try:
            wait_for(condition, what, seconds)
        except AssertionError as timeout:
            logs = "\n".join(f"--- {w.command} ({w.log_path.name}) ---\n{w.output()[-2000:]}" for w in self.workers)
            raise AssertionError(f"{timeout}\n{logs}") from None

    def token(self, role: str = "citizen", **claims) -> dict[str, str]:
        key = development_private_key(self.settings.dev_key_file)
        jwt = issue_development_token(key, self.settings.jwt_issuer, self.settings.jwt_audience, role, **claims)
        return {"Authorization": f"Bearer {jwt}"}

    def extra_relay(self) -> Worker:
        worker = Worker("relay", self.env, self.data_dir / f"relay-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def views_equal_a_fresh_rebuild(self) -> bool:
        """The views kept from Kafka, compared with the same views replayed from the event store."""
        from projections.application_views import ApplicationViews

        def rows(views):
            with views.db.transaction() as cursor:
                return cursor.execute(f"SELECT id, version, body FROM {views.table} ORDER BY id").fetchall()

        fresh = ApplicationViews(self.services.database, self.services.views.read_log, self.services.catalogue,
                                 table="application_view_check", due_dates=self.services.deadlines)
        fresh.drop_tables()
        fresh.create_tables()
        fresh.catch_up()
        try:
            return rows(fresh) == rows(self.services.views)
        finally:
            fresh.drop_tables()

    def __enter__(self) -> KafkaStack:
        self.client.__enter__()
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc_info) -> None:
        for worker in self.workers:
            worker.stop()
        self.client.__exit__(*exc_info)
        self.services.close()
        if exc_info[0] is not None:
            for worker in self.workers:
                print(f"--- {worker.command} ({worker.log_path.name}) ---\n{worker.output()[-3000:]}")
