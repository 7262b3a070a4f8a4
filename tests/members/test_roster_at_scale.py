"""The roster at province scale (issue 20): the total read from the member tally, the search
by part of a name through the characters index, the unit searched instead of listed. Each is
held to what the slow way gave: the same members found, the same total shown."""
import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from members.filters import MemberFilter, search_members
from members.models import Member
from tests.factories import BranchFactory, GrassrootsFactory

from .factories import UniqueMemberFactory

URL = "/members/"

NAMES = ["张伟", "张伟明", "李张伟", "伟张", "王张三伟", "欧阳娜娜", "娜", "王王", "王", "Anna Li", "ANNA", "li anna",
         "Zoë Ångström", "百分%之", "下_划线", "张 伟", "买买提·艾力"]
SEARCHES = ["张伟", "张", "伟张", "娜娜", "王王", "anna", "ANN", "li", "zoë", "ÅNG", "%", "_", "分%", "张 伟", "·艾",
            "不在", "伟明张", "张伟明", "欧阳娜", "三伟", "阳娜娜", "买买提·", "%之", "王张三伟"]


@pytest.fixture
def named(county):
    branch = BranchFactory(parent=county.a, name="一车间分会")
    places = [county.a, county.b, branch]
    for n, name in enumerate(NAMES):
        UniqueMemberFactory(union=places[n % 3], name=name, card_number=f"K{n:03d}",
                            status="retired" if n % 5 == 0 else "active")
    return branch


def expected(value, members):
    """What a name search must find, said in Python: the name holds the text; a Latin letter
    in the text makes it blind to case."""
    blind = any(c.isascii() and c.isalpha() for c in value)
    return sorted(m.name for m in members if (value.upper() in m.name.upper() if blind else value in m.name))


@pytest.mark.parametrize("index_from", [0, 50_000], ids=["through the names index", "reading the scope"])
@pytest.mark.parametrize("value", SEARCHES)
def test_a_name_search_finds_exactly_the_names_holding_the_text(client, federation_admin, named, value, index_from,
                                                                monkeypatch):
    """Both ways a name is searched (the names index from NAMES_INDEX_FROM members in scope,
    the LIKE alone below) find the same members: those whose name holds the text."""
    monkeypatch.setattr("members.filters.NAMES_INDEX_FROM", index_from)
    client.force_login(federation_admin)
    response = client.get(URL, {"q": value})
    found = sorted(m.name for m in response.context["object_list"])
    assert found == expected(value, Member.objects.all())
    assert response.context["paginator"].count == len(found)


def test_an_officer_finds_only_their_unions_names(client, officer_a, named, county):
    client.force_login(officer_a)
    found = sorted(m.name for m in client.get(URL, {"q": "张"}).context["paginator"].object_list)
    assert found == expected("张", Member.objects.filter(union__path__startswith=county.a.path))
    assert "张伟明" not in found  # in union B


@pytest.mark.parametrize("value,index", [("张伟", "member_name_pairs"), ("胡平艳", "member_name_pairs"),
                                         ("王", "member_name_characters"), ("anna", "member_name_characters")])
def test_the_name_search_is_answered_from_the_names_indexes(named, value, index):
    """An index is used only while the query's expression is the index's own: with sequential
    scans made dear, the plan must go through the pairs for two Chinese characters or more,
    through the characters for one, or for Latin letters (whose case may change)."""
    queryset = search_members(Member.objects.all(), value)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def total_shown(response):
    return response.context["paginator"].count


def fresh_count(user, params):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.update(params)
    return MemberFilter(query or None, queryset=Member.objects.visible_to(user), user=user).qs.count()


def counts_members(queries) -> bool:
    return any("COUNT(" in q["sql"] and "members_member" in q["sql"] for q in queries)


@pytest.mark.parametrize("params", [{}, {"status": "active"}, {"status": "active", "sort": "name"}, {"page": "1"}])
def test_the_total_comes_from_the_tally_and_equals_a_fresh_count(client, federation_admin, officer_a, named,
                                                                 county, params):
    for user in (federation_admin, officer_a):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert total_shown(response) == fresh_count(user, params)
        assert not counts_members(queries), "the total was counted from the roster, not read from the tally"


def test_the_total_within_a_unit_comes_from_the_tally(client, federation_admin, named, county):
    client.force_login(federation_admin)
    for within in (county.a, named, county.b):
        for status in ("", "active"):
            params = {"within": str(within.pk), "status": status}
            with CaptureQueriesContext(connection) as queries:
                response = client.get(URL, params)
            assert total_shown(response) == fresh_count(federation_admin, params) > 0
            assert not counts_members(queries)


@pytest.mark.parametrize("params", [{"q": "张"}, {"status": "retired"}, {"gender": "female"}, {"is_cadre": "true"},
                                    {"joined_year": "2018"}, {"employment_type": "migrant"}])
def test_other_filters_are_counted_afresh(client, federation_admin, named, params):
    client.force_login(federation_admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert total_shown(response) == fresh_count(federation_admin, params)
    assert counts_members(queries)


def test_the_total_follows_changes_to_the_roster(client, federation_admin, officer_a, named, county):
    zhang = Member.objects.get(name="张伟")
    zhang.status = "retired"
    zhang.left_on = datetime.date.today()
    zhang.save()
    Member.objects.filter(name="王王").update(union=county.b)
    Member.objects.filter(name="娜").delete()
    UniqueMemberFactory(union=county.a, name="新会员")
    for user in (federation_admin, officer_a):
        client.force_login(user)
        for params in ({}, {"status": "active"}):
            assert total_shown(client.get(URL, params)) == fresh_count(user, params)


def test_a_superuser_sees_the_whole_tally(client, named, django_user_model):
    admin = django_user_model.objects.create_superuser("root-admin", password="x")
    client.force_login(admin)
    assert total_shown(client.get(URL)) == Member.objects.count() == len(NAMES)
    assert total_shown(client.get(URL, {"status": "active"})) == Member.objects.filter(status="active").count()


def test_the_pages_say_the_total(client, federation_admin, county):
    Member.objects.bulk_create([UniqueMemberFactory.build(union=county.a, name=f"会员{n:03d}",
                                                          birth_date=datetime.date(1985, 6, 15))
                                for n in range(120)])
    client.force_login(federation_admin)
    page = client.get(URL, {"page": 3}).content.decode()
    assert "101–120" in page and "120" in page
    assert len(client.get(URL, {"page": 3}).context["object_list"]) == 20


def test_the_unit_filter_is_searched_not_listed(client, federation_admin, named, county):
    """A province has 20,000 units: the page holds the chosen unit only, and the picker finds
    the others by name among those the user may see."""
    quiet = GrassrootsFactory(parent=county.federation, name="丙工厂工会")  # no members: named only by the filter
    client.force_login(federation_admin)
    page = client.get(URL).content.decode()
    assert quiet.name not in page
    assert 'data-picker-url="/pick/organisation/"' in page
    chosen = client.get(URL, {"within": quiet.pk}).content.decode()
    assert f'<option value="{quiet.pk}" selected>{quiet.name}</option>' in chosen
    found = client.get("/pick/organisation/", {"q": "丙工厂"}).json()
    assert [r["text"] for r in found["results"]] == [quiet.name]


def test_an_officer_picks_no_unit_of_another(client, officer_a, county):
    client.force_login(officer_a)
    assert client.get("/pick/organisation/", {"q": "乙学校"}).json()["results"] == []
    assert county.b.name not in client.get(URL, {"within": county.b.pk}).content.decode()


def _province_like(federation, units, members_each):
    """``units`` grassroots unions (each with a branch) under ``federation``, with members."""
    made = []
    for n in range(units):
        union = GrassrootsFactory(parent=federation, name=f"规模单位{n:03d}工会")
        made += [union, BranchFactory(parent=union, name=f"规模单位{n:03d}分会")]
    Member.objects.bulk_create([
        UniqueMemberFactory.build(union=made[n % len(made)], name=f"张伟{n:04d}"[: 2 + n % 3],
                                  birth_date=datetime.date(1985, 6, 15), card_number=f"S{n:05d}")
        for n in range(units * members_each)], batch_size=500)


@pytest.mark.parametrize("who", ["federation_admin", "officer_a"])
@pytest.mark.parametrize("params", [{}, {"q": "张伟"}, {"q": "伟"}, {"status": "active"}])
def test_the_same_number_of_queries_at_two_sizes(client, county, request, who, params):
    """5 units of 10 members, then 40 units of 50: the first page and a name search cost the
    same queries for the federation (the whole tree) and for one union's officer."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    _province_like(county.federation, 2, 10)
    _province_like(county.a, 3, 10)
    client.get(URL, params)  # warm the session and the content-type cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, params).status_code == 200
    _province_like(county.federation, 20, 50)
    _province_like(county.a, 20, 50)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, params)
    assert response.status_code == 200 and response.context["paginator"].count > 50
    assert len(large) == len(small), [q["sql"][:120] for q in large]
