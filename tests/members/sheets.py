"""Making roster files in every form an office sends them: XLSX, XLS, ODS, CSV in three encodings."""
import csv
import datetime
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from members.validators import id_check_character

DATA = Path(__file__).parent / "data"

HEADERS = ["姓名", "性别", "身份证号码", "手机号", "入会时间", "学历", "用工形式"]


def id_number(body17: str) -> str:
    return body17 + id_check_character(body17)


def person(n: int, female=False, born=datetime.date(1990, 1, 1)) -> str:
    """A valid ID number, different for each n (gender chosen by the 17th digit)."""
    seq = (n * 2 + (0 if female else 1)) % 1000
    return id_number(f"513099{born:%Y%m%d}{seq:03d}")


def good_rows(count=3):
    return [[f"会员{n}", "女" if n % 2 else "男", person(n, female=bool(n % 2)), f"139{n:08d}", "2018-03-01",
             "本科", "正式"] for n in range(count)]


def xlsx_bytes(rows, headers=HEADERS, title=None, date_cells=()) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("会员")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    if title:
        sheet.write_string(0, 0, title)
        r = 1
    sheet.write_row(r, 0, headers)
    for i, row in enumerate(rows, start=r + 1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(i, c, datetime.datetime.combine(value, datetime.time()), date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(i, c, value)
            elif value is not None:
                sheet.write_string(i, c, value)
    workbook.close()
    return out.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8", delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def ods_bytes(rows, headers=HEADERS) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice and WPS can save)."""
    def cell(value):
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in [headers, *rows])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="会员">{body}</table:table>'
        '</office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def upload(data: bytes, name="roster.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
