"""How much one citizen may have in hand: open applications of each kind, and document bytes per rolling day.

Both are checked before a number is spent or a document stored, and after a retried submission has been
recognised (a retry returns its first result, whatever the citizen has open meanwhile). The counts come
from storage, through the `CitizenUsage` port.
"""

from __future__ import annotations

import abc
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from cases.errors import CaseError

DAY = timedelta(days=1)


class TooManyOpenApplicationsError(CaseError):
    """The citizen has as many open applications of this kind as one may have (422)."""

    code = "too-many-open-applications"

    def __init__(self, limit: int):
        super().__init__(f"You already have {limit} open applications of this kind. Wait until one is answered, "
                         "or withdraw one, before applying again.")


class DocumentQuotaExceededError(CaseError):
    """The documents would take the citizen past their bytes for a rolling day (429, with Retry-After)."""

    code = "document-quota-exceeded"

    def __init__(self, limit: int, retry_after: int):
        amount = f"{limit / 2**20:g} MiB" if limit >= 2**20 else f"{limit} bytes"
        super().__init__(f"These documents would take your uploads of the last 24 hours past {amount}; "
                         f"try again in {retry_after} s.")
        self.retry_after = retry_after


class CitizenUsage(abc.ABC):
    """What one citizen has open and has uploaded, as storage knows it."""

    @abc.abstractmethod
    def open_applications(self, fin: str, kind: str) -> int:
        """Applications of this kind the citizen has that are neither answered nor withdrawn."""

    @abc.abstractmethod
    def uploads_since(self, fin: str, since: datetime) -> list[tuple[datetime, int]]:
        """The citizen's uploads (when, bytes) since that moment, oldest first."""

    @abc.abstractmethod
    def record_upload(self, fin: str, at: datetime, size: int) -> None: ...


@dataclass(frozen=True)
class CitizenQuotas:
    """The two limits, over a usage counter."""

    usage: CitizenUsage
    open_per_kind: int
    upload_bytes_per_day: int

    def check(self, fin: str, kind: str, upload_bytes: int, now: datetime) -> None:
        if self.usage.open_applications(fin, kind) >= self.open_per_kind:
            raise TooManyOpenApplicationsError(self.open_per_kind)
        if upload_bytes:
            self._check_bytes(fin, upload_bytes, now)

    def check_uploads(self, fin: str, upload_bytes: int, now: datetime) -> None:
        """The bytes limit alone: for documents sent to an application already open."""
        if upload_bytes:
            self._check_bytes(fin, upload_bytes, now)

    def record(self, fin: str, upload_bytes: int, now: datetime) -> None:
        if upload_bytes:
            self.usage.record_upload(fin, now, upload_bytes)

    def _check_bytes(self, fin: str, upload_bytes: int, now: datetime) -> None:
        uploads = self.usage.uploads_since(fin, now - DAY)
        over = sum(size for _, size in uploads) + upload_bytes - self.upload_bytes_per_day
        if over <= 0:
            return
        retry_at = now + DAY  # when no past upload leaving the window is enough: these bytes alone are too many
        for at, size in uploads:  # the oldest leave the rolling day first
            over -= size
            if over <= 0:
                retry_at = at + DAY
                break
        raise DocumentQuotaExceededError(self.upload_bytes_per_day, max(1, math.ceil((retry_at - now).total_seconds())))
