"""Factories for joining online (issue 19): join links and applications, and their
cross-tenant matrix entries (merged into factories.CROSS_TENANT)."""
import itertools

import factory
from django.utils import timezone

from members.joining import NOTICE_VERSION
from members.models import JoinApplication, JoinLink, Member
from tests.factories import GrassrootsFactory

from .factories import unique_id_number

_phones = itertools.count(1000)


def unique_mobile() -> str:
    return f"1391{next(_phones) % 10_000_000:07d}"


class JoinLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinLink
        django_get_or_create = ("union",)

    union = factory.SubFactory(GrassrootsFactory)


class JoinApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinApplication

    union = factory.SubFactory(GrassrootsFactory)
    name = "李建华"
    id_number = factory.LazyFunction(unique_id_number)
    gender = "male"
    phone = factory.LazyFunction(unique_mobile)
    employer = "某某机械有限公司"
    post = "车工"
    employment_type = Member.EmploymentType.REGULAR
    consented_at = factory.LazyFunction(timezone.now)
    sensitive_consented_at = factory.LazyFunction(timezone.now)
    notice_version = NOTICE_VERSION
    submitted_from = "198.51.100.7"


CROSS_TENANT = {
    JoinApplication: lambda union: JoinApplicationFactory(union=union),
    JoinLink: lambda union: JoinLinkFactory(union=union),
}
