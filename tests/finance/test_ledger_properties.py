"""Property test of the ledger (Hypothesis): random sequences of receipts, claims paid,
reversals of earlier vouchers and month closings, with random amounts and dates. A plain
Python model of the books (the lines each step should have posted, the closed months) is kept
beside the database, independently of finance/statements.py, and after every step:

* every voucher has two lines or more and balances, and PostgreSQL's deferred triggers agree
  (``SET CONSTRAINTS ALL IMMEDIATE`` runs them now);
* each year's voucher numbers are 1..n;
* every figure of the 收入支出表 and the 资产负债表 of the step's month (and, at the end, of the
  last month) equals the sum of the model's lines for that account and period, and assets = liabilities +
  net assets (which include income − expenditure not carried into 结余);
* a step the rules refuse is refused (and changes nothing), a step they allow succeeds;
* a closed month never gains a voucher.

Each example runs in a transaction that is rolled back, on one union of the ``county`` fixture.
"""
import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance.models import Account, Voucher, VoucherLine
from finance.services import FinanceError, close_month, post_voucher, reverse_voucher
from finance.statements import balance_sheet, income_expenditure, month_end

from .factories import account

MONTHS = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 12)]
INCOME = ["401", "402", "40301", "40304", "408"]
SPENDING = ["50101", "50102", "50105", "50204", "50205", "50302", "599"]
MONEY = ["101", "102"]
ZERO = Decimal("0")

amounts = st.integers(min_value=1, max_value=10**9).map(lambda fen: Decimal(fen) / 100)
when = st.tuples(st.integers(0, len(MONTHS) - 1), st.integers(1, 28))
steps = st.one_of(
    st.tuples(st.just("receipt"), amounts, when, st.sampled_from(INCOME), st.sampled_from(MONEY)),
    st.tuples(st.just("claim"), amounts, when, st.sampled_from(SPENDING), st.sampled_from(MONEY)),
    st.tuples(st.just("reverse"), st.integers(0, 1000), when),
    st.tuples(st.just("close"), st.integers(0, len(MONTHS) - 1)),
)


class Rollback(Exception):
    pass


class Books:
    """What the books should hold: the vouchers posted (date, lines), reversals, closed months."""

    def __init__(self):
        self.vouchers = []  # dicts: id, date, lines [(code, debit, credit)], reverses, reversed
        self.closed: set[tuple[int, int]] = set()
        self.frozen: set[int] = set()  # ids of the vouchers dated in closed months, at the last closing

    @property
    def through(self):
        return max(self.closed) if self.closed else None

    def is_closed(self, day):
        return self.through is not None and (day.year, day.month) <= self.through

    def signed(self, code, predicate):
        debit = sum((d for v in self.vouchers if predicate(v["date"]) for c, d, _ in v["lines"] if c == code), ZERO)
        credit = sum((k for v in self.vouchers if predicate(v["date"]) for c, _, k in v["lines"] if c == code), ZERO)
        return debit - credit if CHART[code].debit_normal else credit - debit


CHART: dict[str, Account] = {}


def day_of(w):
    year, month = MONTHS[w[0]]
    return datetime.date(year, month, w[1])


def apply(step, union, books: Books):
    kind = step[0]
    if kind in ("receipt", "claim"):
        _, amount, w, code, money = step
        day = day_of(w)
        debit, credit = (money, code) if kind == "receipt" else (code, money)
        lines = [(debit, amount, ZERO), (credit, ZERO, amount)]
        try:
            voucher = post_voucher(union, date=day, summary="收到" if kind == "receipt" else "支付",
                                   lines=[(account(c), d, k, "") for c, d, k in lines])
        except FinanceError as error:
            assert books.is_closed(day), error
            assert "closed through" in str(error)
            return day
        assert not books.is_closed(day)
        books.vouchers.append({"id": voucher.pk, "date": day, "lines": lines, "reverses": None, "reversed": False})
        return day
    if kind == "reverse":
        _, index, w = step
        if not books.vouchers:
            return None
        original = books.vouchers[index % len(books.vouchers)]
        day = day_of(w)
        expected = ("itself a reversal" if original["reverses"] else "already reversed" if original["reversed"]
                    else "closed through" if books.is_closed(day)
                    else "before the voucher it reverses" if day < original["date"] else None)
        try:
            reversal = reverse_voucher(Voucher.objects.get(pk=original["id"]), date=day, reason="测试")
        except FinanceError as error:
            assert expected and expected in str(error), (expected, str(error))
            return day
        assert expected is None, expected
        original["reversed"] = True
        books.vouchers.append({"id": reversal.pk, "date": day, "reverses": original["id"], "reversed": False,
                               "lines": [(c, k, d) for c, d, k in original["lines"]]})
        return day
    _, index = step
    year, month = MONTHS[index]
    previous = MONTHS[index - 1] if index else (2024, 12)
    first = datetime.date(year, month, 1)
    expected = ("already closed" if (year, month) in books.closed
                else "A later month is already closed" if books.through and books.through > (year, month)
                else "Months close in order" if any(v["date"] < first for v in books.vouchers)
                and previous not in books.closed else None)
    try:
        close_month(union, year, month)
    except FinanceError as error:
        assert expected and expected in str(error), (expected, str(error))
        return month_end(year, month)
    assert expected is None, expected
    books.closed.add((year, month))
    books.frozen = {v["id"] for v in books.vouchers if books.is_closed(v["date"])}
    return month_end(year, month)


def check(union, books: Books, day):
    with connection.cursor() as cursor:  # the database's deferred checks, now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    sides = VoucherLine.objects.filter(voucher__organisation=union).values("voucher").annotate(
        n=Count("id"), debit=Sum("debit"), credit=Sum("credit"))
    assert all(s["n"] >= 2 and s["debit"] == s["credit"] for s in sides)
    assert len(sides) == len(books.vouchers) == Voucher.objects.filter(organisation=union).count()
    by_year = defaultdict(list)
    for year, number in Voucher.objects.filter(organisation=union).values_list("year", "number"):
        by_year[year].append(number)
    assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in by_year.values())
    in_closed = {v.pk for v in Voucher.objects.filter(organisation=union) if books.is_closed(v.date)}
    assert in_closed == books.frozen
    if day is not None:
        check_statements(union, books, day.year, day.month)


def check_statements(union, books: Books, year, month):
    start, end = datetime.date(year, month, 1), month_end(year, month)
    year_start = datetime.date(year, 1, 1)

    def own_and_children(code, predicate):
        codes = [code] + [c for c, a in CHART.items() if a.parent_id == CHART[code].pk]
        return sum((books.signed(c, predicate) for c in codes), ZERO)

    statement = income_expenditure(union, year, month)
    totals = defaultdict(lambda: [ZERO, ZERO])
    for row in statement.rows:
        if row.kind != "account":
            continue
        expected = (own_and_children(row.account.code, lambda d: start <= d <= end),
                    own_and_children(row.account.code, lambda d: year_start <= d <= end))
        assert (row.first, row.second) == expected, (row.label, year, month)
        if row.depth == 0:
            totals[row.account.element][0] += expected[0]
            totals[row.account.element][1] += expected[1]
    surplus = statement.rows[-1]
    assert (surplus.first, surplus.second) == (totals["income"][0] - totals["expenditure"][0],
                                               totals["income"][1] - totals["expenditure"][1])

    sheet = balance_sheet(union, year, month)
    for row in sheet.rows:
        if row.kind == "account" and row.account is not None:
            assert (row.first, row.second) == (own_and_children(row.account.code, lambda d: d < year_start),
                                               own_and_children(row.account.code, lambda d: d <= end)), row.label
    assert sheet.balanced

    def element_total(element, predicate):
        return sum((books.signed(c, predicate) for c, a in CHART.items() if a.element == element), ZERO)

    total_assets = next(r for r in sheet.rows if r.label == "Total assets")
    for predicate, shown in ((lambda d: d < year_start, total_assets.first), (lambda d: d <= end, total_assets.second)):
        assets = element_total("asset", predicate)
        assert assets == shown
        assert assets == (element_total("liability", predicate) + element_total("net_assets", predicate)
                          + element_total("income", predicate) - element_total("expenditure", predicate))


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(sequence=st.lists(steps, min_size=1, max_size=15))
def test_the_books_keep_their_invariants(county, sequence):
    union = county.a
    account("101")  # the chart, seeded again if a transactional test emptied it
    CHART.clear()
    CHART.update({a.code: a for a in Account.objects.all()})
    books = Books()
    with translation.override("en"):
        try:
            with transaction.atomic():
                for step in sequence:
                    day = apply(step, union, books)
                    check(union, books, day)
                check_statements(union, books, *MONTHS[-1])
                raise Rollback
        except Rollback:
            pass
