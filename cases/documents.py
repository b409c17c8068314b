"""Uploaded documents: accepted by what they contain, kept by their SHA-256."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from cases.errors import EmptyDocumentError, UnacceptableDocumentError

# The services accept PDF, JPG/JPEG and PNG. The name a file arrives with proves
# nothing, so the type is read from its first bytes.
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ACCEPTED_TYPES = "PDF, JPG, JPEG or PNG"


def sniff_media_type(content: bytes) -> str | None:
    return next((media for magic, media in _SIGNATURES if content.startswith(magic)), None)


def safe_file_name(name: str | None) -> str:
    """The original name, for display only: no folders, no control characters, bounded."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return cleaned[:120] or "document"


@dataclass(frozen=True)
class Upload:
    """A file as received, before it is accepted."""

    field: str
    name: str
    content: bytes

    def accept(self) -> tuple[DocumentRef, bytes]:
        """Checks the content and describes it; raises if it is not an acceptable document."""
        if not self.content:
            raise EmptyDocumentError(f"The file '{self.name}' ({self.field}) is empty.")
        media_type = sniff_media_type(self.content)
        if media_type is None:
            raise UnacceptableDocumentError(
                f"The file '{self.name}' ({self.field}) is not a {ACCEPTED_TYPES} document.")
        ref = DocumentRef(
            role=self.field,
            sha256=hashlib.sha256(self.content).hexdigest(),
            media_type=media_type,
            size=len(self.content),
            name=safe_file_name(self.name),
        )
        return ref, self.content


@dataclass(frozen=True)
class DocumentRef:
    """What an event records of a document: never its bytes."""

    role: str
    sha256: str
    media_type: str
    size: int
    name: str

    def as_dict(self) -> dict:
        return dict(role=self.role, sha256=self.sha256, media_type=self.media_type,
                    size=self.size, name=self.name)
