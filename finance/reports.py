"""The year's reports of a union's books: the year-end carry-forward (结转), the final accounts
(决算) and the members' disclosure (账务公开).

Decisions (docs/finance.md):

* **closing a year** is one step, ``carry_forward``: one voucher dated 31 December
  (``source_kind="year_end"``, ``source_id=year``, through ``finance.services.post_voucher``)
  moves every income and expenditure account's balance into 331 结余, and December is closed
  in the same transaction (``finance.services.close_month``). So the carry-forward is the last
  voucher of the year and nothing can be posted in the year after it: the closed month refuses
  it (the service and migration 0002's trigger). It needs January–November closed (months
  close in order), December open and begun; the union's books lock is held from the balances
  read to the close, so no voucher slips in between. A union whose income and expenditure are
  all zero gets no voucher; its December is closed all the same;
* December closed on the months page without the carry-forward leaves the year's surplus in
  the income and expenditure accounts: the balance sheet shows it as "surplus of earlier years
  not yet carried forward" and the 决算 is still available (a year is *closed* once its
  December is); it cannot be carried forward any more (its voucher would fall in a closed month);
* the income statement leaves the carry-forward out (finance/statements.py), so 本月数 and
  本年累计数 of December read the same before and after it;
* a disclosure's figures are computed live for the preview and frozen into
  ``Disclosure.figures`` when it is first published; unpublishing hides it, publishing it again
  shows the same frozen figures (a corrected disclosure is a new one);
* a disclosure is the union's word to its members: only its own finance officer or chair (the
  role held at the union itself, ``discloses_for``) prepares, publishes and withdraws it; a
  federation's officer or chair, whose role covers the union, reads it but does not publish it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.roles import CHAIR_ROLES, FINANCE_ROLES
from unionadmin.scoping import organisations_where, role_paths

from .models import Account, ClosedMonth, Disclosure, Voucher
from .services import FinanceError, _lock_books, account_balances, close_month, closed_through, post_voucher
from .statements import YEAR_END, Statement, balance_sheet, income_expenditure

ZERO = Decimal("0.00")
SURPLUS_ACCOUNT = "331"


# --- the year-end carry-forward --------------------------------------------------------------


def year_end_voucher(organisation, year: int) -> Voucher | None:
    return Voucher.objects.filter(organisation=organisation, source_kind=YEAR_END, source_id=year).first()


def year_is_closed(organisation, year: int) -> bool:
    """A year is closed when its December is (with or without the carry-forward)."""
    through = closed_through(organisation)
    return through is not None and through >= (year, 12)


def carry_forward_refusal(organisation, year: int, *, today: datetime.date | None = None) -> str | None:
    """Why the year cannot be carried forward now, or None when it can."""
    today = today or timezone.localdate()
    through = closed_through(organisation)
    if through is not None and through >= (year, 12):
        done = year_end_voucher(organisation, year)
        if done is not None:
            return _("%(year)s is already carried forward, by voucher %(number)s.") % {
                "year": year, "number": done.display_number}
        return _("December %(year)s is already closed, so the year can no longer be carried forward.") % {
            "year": year}
    if (today.year, today.month) < (year, 12):
        return _("%(year)s is carried forward from December on, once its vouchers are in.") % {"year": year}
    earlier = Voucher.objects.filter(organisation=organisation, date__lt=datetime.date(year, 12, 1)).exists()
    if earlier and (through is None or through < (year, 11)):
        return _("Close January to November %(year)s first; the carry-forward closes December.") % {"year": year}
    blocked = unpostable_accounts(organisation, year)
    if blocked:
        return _("%(year)s cannot be carried forward yet: %(accounts)s still have a balance but can no longer be "
                 "posted to (out of use, or split into sub-accounts). Put them back in use on the chart of accounts, "
                 "or move their balances with a voucher to an account in use (for an account with sub-accounts, to "
                 "one of them); then carry the year forward.") % {
            "year": year, "accounts": "、".join(str(account) for account in blocked)}
    return None


def unpostable_accounts(organisation, year: int) -> list[Account]:
    """The income and expenditure accounts with a balance at the end of ``year`` that the
    carry-forward voucher could not post to: out of use, or with sub-accounts (post_voucher
    posts to accounts in use without sub-accounts only)."""
    balances = account_balances(organisation, until=datetime.date(year, 12, 31))
    with_balance = [pk for pk, (debits, credits) in balances.items() if debits != credits]
    if not with_balance:
        return []
    return list(Account.objects.filter(pk__in=with_balance,
                                       element__in=[Account.Element.INCOME, Account.Element.EXPENDITURE])
                .filter(Q(is_active=False) | Q(children__isnull=False)).distinct().order_by("code"))


def _carry_lines(organisation, year: int, summary: str):
    """The carry-forward's lines: every income and expenditure account to zero, the
    difference to 331 结余."""
    accounts = {a.pk: a for a in Account.objects.filter(
        element__in=[Account.Element.INCOME, Account.Element.EXPENDITURE])}
    lines, net = [], ZERO  # net: debits − credits of the lines written so far
    balances = account_balances(organisation, until=datetime.date(year, 12, 31))
    for pk, (debits, credits) in sorted(balances.items(), key=lambda item: accounts[item[0]].code
                                        if item[0] in accounts else ""):
        account = accounts.get(pk)
        if account is None or debits == credits:
            continue
        if debits > credits:  # a debit balance (spending) is credited away
            lines.append((account, ZERO, debits - credits, summary))
            net -= debits - credits
        else:
            lines.append((account, credits - debits, ZERO, summary))
            net += credits - debits
    if not lines:
        return []
    surplus = Account.objects.get(code=SURPLUS_ACCOUNT)
    if net > 0:
        lines.append((surplus, ZERO, net, summary))
    elif net < 0:
        lines.append((surplus, -net, ZERO, summary))
    return lines


def carry_forward(organisation, year: int, *, user=None) -> Voucher | None:
    """Close ``year`` of the union's books: the carry-forward voucher, then December closed.
    Returns the voucher (None when there was nothing to carry)."""
    if user is not None and not organisations_where(user, ClosedMonth, "close").filter(pk=organisation.pk).exists():
        raise FinanceError(_("You cannot close the books of %(union)s.") % {"union": organisation})
    summary = f"结转{year}年度收支结余"
    with transaction.atomic():
        # The books' lock (finance.services) for the whole step; post_voucher and close_month take
        # it again (an advisory lock is re-entrant within the session).
        _lock_books(organisation)
        refusal = carry_forward_refusal(organisation, year)
        if refusal:
            raise FinanceError(refusal)
        lines = _carry_lines(organisation, year, summary)
        voucher = None
        if lines:
            voucher = post_voucher(organisation, date=datetime.date(year, 12, 31), summary=summary, lines=lines,
                                   user=user, source=(YEAR_END, year))
        close_month(organisation, year, 12, user=user)
    return voucher


# --- 决算 --------------------------------------------------------------------------------------


@dataclass
class FinalAccounts:
    """决算 of one union and year: the 收入支出表 of the year (with last year's beside it when
    the union has books of last year), the 资产负债表 at 31 December, and the budget's execution."""

    organisation: object
    year: int
    income: Statement
    previous: Statement | None
    balance: Statement
    execution: list
    closed: ClosedMonth | None
    carried: Voucher | None

    @property
    def income_rows(self):
        """The income statement's rows with 本年数 and 上年数: (row, this year, last year)."""
        before = {(r.kind, r.label): r.second for r in self.previous.rows} if self.previous else {}
        return [(row, row.second, before.get((row.kind, row.label), ZERO if self.previous else None))
                for row in self.income.rows]


def _execution(organisation, year):
    try:
        from .budgets import execution
    except ImportError:  # the budgets part is not there
        return []
    return execution(organisation, year)


def final_accounts(organisation, year: int) -> FinalAccounts:
    has_previous = Voucher.objects.filter(organisation=organisation, year=year - 1).exists()
    return FinalAccounts(
        organisation=organisation, year=year,
        income=income_expenditure(organisation, year, 12),
        previous=income_expenditure(organisation, year - 1, 12) if has_previous else None,
        balance=balance_sheet(organisation, year, 12),
        execution=_execution(organisation, year),
        closed=ClosedMonth.objects.filter(organisation=organisation, year=year, month=12).first(),
        carried=year_end_voucher(organisation, year),
    )


# --- 账务公开 ----------------------------------------------------------------------------------


def _amount(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def disclosure_figures(organisation, year: int, month: int) -> dict:
    """What a disclosure shows: income and spending of the year through ``month`` by the
    chart's top-level accounts (the income statement's year-to-date column), the budget in force
    beside each when there is one, the totals. Amounts are strings of yuan (JSON)."""
    statement = income_expenditure(organisation, year, month)
    budgets, top = {}, None  # {top-level account id: its budget}, for the categories a budget line covers
    for row in _execution(organisation, year):
        top = row if row.depth == 0 else top
        if row.kind == "line":
            budgets[top.account.pk] = top.budget
    parts = {"income": [], "expenditure": []}
    for row in statement.rows:
        if row.kind != "account" or row.depth or row.account is None:
            continue
        if not row.second and row.account.pk not in budgets:
            continue
        part = "income" if row.account.element == Account.Element.INCOME else "expenditure"
        budget = budgets.get(row.account.pk)
        parts[part].append({"code": row.account.code, "name": row.account.name, "amount": _amount(row.second),
                            "budget": _amount(budget) if budget is not None else None})
    income = sum((Decimal(r["amount"]) for r in parts["income"]), ZERO)
    spent = sum((Decimal(r["amount"]) for r in parts["expenditure"]), ZERO)
    return {"year": year, "month": month, "income": parts["income"], "expenditure": parts["expenditure"],
            "total_income": _amount(income), "total_expenditure": _amount(spent), "surplus": _amount(income - spent),
            "has_budget": bool(budgets)}


def disclosure_refusal(year: int, month: int, *, today: datetime.date | None = None) -> str | None:
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        return _("Choose a month from 1 to 12.")
    if (year, month) > (today.year, today.month):
        return _("%(year)s-%(month)02d has not begun; a disclosure runs through a month that has.") % {
            "year": year, "month": month}
    return None


DISCLOSING_ROLES = FINANCE_ROLES | CHAIR_ROLES


def discloses_for(user, organisation) -> bool:
    """Whether ``user`` prepares, publishes and withdraws the union's disclosures: its own
    finance officer or chair (the role held at the union itself — a federation's officer,
    whose role covers the union, does not speak to its members for it), or a superuser."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    held = role_paths(user)
    return any(organisation.path in held.get(role, ()) for role in DISCLOSING_ROLES)


def _require_discloser(user, organisation) -> None:
    if user is not None and not discloses_for(user, organisation):
        raise FinanceError(_("Only the union's own finance officer or chair publishes its disclosures."))


def prepare_disclosure(organisation, *, year: int, month: int, title: str, note: str = "", user=None) -> Disclosure:
    if user is not None and not (organisations_where(user, Disclosure, "change").filter(pk=organisation.pk).exists()
                                 and discloses_for(user, organisation)):
        raise FinanceError(_("You cannot prepare a disclosure for %(union)s.") % {"union": organisation})
    refusal = disclosure_refusal(year, month)
    if refusal:
        raise FinanceError(refusal, field="month")
    return Disclosure.objects.create(organisation=organisation, year=year, month=month,
                                     title=(title or "").strip(), note=(note or "").strip())


def publish(disclosure: Disclosure, *, user=None) -> Disclosure:
    """Publish: the figures are frozen now (the first time); the link then opens for members."""
    _require_discloser(user, disclosure.organisation)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if disclosure.is_published:
            raise FinanceError(_("This disclosure is already published."))
        if not disclosure.figures:
            disclosure.figures = disclosure_figures(disclosure.organisation, disclosure.year, disclosure.month)
        disclosure.is_published = True
        disclosure.published_by = user
        disclosure.published_at = timezone.now()
        disclosure.save(update_fields=["figures", "is_published", "published_by", "published_at"])
    return disclosure


def unpublish(disclosure: Disclosure, *, user=None) -> Disclosure:
    _require_discloser(user, disclosure.organisation)
    with transaction.atomic():
        disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if not disclosure.is_published:
            raise FinanceError(_("This disclosure is not published."))
        disclosure.is_published = False
        disclosure.save(update_fields=["is_published"])
    return disclosure


def published(token: str) -> Disclosure | None:
    """The published disclosure at ``token`` with its union's name: one query."""
    if not token or len(token) > 40:
        return None
    return (Disclosure.objects.filter(token=token, is_published=True).select_related("organisation")
            .only("title", "note", "year", "month", "figures", "published_at", "organisation__name").first())
