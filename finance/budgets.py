"""Budgets (预算): the version in force, its execution (spent, committed, left), and the steps of
a version — drafting, the two committees' agreements, sending it up, the union above's
decision, adjusting.

Decisions (docs/finance.md):

* the budget **in force** for a union and year is the latest version the union above approved
  or accepted for filing (``Budget.ACCEPTED``); a later draft or a version waiting for the
  union above does not replace it;
* a line is on an account of the chart (a category such as 501 or a sub-item such as 50105),
  never on both an account and one of its sub-accounts in the same version: a category line
  covers the whole category, so spending on any of its sub-items counts against it
  (``line_for`` falls back to the nearest ancestor that has a line);
* **spent** is what the vouchers say, in the year: debits − credits of the account and its
  sub-accounts (a reversal nets out), credits − debits for an income account (received);
  **committed** is what claims of the year still waiting for approval or payment
  (``Claim.COMMITTED``) hold on the account; a paid claim is in *spent* through its voucher,
  never counted twice;
* spending on an expenditure account that no line covers is shown in the execution as an
  unbudgeted row (budget 0), so nothing spent outside the budget is hidden.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from .models import Account, Budget, BudgetLine, Claim, ClaimItem
from .services import account_balances

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


# --- the chart as a tree -------------------------------------------------------------------


def _parents() -> dict[int, int | None]:
    """{account id: parent id} of the whole chart (one small query)."""
    return dict(Account.objects.values_list("pk", "parent_id"))


def _subtree(account_id: int, parents: dict[int, int | None] | None = None) -> set[int]:
    """The account and every account below it."""
    parents = _parents() if parents is None else parents
    children: dict[int | None, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [account_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, ()))
    return found


def _ancestry(account_id: int, parents: dict[int, int | None]) -> list[int]:
    """The account, its parent, its grandparent, … up to the top of the chart."""
    chain, seen = [], set()
    while account_id is not None and account_id not in seen:
        chain.append(account_id)
        seen.add(account_id)
        account_id = parents.get(account_id)
    return chain


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# --- the version in force and its lines ----------------------------------------------------


def budget_in_force(organisation, year) -> Budget | None:
    """The latest version of the union's budget for ``year`` that the union above approved or
    filed; None when there is none yet."""
    return (Budget.objects.filter(organisation=organisation, year=year, status__in=Budget.ACCEPTED)
            .order_by("-version").first())


def line_for(organisation, year, account) -> BudgetLine | None:
    """The in-force budget's line for ``account``, or for its nearest ancestor account that has
    a line; None when there is no budget in force or no line covers the account."""
    budget = budget_in_force(organisation, year)
    if budget is None:
        return None
    lines = {line.account_id: line for line in budget.lines.select_related("account", "budget")}
    for pk in _ancestry(account.pk, _parents()):
        if pk in lines:
            return lines[pk]
    return None


def spent(organisation, year, account) -> Decimal:
    """Expenditure posted in ``year`` on the account and its sub-accounts (debits − credits,
    so a reversal nets out); for an income account what was received (credits − debits)."""
    since, until = _year_range(year)
    ids = _subtree(account.pk)
    balances = account_balances(organisation, since=since, until=until)
    debits = sum((balances[pk][0] for pk in ids if pk in balances), ZERO)
    credits = sum((balances[pk][1] for pk in ids if pk in balances), ZERO)
    return (debits - credits) if account.debit_normal else (credits - debits)


def _committed_items(organisation, year, *, excluding_claim=None):
    items = ClaimItem.objects.filter(claim__organisation=organisation, claim__year=year,
                                     claim__status__in=Claim.COMMITTED)
    if excluding_claim is not None:
        items = items.exclude(claim=excluding_claim)
    return items


def committed(organisation, year, account, *, excluding_claim=None) -> Decimal:
    """What the union's claims of ``year`` waiting for approval or payment (``Claim.COMMITTED``)
    hold on the account and its sub-accounts; ``excluding_claim`` leaves one claim out (the
    claim being checked)."""
    total = (_committed_items(organisation, year, excluding_claim=excluding_claim)
             .filter(account__in=_subtree(account.pk)).aggregate(total=Sum("amount"))["total"])
    return total or ZERO


def available(line: BudgetLine, *, excluding_claim=None) -> Decimal:
    """What is left on a budget line: its amount − spent − committed on its account."""
    organisation, year = line.budget.organisation, line.budget.year
    return (line.amount - spent(organisation, year, line.account)
            - committed(organisation, year, line.account, excluding_claim=excluding_claim))


# --- execution -----------------------------------------------------------------------------


def rate_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal place; None when ``whole`` is 0."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(TENTH)


@dataclass
class ExecutionRow:
    """One row of a budget's execution: a line, a category's subtotal, or spending no line
    covers (``unbudgeted``). ``spent`` is what was received for an income row."""

    account: Account
    budget: Decimal
    spent: Decimal
    committed: Decimal
    left: Decimal
    rate: Decimal | None
    depth: int
    kind: str = "line"  # "line", "subtotal", "unbudgeted"
    line: BudgetLine | None = None
    note: str = ""

    @property
    def is_income(self) -> bool:
        return self.account.element == Account.Element.INCOME

    @property
    def over(self) -> bool:
        """Over-spent (expenditure) — more spent and committed than budgeted."""
        return not self.is_income and self.left < 0


@dataclass
class ExecutionTotals:
    income_budget: Decimal = ZERO
    income_received: Decimal = ZERO
    expenditure_budget: Decimal = ZERO
    expenditure_spent: Decimal = ZERO
    expenditure_committed: Decimal = ZERO

    @property
    def expenditure_left(self) -> Decimal:
        return self.expenditure_budget - self.expenditure_spent - self.expenditure_committed

    @property
    def rate(self) -> Decimal | None:
        """Expenditure spent ÷ expenditure budgeted, in percent (the execution rate)."""
        return rate_of(self.expenditure_spent, self.expenditure_budget)

    @property
    def income_rate(self) -> Decimal | None:
        return rate_of(self.income_received, self.income_budget)

    @property
    def balance(self) -> Decimal:
        """Budgeted income − budgeted expenditure: a balanced budget is ≥ 0."""
        return self.income_budget - self.expenditure_budget


class Execution(list):
    """The rows of ``execution()`` (a list of ExecutionRow), with the budget and its totals."""

    def __init__(self, rows=(), *, budget: Budget | None = None, totals: ExecutionTotals | None = None):
        super().__init__(rows)
        self.budget = budget
        self.totals = totals or ExecutionTotals()


@dataclass
class _Figures:
    budget: Decimal = ZERO
    spent: Decimal = ZERO
    committed: Decimal = ZERO
    lines: list = field(default_factory=list)


def _row(account, budget, spent_, committed_, depth, **kwargs) -> ExecutionRow:
    left = budget - spent_ - committed_
    return ExecutionRow(account=account, budget=budget, spent=spent_, committed=committed_, left=left,
                        rate=rate_of(spent_, budget), depth=depth, **kwargs)


def execution(organisation, year) -> Execution:
    """The execution of the union's budget in force for ``year``: every line (income first,
    then expenditure, in code order) with its spent, committed, left and rate; a category's
    subtotal row above its sub-item lines; spending no line covers as unbudgeted rows. The
    totals are on ``.totals``. Empty (no rows) when no budget is in force. Three queries."""
    budget = budget_in_force(organisation, year)
    if budget is None:
        return Execution()
    accounts = {account.pk: account for account in Account.objects.all()}
    parents = {pk: account.parent_id for pk, account in accounts.items()}
    lines = list(budget.lines.all())
    by_account = {line.account_id: line for line in lines}

    since, until = _year_range(year)
    movement: dict[int, Decimal] = {}  # the account's own net, on its normal side
    for pk, (debits, credits) in account_balances(organisation, since=since, until=until).items():
        account = accounts[pk]
        if account.element in (Account.Element.INCOME, Account.Element.EXPENDITURE):
            movement[pk] = (debits - credits) if account.debit_normal else (credits - debits)
    held: dict[int, Decimal] = {}
    for row in _committed_items(organisation, year).order_by().values("account").annotate(total=Sum("amount")):
        held[row["account"]] = row["total"]

    figures: dict[int, _Figures] = {line.account_id: _Figures(budget=line.amount, lines=[line]) for line in lines}
    unbudgeted: dict[int, _Figures] = {}
    for pk in set(movement) | set(held):
        covering = next((a for a in _ancestry(pk, parents) if a in by_account), None)
        target = figures[covering] if covering is not None else unbudgeted.setdefault(pk, _Figures())
        target.spent += movement.get(pk, ZERO)
        target.committed += held.get(pk, ZERO)

    totals = ExecutionTotals()
    # Group by the top of the chart: each category with its lines below it.
    groups: dict[int, list[int]] = {}
    for pk in list(figures) + [pk for pk, f in unbudgeted.items() if f.spent or f.committed]:
        top = _ancestry(pk, parents)[-1]
        groups.setdefault(top, []).append(pk)

    def order(pk):
        account = accounts[pk]
        return (account.element != Account.Element.INCOME, account.code)

    rows: list[ExecutionRow] = []
    for top in sorted(groups, key=order):
        members = sorted(groups[top], key=order)
        income = accounts[top].element == Account.Element.INCOME
        if members == [top]:
            own = figures.get(top) or unbudgeted[top]
            rows.append(_row(accounts[top], own.budget, own.spent, own.committed, 0,
                             kind="line" if top in figures else "unbudgeted",
                             line=by_account.get(top), note=by_account[top].note if top in by_account else ""))
            group = [own]
        else:
            group = [figures.get(pk) or unbudgeted[pk] for pk in members]
            rows.append(_row(accounts[top], sum((f.budget for f in group), ZERO), sum((f.spent for f in group), ZERO),
                             sum((f.committed for f in group), ZERO), 0, kind="subtotal"))
            for pk, own in zip(members, group, strict=True):
                line = by_account.get(pk)
                rows.append(_row(accounts[pk], own.budget, own.spent, own.committed,
                                 max(len(_ancestry(pk, parents)) - 1, 1),
                                 kind="line" if line else "unbudgeted", line=line, note=line.note if line else ""))
        if income:
            totals.income_budget += sum((f.budget for f in group), ZERO)
            totals.income_received += sum((f.spent for f in group), ZERO)
        elif accounts[top].element == Account.Element.EXPENDITURE:
            totals.expenditure_budget += sum((f.budget for f in group), ZERO)
            totals.expenditure_spent += sum((f.spent for f in group), ZERO)
            totals.expenditure_committed += sum((f.committed for f in group), ZERO)
    return Execution(rows, budget=budget, totals=totals)
