"""Factories for the finance audit part; its cross-tenant entries (model → make(union)) are
merged into tests/finance/factories.py's CROSS_TENANT.

The flows are tested through finance.audit's services; these factories make single rows (a past
committee, a round already notified) where a test or the matrix needs one of them at a union.
In the matrix a round's "federation" is the union itself and its inspected unit a branch below
it, so every row sits inside the union's subtree."""
import datetime

import factory
from django.core.files.base import ContentFile

from finance.models import (
    AnnualAudit,
    AuditCommittee,
    AuditCommitteeMember,
    CheckItem,
    Finding,
    InspectedUnit,
    InspectionRound,
    Rectification,
)
from tests.factories import BranchFactory, FederationFactory, GrassrootsFactory, MemberFactory, UserFactory

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
             b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n"
             b"%%EOF\n")


class AuditCommitteeFactory(factory.django.DjangoModelFactory):
    """A past term (terms of one union may not overlap: each gets its own years)."""

    class Meta:
        model = AuditCommittee

    organisation = factory.SubFactory(GrassrootsFactory)
    term_start = factory.Sequence(lambda n: datetime.date(1000 + 3 * n, 1, 1))
    term_end = factory.LazyAttribute(lambda o: datetime.date(o.term_start.year + 3, 1, 1) - datetime.timedelta(1))


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditCommitteeMember

    committee = factory.SubFactory(AuditCommitteeFactory)
    member = factory.LazyAttribute(lambda o: MemberFactory(union=o.committee.organisation))


class AnnualAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualAudit

    committee = factory.SubFactory(AuditCommitteeFactory)
    organisation = factory.SelfAttribute("committee.organisation")
    year = factory.LazyAttribute(lambda o: o.committee.term_start.year)


class InspectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionRound

    federation = factory.SubFactory(FederationFactory)
    title = factory.Sequence(lambda n: f"第{n}次财务检查")
    year = 2026
    starts_on = datetime.date(2026, 6, 1)
    ends_on = datetime.date(2026, 7, 31)
    status = InspectionRound.Status.NOTIFIED


class InspectedUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectedUnit

    round = factory.SubFactory(InspectionRoundFactory)
    unit = factory.LazyAttribute(lambda o: GrassrootsFactory(parent=o.round.federation))


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspected = factory.SubFactory(InspectedUnitFactory)
    category = CheckItem.VOUCHERS
    description = "凭证未附清单"
    deadline = datetime.date(2026, 8, 31)


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rectification

    finding = factory.SubFactory(FindingFactory, status=Finding.Status.REPORTED)
    report = "已补齐清单"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="整改报告.pdf"))


def _inspected_in(union):
    """An inspected unit inside ``union``: the union's own round over a branch of it."""
    return InspectedUnitFactory(round=InspectionRoundFactory(federation=union), unit=BranchFactory(parent=union))


CROSS_TENANT: dict = {
    AuditCommittee: lambda union: AuditCommitteeFactory(organisation=union),
    AuditCommitteeMember: lambda union: SeatFactory(committee=AuditCommitteeFactory(organisation=union)),
    AnnualAudit: lambda union: AnnualAuditFactory(committee=AuditCommitteeFactory(organisation=union)),
    InspectionRound: lambda union: InspectionRoundFactory(federation=union),
    InspectedUnit: _inspected_in,
    Finding: lambda union: FindingFactory(inspected=_inspected_in(union)),
    Rectification: lambda union: RectificationFactory(finding=FindingFactory(inspected=_inspected_in(union),
                                                                              status=Finding.Status.REPORTED)),
}


_SEAT_PHONES = iter(range(13600000001, 13699999999))


def seated_auditor(union):
    """A login with a seat on ``union``'s 经审会 in office today (a term begun a year ago, made
    when the union has none): what agreeing a budget or writing the audit needs, not the role alone."""
    from django.utils import timezone

    from finance import audit

    today = timezone.localdate()
    committee = (AuditCommittee.objects.filter(organisation=union, term_start__lte=today, term_end__gte=today).first()
                 or audit.committee_create(union, term_start=today - datetime.timedelta(days=365), years=5))
    member = MemberFactory(union=union, phone=str(next(_SEAT_PHONES)))
    login = UserFactory(mobile=member.phone)
    audit.seat_add(committee, member, user=login)
    return login
