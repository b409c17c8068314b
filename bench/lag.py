"""From an accepted submission to its status-view row, and to its SMS at the gateway, through Kafka.

Submissions go out at a steady rate (open loop: each at its scheduled moment, whatever the answers
before it did). A submission counts from the moment its 201 arrived. Its view row counts from the
commit that inserted it: a trigger on the view table NOTIFYs, and Postgres delivers a notification
only when its transaction commits, so the moment the harness hears it is the moment a reader could
see the row. The SMS counts from the moment the local SMS gateway received the request.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx
import psycopg

from tests.channels import SmsGateway

TRIGGER = """
CREATE OR REPLACE FUNCTION bench_view_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('bench_view', NEW.id); RETURN NULL; END $$;
DROP TRIGGER IF EXISTS bench_view_inserted ON {table};
CREATE TRIGGER bench_view_inserted AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION bench_view_inserted();
"""


class TimedSmsGateway(SmsGateway):
    """The tests' SMS gateway, noting when each message arrived, by application id."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[str, float] = {}

    def _answer_to(self, request):
        arrived = time.monotonic()
        key = request.headers.get("Idempotency-Key") or ""
        event_id = key.rsplit("/", 1)[0]
        if event_id.endswith(":1"):  # the Submitted event's message
            self.arrivals.setdefault(event_id.rsplit(":", 1)[0], arrived)
        return super()._answer_to(request)


class ViewListener:
    """Hears each view row's insert at its commit."""

    def __init__(self, url: str, table: str = "application_view"):
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(TRIGGER.format(table=table))
        self.url = url
        self.arrivals: dict[str, float] = {}
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)

    def _listen(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("LISTEN bench_view")
            self._ready.set()
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=0.2):
                    self.arrivals.setdefault(notice.payload, time.monotonic())

    def __enter__(self) -> ViewListener:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(5)


class TopicWatcher:
    """Notes when each application's first event reached the Kafka topic (a consumer group of its own):
    the relay's share of the lag, apart from the projector's and the notifier's."""

    def __init__(self, bootstrap_servers: str, topic: str):
        self.bootstrap_servers, self.topic = bootstrap_servers, topic
        self.arrivals: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        from kafka import KafkaConsumer

        from consumers.kafka import FETCH_SETTINGS
        from tests.kafka_broker import FAST_GROUP_SETTINGS

        # The workers' fetch wait: with kafka-python's default (500 ms) the watcher's own fetch would
        # be most of what it measures.
        consumer = KafkaConsumer(self.topic, bootstrap_servers=self.bootstrap_servers, group_id=f"bench-watch-{time.time_ns()}",
                                 auto_offset_reset="earliest", **FAST_GROUP_SETTINGS, **FETCH_SETTINGS)
        try:
            self._poll(consumer)
        except Exception as error:  # said, rather than leaving the run to wait for arrivals that never come
            print(f"topic watcher failed: {type(error).__name__}: {error}", flush=True)
            raise
        finally:
            consumer.close()

    def _poll(self, consumer) -> None:
        while not self._stop.is_set():
            for records in consumer.poll(timeout_ms=200).values():
                now = time.monotonic()
                for record in records:
                    event_id = dict(record.headers).get("ce_id", b"").decode()
                    if event_id.endswith(":1"):
                        self.arrivals.setdefault(event_id.rsplit(":", 1)[0], now)

    def __enter__(self) -> TopicWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(10)


def ledger_times(url: str, ids: list[str]) -> dict[str, dict[str, float]]:
    """{application id: {"recorded": wall time the notifier took the SMS in, "sent": when it was sent}}."""
    with psycopg.connect(url) as connection:
        rows = connection.execute("SELECT application_id, recorded_at, sent_at FROM deliveries "
                                  "WHERE event_type = 'Submitted' AND channel = 'sms' AND application_id = ANY(%s)",
                                  (ids,)).fetchall()
    return {r[0]: {"recorded": r[1], "sent": r[2]} for r in rows}


@dataclass
class Submission:
    scheduled: float
    accepted: float | None = None
    accepted_wall: float | None = None
    application_id: str | None = None
    status: int | None = None


@dataclass
class SteadyLoad:
    """`rate` submissions per second for `seconds`, from a pool of keep-alive clients."""

    base_url: str
    body: bytes
    tokens: list[str]
    rate: float
    seconds: float
    submissions: list[Submission] = field(default_factory=list)

    def run(self) -> list[Submission]:
        local = threading.local()
        start = time.monotonic() + 0.5
        count = int(self.rate * self.seconds)
        self.submissions = [Submission(start + n / self.rate) for n in range(count)]

        def send(n: int) -> None:
            submission = self.submissions[n]
            client = getattr(local, "client", None) or httpx.Client(base_url=self.base_url, timeout=30)
            local.client = client
            delay = submission.scheduled - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            response = client.post("/v1/applications/meter-installation", content=self.body, headers={
                "Content-Type": "application/json", "Authorization": self.tokens[n % len(self.tokens)]})
            submission.accepted, submission.accepted_wall = time.monotonic(), time.time()
            submission.status = response.status_code
            if response.status_code == 201:
                submission.application_id = response.json()["id"]

        with ThreadPoolExecutor(max_workers=32) as pool:
            for n in range(count):  # handed to the pool just before its moment, so a slow answer delays no other
                time.sleep(max(0.0, self.submissions[n].scheduled - time.monotonic() - 0.05))
                pool.submit(send, n)
        return self.submissions


def wait_for(arrivals: dict[str, float], ids: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(i not in arrivals for i in ids):
        time.sleep(0.1)


def lags_ms(submissions: list[Submission], arrivals: dict[str, float], wall: bool = False) -> tuple[list[float], int]:
    """The lags of the accepted submissions, and how many never arrived (`wall`: arrivals in time.time())."""
    lags, missing = [], 0
    for s in submissions:
        if s.application_id is None:
            continue
        if arrivals.get(s.application_id) is not None:
            lags.append((arrivals[s.application_id] - (s.accepted_wall if wall else s.accepted)) * 1000)
        else:
            missing += 1
    return lags, missing


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
