"""The indicators members offers: membership rate per unit and rolled up the tree, shares, counts."""
from decimal import Decimal

from django.utils import timezone

from members.models import Member
from tests.factories import BranchFactory, GrassrootsFactory, IndustryFactory
from unionadmin.indicators import registry

from .factories import UniqueMemberFactory, unique_id_number

YEAR = timezone.localdate().year


def test_membership_rate_per_unit_and_rolled_up(county):
    county.a.employee_count, county.b.employee_count = 10, 20
    county.a.save()
    county.b.save()
    industry = IndustryFactory(parent=county.federation)
    c = GrassrootsFactory(parent=industry, employee_count=5)
    branch = BranchFactory(parent=county.a)
    for union, n in ((county.a, 6), (branch, 2), (county.b, 5), (c, 5)):
        for _ in range(n):
            UniqueMemberFactory(union=union)
    UniqueMemberFactory(union=county.a, status="retired")  # not counted
    rate = registry.get("membership_rate")
    assert rate.measure(county.federation, YEAR).value == Decimal("51.4")  # 18 / 35
    assert rate.measure(industry, YEAR).value == Decimal("100.0")
    units = rate.measure_units(county.federation, YEAR)
    assert {pk: m.value for pk, m in units.items()} == {county.a.pk: Decimal("80.0"), county.b.pk: Decimal("25.0"),
                                                         c.pk: Decimal("100.0")}
    assert registry.get("members_count").measure(county.federation, YEAR).value == 18


def test_members_by_gender_and_employment_type(county):
    UniqueMemberFactory(union=county.a, gender="female", id_number=unique_id_number(female=True))
    UniqueMemberFactory(union=county.a, employment_type=Member.EmploymentType.MIGRANT)
    UniqueMemberFactory(union=county.a, employment_type=Member.EmploymentType.DISPATCHED)
    UniqueMemberFactory(union=county.b)
    assert registry.get("women_members_share").measure(county.federation, YEAR).value == Decimal("25.0")
    assert registry.get("migrant_members_share").measure(county.a, YEAR).value == Decimal("33.3")
    assert registry.get("dispatched_members_share").measure(county.a, YEAR).value == Decimal("33.3")
    units = registry.get("migrant_members_share").measure_units(county.federation, YEAR)
    assert units[county.a.pk].value == Decimal("33.3") and units[county.b.pk].value == Decimal("0.0")


def test_indicators_cost_a_constant_number_of_queries(county, django_assert_max_num_queries):
    for _ in range(3):
        BranchFactory(parent=GrassrootsFactory(parent=county.federation))
    for code in ("membership_rate", "members_count", "women_members_share", "migrant_members_share"):
        indicator = registry.get(code)
        # the change stamps, the subtree, the members per union, the employees per unit
        with django_assert_max_num_queries(4):
            indicator.measure_units(county.federation, YEAR)
