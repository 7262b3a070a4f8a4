"""Factories for the women workers' part, and its entries for the cross-tenant matrix."""
import datetime
import itertools

import factory
from django.utils import timezone

from congress.models import WomenActivity, WomenCommittee, WomenCommitteeMember
from members.models import Member
from tests.factories import GrassrootsFactory, MemberFactory, make_id_number

_numbers = itertools.count(1)


def _id_number(female: bool) -> str:
    # A birth date of their own, so these never meet the members factory's ID numbers.
    n = next(_numbers)
    return make_id_number(2 * n, female=female, born=datetime.date(1988, 1, 1) + datetime.timedelta(days=n))


def woman(union, **kwargs):
    """An active woman member of ``union`` (her ID number says female)."""
    return MemberFactory(union=union, id_number=_id_number(True), gender=Member.Gender.FEMALE, **kwargs)


def man(union, **kwargs):
    return MemberFactory(union=union, id_number=_id_number(False), gender=Member.Gender.MALE, **kwargs)


class WomenCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WomenCommittee

    union = factory.SubFactory(GrassrootsFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=5 * 365))


class WomenCommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WomenCommitteeMember

    committee = factory.SubFactory(WomenCommitteeFactory)
    member = factory.LazyAttribute(lambda o: woman(o.committee.union))
    position = WomenCommitteeMember.Position.MEMBER
    joined_on = factory.LazyAttribute(lambda o: o.committee.starts_on)


class WomenActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WomenActivity

    union = factory.SubFactory(GrassrootsFactory)
    kind = WomenActivity.Kind.SCREENING
    held_on = factory.LazyFunction(timezone.localdate)
    title = factory.Sequence(lambda n: f"女职工两癌筛查{n}")
    participants = 30
    members_taking_part = 28


CROSS_TENANT = {
    WomenCommittee: lambda union: WomenCommitteeFactory(union=union),
    WomenCommitteeMember: lambda union: WomenCommitteeMemberFactory(committee=WomenCommitteeFactory(union=union)),
    WomenActivity: lambda union: WomenActivityFactory(union=union),
}
