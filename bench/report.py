"""bench/results.md and bench/results.json from one run's measurements."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from bench.load import Measurement


def rerender(as_json: Path, markdown: Path) -> None:
    """results.md again from results.json (after a change to this layout; the figures stay as measured)."""
    data = json.loads(as_json.read_text(encoding="utf-8"))
    results = [Measurement(**m) for m in data["measurements"]]
    markdown.write_text(render(results, data["targets"], data["facts"]), encoding="utf-8")


def write(results: list[Measurement], facts: dict, markdown: Path, as_json: Path) -> None:
    by_name = {m.name: m for m in results}
    for m in results:
        base = by_name.get(m.baseline or "")
        if base and base.throughput:
            m.ratio = m.throughput / base.throughput
            if m.p99 is not None and base.p99:
                m.extra["p99_ratio"] = m.p99 / base.p99
    targets = evaluate(results, by_name, facts)
    facts["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    as_json.write_text(json.dumps({"facts": facts, "measurements": [m.as_dict() for m in results], "targets": targets},
                                  indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    markdown.write_text(render(results, targets, facts), encoding="utf-8")


def evaluate(results: list[Measurement], by_name: dict[str, Measurement], facts: dict) -> list[dict]:
    def first(prefix: str) -> Measurement | None:
        return next((m for m in results if m.name.startswith(prefix)), None)

    out = []

    def target(text: str, figure: str, met: bool | None) -> None:
        out.append({"target": text, "figure": figure, "met": met})

    crud = by_name.get("CRUD baseline (one INSERT)")
    for key in ("meter_at_small", "meter_at_large"):
        meter = by_name.get(facts.get(key, ""))
        if meter and crud:
            ratio = meter.throughput / crud.throughput
            target(f"{meter.name}: throughput ≥ 1.0× CRUD", f"{ratio:.2f}×", ratio >= 1.0)
            target(f"{meter.name}: p99 ≤ CRUD's p99", f"{meter.p99:.1f} ms vs {crud.p99:.1f} ms", meter.p99 <= crud.p99)
    for prefix in ("citizen status list", "one application's detail"):
        m = next((r for r in results if r.name.startswith(prefix) and "paced" not in r.name), None)
        paced = next((r for r in results if r.name.startswith(prefix) and "paced" in r.name), None)
        if m and m.ratio is not None:
            target(f"{prefix}: throughput ≥ 0.7× bare echo (both saturated)", f"{m.ratio:.2f}×", m.ratio >= 0.7)
        for r, how in ((paced, f"under a moderate load ({r_rate(paced)})"), (m, "saturated")):
            if r is not None:
                target(f"{prefix}: p99 < 10 ms, {how}", f"{r.p99:.1f} ms", r.p99 < 10)
    for prefix, limit in (("submission → status view", 200), ("submission → SMS handed", 500)):
        m = first(prefix)
        if m:
            ok = m.p99 is not None and m.p99 < limit and m.errors == 0
            figure = f"p99 {m.p99:.0f} ms" if m.p99 is not None else "nothing arrived"
            target(f"{prefix} p99 < {limit} ms at {facts['config']['lag_rate']:g}/s (all arrived)",
                   figure + (f"; {m.errors} refused, or not there 30 s after the load ended" if m.errors else ""), ok)
    rebuild = first("rebuild the views")
    if rebuild:
        if rebuild.ratio is not None:
            target("rebuild ≥ 0.3× the raw read rate", f"{rebuild.ratio:.3f}×", rebuild.ratio >= 0.3)
        seconds_for_million = 1_000_000 / rebuild.throughput if rebuild.throughput else None
        measured = "" if not rebuild.extra.get("capped") and rebuild.extra.get("events") == 1_000_000 else " (from the measured rate)"
        figure = f"{seconds_for_million:.0f} s{measured}" if seconds_for_million else "no rate"
        target("rebuild of 1,000,000 events in under a minute", figure, bool(seconds_for_million and seconds_for_million < 60))
    small, large = by_name.get(facts.get("meter_at_small", "")), by_name.get(facts.get("meter_at_large", ""))
    if small and large:
        ratio = large.p99 / small.p99
        target(f"submission p99 with {facts.get('events_large', 0):,} events stored ≤ 1.2× with {facts.get('events_small', 0):,}",
               f"{large.p99:.1f} ms vs {small.p99:.1f} ms = {ratio:.2f}×", ratio <= 1.2)
    return out


def r_rate(r: Measurement | None) -> str:
    return f"{r.throughput:,.0f}/s" if r else ""


def _cost(r: Measurement, cores: int) -> str:
    """CPU of the service and its Postgres backends per request: less sensitive to other work than throughput."""
    shares = r.extra.get("cpu")
    if not shares or not r.throughput:
        return ""
    return f"{(shares.get('service', 0) + shares.get('postgres', 0)) * cores * 1000 / r.throughput:.2f}"


def _share(r: Measurement) -> str:
    shares = r.extra.get("cpu")
    if not shares:
        return ""
    return "/".join(f"{100 * shares.get(k, 0):.0f}" for k in ("service", "postgres", "load generator", "others")) + " %"


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def render(results: list[Measurement], targets: list[dict], facts: dict) -> str:
    m, c = facts["machine"], facts["config"]
    lines = [
        "# Benchmark results (`make bench`)",
        "",
        f"Run finished {facts['finished']}, took {facts['total_seconds'] / 60:.1f} min. Generated by `bench/run.py`; "
        "the same figures are in `results.json`.",
        "",
        f"- Code: {facts.get('code', 'unknown')}",
        f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB memory; {m['os']}; load average "
        f"(1, 5, 15 min) {' '.join(facts.get('load_average_at_start', []))} at the start, "
        f"{' '.join(facts.get('load_average_at_end', []))} at the end",
        f"- PostgreSQL {m['postgres']}, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        f"- Every server: uvicorn, {c['workers']} worker processes, no access log, default loop and HTTP parser "
        f"(asyncio + h11: uvloop/httptools are not installed); {c['pool_size']} database connections per process. "
        "Started by `bench/serve.py`: N uvicorn processes, each with its own listening socket on the port "
        "(SO_REUSEPORT, so the kernel spreads connections evenly), bound as TCP so that connections get TCP_NODELAY, "
        "which the plain `uvicorn --workers N` command loses (uvicorn issue #3149; one row shows the cost).",
        f"- HTTP load: {facts['tool']} from a separate process, {c['threads']} threads, {c['connections']} connections, "
        f"{c['warmup']:g} s warm-up thrown away, then {c['duration']:g} s measured; closed loop (each connection sends "
        "its next request when the answer came), latencies in milliseconds. With that many connections the servers are "
        "saturated, so latencies there are mostly queueing (p50 ≈ connections ÷ throughput); the rows marked *paced* "
        f"use {c['paced_connections']} connections that each pause {c['pause_ms']} ms before each request: a moderate "
        "load, where latency is mostly the time to serve.",
        "- All on the same machine: the load generator, the servers, PostgreSQL and (for the lag) the broker and "
        "the workers share its cores.",
        "",
        "## Figures",
        "",
        "| measurement | throughput /s | p50 ms | p95 ms | p99 ms | baseline | ratio | p99 ratio | errors "
        "| CPU: service/pg/load/others | CPU ms per request | note |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}×"
        p99_ratio = r.extra.get("p99_ratio")
        lines.append(f"| {r.name} | {r.throughput:,.0f} | {_ms(r.p50)} | {_ms(r.p95)} | {_ms(r.p99)} | {r.baseline or ''} | "
                     f"{ratio} | {'' if p99_ratio is None else f'{p99_ratio:.2f}×'} | {r.errors} | {_share(r)} | "
                     f"{_cost(r, facts['machine']['cores'])} | {r.note} |")
    busy = [r for r in results if (r.extra.get("others_cpu") or 0) > 0.05]
    lines += ["", "Ratios are throughput ÷ the baseline's throughput (the p99 ratio is p99 ÷ the baseline's p99), "
              "both from this run. The CPU column splits the machine's CPU during the measurement (100 % = all its cores "
              "busy): this run's servers and workers, the Postgres backends of its database, the load generator, and "
              "processes not of this run (other work on the same cores lowers the figure). CPU ms per request is the CPU "
              "time the servers (or workers) and their Postgres backends spent per request (per event for the rebuild): "
              "the cost of the work itself, which other load on the machine changes little."]
    if busy:
        lines += ["", f"**Caution: {len(busy)} measurements ran while other processes used more than 5% of the machine's "
                  "CPU; their figures are lower than a quiet machine's, and ratios between them less exact.**"]
    lines += ["", "## Targets", "", "| target | figure | met |", "|---|---|---|"]
    for t in targets:
        met = "yes" if t["met"] else "**no**"
        lines.append(f"| {t['target']} | {t['figure']} | {met} |")
    lines += ["", "## How each figure is made", ""] + [f"- {text}" for text in method(facts)] + [""]
    return "\n".join(lines)


def method(facts: dict) -> list[str]:
    c = facts["config"]
    return [
        "Baselines are tiny FastAPI apps in `bench/baselines.py`, under the same uvicorn settings: the bare echo "
        "returns the body; the CRUD app validates the meter-installation form with the same command model as ours "
        "and INSERTs it as one row (psycopg pool, `def` endpoint). A variant adds the same ES256 bearer-token check "
        "as ours, to show that check's share.",
        "Our service runs as in production with Kafka: `uvicorn gateway.main:app --factory` with DATABASE_URL and "
        "KAFKA_BOOTSTRAP_SERVERS set, so a command only writes the event store (the relay, projector and notifier run "
        "only for the lag measurement, as they run beside the gateway on other machines). Submissions rotate through "
        f"50 citizens' tokens; the rate limits are raised for the run. The upload is a real {facts['pdf_bytes']:,}-byte PDF.",
        f"History: {facts.get('events_small', 0):,} and then {facts.get('events_large', 0):,} events in the event store, "
        "of synthetic applications with life cycles of 1 to 20 events (mean 10), five per citizen. Each event is made "
        "by the aggregate's own methods and encoded by the registry's own mapper, then bulk-copied "
        "(`bench/dataset.py`); the run checks that the library decodes them.",
        f"Status views: {facts.get('applications_in_views', 0):,} applications. Their rows are written with the views' own "
        "statement from the projector's own rendering (one application per life cycle rendered, the others copied "
        "with their identity and times; the run checks copies against the projector's output): the read path reads "
        "exactly the rows the projector would have written, in a fraction of the time. The list is a citizen's first "
        "page (about five applications each, 200 citizens in turn); the detail rotates over 200 applications.",
        f"Lag: {c['lag_rate']:g} meter submissions per second for {c['lag_seconds']:g} s (after {c['lag_warmup']:g} s "
        "thrown away), from an open-loop client; relay, projector and notifier run as `python -m gateway.cli` processes, "
        "with a tansu broker, a local SMTP server and a local SMS gateway. A submission's clock starts when its 201 "
        "arrives; the view's when the inserting transaction commits (a trigger NOTIFYs, delivered at commit); the "
        "SMS's when the gateway receives it. The relay starts at the end of the log, so the synthetic history is not "
        "published.",
        "Rebuild: `python -m gateway.cli rebuild-views` timed from start to exit (a rebuild slower than "
        f"{c['rebuild_cap']:g} s is stopped and its rate taken from its committed position). Its baseline is reading "
        "every row of the events table in log order (keyset pages of 1,000, no decoding). Two informational rows split "
        "the rebuild's work: reading and decoding the log (`eventlog.decoding.read_log`: the library's notification rows, the "
        "stored JSON decoded by orjson through the upcasters), and projecting in memory without SQL.",
        "Cost that does not grow: the same submission measurement with few and with many events stored.",
    ]


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    rerender(here / "results.json", here / "results.md")
