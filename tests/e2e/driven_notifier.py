"""`gateway.cli notify`, with the ledger's clock driven by the test that started it.

The notifier takes its clock by injection (consumers.notifier.Notifier); here it reads the wall clock plus
the seconds written in the file named on the command line, so that a test moves the ledger's time on (its
back-off, leases and an endpoint's failing time) by minutes without waiting for them. Nothing else
differs from the production worker (gateway.workers.run_notifier). The signatures' timestamps stay on the
wall clock, since the receiver checks them against its own.

    python -m tests.e2e.driven_notifier <offset file>
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from gateway.cli import wired_services
from gateway.logs import configure_logging
from gateway.settings import Settings
from gateway.workers import run_notifier, stop_on_signals


def offset_clock(path: Path):
    def now() -> float:
        try:
            return time.time() + float(path.read_text() or 0)
        except (OSError, ValueError):  # not written yet, or caught mid-write: the wall clock
            return time.time()
    return now


def main(offset_file: str) -> int:
    configure_logging()
    stop = stop_on_signals()
    with wired_services(Settings()) as services:
        services.notifier.clock = offset_clock(Path(offset_file))
        run_notifier(services, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
