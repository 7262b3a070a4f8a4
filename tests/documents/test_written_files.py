"""Documents that are not PDFs (a spreadsheet export): stored from a temporary file under
their own extension, a complete one kept and a partial one replaced, named for what they are."""
import hashlib
import io
import tempfile
from datetime import date

import xlsxwriter
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from unionadmin.documents.services import _safe_filename, _storage_name, _store


def spooled(data: bytes):
    spool = tempfile.TemporaryFile()
    spool.write(data)
    return spool


def workbook() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.add_worksheet().write_row(0, 0, ["姓名", "性别"])
    book.close()
    return out.getvalue()


def stored(name):
    with default_storage.open(name, "rb") as f:
        return f.read()


def test_a_written_file_is_stored_under_its_extension_with_its_hash_and_size():
    data = workbook()
    name = _storage_name("a" * 64, date(2026, 12, 6), "xlsx")
    assert name == f"documents/2026/12/{'a' * 64}.xlsx"
    with spooled(data) as spool:
        saved, sha, size = _store(name, spool, "xlsx")
    assert saved == name and stored(name) == data
    assert (sha, size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_a_complete_xlsx_already_there_is_kept_and_a_partial_one_replaced():
    data = workbook()
    name = "documents/test/complete.xlsx"
    default_storage.save(name, ContentFile(data))
    with spooled(b"another render") as spool:
        assert _store(name, spool, "xlsx") == (name, hashlib.sha256(data).hexdigest(), len(data))
    assert stored(name) == data

    partial = "documents/test/partial.xlsx"
    default_storage.save(partial, ContentFile(data[:-10]))  # killed before the end record was written
    with spooled(data) as spool:
        assert _store(partial, spool, "xlsx")[0] == partial
    assert stored(partial) == data


def test_a_csv_already_there_is_always_written_anew():
    name = "documents/test/roster.csv"
    default_storage.save(name, ContentFile("\ufeff姓名\r\n张".encode()))  # cut short: nothing marks its end
    data = "\ufeff姓名\r\n张伟\r\n".encode()
    with spooled(data) as spool:
        assert _store(name, spool, "csv") == (name, hashlib.sha256(data).hexdigest(), len(data))
    assert stored(name) == data


def test_a_written_file_keeps_its_own_extension_in_its_name():
    assert _safe_filename("members-20261206-1500.xlsx", "xlsx") == "members-20261206-1500.xlsx"
    assert _safe_filename("members/2026", "csv") == "members_2026.csv"
    assert _safe_filename("会员花名册") == "会员花名册.pdf"
