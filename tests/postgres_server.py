"""The PostgreSQL server the Postgres tests run on.

The one named by $TEST_POSTGRES_SERVER (default: 127.0.0.1:5432, user postgres) when it answers;
otherwise a throwaway server of the run's own, from the `pgserver` wheel (PostgreSQL 16 from pip, no
system packages), listening on a free loopback port and removed when the run ends. So `make test`
passes on a laptop with no PostgreSQL installed, and CI shows it by naming a port where nothing
listens.

pgserver itself listens on a Unix socket only; it is used here to make the data folder (as root too:
it runs the server as a user of its own) and then the server is restarted on TCP, because tests put a
proxy between the service and the database, and hand the URL to worker processes, as production does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
START_SECONDS = 120  # initdb and the first start on a busy machine
servers_used: list[str] = []  # what the run's closing summary names


def database_url(server_url: str, name: str) -> str:
    """The URL of the database `name` on the server of `server_url`."""
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def answers(server_url: str) -> bool:
    try:
        with psycopg.connect(server_url, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """The URL of a server's `postgres` database, for creating and dropping the tests' own databases."""
    named = os.environ.get("TEST_POSTGRES_SERVER", DEFAULT_SERVER)
    if answers(named):
        servers_used.append(f"the server at {named}")
        yield named
        return
    with throwaway_server() as url:
        servers_used.append(f"a throwaway server at {url} ({named} did not answer), removed at the end")
        yield url


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    import pgserver  # only when no server answers: most runs never need it

    folder = Path(tempfile.mkdtemp(prefix="azersu-pg-"))
    try:
        made = pgserver.get_server(folder, cleanup_mode=None)  # initdb, then a start on a Unix socket
        port = free_loopback_port()
        pgserver.pg_ctl(["-w", "-t", str(START_SECONDS), "-o", f"-h 127.0.0.1 -p {port} -k {folder}",
                         "-l", str(folder / "log"), "restart"],
                        pgdata=folder, user=made.system_user, timeout=START_SECONDS + 10)
        try:
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            pgserver.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=folder, user=made.system_user, timeout=60)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port
