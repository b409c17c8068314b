"""Submission rate limits, per portal and per citizen, and subscriber-lookup limits per citizen: one runaway
portal or script cannot flood the registry, nor walk the subscriber register code by code.

Each bucket is the real caller's: a portal's service account spends its portal's and the citizen's it acts
for, a citizen calling directly only their own (so citizens cannot lock their portal out). The defaults are
human-scale: a citizen does not file more than a few applications an hour.

Each key (a portal, a citizen's FİN) has a bucket of `limit` submissions that refills evenly over `window`
seconds. A submission takes one from each of its buckets, or from none: a refused one costs nothing, and
the answer says when the next will be accepted (Retry-After). Buckets live in the process: with several
gateway processes each enforces its own share (the limits are per process, a documented residual risk).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class RateLimitedError(Exception):
    """Too many submissions (or lookups): try again after `retry_after` seconds (429)."""

    def __init__(self, scope: str, retry_after: int, what: str = "submissions"):
        super().__init__(f"Too many {what} from this {scope}; try again in {retry_after} s.")
        self.scope = scope
        self.retry_after = retry_after


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets keyed by (scope, name), all taken from atomically."""

    def __init__(self, limits: dict[str, int], window_seconds: float, now: Callable[[], float] = time.monotonic,
                 what: str = "submissions"):
        if window_seconds <= 0 or any(limit < 1 for limit in limits.values()):
            raise ValueError("rate limits need a positive window and at least one submission per window")
        self.limits = limits
        self.what = what
        self.window = window_seconds
        self.now = now
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._lock = threading.Lock()
        self._last_sweep = now()

    def take(self, keys: dict[str, str | None]) -> None:
        """One submission for each named key, e.g. {"portal": "e-gov", "citizen": "5ZK3P7Q"}; raises if any is spent."""
        with self._lock:
            now = self.now()
            buckets = {scope: self._bucket(scope, name, now) for scope, name in keys.items() if name and scope in self.limits}
            for scope, bucket in buckets.items():
                if bucket.tokens < 1:
                    rate = self.limits[scope] / self.window
                    raise RateLimitedError(scope, max(1, math.ceil((1 - bucket.tokens) / rate)), self.what)
            for bucket in buckets.values():
                bucket.tokens -= 1
            self._sweep(now)

    def _bucket(self, scope: str, name: str, now: float) -> _Bucket:
        limit = self.limits[scope]
        bucket = self._buckets.setdefault((scope, name), _Bucket(limit, now))
        bucket.tokens = min(limit, bucket.tokens + (now - bucket.updated) * limit / self.window)
        bucket.updated = now
        return bucket

    def _sweep(self, now: float) -> None:
        """Forgets buckets that have refilled, so memory follows the active callers, not all callers ever."""
        if now - self._last_sweep < self.window:
            return
        self._last_sweep = now
        self._buckets = {key: b for key, b in self._buckets.items() if now - b.updated < self.window}

    def __len__(self) -> int:
        return len(self._buckets)
