"""Escalation: the unit's supervisor is told by e-mail when a case reaches a threshold of its term (say, 2
working days left, and overdue), once per threshold per case.

Once is kept by the delivery ledger itself: each escalation is one ledger row, keyed by the case and the
threshold, written with ON CONFLICT DO NOTHING, so a scan repeated, two escalators at once or one restarted
after a crash record it once, and the notifier's dispatcher sends it as it sends every message (retries,
parking, the operator's view). A case that crosses several thresholds between two scans (an escalator
started late) is told only the most pressing one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import structlog

from consumers.ledger import Cause, DeliveryLedger
from consumers.messages import Message
from consumers.notices import Templates, citizens_date

log = structlog.get_logger()

EVENT_TYPE = "DeadlineEscalation"


@dataclass(frozen=True)
class DueCase:
    """A case whose term runs: what the supervisor's e-mail says of it."""

    application_id: str
    version: int
    number: str
    kind_label: str
    unit: str  # the unit responsible now: the executing unit once routed, the intake unit before
    due_on: date


@dataclass(frozen=True)
class Threshold:
    """Working days left at or below which a case is escalated; below zero, overdue."""

    days_left: int

    @property
    def notice(self) -> str:
        return f"{EVENT_TYPE}.overdue" if self.days_left < 0 else f"{EVENT_TYPE}.soon"

    @property
    def name(self) -> str:
        return "overdue" if self.days_left < 0 else f"{self.days_left}-days-left"


class Escalator:
    """Scans the running cases and records each supervisor's e-mail due, in the ledger."""

    def __init__(self, ledger: DeliveryLedger, due_cases: Callable[[datetime], Sequence[DueCase]],
                 days_left: Callable[[date, datetime], int], now: Callable[[], datetime],
                 thresholds: Sequence[int], supervisors: Mapping[str, Sequence[str]], unit_label: Callable[[str], str],
                 templates: Templates | None = None, wall_clock: Callable[[], float] = time.time):
        self.ledger = ledger
        self.due_cases = due_cases
        self.days_left = days_left
        self.now = now
        self.thresholds = sorted((Threshold(t) for t in thresholds), key=lambda t: t.days_left)  # most pressing first
        self.supervisors = supervisors
        self.unit_label = unit_label
        self.templates = templates or Templates()
        self.wall_clock = wall_clock  # when the ledger's row is due: the senders' clock, whatever day `now` says

    def scan(self) -> int:
        """Records the escalations due now; returns how many messages were offered to the ledger."""
        now = self.now()
        offered = 0
        with self.ledger.db.transaction() as cursor:
            for case in self.due_cases(now):
                left = self.days_left(case.due_on, now)
                threshold = next((t for t in self.thresholds if left <= t.days_left), None)
                if threshold is None:
                    continue
                messages = self.messages(case, threshold, left)
                self.ledger.record(cursor, self.cause(case, threshold), messages, self.wall_clock())
                offered += len(messages)
        return offered

    def messages(self, case: DueCase, threshold: Threshold, left: int) -> list[Message]:
        addresses = self.supervisors.get(case.unit) or self.supervisors.get("*") or []
        if not addresses:
            log.warning("escalation_without_supervisor", unit=case.unit, number=case.number)
            return []
        values = {"number": case.number, "kind_label": case.kind_label, "unit_label": self.unit_label(case.unit),
                  "due_on": citizens_date(case.due_on), "days_left": str(abs(left))}
        text = self.templates.render(threshold.notice, "email", values)
        if text is None:
            raise ValueError(f"no template {threshold.notice}.email.txt")
        return [Message(key=f"{escalation_id(case, threshold)}/email/{address}", channel="email", recipient=address,
                        subject=text.subject, body=text.body) for address in addresses]

    @staticmethod
    def cause(case: DueCase, threshold: Threshold) -> Cause:
        """What the ledger files the escalation under: the case, and the threshold in place of an event."""
        return Cause(escalation_id(case, threshold), EVENT_TYPE, case.application_id, case.version, case.number)


def escalation_id(case: DueCase, threshold: Threshold) -> str:
    return f"escalation:{case.application_id}:{threshold.name}"


class EscalationLoop:
    """Scans every `interval` seconds until stopped; `wake` is called after a scan that offered messages."""

    def __init__(self, escalator: Escalator, interval: float, wake: Callable[[], None] = lambda: None):
        self.escalator = escalator
        self.interval = interval
        self.wake = wake
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, should_stop: Callable[[], bool]) -> None:
        while not should_stop():
            try:
                if self.escalator.scan():
                    self.wake()
            except Exception:  # a failed scan (the database away) is tried again at the next interval
                log.exception("escalation_scan_failed")
            self._stop.wait(self.interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, args=(self._stop.is_set,), name="escalation", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
