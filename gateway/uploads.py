"""Reading uploaded files and bounding request bodies, without trusting sizes the client declares.

Limits are enforced while the body streams in, not after it has been read: the whole request by its
declared Content-Length at once and by the bytes actually received, and each file of a multipart form by
the bytes of that part, counted by a parser that follows the body as it passes. A 2 GiB "document" is
refused after its first `max_document_bytes`, before it is spooled anywhere.
"""

from __future__ import annotations

import codecs
from urllib.parse import unquote_to_bytes

from fastapi import UploadFile
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cases.documents import Upload, safe_file_name
from cases.errors import DocumentTooLargeError
from gateway.problems import RequestTooLargeError, problem
from schemas.text import decoded_utf8

CHUNK = 64 * 1024
MAX_PARTS = 32  # the largest form has a dozen fields and two files
MAX_BOUNDARY = 70  # RFC 2046, 5.1.1: a longer one is no multipart body a real client sends


async def read_upload(file: UploadFile, field: str, limit: int) -> Upload:
    """Reads at most limit + 1 bytes: enough to know the file is too large, never more."""
    content = bytearray()
    while chunk := await file.read(CHUNK):
        content += chunk
        if len(content) > limit:
            raise DocumentTooLargeError(f"The file '{safe_file_name(file.filename)}' ({field}) is larger than {_mib(limit)}.")
    return Upload(field=field, name=file.filename or field, content=bytes(content))


class PartTooLargeError(RequestTooLargeError):
    """One file of a multipart form is over the document limit (413, `document-too-large`)."""

    problem_type = "document-too-large"


class InvalidTextError(StarletteHTTPException):
    """Text of the request (a form field, the query, the path) that is not valid UTF-8 (422)."""

    problem_type = "invalid-request"

    def __init__(self, detail: str):
        super().__init__(status_code=422, detail=detail)


class PartCounter:
    """Follows a multipart body as it streams and refuses a file part over the limit, or too many parts."""

    def __init__(self, boundary: bytes, file_limit: int):
        self.file_limit = file_limit
        self.parts = 0
        self._size = 0
        self._field = b""
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self.parser: MultipartParser | None = MultipartParser(boundary, {
            "on_part_begin": self._begin, "on_part_data": self._data, "on_header_field": self._header_field,
            "on_header_value": self._header_value_part, "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished, "on_part_end": self._end,
        })
        self._text: codecs.IncrementalDecoder | None = None

    def feed(self, chunk: bytes) -> None:
        if self.parser is None:
            return  # stopped counting at a malformed body
        try:
            self.parser.write(chunk)
        except MultipartParseError:
            self.parser = None  # a malformed body is for the form parser to refuse (400); we stop counting

    def _begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise RequestTooLargeError(f"The form has more than {MAX_PARTS} parts.")
        self._size, self._field, self._headers = 0, b"", {}

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_part(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[bytes(self._header_name).lower()] = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._field = options.get(b"name", b"") if b"filename" in options else b""
        self._text = None if self._field else codecs.getincrementaldecoder("utf-8")()

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._size += end - start
        if self._text is not None:
            self._decode(self._text, data[start:end])
        if self._field and self._size > self.file_limit:
            field = self._field.decode("utf-8", "replace")[:64]
            raise PartTooLargeError(f"The file of '{field}' is larger than {_mib(self.file_limit)}.")

    def _end(self) -> None:
        if self._text is not None:
            self._decode(self._text, b"", final=True)

    @staticmethod
    def _decode(text: codecs.IncrementalDecoder, data: bytes, final: bool = False) -> None:
        """A text field must be UTF-8: the form parser would silently read other bytes as Latin-1."""
        try:
            text.decode(data, final)
        except UnicodeDecodeError:
            raise InvalidTextError("A text field of the form is not valid UTF-8.") from None


class BodySizeLimit:
    """Refuses a body over the limit: at once by its Content-Length, or while it streams in; and a file
    of a multipart form over the document limit, while it streams in.

    Only a multipart form may be as large as `limit`; any other body (JSON, or one without a type, which
    the framework reads as JSON too) is held to the much smaller `json_limit`, so a flood of keys is
    refused before it is parsed."""

    def __init__(self, app: ASGIApp, limit: int, file_limit: int | None = None, json_limit: int | None = None):
        self.app = app
        self.limit = limit
        self.file_limit = file_limit
        self.json_limit = json_limit or limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        kind, options = parse_options_header(headers.get(b"content-type", b""))
        refused = _malformed(scope, kind, options)
        if refused is not None:
            return await refused(scope, receive, send)
        limit = self.limit if kind == b"multipart/form-data" else self.json_limit
        declared = headers.get(b"content-length", b"0")
        received = int(declared) if declared.isdigit() and int(declared) > limit else 0
        parts = self._part_counter(kind, options)

        async def counted() -> Message:
            nonlocal received
            if received <= limit:  # a body declared too large is refused before it is read
                message = await receive()
                body = message.get("body", b"")
                received += len(body)
                if parts is not None and parts.parser is not None and body and received <= limit:
                    parts.feed(body)
            if received > limit:
                raise RequestTooLargeError(f"The request is larger than {_mib(limit)}.")
            return message

        await self.app(scope, counted, send)

    def _part_counter(self, kind: bytes, options: dict) -> PartCounter | None:
        boundary = options.get(b"boundary")
        if self.file_limit is None or kind != b"multipart/form-data" or not boundary:
            return None
        return PartCounter(boundary, self.file_limit)


def _malformed(scope: Scope, kind: bytes, options: dict) -> JSONResponse | None:
    """The answer to a request refused before its body is read: text that is not UTF-8 in its path or
    query, or a multipart boundary too long to be parsed part by part."""
    if not _is_utf8(scope):
        error = "The path or the query is not valid UTF-8 once its %-escapes are decoded."
        return problem(Request(scope), 422, "invalid-request", error)
    if kind == b"multipart/form-data" and len(options.get(b"boundary", b"")) > MAX_BOUNDARY:
        error = f"The multipart boundary is longer than the {MAX_BOUNDARY} characters RFC 2046 allows."
        return problem(Request(scope), 400, "bad-multipart-boundary", error)
    return None


def _is_utf8(scope: Scope) -> bool:
    try:
        decoded_utf8(unquote_to_bytes(scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")))
        decoded_utf8(unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" ")))
    except ValueError:
        return False
    return True


def _mib(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:g} KiB"
    return f"{size / (1024 * 1024):g} MiB"
