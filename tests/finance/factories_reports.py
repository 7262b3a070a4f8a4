"""Factories for the finance reports part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT.

``year_of_books`` posts a year of a union's vouchers and closes January to November, ready
for the carry-forward; a disclosure is made through finance.reports (``make_disclosure``)."""
import datetime

from finance.models import Disclosure
from finance.services import close_month
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import post


def holder(union, role=Role.FINANCE_OFFICER):
    """A user holding ``role`` (the finance officer by default) at ``union``."""
    return RoleAssignmentFactory(role=role, organisation=union).user


def year_of_books(union, year=2025):
    """Dues, the returned 60 %, activity and training spending over ``year``; January to
    November closed. Income 4,800.00 + 6,000.00, spending 1,200.00 + 300.00: a surplus of
    9,300.00."""
    post(union, debit="102", credit="401", amount="4800.00", date=datetime.date(year, 1, 10))
    post(union, debit="102", credit="402", amount="6000.00", date=datetime.date(year, 6, 10))
    post(union, debit="50102", credit="102", amount="1200.00", date=datetime.date(year, 9, 10))
    post(union, debit="50301", credit="101", amount="300.00", date=datetime.date(year, 12, 3))
    post(union, debit="101", credit="102", amount="500.00", date=datetime.date(year, 12, 2))
    for month in range(1, 12):
        close_month(union, year, month)
    return union


def make_disclosure(union, *, year=2026, month=2, published=False, user=None) -> Disclosure:
    from finance.reports import prepare_disclosure, publish

    disclosure = prepare_disclosure(union, year=year, month=month, title=f"{union.name}{year}年经费收支公开",
                                    note="请会员监督。")
    return publish(disclosure, user=user) if published else disclosure


CROSS_TENANT: dict = {Disclosure: lambda union: make_disclosure(union)}
