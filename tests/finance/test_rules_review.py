"""Spending rules, found in review: the per-member figure of a year adds what each claim gave
each member it covered, never the union's whole year divided by this claim's members."""
import pytest
from django.utils import translation

from finance.models import Claim
from finance.spending_rules import check_claim

from .factories import account
from .factories_rules import make_claim, seed_rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rules():
    account("102")  # the chart (factories first: factories_rules imports it)
    seed_rules()


def festival(amount, members):
    return {"amount": amount, "item": "festival_gifts", "members_covered": members}


def test_a_small_claim_for_few_members_after_a_large_one_for_all_is_not_a_breach(county):
    make_claim(county.a, festival("120000", 200), status=Claim.Status.PAID)   # 600 each for 200 members
    assert check_claim(make_claim(county.a, festival("500", 10))) == []       # 50 each for 10: at most 650


def test_each_claim_counts_per_member_of_its_own_members(county):
    make_claim(county.a, festival("120000", 200), status=Claim.Status.PAID)   # 600 each
    with translation.override("en"):
        [breach] = check_claim(make_claim(county.a, festival("5000", 10)))      # 500 each: 1,100
    assert breach.figures["per_member"] == "1100.00"
    assert "1,100.00 per member" in breach.message and "earlier claims 120,000.00" in breach.message


def test_without_members_recorded_or_covered_the_per_member_figure_is_not_made_up(county):
    """No members recorded and none covered: the rule cannot be checked (it was 5,000 for “1 members”)."""
    with translation.override("en"):
        [breach] = check_claim(make_claim(county.a, festival("5000", None)))
    assert breach.figures["members"] is None and "1 members" not in breach.message
    assert "cannot be checked per member: enter the members covered" in breach.message
    assert check_claim(make_claim(county.b, festival("5000", 10))) == []
