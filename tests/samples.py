"""Sample documents and form fields, as a portal would send them."""

from __future__ import annotations

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
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
