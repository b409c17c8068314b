"""What an upload contains, read far enough to know it is one whole PDF, JPEG or PNG and nothing more.

The name a file arrives with proves nothing. Its type is read from its first bytes, and the file is then
parsed far enough to know it is that type, whole, and nothing more:

- PNG: every chunk's length and CRC, IHDR first, image data that inflates to exactly the size IHDR
  declares, IEND last and nothing after it.
- JPEG: the marker segments from SOI to EOI, a frame header and scan data; after EOI only padding or
  further JPEG images (phones store a preview that way), each checked the same way.
- PDF: opened and walked by a real parser (gateway.adapters.pdf_contents).
- Every type: no ZIP end record in its last 64 KiB (a ZIP reader would open it as an archive), and none of
  the marks a PDF reader looks for anywhere in an image (a PDF reader would open it): one file, one format.

The checks read, they never render. They run in this process: gateway.adapters.document_inspection runs
them in worker processes with a budget of time and memory.
"""

from __future__ import annotations

import zlib

from cases.documents import ACCEPTED_TYPES
from cases.errors import DamagedDocumentError, UnacceptableDocumentError, UnsafeDocumentError
from cases.ports import DocumentInspector, DocumentRefused
from gateway.adapters import pdf_contents

_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
MAX_PIXELS = 40_000_000            # an A4 page scanned at 600 dpi is 35 million
_ZIP_END_RECORD = b"PK\x05\x06"
_ZIP_REACH = 65_535 + 22           # a ZIP reader looks this far back from the end for its end record
# What PDF readers find a PDF by: some want the header in the first KiB, pypdf and qpdf read from the end
# (startxref, %%EOF) wherever the header is, or without one. In an image's comment or text chunk, any of them.
_PDF_MARKS = (b"%PDF-", b"startxref", b"%%EOF")


class ContentInspector(DocumentInspector):
    """The checks, in the calling process, with only the PDF parser's decoding budget to bound them."""

    def __init__(self, decoded_budget: int = pdf_contents.DEFAULT_DECODED_BUDGET):
        self.decoded_budget = decoded_budget

    def media_type_of(self, content: bytes) -> str:
        return media_type_of(content, self.decoded_budget)


def sniff_media_type(content: bytes) -> str | None:
    return next((media for magic, media in _SIGNATURES if content.startswith(magic)), None)


def media_type_of(content: bytes, decoded_budget: int = pdf_contents.DEFAULT_DECODED_BUDGET) -> str:
    """The media type of an acceptable document; raises DocumentRefused with the reason otherwise."""
    media_type = sniff_media_type(content)
    if media_type is None:
        raise DocumentRefused(UnacceptableDocumentError, f"is not a {ACCEPTED_TYPES} document")
    if _ZIP_END_RECORD in content[-_ZIP_REACH:]:
        raise _unsafe("is also a ZIP archive")
    if media_type != "application/pdf" and any(mark in content for mark in _PDF_MARKS):
        raise _unsafe("is also a PDF document")
    if media_type == "application/pdf":
        pdf_contents.check_pdf(content, decoded_budget)
    else:
        {"image/png": _check_png, "image/jpeg": _check_jpeg_file}[media_type](content)
    return media_type


def _damaged(reason: str) -> DocumentRefused:
    return DocumentRefused(DamagedDocumentError, reason)


def _unsafe(reason: str) -> DocumentRefused:
    return DocumentRefused(UnsafeDocumentError, reason)


# --- PNG --------------------------------------------------------------------------------------------

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _check_png(content: bytes) -> None:
    chunks = list(_png_chunks(content))
    if chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise _damaged("does not start with a PNG image header")
    image_data = b"".join(data for kind, data in chunks if kind == b"IDAT")
    if not image_data:
        raise _damaged("has no image data")
    _inflate_exactly(image_data, _png_raw_size(chunks[0][1]))


def _png_chunks(content: bytes):
    position = 8
    while True:
        if position + 12 > len(content):
            raise _damaged("is cut short (no IEND chunk)")
        length = int.from_bytes(content[position:position + 4], "big")
        kind = content[position + 4:position + 8]
        end = position + 12 + length
        if not kind.isalpha() or end > len(content):
            raise _damaged("is cut short or has a broken chunk")
        data = content[position + 8:end - 4]
        if zlib.crc32(kind + data) != int.from_bytes(content[end - 4:end], "big"):
            raise _damaged(f"has a chunk ({kind.decode('ascii')}) whose checksum does not match")
        yield kind, data
        position = end
        if kind == b"IEND":
            break
    if position != len(content):
        raise _unsafe("carries data after the end of the image")


def _png_raw_size(header: bytes) -> int:
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour, interlace = header[8], header[9], header[12]
    if not width or not height or colour not in _CHANNELS or depth not in (1, 2, 4, 8, 16) or interlace > 1:
        raise _damaged("has an impossible image header")
    if width * height > MAX_PIXELS:
        raise DocumentRefused(UnacceptableDocumentError, f"is an image of more than {MAX_PIXELS // 1_000_000} million pixels")
    bits = _CHANNELS[colour] * depth
    if not interlace:
        return height * (1 + (width * bits + 7) // 8)
    size = 0
    for x0, y0, dx, dy in _ADAM7:
        columns, rows = max(0, (width - x0 + dx - 1) // dx), max(0, (height - y0 + dy - 1) // dy)
        if columns and rows:
            size += rows * (1 + (columns * bits + 7) // 8)
    return size


def _inflate_exactly(data: bytes, expected: int) -> None:
    """The compressed image data is one whole zlib stream that unfolds to exactly `expected` bytes."""
    inflater, total, pending = zlib.decompressobj(), 0, data
    try:
        while pending and not inflater.eof:
            total += len(inflater.decompress(pending, 1 << 20))
            if total > expected:
                raise _damaged("holds more image data than its size")
            pending = inflater.unconsumed_tail
    except zlib.error:
        raise _damaged("has image data that does not decompress") from None
    if not inflater.eof or total != expected:
        raise _damaged("is cut short (its image data ends early)")
    if inflater.unused_data:
        raise _unsafe("carries data after its image data")


# --- JPEG -------------------------------------------------------------------------------------------

_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _check_jpeg_file(content: bytes) -> None:
    end = _check_jpeg(content, 0)
    for _ in range(8):  # a few more images may follow: previews of multi-picture files
        rest = content[end:].lstrip(b"\x00")
        if not rest:
            return
        if not rest.startswith(b"\xff\xd8\xff"):
            raise _unsafe("carries data after the end of the image")
        end = _check_jpeg(content, len(content) - len(rest))
    raise _unsafe("carries too many images")


def _check_jpeg(content: bytes, start: int) -> int:
    """Walks the segments of the image starting at `start`; returns the position after its EOI."""
    position, framed, scanned = start + 2, False, False
    while True:
        marker, position = _next_marker(content, position)
        if marker == 0xD9:
            if not scanned:
                raise _damaged("has no image data")
            return position
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a segment
        if marker in (0x00, 0xD8) or position + 2 > len(content):
            raise _damaged("is not a well-formed JPEG")
        length = int.from_bytes(content[position:position + 2], "big")
        if length < 2 or position + length > len(content):
            raise _damaged("is cut short")
        if marker in _FRAMES:
            framed = _frame_is_sound(content[position + 2:position + length])
        position += length
        if marker == 0xDA:
            if not framed:
                raise _damaged("has image data before its frame header")
            scanned, position = True, _end_of_scan(content, position)


def _next_marker(content: bytes, position: int) -> tuple[int, int]:
    if position >= len(content) or content[position] != 0xFF:
        raise _damaged("is cut short (no end-of-image marker)")
    while position < len(content) and content[position] == 0xFF:
        position += 1  # fill bytes
    if position >= len(content):
        raise _damaged("is cut short (no end-of-image marker)")
    return content[position], position + 1


def _frame_is_sound(frame: bytes) -> bool:
    if len(frame) < 6 or not int.from_bytes(frame[3:5], "big") or not frame[5]:
        raise _damaged("has an impossible frame header")
    if int.from_bytes(frame[1:3], "big") * int.from_bytes(frame[3:5], "big") > MAX_PIXELS:
        raise DocumentRefused(UnacceptableDocumentError, f"is an image of more than {MAX_PIXELS // 1_000_000} million pixels")
    return True


def _end_of_scan(content: bytes, position: int) -> int:
    """Entropy-coded data runs until a marker other than a stuffed 0xFF00 or a restart marker."""
    while True:
        found = content.find(b"\xff", position)
        if found < 0 or found + 1 >= len(content):
            raise _damaged("is cut short (its image data ends early)")
        following = content[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            position = found + 1
            continue
        return found
