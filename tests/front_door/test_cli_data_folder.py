"""The command line says which data it works on, and never invents an empty data folder with a new key.

Run as a newcomer runs it, `.venv/bin/python -m gateway.cli …`, in a process of its own and from a folder
other than the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

CHECKOUT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATA_DIR", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")}
    env["PYTHONPATH"] = str(CHECKOUT)
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], cwd=cwd, env=env | environment,
                          capture_output=True, text=True, timeout=120)


def test_a_token_asked_for_outside_the_checkout_is_refused_without_making_a_data_folder(tmp_path):
    done = cli("token", "--role", "citizen", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert str(tmp_path / ".data") in done.stderr and "DATA_DIR" in done.stderr
    assert not (tmp_path / ".data").exists()


def test_a_data_dir_that_does_not_exist_is_refused_for_every_command(tmp_path):
    missing = tmp_path / "no-such-folder"
    for command in (["deliveries"], ["rebuild-views"], ["verify"], ["history", "TS-2026-000001"]):
        done = cli(*command, cwd=tmp_path, DATA_DIR=str(missing))
        assert done.returncode == 2, (command, done.stderr)
        assert str(missing) in done.stderr
    assert not missing.exists()


def test_the_data_folder_in_use_is_named_on_stderr(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    done = cli("token", "--role", "employee", cwd=tmp_path, DATA_DIR=str(data))
    assert done.returncode == 0 and done.stdout.count(".") == 2  # the token alone on stdout, for $(make -s token)
    assert f"Data folder: {data}" in done.stderr


def test_on_postgres_the_database_is_named_without_its_password(tmp_path, postgres_url):
    parts = urlsplit(postgres_url)
    where = f"{parts.username or 'postgres'}@{parts.hostname}:{parts.port or 5432}{parts.path}"
    done = cli("deliveries", cwd=tmp_path, DATABASE_URL=f"postgresql://{where.replace('@', ':s3cret@', 1)}")
    assert done.returncode == 0, done.stderr
    assert f"Database: postgresql://{where}" in done.stderr and "s3cret" not in done.stderr + done.stdout
