"""Closed-loop HTTP load from a separate process: wrk (Debian's package, installed when missing), or,
only if it cannot be installed, the Python generator in bench/pyload.py (said so in the results).

Each measurement is a warm-up run whose figures are thrown away, then a run of fixed duration.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    authorization: str = ""


@dataclass
class Measurement:
    name: str
    throughput: float  # requests (or events) per second
    p50: float | None  # milliseconds
    p95: float | None
    p99: float | None
    baseline: str | None = None
    ratio: float | None = None  # throughput ÷ the baseline's
    requests: int = 0
    errors: int = 0
    tool: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def ensure_wrk(log) -> str:
    """'wrk' when wrk is available (or was installed, when BENCH_INSTALL_WRK=1 asked for it), else 'python'.

    A benchmark does not change the machine unasked: installing a package needs root and alters the host."""
    if shutil.which("wrk"):
        return "wrk"
    if os.environ.get("BENCH_INSTALL_WRK") == "1":
        log("wrk is missing: installing Debian's package with apt-get, as BENCH_INSTALL_WRK=1 asks")
        if install_wrk():
            return "wrk"
        log("wrk could not be installed (apt-get needs root)")
    else:
        log("wrk is missing; BENCH_INSTALL_WRK=1 make bench installs Debian's package with apt-get (needs root)")
    log("falling back to the Python load generator (bench/pyload.py), whose own CPU use lowers every figure")
    return "python"


def install_wrk() -> bool:
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "install", "-y", "-qq", "wrk"], ["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        if shutil.which("wrk"):
            return True
    return False


def cpu_text(shares: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.0%}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))


class LoadGenerator:
    def __init__(self, tool: str, connections: int, threads: int, warmup: float, duration: float, log, others):
        self.others = others  # () -> a context manager whose .share is the CPU others used meanwhile
        self.tool = tool
        self.connections = connections
        self.threads = threads
        self.warmup = warmup
        self.duration = duration
        self.log = log
        self.folder = Path(tempfile.mkdtemp(prefix="bench-load-"))

    def measure(self, name: str, base_url: str, targets: list[Target], body: bytes | None = None,
                content_type: str = "", baseline: str | None = None, note: str = "", connections: int | None = None,
                pause_ms: int | None = None) -> Measurement:
        """Saturating load from `connections` (default: all); with `pause_ms`, each connection pauses that
        long before each request: a moderate, steadier load, whose latencies are service times more than queueing."""
        pacing = (connections or self.connections, pause_ms)
        targets_file = self.folder / f"{name}.targets"
        targets_file.write_text("".join(f"{t.method}\t{t.path}\t{t.authorization}\n" for t in targets))
        body_file = self.folder / f"{name}.body"
        body_file.write_bytes(body or b"")
        if self.warmup > 0:
            self._run(base_url, targets_file, body_file if body else None, content_type, self.warmup, pacing)
        with self.others() as others:
            raw = self._run(base_url, targets_file, body_file if body else None, content_type, self.duration, pacing)
        errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
        measurement = Measurement(
            name=name, throughput=raw["requests"] / (raw["duration_us"] / 1e6), p50=raw["p50_us"] / 1000,
            p95=raw["p95_us"] / 1000, p99=raw["p99_us"] / 1000, baseline=baseline, requests=raw["requests"],
            errors=errors, tool=f"{self.tool} -t{self.threads} -c{pacing[0]} -d{self.duration:g}s"
            + (f", {pause_ms} ms pause before each request" if pause_ms else ""),
            note=note, extra={k: raw[k] for k in ("status_errors", "timeouts", "read_errors", "p999_us", "max_us")}
            | {"others_cpu": others.share, "cpu": others.shares})
        self.log(f"  {name}: {measurement.throughput:,.0f}/s  p50 {measurement.p50:.1f} ms  p95 {measurement.p95:.1f} ms  "
                 f"p99 {measurement.p99:.1f} ms  errors {errors}  CPU: " + cpu_text(others.shares))
        return measurement

    def _run(self, base_url: str, targets: Path, body: Path | None, content_type: str, seconds: float,
             pacing: tuple[int, int | None]) -> dict:
        connections, pause_ms = pacing
        if self.tool == "wrk":
            command = ["wrk", f"-t{min(self.threads, connections)}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
                       "-s", str(HERE / "wrk.lua"), base_url]
        else:
            command = [sys.executable, "-m", "bench.pyload", "--connections", str(connections),
                       "--duration", str(seconds), base_url]
        env = os.environ | {"WRK_TARGETS": str(targets), "WRK_BODY": str(body or ""), "WRK_CTYPE": content_type}
        if pause_ms:
            env["WRK_DELAY_MS"] = str(pause_ms)
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=HERE.parent,
                              timeout=seconds + 120, check=False)
        line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
        if line is None:
            raise RuntimeError(f"the load generator printed no result: {done.stdout[-2000:]} {done.stderr[-2000:]}")
        return json.loads(line.removeprefix("WRK_JSON "))
