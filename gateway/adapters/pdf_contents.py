"""A PDF, opened and walked by qpdf (through pikepdf) the way a reader would, refused if it can act.

A reader decides what a PDF does from the objects its parser loads, so the checks look at the same
objects, not at the bytes: every object the cross-reference sections lead to, those packed in object
streams included; every stream decoded through its whole filter chain; every object stream parsed, even
one nothing points at; and, read a second time with the cross-references rebuilt from the objects in the
file, every object another reader could take instead (from an earlier revision, or written twice). Refused:

- what qpdf cannot open, or opens only by repairing it (another reader would repair it differently);
- an encrypted PDF, whose objects cannot be read without its key;
- scripts, programs, attachments, forms that send data or run XFA, links that open other files:
  `/JavaScript`, `/JS`, `/Launch`, `/EmbeddedFiles`, `/EF`, `/RichMedia`, `/XFA`, `/SubmitForm`,
  `/ImportData`, `/GoToR`, `/GoToE`, `/Rendition`, file attachments;
- an `/OpenAction` or `/AA` that does anything but go to a page of the same document (a `/URI` too:
  opening a document must not open a web page);
- a link to anything but a web page, an e-mail address or a telephone number (`file:`, `javascript:`,
  network shares), and a thread action into another file;
- data after `%%EOF` other than white space and comments (the document would also be something else).

A link to a web page behind a click, and a page of the document shown at start, are accepted.
"""

from __future__ import annotations

import io
import re

import pikepdf

from cases.errors import CostlyDocumentError, DamagedDocumentError, UnsafeDocumentError
from cases.ports import DocumentRefused

MiB = 1024 * 1024
# What one stream may decode to. Not all streams together: each is let go once checked, and the CPU limit
# of the worker (gateway.adapters.document_inspection) bounds the whole document.
DEFAULT_DECODED_BUDGET = 128 * MiB

# Keys that make a PDF run code, carry files or run an XML form, wherever they appear.
_FORBIDDEN_KEYS = {"/JavaScript", "/JS", "/EmbeddedFiles", "/EmbeddedFile", "/EF", "/RichMedia",
                   "/RichMediaContent", "/RichMediaSettings", "/XFA"}
# Values of /S, /Type or /Subtype: actions that run code, start programs, send or fetch data, open other
# files, play media (which may run scripts); annotations that carry files or media.
_FORBIDDEN_KINDS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/Rendition",
                    "/Movie", "/Sound", "/RichMedia", "/RichMediaExecute", "/FileAttachment", "/EmbeddedFile", "/3D"}
# Image codecs qpdf leaves encoded: such a stream holds pixels, not objects, and is left for the viewer.
_IMAGE_CODECS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}
# Warnings of qpdf's about slips that every reader reads alike: a page without /Resources, white space
# before `xref` where startxref points. A /Size larger than needed is one too (_refuse_repairs).
_HARMLESS_WARNINGS = re.compile(r"Resources is missing or invalid; repairing$|extraneous whitespace seen before xref$")
_SIZE_WARNING = re.compile(r"reported number of objects \((\d+)\) is not one plus the highest object number \((\d+)\)$")
_WEB_ADDRESS = re.compile(r"(?:https?://|mailto:|tel:)[^\\]*$", re.IGNORECASE)
_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
_PDF_TAIL = 1024  # readers look this far back from the end for %%EOF
_ONLY_COMMENTS = re.compile(rb"(?:[ \t\r\n\f\x00]|%[^\r\n]*)*")  # what readers ignore after %%EOF


def check_pdf(content: bytes, decoded_budget: int = DEFAULT_DECODED_BUDGET) -> None:
    """Raises DocumentRefused unless the PDF is whole and carries nothing that acts."""
    _check_frame(content)
    try:
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            loaded = _check_parsed(pdf, decoded_budget)
            may_hide = _may_hide_objects(pdf, content, loaded)
        if may_hide:
            _check_as_rebuilt(content)
    except DocumentRefused:
        raise
    except pikepdf.PasswordError:
        raise _unsafe("is encrypted: an encrypted PDF cannot be inspected") from None
    except RecursionError:
        raise _costly("nests its objects too deeply to be inspected") from None
    except Exception as error:  # noqa: BLE001 - whatever the parser cannot read, no one can vouch for
        if isinstance(error, MemoryError) or "std::bad_alloc" in str(error):  # qpdf's, as pikepdf passes it on
            raise _costly("would unfold beyond the memory allowed to inspect a document") from None
        raise _damaged(f"cannot be read as a PDF ({_first_line(error)})") from None


def _check_frame(content: bytes) -> None:
    """The header at byte 0, and %%EOF at the end with nothing after it but white space and comments."""
    if not _HEADER.match(content):
        raise _damaged("has no valid PDF header")
    end = content.rfind(b"%%EOF")
    if end < 0 or len(content) - end > _PDF_TAIL:
        raise _damaged("is cut short (no %%EOF at its end)")
    if not _ONLY_COMMENTS.fullmatch(content[end + 5:]):
        raise _unsafe("carries data after its end (%%EOF)")
    if content.rfind(b"startxref", 0, end) < 0:
        raise _damaged("is cut short (no cross-reference section)")


def _check_parsed(pdf: pikepdf.Pdf, decoded_budget: int) -> set[int]:
    """Checks what qpdf loads; returns the numbers of the objects it loaded."""
    if pdf.is_encrypted:
        raise _unsafe("is encrypted: an encrypted PDF cannot be inspected")
    objects = list(pdf.objects)  # loads every object, those in object streams too
    loaded = {obj.objgen[0] for obj in objects}
    _check_tree(pdf.trailer)  # not an object of its own: a catalogue written into it is walked from here
    for obj in objects:
        _check_tree(obj)
        if isinstance(obj, pikepdf.Stream):
            _check_stream(obj, decoded_budget, loaded)
    _check_opening(pdf)
    _refuse_repairs(pdf)
    return loaded


_LAST_STARTXREF = re.compile(rb"startxref\s+(\d+)(?![\s\S]*startxref)")


_OBJECT_HEADER = re.compile(rb"^[ \t\f\x00]*(\d+)\s+\d+\s+obj\b", re.MULTILINE)  # where qpdf's rebuild looks


def _may_hide_objects(pdf: pikepdf.Pdf, content: bytes, loaded: set[int]) -> bool:
    """Whether a rebuilding reader could find an object qpdf did not load: the file has earlier revisions or
    a hybrid cross-reference, or an object written twice or that no cross-reference leads to. A file of one
    revision, each object written once, is read once (the second reading doubles the cost)."""
    if "/Prev" in pdf.trailer or "/XRefStm" in pdf.trailer:
        return True
    numbers = [int(number) for number in _OBJECT_HEADER.findall(content)]
    return len(numbers) != len(set(numbers)) or not set(numbers) <= loaded


def _check_as_rebuilt(content: bytes) -> None:
    """The objects a reader finds that rebuilds the cross-references from the objects in the file, as a
    lenient viewer does with a damaged file and as others do for an object the newest revision marks free
    (pypdf then takes it from an earlier revision): an object hidden from qpdf's reading, in an older
    revision or written twice, is checked all the same. qpdf is made to rebuild by a startxref pointing
    at the header; its streams were decoded within the budget in the first reading."""
    startxref = _LAST_STARTXREF.search(content)
    if startxref is None:  # the first reading, without recovery, found a cross-reference: not seen, kept as a refusal
        raise _damaged("is cut short (no cross-reference section)")
    damaged = content[:startxref.start(1)] + b"0" * len(startxref.group(1)) + content[startxref.end(1):]
    with pikepdf.open(io.BytesIO(damaged), attempt_recovery=True) as pdf:
        _check_tree(pdf.trailer)
        for obj in pdf.objects:
            _check_tree(obj)
        _check_opening(pdf)


def _check_stream(stream: pikepdf.Stream, budget: int, loaded: set[int]) -> None:
    """Decodes the stream through its filter chain within the budget."""
    if _filters(stream) & _IMAGE_CODECS:
        return  # pixels for the viewer's image decoder, no objects
    data = stream.read_bytes()
    if len(data) > budget:
        raise _costly("unfolds to more data than can be inspected")
    if _is_object_stream(stream):
        _check_unreached_objects(data, stream.get("/N"), stream.get("/First"), loaded)


def _filters(stream: pikepdf.Stream) -> set[str]:
    if "/Filter" not in stream:
        return set()
    chain = stream["/Filter"]
    return {str(f) for f in (chain if isinstance(chain, pikepdf.Array) else [chain])}


def _is_object_stream(stream: pikepdf.Stream) -> bool:
    """An object stream by its type, or by its shape when it does not say (some readers do not ask)."""
    return ("/N" in stream and "/First" in stream) or ("/Type" in stream and _name(stream["/Type"]) == "/ObjStm")


_REFERENCE = re.compile(rb"\b\d+\s+\d+\s+R\b")


def _check_unreached_objects(data: bytes, count, first, loaded: set[int]) -> None:
    """The objects of an object stream that no cross-reference entry leads to, so qpdf did not load them:
    a reader that rebuilds the cross-references would find them. They are parsed on their own, their
    references to other objects read as null (what they point at is checked where it is)."""
    if not isinstance(count, int) or not isinstance(first, int) or not 0 <= first <= len(data):
        raise _damaged("has an object stream with a broken header")
    numbers = data[:first].split()
    if len(numbers) != 2 * count or not all(n.isdigit() for n in numbers):
        raise _damaged("has an object stream with a broken header")
    offsets = sorted({int(n) for n in numbers[1::2]} | {len(data) - first})
    unreached = {int(offset) for number, offset in zip(numbers[::2], numbers[1::2], strict=True) if int(number) not in loaded}
    body = data[first:]
    for start, end in zip(offsets, offsets[1:], strict=False):
        if start in unreached:
            text = _REFERENCE.sub(b"null", body[start:end]).strip()
            _check_tree(pikepdf.Object.parse(text or b"null"))


_CONTAINERS = (pikepdf.Dictionary, pikepdf.Array)
_KIND_KEYS = {"/S", "/Type", "/Subtype"}


def _check_tree(root) -> None:
    """Every dictionary inside this object, not crossing into other indirect objects (walked on their own).

    Written for speed (a document may hold a hundred thousand objects, each call into pikepdf costs
    microseconds): scalars come back as Python values and are skipped by their type, keys are read once."""
    pending = [root]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            children = [value for _, value in obj.items()]
            _check_dictionary(obj, set(obj.keys()))
        elif isinstance(obj, pikepdf.Array):
            children = list(obj)
        else:
            continue
        pending.extend(child for child in children
                       if type(child) is pikepdf.Object and isinstance(child, _CONTAINERS) and not child.is_indirect)


def _check_dictionary(dictionary: pikepdf.Dictionary, keys: set[str]) -> None:
    forbidden = keys & _FORBIDDEN_KEYS
    kinds = {key: _name(dictionary[key]) for key in keys & _KIND_KEYS}
    forbidden |= {kind for kind in kinds.values() if kind is not None} & _FORBIDDEN_KINDS
    if forbidden:
        raise _unsafe("contains " + ", ".join(sorted(forbidden))
                      + ": scripts, actions and attachments are not accepted in documents")
    if "/AA" in keys:
        _check_plain_actions(dictionary["/AA"], "/AA")
    if kinds.get("/S") == "/URI":
        _check_web_address(dictionary["/URI"] if "/URI" in keys else None)
    if kinds.get("/S") == "/Thread" and "/F" in keys:
        raise _unsafe("has a link that opens another file (/Thread /F)")


def _name(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.Name) else None


def _check_web_address(uri) -> None:
    """A link may open a web page, write an e-mail or call: not a local file, a script or a network share
    (a reader that opens `file:` starts programs; one that opens a share gives the Windows password hash away)."""
    text = bytes(uri).decode("latin-1").strip() if isinstance(uri, pikepdf.String) else ""
    if not _WEB_ADDRESS.match(text):
        raise _unsafe(f"has a link to something other than a web page ({text[:60] or 'no address'})")


def _check_opening(pdf: pikepdf.Pdf) -> None:
    """What a reader does on opening the document: at most show one of its pages."""
    opening = pdf.Root.get("/OpenAction")
    if opening is None or isinstance(opening, pikepdf.Array):
        return  # none, or a destination in the document
    _check_goto(opening, "/OpenAction")


def _check_plain_actions(actions, where: str) -> None:
    if not isinstance(actions, pikepdf.Dictionary):
        raise _unsafe(f"has additional actions ({where}) that cannot be read")
    for action in actions.values():
        _check_goto(action, where)


def _check_goto(action, where: str) -> None:
    """An action that goes to a place in this document and does nothing after it."""
    if not (isinstance(action, pikepdf.Dictionary) and action.get("/S") == pikepdf.Name.GoTo and "/Next" not in action):
        kind = action.get("/S") if isinstance(action, pikepdf.Dictionary) else None
        raise _unsafe(f"acts when it is opened or viewed ({where} {kind or 'of an unknown kind'}): "
                      "only a page of the document may be shown")


def _refuse_repairs(pdf: pikepdf.Pdf) -> None:
    repairs = [w for w in pdf.get_warnings() if not (_HARMLESS_WARNINGS.search(w) or _size_larger_than_needed(w))]
    if repairs:
        raise _damaged(f"is damaged and would be read differently by different readers ({_without_source(repairs[0])})")


def _size_larger_than_needed(warning: str) -> bool:
    """A trailer /Size beyond the highest object hides nothing; one below it hides objects from some readers."""
    size = _SIZE_WARNING.search(warning)
    return size is not None and int(size.group(1)) > int(size.group(2))


def _without_source(warning: str) -> str:
    """qpdf names the buffer it read (`stream <_io.BytesIO object at 0x…>`): of no use to the citizen."""
    return re.sub(r"^stream <[^>]*>[,:]? ?", "", warning)[:200]


def _first_line(error: Exception) -> str:
    return _without_source(str(error).splitlines()[0] if str(error) else type(error).__name__)


def _damaged(reason: str) -> DocumentRefused:
    return DocumentRefused(DamagedDocumentError, reason)


def _unsafe(reason: str) -> DocumentRefused:
    return DocumentRefused(UnsafeDocumentError, reason)


def _costly(reason: str) -> DocumentRefused:
    return DocumentRefused(CostlyDocumentError, reason)
