"""Welfare forms sent twice at once (a double click, or two officers): one record, and the
second request reads why — never a server error (two threads, own connections, real
PostgreSQL; tests/concurrency.py)."""
from decimal import Decimal

import pytest
from django.urls import reverse

from members.models import Member
from tests.concurrency import assert_no_server_error_and_told, post_at_once, writes_meet
from tests.factories import MemberFactory
from welfare.models import AidProgramme, Grant, HardshipFile, LivingStandard, MustVisitOccasion, ProgrammeBudget

from .factories import AidProgrammeFactory, ProgrammeBudgetFactory, this_year

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_hardship_file_applied_for_twice_at_once(county, welfare_a, line):
    worker = MemberFactory(union=county.a)
    url = reverse("welfare:file_create")
    with writes_meet(HardshipFile):
        responses = post_at_once(welfare_a, url, {
            "worker": worker.pk, "head_income": "700", "identity_status": "laid_off", "health": "healthy",
            "housing": "own", "main_cause": "illness", "medical_costs": "0", "education_costs": "0",
            "other_costs": "0", "applied_on": f"{this_year()}-01-05"}, referer=url)
    assert_no_server_error_and_told(responses, "already has an open hardship file")
    assert HardshipFile.objects.filter(worker=worker).count() == 1


def test_a_programme_created_twice_at_once(county, welfare_a):
    url = reverse("welfare:programme_create")
    with writes_meet(AidProgramme):
        responses = post_at_once(welfare_a, url, {"organisation": county.a.pk, "kind": "autumn_school",
                                                  "name": "金秋助学", "standard_amount": "1000",
                                                  "is_active": "on"}, referer=url)
    assert_no_server_error_and_told(responses, "Aid programme with this Run by and Name already exists.")
    assert AidProgramme.objects.count() == 1


def test_a_budget_added_twice_at_once(county, welfare_a):
    programme = AidProgrammeFactory(organisation=county.a)
    url = reverse("welfare:budget_create", args=[programme.pk])
    with writes_meet(ProgrammeBudget):
        responses = post_at_once(welfare_a, url, {"year": this_year(), "amount": "50000"}, referer=url)
    assert_no_server_error_and_told(responses, "Programme budget with this Programme and Year already exists.")
    assert ProgrammeBudget.objects.count() == 1


def test_a_living_line_set_twice_at_once(county, welfare_a):
    url = reverse("welfare:standard_create")
    with writes_meet(LivingStandard):
        responses = post_at_once(welfare_a, url, {"organisation": county.a.pk, "year": this_year(),
                                                  "monthly_line": "800", "relative_multiple": "1.5",
                                                  "edge_multiple": "1.2", "cost_share_percent": "50"}, referer=url)
    assert_no_server_error_and_told(responses, "Minimum-living line with this Locality and Year already exists.")
    assert LivingStandard.objects.count() == 1


def test_a_must_visit_occasion_added_twice_at_once(county, welfare_a):
    url = reverse("welfare:occasion_create")
    with writes_meet(MustVisitOccasion):
        responses = post_at_once(welfare_a, url, {"organisation": county.a.pk, "name": "住院", "order": "1",
                                                  "is_active": "on"}, referer=url)
    assert_no_server_error_and_told(responses, "Must-visit occasion with this Union and Occasion already exists.")
    assert MustVisitOccasion.objects.count() == 1


def test_a_grant_proposed_twice_at_once(county, welfare_a):
    budget = ProgrammeBudgetFactory(programme__organisation=county.a, amount=Decimal("10000"))
    member = MemberFactory(union=county.a)
    url = reverse("welfare:grant_create")
    with writes_meet(Grant):
        responses = post_at_once(welfare_a, url, {"programme": budget.programme.pk, "member": member.pk,
                                                  "kind": "money", "amount": "500",
                                                  "granted_on": f"{this_year()}-01-05"}, referer=url)
    assert_no_server_error_and_told(responses, "record why they should have it again")
    assert Grant.objects.filter(member=member).count() == 1
    assert Member.objects.filter(pk=member.pk).exists()


def test_an_ended_file_refiled_twice_at_once(county, welfare_a, line):
    from welfare.services.files import file_transition

    from .factories import HardshipFileFactory

    file = file_transition(HardshipFileFactory(union=county.a), "withdraw", by=welfare_a, reason="本人申请撤回")
    url = reverse("welfare:file_refile", args=[file.pk])
    with writes_meet(HardshipFile):
        responses = post_at_once(welfare_a, url, {}, referer=file.get_absolute_url())
    assert_no_server_error_and_told(responses, "This file has already been refiled.")
    assert HardshipFile.objects.filter(previous_file=file).count() == 1
