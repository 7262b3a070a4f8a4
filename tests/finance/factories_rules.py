"""Factories for the finance rules part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT.

The spending rules are seeded by migration 0006; ``seed_rules()`` seeds them again when a
transactional test's flush emptied the table (like ``factories.account``)."""
import datetime
import importlib
from decimal import Decimal

from django.db.models import Max

from finance.models import Claim, ClaimItem, FinanceSettings, RuleBreach, SpendingRule
from finance.spending_rules import seed_if_empty
from tests.factories import UserFactory

from .factories import account, post

SEED = importlib.import_module("finance.migrations.0006_spending_rules_seed")


def seed_rules():
    seed_if_empty()


def settings_for(union, province="") -> FinanceSettings:
    return FinanceSettings.objects.update_or_create(organisation=union, defaults={"province": province})[0]


def make_claim(union, *items, status=Claim.Status.SUBMITTED, spent_on=datetime.date(2026, 9, 20),
               title="节日慰问品") -> Claim:
    """A claim of the union with items given as dicts (amount, item, form, members_covered,
    description, account code)."""
    number = (Claim.objects.filter(organisation=union, year=spent_on.year).aggregate(n=Max("number"))["n"] or 0) + 1
    claim = Claim.objects.create(organisation=union, year=spent_on.year, number=number, title=title,
                                 spent_on=spent_on, payee="某超市")
    total = Decimal("0")
    for position, spec in enumerate(items):
        spec = dict(spec)
        code = spec.pop("account", "50105")
        amount = Decimal(str(spec.pop("amount")))
        total += amount
        ClaimItem.objects.create(claim=claim, position=position, account=account(code), amount=amount,
                                 description=spec.pop("description", "中秋节慰问品"), **spec)
    claim.total = total
    if status in (Claim.Status.APPROVED, Claim.Status.PAID):
        claim.approved_by = UserFactory()
    if status == Claim.Status.PAID:
        claim.voucher = post(union, debit="50105", credit="102", amount=total, date=spent_on, summary=title)
        claim.paid_on = spent_on
    claim.status = status
    Claim.objects.filter(pk=claim.pk).update(total=total, status=status, approved_by=claim.approved_by, voucher=claim.voucher,
                                             paid_on=claim.paid_on)
    return claim


def make_breach(union, *, reason="已报党组织同意") -> RuleBreach:
    seed_rules()
    claim = make_claim(union, {"amount": "600", "item": "birthday", "members_covered": 1,
                               "description": "生日蛋糕卡"})
    rule = SpendingRule.objects.filter(kind="per_event", item="birthday").first()
    return RuleBreach.objects.create(claim=claim, item=claim.items.first(), kind=RuleBreach.Kind.RULE, rule=rule,
                                     figures={"limit": "300", "per_member": "600"},
                                     message="生日慰问超过每人300元", reason=reason)


CROSS_TENANT: dict = {}
