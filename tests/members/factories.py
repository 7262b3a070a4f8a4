"""Factories for the members app's models (the cross-tenant matrix uses them too).

Each ``*_in(union)`` helper makes one fresh object that belongs to ``union`` for scoping.
"""
import datetime
import itertools
from decimal import Decimal

import factory

from members.models import (
    ArchiveEntry,
    CadrePost,
    CardBatch,
    DuesPayment,
    FundReceipt,
    Honour,
    ImportJob,
    Member,
    TrainingRecord,
    Transfer,
)
from members.validators import id_check_character
from tests.factories import GrassrootsFactory, MemberFactory

_ids = itertools.count(5000)


def unique_id_number(female=False, born=datetime.date(1985, 6, 15)) -> str:
    """ID numbers that never repeat within a test run (make_id_number cycles every 1,000):
    500 a day, men odd and women even in the 17th digit."""
    n = next(_ids)
    first17 = f"511002{born + datetime.timedelta(days=n // 500):%Y%m%d}{(n % 500) * 2 + (0 if female else 1):03d}"
    return first17 + id_check_character(first17)


class UniqueMemberFactory(MemberFactory):
    id_number = factory.LazyFunction(unique_id_number)
    gender = "male"


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    member = factory.SubFactory(UniqueMemberFactory)
    from_union = factory.SelfAttribute("member.union")
    to_union = factory.SubFactory(GrassrootsFactory)
    reason = "调动"


class CardBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardBatch

    union = factory.SubFactory(GrassrootsFactory)
    prefix = "T-"
    first_number = factory.Sequence(lambda n: n * 100 + 1)
    count = 10
    issued_on = datetime.date(2024, 3, 1)


class DuesPaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuesPayment

    member = factory.SubFactory(UniqueMemberFactory)
    union = factory.SelfAttribute("member.union")
    period = datetime.date(2024, 1, 1)
    amount = Decimal("25.00")
    paid_on = datetime.date(2024, 1, 20)


class FundReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundReceipt

    union = factory.SubFactory(GrassrootsFactory)
    period = factory.Sequence(lambda n: datetime.date(2000 + n // 12, n % 12 + 1, 1))
    payroll = Decimal("500000.00")
    amount = Decimal("10000.00")
    received_on = datetime.date(2024, 2, 10)


class CadrePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CadrePost

    member = factory.SubFactory(UniqueMemberFactory)
    organisation = factory.SelfAttribute("member.union")
    position = CadrePost.Position.COMMITTEE
    term_start = datetime.date(2023, 1, 1)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    member = factory.SubFactory(UniqueMemberFactory)
    course = "基层工会主席培训班"
    level = "county"
    started_on = datetime.date(2024, 5, 10)
    hours = Decimal("16")


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    member = factory.SubFactory(UniqueMemberFactory)
    kind = Honour.Kind.MODEL_WORKER
    title = factory.Sequence(lambda n: f"县劳动模范{n}")
    level = "county"
    year = 2020


class ArchiveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArchiveEntry

    member = factory.SubFactory(UniqueMemberFactory)
    kind = ArchiveEntry.Kind.HEALTH_CHECK
    date = datetime.date(2024, 6, 1)
    summary = "年度健康体检"


class ImportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportJob

    union = factory.SubFactory(GrassrootsFactory)
    original_name = "会员花名册.xlsx"
    kind = ImportJob.Kind.XLSX
    columns = ["姓名", "身份证号码", "入会时间"]
    mapping = {"0": "name", "1": "id_number", "2": "joined_on"}
    # A checked job with refused rows has its problems sheet: the matrix reaches its download too.
    problems_file = factory.django.FileField(filename="problems.xlsx", data=b"PK\x03\x04")


# model → a function making one instance that belongs to ``union`` (for the cross-tenant matrix)
MAKE_OBJECT = {
    Member: lambda union: UniqueMemberFactory(union=union),
    Transfer: lambda union: TransferFactory(member=UniqueMemberFactory(union=union)),
    CardBatch: lambda union: CardBatchFactory(union=union),
    DuesPayment: lambda union: DuesPaymentFactory(member=UniqueMemberFactory(union=union)),
    FundReceipt: lambda union: FundReceiptFactory(union=union),
    CadrePost: lambda union: CadrePostFactory(member=UniqueMemberFactory(union=union)),
    TrainingRecord: lambda union: TrainingRecordFactory(member=UniqueMemberFactory(union=union)),
    Honour: lambda union: HonourFactory(member=UniqueMemberFactory(union=union)),
    ArchiveEntry: lambda union: ArchiveEntryFactory(member=UniqueMemberFactory(union=union)),
    ImportJob: lambda union: ImportJobFactory(union=union),
}

# Collected by the cross-tenant matrix (tests/unionadmin/test_cross_tenant_matrix.py).
CROSS_TENANT = MAKE_OBJECT


def _merge_parts():
    """Parts added later keep their factories in ``factories_<part>.py`` next to this file, each
    with its own ``CROSS_TENANT``; the matrix reads this module's one dict."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("factories_*.py")):
        CROSS_TENANT.update(importlib.import_module(f"{__package__}.{path.stem}").CROSS_TENANT)


_merge_parts()
