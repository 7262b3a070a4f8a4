"""The welfare part of the demo county: realistic, valid, and following the welfare rules."""
import pytest
from django.contrib.auth import get_user_model

from unionadmin.demo.builder import load_demo
from welfare.demo import load_demo_welfare
from welfare.models import Donation, Grant, HardshipFile, Pairing, ProgrammeBudget, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        transaction.set_autocommit(False)
        try:
            result = load_demo(members=600)
            users = {u.username: u for u in get_user_model().objects.all()}
            summary = load_demo_welfare(result.federation, users)
            yield result.federation, summary
        finally:
            transaction.rollback()
            transaction.set_autocommit(True)


def test_the_demo_has_files_in_every_state_and_category(demo):
    federation, summary = demo
    assert summary["created"] and summary["files"] >= 20
    files = HardshipFile.objects.all()
    assert set(files.values_list("status", flat=True)) == set(HardshipFile.Status.values)
    assert {"deep", "relative", "accident"} <= set(files.values_list("category", flat=True))
    assert files.filter(is_edge=True).exists()
    assert files.filter(recheck_due_soon=True).exists()
    for file in files:
        assert file.household.filter(relationship="self").count() == 1
        assert file.transitions.exists()


def test_the_demo_money_follows_the_rules(demo):
    assert Grant.objects.filter(status="approved").count() >= 15
    assert Grant.objects.filter(status="proposed").exists()
    assert not Grant.objects.filter(approved_by=models_F("proposed_by")).exists()
    for budget in ProgrammeBudget.objects.all():
        assert 0 <= budget.spent <= budget.amount
        approved = sum(g.amount for g in budget.grants.filter(status="approved"))
        assert approved == budget.spent
    assert Grant.objects.exclude(repeat_reason="").exists()


def test_the_demo_has_visits_pairings_and_a_drive(demo):
    assert Visit.objects.filter(kind="condolence").exists() and Visit.objects.filter(kind="must_visit").exists()
    assert Pairing.objects.overdue().exists()
    assert Donation.objects.count() > 30
    assert Grant.objects.exclude(donation_drive=None).filter(status="approved").exists()


def test_the_demo_welfare_logins_see_their_part(demo):
    welfare = get_user_model().objects.get(username="welfare")
    officer = get_user_model().objects.get(username="officer")
    fed = get_user_model().objects.get(username="fed_welfare")
    mine = HardshipFile.objects.visible_to(welfare)
    assert 8 <= mine.count() < HardshipFile.objects.count()
    assert HardshipFile.objects.visible_to(officer).count() == mine.count()  # the chair of 恒达
    assert HardshipFile.objects.visible_to(fed).count() == HardshipFile.objects.count()
    assert not HardshipFile.objects.visible_to(get_user_model().objects.get(username="delegate")).exists()


def test_loading_twice_changes_nothing(demo):
    federation, _ = demo
    before = HardshipFile.objects.count()
    assert load_demo_welfare(federation, {}) == {"created": False}
    assert HardshipFile.objects.count() == before


def models_F(name):
    from django.db.models import F

    return F(name)
