"""The two monthly statements of a union's books, computed from its vouchers.

* ``income_expenditure`` — 收入支出表: every income and expenditure account (sub-accounts under
  their parent) with 本月数 (the month) and 本年累计数 (1 January to the month's end), the
  totals, and 收支结余 = income − expenditure;
* ``balance_sheet`` — 资产负债表 at the month's end: assets, liabilities and net assets with
  年初数 (at 31 December before) and 期末数, where net assets include the income less
  expenditure not yet carried into 331 结余 (the year's so far, and earlier years' if no
  year-end entry carried them), so that assets = liabilities + net assets whenever every
  voucher balances; ``balanced`` says whether it does. After the year-end carry-forward
  (finance/reports.py) the year's surplus is in 331 结余 and the "this year" line is zero.

Each statement is one aggregate query (grouped by account, with conditional sums for the two
columns) over the monthly sums the database keeps from the voucher lines (finance_monthbalance,
migration 0002: at most accounts × months rows, so ten years of books cost what one does), and
one query for the chart; parents and totals are added up in Python. An account appears when it is in use or has an amount in either
column, and a parent when any of its sub-accounts appears.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from .models import Account, VoucherLine
from .services import YEAR_END  # the source kind of the year-end carry-forward voucher

ZERO = Decimal("0.00")


@dataclass
class Row:
    """One line of a statement. ``kind`` is "heading" (a part's title, no amounts),
    "account" (``account`` set; ``depth`` 1 for a sub-account) or "total"."""

    label: str
    kind: str
    first: Decimal = ZERO   # 本月数, or 年初数 in the balance sheet
    second: Decimal = ZERO  # 本年累计数, or 期末数
    account: Account | None = None
    depth: int = 0


@dataclass
class Statement:
    title: str
    organisation: object
    year: int
    month: int
    columns: tuple[str, str]
    rows: list[Row] = field(default_factory=list)
    balanced: bool = True

    @property
    def period_end(self) -> datetime.date:
        return month_end(self.year, self.month)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _chart() -> list[Account]:
    return list(Account.objects.order_by("code"))


# The year-end carry-forward's lines as negative monthly sums (December of its year), added to
# finance_monthbalance's rows so that the income statement reads the year as if it were not posted.
_WITHOUT_YEAR_END = (
    "(SELECT organisation_id, account_id, year, month, debit, credit FROM finance_monthbalance "
    "UNION ALL SELECT v.organisation_id, l.account_id, v.year, 12, -l.debit, -l.credit "
    "FROM finance_voucherline l JOIN finance_voucher v ON v.id = l.voucher_id "
    "WHERE v.organisation_id = %s AND v.source_kind = %s) AS b")


def _sums(organisation, until: tuple[int, int], split: tuple[int, int], since: tuple[int, int] | None = None,
          *, without_year_end: bool = False):
    """{account id: (debit before split, credit before split, debit, credit)} of the union's
    postings in the months up to ``until`` (from ``since``), months as (year, month): one
    aggregate query over finance_monthbalance (migration 0002), the trigger-kept monthly sums;
    ``without_year_end`` leaves the year-end carry-forward vouchers out."""
    source, params = "finance_monthbalance", []
    if without_year_end:
        source, params = _WITHOUT_YEAR_END, [organisation.pk, YEAR_END]
    sql = ("SELECT account_id, sum(debit) FILTER (WHERE (year, month) < (%s, %s)), "
           "sum(credit) FILTER (WHERE (year, month) < (%s, %s)), sum(debit), sum(credit) "
           f"FROM {source} WHERE organisation_id = %s AND (year, month) <= (%s, %s)")
    params = [*split, *split, *params, organisation.pk, *until]
    if since is not None:
        sql += " AND (year, month) >= (%s, %s)"
        params += list(since)
    # The monthly sums have no model: ask the router where the voucher lines are read from, so
    # a statement read from the replica takes its sums from there too, not from the primary.
    with connections[router.db_for_read(VoucherLine)].cursor() as cursor:
        cursor.execute(sql + " GROUP BY account_id", params)
        return {account_id: (d_before or ZERO, c_before or ZERO, debit, credit)
                for account_id, d_before, c_before, debit, credit in cursor.fetchall()}


def _sums_from_lines(organisation, until: tuple[int, int], split: tuple[int, int],
                     since: tuple[int, int] | None = None, *, without_year_end: bool = False):
    """The same figures summed from the voucher lines themselves (the benchmark compares the
    two; the statements read the monthly sums)."""
    lines = VoucherLine.objects.filter(voucher__organisation=organisation, voucher__date__lte=month_end(*until))
    if without_year_end:
        lines = lines.exclude(voucher__source_kind=YEAR_END)
    if since is not None:
        lines = lines.filter(voucher__date__gte=datetime.date(*since, 1))
    before = Q(voucher__date__lt=datetime.date(*split, 1))
    rows = (lines.order_by().values("account")
            .annotate(debit_before=Sum("debit", filter=before), credit_before=Sum("credit", filter=before),
                      debit=Sum("debit"), credit=Sum("credit")))
    return {r["account"]: (r["debit_before"] or ZERO, r["credit_before"] or ZERO, r["debit"], r["credit"])
            for r in rows}


def _signed(account: Account, debit: Decimal, credit: Decimal) -> Decimal:
    """The balance on the account's normal side (debit for assets and spending)."""
    return debit - credit if account.debit_normal else credit - debit


def _account_rows(accounts, values: dict[int, tuple[Decimal, Decimal]]) -> tuple[list[Row], Decimal, Decimal]:
    """Rows for ``accounts`` of one element (parents before their sub-accounts, each parent the
    sum of its sub-accounts and of what was posted to it directly), and the element's totals."""
    children: dict[int, list[Account]] = {}
    for account in accounts:
        if account.parent_id:
            children.setdefault(account.parent_id, []).append(account)
    rows, total_first, total_second = [], ZERO, ZERO
    for account in accounts:
        if account.parent_id:
            continue
        first, second = values.get(account.pk, (ZERO, ZERO))
        sub_rows = []
        for child in children.get(account.pk, []):
            child_first, child_second = values.get(child.pk, (ZERO, ZERO))
            first, second = first + child_first, second + child_second
            if child.is_active or child_first or child_second:
                sub_rows.append(Row(str(child), "account", child_first, child_second, child, 1))
        if account.is_active or first or second or sub_rows:
            rows.append(Row(str(account), "account", first, second, account, 0))
            rows.extend(sub_rows)
        total_first, total_second = total_first + first, total_second + second
    return rows, total_first, total_second


def _add_part(statement: Statement, chart, values, element, heading: str, total_label: str,
              extra: tuple[Row, ...] = ()) -> tuple[Decimal, Decimal]:
    """Append one part (heading, the element's accounts, ``extra`` rows, the total) and
    return its total."""
    rows, first, second = _account_rows([a for a in chart if a.element == element], values)
    first, second = first + sum((r.first for r in extra), ZERO), second + sum((r.second for r in extra), ZERO)
    statement.rows += [Row(heading, "heading"), *rows, *extra, Row(total_label, "total", first, second)]
    return first, second


def income_expenditure(organisation, year: int, month: int, *, sums=_sums) -> Statement:
    """收入支出表 of ``organisation`` for ``month`` of ``year``. The year-end carry-forward
    (which empties every income and expenditure account into 331 结余 on 31 December) is left
    out, so December and the year read as the year's income and spending."""
    sums = sums(organisation, (year, month), (year, month), since=(year, 1), without_year_end=True)
    chart = _chart()
    values = {}
    for account in chart:
        if account.element in (Account.Element.INCOME, Account.Element.EXPENDITURE) and account.pk in sums:
            debit_before, credit_before, debit, credit = sums[account.pk]
            year_to_date = _signed(account, debit, credit)
            values[account.pk] = (year_to_date - _signed(account, debit_before, credit_before), year_to_date)
    statement = Statement(_("Income and expenditure statement"), organisation, year, month,
                          (_("This month"), _("Year to date")))
    income = _add_part(statement, chart, values, Account.Element.INCOME, _("Income"), _("Total income"))
    spent = _add_part(statement, chart, values, Account.Element.EXPENDITURE, _("Expenditure"),
                      _("Total expenditure"))
    statement.rows.append(Row(_("Surplus (income − expenditure)"), "total", income[0] - spent[0],
                              income[1] - spent[1]))
    return statement


def balance_sheet(organisation, year: int, month: int, *, sums=_sums) -> Statement:
    """资产负债表 of ``organisation`` at the end of ``month`` of ``year``."""
    sums = sums(organisation, (year, month), (year, 1))
    chart = _chart()
    values: dict[int, tuple[Decimal, Decimal]] = {}
    earlier_surplus = this_year = ZERO  # income − expenditure before this year, and in it so far
    for account in chart:
        if account.pk not in sums:
            continue
        debit_before, credit_before, debit, credit = sums[account.pk]
        opening, closing = _signed(account, debit_before, credit_before), _signed(account, debit, credit)
        if account.element in (Account.Element.INCOME, Account.Element.EXPENDITURE):
            sign = 1 if account.element == Account.Element.INCOME else -1
            earlier_surplus += sign * opening
            this_year += sign * (closing - opening)
        else:
            values[account.pk] = (opening, closing)
    statement = Statement(_("Balance sheet"), organisation, year, month,
                          (_("At the start of the year"), _("At the end of the month")))
    assets = _add_part(statement, chart, values, Account.Element.ASSET, _("Assets"), _("Total assets"))
    liabilities = _add_part(statement, chart, values, Account.Element.LIABILITY, _("Liabilities"),
                            _("Total liabilities"))
    net = _add_part(statement, chart, values, Account.Element.NET_ASSETS, _("Net assets"), _("Total net assets"),
                    extra=(Row(_("Surplus of earlier years not yet carried forward"), "account", earlier_surplus,
                               earlier_surplus),
                           Row(_("Surplus of this year so far (income − expenditure)"), "account", ZERO, this_year)))
    statement.rows.append(Row(_("Total liabilities and net assets"), "total", liabilities[0] + net[0],
                              liabilities[1] + net[1]))
    statement.balanced = all(assets[i] == liabilities[i] + net[i] for i in (0, 1))
    return statement
