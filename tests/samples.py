"""Sample documents and form fields, as a portal would send them."""

from __future__ import annotations

import struct
import zlib

PAGE = (b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")


def pdf_document(*objects: bytes) -> bytes:
    """A well-formed PDF: the objects numbered from 1 (the first is the catalogue), a cross-reference
    table with their offsets, the trailer, startxref and %%EOF."""
    objects = objects or PAGE
    body, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return body + (b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                   % (len(objects) + 1, table, len(objects) + 1, len(body)))


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_image(width: int = 2, height: int = 2, extra_chunks: bytes = b"") -> bytes:
    """A whole RGB PNG: header, compressed rows of white pixels, end."""
    rows = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + extra_chunks
            + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def jpeg_segment(marker: int, data: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data


def jpeg_image(scan: bytes = b"\xd2\xcf\x20\xff\x00\x8a\x28\xa0") -> bytes:
    """A baseline JPEG's structure: JFIF header, tables, a 1×1 frame, one scan, end of image."""
    return (b"\xff\xd8" + jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + jpeg_segment(0xDB, b"\x00" + bytes(range(1, 65)))
            + jpeg_segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
            + jpeg_segment(0xC4, b"\x00" + b"\x01" + b"\x00" * 15 + b"\x00")
            + jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + scan + b"\xff\xd9")


PDF = pdf_document()
PNG = png_image()
JPEG = jpeg_image()
ZIP = b"PK\x03\x04" + b"\x00" * 32

TECHNICAL_CONDITIONS = {
    "purpose": "individual_house",
    "district": "BIN",
    "place": "Biləcəri qəsəbəsi",
    "house_number": "12",
    "house_number_part": "A",
    "phone": "050 123 45 67",
    "email": "resad.aliyev@example.az",
    "confirmed": "true",
}

METER_INSTALLATION = {
    "subscriber_code": "1001234567",
    "reason": "new_meter",
    "phone": "+994 55 765 43 21",
    "email": "resad.aliyev@example.az",
    "description": "Həyətdə yeni sayğac quraşdırılması xahiş olunur.",
}

SUBSCRIBER_WITH_METER = "1001234568"


def address_document(content: bytes = PDF, name: str = "çıxarış.pdf") -> dict:
    return {"address_document": (name, content, "application/pdf")}
