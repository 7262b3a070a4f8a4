"""女职工权益保护专项集体合同签订率 (women_contract_rate), worked out by hand on a tiny county."""
import datetime
from decimal import Decimal

from django.utils import timezone

from tests.factories import GrassrootsFactory, IndustryFactory
from unionadmin.indicators import registry

from .factories import CollectiveContractFactory

TODAY = timezone.localdate()


def women_contract(union, **kwargs):
    return CollectiveContractFactory(union=union, kind="women", **kwargs)


def measure(organisation, year=None):
    return registry.get("women_contract_rate").measure(organisation, year or TODAY.year)


def test_the_rate_is_registered_in_the_democratic_management_section():
    indicator = registry.get("women_contract_rate")
    assert indicator.unit == "percent" and str(indicator.section) == str(registry.get("contract_signing_rate").section)


def test_enterprise_unions_with_a_womens_contract_in_force_out_of_all_enterprise_unions(county):
    industry = IndustryFactory(parent=county.federation)
    signed = GrassrootsFactory(parent=industry)  # enterprise, women's contract in force
    expired = GrassrootsFactory(parent=industry)  # enterprise, its women's contract ended yesterday
    general_only = GrassrootsFactory(parent=county.federation)  # enterprise, only a general contract
    women_contract(signed)
    women_contract(expired, starts_on=TODAY - datetime.timedelta(days=800), ends_on=TODAY - datetime.timedelta(days=1))
    CollectiveContractFactory(union=general_only)
    women_contract(county.b)  # a school: not an enterprise, in neither side (as the general rate)
    # Enterprises: a, signed, expired, general_only = 4; with a women's contract in force: signed = 1.
    # 1 / 4 = 25.0 %. Within the industry union: signed, expired → 1 / 2 = 50.0 %.
    assert measure(county.federation).value == Decimal("25.0")
    assert measure(industry).value == Decimal("50.0")
    per_unit = registry.get("women_contract_rate").measure_units(county.federation, TODAY.year)
    assert per_unit[signed.pk].value == 100 and per_unit[general_only.pk].value == 0


def test_a_past_year_is_measured_on_its_last_day(county):
    last_year = TODAY.year - 1
    women_contract(county.a, consulted_on=datetime.date(last_year - 1, 1, 1), signed_on=datetime.date(last_year - 1, 2, 1),
                   starts_on=datetime.date(last_year - 1, 3, 1), ends_on=datetime.date(last_year, 12, 31))
    # Last year: a (the one enterprise) had it in force on 31 December → 1 / 1 = 100 %; today none → 0 %.
    assert measure(county.federation, last_year).value == Decimal("100.0")
    assert measure(county.federation).value == Decimal("0.0")


def test_no_enterprise_union_is_no_data_not_zero(county):
    """The incomplete-data rule: a subtree with no enterprise union has nothing to measure (no
    value, not 0 %), even if a school there signed a women's contract; nothing is counted as
    incomplete, since the numerator is a part of the denominator by construction."""
    school_district = IndustryFactory(parent=county.federation)
    school = GrassrootsFactory(parent=school_district, category="institution")
    women_contract(school)
    measurement = measure(school_district)
    assert measurement.value is None and measurement.incomplete == 0
