"""In a real browser: the finance officer enters a two-line voucher (the running totals say
when it balances), finds it in the voucher book, downloads the 收入支出表 as XLSX, and the
union's chair opens the voucher read-only. Screenshots of the entry and statement pages at
1280 and 375 px."""
import io
from pathlib import Path

import openpyxl
import pytest

from finance.models import Voucher
from tests.browser.fixtures import log_in
from tests.conftest import PASSWORD
from unionadmin.roles import Role

from .factories import account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_finance_officer_posts_a_voucher_and_the_chair_reads_it(county, person, live_server, page_at, screenshot):
    account("102")  # the seeded chart, after a transactional test's flush
    keeper, chair = person(Role.FINANCE_OFFICER, county.a), person(Role.UNION_CHAIR, county.a)
    page = page_at(1280)
    log_in(page, live_server, keeper.username, PASSWORD)
    page.get_by_role("link", name="Enter a voucher").first.click()
    page.wait_for_url("**/finance/vouchers/new/")
    page.locator("#id_summary").fill("收到会员会费")
    page.locator("#id_lines-0-account").select_option(label="102 银行存款")
    page.locator("#id_lines-0-debit").fill("256.40")
    page.locator("#id_lines-1-account").select_option(label="401 会费收入")
    page.locator("#id_lines-1-credit").fill("256")
    page.get_by_role("button", name="Add a line").click()
    assert page.locator("#id_lines-4-account").is_visible() and page.locator("#id_lines-4-debit").input_value() == ""
    totals = page.locator("#voucher-totals")
    assert "Not balanced: difference 0.40" in totals.inner_text()
    page.locator("#id_lines-1-credit").fill("256.40")
    assert "Balanced" in totals.inner_text() and "256.40" in totals.inner_text()
    screenshot(page, "finance-voucher-entry-1280")
    page.get_by_role("button", name="Post the voucher").click()
    page.wait_for_url("**/finance/vouchers/*/")
    voucher = Voucher.objects.get(organisation=county.a)
    assert "was posted" in page.locator("main").inner_text()

    page.get_by_role("link", name="Voucher book").first.click()
    book = page.locator("#voucher-book").inner_text()
    assert "收到会员会费" in book and "102 银行存款" in book and "256.40" in book
    screenshot(page, "finance-voucher-book-1280")
    page.get_by_role("link", name="Months").first.click()
    assert "open" in page.locator("#months").inner_text()
    screenshot(page, "finance-months-1280")

    page.get_by_role("link", name="Statements").first.click()
    assert "收入支出表" in page.locator("main").inner_text()
    with page.expect_download() as download_info:
        page.locator("#statement-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    cells = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert sheet["A1"].value == "收入支出表" and cells["401 会费收入"] == (256.4, 256.4)
    screenshot(page, "finance-statement-1280")

    phone = page_at(375)
    log_in(phone, live_server, keeper.username, PASSWORD)
    for path, name in (("/finance/vouchers/new/", "finance-voucher-entry-375"), ("/finance/statements/",
                                                                                  "finance-statement-375")):
        phone.goto(live_server.url + path)
        overflow = phone.evaluate("document.querySelector('main').scrollWidth - document.querySelector('main').clientWidth")
        assert overflow <= 0, f"{path} at 375px scrolls sideways by {overflow}px"
        screenshot(phone, name)

    reader = page_at(1280)
    log_in(reader, live_server, chair.username, PASSWORD)
    reader.goto(f"{live_server.url}/finance/vouchers/{voucher.pk}/")
    text = reader.locator("main").inner_text()
    assert "收到会员会费" in text and "256.40" in text
    assert reader.get_by_role("link", name="Reverse").count() == 0
    assert reader.get_by_role("link", name="Enter a voucher").count() == 0
