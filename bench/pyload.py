"""The fallback load generator, used only when wrk cannot be installed: the same inputs as bench/wrk.lua
(WRK_TARGETS, WRK_BODY, WRK_CTYPE), keep-alive connections on asyncio, and the same WRK_JSON line.

It costs far more CPU per request than wrk, on the same two cores as the servers, so every figure it
gives is lower than wrk's would be; the results say which tool measured them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from urllib.parse import urlparse


def requests_from_environment(host: str) -> list[bytes]:
    body_path = os.environ.get("WRK_BODY") or ""
    body = open(body_path, "rb").read() if body_path else b""
    out = []
    for line in open(os.environ["WRK_TARGETS"], encoding="utf-8"):
        method, path, auth = line.rstrip("\n").split("\t")
        headers = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
        if auth:
            headers.append(f"Authorization: {auth}")
        if body:
            headers += [f"Content-Type: {os.environ.get('WRK_CTYPE', '')}", f"Content-Length: {len(body)}"]
        out.append(("\r\n".join(headers) + "\r\n\r\n").encode() + body)
    return out


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(b":") for h in head.split(b"\r\n")[1:] if h)}
    if headers.get(b"transfer-encoding") == b"chunked":
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get(b"content-length", b"0")))
    return status


async def connection(host: str, port: int, requests: list[bytes], offset: int, until: float, out: dict) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    pause = float(os.environ.get("WRK_DELAY_MS") or 0) / 1000
    while time.perf_counter() < until:
        if pause:
            await asyncio.sleep(pause)
        started = time.perf_counter()
        writer.write(requests[i % len(requests)])
        i += 1
        try:
            status = await read_response(reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            out["read_errors"] += 1
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
            continue
        out["latencies"].append(time.perf_counter() - started)
        if status >= 400:
            out["status_errors"] += 1
    writer.close()


async def main(url: str, connections: int, duration: float) -> dict:
    parsed = urlparse(url)
    requests = requests_from_environment(parsed.netloc)
    out = {"latencies": [], "status_errors": 0, "read_errors": 0}
    started = time.perf_counter()
    until = started + duration
    await asyncio.gather(*(connection(parsed.hostname, parsed.port, requests, n * 7919, until, out)
                           for n in range(connections)))
    elapsed = time.perf_counter() - started
    lat = sorted(out["latencies"]) or [0.0]

    def p(q: float) -> int:
        return int(lat[min(len(lat) - 1, int(len(lat) * q / 100))] * 1e6)

    return {"requests": len(out["latencies"]), "duration_us": int(elapsed * 1e6), "bytes": 0, "connect_errors": 0,
            "read_errors": out["read_errors"], "write_errors": 0, "status_errors": out["status_errors"], "timeouts": 0,
            "mean_us": sum(lat) / len(lat) * 1e6, "p50_us": p(50), "p90_us": p(90), "p95_us": p(95), "p99_us": p(99),
            "p999_us": p(99.9), "max_us": int(lat[-1] * 1e6)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10)
    args = parser.parse_args()
    print("WRK_JSON " + json.dumps(asyncio.run(main(args.url, args.connections, args.duration))))
