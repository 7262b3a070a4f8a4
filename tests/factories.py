"""factory-boy factories for every domain model; the cross-tenant matrix uses them too."""
import datetime
import random

import factory
from django.contrib.auth import get_user_model

from members.models import Member
from members.validators import id_check_character
from unionadmin.models import AuditEvent, Organisation, RoleAssignment
from unionadmin.validators import credit_code_check_character


def make_credit_code(n: int) -> str:
    first17 = f"91511000{n:09d}"
    return first17 + credit_code_check_character(first17)


def make_id_number(n: int, female: bool | None = None, born=datetime.date(1985, 6, 15)) -> str:
    sequence = n % 1000
    if female is not None:
        # The 17th digit (last of the sequence) is even for women, odd for men.
        sequence = sequence - sequence % 2 + (0 if female else 1)
    first17 = f"511002{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


class FederationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试县总工会{n}")
    level = Organisation.Level.FEDERATION
    sector = Organisation.Sector.GOVERNMENT


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试行业{n}工会")
    level = Organisation.Level.INDUSTRY
    parent = factory.SubFactory(FederationFactory)


class GrassrootsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试企业{n}工会")
    level = Organisation.Level.GRASSROOTS
    parent = factory.SubFactory(FederationFactory)
    category = Organisation.Category.ENTERPRISE
    credit_code = factory.Sequence(make_credit_code)
    employee_count = 100


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"第{n}车间分会")
    level = Organisation.Level.BRANCH
    parent = factory.SubFactory(GrassrootsFactory)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"第{n}工会小组")
    level = Organisation.Level.GROUP
    parent = factory.SubFactory(BranchFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse 42")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(GrassrootsFactory)
    role = "union_officer"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    union = factory.SubFactory(GrassrootsFactory)
    name = factory.Sequence(lambda n: random.choice("张王李赵刘陈杨黄") + f"会员{n}")
    id_number = factory.Sequence(make_id_number)
    joined_on = datetime.date(2015, 3, 1)


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor = None
    verb = AuditEvent.Verb.EXPORT
    organisation = factory.SubFactory(GrassrootsFactory)
    detail = factory.Sequence(lambda n: f"导出会员名册{n}")
