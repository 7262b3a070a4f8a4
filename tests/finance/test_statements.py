"""收入支出表 and 资产负债表 (finance/statements.py): the figures, as read by someone checking
them against the vouchers."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from finance.statements import balance_sheet, income_expenditure

from .factories import post, seed_chart

D = Decimal


@pytest.fixture(autouse=True)
def in_english(county):
    """English messages, and the chart (a transactional test elsewhere may have emptied it)."""
    seed_chart()
    with translation.override("en"):
        yield


def figures(statement) -> dict[str, tuple[Decimal, Decimal]]:
    return {row.label: (row.first, row.second) for row in statement.rows if row.kind != "heading"}


@pytest.fixture
def books(county):
    """Union A's vouchers over two years; union B's must never show in A's statements."""
    a = county.a
    post(a, debit="102", credit="401", amount="500.00", date=datetime.date(2025, 11, 3))   # last year
    post(a, debit="50102", credit="102", amount="120.00", date=datetime.date(2025, 12, 3))
    post(a, debit="102", credit="401", amount="300.00", date=datetime.date(2026, 1, 8))
    post(a, debit="102", credit="40301", amount="1000.00", date=datetime.date(2026, 2, 8))
    post(a, debit="50105", credit="102", amount="200.00", date=datetime.date(2026, 2, 9))
    post(a, debit="50101", credit="101", amount="50.00", date=datetime.date(2026, 2, 10))
    post(a, debit="101", credit="102", amount="80.00", date=datetime.date(2026, 2, 11))
    post(a, debit="162", credit="311", amount="900.00", date=datetime.date(2026, 2, 12))  # equipment on the books
    post(a, debit="102", credit="231", amount="60.00", date=datetime.date(2026, 2, 13))    # held for a branch
    post(a, debit="102", credit="401", amount="40.00", date=datetime.date(2026, 3, 1))     # after February
    post(county.b, debit="102", credit="401", amount="7777.00", date=datetime.date(2026, 2, 8))
    return a


def test_income_and_expenditure_by_month_and_year_to_date(books):
    statement = income_expenditure(books, 2026, 2)
    got = figures(statement)
    assert statement.columns == ("This month", "Year to date")
    assert got["401 会费收入"] == (D("0"), D("300.00"))
    assert got["403 上级补助收入"] == (D("1000.00"), D("1000.00"))   # the parent is its sub-accounts' sum
    assert got["40301 回拨补助"] == (D("1000.00"), D("1000.00"))
    assert got["501 职工活动支出"] == (D("250.00"), D("250.00"))
    assert got["50101 职工教育"] == (D("50.00"), D("50.00"))
    assert got["50102 文体活动"] == (D("0"), D("0"))               # last year's is not in this year
    assert got["Total income"] == (D("1000.00"), D("1300.00"))
    assert got["Total expenditure"] == (D("250.00"), D("250.00"))
    assert got["Surplus (income − expenditure)"] == (D("750.00"), D("1050.00"))
    labels = [row.label for row in statement.rows]
    assert labels.index("403 上级补助收入") < labels.index("40301 回拨补助") < labels.index("404 政府补助收入")
    assert [row.depth for row in statement.rows if row.label.startswith("403")] == [0] + [1] * 6


def test_balance_sheet_at_the_end_of_the_month(books):
    statement = balance_sheet(books, 2026, 2)
    got = figures(statement)
    assert statement.columns == ("At the start of the year", "At the end of the month")
    assert got["102 银行存款"] == (D("380.00"), D("1460.00"))   # 500 − 120; + 300 + 1000 − 200 − 80 + 60
    assert got["101 现金"] == (D("0"), D("30.00"))
    assert got["162 固定资产"] == (D("0"), D("900.00"))
    assert got["Total assets"] == (D("380.00"), D("2390.00"))
    assert got["231 代管经费"] == (D("0"), D("60.00"))
    assert got["311 资产基金"] == (D("0"), D("900.00"))
    assert got["Surplus of earlier years not yet carried forward"] == (D("380.00"), D("380.00"))
    assert got["Surplus of this year so far (income − expenditure)"] == (D("0"), D("1050.00"))
    assert got["Total net assets"] == (D("380.00"), D("2330.00"))
    assert got["Total liabilities and net assets"] == got["Total assets"]
    assert statement.balanced


def test_a_reversed_voucher_leaves_nothing(county):
    from finance.services import reverse_voucher

    voucher = post(county.a, debit="50105", credit="102", amount="99.00", date=datetime.date(2026, 4, 2))
    reverse_voucher(voucher, reason="重复", date=datetime.date(2026, 4, 3))
    assert figures(income_expenditure(county.a, 2026, 4))["Total expenditure"] == (D("0"), D("0"))
    assert figures(balance_sheet(county.a, 2026, 4))["102 银行存款"] == (D("0"), D("0"))


def test_an_empty_book_balances_and_lists_the_chart(county):
    statement = balance_sheet(county.a, 2026, 1)
    assert statement.balanced and "101 现金" in figures(statement)
    assert figures(income_expenditure(county.a, 2026, 1))["Total income"] == (D("0"), D("0"))


def test_each_statement_is_one_aggregate_query_and_the_chart(books):
    for statement in (income_expenditure, balance_sheet):
        with CaptureQueriesContext(connection) as queries:
            statement(books, 2026, 2)
        assert len(queries) == 2, [q["sql"] for q in queries]
