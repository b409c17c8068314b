"""A PDF's pages as PNG images, drawn by PDFium (pypdfium2) in a worker process within a budget.

So the console shows a citizen's PDF inline without a PDF viewer in the browser: a viewer would run the
document's JavaScript (Chromium's runs some, `app.alert` among them) unless it is sandboxed, and a sandboxed
frame shows no PDF at all. PDFium as pypdfium2 ships it is built without a JavaScript engine and without XFA;
forms are not drawn; only the page's pixels leave the worker. The worker has the inspection's limits
(gateway.adapters.document_inspection): CPU seconds, address space, the lowest priority, a wall clock.
"""

from __future__ import annotations

import struct
import zlib
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass

import structlog
from pebble import ProcessExpired

from gateway.adapters.document_inspection import BudgetedWorkers, allow_cpu_seconds

log = structlog.get_logger()
SCALE = 1.5  # 108 dpi: an A4 page is 893 × 1263 pixels, a few hundred KB as PNG
MAX_PIXELS = 4_000_000  # a page declared a kilometre wide is drawn smaller, not into gigabytes


@dataclass(frozen=True)
class RenderedPage:
    png: bytes
    pages: int  # how many the document has


class PageNotRendered(Exception):
    """The page is not there, or could not be drawn within the budget."""


class PdfPages:
    def __init__(self, cpu_seconds: float, memory_mib: int, wall_seconds: float):
        self.cpu_seconds, self.memory_mib, self.wall_seconds = cpu_seconds, memory_mib, wall_seconds
        self.pool = BudgetedWorkers(1, memory_mib, tasks_per_worker=100)

    def page(self, content: bytes, number: int) -> RenderedPage:
        future = self.pool.schedule(_render_in_worker, (content, number, self.cpu_seconds), self.wall_seconds)
        try:
            rendered = future.result()
        except (FutureTimeoutError, ProcessExpired) as ended:
            log.warning("pdf_page_not_rendered", reason=type(ended).__name__, size=len(content))
            raise PageNotRendered() from None
        if rendered is None:
            raise PageNotRendered()
        return rendered

    def close(self) -> None:
        self.pool.close()


def _render_in_worker(content: bytes, number: int, cpu_seconds: float) -> RenderedPage | None:
    import pypdfium2  # in the worker only: the service process never loads PDFium

    allow_cpu_seconds(cpu_seconds)
    try:
        document = pypdfium2.PdfDocument(content)
        pages = len(document)
        if not 1 <= number <= pages:
            return None
        page = document[number - 1]
        width, height = page.get_size()
        scale = min(SCALE, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
        bitmap = page.render(scale=scale, may_draw_forms=False, rev_byteorder=True, prefer_bgrx=False)
        return RenderedPage(png_of(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride), pages)
    except (pypdfium2.PdfiumError, MemoryError):
        return None


def png_of(rgb: bytes, width: int, height: int, stride: int) -> bytes:
    """An 8-bit RGB PNG of the rows: encoding our own pixels takes a dozen lines, not an imaging library."""
    rows = b"".join(b"\x00" + rgb[y * stride:y * stride + width * 3] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")
