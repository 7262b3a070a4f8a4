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
  unbudgeted row (budget 0), so nothing spent outside the budget is hidden;
* **who**: the union's own finance officer (the role held at the union itself) drafts, edits,
  sends up, redrafts and adjusts its budget (``keeps_budget``) — a finance officer above,
  whose role covers the union too, does not; the union that decides is the nearest union above
  where anyone holds a finance officer's or federation administrator's role
  (``deciding_paths``: the union directly above, or the next one up when that one has nobody),
  so a union further up never skips it; whoever sent a version up never decides on it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from unionadmin.roles import FEDERATION_FINANCE_ROLES, FINANCE_ROLES
from unionadmin.scoping import ancestor_paths, role_paths, user_can

from .models import Account, Budget, BudgetApproval, BudgetLine, Claim, ClaimItem
from .services import LARGEST, FinanceError, account_balances

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
    balances = account_balances(organisation, since=since, until=until, without_year_end=True)
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


def execution(organisation, year, *, budget: Budget | None = None) -> Execution:
    """The execution of the union's budget in force for ``year`` (or of ``budget``, a version
    of it): every line (income first, then expenditure, in code order) with its spent,
    committed, left and rate; a category's subtotal row above its sub-item lines; spending no
    line covers as unbudgeted rows. The totals are on ``.totals``. Empty (no rows) when no
    budget is in force. Four queries."""
    budget = budget or budget_in_force(organisation, year)
    if budget is None:
        return Execution()
    accounts = {account.pk: account for account in Account.objects.all()}
    parents = {pk: account.parent_id for pk, account in accounts.items()}
    lines = list(budget.lines.all())
    by_account = {line.account_id: line for line in lines}

    since, until = _year_range(year)
    movement: dict[int, Decimal] = {}  # the account's own net, on its normal side
    for pk, (debits, credits) in account_balances(organisation, since=since, until=until, without_year_end=True).items():
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


# --- the steps of a version ----------------------------------------------------------------
#
# DRAFT (lines editable) → the committee's and the 经审会's agreements, in either order (the
# first freezes the lines; both make it AGREED) → SUBMITTED by the finance officer → the union
# above APPROVED, FILED (both accepted: in force) or RETURNED (with a note; redrafted as the
# next version). An accepted version in force is adjusted by a new version with a reason.

OPEN = frozenset({Budget.Status.DRAFT, Budget.Status.AGREED, Budget.Status.SUBMITTED})
AGREEMENTS = {
    BudgetApproval.Step.COMMITTEE: "agree_committee",
    BudgetApproval.Step.AUDIT_COMMITTEE: "agree_audit",
}
DECISIONS = {
    BudgetApproval.Step.APPROVED: Budget.Status.APPROVED,
    BudgetApproval.Step.FILED: Budget.Status.FILED,
    BudgetApproval.Step.RETURNED: Budget.Status.RETURNED,
}
BUDGET_ELEMENTS = (Account.Element.INCOME, Account.Element.EXPENDITURE)


def default_title(year: int, version: int) -> str:
    """The document's own title (Chinese, as on the paper form)."""
    if version == 1:
        return f"{year}年度工会经费收支预算"
    return f"{year}年度工会经费收支预算调整（第{version - 1}次）"


def _locked(budget: Budget) -> Budget:
    """The version again, locked until the transaction ends (two steps at once queue)."""
    return Budget.objects.select_for_update().select_related("organisation").get(pk=budget.pk)


def _open_version(organisation, year) -> Budget | None:
    return (Budget.objects.filter(organisation=organisation, year=year, status__in=OPEN)
            .order_by("-version").first())


def _in_progress_error(open_version: Budget) -> FinanceError:
    return FinanceError(_("Version %(version)s of the %(year)s budget is still in progress (%(status)s): finish it "
                          "or have it returned before starting another.")
                        % {"version": open_version.version, "year": open_version.year,
                           "status": open_version.get_status_display()})


def _require_keeper(user, budget: Budget, message: str) -> None:
    if user is not None and not keeps_budget(user, budget):
        raise FinanceError(message)


def is_editable(budget: Budget) -> bool:
    """Lines change only in a draft nobody has agreed to yet."""
    return budget.status == Budget.Status.DRAFT and not budget.approvals.exists()


def _copy_lines(source: Budget | None, target: Budget) -> int:
    if source is None:
        return 0
    lines = [BudgetLine(budget=target, account_id=line.account_id, amount=line.amount, note=line.note)
             for line in source.lines.filter(account__is_active=True)]
    BudgetLine.objects.bulk_create(lines)
    return len(lines)


def _new_version(organisation, year, *, user, reason="", copy_from: Budget | None = None) -> Budget:
    version = (Budget.objects.filter(organisation=organisation, year=year)
               .aggregate(last=Max("version"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            budget = Budget.objects.create(organisation=organisation, year=year, version=version, reason=reason,
                                           title=default_title(year, version), created_by=user)
    except IntegrityError as error:  # the same page sent twice at once
        raise FinanceError(_("Version %(version)s of the %(year)s budget was just made by someone else; open it "
                             "from the list.") % {"version": version, "year": year}) from error
    _copy_lines(copy_from, budget)
    return budget


def _lock_union_budgets(organisation, year) -> None:
    """Serialise the making of versions of one union's year (two drafts at once)."""
    from django.db import connection

    # One bigint key hashed from the union and the year: no arithmetic on the pk to overflow.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                       [f"finance.budget:{int(organisation.pk)}:{int(year)}"])


def start_budget(organisation, year: int, *, user=None, copy_last_year: bool = False) -> Budget:
    """Draft the union's budget for ``year`` (version 1), optionally starting from the lines of
    last year's budget in force (else its latest version)."""
    if user is not None and not keeps_budget(user, Budget(organisation=organisation, year=year)):
        raise FinanceError(_("You cannot draft the budget of %(union)s.") % {"union": organisation})
    with transaction.atomic():
        _lock_union_budgets(organisation, year)
        existing = Budget.objects.filter(organisation=organisation, year=year).order_by("-version").first()
        if existing is not None:
            raise FinanceError(_("%(union)s already has a budget for %(year)s (version %(version)s, %(status)s); "
                                 "adjust it or redraft it instead.")
                               % {"union": organisation, "year": year, "version": existing.version,
                                  "status": existing.get_status_display()}, field="year")
        source = None
        if copy_last_year:
            source = budget_in_force(organisation, year - 1) or (
                Budget.objects.filter(organisation=organisation, year=year - 1).order_by("-version").first())
            if source is None:
                raise FinanceError(_("%(union)s has no budget for %(year)s to copy.")
                                   % {"union": organisation, "year": year - 1}, field="copy_last_year")
        return _new_version(organisation, year, user=user, copy_from=source)


def check_lines(lines) -> list[tuple[Account, Decimal, str]]:
    """The lines (account, amount, note) as a version may have them, or a FinanceError: income
    and expenditure accounts only, each once, never an account and one of its sub-accounts
    together, amounts in yuan and fen from 0 up."""
    checked, seen = [], {}
    parents = _parents()
    for account, amount, note in lines:
        if account.element not in BUDGET_ELEMENTS:
            raise FinanceError(_("%(account)s is not an income or expenditure account; a budget has only those.")
                               % {"account": account})
        if account.pk in seen:
            raise FinanceError(_("%(account)s is on two lines; enter it once.") % {"account": account})
        amount = Decimal(amount if amount is not None else 0)
        if amount < 0 or amount != amount.quantize(CENT) or amount > LARGEST:
            raise FinanceError(_("The amount of %(account)s must be from 0 up, in yuan and fen.")
                               % {"account": account})
        seen[account.pk] = account
        checked.append((account, amount, (note or "").strip()))
    for pk, account in seen.items():
        for ancestor in _ancestry(pk, parents)[1:]:
            if ancestor in seen:
                raise FinanceError(_("%(category)s and its sub-item %(account)s are both on lines: budget the "
                                     "category as a whole or by its sub-items, not both.")
                                   % {"category": seen[ancestor], "account": account})
    return checked


def save_lines(budget: Budget, lines, *, user=None) -> Budget:
    """Replace the lines of a draft nobody has agreed to yet."""
    _require_keeper(user, budget, _("You cannot edit the budget of %(union)s.") % {"union": budget.organisation})
    checked = check_lines(lines)
    with transaction.atomic():
        budget = _locked(budget)
        if not is_editable(budget):
            raise FinanceError(_("This version is no longer a draft open to changes: a committee has agreed to it, "
                                 "and changing it would change what was agreed. Adjust the budget once it is in "
                                 "force, or have it returned."))
        budget.lines.all().delete()
        BudgetLine.objects.bulk_create([BudgetLine(budget=budget, account=account, amount=amount, note=note)
                                        for account, amount, note in checked])
    return budget


def _holds_at(user, roles, organisation) -> bool:
    """Whether ``user`` holds one of ``roles`` at the union itself (not above it)."""
    return _holds_at_path(user, roles, organisation.path)


def _holds_at_path(user, roles, path: str | None) -> bool:
    held = role_paths(user)
    return path is not None and any(path in held.get(role, ()) for role in roles)


def keeps_budget(user, budget: Budget) -> bool:
    """Whether ``user`` drafts, edits, sends up, redrafts and adjusts this union's budget: the
    union's own finance officer (the role held at the union itself), or a superuser. A finance
    officer of a union above, whose role covers the union too, decides on it instead: the one
    who drafts and sends a budget up never approves it."""
    if user is None or not user_can(user, "change", budget):
        return False
    return user.is_superuser or _holds_at(user, FINANCE_ROLES, budget.organisation)


def deciding_paths(organisations) -> dict[int, str | None]:
    """{union pk: path of the union above that decides on its budget}: the nearest union above
    it where someone holds a finance officer's or federation administrator's role
    (FEDERATION_FINANCE_ROLES) — the union directly above, or the next one up when that one
    has nobody to decide; None when no union above has anyone. One query."""
    from unionadmin.models import RoleAssignment

    organisations = list(organisations)
    above = {org.pk: ancestor_paths([org.path]) for org in organisations}
    wanted = set().union(*above.values()) if above else set()
    held = set(RoleAssignment.objects.filter(role__in=FEDERATION_FINANCE_ROLES, organisation__path__in=sorted(wanted))
               .values_list("organisation__path", flat=True)) if wanted else set()
    return {pk: max((path for path in paths if path in held), key=len, default=None) for pk, paths in above.items()}


def may_decide(user, budget: Budget, *, deciding: str | None = None, submitted_by_id: int | None = None) -> bool:
    """Whether ``user`` decides on a version sent up: they hold a finance officer's or federation
    administrator's role at the deciding union (``deciding_paths``; a union further up does not
    skip it), or are a superuser — and did not send it up themselves."""
    if user is None or not user_can(user, "approve", budget):
        return False
    if submitted_by_id is None:
        submitted_by_id = (budget.approvals.filter(step=BudgetApproval.Step.SUBMITTED)
                           .values_list("decided_by_id", flat=True).first())
    if submitted_by_id is not None and submitted_by_id == user.pk:
        return False
    if user.is_superuser:
        return True
    if deciding is None:
        deciding = deciding_paths([budget.organisation])[budget.organisation.pk]
    return _holds_at_path(user, FEDERATION_FINANCE_ROLES, deciding)


def waiting_for(user, queryset=None) -> list[Budget]:
    """The versions sent up that wait for ``user``'s decision (``may_decide``), in the order
    of ``queryset`` (default: every version sent up the user may see). Two queries."""
    if queryset is None:
        queryset = Budget.objects.order_by("organisation__path", "year", "version")
    budgets = list(queryset.filter(pk__in=Budget.objects.visible_to(user, "approve")
                                   .filter(status=Budget.Status.SUBMITTED).values("pk"))
                   .select_related("organisation"))
    deciding = deciding_paths({budget.organisation for budget in budgets})
    senders = dict(BudgetApproval.objects.filter(budget__in=budgets, step=BudgetApproval.Step.SUBMITTED)
                   .values_list("budget_id", "decided_by_id"))
    return [budget for budget in budgets
            if may_decide(user, budget, deciding=deciding[budget.organisation_id] or "",
                          submitted_by_id=senders.get(budget.pk) or 0)]


def may_agree(user, step: str, budget: Budget) -> bool:
    """A committee's agreement is recorded by someone of that union: its chair for the union
    committee, a seated member of its 经审会 in office for the 经审会 (the same role above the
    union does not speak for the union's committees). A superuser may record either."""
    from unionadmin.roles import AUDIT_ROLES, CHAIR_ROLES

    if user is None or not user_can(user, AGREEMENTS[step], budget):
        return False
    if user.is_superuser:
        return True
    if step == BudgetApproval.Step.COMMITTEE:
        return _holds_at(user, CHAIR_ROLES, budget.organisation)
    # The 经审会 speaks through its seated members (finance/audit.py): the role alone only reads.
    from .audit import sits_on_audit_committee

    return _holds_at(user, AUDIT_ROLES, budget.organisation) and sits_on_audit_committee(user, budget.organisation)


def _recorded(budget: Budget, step: str) -> BudgetApproval | None:
    return budget.approvals.filter(step=step).select_related("decided_by").first()


def _already_recorded(approval: BudgetApproval) -> FinanceError:
    who = approval.decided_by.get_full_name() or approval.decided_by.username if approval.decided_by else ""
    return FinanceError(_("%(step)s is already recorded for this version (%(who)s, %(date)s).")
                        % {"step": approval.get_step_display(), "who": who,
                           "date": approval.decided_at.date().isoformat()})


def _record(budget: Budget, step: str, *, user, meeting="", note="") -> BudgetApproval:
    try:
        with transaction.atomic():
            return BudgetApproval.objects.create(budget=budget, step=step, decided_by=user,
                                                 meeting=(meeting or "").strip(), note=(note or "").strip())
    except IntegrityError as error:  # budget_step_once: a path that did not take the lock
        done = _recorded(budget, step)
        if done is not None:
            raise _already_recorded(done) from error
        raise


def record_agreement(budget: Budget, step: str, *, user=None, meeting: str = "", note: str = "") -> BudgetApproval:
    """Record the union committee's (``Step.COMMITTEE``) or the 经审会's
    (``Step.AUDIT_COMMITTEE``) agreement to a draft; with both, the version is AGREED."""
    if step not in AGREEMENTS:
        raise FinanceError(_("This is not a committee's agreement."))
    if user is not None and not may_agree(user, step, budget):
        raise FinanceError(_("Only the union's chair records the union committee's agreement, and only a member "
                             "of its funds audit committee records that committee's."))
    if not (meeting or "").strip():
        raise FinanceError(_("Name the meeting that agreed to it."), field="meeting")
    with transaction.atomic():
        budget = _locked(budget)
        done = _recorded(budget, step)
        if done is not None:
            raise _already_recorded(done)
        if budget.status != Budget.Status.DRAFT:
            raise FinanceError(_("This version is %(status)s; committees agree to a draft.")
                               % {"status": budget.get_status_display()})
        if not budget.lines.exists():
            raise FinanceError(_("This draft has no lines yet; there is nothing to agree to."))
        approval = _record(budget, step, user=user, meeting=meeting, note=note)
        if set(budget.approvals.values_list("step", flat=True)) >= set(AGREEMENTS):
            budget.status = Budget.Status.AGREED
            budget.save(update_fields=["status"])
    return approval


def submit_budget(budget: Budget, *, user=None, note: str = "") -> Budget:
    """Send a version both committees agreed to up to the union above."""
    _require_keeper(user, budget, _("Only the union's finance officer sends its budget up."))
    with transaction.atomic():
        budget = _locked(budget)
        if budget.status != Budget.Status.AGREED:
            raise FinanceError(_("This version is %(status)s; it is sent up once both the union committee and the "
                                 "funds audit committee have agreed to it.") % {"status": budget.get_status_display()})
        _record(budget, BudgetApproval.Step.SUBMITTED, user=user, note=note)
        budget.status = Budget.Status.SUBMITTED
        budget.save(update_fields=["status"])
    return budget


def decide_budget(budget: Budget, step: str, *, user=None, note: str = "") -> Budget:
    """The union above approves a version sent to it, accepts it for filing, or returns it
    with a note. Approved or filed, it is in force."""
    if step not in DECISIONS:
        raise FinanceError(_("Choose approve, file or return."), field="decision")
    if user is not None and not may_decide(user, budget):
        raise FinanceError(_("Only the union directly above decides on a budget sent to it, and never the person "
                             "who sent it up."))
    if step == BudgetApproval.Step.RETURNED and not (note or "").strip():
        raise FinanceError(_("Say why it is returned, so the union knows what to change."), field="note")
    with transaction.atomic():
        budget = _locked(budget)
        if budget.status != Budget.Status.SUBMITTED:
            raise FinanceError(_("This version is %(status)s; the union above decides on a version sent to it.")
                               % {"status": budget.get_status_display()})
        _record(budget, step, user=user, note=note)
        budget.status = DECISIONS[step]
        budget.save(update_fields=["status"])
    return budget


def redraft(budget: Budget, *, user=None) -> Budget:
    """A returned version is redrafted as the next version, with its lines, as a draft."""
    _require_keeper(user, budget, _("Only the union's finance officer redrafts its budget."))
    with transaction.atomic():
        _lock_union_budgets(budget.organisation, budget.year)
        budget = _locked(budget)
        if budget.status != Budget.Status.RETURNED:
            raise FinanceError(_("Only a returned version is redrafted."))
        if budget.organisation.budgets.filter(year=budget.year, version__gt=budget.version).exists():
            raise FinanceError(_("A later version of this budget exists already; work on that one."))
        open_version = _open_version(budget.organisation, budget.year)
        if open_version is not None:
            raise _in_progress_error(open_version)
        return _new_version(budget.organisation, budget.year, user=user, reason=budget.reason, copy_from=budget)


def adjust(budget: Budget, *, user=None, reason: str) -> Budget:
    """Start an adjustment (调整) of the budget in force: the next version with the same lines
    and a reason, through the same agreements and approval; accepted, it is in force."""
    _require_keeper(user, budget, _("Only the union's finance officer adjusts its budget."))
    reason = (reason or "").strip()
    if not reason:
        raise FinanceError(_("Say why the budget is adjusted."), field="reason")
    with transaction.atomic():
        _lock_union_budgets(budget.organisation, budget.year)
        budget = _locked(budget)
        if budget != budget_in_force(budget.organisation, budget.year):
            raise FinanceError(_("Only the budget in force is adjusted; this version is not (anymore)."))
        open_version = _open_version(budget.organisation, budget.year)
        if open_version is not None:
            raise _in_progress_error(open_version)
        return _new_version(budget.organisation, budget.year, user=user, reason=reason, copy_from=budget)


def steps_for(budget: Budget, user) -> set[str]:
    """The steps ``user`` may take on the version now (the page's buttons; the services check
    the same again): edit, agree_committee, agree_audit, submit, decide, redraft, adjust."""
    steps = set()
    status = budget.status
    recorded = {approval.step for approval in budget.approvals.all()}
    keeper = keeps_budget(user, budget)
    if status == Budget.Status.DRAFT:
        if keeper and not recorded:
            steps.add("edit")
        for step, name in AGREEMENTS.items():
            if step not in recorded and may_agree(user, step, budget):
                steps.add(name)
    elif status == Budget.Status.AGREED and keeper:
        steps.add("submit")
    elif status == Budget.Status.SUBMITTED and may_decide(user, budget):
        steps.add("decide")
    elif status == Budget.Status.RETURNED and keeper:
        steps.add("redraft")
    elif status in Budget.ACCEPTED and keeper:
        steps.add("adjust")
    if steps & {"redraft", "adjust"}:
        if (_open_version(budget.organisation, budget.year) is not None
                or ("adjust" in steps and budget != budget_in_force(budget.organisation, budget.year))):
            steps -= {"redraft", "adjust"}
    return steps
