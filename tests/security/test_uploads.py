"""Uploads over HTTP: limits enforced while the body streams in, fakes refused with nothing recorded, and the
names files arrive with never used as paths."""

from __future__ import annotations

import asyncio
import hashlib
import io
import socket
import threading
import time
import zipfile
from statistics import median

import httpx
import psycopg
import pytest
import uvicorn

from gateway.app import create_app
from gateway.bootstrap import bootstrap
from gateway.settings import Settings
from tests.conftest import signed_in_with
from tests.fakes import FixedClock
from tests.hostile_documents import EVASIONS, FORBIDDEN_FEATURES, flate_bomb, pikepdf_document, scanned_document
from tests.http.problems import assert_problem
from tests.samples import PDF, PNG, TECHNICAL_CONDITIONS, address_document, pdf_document

MiB = 1024 * 1024
BOUNDARY = "azersu-boundary-7f3a"


def submit(client, headers, content: bytes, name: str = "çıxarış.pdf"):
    return client.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                       files=address_document(content, name), headers=headers)


def count(client, headers) -> int:
    return client.get("/v1/applications", headers=headers).json()["count"]


# --- fakes over HTTP ------------------------------------------------------------------------------------

def test_a_pdf_with_javascript_is_refused_as_unsafe_and_nothing_is_recorded(quick_client, quick_token):
    citizen = quick_token("citizen")
    active = pdf_document(b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
                          b"<< /Type /Pages /Kids [] /Count 0 >>")
    body = assert_problem(submit(quick_client, citizen, active), 415, "unsafe-document")
    assert "/JavaScript" in body["detail"] and "address_document" in body["detail"]
    assert count(quick_client, citizen) == 0


def stored_documents(settings: Settings) -> int:
    """Document files or rows, however the backend keeps them."""
    if settings.uses_postgres:
        with psycopg.connect(settings.database_url) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    return sum(1 for path in (settings.data_dir / "documents").rglob("*") if path.is_file())


HOSTILE_PDFS = {**{name: build for name, build in EVASIONS.items()},
                **{name: (lambda change=change: pikepdf_document(change)) for name, (_, change) in FORBIDDEN_FEATURES.items()}}


@pytest.mark.parametrize("hostile", ["comment-lines-spelling-stream", "two-flate-filters", "object-stream-without-type",
                                     "embedded-files", "open-action-uri", "launch"])
def test_a_pdf_that_a_reader_would_let_act_is_refused_and_nothing_is_stored(client, token, settings, hostile):
    citizen = token("citizen")
    body = assert_problem(submit(client, citizen, HOSTILE_PDFS[hostile]()), 415, "unsafe-document")
    assert "address_document" in body["detail"]
    assert count(client, citizen) == 0
    assert stored_documents(settings) == 0


def test_a_scanned_pdf_of_several_pages_is_accepted_and_served_back_as_it_came(client, token):
    scan = scanned_document(pages=4)
    submitted = submit(client, token("citizen"), scan, "skan.pdf")
    assert submitted.status_code == 201, submitted.text
    digest = hashlib.sha256(scan).hexdigest()
    served = client.get(f"/v1/cases/{submitted.json()['id']}/documents/{digest}", headers=token("employee"))
    assert (served.status_code, served.content) == (200, scan)


def test_a_png_that_is_also_a_zip_is_refused_as_unsafe(quick_client, quick_token):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("x.js", "alert(1)")
    citizen = quick_token("citizen")
    assert_problem(submit(quick_client, citizen, PNG + archive.getvalue(), "foto.png"), 415, "unsafe-document")
    assert count(quick_client, citizen) == 0


def test_a_truncated_pdf_is_refused_as_damaged_and_nothing_is_recorded(quick_client, quick_token):
    citizen = quick_token("citizen")
    assert_problem(submit(quick_client, citizen, PDF[:-40]), 422, "damaged-document")
    assert count(quick_client, citizen) == 0


def test_a_dry_run_refuses_a_fake_document_as_the_submission_would(quick_client, quick_token):
    response = quick_client.post("/v1/applications/technical-conditions?dry_run=true", data=TECHNICAL_CONDITIONS,
                                 files=address_document(PNG[:-12], "foto.png"), headers=quick_token("citizen"))
    assert_problem(response, 422, "damaged-document")


def test_a_file_name_that_climbs_out_of_folders_is_kept_only_as_a_display_name(quick_client, quick_token, sqlite_settings):
    citizen = quick_token("citizen")
    target = sqlite_settings.data_dir.parent / "escaped.pdf"
    submitted = submit(quick_client, citizen, PDF, name="../../escaped.pdf")
    assert submitted.status_code == 201, submitted.text
    case = quick_client.get(f"/v1/cases/{submitted.json()['id']}", headers=quick_token("employee")).json()
    assert case["documents"][0]["name"] == "escaped.pdf"
    assert not target.exists()
    stored = [p.name for p in (sqlite_settings.data_dir / "documents").rglob("*") if p.is_file()]
    assert hashlib.sha256(PDF).hexdigest() in "".join(stored)
    assert all("escaped" not in name for name in stored)


# --- limits while streaming -------------------------------------------------------------------------------

class StreamedUpload:
    """Drives the ASGI app directly with a multipart body that arrives in chunks, never all at once, and
    records how much of it the service read before answering."""

    def __init__(self, settings: Settings, total_bytes: int, chunk: int = 64 * 1024, declare_length: bool = False,
                 signed_in: bool = True):
        self.settings, self.total, self.chunk, self.declare = settings, total_bytes, chunk, declare_length
        self.signed_in = signed_in
        self.sent = 0
        self.status: int | None = None
        self.body = b""

    def parts(self):
        head = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                       for k, v in TECHNICAL_CONDITIONS.items())
        head += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="address_document"; filename="big.pdf"\r\n'
                 "Content-Type: application/pdf\r\n\r\n")
        yield head.encode() + PDF
        while self.sent < self.total:
            yield b"0" * self.chunk
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    def run(self) -> StreamedUpload:
        services = bootstrap(self.settings, clock=FixedClock())
        app = create_app(self.settings, services)
        app.state.services = services
        chunks = self.parts()
        headers = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
                   *(signed_in_with(self.settings)("citizen").items() if self.signed_in else [])]
        if self.declare:
            headers.append((b"content-length", str(self.total + 4096).encode()))
        scope = {"type": "http", "http_version": "1.1", "method": "POST", "scheme": "http", "root_path": "",
                 "path": "/v1/applications/technical-conditions", "raw_path": b"/v1/applications/technical-conditions",
                 "query_string": b"", "server": ("testserver", 80), "client": ("127.0.0.1", 5000),
                 "headers": [(k.lower().encode() if isinstance(k, str) else k, v.encode() if isinstance(v, str) else v)
                             for k, v in headers]}

        async def receive():
            piece = next(chunks, None)
            if piece is None:
                return {"type": "http.request", "body": b"", "more_body": False}
            self.sent += len(piece)
            return {"type": "http.request", "body": piece, "more_body": True}

        async def send(message):
            if message["type"] == "http.response.start":
                self.status = message["status"]
            elif message["type"] == "http.response.body":
                self.body += message.get("body", b"")

        asyncio.run(app(scope, receive, send))
        services.close()
        return self


def test_a_file_over_the_document_limit_is_refused_while_it_streams_not_after(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, max_document_bytes=1 * MiB, max_request_bytes=512 * MiB)
    upload = StreamedUpload(settings, total_bytes=400 * MiB).run()
    assert upload.status == 413
    assert b"document-too-large" in upload.body and b"address_document" in upload.body
    assert upload.sent < 2 * MiB  # of the 400 MiB on offer, the service read a little over the limit


def test_a_body_over_the_request_limit_is_refused_while_it_streams(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, max_document_bytes=512 * MiB, max_request_bytes=2 * MiB)
    upload = StreamedUpload(settings, total_bytes=400 * MiB).run()
    assert upload.status == 413
    assert b"request-too-large" in upload.body
    assert upload.sent < 3 * MiB


def test_a_body_declared_over_the_request_limit_is_refused_before_any_of_it_is_read(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path, max_request_bytes=2 * MiB)
    upload = StreamedUpload(settings, total_bytes=400 * MiB, declare_length=True).run()
    assert upload.status == 413
    assert upload.sent == 0


def test_an_anonymous_upload_is_refused_before_any_of_its_body_is_read(tmp_path):
    upload = StreamedUpload(Settings(_env_file=None, data_dir=tmp_path), total_bytes=50 * MiB, signed_in=False).run()
    assert upload.status == 401
    assert upload.sent == 0


# --- a document that costs more than it may -----------------------------------------------------------------

class ServedInThread:
    """The app under uvicorn on a loopback port of its own, in a thread: requests cross a real socket, the
    event loop and the thread pool as they do in production. Stopped on leaving."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def __enter__(self) -> str:
        self.services = bootstrap(self.settings, clock=FixedClock())
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.server = uvicorn.Server(uvicorn.Config(create_app(self.settings, self.services), log_level="warning",
                                                    access_log=False))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()
        self.services.close()


async def status_page_latencies(http: httpx.AsyncClient, citizen: dict, until) -> list[float]:
    """A citizen's status page, asked again and again (about 50 a second) until `until()` says stop."""
    latencies = []
    while not until():
        started = time.perf_counter()
        response = await http.get("/v1/applications", headers=citizen)
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200
        await asyncio.sleep(0.02)
    return latencies


def p99(latencies: list[float]) -> float:
    return sorted(latencies)[max(0, int(len(latencies) * 0.99) - 1)]


BOMBS = 8
BOMB_MIB = 800
# Generous on a shared two-core machine: the bombs must not cost the status page more than half a second at
# its 99th percentile (inspected in the service's own process, eight of them held it for over 7 s).
ALLOWED_P99_INCREASE = 0.5


async def bombs_beside_status_pages(base: str, token) -> tuple[list[float], list[float], list[httpx.Response]]:
    citizen = token("citizen")
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        first = await http.post("/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS,
                                files=address_document(PDF), headers=citizen)
        assert first.status_code == 201, first.text
        warm_until = time.perf_counter() + 1  # the first requests prepare statements and fill caches
        await status_page_latencies(http, citizen, lambda: time.perf_counter() > warm_until)
        calm_until = time.perf_counter() + 4
        calm = await status_page_latencies(http, citizen, lambda: time.perf_counter() > calm_until)
        bomb = flate_bomb(BOMB_MIB)
        uploads = [asyncio.create_task(http.post(
            "/v1/applications/technical-conditions", data=TECHNICAL_CONDITIONS, files=address_document(bomb),
            headers=token("citizen", sub=f"BOMB{n:03d}"))) for n in range(BOMBS)]
        during = await status_page_latencies(http, citizen, lambda: all(u.done() for u in uploads))
        return calm, during, [u.result() for u in uploads]


def test_pdf_bombs_are_refused_as_too_costly_without_slowing_the_status_pages(settings):
    token = signed_in_with(settings)
    with ServedInThread(settings) as base:
        calm, during, refused = asyncio.run(bombs_beside_status_pages(base, token))
        figures = (f"status page p99 {p99(calm) * 1000:.1f} ms (median {median(calm) * 1000:.1f}) without bombs "
                   f"({len(calm)} requests), {p99(during) * 1000:.1f} ms (median {median(during) * 1000:.1f}) during "
                   f"{BOMBS} bombs of {BOMB_MIB} MiB ({len(during)} requests)")
        print(figures)
        for response in refused:
            body = assert_problem(response, 422, "document-too-costly")
            assert "could not be inspected within" in body["detail"]
        assert p99(during) < p99(calm) + ALLOWED_P99_INCREASE, figures
        with httpx.Client(base_url=base) as http:
            assert [count(http, token("citizen", sub=f"BOMB{n:03d}")) for n in range(BOMBS)] == [0] * BOMBS
