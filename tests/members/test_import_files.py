"""What kind of file an upload is (by content), the refusals, the encodings, reading rows."""
import datetime
import io
import zipfile

import pytest

from members.imports import files, reading
from members.imports.columns import guess_mapping, header_key
from members.imports.files import ImportRefused, sniff

from .sheets import DATA, HEADERS, csv_bytes, good_rows, ods_bytes, xlsx_bytes


def kind_of(data: bytes) -> str:
    return sniff(io.BytesIO(data))


def refusal(data: bytes) -> str:
    with pytest.raises(ImportRefused) as caught:
        fileobj = io.BytesIO(data)
        reading.read_sheet(fileobj, sniff(fileobj))
    return caught.value.code


def test_kinds_are_told_by_content_not_by_name():
    assert kind_of(xlsx_bytes(good_rows())) == "xlsx"
    assert kind_of((DATA / "roster.xls").read_bytes()) == "xls"
    assert kind_of(ods_bytes(good_rows())) == "ods"
    assert kind_of(csv_bytes(good_rows())) == "csv"
    assert kind_of(csv_bytes(good_rows(), encoding="gb18030")) == "csv"


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 not a roster",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
    b"MZ\x90\x00\x03\x00\x00\x00",
    bytes(range(256)) * 4,  # binary noise
])
def test_files_of_another_kind_are_refused(data):
    with pytest.raises(ImportRefused) as caught:
        kind_of(data)
    assert caught.value.code in {"unknown_kind", "encoding"}


def test_a_zip_that_is_not_a_spreadsheet_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(out.getvalue()) == "zip_not_spreadsheet"


def test_a_damaged_zip_is_refused():
    assert refusal(b"PK\x03\x04" + b"\x00" * 100) == "zip_broken"


def test_a_zip_bomb_is_refused_from_its_central_directory_before_unpacking(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))  # 20 MB of zeros → ~20 KB
    data = out.getvalue()
    assert len(data) < 100_000
    unpacked = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: unpacked.append(name))
    assert refusal(data) == "zip_bomb"
    assert not unpacked  # nothing was decompressed to find out


def test_declared_sizes_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNZIPPED_BYTES", 1000)
    assert refusal(xlsx_bytes(good_rows(50))) == "zip_bomb"


def test_size_limit_and_empty_files():
    with pytest.raises(ImportRefused) as caught:
        files.check_size(files.MAX_UPLOAD_BYTES + 1)
    assert caught.value.code == "too_large"
    assert "20" in str(caught.value)  # the limit is stated
    with pytest.raises(ImportRefused) as caught:
        files.check_size(0)
    assert caught.value.code == "empty_file"


def test_files_with_a_header_but_no_rows_are_refused():
    assert refusal(xlsx_bytes([])) == "no_rows"
    assert refusal(csv_bytes([])) == "no_rows"
    assert refusal(csv_bytes([["", "", ""], [" ", "", ""]])) == "no_rows"


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    assert refusal(csv_bytes(good_rows(10))) == "too_many_rows"
    assert refusal(xlsx_bytes(good_rows(30))) == "too_many_rows"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("utf-16", "utf-16"),
])
def test_csv_encodings_chinese_excel_writes(encoding, expected):
    sheet = reading.read_sheet(io.BytesIO(csv_bytes(good_rows(), encoding=encoding,
                                                    delimiter="\t" if encoding == "utf-16" else ",")), "csv")
    assert sheet.encoding == expected
    assert sheet.headers == HEADERS
    assert sheet.rows[0][1][0] == "会员0"


def test_an_unknown_text_encoding_is_refused():
    data = "姓名,身份证号码\n".encode("utf-8") + "Müller,x\n".encode("latin-1") * 3 + b"\xff\xfe\xfa\x80"
    with pytest.raises(ImportRefused) as caught:
        kind_of(data)
    assert caught.value.code == "encoding"


def test_xls_ods_and_xlsx_are_read_with_calamine_and_the_title_line_is_skipped():
    sheet = reading.read_sheet(io.BytesIO((DATA / "roster.xls").read_bytes()), "xls")
    assert sheet.header_row == 2
    assert sheet.headers[:4] == ["序号", "姓名", "性别", "身份证号码"]
    assert sheet.rows[0][0] == 3 and sheet.rows[0][1][5] == datetime.date(2012, 5, 4)
    ods = reading.read_sheet(io.BytesIO(ods_bytes(good_rows())), "ods")
    assert ods.headers == HEADERS and len(ods.rows) == 3
    titled = reading.read_sheet(io.BytesIO(xlsx_bytes(good_rows(), title="甲公司工会会员花名册")), "xlsx")
    assert titled.header_row == 2 and len(titled.rows) == 3


@pytest.mark.parametrize("header,field", [
    ("姓名", "name"), ("身份证号", "id_number"), ("身份证号码", "id_number"), ("公民身份号码", "id_number"),
    ("身份证号码（必填）*", "id_number"), ("手机", "phone"), ("手机号", "phone"), ("联系电话", "phone"),
    ("入会时间", "joined_on"), ("入会日期", "joined_on"), ("ID No.", "id_number"), ("Name", "name"),
    ("Mobile number", "phone"), ("Joined on", "joined_on"), ("会员证号", "card_number"), ("用工形式", "employment_type"),
    ("出生日期", "birth_date"), ("所在分会", "unit"),
])
def test_headers_in_chinese_or_english_find_their_field(header, field):
    assert guess_mapping([header]) == {"0": field}


def test_each_field_is_guessed_once_and_unknown_headers_are_left_out():
    assert guess_mapping(["序号", "姓名", "身份证号", "公民身份号码", "备注"]) == {"1": "name", "2": "id_number"}
    assert header_key(" 手 机 号：") == "手机号"
