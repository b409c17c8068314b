"""PDFs as an attacker builds them, and a second reader (pypdf) that confirms what they carry.

A test that a file is refused proves something only if the file really carries what it is refused for:
`pypdf_finds` walks the document from its trailer as a reader does, so each hostile file is checked to hold
its script, action or attachment before the service is asked about it.
"""

from __future__ import annotations

import io
import re
import zlib

import pikepdf
import pypdf
from pikepdf import Array, Dictionary, Name, String
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from tests.samples import PAGE, jpeg_image, jpeg_segment, pdf_document, png_chunk, png_image

JAVASCRIPT = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"


def pikepdf_document(change=None, *, pages: int = 1, object_streams: bool = False, **save) -> bytes:
    """A PDF written by qpdf: blank A4 pages, then `change(pdf)` adds whatever the test is about."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    if change is not None:
        change(pdf)
    buffer = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    pdf.save(buffer, object_stream_mode=mode, **save)
    return buffer.getvalue()


def packed_document(packed: list[bytes], stream_dictionary: bytes, encode=zlib.compress,
                    plain: tuple[bytes, ...] = ()) -> bytes:
    """A PDF 1.5 whose catalogue, page tree and page are plain objects 1–3 (then `plain`), and whose
    `packed` objects sit in one object stream, reached through a cross-reference stream, numbered on after
    it. `stream_dictionary` is the object stream's dictionary without /Length."""
    packed_from = 5 + len(plain)
    header = b""
    body = b""
    for index, obj in enumerate(packed):
        header += b"%d %d " % (packed_from + index, len(body))
        body += obj + b"\n"
    data = encode(header + b"\n" + body)
    first = len(header) + 1
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction %d 0 R >>" % packed_from
    plain_objects = [catalog, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
                     stream_dictionary.replace(b">>", b" /N %d /First %d /Length %d >>" % (len(packed), first, len(data)), 1)
                     + b"\nstream\n" + data + b"\nendstream", *plain]
    out, offsets = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", []
    for number, obj in enumerate(plain_objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    entries = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    entries += [b"\x01" + offset.to_bytes(4, "big") + b"\x00\x00" for offset in offsets]
    entries += [b"\x02" + (4).to_bytes(4, "big") + index.to_bytes(2, "big") for index in range(len(packed))]
    xref_number = packed_from + len(packed)
    entries.insert(xref_number, b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00")
    table = b"".join(entries)
    xref_at = len(out)
    out += (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
            % (xref_number, len(entries), len(table)) + table + b"\nendstream\nendobj\n")
    return out + b"startxref\n%d\n%%%%EOF\n" % xref_at


def pypdf_finds(content: bytes, name: str) -> bool:
    """Whether pypdf, walking the document from its trailer, meets `name` as a key or a name value."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    seen, pending = set(), [reader.trailer]
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            if name in obj or any(isinstance(v, NameObject) and v == name for v in dict.values(obj)):
                return True
            pending.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            pending.extend(list.__iter__(obj))
    return False


# --- features a citizen's document must not have -----------------------------------------------------

def _action(**entries) -> Dictionary:
    return Dictionary({f"/{k}": v for k, v in entries.items()})


def _link(pdf: pikepdf.Pdf, action: Dictionary, subtype: str = "/Link", **more) -> None:
    annotation = Dictionary(Type=Name.Annot, Subtype=Name(subtype), Rect=Array([0, 0, 100, 100]), A=action, **more)
    pdf.pages[0].Annots = pdf.make_indirect(Array([pdf.make_indirect(annotation)]))


def _submit_form(pdf: pikepdf.Pdf) -> None:
    _link(pdf, _action(S=Name.SubmitForm, F=String("https://x.example")), "/Widget", FT=Name.Btn, T=String("gonder"))
    pdf.Root.AcroForm = Dictionary(Fields=Array([pdf.pages[0].Annots[0]]))


def _embedded_file(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["hesab.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 a program", mime_type="application/octet-stream")


def _rich_media(pdf: pikepdf.Pdf) -> None:
    content = Dictionary(Assets=Dictionary(Names=Array([String("a.swf"), pdf.make_stream(b"FWS")])))
    annotation = Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([0, 0, 100, 100]),
                            RichMediaContent=content)
    pdf.pages[0].Annots = pdf.make_indirect(Array([annotation]))


def _xfa(pdf: pikepdf.Pdf) -> None:
    form = pdf.make_stream(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>xfa.host.messageBox(1)</script></xdp:xdp>')
    pdf.Root.AcroForm = Dictionary(Fields=Array([]), XFA=form)


def _names_javascript(pdf: pikepdf.Pdf) -> None:
    script = _action(S=Name.JavaScript, JS=String("app.alert(1)"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("hello"), pdf.make_indirect(script)])))


def _page_additional_action(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].AA = Dictionary(O=_action(S=Name.JavaScript, JS=String("app.alert(1)")))


def _open(action) -> callable:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.OpenAction = action(pdf) if callable(action) else action
    return change


FORBIDDEN_FEATURES = {  # id: (what pypdf must find in it, how to add it)
    "open-action-javascript": ("/JavaScript", _open(_action(S=Name.JavaScript, JS=String("app.alert(1)")))),
    "names-javascript": ("/JavaScript", _names_javascript),
    "page-open-javascript": ("/JS", _page_additional_action),
    "launch": ("/Launch", lambda pdf: _link(pdf, _action(S=Name.Launch, F=String("cmd.exe")))),
    "embedded-files": ("/EmbeddedFiles", _embedded_file),
    "rich-media": ("/RichMedia", _rich_media),
    "xfa": ("/XFA", _xfa),
    "submit-form": ("/SubmitForm", _submit_form),
    "import-data": ("/ImportData", lambda pdf: _link(pdf, _action(S=Name.ImportData, F=String("data.fdf")))),
    "go-to-remote": ("/GoToR", lambda pdf: _link(pdf, _action(S=Name.GoToR, F=String("other.pdf"), D=Array([0, Name.Fit])))),
    "open-action-uri": ("/URI", _open(_action(S=Name.URI, URI=String("https://attacker.example")))),
    "open-action-named": ("/Named", _open(_action(S=Name.Named, N=Name.Print))),
    "open-action-go-to-then-script": ("/Next", _open(lambda pdf: _action(
        S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]), Next=_action(S=Name.URI, URI=String("https://x.example"))))),
}


# --- what the byte scanner could be walked around with (each carries a script that pypdf sees) ----------

def _catalog_with(*parts: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R\n" + b"\n".join(parts) + b"\n>>"


def _plain_document(catalog: bytes) -> bytes:
    return pdf_document(catalog, *PAGE[1:])


EVASIONS = {
    "comment-lines-spelling-stream": lambda: _plain_document(_catalog_with(
        b"%stream", b"/OpenAction " + JAVASCRIPT, b"%endstream")),
    "string-literals-spelling-stream": lambda: _plain_document(_catalog_with(
        b"/Lang (stream\n)", b"/OpenAction " + JAVASCRIPT, b"/PageMode /UseNone /PageLabels << /Nums [0 << /P (endstream) >>] >>")),
    "object-stream-key-containing-obj": lambda: packed_document([JAVASCRIPT], b"<< /Type /ObjStm /Filter /FlateDecode /Xobj 1 >>"),
    "two-flate-filters": lambda: packed_document([JAVASCRIPT], b"<< /Type /ObjStm /Filter [/FlateDecode /FlateDecode] >>",
                                                 encode=lambda data: zlib.compress(zlib.compress(data))),
    "indirect-filter": lambda: packed_document([JAVASCRIPT], b"<< /Type /ObjStm /Filter 5 0 R >>", plain=(b"/FlateDecode",)),
    "object-stream-without-type": lambda: packed_document([JAVASCRIPT], b"<< /Filter /FlateDecode >>"),
}


# --- what must be accepted -------------------------------------------------------------------------------

def scanned_document(pages: int = 3) -> bytes:
    """A scan as an office scanner writes it: one JPEG image per page, drawn over the whole page."""
    def add_images(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            image = pdf.make_stream(jpeg_image(), Type=Name.XObject, Subtype=Name.Image, Width=1, Height=1,
                                    ColorSpace=Name.DeviceGray, BitsPerComponent=8, Filter=Name.DCTDecode)
            page.Resources = Dictionary(XObject=Dictionary(Im0=image))
            page.Contents = pdf.make_stream(zlib.compress(b"q 595 0 0 842 0 0 cm /Im0 Do Q"), Filter=Name.FlateDecode)
    return pikepdf_document(add_images, pages=pages, object_streams=True)


# --- bombs -------------------------------------------------------------------------------------------------

def zeros_deflated(megabytes: int) -> bytes:
    """A zlib stream of `megabytes` MiB of zeros, made in milliseconds: one fully flushed deflate block of
    1 MiB repeated (a full flush makes each copy independent of the one before), and the checksum computed
    from its formula (Adler-32 of n zeros is (n mod 65521) << 16 | 1)."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflater.compress(b"\0" * (1 << 20)) + deflater.flush(zlib.Z_FULL_FLUSH)
    size = megabytes << 20
    return b"\x78\xda" + block * megabytes + b"\x03\x00" + (((size % 65521) << 16) | 1).to_bytes(4, "big")


def flate_bomb(megabytes: int = 800) -> bytes:
    """A PDF of a few KiB whose one page's content stream unfolds, through two Flate filters, to `megabytes` MiB."""
    data = zlib.compress(zeros_deflated(megabytes), 9)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>"
    content = b"<< /Filter [/FlateDecode /FlateDecode] /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf_document(PAGE[0], PAGE[1], page, content)


# --- what a reader finds that the cross-references of the newest revision do not lead to -------------------

def updated(base: bytes, objects: dict[int, bytes] | None = None, freed: tuple[int, ...] = ()) -> bytes:
    """`base` with an incremental update appended: `objects` (number: body) written anew, the `freed` object
    numbers marked free (generation 1), and a trailer whose /Prev leads back to the base's cross-references."""
    previous = int(base[base.rindex(b"startxref") + 9:].split()[0])
    out, entries = base, {}
    for number, body in (objects or {}).items():
        entries[number] = b"%010d 00000 n \n" % len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    entries.update({number: b"0000000000 00001 f \n" for number in freed})
    table = b"".join(b"%d 1\n" % number + entries[number] for number in sorted(entries))
    size = int(base[base.rindex(b"/Size") + 5:].split()[0])
    return out + (b"xref\n%strailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                  % (table, size, previous, len(out)))


def with_trailer(trailer: bytes, *objects: bytes) -> bytes:
    """A PDF of the given objects (numbered from 1) whose trailer, after /Size, says `trailer`."""
    document = pdf_document(*objects)
    return document.replace(b"/Root 1 0 R >>", trailer + b" >>", 1)


def pdf_placed_at(start: int, *objects: bytes, header: bytes = b"%PDF-1.4") -> bytes:
    """A PDF of the given objects (numbered from 1) whose cross-references count from `start`: the offsets
    are right once it is embedded `start` bytes into another file (a reader finds it from its end). Its
    header may be left out (`header=b"%"`, the same length: pypdf needs none)."""
    document = header.ljust(8, b" ") + pdf_document(*objects)[8:]
    body_end = document.index(b"xref\n")
    table = document[body_end:]
    shifted = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + start), table)
    xref_at = int(table[table.index(b"startxref") + 9:].split()[0])
    return document[:body_end] + shifted.replace(b"startxref\n%d" % xref_at, b"startxref\n%d" % (xref_at + start))


def image_holding_a_pdf(media_type: str, header: bytes = b"%PDF-1.4") -> bytes:
    """A whole JPEG or PNG with, past the first KiB that the header check reads, a comment or text chunk
    holding a PDF with a script that opens with it: PDF readers find it from the end of the file."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    if media_type == "image/jpeg":
        image = jpeg_image()
        before = image[:2] + jpeg_segment(0xE1, b"Exif\x00\x00" + b"\x00" * 2000) + image[2:-2]
        hidden = pdf_placed_at(len(before) + 4, catalog, *PAGE[1:], JAVASCRIPT, header=header)
        return before + jpeg_segment(0xFE, hidden) + image[-2:]
    image = png_image()
    before = image[:-12] + png_chunk(b"tEXt", b"Comment\x00" + b"." * 2000)
    hidden = pdf_placed_at(len(before) + 8 + 8, catalog, *PAGE[1:], JAVASCRIPT, header=header)
    return before + png_chunk(b"tEXt", b"Comment\x00" + hidden) + image[-12:]
