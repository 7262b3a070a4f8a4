"""The problems sheet: exactly the refused rows, as the file had them, with their row numbers and
reasons in Chinese and the bad cells marked; corrected, it imports as a file of its own."""
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header

from members.imports import service
from members.imports.problems import problems_filename
from members.models import ImportJob, Member

from .eager import worker_runs_it
from .sheets import good_rows, person, xlsx_bytes
from .test_import_flow import check, start

HEADERS = ["姓名", "性别", "身份证号码", "手机号", "入会时间", "学历", "用工形式"]
PHONE_BAD = ["坏手机", "女", person(11, female=True), "12345", datetime.date(2019, 5, 6), "大专", "正式"]
DATE_BAD = ["坏日期", "男", person(13), "13900000013", "2023-02-30", "本科", "正式"]
FORMULA_BAD = ["=HYPERLINK(\"http://x\")", "男", person(15), "13900000015", "2020-01-01", "博士后", "正式"]


def roster():
    good = good_rows(3)
    return [good[0], PHONE_BAD, good[1], DATE_BAD, good[2], FORMULA_BAD]  # bad: rows 3, 5, 7


def checked(client, union, data, name="花名册.xlsx"):
    return check(client, start(client, union, data, name))


def download(client, job):
    response = client.get(reverse("members:import_problems", args=[job.pk]))
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_sheet_holds_exactly_the_refused_rows_as_the_file_had_them(client, county, officer_a):
    client.force_login(officer_a)
    job = checked(client, county.a, xlsx_bytes(roster()))
    assert job.error_count == 3 and job.problems_file
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert reverse("members:import_problems", args=[job.pk]) in page
    response, workbook = download(client, job)
    with translation.override("zh-hans"):  # the job's language (the upload's): 原行号, 问题, 花名册-问题行.xlsx
        added = [translation.gettext("Row in the original file"), translation.gettext("Problems")]
        filename = problems_filename("花名册.xlsx")
    assert response["Content-Disposition"] == content_disposition_header(True, filename)
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == HEADERS + added
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[7] for r in rows] == [3, 5, 7]  # the rows' numbers in the original file
    phone_row, date_row, formula_row = rows
    assert phone_row[2] == PHONE_BAD[2] and sheet.cell(2, 3).data_type == "s"  # the ID number stays text
    assert sheet.column_dimensions["C"].number_format == "@"  # and what is typed into its column again too
    assert phone_row[3] == "12345" and sheet.cell(2, 4).data_type == "s"
    assert phone_row[4] == datetime.datetime(2019, 5, 6) and sheet.cell(2, 5).number_format == "yyyy-mm-dd"
    assert date_row[4] == "2023-02-30"  # text as written
    assert formula_row[0] == "'=HYPERLINK(\"http://x\")" and sheet.cell(4, 1).data_type == "s"  # never a formula


def test_reasons_are_in_chinese_and_the_bad_cells_are_marked(client, county, officer_a):
    client.force_login(officer_a)
    job = checked(client, county.a, xlsx_bytes(roster()))
    _response, workbook = download(client, job)
    sheet = workbook.active
    reasons = sheet.cell(2, 9).value
    assert "手机号：请输入以13–19开头的11位中国大陆手机号。" in reasons
    bad_phone, good_name = sheet.cell(2, 4), sheet.cell(2, 1)
    assert bad_phone.fill.fgColor.rgb.endswith("FFC7CE") and good_name.fill.fgColor.rgb in (None, "00000000")
    assert "请输入以13–19开头的11位中国大陆手机号。" in bad_phone.comment.text
    assert good_name.comment is None
    assert sheet.cell(3, 5).fill.fgColor.rgb.endswith("FFC7CE") and sheet.cell(3, 5).comment is not None


def test_the_corrected_sheet_imports_as_a_file_of_its_own(client, county, officer_a):
    client.force_login(officer_a)
    job = checked(client, county.a, xlsx_bytes(roster()))
    with worker_runs_it():
        client.post(reverse("members:import_apply_valid", args=[job.pk]))
    job.refresh_from_db()
    assert (job.created, job.refused) == (3, 3) and not job.file and job.problems_file
    _response, workbook = download(client, job)
    sheet = workbook.active
    sheet.cell(2, 4).value = "13900000011"  # the officer corrects the three rows in Excel
    sheet.cell(3, 5).value = "2023-02-28"
    sheet.cell(4, 1).value = "公式名"
    sheet.cell(4, 6).value = "研究生"
    out = io.BytesIO()
    workbook.save(out)
    again = checked(client, county.a, out.getvalue(), "花名册-问题行.xlsx")
    assert again.header_row == 1 and sorted(again.mapping.values()) == sorted(
        ["name", "gender", "id_number", "phone", "joined_on", "education", "employment_type"])  # extra columns fill nothing
    assert (again.error_count, again.to_create) == (0, 3)
    with worker_runs_it():
        client.post(reverse("members:import_apply", args=[again.pk]))
    assert Member.objects.filter(union=county.a).count() == 6
    fixed = Member.objects.get(name="坏日期")
    assert (fixed.joined_on, fixed.id_number) == (datetime.date(2023, 2, 28), person(13))


def test_old_problem_sheets_are_deleted_with_the_upload(client, county, officer_a):
    client.force_login(officer_a)
    job = checked(client, county.a, xlsx_bytes(roster()))
    stored = job.problems_file.name
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - datetime.timedelta(days=8))
    assert service.import_delete_old_files(7) == 1
    job.refresh_from_db()
    assert not job.problems_file and not job.problems_file.storage.exists(stored)
    assert client.get(reverse("members:import_problems", args=[job.pk])).status_code == 404


def test_the_sheet_is_scoped_like_the_job(client, county, officer_a, officer_b):
    client.force_login(officer_a)
    job = checked(client, county.a, xlsx_bytes(roster()))
    client.force_login(officer_b)
    assert client.get(reverse("members:import_problems", args=[job.pk])).status_code == 404


def test_a_reuploaded_sheet_names_the_first_files_row_numbers(client, county, officer_a, english):
    client.force_login(officer_a)
    first = checked(client, county.a, xlsx_bytes(roster()))
    response = client.get(reverse("members:import_problems", args=[first.pk]))
    again = checked(client, county.a, b"".join(response.streaming_content), "花名册-问题行.xlsx")
    assert [(e["row"], e["original_row"]) for e in again.errors] == [(2, 3), (3, 5), (4, 7)]
    page = client.get(reverse("members:import_detail", args=[again.pk])).content.decode()
    assert "(row 5 of the first file)" in page
    _response, workbook = download(client, again)  # and its own problems sheet keeps them
    assert [row[7].value for row in workbook.active.iter_rows(min_row=2)] == [3, 5, 7]


@pytest.mark.parametrize("written", ["inf", "1e400", "9" * 400, "-3", "第五行"])
def test_a_row_number_column_holding_no_row_number_is_ignored(written):
    """A hostile or mistyped 原行号 cell leaves that row without an original number; the
    check goes on (it used to crash the job on "inf")."""
    from members.imports.problems import ROW_HEADER, original_row_numbers
    from members.imports.reading import Sheet

    sheet = Sheet(header_row=1, headers=["姓名", str(ROW_HEADER)], rows=[(2, ["张三", written]), (3, ["李四", "7"])])
    assert original_row_numbers(sheet) == {3: 7}
