"""Log lines go where the host of the process wants them: JSON on stdout for the service, pytest's capture in tests.

A notifier's or a follower's thread logs whenever it likes, also between two tests while pytest prints its
progress; those lines must not land in the middle of `make test`'s dots.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import structlog

from gateway.logs import configure_logging

CHECKOUT = Path(__file__).resolve().parents[2]


def test_a_line_logged_from_a_background_thread_is_captured(caplog):
    configure_logging()
    thread = threading.Thread(target=lambda: structlog.get_logger("consumers.notifier").info("delivered", key="k/email"))
    thread.start()
    thread.join()
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.getMessage().startswith("{")]
    assert [(line["event"], line["key"], line["level"]) for line in lines] == [("delivered", "k/email", "info")]


def test_the_service_writes_its_log_lines_as_json_on_stdout_and_only_its_own():
    program = textwrap.dedent("""
        import logging, threading, structlog
        from gateway.logs import configure_logging
        configure_logging()
        logging.getLogger("kafka.conn").info("a library's chatter is not the service's log")
        thread = threading.Thread(target=lambda: structlog.get_logger("consumers.notifier").info("delivered", key="k"))
        thread.start(); thread.join()
        structlog.get_logger("gateway.access").debug("not at the default level")
    """)
    done = subprocess.run([sys.executable, "-c", program], cwd=CHECKOUT, capture_output=True, text=True, timeout=60)
    [line] = done.stdout.splitlines()
    assert json.loads(line)["event"] == "delivered" and done.stderr == ""


def test_lines_logged_between_tests_stay_out_of_pytests_progress(tmp_path):
    (tmp_path / "test_chatty.py").write_text(textwrap.dedent("""
        import threading, time, structlog
        from gateway.logs import configure_logging

        def chatter():
            for n in range(2000):
                structlog.get_logger("consumers.notifier").info("delivered", n=n)
                time.sleep(0.0005)

        def test_starts_a_chatty_thread():
            configure_logging()
            threading.Thread(target=chatter, daemon=True).start()

        def test_one():
            time.sleep(0.2)

        def test_two():
            time.sleep(0.2)

        def test_three():
            time.sleep(0.5)
    """))
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(CHECKOUT), "PATH": "/usr/bin:/bin"})
    assert "4 passed" in done.stdout, done.stdout + done.stderr
    assert '"event": "delivered"' not in done.stdout + done.stderr
