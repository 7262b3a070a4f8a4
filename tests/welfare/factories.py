"""Factories for every welfare model. ``MAKE_WELFARE_OBJECT`` maps each model a welfare URL
names to a function making one instance inside a given union (for the cross-tenant matrix:
``MAKE_OBJECT.update(MAKE_WELFARE_OBJECT)``)."""
import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories import GrassrootsFactory, MemberFactory, UserFactory
from welfare.models import (
    AidProgramme,
    ApplicationDocument,
    Donation,
    DonationDrive,
    FileTransition,
    Grant,
    HardshipApplication,
    HardshipFile,
    HouseholdMember,
    LivingStandard,
    MustVisitOccasion,
    Pairing,
    PairingFollowUp,
    ProgrammeBudget,
    Visit,
)
from welfare.services import file_recompute


def this_year() -> int:
    return timezone.localdate().year


class LivingStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivingStandard

    organisation = factory.SubFactory(GrassrootsFactory)
    year = factory.Sequence(lambda n: this_year() - n % 20)  # one line per locality and year
    monthly_line = Decimal("800")


class HardshipFileFactory(factory.django.DjangoModelFactory):
    """An application (status "applied") with the worker as its household's first member."""

    class Meta:
        model = HardshipFile
        skip_postgeneration_save = True

    union = factory.SubFactory(GrassrootsFactory)
    worker = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    identity_status = HardshipFile.IdentityStatus.ON_DUTY
    main_cause = HardshipFile.Cause.ILLNESS
    applied_on = factory.LazyFunction(timezone.localdate)

    class Params:
        filed = factory.Trait(
            status=HardshipFile.Status.FILED,
            category=HardshipFile.Category.DEEP,
            filed_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
            next_recheck_due=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335)),
        )

    @factory.post_generation
    def head(obj, create, extracted, **kwargs):
        if create:
            HouseholdMember.objects.create(
                file=obj, name=obj.worker.name, relationship=HouseholdMember.Relationship.SELF,
                id_number=obj.worker.id_number, monthly_income=extracted if extracted is not None else Decimal("1200"),
            )
            file_recompute(obj)


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember
        skip_postgeneration_save = True

    file = factory.SubFactory(HardshipFileFactory)
    name = factory.Sequence(lambda n: f"家属{n}")
    relationship = HouseholdMember.Relationship.SPOUSE
    monthly_income = Decimal("600")

    @factory.post_generation
    def recompute(obj, create, extracted, **kwargs):
        if create:
            file_recompute(obj.file)


class FileTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FileTransition

    file = factory.SubFactory(HardshipFileFactory)
    action = "start_check"
    from_status = HardshipFile.Status.APPLIED
    to_status = HardshipFile.Status.CHECKING


class AidProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidProgramme

    organisation = factory.SubFactory(GrassrootsFactory)
    kind = AidProgramme.Kind.AUTUMN_SCHOOL
    name = factory.Sequence(lambda n: f"金秋助学{n}")


class ProgrammeBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeBudget

    programme = factory.SubFactory(AidProgrammeFactory)
    year = factory.LazyFunction(this_year)
    amount = Decimal("10000")


class GrantFactory(factory.django.DjangoModelFactory):
    """A proposed grant to a member of ``union`` under a programme of ``union``."""

    class Meta:
        model = Grant

    union = factory.SubFactory(GrassrootsFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    programme = factory.SubFactory(AidProgrammeFactory, organisation=factory.SelfAttribute("..union"))
    year = factory.LazyFunction(this_year)
    budget = factory.SubFactory(ProgrammeBudgetFactory, programme=factory.SelfAttribute("..programme"),
                                year=factory.SelfAttribute("..year"))
    amount = Decimal("500")
    granted_on = factory.LazyFunction(timezone.localdate)
    proposed_by = factory.SubFactory(UserFactory)


class MustVisitOccasionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MustVisitOccasion

    organisation = factory.SubFactory(GrassrootsFactory)
    name = factory.Sequence(lambda n: f"住院{n}")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    union = factory.SubFactory(GrassrootsFactory)
    member = factory.SubFactory(MemberFactory, union=factory.SelfAttribute("..union"))
    kind = Visit.Kind.HOSPITAL
    hospital = "县人民医院"
    visited_on = factory.LazyFunction(timezone.localdate)
    visitors = "工会主席、帮扶干部"


class PairingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pairing

    file = factory.SubFactory(HardshipFileFactory, filed=True)
    helper_name = "王经理"
    helper_post = "副总经理"
    started_on = factory.LazyFunction(timezone.localdate)
    goal = "家庭人均收入超过低保标准两倍"
    plan = "介绍配偶就业；协调子女助学金"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=180))


class PairingFollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairingFollowUp

    pairing = factory.SubFactory(PairingFactory)
    note = "入户走访，了解就业情况"


class DonationDriveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DonationDrive

    organisation = factory.SubFactory(GrassrootsFactory)
    name = factory.Sequence(lambda n: f"慈善一日捐{n}")
    year = factory.LazyFunction(this_year)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    drive = factory.SubFactory(DonationDriveFactory)
    donor_name = factory.Sequence(lambda n: f"捐款人{n}")
    amount = Decimal("100")
    donated_on = factory.LazyFunction(timezone.localdate)


class HardshipApplicationFactory(factory.django.DjangoModelFactory):
    """A member's draft application for hardship aid (``submitted=True``: sent to the union)."""

    class Meta:
        model = HardshipApplication

    member = factory.SubFactory(MemberFactory)
    union = factory.SelfAttribute("member.union")
    main_cause = HardshipFile.Cause.ILLNESS
    household_size = 3
    household_income = Decimal("2100.50")
    situation = "爱人长期住院，孩子上学，家里只有一份工资。"

    class Params:
        submitted = factory.Trait(state=HardshipApplication.State.SUBMITTED,
                                  submitted_at=factory.LazyFunction(timezone.now))


def _application_document(application):
    from django.core.files.base import ContentFile

    return ApplicationDocument.objects.create(
        application=application, name="证明.pdf", kind="pdf", size=9, file=ContentFile(b"%PDF-1.4\n", name="x.pdf"))


# model → one fresh instance inside ``union`` (for the cross-tenant matrix)
MAKE_WELFARE_OBJECT = {
    HardshipFile: lambda union: HardshipFileFactory(union=union),
    HouseholdMember: lambda union: HouseholdMemberFactory(file__union=union),
    LivingStandard: lambda union: LivingStandardFactory(organisation=union),
    AidProgramme: lambda union: AidProgrammeFactory(organisation=union),
    ProgrammeBudget: lambda union: ProgrammeBudgetFactory(programme__organisation=union),
    Grant: lambda union: GrantFactory(union=union),
    MustVisitOccasion: lambda union: MustVisitOccasionFactory(organisation=union),
    Visit: lambda union: VisitFactory(union=union),
    Pairing: lambda union: PairingFactory(file__union=union),
    DonationDrive: lambda union: DonationDriveFactory(organisation=union),
    Donation: lambda union: DonationFactory(drive__organisation=union),
    HardshipApplication: lambda union: HardshipApplicationFactory(member__union=union, submitted=True),
    ApplicationDocument: lambda union: _application_document(
        HardshipApplicationFactory(member__union=union, submitted=True)),
}

# Collected by the cross-tenant matrix (tests/unionadmin/test_cross_tenant_matrix.py).
CROSS_TENANT = MAKE_WELFARE_OBJECT


def _merge_parts():
    """Parts added later keep their factories in ``factories_<part>.py`` next to this file, each
    with its own ``CROSS_TENANT``; the matrix reads this module's one dict."""
    import importlib
    from pathlib import Path

    for path in sorted(Path(__file__).parent.glob("factories_*.py")):
        CROSS_TENANT.update(importlib.import_module(f"{__package__}.{path.stem}").CROSS_TENANT)


_merge_parts()

# The portal access walk (tests/members/test_portal_access.py): each model a /me/ URL names →
# one instance that is ``member``'s own.
PORTAL_OWN = {
    HardshipApplication: lambda member: HardshipApplicationFactory(member=member),
    # A member has one application in progress: a document goes on it when it exists.
    ApplicationDocument: lambda member: _application_document(
        HardshipApplication.objects.filter(member=member).first() or HardshipApplicationFactory(member=member)),
}
