"""Grants: two people for money, budgets never overspent, once a year unless a reason is given."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from unionadmin.models import AuditEvent
from welfare.models import Grant, ProgrammeBudget
from welfare.services import WelfareError, grant_approve, grant_propose, grant_reject

from .factories import AidProgrammeFactory, GrantFactory, HardshipFileFactory, ProgrammeBudgetFactory, this_year

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def budget(county):
    return ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a, name="金秋助学"),
                                  amount=Decimal("1000"))


def propose(budget, member, by, amount="600", **kwargs):
    return grant_propose(programme=budget.programme, member=member, by=by, amount=Decimal(amount),
                         granted_on=TODAY, **kwargs)


def test_a_grant_proposed_by_one_and_approved_by_another_charges_the_budget(county, budget, welfare_a, welfare_a2):
    file = HardshipFileFactory(union=county.a, filed=True)
    grant = propose(budget, file.worker, welfare_a, file=file)
    assert grant.status == Grant.Status.PROPOSED and grant.year == this_year() and grant.union == county.a
    assert grant.recipient_income == file.per_capita_income
    budget.refresh_from_db()
    assert budget.spent == 0  # proposing spends nothing
    grant = grant_approve(grant, by=welfare_a2)
    assert (grant.status, grant.approved_by) == (Grant.Status.APPROVED, welfare_a2)
    budget.refresh_from_db()
    assert (budget.spent, budget.remaining) == (Decimal("600"), Decimal("400"))
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.APPROVE)
    assert (event.actor, event.target, event.organisation) == (welfare_a2, grant, county.a)


def test_officer_cannot_approve_own_grant(county, budget, welfare_a):
    grant = propose(budget, MemberFactory(union=county.a), welfare_a)
    with pytest.raises(WelfareError, match="someone else must approve"):
        grant_approve(grant, by=welfare_a)
    grant.refresh_from_db()
    budget.refresh_from_db()
    assert grant.status == Grant.Status.PROPOSED and budget.spent == 0


def test_the_database_refuses_an_approver_who_proposed(county, budget, welfare_a):
    grant = propose(budget, MemberFactory(union=county.a), welfare_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(status="approved", approved_by=welfare_a, approved_at=timezone.now())


def test_the_database_refuses_an_overspent_budget(budget):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeBudget.objects.filter(pk=budget.pk).update(spent=Decimal("1000.01"))


def test_approval_beyond_the_budget_is_refused(county, budget, welfare_a, welfare_a2):
    first = propose(budget, MemberFactory(union=county.a), welfare_a)
    second = propose(budget, MemberFactory(union=county.a), welfare_a)
    grant_approve(first, by=welfare_a2)
    with pytest.raises(WelfareError, match="400.00 yuan left"):
        grant_approve(second, by=welfare_a2)
    second.refresh_from_db()
    budget.refresh_from_db()
    assert second.status == Grant.Status.PROPOSED and budget.spent == Decimal("600")


def test_a_proposal_beyond_what_is_left_is_refused(county, budget, welfare_a):
    with pytest.raises(WelfareError) as error:
        propose(budget, MemberFactory(union=county.a), welfare_a, amount="1000.01")
    assert error.value.field == "amount"


def test_no_budget_for_the_year_no_grant(county, welfare_a):
    programme = AidProgrammeFactory(organisation=county.a)
    with pytest.raises(WelfareError, match="no budget"):
        grant_propose(programme=programme, member=MemberFactory(union=county.a), by=welfare_a, amount=10,
                      granted_on=TODAY)


def test_the_same_person_gets_a_programme_once_a_year_unless_a_reason_is_recorded(county, budget, welfare_a):
    member = MemberFactory(union=county.a)
    propose(budget, member, welfare_a, amount="100")
    with pytest.raises(WelfareError) as error:
        propose(budget, member, welfare_a, amount="100")
    assert error.value.field == "repeat_reason"
    again = propose(budget, member, welfare_a, amount="100", repeat_reason="子女考入第二所大学，学费另计")
    assert again.repeat_reason


def test_the_database_allows_one_grant_without_a_reason_per_person_programme_and_year(county, budget, welfare_a):
    member = MemberFactory(union=county.a)
    grant = propose(budget, member, welfare_a, amount="100")
    with pytest.raises(IntegrityError), transaction.atomic():
        Grant.objects.create(programme=grant.programme, budget=grant.budget, year=grant.year, union=county.a,
                             member=member, amount=5, granted_on=TODAY, proposed_by=welfare_a)


def test_a_rejected_grant_does_not_count_for_the_year(county, budget, welfare_a, welfare_a2):
    member = MemberFactory(union=county.a)
    grant = propose(budget, member, welfare_a, amount="100")
    with pytest.raises(WelfareError):
        grant_reject(grant, by=welfare_a2, reason="")
    grant_reject(grant, by=welfare_a2, reason="材料不全")
    assert propose(budget, member, welfare_a, amount="100").status == Grant.Status.PROPOSED


def test_a_union_chair_may_approve_but_not_grants_under_the_federation_budget(county, welfare_a, chair_a,
                                                                              federation_welfare):
    member = MemberFactory(union=county.a)
    own = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a))
    county_wide = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.federation, name="送温暖"))
    grant = propose(own, member, welfare_a, amount="100")
    assert grant_approve(grant, by=chair_a).status == Grant.Status.APPROVED
    federal = propose(county_wide, member, federation_welfare, amount="100")
    with pytest.raises(WelfareError, match="cannot approve"):
        grant_approve(federal, by=chair_a)
    with pytest.raises(WelfareError):
        propose(county_wide, member, welfare_a, amount="100", repeat_reason="x")  # not the union's programme


def test_a_programme_gives_only_to_households_in_its_area(county, welfare_a, federation_welfare):
    budget = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a))
    with pytest.raises(WelfareError, match="not one of them"):
        propose(budget, MemberFactory(union=county.b), federation_welfare, amount="10")


def test_grants_go_to_filed_households_only(county, budget, welfare_a):
    file = HardshipFileFactory(union=county.a)  # only applied
    with pytest.raises(WelfareError, match="filed households"):
        propose(budget, file.worker, welfare_a, file=file, amount="10")


# --- through the web ------------------------------------------------------------------------
def test_the_proposer_is_refused_by_the_approve_url_and_sees_why(client, county, budget, welfare_a, english):
    grant = propose(budget, MemberFactory(union=county.a), welfare_a)
    english.force_login(welfare_a)
    page = english.get(reverse("welfare:grant_detail", args=[grant.pk])).content.decode()
    assert reverse("welfare:grant_approve", args=[grant.pk]) not in page
    assert "someone else must approve it" in page
    response = english.post(reverse("welfare:grant_approve", args=[grant.pk]), follow=True)
    assert "someone else must approve it" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PROPOSED


def test_a_second_officer_approves_through_the_page(client, county, budget, welfare_a, welfare_a2):
    grant = propose(budget, MemberFactory(union=county.a), welfare_a)
    client.force_login(welfare_a2)
    assert reverse("welfare:grant_approve", args=[grant.pk]) in client.get(
        reverse("welfare:grant_detail", args=[grant.pk])).content.decode()
    assert client.post(reverse("welfare:grant_approve", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.APPROVED
    # Approving twice is refused, not an error page.
    response = client.post(reverse("welfare:grant_approve", args=[grant.pk]), follow=True)
    assert response.status_code == 200
    budget.refresh_from_db()
    assert budget.spent == Decimal("600")


def test_proposing_through_the_form_puts_the_once_a_year_message_on_its_field(client, county, budget, welfare_a):
    member = MemberFactory(union=county.a)
    GrantFactory(union=county.a, member=member, programme=budget.programme, budget=budget, amount=50)
    client.force_login(welfare_a)
    data = {"programme": budget.programme.pk, "member": member.pk, "kind": "money", "amount": "100",
            "granted_on": str(TODAY)}
    response = client.post(reverse("welfare:grant_create"), data)
    assert response.status_code == 200
    assert "repeat_reason" in response.context["form"].errors
    response = client.post(reverse("welfare:grant_create"), {**data, "repeat_reason": "二次住院"})
    assert response.status_code == 302
    assert Grant.objects.filter(member=member).count() == 2


def test_goods_need_a_description(client, county, budget, welfare_a):
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:grant_create"), {
        "programme": budget.programme.pk, "member": MemberFactory(union=county.a).pk, "kind": "goods",
        "amount": "100", "granted_on": str(TODAY)})
    assert "description" in response.context["form"].errors


def test_the_grant_form_offers_only_what_the_officer_may_use(client, county, welfare_a):
    ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.b, name="乙校送温暖"))
    mine = ProgrammeBudgetFactory(programme=AidProgrammeFactory(organisation=county.a, name="甲司送温暖"))
    MemberFactory(union=county.b, name="乙校会员")
    client.force_login(welfare_a)
    form = client.get(reverse("welfare:grant_create")).context["form"]
    assert list(form.fields["programme"].queryset) == [mine.programme]
    assert not form.fields["member"].queryset.filter(union=county.b).exists()
