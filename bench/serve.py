"""`uvicorn --factory APP --workers N`, as the benchmark runs every server (ours and the baselines alike):

    python -m bench.serve APP PORT WORKERS

N uvicorn processes, each with a listening socket of its own on the same port (SO_REUSEPORT), bound as
TCP. Two things differ from the `uvicorn --workers N` command, both to measure the app rather than
the process manager:

- TCP_NODELAY. uvicorn's supervisor binds the socket with `proto` left at 0; accepted sockets inherit
  it, and asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP. Nagle's algorithm then
  holds each response's second segment until the client's delayed ACK: every keep-alive request after
  the first waits ~40 ms (uvicorn issue #3149, Linux), and a bare echo measures that timer.
- Balance. Workers sharing one socket take connections as they race to accept them, so a load
  generator that opens all its connections at once may land most of them on one worker, differently
  from run to run. With a socket per worker, the kernel spreads connections evenly by their address.

The workers start one after the other (a file lock held through each one's start-up): the service's
start-up creates its tables, and two processes doing that at the same moment can fail with Postgres'
"tuple concurrently updated", which stops the whole server.
"""

from __future__ import annotations

import fcntl
import signal
import socket
import subprocess
import sys
import time

import uvicorn


def listening_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", port))
    return sock


class OneAtATimeServer(uvicorn.Server):
    """Holds the start-up lock until its app has started (lifespan included) and it listens."""

    def __init__(self, config: uvicorn.Config, lock_path: str):
        super().__init__(config)
        self.lock = open(lock_path, "w")  # noqa: SIM115 -- held across the start-up, closed after it
        fcntl.flock(self.lock, fcntl.LOCK_EX)

    async def startup(self, sockets=None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.lock.close()  # releases the lock: the next worker may start


def worker(app: str, port: int) -> None:
    config = uvicorn.Config(app, factory=True, host="127.0.0.1", port=port, access_log=False, log_level="warning")
    OneAtATimeServer(config, f"/tmp/bench-serve-{port}.lock").run(sockets=[listening_socket(port)])


def supervise(app: str, port: int, workers: int) -> int:
    """Starts the workers, and stops them all when told to stop or when one of them ends."""
    children = [subprocess.Popen([sys.executable, "-m", "bench.serve", "--worker", app, str(port)]) for _ in range(workers)]

    def stop(*_) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.2)
    finally:
        stop()
        for child in children:
            child.wait(15)
    return max(child.returncode or 0 for child in children)


if __name__ == "__main__":
    if sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(supervise(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
