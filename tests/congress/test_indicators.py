"""The congress's indicators: contract signing rate, proposal rates, congress held."""
import datetime
from decimal import Decimal

from django.utils import timezone

from congress.models import Session
from congress.services.proposals import proposal_assign, proposal_rate, proposal_reply
from tests.factories import BranchFactory, GrassrootsFactory, IndustryFactory
from unionadmin.indicators import registry

from .factories import CollectiveContractFactory, ProposalFactory, SessionFactory, TermFactory


def value(code, organisation, year=None):
    return registry.get(code).measure(organisation, year or timezone.localdate().year)


def units(code, organisation, year=None):
    return registry.get(code).measure_units(organisation, year or timezone.localdate().year)


def test_every_congress_indicator_is_registered_with_its_target():
    for code in ("contract_signing_rate", "proposals_handled_rate", "proposals_on_time_rate",
                 "proposals_satisfaction_rate", "congress_held"):
        assert code in registry
    assert registry.get("contract_signing_rate").default_target == Decimal("80")


def test_signing_rate_counts_enterprises_with_a_general_contract_in_force_rolled_up_the_tree(county):
    today = timezone.localdate()
    industry = IndustryFactory(parent=county.federation)
    signed = GrassrootsFactory(parent=industry)
    expired = GrassrootsFactory(parent=industry)
    only_wages = GrassrootsFactory(parent=county.federation)
    CollectiveContractFactory(union=signed)
    CollectiveContractFactory(union=expired, starts_on=today - datetime.timedelta(days=800),
                              ends_on=today - datetime.timedelta(days=1))
    CollectiveContractFactory(union=only_wages, kind="wages")
    CollectiveContractFactory(union=county.b)  # a school: not an enterprise, not counted
    # Enterprises: a, signed, expired, only_wages → 1 of 4.
    assert value("contract_signing_rate", county.federation).value == Decimal("25.0")
    assert value("contract_signing_rate", industry).value == Decimal("50.0")
    per_unit = units("contract_signing_rate", county.federation)
    assert per_unit[signed.pk].value == 100 and per_unit[expired.pk].value == 0
    assert per_unit[county.b.pk].value is None  # a school: no enterprise to measure


def test_signing_rate_of_a_past_year_uses_its_last_day(county):
    last_year = timezone.localdate().year - 1
    CollectiveContractFactory(union=county.a, starts_on=datetime.date(last_year - 1, 3, 1),
                              ends_on=datetime.date(last_year, 12, 31), consulted_on=datetime.date(last_year - 1, 1, 1),
                              signed_on=datetime.date(last_year - 1, 2, 1))
    assert value("contract_signing_rate", county.federation, last_year).value == Decimal("100.0")
    assert value("contract_signing_rate", county.federation).value == Decimal("0.0")


def test_congress_held_is_one_or_zero_per_unit_and_a_share_above(county):
    year = timezone.localdate().year
    SessionFactory(term=TermFactory(congress__union=county.a), held_on=datetime.date(year, 1, 2),
                   state=Session.State.HELD)
    SessionFactory(term=TermFactory(congress__union=county.b), held_on=datetime.date(year, 1, 2))  # not held
    assert value("congress_held", county.federation).value == Decimal("50.0")
    per_unit = units("congress_held", county.federation)
    assert per_unit[county.a.pk].value == 100 and per_unit[county.b.pk].value == 0


def test_proposal_rates(congress):
    session = congress.session
    today = timezone.localdate()
    Session.objects.filter(pk=session.pk).update(held_on=today)
    made = []
    for n in range(1, 5):
        p = ProposalFactory(session=session, proposer=congress.d1, state="accepted", number=n)
        proposal_assign(p, user=congress.officer, lead=congress.hr, deadline=today + datetime.timedelta(days=5))
        made.append(p)
    # 1: on time, satisfied. 2: on time, then "not satisfied" (now round 2). 3: late. 4: not answered, not due.
    proposal_reply(made[0], user=congress.hr_user, department=congress.hr, text="好")
    proposal_rate(made[0], user=congress.d1.user, rating="satisfied")
    proposal_reply(made[1], user=congress.hr_user, department=congress.hr, text="好")
    proposal_rate(made[1], user=congress.d1.user, rating="unsatisfied", comment="不够")
    from congress.models import Proposal

    Proposal.objects.filter(pk=made[2].pk).update(deadline=today - datetime.timedelta(days=3))
    made[2].refresh_from_db()
    proposal_reply(made[2], user=congress.hr_user, department=congress.hr, text="晚了")
    union = congress.county.a
    assert value("proposals_handled_rate", union).value == Decimal("50.0")  # no. 1 closed, no. 3 replied
    assert value("proposals_on_time_rate", union).value == Decimal("66.7")  # 2 of the 3 answered
    assert value("proposals_satisfaction_rate", union).value == Decimal("50.0")  # 1 of 2 rated
    assert units("proposals_on_time_rate", congress.county.federation)[union.pk].value == Decimal("66.7")
    assert units("proposals_handled_rate", congress.county.federation)[congress.county.b.pk].value is None


def test_indicators_cost_a_constant_number_of_queries(county, django_assert_max_num_queries):
    for _ in range(5):
        GrassrootsFactory(parent=county.federation)
        BranchFactory(parent=county.a)
    for code in ("contract_signing_rate", "proposals_handled_rate", "proposals_on_time_rate",
                 "proposals_satisfaction_rate", "congress_held"):
        # the change stamps, the subtree, one grouped query of the source
        with django_assert_max_num_queries(3):
            value(code, county.federation)
        with django_assert_max_num_queries(3):
            units(code, county.federation)
