"""The processes the benchmark starts and stops: a database of its own, uvicorn servers, the workers.

Each process runs in a session of its own and is stopped by its own id (its process group), so
nothing else on the machine is touched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
SERVER_URL = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BenchDatabase:
    """A database created for this run and dropped after it (kept with BENCH_KEEP_DB=1)."""

    def __init__(self) -> None:
        self.name = f"azersu_bench_{uuid.uuid4().hex[:8]}"
        self.url = SERVER_URL.rsplit("/", 1)[0] + f"/{self.name}"

    def __enter__(self) -> BenchDatabase:
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {self.name}")
        return self

    def __exit__(self, *exc_info) -> None:
        if os.environ.get("BENCH_KEEP_DB") == "1":
            print(f"kept the database {self.url}", file=sys.stderr)
            return
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


class Process:
    """A command in a process group of its own, with its output in a log file."""

    def __init__(self, name: str, command: list[str], env: dict, log_dir: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> Process:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def __enter__(self) -> Process:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class Server(Process):
    """An ASGI app under uvicorn: `workers` processes on one port, no access log. Started through
    bench/serve.py, which gives connections TCP_NODELAY (see there); `plain_uvicorn` starts the
    `uvicorn` command itself, to show what losing it costs."""

    def __init__(self, name: str, app: str, workers: int, env: dict, log_dir: Path, plain_uvicorn: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = ([sys.executable, "-m", "uvicorn", app, "--factory", "--workers", str(workers), "--host", "127.0.0.1",
                    "--port", str(self.port), "--no-access-log", "--log-level", "warning"] if plain_uvicorn else
                   [sys.executable, "-m", "bench.serve", app, str(self.port), str(workers)])
        super().__init__(name, command, env, log_dir)

    def start(self) -> Server:
        super().start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"{self.name} exited at start:\n{self.tail()}")
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within 60 s:\n{self.tail()}")


def worker(command: str, env: dict, log_dir: Path) -> Process:
    """`python -m gateway.cli relay|project|notify`."""
    return Process(command, [sys.executable, "-m", "gateway.cli", command], env, log_dir)


class OthersLoad:
    """Where the machine's CPU went during a measurement, as shares of all its cores: the servers and
    workers this run started, the load generator, the Postgres backends serving this run's database,
    this harness itself, and everything else ("others": other work on the same cores lowers every
    figure, so each measurement says how much there was)."""

    def __init__(self, database_url: str, finished_children: str = "load generator"):
        self.database = database_url.rsplit("/", 1)[1]
        self.finished_children = finished_children  # what the children that exit during the measurement are
        self.ticks = os.sysconf("SC_CLK_TCK")
        self.share: float | None = None
        self.shares: dict[str, float] = {}

    def __enter__(self) -> OthersLoad:
        self.started, self.before, self.reaped = time.monotonic(), _cpu_by_process(), _reaped_children()
        return self

    def __exit__(self, *exc_info) -> None:
        after, elapsed = _cpu_by_process(), time.monotonic() - self.started
        backends, harness = self._backends(), os.getpid()
        ours = _descendants(harness, after)
        # The load generator has exited by now: its CPU is in what this process's finished children used.
        used: dict[str, float] = {self.finished_children: _reaped_children() - self.reaped}
        for pid, (cpu, _, _name) in after.items():
            kind = ("postgres" if pid in backends else "harness" if pid == harness else
                    "load generator" if _is_load(pid) else "service" if pid in ours else "others")
            used[kind] = used.get(kind, 0) + cpu - self.before.get(pid, (0,))[0]
        scale = self.ticks * elapsed * (os.cpu_count() or 1)
        self.shares = {k: v / scale for k, v in used.items()}
        self.share = self.shares.get("others", 0.0)

    def _backends(self) -> set[int]:
        with psycopg.connect(SERVER_URL, autocommit=True) as admin:
            return {r[0] for r in admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.database,))}


def _reaped_children() -> int:
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[13]) + int(fields[14])


def _is_load(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return command[0].endswith(b"wrk") or b"bench.pyload" in command


def _cpu_by_process() -> dict[int, tuple[int, int, str]]:
    """pid → (user + system ticks, parent pid, name)."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        out[int(entry.name)] = (int(fields[11]) + int(fields[12]), int(fields[1]), name)
    return out


def _descendants(root: int, processes: dict[int, tuple[int, int, str]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (_, parent, _name) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
