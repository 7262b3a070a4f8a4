"""Two claims racing for the last of a budget line: each fits alone, not both. Each thread has
its own database connection (real PostgreSQL, committed transactions), released together."""
import time

import pytest

from finance import budgets
from finance.claims import ClaimProblems, submit_claim
from finance.models import Claim, RuleBreach
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import seed_chart
from .factories_budgets import make_budget
from .factories_claims import item, new_claim
from .test_ledger_concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def widen_the_race(monkeypatch):
    """Pause after a check has read what is left on the line and before the claim moves on, so
    that without the union's lock both checks would certainly read the same amount left (the
    test fails then: try it by making ``finance.claims._lock_books`` do nothing)."""
    original = budgets.available

    def slow(*args, **kwargs):
        left = original(*args, **kwargs)
        time.sleep(0.2)
        return left

    monkeypatch.setattr(budgets, "available", slow)


@pytest.fixture
def line(county):
    seed_chart()  # a transactional test before this one emptied the chart
    make_budget(county.a, lines={"401": "9000.00", "50105": "1000.00"})


def test_two_submissions_for_the_last_of_a_line_one_passes_the_other_is_told(county, line):
    keeper = RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user
    first, second = (new_claim(county.a, user=keeper, items=[item(amount="600.00")]) for _ in range(2))
    results, errors = at_once(lambda: submit_claim(first, user=keeper), lambda: submit_claim(second, user=keeper))
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    (refused,) = errors
    assert isinstance(refused, ClaimProblems)
    assert refused.problems[0].message == ("Budget line 50105 会员活动: 1,000.00 budgeted, 400.00 left; this claim "
                                           "needs 600.00, 200.00 over.")
    statuses = sorted(Claim.objects.filter(organisation=county.a).values_list("status", flat=True))
    assert statuses == ["draft", "submitted"] and not RuleBreach.objects.exists()

