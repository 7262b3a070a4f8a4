"""The year-end carry-forward (结转) and the 决算 (finance/reports.py): what a finance officer
checks — the income statement reads the same before and after, the balance sheet still
balances and shows the surplus in 331 结余, the year closes once; the 决算 page, its XLSX
sheets and its PDF through the document pipeline; another union's officer sees none of it."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from finance.models import Account, ClosedMonth, Voucher
from finance.reports import carry_forward, final_accounts, year_end_voucher
from finance.services import FinanceError, account_balances, close_month, reverse_voucher
from finance.statements import balance_sheet, income_expenditure
from unionadmin.roles import Role

from .factories import account, post
from .factories_budgets import make_budget
from .factories_reports import holder, year_of_books

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def in_english(english):
    account("102")  # the seeded chart (seeded again when a transactional test flushed it)
    with translation.override("en"):
        yield


@pytest.fixture
def books(county):
    return year_of_books(county.a)


def figures(statement) -> dict:
    return {row.label: (row.first, row.second) for row in statement.rows if row.kind != "heading"}


def income_and_expenditure_balances(union, until):
    kinds = {Account.Element.INCOME, Account.Element.EXPENDITURE}
    accounts = {a.pk: a for a in Account.objects.all()}
    return {accounts[pk].code: debit - credit for pk, (debit, credit) in account_balances(union, until=until).items()
            if accounts[pk].element in kinds}


# --- the carry-forward -----------------------------------------------------------------------


def test_the_income_statement_reads_the_same_after_the_carry_forward(books):
    before = figures(income_expenditure(books, 2025, 12))
    voucher = carry_forward(books, 2025)
    after = figures(income_expenditure(books, 2025, 12))
    assert after == before
    assert after["Total income"] == (D("0"), D("10800.00"))
    assert after["Total expenditure"] == (D("300.00"), D("1500.00"))
    assert after["Surplus (income − expenditure)"] == (D("-300.00"), D("9300.00"))
    assert voucher.date == datetime.date(2025, 12, 31) and voucher.summary == "结转2025年度收支结余"
    assert (voucher.source_kind, voucher.source_id) == ("year_end", 2025)


def test_after_the_carry_forward_the_surplus_is_in_331_and_the_books_balance(books):
    carry_forward(books, 2025)
    sheet = balance_sheet(books, 2025, 12)
    got = figures(sheet)
    assert sheet.balanced
    assert got["331 结余"] == (D("0"), D("9300.00"))
    assert got["Surplus of this year so far (income − expenditure)"] == (D("0"), D("0"))
    assert got["Total assets"] == (D("0"), D("9300.00"))
    # Every income and expenditure account is zero at the end of the year.
    assert set(income_and_expenditure_balances(books, datetime.date(2025, 12, 31)).values()) == {D("0")}
    # The next year opens with the surplus in 331 and nothing left to carry.
    next_year = figures(balance_sheet(books, 2026, 1))
    assert next_year["331 结余"] == (D("9300.00"), D("9300.00"))
    assert next_year["Surplus of earlier years not yet carried forward"] == (D("0"), D("0"))
    assert figures(income_expenditure(books, 2026, 1))["Total income"] == (D("0"), D("0"))


def test_the_year_is_carried_forward_once_and_nothing_more_is_posted_in_it(books):
    first = carry_forward(books, 2025)
    with pytest.raises(FinanceError, match=f"already carried forward, by voucher {first.display_number}"):
        carry_forward(books, 2025)
    assert Voucher.objects.filter(organisation=books, source_kind="year_end").count() == 1
    assert ClosedMonth.objects.filter(organisation=books, year=2025, month=12).exists()
    with pytest.raises(FinanceError, match="closed through 2025-12"):
        post(books, debit="102", credit="401", date=datetime.date(2025, 12, 31))


def test_the_carry_forward_is_never_reversed(books):
    voucher = carry_forward(books, 2025)
    with pytest.raises(FinanceError, match="carries the year 2025 forward"):
        reverse_voucher(voucher, reason="mistake")
    assert not Voucher.objects.filter(reverses=voucher).exists()


def test_the_carry_forward_waits_for_january_to_november(county):
    post(county.a, debit="102", credit="401", date=datetime.date(2025, 3, 10))
    close_month(county.a, 2025, 3)
    with pytest.raises(FinanceError, match="Close January to November 2025 first"):
        carry_forward(county.a, 2025)
    assert not Voucher.objects.filter(source_kind="year_end").exists()
    assert not ClosedMonth.objects.filter(organisation=county.a, year=2025, month=12).exists()


def test_a_december_closed_without_the_carry_forward_cannot_be_carried_any_more(books):
    close_month(books, 2025, 12)
    with pytest.raises(FinanceError, match="December 2025 is already closed"):
        carry_forward(books, 2025)
    # The surplus stays visible on the balance sheet as not yet carried forward.
    got = figures(balance_sheet(books, 2026, 1))
    assert got["Surplus of earlier years not yet carried forward"] == (D("9300.00"), D("9300.00"))


def test_a_year_without_income_or_spending_closes_without_a_voucher(county):
    post(county.a, debit="101", credit="102", date=datetime.date(2025, 12, 2))  # cash from the bank only
    assert carry_forward(county.a, 2025) is None
    assert ClosedMonth.objects.filter(organisation=county.a, year=2025, month=12).exists()


def test_a_year_not_yet_at_december_is_not_carried_forward(county):
    with pytest.raises(FinanceError, match="carried forward from December on"):
        carry_forward(county.a, datetime.date.today().year + 1)


def test_another_unions_officer_cannot_carry_forward(county, books):
    with pytest.raises(FinanceError, match="You cannot close the books"):
        carry_forward(books, 2025, user=holder(county.b))
    assert year_end_voucher(books, 2025) is None


# --- 决算 ------------------------------------------------------------------------------------


@pytest.fixture
def two_years(county):
    post(county.a, debit="102", credit="401", amount="700.00", date=datetime.date(2024, 5, 10))
    for month in range(5, 12):
        close_month(county.a, 2024, month)
    carry_forward(county.a, 2024)
    year_of_books(county.a)
    make_budget(county.a, year=2025, lines={"401": "5000.00", "50102": "1000.00"})
    carry_forward(county.a, 2025)
    return county.a


def test_the_final_accounts_have_this_year_last_year_the_balance_sheet_and_the_budget(two_years):
    accounts = final_accounts(two_years, 2025)
    rows = {row.label: (this, last) for row, this, last in accounts.income_rows if row.kind != "heading"}
    assert rows["401 会费收入"] == (D("4800.00"), D("700.00"))
    assert rows["Total income"] == (D("10800.00"), D("700.00"))
    assert figures(accounts.balance)["331 结余"] == (D("700.00"), D("10000.00"))
    assert accounts.balance.balanced
    execution = {str(row.account): row for row in accounts.execution}
    assert execution["401 会费收入"].budget == D("5000.00")
    assert accounts.closed is not None and accounts.carried is not None


def test_the_budget_execution_of_a_carried_year_counts_the_years_income(two_years):
    execution = {str(row.account): row for row in final_accounts(two_years, 2025).execution}
    assert execution["401 会费收入"].spent == D("4800.00")
    assert execution["50102 文体活动"].spent == D("1200.00")


def test_the_final_accounts_page_xlsx_and_carry_forward_button(client, county):
    year_of_books(county.a)
    client.force_login(holder(county.a))
    page = client.get(reverse("finance:final_accounts"), {"union": county.a.pk, "year": "2025"})
    text = page.content.decode()
    assert page.status_code == 200 and "收入支出决算表" in text and "10,800.00" in text
    assert 'id="carry-forward"' in text and "is not closed" in text
    response = client.post(reverse("finance:carry_forward"), {"union": county.a.pk, "year": "2025"}, follow=True)
    assert "is carried forward into 331 结余" in response.content.decode()
    assert year_end_voucher(county.a, 2025) is not None
    # Sent twice (a double click): refused with a message, one voucher.
    again = client.post(reverse("finance:carry_forward"), {"union": county.a.pk, "year": "2025"}, follow=True)
    assert "already carried forward" in again.content.decode()
    assert Voucher.objects.filter(source_kind="year_end").count() == 1
    page = client.get(reverse("finance:final_accounts"), {"union": county.a.pk, "year": "2025"}).content.decode()
    assert 'value="finance_final_accounts"' in page and 'id="carry-forward"' not in page

    xlsx = client.get(reverse("finance:final_accounts_export"), {"union": county.a.pk, "year": "2025"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["2025年度收入支出决算表", "2025年度资产负债表", "2025年度预算执行情况表"]
    income = {row[0]: row[1:] for row in book["2025年度收入支出决算表"].iter_rows(values_only=True) if row[0]}
    assert income["Total income"][0] == 10800 and "编制单位：甲公司工会" in income
    balance = {row[0]: row[1:] for row in book["2025年度资产负债表"].iter_rows(values_only=True) if row[0]}
    assert balance["331 结余"] == (0, 9300)


def test_another_unions_officer_sees_only_their_own_final_accounts(client, county):
    year_of_books(county.a)
    client.force_login(holder(county.b))
    page = client.get(reverse("finance:final_accounts"), {"union": county.a.pk, "year": "2025"}).content.decode()
    assert "甲公司工会" not in page and "10,800.00" not in page
    xlsx = client.get(reverse("finance:final_accounts_export"), {"union": county.a.pk, "year": "2025"})
    assert "甲公司工会".encode() not in xlsx.content
    response = client.post(reverse("finance:carry_forward"), {"union": county.a.pk, "year": "2025"}, follow=True)
    assert "cannot be closed here" in response.content.decode()
    assert year_end_voucher(county.a, 2025) is None


def test_a_reader_gets_no_carry_forward_button_and_the_post_is_refused(client, county):
    year_of_books(county.a)
    client.force_login(holder(county.a, Role.UNION_CHAIR))
    page = client.get(reverse("finance:final_accounts"), {"union": county.a.pk, "year": "2025"}).content.decode()
    assert "10,800.00" in page and 'id="carry-forward"' not in page
    assert client.post(reverse("finance:carry_forward"), {"union": county.a.pk, "year": "2025"}).status_code == 403


def test_the_final_accounts_pdf_through_the_pipeline(county, monkeypatch):
    from unionadmin import jobs
    from unionadmin.documents import rendering
    from unionadmin.documents.kinds import registry
    from unionadmin.documents.services import document_render, document_request

    monkeypatch.setattr(jobs, "send", lambda *args, **kwargs: None)
    year_of_books(county.a)
    carry_forward(county.a, 2025)
    december = ClosedMonth.objects.get(organisation=county.a, year=2025, month=12)
    html = rendering.render_html(registry.get("finance_final_accounts"), december, {}, "zh-hans")
    assert "2025年度决算" in html and "10,800.00" in html and "9,300.00" in html and "制表" in html
    job = document_render(document_request(user=holder(county.a), kind="finance_final_accounts", obj=december).pk)
    assert job.state == "done" and job.organisation == county.a and "2025年度决算" in job.filename


def test_the_reports_page_links_the_statements_final_accounts_and_disclosures(client, county):
    year_of_books(county.a)
    client.force_login(holder(county.a))
    page = client.get(reverse("finance:report_list"), {"union": county.a.pk, "year": "2025"})
    text = page.content.decode()
    assert page.status_code == 200
    assert f"{reverse('finance:statement')}?union={county.a.pk}&amp;year=2025&amp;month=11" in text
    assert f"{reverse('finance:final_accounts')}?union={county.a.pk}&amp;year=2025" in text
    assert reverse("finance:disclosure_create") in text


def test_the_demo_publishes_a_disclosure_of_this_year_through_last_month(county):
    from finance.demo import load_demo_finance
    from finance.models import Disclosure
    from finance.wiring.reports import load_demo_reports

    user = holder(county.a)
    today = datetime.date(2026, 7, 15)
    load_demo_finance(county.federation, {"finance": user}, today=today)
    # Last year's December is closed by the finance demo already: nothing to carry forward.
    assert load_demo_reports(county.federation, {"finance": user}, today=today) == {
        "carried_forward": False, "disclosures": 1}
    disclosure = Disclosure.objects.get()
    assert (disclosure.organisation, disclosure.year, disclosure.month) == (county.a, 2026, 6)
    assert disclosure.is_published and Decimal(disclosure.figures["total_income"]) > 0
    assert load_demo_reports(county.federation, {"finance": user}, today=today) == {
        "carried_forward": False, "disclosures": 0}


def test_the_final_accounts_pdf_is_not_made_from_a_month_before_december(county, monkeypatch):
    from unionadmin import jobs
    from unionadmin.documents.services import DocumentError, document_request

    monkeypatch.setattr(jobs, "send", lambda *args, **kwargs: None)
    year_of_books(county.a)
    march = ClosedMonth.objects.get(organisation=county.a, year=2025, month=3)
    with pytest.raises(DocumentError):
        document_request(user=holder(county.a), kind="finance_final_accounts", obj=march)


def test_an_account_with_a_balance_that_can_no_longer_be_posted_to_is_named_first(books):
    """An income or expenditure account out of use, or split into sub-accounts since, would
    make the carry-forward voucher fail on a line number; the officer is told which accounts
    to put back in use or move first."""
    from finance.reports import carry_forward_refusal

    Account.objects.filter(code="50102").update(is_active=False)
    Account.objects.create(code="5030199", name="其他培训", element=Account.Element.EXPENDITURE,
                           parent=account("50301"))
    refusal = carry_forward_refusal(books, 2025)
    assert refusal.startswith("2025 cannot be carried forward yet: 50102 ")
    assert "50301 " in refusal and "Put them back in use on the chart of accounts" in refusal
    with pytest.raises(FinanceError, match="cannot be carried forward yet"):
        carry_forward(books, 2025)
    assert year_end_voucher(books, 2025) is None
    Account.objects.filter(code="50102").update(is_active=True)
    Account.objects.filter(code="5030199").delete()
    assert carry_forward_refusal(books, 2025) is None
    assert carry_forward(books, 2025) is not None
