"""The roster: search, filters, sorting, pagination, masking, and a constant number of queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Member
from tests.factories import BranchFactory

from .factories import UniqueMemberFactory, unique_id_number

URL = "/members/"


def names(response):
    return [m.name for m in response.context["object_list"]]


@pytest.fixture
def roster(county):
    branch = BranchFactory(parent=county.a, name="一车间分会")
    people = {
        "zhang": UniqueMemberFactory(union=county.a, name="张伟", phone="13811110001", card_number="HD-00007",
                                     joined_on=datetime.date(2018, 5, 1)),
        "wang": UniqueMemberFactory(union=branch, name="王芳", gender="female", id_number=unique_id_number(female=True),
                                    employment_type="migrant", joined_on=datetime.date(2021, 3, 1),
                                    is_model_worker=True),
        "li": UniqueMemberFactory(union=county.a, name="李张", status="retired", is_cadre=True,
                                  joined_on=datetime.date(2010, 1, 1)),
        "other": UniqueMemberFactory(union=county.b, name="张三"),
    }
    return type("Roster", (), {"branch": branch, **people})


def test_the_officer_sees_only_their_own_union(client, officer_a, roster):
    client.force_login(officer_a)
    assert sorted(names(client.get(URL))) == sorted(["张伟", "王芳", "李张"])


def test_the_federation_sees_the_whole_county(client, federation_admin, roster):
    client.force_login(federation_admin)
    assert len(names(client.get(URL))) == 4


def test_outsiders_and_delegates_see_nobody(client, outsider, roster, county):
    from tests.conftest import _user_with
    from unionadmin.roles import Role

    client.force_login(outsider)
    assert names(client.get(URL)) == []
    client.force_login(_user_with(Role.DELEGATE, county.a))
    assert names(client.get(URL)) == []


@pytest.mark.parametrize("query,expected", [
    ("张", ["张伟", "李张"]),  # part of a name
    ("HD-00007", ["张伟"]),  # card number
    ("13811110001", ["张伟"]),  # mobile number
    ("0001", ["张伟"]),  # last digits of the mobile number
])
def test_search(client, officer_a, roster, query, expected):
    client.force_login(officer_a)
    assert sorted(names(client.get(URL, {"q": query}))) == sorted(expected)


def test_search_by_the_last_four_of_the_id_number_and_the_whole_number(client, officer_a, roster):
    client.force_login(officer_a)
    last4 = roster.wang.id_number[-4:]
    assert "王芳" in names(client.get(URL, {"q": last4.lower()}))
    assert names(client.get(URL, {"q": roster.wang.id_number})) == ["王芳"]


@pytest.mark.parametrize("params,expected", [
    ({"status": "retired"}, ["李张"]),
    ({"gender": "female"}, ["王芳"]),
    ({"employment_type": "migrant"}, ["王芳"]),
    ({"joined_year": "2018"}, ["张伟"]),
    ({"is_model_worker": "true"}, ["王芳"]),
    ({"is_cadre": "true"}, ["李张"]),
])
def test_filters(client, officer_a, roster, params, expected):
    client.force_login(officer_a)
    assert names(client.get(URL, params)) == expected


def test_the_unit_filter_takes_the_subtree(client, federation_admin, roster, county):
    client.force_login(federation_admin)
    assert sorted(names(client.get(URL, {"within": county.a.pk}))) == sorted(["张伟", "王芳", "李张"])
    assert names(client.get(URL, {"within": roster.branch.pk})) == ["王芳"]


def test_an_officer_cannot_filter_on_another_union(client, officer_a, roster, county):
    client.force_login(officer_a)
    response = client.get(URL, {"within": county.b.pk})
    assert "张三" not in names(response)


def test_sorting(client, officer_a, roster):
    client.force_login(officer_a)
    assert names(client.get(URL, {"sort": "joined"})) == ["李张", "张伟", "王芳"]
    assert names(client.get(URL, {"sort": "-joined"})) == ["王芳", "张伟", "李张"]
    assert names(client.get(URL, {"sort": "bogus"}))  # an unknown sort is ignored, not an error


def test_pagination_keeps_the_filters(client, officer_a, county):
    Member.objects.bulk_create([
        UniqueMemberFactory.build(union=county.a, name=f"会员{n:03d}", birth_date=datetime.date(1985, 6, 15))
        for n in range(120)])
    client.force_login(officer_a)
    response = client.get(URL, {"q": "会员", "page": 2})
    assert len(response.context["object_list"]) == 50
    assert response.context["page_obj"].number == 2
    assert "q=%E4%BC%9A%E5%91%98&amp;page=3" in response.content.decode()


def test_id_and_mobile_numbers_are_masked_in_the_list(client, officer_a, roster):
    client.force_login(officer_a)
    page = client.get(URL).content.decode()
    assert roster.zhang.id_number not in page
    assert roster.zhang.id_number[:6] + "********" + roster.zhang.id_number[-4:] in page
    assert "13811110001" not in page


def _bulk_members(union, count, start=0):
    Member.objects.bulk_create([
        UniqueMemberFactory.build(union=union, birth_date=datetime.date(1985, 6, 15),
                                  card_number=f"C{n:05d}", is_model_worker=n % 7 == 0, is_cadre=n % 11 == 0)
        for n in range(start, start + count)], batch_size=500)


@pytest.mark.parametrize("params", [{}, {"q": "会员"}, {"status": "active", "sort": "name"}, {"q": "0001"}])
def test_the_roster_costs_the_same_number_of_queries_with_10_and_1000_members(client, county, officer_a, params):
    client.force_login(officer_a)
    BranchFactory(parent=county.a)
    _bulk_members(county.a, 10)
    client.get(URL, params)  # warm the session and the content-type cache
    with CaptureQueriesContext(connection) as ten:
        assert client.get(URL, params).status_code == 200
    _bulk_members(county.a, 990, start=10)
    with CaptureQueriesContext(connection) as thousand:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(thousand) == len(ten), [q["sql"][:120] for q in thousand]
    assert len(ten) <= 10, [q["sql"][:150] for q in ten]
