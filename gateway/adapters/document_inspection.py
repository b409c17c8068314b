"""The document checks run in a few worker processes, each document within a budget of CPU, memory and time.

A hostile file can be small and still cost seconds of CPU or gigabytes of memory to parse (a deep object
stream, a stream that inflates a thousandfold). In a worker it costs only that worker: the kernel ends it past
its CPU seconds (RLIMIT_CPU), refuses it memory past its address-space limit (RLIMIT_AS), and it runs at the
lowest priority, so the service's own requests keep the CPU. A worker that does not answer within the wall-clock
limit is killed and replaced. Every one of those ends is a refusal (422, document-too-costly), never a 500.

Workers are forked from a clean server process (multiprocessing's forkserver), not from the service with its
threads and connections; they start on the first upload, not at start-up.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import resource
import threading
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeoutError

import structlog
from pebble import ProcessExpired, ProcessPool

from cases.errors import CostlyDocumentError
from cases.ports import DocumentInspector, DocumentRefused
from gateway.adapters import document_contents

log = structlog.get_logger()
MiB = 1024 * 1024
_LOWEST_PRIORITY = 19
_TASKS_PER_WORKER = 200  # a worker is replaced now and then, so nothing one document left behind stays for ever


Check = Callable[[bytes, int], str]  # (content, decoded budget) -> media type, or raises DocumentRefused


class BudgetedWorkers:
    """A pool of worker processes forked from a clean server, started on first use, each under the memory limit and
    at the lowest priority for its whole life (limit_worker); a task's CPU seconds are its own (allow_cpu_seconds)."""

    def __init__(self, workers: int, memory_mib: int, tasks_per_worker: int, preload: tuple[str, ...] = ()):
        self.workers, self.memory_mib, self.tasks_per_worker, self.preload = workers, memory_mib, tasks_per_worker, preload
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def schedule(self, function: Callable, args: tuple, timeout: float):
        """The task's future: its result, or FutureTimeoutError past `timeout`, ProcessExpired if the kernel ended it."""
        return self._workers().schedule(function, args=args, timeout=timeout)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join()
                self._pool = None

    def _workers(self) -> ProcessPool:
        with self._lock:
            if self._pool is None:
                context = multiprocessing.get_context("forkserver")
                if self.preload:
                    context.set_forkserver_preload(list(self.preload))
                self._pool = ProcessPool(max_workers=self.workers, max_tasks=self.tasks_per_worker,
                                         initializer=limit_worker, initargs=(self.memory_mib * MiB,), context=context)
            return self._pool


class IsolatedDocumentInspector(DocumentInspector):
    def __init__(self, workers: int, cpu_seconds: float, memory_mib: int, wall_seconds: float,
                 check: Check = document_contents.media_type_of):
        self.workers, self.cpu_seconds, self.memory_mib, self.wall_seconds = workers, cpu_seconds, memory_mib, wall_seconds
        self.check = check  # a module-level function: the worker imports it by name
        self.pool = BudgetedWorkers(workers, memory_mib, _TASKS_PER_WORKER, preload=(document_contents.__name__,))

    def media_type_of(self, content: bytes) -> str:
        future = self.pool.schedule(_inspect_in_worker, (self.check, content, self.cpu_seconds, self._decoded_budget),
                                    self.wall_seconds)
        try:
            media_type, refusal = future.result()
        except (FutureTimeoutError, ProcessExpired) as ended:  # past the wall clock, or ended by the kernel
            log.warning("document_inspection_ended", reason=type(ended).__name__, size=len(content))
            raise self._too_costly() from None
        if refusal is None:
            return media_type
        error_type, reason = refusal
        raise self._too_costly() if error_type is CostlyDocumentError else DocumentRefused(error_type, reason)

    def close(self) -> None:
        self.pool.close()

    @property
    def _decoded_budget(self) -> int:
        return self.memory_mib * MiB // 4  # decoded data is held twice (qpdf's copy and Python's), with room to spare

    def _too_costly(self) -> DocumentRefused:
        return DocumentRefused(CostlyDocumentError, f"could not be inspected within {self.cpu_seconds:g} s of CPU "
                               f"and {self.memory_mib} MiB of memory")


def limit_worker(memory_bytes: int) -> None:
    """Runs once in each worker: the memory limit and the lowest priority hold for its whole life."""
    os.nice(_LOWEST_PRIORITY - os.nice(0))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker ended past its CPU limit leaves no core file


def _inspect_in_worker(check: Check, content: bytes, cpu_seconds: float, decoded_budget: int):
    """(media type, None) or (None, (error type, reason)): a refusal travels back as plain values."""
    allow_cpu_seconds(cpu_seconds)
    try:
        return check(content, decoded_budget), None
    except DocumentRefused as refusal:
        return None, (refusal.error_type, refusal.reason)
    except MemoryError:  # past RLIMIT_AS anywhere in the checks
        return None, (CostlyDocumentError, "")


def allow_cpu_seconds(seconds: float) -> None:
    """The CPU limit counts the worker's whole life, so each document gets its seconds on top of what it used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (math.ceil(used + seconds), hard))
