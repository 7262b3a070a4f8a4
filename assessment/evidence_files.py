"""What an evidence upload is, judged by its content, never by its name.

Accepted: PDF, JPEG, PNG, GIF, WebP, and office documents — Word, Excel, PowerPoint (both the
OOXML zip formats and the old OLE2 ones), WPS, and OpenDocument. The first bytes decide the
family; a ZIP must hold the entries of an office document (``word/``, ``xl/``, ``ppt/`` or an
OpenDocument ``mimetype``), so an archive or an executable renamed to .docx is refused. The
name's extension must agree with the content (a PNG called .pdf is refused too, so the
download opens in the right program).
"""
from __future__ import annotations

import os
import zipfile

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
MAX_MB = MAX_BYTES // (1024 * 1024)
MAX_FILES_PER_ITEM = 10

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"

# kind → extensions a file of that content may carry
EXTENSIONS = {
    "pdf": {".pdf"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "gif": {".gif"},
    "webp": {".webp"},
    "word": {".docx", ".docm"},
    "excel": {".xlsx", ".xlsm"},
    "powerpoint": {".pptx"},
    "opendocument": {".odt", ".ods", ".odp"},
    "ole2": {".doc", ".xls", ".ppt", ".wps", ".et", ".dps"},
}
# Labels for the list of evidence (and the help text).
LABELS = {
    "pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WebP", "word": "Word", "excel": "Excel",
    "powerpoint": "PowerPoint", "opendocument": "OpenDocument", "ole2": "Office/WPS",
}
ACCEPT = ",".join(sorted({ext for exts in EXTENSIONS.values() for ext in exts}))


class EvidenceFileError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > 5000:
                return None
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "opendocument"
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "word"
                if any(n.startswith("xl/") for n in names):
                    return "excel"
                if any(n.startswith("ppt/") for n in names):
                    return "powerpoint"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


def sniff(upload) -> str | None:
    """The kind of file by its content, or None when it is none we accept."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE2):
        return "ole2"
    if head.startswith(ZIP):
        return _zip_kind(upload)
    return None


def check_upload(upload) -> str:
    """The content kind of an acceptable upload; EvidenceFileError with a message otherwise."""
    name = os.path.basename(upload.name or "")
    if upload.size == 0:
        raise EvidenceFileError(_("“%(name)s” is empty.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise EvidenceFileError(_("“%(name)s” is %(size).1f MB; evidence files may be at most %(max)s MB.")
                                % {"name": name, "size": upload.size / 1024 / 1024, "max": MAX_MB})
    kind = sniff(upload)
    if kind is None:
        raise EvidenceFileError(_(
            "“%(name)s” is not a PDF, an image (JPEG, PNG, GIF, WebP) or an office document (Word, Excel, "
            "PowerPoint, WPS, OpenDocument), judging by its content.") % {"name": name})
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS[kind]:
        raise EvidenceFileError(_(
            "“%(name)s” contains a %(kind)s file but its name ends in “%(extension)s”; rename it to end in "
            "%(expected)s and upload it again.") % {
            "name": name, "kind": LABELS[kind], "extension": extension or "—",
            "expected": " / ".join(sorted(EXTENSIONS[kind]))})
    return kind
