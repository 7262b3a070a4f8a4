"""In a real browser, in Chinese: an officer brings in a roster as offices keep it — 用工性质
values the import has never seen and two bad rows — reads the unknown values as she chooses,
imports the valid rows now, downloads the rows with problems, corrects them in the sheet
itself and imports that sheet; then the next file of her union reads the values the same way."""
import datetime
import io

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from members.models import ImportValueMapping, Member
from tests.browser.fixtures import log_in, pick
from tests.conftest import PASSWORD

from .sheets import person, xlsx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HEADERS = ["序号", "姓名", "性别", "身份证号码", "手机号", "入会时间", "用工性质"]
BAD_ID = person(13)[:-1] + ("0" if person(13)[-1] != "0" else "1")
ROWS = [
    ["1", "王芳", "女", person(11, female=True), "13900000011", "2019-03-01", "公益性岗位"],
    ["2", "李强", "男", person(12), "13900000012", "2019-03-01", "劳务派遣"],
    ["3", "张伟", "男", BAD_ID, "13900000013", "2019-03-01", "正式职工"],  # a mistyped check digit
    ["4", "刘洋", "女", person(14, female=True), "13900000014", "2019-03-01", "公益性岗位"],
    ["5", "陈静", "女", person(15, female=True), "13900000015", "2019-13-01", "见习"],  # month 13
    ["6", "杨帆", "男", person(16), "13900000016", "2019-03-01", "见习"],
    ["7", "赵磊", "男", person(17), "13900000017", "2019-03-01", "公益性岗位"],
]


def upload(page, live_server, union, data: bytes, name: str):
    page.goto(f"{live_server.url}/members/import/")
    pick(page, "union", union.name)  # a search box (pickers.js)
    page.set_input_files("input[name=file]", files=[{
        "name": name, "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/members/import/*/")


def checked(page):
    """The worker has checked the file (columns chosen first where the officer is asked to)."""
    ask = page.locator("form[action$='/columns/'] button[type=submit]")
    if page.locator("details[open] form[action$='/columns/']").count():
        ask.click()
    page.locator(".import-values, table.import-errors, form[action$='/apply/']").first.wait_for(timeout=60_000)


def test_map_values_import_valid_rows_fix_the_problems_sheet_and_import_it(
        worker, live_server, page_at, screenshot, county, officer_a, tmp_path):
    page = page_at(1280)
    log_in(page, live_server, officer_a.username, PASSWORD)

    # The roster uses two 用工性质 values no table knows: the check lists them with their counts.
    upload(page, live_server, county.a, xlsx_bytes(ROWS, headers=HEADERS, title="某某公司工会会员花名册"), "花名册.xlsx")
    checked(page)
    values = page.locator(".import-values")
    assert "公益性岗位" in values.inner_text() and "见习" in values.inner_text()
    public_post = values.get_by_label("公益性岗位")
    trainee = values.get_by_label("见习")
    assert public_post.count() == 1 and trainee.count() == 1
    screenshot(page, "members-import-values-1280")

    # She reads 公益性岗位 as temporary and 见习 as contract staff; the file is checked again.
    public_post.select_option("temporary")
    trainee.select_option("contract")
    values.locator("button[type=submit]").click()
    page.locator("form[action$='/apply-valid/']").wait_for(timeout=60_000)
    assert page.locator(".import-values .fw-semibold").all_inner_texts() == ["公益性岗位", "见习"]  # as chosen
    problems = page.locator("table.import-errors tbody tr")
    assert [row.locator("td").first.inner_text() for row in problems.all()] == ["5", "7"]
    assert "校验位" in problems.nth(0).inner_text()  # the ID number's check character
    assert "13" in problems.nth(1).inner_text() and "月" in problems.nth(1).inner_text()  # the impossible month

    # Import the five valid rows now; the two refused rows are handed back.
    button = page.locator("form[action$='/apply-valid/'] button")
    assert "5" in button.inner_text()
    button.click()
    page.locator("a[href$='/problems.xlsx']").wait_for(timeout=60_000)
    done = page.locator("main [role=status]").first.inner_text()
    assert "5" in done and "2" in done
    screenshot(page, "members-import-valid-rows-done-1280")
    assert Member.objects.filter(union=county.a).count() == 5
    stored = dict(Member.objects.filter(union=county.a).values_list("name", "employment_type"))
    assert stored == {"王芳": "temporary", "李强": "dispatched", "刘洋": "temporary", "杨帆": "contract",
                      "赵磊": "temporary"}

    # The problems sheet: exactly the refused rows, their original row numbers, reasons in Chinese.
    with page.expect_download() as download:
        page.locator("a[href$='/problems.xlsx']").first.click()
    sheet_path = tmp_path / "problems.xlsx"
    download.value.save_as(sheet_path)
    rows = CalamineWorkbook.from_path(str(sheet_path)).get_sheet_by_index(0).to_python()
    header, body = rows[0], [r for r in rows[1:] if any(c not in ("", None) for c in r)]
    assert header[:len(HEADERS)] == HEADERS
    assert [r[1] for r in body] == ["张伟", "陈静"]
    row_column = next(i for i, h in enumerate(header) if "行" in str(h))
    assert [int(float(r[row_column])) for r in body] == [5, 7]  # title line and header above row 3
    assert body[0][3] == BAD_ID  # the ID number comes back as the text it was
    reasons = [str(r[-1]) for r in body]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in reason) for reason in reasons)

    # She corrects the two rows in the sheet itself and uploads it as a file of its own.
    workbook = openpyxl.load_workbook(sheet_path)
    sheet = workbook.worksheets[0]
    sheet.cell(row=2, column=4).value = person(13)
    sheet.cell(row=3, column=6).value = "2019-12-01"
    fixed = io.BytesIO()
    workbook.save(fixed)
    upload(page, live_server, county.a, fixed.getvalue(), "花名册-问题行.xlsx")
    checked(page)
    page.locator("form[action$='/apply/'] button").click()
    page.locator("main [role=status]").first.wait_for(timeout=60_000)
    assert Member.objects.filter(union=county.a).count() == 7
    chen = Member.objects.get(union=county.a, name="陈静")
    assert chen.joined_on == datetime.date(2019, 12, 1) and chen.employment_type == "contract"
    assert Member.objects.get(union=county.a, name="张伟").id_number == person(13)

    # The union's readings are remembered: its next file reads 公益性岗位 as before, unasked.
    assert dict(ImportValueMapping.objects.filter(union=county.a).values_list("value", "choice")) == {
        "公益性岗位": "temporary", "见习": "contract"}
