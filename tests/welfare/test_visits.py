"""Visits: condolences only for the member and immediate family, the form enforces it."""
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import MemberFactory
from welfare.forms import VisitForm
from welfare.models import MustVisitOccasion, Visit

from .factories import MustVisitOccasionFactory, VisitFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def condolence(member, relationship, **extra):
    return {"member": member.pk, "kind": "condolence", "visited_on": str(TODAY), "relationship": relationship,
            "deceased_name": "张老汉", "visitors": "工会主席", **extra}


@pytest.mark.parametrize("relationship", ["self", "spouse", "child", "parent", "spouse_parent"])
def test_condolence_for_the_member_and_immediate_family_is_accepted(county, welfare_a, relationship):
    form = VisitForm(condolence(MemberFactory(union=county.a), relationship), user=welfare_a)
    assert form.is_valid(), form.errors


@pytest.mark.parametrize("relationship", ["sibling", "grandparent", "grandchild", "other", ""])
def test_condolence_for_anyone_else_is_refused_by_the_form(county, welfare_a, relationship):
    form = VisitForm(condolence(MemberFactory(union=county.a), relationship), user=welfare_a)
    assert not form.is_valid()
    assert "relationship" in form.errors


def test_the_database_refuses_a_condolence_for_a_sibling(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(union=county.a, kind=Visit.Kind.CONDOLENCE, relationship="sibling")


def test_recording_a_condolence_through_the_page(client, county, welfare_a):
    member = MemberFactory(union=county.a)
    client.force_login(welfare_a)
    response = client.post(reverse("welfare:visit_create"), condolence(member, "sibling"))
    assert response.status_code == 200 and "relationship" in response.context["form"].errors
    response = client.post(reverse("welfare:visit_create"), condolence(member, "spouse_parent"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.union, visit.recorded_by) == (county.a, welfare_a)


def test_a_must_visit_needs_an_occasion_from_the_members_union(county, welfare_a, federation_welfare):
    member = MemberFactory(union=county.a)
    data = {"member": member.pk, "kind": "must_visit", "visited_on": str(TODAY), "visitors": "帮扶干部"}
    assert "occasion" in VisitForm(data, user=welfare_a).errors
    other = MustVisitOccasionFactory(organisation=county.b, name="结婚")
    form = VisitForm({**data, "occasion": other.pk}, user=federation_welfare)
    assert "occasion" in form.errors  # on union B's list
    own = MustVisitOccasionFactory(organisation=county.a, name="结婚")
    assert VisitForm({**data, "occasion": own.pk}, user=welfare_a).is_valid()


def test_the_usual_five_occasions_can_be_added_for_a_union(client, county, welfare_a):
    client.force_login(welfare_a)
    client.post(reverse("welfare:occasion_list"), {"organisation": county.a.pk})
    assert MustVisitOccasion.objects.filter(organisation=county.a).count() == 5
    client.post(reverse("welfare:occasion_list"), {"organisation": county.b.pk})
    assert not MustVisitOccasion.objects.filter(organisation=county.b).exists()


def test_a_festival_visit_says_which_festival_and_as_whom(county, welfare_a):
    member = MemberFactory(union=county.a)
    data = {"member": member.pk, "kind": "festival", "visited_on": str(TODAY), "visitors": "县总工会"}
    form = VisitForm(data, user=welfare_a)
    assert {"festival", "group"} <= set(form.errors)
    assert VisitForm({**data, "festival": "春节", "group": "model_worker"}, user=welfare_a).is_valid()
