"""Files a hostile or careless user uploads, and what every upload use must do with them
(issue 13, item 11): refuse HTML, an SVG with a script, a program renamed .pdf and a file over
the limit with a clear message, storing nothing; store a good file under a random name; serve
it back as an attachment with a safe type and ``nosniff``."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile

HTML = b"<!DOCTYPE html><html><body><script>fetch('/members/?q=' + document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.domain)</script><rect width="10" height="10"/></svg>')
EXE = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 54 + b"This program cannot be run in DOS mode.\r\n"
       + b"\x00" * 200)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"

RANDOM_NAME = re.compile(r"(^|/)[0-9a-f]{32}\.[a-z0-9]+$")
SAFE_TYPES = ("application/pdf", "image/png", "image/jpeg", "application/vnd.openxmlformats-officedocument",
              "application/octet-stream", "text/plain", "application/zip")


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def xlsx(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    # The browser's Content-Type is the uploader's to choose: claim the harmless one.
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def hostile(max_bytes: int, good_name: str, good_head: bytes):
    """(case, (name, content), words the refusal must contain) for every file no use may take;
    each test makes its own upload of it (``upload(*bad)``)."""
    oversize = good_head + b"\x00" * (max_bytes + 1 - len(good_head))
    return [
        ("html", ("通知.html", HTML), "cannot be uploaded"),
        ("svg", ("图标.svg", SVG), "cannot be uploaded"),
        ("exe renamed .pdf", ("说明.pdf", EXE), "programs cannot be uploaded"),
        ("html renamed like a good file", (good_name, HTML), "cannot be uploaded"),
        ("oversize", (good_name, oversize), "at most"),
    ]


def stored_files(media_root) -> set[str]:
    root = Path(media_root)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def assert_refused(response, words: str):
    assert response.status_code in (200, 302), response.status_code
    text = response.content.decode()
    assert words in text, text[:3000]


def assert_served_safely(response, filename: str):
    """The headers of every download of an uploaded file."""
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    assert f"filename*=UTF-8''{quote(filename, safe='')}" in disposition, disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"  # shown anyway: runs nothing
    assert response["Content-Type"].startswith(SAFE_TYPES), response["Content-Type"]
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


def office_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
