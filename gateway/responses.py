"""Serving stored documents."""

from __future__ import annotations

from fastapi import Response

from cases.ports import StoredDocument

_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def document_response(document: StoredDocument, stem: str) -> Response:
    """The bytes with their type; the download name is ours, never the uploader's."""
    name = f"{stem}-{document.sha256[:12]}.{_EXTENSIONS[document.media_type]}"
    return Response(document.content, media_type=document.media_type, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff",
        "ETag": f'"{document.sha256}"'})  # Cache-Control: no-store, as every personal answer (gateway.caching)
