"""Factories for the finance budgets part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT.

A budget is made straight in the database here (``make_budget``) when a test needs one in a
given state; the steps themselves (agreeing, approving) are tested through finance.budgets."""
import datetime
from decimal import Decimal

from finance.models import Budget, BudgetLine, Claim, ClaimItem

from .factories import account


def make_budget(union, *, year=2026, lines=None, status=Budget.Status.APPROVED, version=1, **kwargs) -> Budget:
    """A budget version of ``union`` with ``lines`` = {account code: amount}."""
    budget = Budget.objects.create(organisation=union, year=year, version=version, status=status, **kwargs)
    for code, amount in (lines if lines is not None else {"401": "1000.00", "50105": "500.00"}).items():
        BudgetLine.objects.create(budget=budget, account=account(code), amount=Decimal(amount))
    return budget


def make_claim(union, *, items, status=Claim.Status.SUBMITTED, year=2026, number=None) -> Claim:
    """A claim of ``union`` with ``items`` = {account code: amount} in ``status`` (straight in
    the database: the claims part's own steps are not needed to test what a budget counts)."""
    number = number or (Claim.objects.filter(organisation=union, year=year).count() + 1)
    claim = Claim(organisation=union, year=year, number=number, title="测试报销", spent_on=datetime.date(year, 3, 1),
                  payee="某商店", status=status)
    if status in (Claim.Status.APPROVED, Claim.Status.PAID):
        from tests.factories import UserFactory

        claim.approved_by = UserFactory()
    if status == Claim.Status.PAID:  # paid: its voucher is in the books (as the claims part posts it)
        from .factories import post

        (code, amount), = items.items()  # one item: one voucher line each side
        claim.voucher = post(union, debit=code, credit="102", amount=amount, date=claim.spent_on, summary="报销")
        claim.paid_on = claim.spent_on
    claim.save()
    for position, (code, amount) in enumerate(items.items(), start=1):
        ClaimItem.objects.create(claim=claim, position=position, account=account(code), description="测试",
                                 amount=Decimal(amount))
    return claim


def _budget_of(union):
    """A draft of ``union`` (a fresh version each call: the matrix makes several)."""
    version = Budget.objects.filter(organisation=union, year=2026).count() + 1
    return make_budget(union, status=Budget.Status.DRAFT, version=version)


CROSS_TENANT: dict = {Budget: _budget_of}
