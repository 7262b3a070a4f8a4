"""The women workers' committee of a union: one at a time, its members from the union's own roll,
and the director's cadre post kept in step with her seat and the term."""
import datetime

import pytest
from django.utils import timezone

from congress.models import WomenCommittee, WomenCommitteeMember
from congress.women import WomenError, committee_create, committee_end, seat_add, seat_remove
from members.models import CadrePost
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories_women import WomenCommitteeFactory, woman

TODAY = timezone.localdate()
DIRECTOR = WomenCommitteeMember.Position.DIRECTOR


@pytest.fixture
def committee(county):
    return committee_create(county.a, starts_on=TODAY - datetime.timedelta(days=100),
                            ends_on=TODAY + datetime.timedelta(days=1000))


def test_a_second_committee_overlapping_the_current_term_is_refused_with_a_message(committee, county):
    with pytest.raises(WomenError, match="already has a women workers' committee"):
        committee_create(county.a, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=365))
    # After the current term, a new one may be recorded; another union is not affected.
    committee_create(county.a, starts_on=committee.ends_on + datetime.timedelta(days=1),
                     ends_on=committee.ends_on + datetime.timedelta(days=1000))
    committee_create(county.b, starts_on=TODAY, ends_on=TODAY + datetime.timedelta(days=365))
    assert WomenCommittee.objects.filter(union=county.a).count() == 2


def test_the_director_gets_a_women_director_post_for_the_term(committee, county):
    director = woman(county.a, name="林秀英")
    seat = seat_add(committee, member=director, position=DIRECTOR, joined_on=TODAY)
    post = CadrePost.objects.get(member=director, position=CadrePost.Position.WOMEN_DIRECTOR)
    assert (post.organisation, post.term_start, post.term_end) == (county.a, TODAY, committee.ends_on)
    assert seat.cadre_post == post
    director.refresh_from_db()
    assert director.is_cadre
    # A deputy or a member holds no cadre post for her seat.
    seat_add(committee, member=woman(county.a), position="deputy", joined_on=TODAY)
    assert CadrePost.objects.count() == 1


def test_removing_the_director_ends_her_post_and_frees_the_chair(committee, county):
    director = woman(county.a, name="林秀英")
    seat = seat_add(committee, member=director, position=DIRECTOR, joined_on=committee.starts_on)
    with pytest.raises(WomenError, match="already has a director, 林秀英"):
        seat_add(committee, member=woman(county.a), position=DIRECTOR, joined_on=TODAY)
    seat_remove(seat, on=TODAY - datetime.timedelta(days=1))
    post = CadrePost.objects.get(member=director)
    assert post.term_end == TODAY - datetime.timedelta(days=1) and not post.is_current
    director.refresh_from_db()
    assert not director.is_cadre
    seat_add(committee, member=woman(county.a, name="周丽"), position=DIRECTOR, joined_on=TODAY)
    assert CadrePost.objects.current().get(position=CadrePost.Position.WOMEN_DIRECTOR).member.name == "周丽"


def test_ending_the_committee_ends_the_directors_post_on_the_same_day(committee, county):
    director = woman(county.a)
    seat_add(committee, member=director, position=DIRECTOR, joined_on=committee.starts_on)
    committee_end(committee, on=TODAY)
    committee.refresh_from_db()
    assert committee.ends_on == TODAY
    assert CadrePost.objects.get(member=director).term_end == TODAY
    with pytest.raises(WomenError, match="after its term began"):
        committee_end(committee, on=committee.starts_on)


def test_only_active_members_of_the_committees_own_union_can_sit_on_it(committee, county):
    with pytest.raises(WomenError, match="Choose a member of this union"):
        seat_add(committee, member=woman(county.b), position="member", joined_on=TODAY)
    with pytest.raises(WomenError, match="no longer a member"):
        seat_add(committee, member=woman(county.a, status="retired", left_on=TODAY), position="member",
                 joined_on=TODAY)
    member = woman(county.a)
    seat_add(committee, member=member, position="member", joined_on=TODAY)
    with pytest.raises(WomenError, match="already sits on this committee"):
        seat_add(committee, member=member, position="deputy", joined_on=TODAY)
    with pytest.raises(WomenError, match="within the committee's term"):
        seat_add(committee, member=woman(county.a), position="member",
                 joined_on=committee.ends_on + datetime.timedelta(days=1))


def test_the_officer_records_a_committee_adds_its_director_and_removes_her_on_the_pages(english, county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    director = woman(county.a, name="林秀英")
    english.force_login(officer)
    response = english.post(f"/congress/women/unions/{county.a.pk}/committee/new/",
                            {"starts_on": "2025-03-01", "ends_on": "2030-02-28", "note": ""})
    committee = WomenCommittee.objects.get(union=county.a)
    assert response.status_code == 302 and response.url == committee.get_absolute_url()
    again = english.post(f"/congress/women/unions/{county.a.pk}/committee/new/",
                         {"starts_on": "2026-01-01", "ends_on": "2028-12-31"})
    assert "a union has one committee at a time" in again.content.decode()
    english.post(f"/congress/women/committees/{committee.pk}/seats/new/",
                 {"member": director.pk, "position": DIRECTOR, "joined_on": "2025-03-01"}, follow=True)
    seat = WomenCommitteeMember.objects.get(committee=committee)
    page = english.get(committee.get_absolute_url()).content.decode()
    assert "林秀英" in page and "Director of the women workers&#x27; committee" in page
    english.post(f"/congress/women/seats/{seat.pk}/remove/", {"on": TODAY.isoformat()})
    assert not CadrePost.objects.current(TODAY + datetime.timedelta(days=1)).filter(member=director).exists()
    # A bad date is a message on the form, never an error page.
    assert "Enter a valid date" in english.post(
        f"/congress/women/committees/{committee.pk}/end/", {"on": "2025-13-45"}).content.decode()


def test_an_officer_of_another_union_cannot_reach_the_committee(client, county):
    committee = WomenCommitteeFactory(union=county.a)
    client.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.b).user)
    assert client.get(committee.get_absolute_url()).status_code == 404
    assert client.post(f"/congress/women/unions/{county.a.pk}/committee/new/",
                       {"starts_on": "2025-03-01", "ends_on": "2030-02-28"}).status_code == 404
    assert WomenCommittee.objects.count() == 1


def test_the_committee_page_lists_the_director_first_then_her_deputy_then_the_members(english, committee, county):
    # Added in the order a union might record them: a member, the deputy, then the director.
    seat_add(committee, member=woman(county.a, name="王芳"), position="member", joined_on=TODAY)
    seat_add(committee, member=woman(county.a, name="赵敏"), position="deputy", joined_on=TODAY)
    seat_add(committee, member=woman(county.a, name="林秀英"), position=DIRECTOR, joined_on=TODAY)
    english.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user)
    page = english.get(committee.get_absolute_url()).content.decode()
    assert page.index("林秀英") < page.index("赵敏") < page.index("王芳")
    assert [seat.member.name for seat in committee.seats.all()] == ["林秀英", "赵敏", "王芳"]
