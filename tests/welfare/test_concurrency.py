"""Two approvers at the same moment on real PostgreSQL: the budget never goes below zero.

Each thread has its own database connection (Django gives every thread one) and they start
together at a Barrier; grant_approve locks the budget row, so the second waits for the first
to commit and then sees what it spent."""
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation

from tests.factories import MemberFactory
from welfare.models import Grant, ProgrammeBudget
from welfare.services import WelfareError, grant_approve, grant_propose

from .conftest import holder
from .factories import AidProgrammeFactory, ProgrammeBudgetFactory

pytestmark = pytest.mark.django_db(transaction=True)


def approve_together(pairs):
    """Run grant_approve(grant_id, by=user) for each pair in its own thread, all at once."""
    barrier = threading.Barrier(len(pairs))
    results = [None] * len(pairs)

    def run(index, grant_id, user):
        translation.activate("en")
        try:
            barrier.wait(timeout=10)
            grant_approve(grant_id, by=user)
            results[index] = "approved"
        except WelfareError as error:
            results[index] = str(error)
        except Exception as error:  # pragma: no cover - shows up in the assertion
            results[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, grant_id, user)) for i, (grant_id, user) in enumerate(pairs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def setting(county):
    from unionadmin.roles import Role

    proposer = holder(Role.WELFARE_OFFICER, county.a)
    approvers = [holder(Role.WELFARE_OFFICER, county.a) for _ in range(2)]
    budget = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a), amount=Decimal("1000"))
    grants = [
        grant_propose(programme=budget.programme, member=MemberFactory(union=county.a), by=proposer,
                      amount=Decimal("600"), granted_on=timezone.localdate())
        for _ in range(2)
    ]
    return budget, grants, approvers


def test_two_approvals_at_once_when_the_budget_covers_one_exactly_one_succeeds(setting):
    budget, grants, approvers = setting
    results = approve_together([(grants[0].pk, approvers[0]), (grants[1].pk, approvers[1])])
    assert results.count("approved") == 1, results
    refused = next(r for r in results if r != "approved")
    assert "yuan left" in refused
    budget.refresh_from_db()
    assert budget.spent == Decimal("600") and budget.remaining == Decimal("400")
    assert Grant.objects.filter(status=Grant.Status.APPROVED).count() == 1


def test_two_approvers_of_the_same_grant_at_once_charge_it_once(setting):
    budget, grants, approvers = setting
    results = approve_together([(grants[0].pk, approvers[0]), (grants[0].pk, approvers[1])])
    assert results.count("approved") == 1, results
    assert ProgrammeBudget.objects.get(pk=budget.pk).spent == Decimal("600")


def test_many_approvals_at_once_never_overspend(county, setting):
    budget, _grants, approvers = setting
    from unionadmin.roles import Role

    proposer = holder(Role.WELFARE_OFFICER, county.a)
    small = [
        grant_propose(programme=budget.programme, member=MemberFactory(union=county.a), by=proposer,
                      amount=Decimal("150"), granted_on=timezone.localdate())
        for _ in range(8)
    ]
    results = approve_together([(g.pk, approvers[i % 2]) for i, g in enumerate(small)])
    assert results.count("approved") == 6, results  # 6 × 150 = 900 ≤ 1000 < 7 × 150
    budget.refresh_from_db()
    assert budget.spent == Decimal("900")
