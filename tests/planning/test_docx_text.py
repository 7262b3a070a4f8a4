"""A Word file's text as Word shows it (issue 16 review 3, 4, 6): tracked changes accepted,
content controls, smart tags, hyperlinks and fields read; numbering start values kept to a
realistic range; a file that unpacks to too much, or holds more text than a plan, refused in
words before (or while) it is read."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from planning.forms_importing import MAX_SOURCE_CHARACTERS
from planning.importing.docx_text import DocumentTooLong, _letter, _roman, docx_text
from unionadmin import uploads

W = nsdecls("w")


def _docx(*bodies: str, numbering: str = "") -> bytes:
    """A Word file whose body holds these XML blocks (w: namespace declared on each)."""
    document = Document()
    body = document.element.body
    for xml in bodies:
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    if numbering:
        document.part.numbering_part.element.insert(0, parse_xml(numbering))
        document.part.numbering_part.element.append(
            parse_xml(f'<w:num {W} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _p(inner: str) -> str:
    return f"<w:p {W}>{inner}</w:p>"


def _r(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def test_tracked_changes_are_read_as_accepted():
    text = docx_text(_docx(_p(
        _r("全年新建工会") + f'<w:ins w:id="1" w:author="a">{_r("30")}</w:ins>'
        + '<w:del w:id="2" w:author="a"><w:r><w:delText>20</w:delText></w:r></w:del>' + _r("家。")
        + f'<w:moveFrom w:id="3" w:author="a">{_r("旧位置")}</w:moveFrom>')))
    assert text == "全年新建工会30家。"


def test_content_controls_smart_tags_hyperlinks_and_fields_are_read():
    text = docx_text(_docx(
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent>{_p(_r('一、加强组织建设'))}{_p(_r('（一）扩大覆盖'))}</w:sdtContent>"
        "</w:sdt>",
        _p(_r("入会率达到") + f"<w:sdt><w:sdtPr/><w:sdtContent>{_r('95%')}</w:sdtContent></w:sdt>" + _r("以上。")),
        _p(f'<w:smartTag w:uri="u" w:element="place">{_r("平安县")}</w:smartTag>' + _r("总工会")),
        _p(f'<w:hyperlink w:anchor="a">{_r("职工之家")}</w:hyperlink>' + _r("建设")),
        _p(f'<w:fldSimple w:instr=" PAGE ">{_r("3")}</w:fldSimple>'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("2026年1月10日")
           + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        f"<w:sdt {W}><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{_p(_r('单击此处输入文字。'))}</w:sdtContent>"
        "</w:sdt>",
    ))
    assert text.split("\n") == ["一、加强组织建设", "（一）扩大覆盖", "入会率达到95%以上。", "平安县总工会", "职工之家建设",
                                "32026年1月10日"]


def test_a_table_inside_a_content_control_and_a_deleted_row():
    text = docx_text(_docx(
        f"<w:sdt {W}><w:sdtContent><w:tbl><w:tr><w:tc>{_p(_r('项目'))}</w:tc><w:tc>{_p(_r('分值'))}</w:tc></w:tr>"
        f"<w:tr><w:trPr><w:del w:id=\"1\" w:author=\"a\"/></w:trPr><w:tc>{_p(_r('删去'))}</w:tc></w:tr>"
        f"<w:tr><w:tc>{_p(_r('组织建设'))}</w:tc><w:tc>{_p(_r('30'))}</w:tc></w:tr></w:tbl></w:sdtContent></w:sdt>"))
    assert text.split("\n") == ["项目\t分值", "组织建设\t30"]


def _numbered(start: str, fmt: str, count: int = 3) -> bytes:
    numbering = (f'<w:abstractNum {W} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>')
    paragraph = _p('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr></w:pPr>' + _r("测试"))
    return _docx(*[paragraph] * count, numbering=numbering)



@pytest.fixture(autouse=True)
def messages_in_english():
    """The refusals are matched in English words; the site's default language is Chinese."""
    with translation.override("en"):
        yield

@pytest.mark.parametrize("start, fmt, first", [
    ("1000000000", "lowerRoman", "m" * 10 + "."),  # 10,000 at the most: ten thousands
    ("100000000000", "lowerLetter", "p" * 385 + "."),
    ("-5", "decimal", "0."),
    ("many", "decimal", "1."),
])
def test_a_numbering_start_is_kept_to_a_realistic_range(start, fmt, first):
    # Unclamped, a start of 1e9 built a three-million-character number (78 s) and 1e11 ran out
    # of memory: the first number shows the clamp.
    lines = docx_text(_numbered(start, fmt, 200)).split("\n")
    assert lines[0] == first + "测试" and len(lines) == 200


def test_roman_and_letter_numbers():
    assert [_roman(n) for n in (4, 9, 14, 40, 90, 400, 1994, 3999)] == [
        "iv", "ix", "xiv", "xl", "xc", "cd", "mcmxciv", "mmmcmxcix"]
    assert [_letter(n) for n in (1, 26, 27, 53)] == ["a", "z", "aa", "aaa"]


def test_reading_stops_once_the_text_passes_the_limit():
    blob = _docx(*[_p(_r("一" * 1000))] * 50)
    assert len(docx_text(blob)) == 50 * 1001 - 1
    with pytest.raises(DocumentTooLong, match="more than 10000 characters"):
        docx_text(blob, max_characters=10_000)


# --- the upload policy: what a ZIP-based file unpacks to -----------------------------------------
def _bomb(unpacked: int, name: str = "word/document.xml") -> bytes:
    """An office ZIP whose one entry unpacks to ``unpacked`` bytes from a few kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, b"<w:t>" + b"\xe4\xb8\x80" * (unpacked // 3) + b"</w:t>")
    return buffer.getvalue()


def test_a_word_file_that_unpacks_past_the_plan_limit_is_refused_in_words():
    bomb = _bomb(25 * uploads.MB)
    assert len(bomb) < uploads.MB
    with pytest.raises(uploads.UploadRefused, match="unpacks to 25.0 MB; files here may unpack to at most 20 MB"):
        uploads.PLAN_SOURCE.check(SimpleUploadedFile("要点.docx", bomb))


@pytest.mark.parametrize("policy", [p for p in uploads.POLICIES.values() if uploads.ZIP_KINDS & set(p.kinds)],
                         ids=lambda p: p.code)
def test_every_zip_based_upload_refuses_a_zip_bomb(policy):
    kind = next(k for k in ("word", "excel", "zip", "opendocument") if k in policy.kinds)
    entry = {"word": "word/document.xml", "excel": "xl/worksheets/sheet1.xml", "zip": "a/data.xml",
             "opendocument": "content.xml"}[kind]
    name = {"word": "a.docx", "excel": "a.xlsx", "zip": "a.zip", "opendocument": "a.odt"}[kind]
    bomb = _bomb(30 * uploads.MB, entry)
    if kind == "opendocument":
        buffer = io.BytesIO(bomb)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        bomb = buffer.getvalue()
    if kind == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr(entry, b"\x00" * 30 * uploads.MB)
        bomb = buffer.getvalue()
    with pytest.raises(uploads.UploadRefused, match="far more than any document does|may unpack to at most"):
        policy.check(SimpleUploadedFile(name, bomb))


def test_an_ordinary_word_file_passes_the_policy():
    upload = SimpleUploadedFile("要点.docx", _docx(_p(_r("一、加强组织建设"))))
    assert uploads.PLAN_SOURCE.check(upload).kind == "word"


def test_the_import_page_refuses_a_zip_bomb_and_a_file_of_too_much_text(english, federation_admin, county):
    english.force_login(federation_admin)
    data = {"step": "source", "issuer": county.federation.pk, "year": 2026, "text": ""}
    bomb = english.post("/planning/import/", {**data, "file": SimpleUploadedFile("要点.docx", _bomb(25 * uploads.MB))})
    assert bomb.status_code == 200 and "may unpack to at most 20 MB" in bomb.content.decode()
    long = _docx(*[_p(_r("一、" + "开展" * 5000))] * (MAX_SOURCE_CHARACTERS // 10_000 + 1))
    too_long = english.post("/planning/import/", {**data, "file": SimpleUploadedFile("要点.docx", long)})
    assert too_long.status_code == 200
    assert f"more than {MAX_SOURCE_CHARACTERS} characters" in too_long.content.decode()
    assert 'name="state"' not in too_long.content.decode()
