"""The README's walkthrough, run word for word against a service started as `make run` starts it.

The shell blocks are taken from README.md as they are written, so the README cannot drift from the
code: a refused file, a renamed field or a date that no longer fits makes this test fail.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.channels import unused_port
from tests.waiting import wait_for

CHECKOUT = Path(__file__).resolve().parents[2]
README = CHECKOUT / "README.md"


def shell_blocks(heading: str) -> list[str]:
    """The ```sh blocks of the README's section `heading`, in order."""
    section = README.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def checkout_status() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=CHECKOUT, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture
def walkthrough_env(tmp_path) -> dict[str, str]:
    """A newcomer's shell on the embedded default, whatever this machine's environment (or a .env) says."""
    unset = {name: "" for name in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "SMTP_HOST", "SMS_GATEWAY_URL")}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JWT_", "API_DOCS_", "RATE_LIMIT_"))}
    return env | unset | {"ENVIRONMENT": "development", "PORT": str(unused_port()), "DATA_DIR": str(tmp_path / "data"),
                          "TMPDIR": str(tmp_path)}


@pytest.fixture
def service(walkthrough_env, tmp_path) -> Iterator[str]:
    """`make run` on a free port with a data folder of its own; stopped (its whole process group) afterwards."""
    with (tmp_path / "service.log").open("wb") as log:
        process = subprocess.Popen(["make", "-s", "run", f"PORT={walkthrough_env['PORT']}"], cwd=CHECKOUT,
                                   env=walkthrough_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{walkthrough_env['PORT']}"
    try:
        wait_for(lambda: answers(url) or process.poll() is not None, "the service to answer /healthz", seconds=120)
        assert process.poll() is None, (tmp_path / "service.log").read_text(errors="replace")
        yield url
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def run_blocks(env: dict[str, str], *blocks: str, then: str = "") -> subprocess.CompletedProcess:
    """The blocks in one bash, stopping at the first failure; the checkout must be as it was afterwards."""
    before = checkout_status()
    script = "set -e -o pipefail\n" + "\n".join(blocks) + then
    done = subprocess.run(["bash", "-c", script], cwd=CHECKOUT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the README's commands failed:\n{done.stdout}\n{done.stderr}"
    assert checkout_status() == before, "the walkthrough left files in the checkout"
    return done


TRY_IT = shell_blocks("Try it")[0]


def assert_cross_references_exact(pdf: bytes) -> None:
    """What a strict parser (pikepdf, pypdf strict=True) reads without repairing: startxref at the table, each
    entry 20 bytes at the offset of its object."""
    table = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    assert pdf[table:].startswith(b"xref\n0 ")
    count = int(pdf[table:].split(b"\n")[1].split()[1])
    entries = pdf[table:].split(b"\n", 2)[2][:20 * count]
    assert entries[:20] == b"0000000000 65535 f \n"
    for number in range(1, count):
        offset = int(entries[20 * number:20 * number + 10])
        assert pdf[offset:].startswith(b"%d 0 obj" % number), number


def test_the_try_it_walkthrough_submits_works_and_downloads_the_result(service, walkthrough_env):
    done = run_blocks(walkthrough_env, TRY_IT, then='\necho "WORK=$WORK"\n')
    assert re.search(r'"number":"TS-\d{4}-000001".*→ 201', done.stdout), done.stdout
    work = Path(done.stdout.rsplit("WORK=", 1)[1].strip())
    assert work.is_relative_to(walkthrough_env["TMPDIR"])  # the walkthrough's files stay out of the checkout
    result = (work / "netice.pdf").read_bytes()
    assert result.startswith(b"%PDF-") and result == (work / "cixaris.pdf").read_bytes()
    assert_cross_references_exact(result)
    statuses = re.findall(r'"status":"(\w+)"', done.stdout)
    assert statuses[-1] == "answered", done.stdout


def json_lines(output: str) -> list:
    """The JSON value each line of output starts with (a line may go on after it, as the submission's " → 201")."""
    return [json.JSONDecoder().raw_decode(line)[0] for line in output.splitlines() if line.startswith(("{", "["))]


def test_the_auditor_example_reads_the_walkthrough_application(service, walkthrough_env):
    done = run_blocks(walkthrough_env, TRY_IT, shell_blocks("For auditors")[0], then='\necho "WORK=$WORK"\n')
    history, at_version, now, check = json_lines(done.stdout)[-4:]
    assert [e["type"] for e in history["events"]][:2] == ["Submitted", "Routed"], history
    assert at_version["status"] == "in_progress" and now["status"] == "answered"
    assert check["ok"] is True
    work = Path(done.stdout.rsplit("WORK=", 1)[1].strip())
    exported = [json.loads(p.read_text()) for p in work.glob("*.json")]
    assert len(exported) == 1 and exported[0]["events"], exported


def test_the_meter_walkthrough_routes_assigns_executes_and_answers(service, walkthrough_env):
    done = run_blocks(walkthrough_env, TRY_IT, shell_blocks("Try it")[1])
    assert re.search(r'"number":"SQ-\d{4}-\d{6}".*→ 201', done.stdout), done.stdout
    routed, assigned, executed, answered = json_lines(done.stdout)[-4:]
    assert [routed["status"], executed["status"], answered["status"]] == ["in_progress", "executed", "answered"]
    assert assigned["executors"] == [{"id": "emp-7", "name": "Elvin Məmmədov"}], assigned
