"""Document stores: files under the data folder (embedded), or a Postgres table (shared by replicas)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cases.ports import DocumentStore, StoredDocument
from projections.sql import Database


class FileDocumentStore(DocumentStore):
    """documents/ab/abcdef….pdf: written to a temporary name, then renamed, so no reader sees half a file."""

    _EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}

    def __init__(self, folder: Path):
        self.folder = folder

    def put(self, sha256: str, media_type: str, content: bytes) -> None:
        path = self._path(sha256, media_type)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as part:
            part.write(content)
        os.replace(part.name, path)

    def get(self, sha256: str) -> StoredDocument | None:
        for media_type in self._EXTENSIONS:
            path = self._path(sha256, media_type)
            if path.exists():
                return StoredDocument(sha256, media_type, path.read_bytes())
        return None

    def _path(self, sha256: str, media_type: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.folder / sha256[:2] / f"{sha256}{self._EXTENSIONS[media_type]}"


class SqlDocumentStore(DocumentStore):
    def __init__(self, db: Database):
        self.db = db

    def create_tables(self) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(f"""CREATE TABLE IF NOT EXISTS documents (
                sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, size BIGINT NOT NULL, content {self.db.blob_type} NOT NULL)""")

    def put(self, sha256: str, media_type: str, content: bytes) -> None:
        with self.db.transaction() as cursor:
            cursor.execute(
                "INSERT INTO documents (sha256, media_type, size, content) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (sha256) DO NOTHING", (sha256, media_type, len(content), content))

    def get(self, sha256: str) -> StoredDocument | None:
        with self.db.transaction() as cursor:
            row = cursor.execute("SELECT media_type, content FROM documents WHERE sha256 = %s", (sha256,)).fetchone()
        return StoredDocument(sha256, row["media_type"], bytes(row["content"])) if row else None
