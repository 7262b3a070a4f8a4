"""The share of women (delegates, committee, members), the 女职工 tab on a union's page and the
federation's overview of every grassroots union below it, with its XLSX."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from congress.women import women_shares
from members.models import CadrePost
from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import CollectiveContractFactory, DelegateFactory, TermFactory
from .factories_women import WomenActivityFactory, WomenCommitteeFactory, man, woman

TODAY = timezone.localdate()


def post(member, position, **kwargs):
    return CadrePost.objects.create(member=member, organisation=member.union, position=position,
                                    term_start=TODAY - datetime.timedelta(days=30), **kwargs)


@pytest.fixture
def union_a(county):
    """Union A: 3 delegates of the current term (2 women; a woman of a past term and a woman
    who left are not counted), a committee of chair (man), vice-chair (woman) and a member
    (woman) who is also women's director (counted once), a past committee member (woman), and
    5 active members counted by the roll (3 women above, 2 men) plus a retired woman."""
    current = TermFactory(congress__union=county.a, starts_on=TODAY - datetime.timedelta(days=100),
                          ends_on=TODAY + datetime.timedelta(days=1000))
    past = TermFactory(congress=current.congress, starts_on=TODAY - datetime.timedelta(days=2000),
                       ends_on=TODAY - datetime.timedelta(days=101))
    DelegateFactory(term=current, gender="female")
    DelegateFactory(term=current, gender="female")
    DelegateFactory(term=current, gender="male")
    DelegateFactory(term=current, gender="female", is_active=False)
    DelegateFactory(term=past, gender="female")
    chair, vice, member = man(county.a), woman(county.a), woman(county.a)
    post(chair, CadrePost.Position.CHAIR)
    post(vice, CadrePost.Position.VICE_CHAIR)
    post(member, CadrePost.Position.COMMITTEE)
    post(member, CadrePost.Position.WOMEN_DIRECTOR)
    post(woman(county.a), CadrePost.Position.COMMITTEE, term_end=TODAY - datetime.timedelta(days=1))
    man(county.a)
    woman(county.a, status="retired", left_on=TODAY)
    return county.a


def test_the_share_of_women_among_delegates_committee_and_members(union_a):
    shares = women_shares([union_a.pk])[union_a.pk]
    # Delegates: 2 of 3 serving in the current term → 66.7 %.
    assert shares["delegates"] == {"women": 2, "total": 3, "percent": Decimal("66.7")}
    # Committee: chair (m), vice-chair (w), member (w; her director post does not count twice) → 2 of 3.
    assert (shares["committee"]["women"], shares["committee"]["total"]) == (2, 3)
    # Members: the active roll is chair, vice, member, past committee woman, a man → 3 of 5 = 60.0 %.
    assert (shares["members"]["women"], shares["members"]["total"], shares["members"]["percent"]) == (3, 5, 60)


def test_a_union_without_delegates_has_no_share_rather_than_zero(county):
    assert women_shares([county.b.pk])[county.b.pk]["delegates"] == {"women": 0, "total": 0, "percent": None}


def test_the_unions_page_has_a_women_workers_tab_with_committee_contract_and_activities(english, union_a, county):
    committee = WomenCommitteeFactory(union=union_a)
    CollectiveContractFactory(union=union_a, kind="women", title="甲公司女职工专项合同")
    WomenActivityFactory(union=union_a, kind="march8", title="三八活动", participants=12, members_taking_part=10)
    english.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=union_a).user)
    page = english.get(f"/organisations/{union_a.pk}/").content.decode()
    assert 'data-bs-target="#tab-women"' in page
    assert committee.get_absolute_url() in page and "甲公司女职工专项合同" in page
    assert "March 8th event" in page and "66.7%" in page


def test_the_tab_is_left_out_for_someone_who_cannot_see_the_unions_committees(client, county):
    delegate = RoleAssignmentFactory(role=Role.DELEGATE, organisation=county.a).user
    client.force_login(delegate)
    response = client.get(f"/organisations/{county.a.pk}/")
    assert response.status_code != 200 or 'data-bs-target="#tab-women"' not in response.content.decode()


def test_the_federation_sees_every_grassroots_union_below_and_exports_it(english, union_a, county):
    WomenCommitteeFactory(union=county.a)
    CollectiveContractFactory(union=county.a, kind="women")
    WomenActivityFactory(union=county.a)
    WomenActivityFactory(union=county.a, held_on=datetime.date(TODAY.year - 1, 3, 8))
    admin = RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user
    english.force_login(admin)
    page = english.get("/congress/women/").content.decode()
    assert county.a.name in page and county.b.name in page
    assert "2 grassroots unions: 1 with a women workers' committee, 1 with a women's special contract" in page
    response = english.get(f"/congress/women/?union={county.federation.pk}&year={TODAY.year}&format=xlsx")
    rows = {r[0]: r for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        min_row=2, values_only=True)}
    assert rows[county.a.name][1:5] == ("Yes", "Yes", 1, 66.7)
    assert rows[county.b.name][1:4] == ("No", "No", 0)
    # A year or union that does not validate falls back to this year and the person's own scope.
    assert english.get("/congress/women/?year=abc&union=999999").status_code == 200


def test_a_grassroots_officer_sees_only_their_own_union_in_the_overview(client, county):
    WomenCommitteeFactory(union=county.b)
    client.force_login(RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user)
    page = client.get("/congress/women/").content.decode()
    assert county.a.name in page and county.b.name not in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/congress/women/?format=xlsx").content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [county.a.name]


def test_the_overview_and_the_activity_list_cost_the_same_queries_for_more_unions(client, county,
                                                                                    django_assert_max_num_queries):
    from tests.factories import GrassrootsFactory

    client.force_login(RoleAssignmentFactory(role=Role.FEDERATION_ADMIN, organisation=county.federation).user)
    for more in (2, 5):  # the same ceiling with 2 unions and with 7
        for _ in range(more):
            union = GrassrootsFactory(parent=county.federation)
            WomenCommitteeFactory(union=union)
            WomenActivityFactory(union=union)
            woman(union)
        with django_assert_max_num_queries(16):
            assert client.get("/congress/women/").status_code == 200
        with django_assert_max_num_queries(13):
            assert client.get("/congress/women/activities/").status_code == 200
