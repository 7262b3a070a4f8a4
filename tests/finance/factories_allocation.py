"""Factories for the finance allocation part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT."""
import datetime
from decimal import Decimal

import factory

from finance.models.allocation import Allocation, AllocationTerms, CollectionMode, PreparatoryFund
from tests.factories import FederationFactory, GrassrootsFactory


class TermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationTerms
        django_get_or_create = ("organisation",)

    organisation = factory.SubFactory(GrassrootsFactory)
    mode = CollectionMode.TAX_FULL
    bank_name = "中国工商银行县支行"
    bank_account = "6222020200112233445"


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    organisation = factory.SubFactory(GrassrootsFactory)
    period = datetime.date(2026, 3, 1)
    mode = CollectionMode.TAX_FULL
    payroll = Decimal("100000.00")


class PreparatoryFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreparatoryFund

    federation = factory.SubFactory(FederationFactory)
    employer = factory.Sequence(lambda n: f"县测试{n}有限公司")
    period = datetime.date(2026, 2, 1)
    amount = Decimal("1500.00")
    received_on = datetime.date(2026, 2, 20)


def _allocation(union):
    TermsFactory(organisation=union)
    last = Allocation.objects.filter(organisation=union).order_by("-period").first()
    period = datetime.date(2026, (last.period.month % 12) + 1, 1) if last else datetime.date(2026, 1, 1)
    return AllocationFactory(organisation=union, period=period, paid=Decimal("2000.00"),
                             paid_on=datetime.date(2026, 3, 20))


CROSS_TENANT: dict = {
    AllocationTerms: lambda union: TermsFactory(organisation=union),
    Allocation: _allocation,
    PreparatoryFund: lambda union: PreparatoryFundFactory(federation=union),
}
