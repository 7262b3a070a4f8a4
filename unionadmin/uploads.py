"""One policy for every uploaded file: what it may be (judged by its content), how big, and
how it is stored and served back.

Each use of an upload names a ``Policy`` below: an allow-list of kinds and a size limit. A
kind is decided from the bytes, never from the name or the browser's Content-Type: a PDF
starts with ``%PDF-``; a JPEG, PNG, GIF or WebP must be opened by Pillow; an OOXML document
is a ZIP holding ``[Content_Types].xml`` and ``word/``, ``xl/`` or ``ppt/``; an OpenDocument
file a ZIP whose ``mimetype`` says so; the old Office and WPS formats are OLE2 compound files;
text (CSV, TXT) must decode as UTF-8, UTF-16 with a BOM or GB18030 and must not be markup.
HTML, SVG and programs are never accepted, whatever they are called. The name's extension
must agree with the content (except for rosters, which are read by content and never served
back), so the download opens in the right program.

Files are stored under a random name (``random_name``); the original name stays on the row
for display. Every download goes through ``file_response``: ``Content-Disposition:
attachment`` with an RFC 5987 ``filename*`` for Chinese names, a Content-Type from the table
below (never the uploader's), and ``X-Content-Type-Options: nosniff``.
"""
from __future__ import annotations

import codecs
import os
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
MAX_ZIP_ENTRIES = 5000
# A ZIP-based file (OOXML, OpenDocument, ZIP) is judged by what it unpacks to as well, from its
# directory before anything is unpacked: a document packs some 3 to 20 times, a "zip bomb" (a
# small file that unpacks to gigabytes) up to 1,000 times. Past ZIP_RATIO_FROM unpacked, more
# than MAX_ZIP_RATIO times its packed size is refused for every use; a use that reads the file
# (PLAN_SOURCE) also caps the unpacked total. Python's zipfile never unpacks an entry past the
# size its directory gives, so the directory's sizes are a real bound.
MAX_ZIP_RATIO = 100
ZIP_RATIO_FROM = 10 * MB
ZIP_KINDS = frozenset({"word", "excel", "powerpoint", "opendocument", "zip"})
# Programs, recognised to say so in the refusal.
EXECUTABLE = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"#!")
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
MARKUP = re.compile(rb"^\s*<|<\s*(script|html|svg|body|iframe|object|embed)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    extensions: tuple[str, ...]  # the first is the one a stored file gets
    content_type: str


KINDS = {k.code: k for k in [
    Kind("pdf", "PDF", (".pdf",), "application/pdf"),
    Kind("jpeg", "JPEG", (".jpg", ".jpeg"), "image/jpeg"),
    Kind("png", "PNG", (".png",), "image/png"),
    Kind("gif", "GIF", (".gif",), "image/gif"),
    Kind("webp", "WebP", (".webp",), "image/webp"),
    Kind("word", "Word", (".docx", ".docm", ".wps"),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Kind("excel", "Excel", (".xlsx", ".xlsm", ".et"),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Kind("powerpoint", "PowerPoint", (".pptx", ".dps"),
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    Kind("opendocument", "OpenDocument", (".odt", ".ods", ".odp"), "application/octet-stream"),
    Kind("ole2", "Office/WPS", (".doc", ".xls", ".ppt", ".wps", ".et", ".dps"), "application/octet-stream"),
    Kind("zip", "ZIP", (".zip",), "application/zip"),
    Kind("text", "TXT/CSV", (".txt", ".csv"), "text/plain"),  # no charset: UTF-8 or GB18030, and it is a download
]}
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Content-Type by stored extension, for files stored before a kind was recorded.
CONTENT_TYPES = {ext: kind.content_type for kind in reversed(list(KINDS.values())) for ext in kind.extensions}
CONTENT_TYPES[".xls"] = "application/vnd.ms-excel"
CONTENT_TYPES[".doc"] = "application/msword"
CONTENT_TYPES[".csv"] = "text/csv"


class UploadRefused(ValueError):
    """An upload the policy refuses; ``message`` says why, in the active language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


@dataclass(frozen=True)
class Checked:
    kind: str
    original_name: str
    size: int

    @property
    def stored_name(self) -> str:
        return random_name(self.original_name, self.kind)


@dataclass(frozen=True)
class Policy:
    code: str
    kinds: tuple[str, ...]
    max_mb: int
    description: object  # lazy text naming what is accepted, for the help text and refusals
    extension_must_match: bool = True
    extra_extensions: tuple[str, ...] = field(default=())
    not_accepted: object = None  # the refusal of a file of another kind, when the generic one will not do
    max_unpacked_mb: int | None = None  # a ZIP-based file's entries together, unpacked

    @property
    def max_bytes(self) -> int:
        return self.max_mb * MB

    @property
    def extensions(self) -> list[str]:
        return sorted({ext for code in self.kinds for ext in KINDS[code].extensions} | set(self.extra_extensions))

    @property
    def accept(self) -> str:
        """For the ``accept`` attribute of the file input."""
        return ",".join(self.extensions)

    def help_text(self) -> str:
        return gettext("%(accepted)s; at most %(size)s MB.") % {"accepted": self.description, "size": self.max_mb}

    @property
    def help_text_lazy(self):
        """The help text, put into words in the reader's language when shown."""
        return lazy(self.help_text, str)()

    def check(self, upload) -> Checked:
        """The upload's kind if this policy takes it; ``UploadRefused`` with a message otherwise."""
        name = os.path.basename(getattr(upload, "name", "") or "")
        size = upload.size
        if not size:
            raise UploadRefused(gettext("“%(name)s” is empty.") % {"name": name})
        if size > self.max_bytes:
            raise UploadRefused(gettext("“%(name)s” is %(size).1f MB; files here may be at most %(max)s MB.")
                                % {"name": name, "size": size / MB, "max": self.max_mb})
        kind = sniff(upload, self.kinds)
        if kind not in self.kinds:
            raise UploadRefused(_refusal(upload, name, self))
        extension = os.path.splitext(name)[1].lower()
        allowed = KINDS[kind].extensions + self.extra_extensions if self.extension_must_match else self.extensions
        if extension not in allowed:
            raise UploadRefused(gettext(
                "“%(name)s” contains a %(kind)s file but its name ends in “%(extension)s”; rename it to end in "
                "%(expected)s and upload it again.") % {
                "name": name, "kind": KINDS[kind].label, "extension": extension or "—",
                "expected": " / ".join(sorted(allowed))})
        if kind in ZIP_KINDS:
            self._check_unpacked(upload, name)
        upload.seek(0)
        return Checked(kind=kind, original_name=name, size=size)

    def _check_unpacked(self, upload, name):
        unpacked, packed = zip_sizes(upload)
        if self.max_unpacked_mb is not None and unpacked > self.max_unpacked_mb * MB:
            raise UploadRefused(gettext(
                "“%(name)s” unpacks to %(size).1f MB; files here may unpack to at most %(max)s MB. Save a smaller "
                "document (without large pictures) and upload it again.") % {
                "name": name, "size": unpacked / MB, "max": self.max_unpacked_mb})
        if unpacked > ZIP_RATIO_FROM and unpacked > MAX_ZIP_RATIO * max(packed, 1):
            raise UploadRefused(gettext(
                "“%(name)s” unpacks to %(size).0f MB from %(packed).1f MB, far more than any document does; it is "
                "refused so that opening it cannot overwhelm the server.") % {
                "name": name, "size": unpacked / MB, "packed": packed / MB})

    def validator(self, upload):
        """A form field validator (Django's ValidationError)."""
        from django.core.exceptions import ValidationError

        if upload is None or not hasattr(upload, "size") or getattr(upload, "_committed", False):
            return  # no new upload (a stored file kept by a model form)
        try:
            self.check(upload)
        except UploadRefused as refusal:
            raise ValidationError(refusal.message, code="upload_refused") from None


def _refusal(upload, name, policy) -> str:
    head = _head(upload, 512)
    if head.startswith(EXECUTABLE):
        return gettext("“%(name)s” is a program, not a document; programs cannot be uploaded.") % {"name": name}
    if MARKUP.search(head.lstrip(codecs.BOM_UTF8)):
        return gettext("“%(name)s” is a web page or an SVG drawing (HTML/XML); such files cannot be uploaded, "
                       "because they can carry scripts.") % {"name": name}
    known = sniff(upload)  # a kind of ours, only not one this use accepts
    if head.startswith((ZIP, OLE2, b"%PDF-") + IMAGE_MAGIC) and known is None:
        return gettext("“%(name)s” is damaged or incomplete and cannot be opened. Save it again and upload the new "
                       "file.") % {"name": name}
    if known is None and "text" in policy.kinds and _looks_textual(head):
        return gettext("The text of “%(name)s” cannot be read: its characters are written in a way this site does "
                       "not know. Open it in Excel or WPS, save it again as XLSX and upload that file.") % {
            "name": name}
    if policy.not_accepted is not None:
        return str(policy.not_accepted)
    return gettext("“%(name)s” is not %(accepted)s, judging by its content.") % {
        "name": name, "accepted": policy.description}


def _looks_textual(head: bytes) -> bool:
    """Text in an encoding we do not read (UTF-32, Big5 …) rather than some binary file."""
    if head.startswith(tuple(bom for bom, _encoding in BOMS) + UTF32_BOMS):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\r\n\f")
    return b"\x00" not in head and controls <= len(head) // 50


def _head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def random_name(original: str, kind: str | None = None) -> str:
    """A random file name with the extension the content has (or the original's, lower case)."""
    extension = os.path.splitext(original or "")[1].lower()
    if kind is not None and extension not in KINDS[kind].extensions:
        extension = KINDS[kind].extensions[0]
    if not re.fullmatch(r"\.[a-z0-9]{1,9}", extension or ""):
        extension = ""
    return f"{uuid.uuid4().hex}{extension}"


# --- deciding the kind -----------------------------------------------------------------------
def sniff(upload, wanted=None) -> str | None:
    """The kind of the file by its content, or None when it is none of ours."""
    head = _head(upload, 16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if (head.startswith(IMAGE_MAGIC)
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")):
        return _image_kind(upload)
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(ZIP):
        return _zip_kind(upload)
    if wanted is None or "text" in wanted:
        return "text" if _is_plain_text(upload) else None
    return None


def _image_kind(upload) -> str | None:
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = IMAGE_FORMATS.get(image.format)
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged or hostile image
        return None
    finally:
        upload.seek(0)
    return kind


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > MAX_ZIP_ENTRIES:
                return None
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    if entry.read(100).startswith(b"application/vnd.oasis.opendocument"):
                        return "opendocument"
            if "[Content_Types].xml" in names:
                for prefix, kind in (("word/", "word"), ("xl/", "excel"), ("ppt/", "powerpoint")):
                    if any(n.startswith(prefix) for n in names):
                        return kind
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return None
    finally:
        upload.seek(0)


def zip_sizes(upload) -> tuple[int, int]:
    """A ZIP-based file's entries together: (unpacked, packed) bytes, from its directory."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            return sum(e.file_size for e in entries), sum(e.compress_size for e in entries)
    finally:
        upload.seek(0)


BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def _is_plain_text(upload) -> bool:
    """UTF-8, UTF-16 with a BOM or GB18030 text that is not markup (HTML, SVG, XML)."""
    sample = _head(upload, 64 * 1024)
    encoding = next((enc for bom, enc in BOMS if sample.startswith(bom)), None)
    if encoding is None:
        if b"\x00" in sample:
            return False
        for candidate in ("utf-8", "gb18030"):
            try:
                codecs.getincrementaldecoder(candidate)().decode(sample, final=False)
                encoding = candidate
                break
            except UnicodeDecodeError:
                continue
        if encoding is None:
            return False
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    text = text.lstrip("\ufeff")
    if MARKUP.search(text.encode("utf-8", "replace")):
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in text[:4096])


# --- the policies, one per use ---------------------------------------------------------------
OFFICE = ("word", "excel", "powerpoint", "opendocument", "ole2")
IMAGES = ("jpeg", "png", "gif", "webp")

_office_and_images = _("a PDF, an image (JPEG, PNG, GIF, WebP) or an office document (Word, Excel, PowerPoint, "
                       "WPS, OpenDocument)")

EVIDENCE = Policy("evidence", ("pdf",) + IMAGES + OFFICE, 10, _office_and_images)
ENTRY_MATERIAL = Policy("entry_material", ("pdf",) + IMAGES + OFFICE, 20, _office_and_images)
CONGRESS_DOCUMENT = Policy("congress_document", ("pdf",) + IMAGES + OFFICE + ("text",), 5, _(
    "a PDF, an image (JPEG, PNG, GIF, WebP), an office document (Word, Excel, PowerPoint, WPS, OpenDocument) or "
    "plain text"))
PLAN_ATTACHMENT = Policy("plan_attachment", ("pdf", "jpeg", "png") + OFFICE + ("zip",), 20, _(
    "a PDF, an office document (Word, Excel, PowerPoint, WPS, OpenDocument), a JPEG or PNG image or a ZIP archive"))
PHOTO = Policy("photo", IMAGES, 10, _("a photo (JPEG, PNG, GIF or WebP)"))
# A unit's rectification report (整改报告) on an inspection finding: its scan, photos or document.
RECTIFICATION = Policy("rectification", ("pdf",) + IMAGES + OFFICE, 20, _office_and_images)
# A claim's receipts (发票, 清单): a PDF or a photo or scan of the paper.
RECEIPT = Policy("receipt", ("pdf",) + IMAGES, 10, _("a PDF or an image (JPEG, PNG, GIF, WebP)"))
# Rosters are read by content and never served back, so a workbook need not carry the exact
# extension of its format (WPS and older Excel often save an XLSX as .xls).
MEMBER_ROSTER = Policy(
    "member_roster", ("excel", "ole2", "opendocument", "text"),
    getattr(settings, "MEMBERS_IMPORT_MAX_BYTES", 20 * MB) // MB, _("an XLSX, XLS, ODS or CSV spreadsheet"),
    extension_must_match=False,
    not_accepted=_("This is not a spreadsheet or a CSV file. Save it from Excel or WPS as XLSX, XLS or CSV."))
DELEGATE_ROSTER = Policy("delegate_roster", ("excel",), 5, _("an Excel workbook (.xlsx)"))
# A work plan brought in as its Word file: read for its text, never stored.
PLAN_SOURCE = Policy(
    "plan_source", ("word",), 10, _("a Word document (.docx)"), max_unpacked_mb=20,
    not_accepted=_("This is not a Word document in the DOCX format. An older .doc or a WPS file: open it in Word or "
                   "WPS, save it as “Word document (*.docx)” and upload that file, or paste the plan's text instead."))

POLICIES = {p.code: p for p in [EVIDENCE, ENTRY_MATERIAL, CONGRESS_DOCUMENT, PLAN_ATTACHMENT, PHOTO, MEMBER_ROSTER,
                                 DELEGATE_ROSTER, PLAN_SOURCE, RECEIPT, RECTIFICATION]}


# --- serving ---------------------------------------------------------------------------------
def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one as RFC 5987 ``filename*``."""
    filename = (filename or "download").replace("\r", " ").replace("\n", " ")
    base, extension = os.path.splitext(filename)
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("_") or "download"
    fallback += re.sub(r"[^A-Za-z0-9.]", "", extension)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def content_type_for(name: str, kind: str | None = None) -> str:
    """A Content-Type from our own table: the kind's, else the stored extension's, else a download."""
    if kind in KINDS:
        return KINDS[kind].content_type
    return CONTENT_TYPES.get(os.path.splitext(name or "")[1].lower(), "application/octet-stream")


UPLOAD_POLICY = "default-src 'none'; sandbox"


def file_response(stored, *, filename: str, kind: str | None = None) -> FileResponse:
    """The stored file (a FieldFile) as a download; raises FileNotFoundError when it is gone."""
    handle = stored.open("rb")
    response = FileResponse(handle, content_type=content_type_for(stored.name, kind))
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    # An uploaded file is never a page of the site: should a browser show it after all, it may
    # run nothing and fetch nothing (the CSP middleware keeps a header a view has set).
    response["Content-Security-Policy"] = UPLOAD_POLICY
    return response

