"""Welfare fixtures: the county from tests/conftest.py with welfare people in it, and the
browser fixtures (tests/browser/fixtures.py, a plugin) for the end-to-end test."""
from decimal import Decimal

import pytest

from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories import LivingStandardFactory, this_year


def holder(role, organisation, title="", **user):
    return RoleAssignmentFactory(role=role, organisation=organisation, title=title, user=UserFactory(**user)).user


@pytest.fixture
def line(county):
    """The county's minimum-living line this year: 800 yuan per person per month."""
    return LivingStandardFactory(organisation=county.federation, year=this_year(), monthly_line=Decimal("800"))


@pytest.fixture
def welfare_a(county):
    return holder(Role.WELFARE_OFFICER, county.a, "帮扶干部", full_name="王秀英")


@pytest.fixture
def welfare_a2(county):
    return holder(Role.WELFARE_OFFICER, county.a, "帮扶干部", full_name="李红梅")


@pytest.fixture
def chair_a(county):
    """The chair of union A: a union officer holding the union_chair role, as migration
    unionadmin 0005 left every officer whose title was a chair's."""
    chair = holder(Role.UNION_CHAIR, county.a, "主席", full_name="刘志强")
    RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a, title="主席", user=chair)
    return chair


@pytest.fixture
def welfare_b(county):
    return holder(Role.WELFARE_OFFICER, county.b, "帮扶干部")


@pytest.fixture
def federation_welfare(county):
    return holder(Role.WELFARE_OFFICER, county.federation, "帮扶中心")


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English, so tests can match them (pages follow the cookie)."""
    from django.utils import translation

    with translation.override("en"):
        yield
