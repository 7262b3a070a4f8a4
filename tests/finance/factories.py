"""Factories for the finance app, shared by the ledger and the pages' tests.

Vouchers are made through ``finance.services.post_voucher`` (numbering, balance and closed
months are the service's), never by a bare factory; ``AccountFactory`` is for an account the
seeded chart lacks; the seeded chart itself is read with ``account("102")``."""
import datetime
from decimal import Decimal

import factory

from finance.models import Account, ClosedMonth, Voucher
from tests.factories import GrassrootsFactory


def seed_chart():
    """The seeded chart, again when a transactional test's flush (TRUNCATE) emptied the table:
    call it first in a test that reads the chart without going through ``account()``."""
    from finance.chart import seed

    seed(Account)


def account(code: str) -> Account:
    """An account of the seeded chart (migration 0003) by its code; the chart is seeded again
    when a transactional test's flush emptied the table."""
    found = Account.objects.filter(code=code).first()
    if found is None:
        seed_chart()
        found = Account.objects.get(code=code)
    return found


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"测试科目{n}")
    element = Account.Element.ASSET


class ClosedMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosedMonth

    organisation = factory.SubFactory(GrassrootsFactory)
    year = 2026
    month = 1


def post(organisation, *, debit: str, credit: str, amount="100.00", date=datetime.date(2026, 3, 10),
         summary="收到会费", user=None, **kwargs):
    """A two-line voucher: ``amount`` from ``credit`` (code) to ``debit`` (code)."""
    from finance.services import post_voucher

    amount = Decimal(amount)
    return post_voucher(organisation, date=date, summary=summary, user=user, lines=[
        (account(debit), amount, Decimal("0"), summary),
        (account(credit), Decimal("0"), amount, summary),
    ], **kwargs)



# The cross-tenant matrix (tests/unionadmin/test_cross_tenant_matrix.py): a voucher of the union.
CROSS_TENANT = {Voucher: lambda union: post(union, debit="102", credit="401")}


def _merge_parts():
    """Each part of finance keeps its factories in factories_<part>.py; the matrix reads one dict."""
    from . import (
        factories_allocation,
        factories_audit,
        factories_budgets,
        factories_claims,
        factories_reports,
        factories_rules,
    )

    for module in (factories_allocation, factories_budgets, factories_claims, factories_rules, factories_reports,
                   factories_audit):
        CROSS_TENANT.update(module.CROSS_TENANT)


_merge_parts()
