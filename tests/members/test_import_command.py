"""manage.py import_members: the pages' import for a federation's many files, one line of result."""
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from members.models import Member

from .sheets import csv_bytes, good_rows, person, xlsx_bytes

HEADERS = ["姓名", "性别", "身份证号码", "手机号", "入会时间", "学历", "用工性质"]
BAD = [
    ["坏手机", "女", person(11, female=True), "12345", datetime.date(2019, 5, 6), "大专", "正式"],
    ["坏日期", "男", person(13), "13900000013", "2023-02-30", "本科", "正式"],
]


def roster():
    good = good_rows(3)
    return [good[0], BAD[0], good[1], BAD[1], good[2]]  # rows 3 and 5 are refused


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "甲公司.xlsx"
    path.write_bytes(xlsx_bytes(roster(), headers=HEADERS))
    return path


def test_a_dry_run_writes_nothing(county, roster_file):
    out, _err = run(roster_file, "--organisation", county.a.pk, "--dry-run", "--valid-only")
    assert out.strip().splitlines()[-1] == "would import 3, refused 2"
    assert Member.objects.count() == 0


def test_refused_rows_stop_the_import_unless_valid_only_and_exit_0(county, roster_file):
    out, err = run(roster_file, "--organisation", county.a.pk)  # no CommandError: exit status 0
    assert out.strip() == "imported 0, refused 2" and Member.objects.count() == 0
    assert "--valid-only" in err
    out, _err = run(roster_file, "--organisation", county.a.pk, "--valid-only")
    assert out.strip() == "imported 3, refused 2"
    assert sorted(Member.objects.filter(union=county.a).values_list("name", flat=True)) == ["会员0", "会员1", "会员2"]


def test_the_problems_sheet_holds_exactly_the_refused_rows_with_original_row_numbers(county, roster_file, tmp_path):
    sheet_path = tmp_path / "问题行.xlsx"
    run(roster_file, "--organisation", county.a.pk, "--valid-only", "--problems", sheet_path)
    sheet = openpyxl.load_workbook(sheet_path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[7]) for r in rows] == [("坏手机", 3), ("坏日期", 5)]
    assert rows[0][2] == BAD[0][2] and sheet.cell(2, 3).data_type == "s"


def test_map_reads_a_value_no_table_knows(county, tmp_path):
    rows = [["甲", "男", person(1), "13900000001", "2020-01-01", "本科", "甲类人员"],
            ["乙", "男", person(3), "13900000003", "2020-01-01", "本科", "甲类人员"]]
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(rows, headers=HEADERS, encoding="gbk"))
    out, _err = run(path, "--organisation", county.a.pk)
    assert out.strip() == "imported 0, refused 2"
    out, _err = run(path, "--organisation", county.a.pk, "--map", "用工性质:甲类人员=编制内")
    assert out.strip() == "imported 2, refused 0"
    assert set(Member.objects.values_list("employment_type", flat=True)) == {"established"}


def test_a_missing_file_an_unknown_organisation_and_an_unreadable_file_fail_clearly(county, tmp_path):
    with pytest.raises(CommandError, match="nothing.xlsx"):
        run(tmp_path / "nothing.xlsx", "--organisation", county.a.pk)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(CommandError) as caught:
        run(broken, "--organisation", county.a.pk)
    assert "broken.xlsx" in str(caught.value) and "zip" not in str(caught.value).lower().replace("broken.xlsx", "")
    with pytest.raises(CommandError, match="999999"):
        run(broken, "--organisation", 999999)
    with pytest.raises(CommandError, match="--map"):
        run(broken, "--organisation", county.a.pk, "--map", "no equals sign")


def test_the_user_named_must_be_allowed_to_change_the_unions_members(county, roster_file, officer_a, officer_b):
    """The history names --user as the writer: an officer of another union is refused, nothing written."""
    with pytest.raises(CommandError, match=county.a.name):
        run(roster_file, "--organisation", county.a.pk, "--valid-only", "--user", officer_b.username)
    assert Member.objects.count() == 0
    out, _err = run(roster_file, "--organisation", county.a.pk, "--valid-only", "--user", officer_a.username)
    assert out.strip() == "imported 3, refused 2"
    assert set(Member.history.values_list("history_user__username", flat=True)) == {officer_a.username}
