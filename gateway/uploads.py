"""Reading uploaded files and bounding request bodies, without trusting sizes the client declares."""

from __future__ import annotations

from fastapi import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cases.documents import Upload
from cases.errors import DocumentTooLargeError
from gateway.problems import RequestTooLargeError

CHUNK = 64 * 1024


async def read_upload(file: UploadFile, field: str, limit: int) -> Upload:
    """Reads at most limit + 1 bytes: enough to know the file is too large, never more."""
    content = bytearray()
    while chunk := await file.read(CHUNK):
        content += chunk
        if len(content) > limit:
            raise DocumentTooLargeError(
                f"The file '{file.filename}' ({field}) is larger than {limit // (1024 * 1024)} MiB.")
    return Upload(field=field, name=file.filename or field, content=bytes(content))


class BodySizeLimit:
    """Refuses a body over the limit: at once by its Content-Length, or while it streams in."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        received = int(declared) if declared.isdigit() and int(declared) > self.limit else 0

        async def counted() -> Message:
            nonlocal received
            if received <= self.limit:  # a body declared too large is refused before it is read
                message = await receive()
                received += len(message.get("body", b""))
            if received > self.limit:
                raise RequestTooLargeError(f"The request is larger than {self.limit // (1024 * 1024)} MiB.")
            return message

        await self.app(scope, counted, send)
