"""What kind of file an upload is, decided by its content, and the refusals that come first.

An XLSX or ODS file is a ZIP archive (``PK\\x03\\x04``); the old XLS is an OLE2 compound file
(``D0 CF 11 E0 A1 B1 1A E1``); anything else must be text in a known encoding. The name the
file arrived with is never trusted. Before a ZIP is handed to a parser, the sizes its
central directory declares are added up, so a small file that unpacks to gigabytes (a "zip
bomb") is refused without unpacking anything.
"""
from __future__ import annotations

import codecs
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from unionadmin.uploads import MEMBER_ROSTER  # the one upload policy

MAX_UPLOAD_BYTES = MEMBER_ROSTER.max_bytes
MAX_UNZIPPED_BYTES = getattr(settings, "MEMBERS_IMPORT_MAX_UNZIPPED_BYTES", 300 * 1024 * 1024)
MAX_ZIP_RATIO = 200  # XLSX sheets compress 5–30 times; hundreds of times is a bomb
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = getattr(settings, "MEMBERS_IMPORT_MAX_ROWS", 200_000)


def read_at_upload_bytes() -> int:
    """Files up to this size are read at the upload (≈ 0.1 s: 1 MB of XLSX is some 14,000 rows),
    so a file that cannot be read is refused on the form; bigger ones are read by the worker, once."""
    return getattr(settings, "MEMBERS_IMPORT_READ_AT_UPLOAD_BYTES", 1024 * 1024)


ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files that are clearly something else, named in the refusal's log.
OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"MZ", b"\x7fELF")


class ImportRefused(Exception):
    """A file (or mapping) the import will not take; ``code`` names the message in messages.py."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self):
        from .messages import describe

        return describe(self.code, self.params)

    def as_dict(self):
        return {"code": self.code, "params": self.params}


def size_text(n: int) -> str:
    return str(filesizeformat(n))


def check_size(size: int) -> None:
    if size == 0:
        raise ImportRefused("empty_file")
    if size > MAX_UPLOAD_BYTES:
        raise ImportRefused("too_large", size=size_text(size), limit=size_text(MAX_UPLOAD_BYTES))


def sniff(fileobj) -> str:
    """``xlsx``, ``ods``, ``xls`` or ``csv``, from the content; raises ImportRefused otherwise."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if not head:
        raise ImportRefused("empty_file")
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(fileobj)
    if head.startswith(OLE2_MAGIC):
        return "xls"
    if head.startswith(OTHER_MAGIC):
        raise ImportRefused("unknown_kind")
    sample = fileobj.read(64 * 1024)
    fileobj.seek(0)
    detect_encoding(sample)  # refuses binary and unknown encodings
    return "csv"


def _zip_kind(fileobj) -> str:
    try:
        archive = zipfile.ZipFile(fileobj)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRefused("zip_broken") from None
    finally:
        fileobj.seek(0)
    check_zip_sizes(entries, compressed_size=_size_of(fileobj))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet":
        fileobj.seek(0)
        return "ods"
    raise ImportRefused("zip_not_spreadsheet")


def _size_of(fileobj) -> int:
    position = fileobj.tell()
    fileobj.seek(0, 2)
    size = fileobj.tell()
    fileobj.seek(position)
    return size


def check_zip_sizes(entries, compressed_size: int) -> None:
    """Refuse an archive whose declared contents are too big, too many or too compressed."""
    total = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or total > MAX_UNZIPPED_BYTES
        or total > max(compressed_size, 1) * MAX_ZIP_RATIO
        or any(e.compress_size and e.file_size > e.compress_size * MAX_ZIP_RATIO * 5 for e in entries)
    ):
        raise ImportRefused("zip_bomb", limit=size_text(min(MAX_UNZIPPED_BYTES, max(compressed_size, 1) * MAX_ZIP_RATIO)))


BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode text"), or GB18030.

    GB18030 is a superset of GBK and GB2312, which Chinese Excel and WPS write. A sample cut
    in the middle of a character is tolerated at its very end.
    """
    for bom, encoding in BOMS:
        if sample.startswith(bom):
            return encoding
    if b"\x00" in sample:
        raise ImportRefused("unknown_kind")
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(sample, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportRefused("encoding")
