"""Uploaded documents: accepted by what they contain, kept by their SHA-256.

The name a file arrives with proves nothing: a DocumentInspector (cases.ports) reads the content and says
which of the accepted types it is, or why it is refused. What is refused and how the content is read is the
inspector's (gateway.adapters.document_contents); what an accepted document is, is here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from cases.errors import EmptyDocumentError
from cases.ports import DocumentInspector, DocumentRefused

ACCEPTED_TYPES = "PDF, JPG, JPEG or PNG"


def safe_file_name(name: str | None) -> str:
    """The original name, for display only: no folders, no control characters, bounded."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return cleaned[:120] or "document"


# --- the upload -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    """A file as received, before it is accepted."""

    field: str
    name: str
    content: bytes

    def accept(self, inspector: DocumentInspector) -> tuple[DocumentRef, bytes]:
        """Has the content inspected and describes it; raises if it is not an acceptable document."""
        if not self.content:
            raise EmptyDocumentError(f"The file '{self.display_name}' ({self.field}) is empty.")
        try:
            media_type = inspector.media_type_of(self.content)
        except DocumentRefused as refusal:
            raise refusal.error_type(f"The file '{self.display_name}' ({self.field}) {refusal.reason}.") from None
        ref = DocumentRef(
            role=self.field,
            sha256=hashlib.sha256(self.content).hexdigest(),
            media_type=media_type,
            size=len(self.content),
            name=self.display_name,
        )
        return ref, self.content

    @property
    def display_name(self) -> str:
        return safe_file_name(self.name)


@dataclass(frozen=True)
class DocumentRef:
    """What an event records of a document: never its bytes."""

    role: str
    sha256: str
    media_type: str
    size: int
    name: str

    def as_dict(self) -> dict[str, str | int]:
        return dict(role=self.role, sha256=self.sha256, media_type=self.media_type,
                    size=self.size, name=self.name)
