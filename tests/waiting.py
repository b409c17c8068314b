"""Waiting for something that happens in another thread or process, without a fixed sleep."""

from __future__ import annotations

import time


def wait_for(condition, what: str, seconds: float = 45) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:.0f} s for: {what}")
        time.sleep(0.05)
