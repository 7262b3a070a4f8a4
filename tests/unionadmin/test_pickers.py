"""Pickers that search (unionadmin/pickers.py, /pick/<kind>/): each kind finds the user's own
people by name, last 4 ID digits, card and mobile number, and never anyone of another union."""
import pytest
from django.urls import reverse

from members.models import Member
from tests.members.factories import UniqueMemberFactory
from tests.welfare.factories import HardshipFileFactory
from unionadmin.pickers import LIMIT, kinds

# Every key a person is found by; the value is taken from the person (or their union).
PERSON_KEYS = {
    "name": lambda m: m.name[1:3],  # part of the name, not its start
    "id_last4": lambda m: m.id_number[-4:],
    "card": lambda m: m.card_number,
    "mobile": lambda m: m.phone,
    "mobile_last4": lambda m: m.phone[-4:],
}

# Each person-picking kind, with the ``for=`` its form fields use.
PERSON_KINDS = [("member", ""), ("member", "change"), ("welfare-member", "hardshipfile"),
                ("welfare-member", "grant"), ("welfare-member", "visit"), ("hardship-file", "")]


@pytest.fixture
def people(county):
    """Two people, one per union, whose every key differs (so a match is never accidental)."""
    own = UniqueMemberFactory(union=county.a, name="欧阳甲芳", card_number="JA00017", phone="13811112222")
    other = UniqueMemberFactory(union=county.b, name="司马乙兰", card_number="YB00093", phone="13933334444")
    for member in (own, other):
        HardshipFileFactory(union=member.union, worker=member, filed=True)
    return type("People", (), {"own": own, "other": other})


def pick(client, kind, q, context=""):
    params = {"q": q, **({"for": context} if context else {})}
    return client.get(f"/pick/{kind}/", params)


def texts(response):
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize("kind,context", PERSON_KINDS)
@pytest.mark.parametrize("key", PERSON_KEYS)
def test_own_person_is_found_by_each_key(client, user_with_every_role_at_a, people, kind, context, key):
    client.force_login(user_with_every_role_at_a)
    found = texts(pick(client, kind, PERSON_KEYS[key](people.own), context))
    assert [t for t in found if people.own.name in t] != [], found


@pytest.mark.parametrize("kind,context", PERSON_KINDS)
@pytest.mark.parametrize("key", PERSON_KEYS)
def test_another_unions_person_is_never_found(client, user_with_every_role_at_a, people, kind, context, key):
    client.force_login(user_with_every_role_at_a)
    response = pick(client, kind, PERSON_KEYS[key](people.other), context)
    assert (response.status_code, response.json()["results"]) == (200, [])


def test_a_member_shows_union_and_masked_id_number_only(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    [text] = texts(pick(client, "member", people.own.phone))
    assert (people.own.id_number not in text, text.split(" · ")[:2], text.endswith(people.own.id_number[-4:])) == (
        True, [people.own.name, people.own.union.short_name or people.own.union.name], True)


def test_a_full_id_number_finds_the_person_but_is_not_shown(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    [text] = texts(pick(client, "member", people.own.id_number.lower()))
    assert people.own.id_number not in text


def test_full_width_digits_are_read_as_digits(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    wide = "".join(chr(ord(c) + 0xFEE0) for c in people.own.phone[-4:])
    assert len(texts(pick(client, "member", wide))) == 1


def test_a_file_is_found_by_its_number(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    file = people.own.hardship_files.get()
    assert texts(pick(client, "hardship-file", file.number.lower())) == [
        f"{file.number} · {people.own.name} · {file.get_category_display()}"]


def test_another_unions_file_number_finds_nothing(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    file = people.other.hardship_files.get()
    assert texts(pick(client, "hardship-file", file.number)) == []


def test_a_welfare_context_no_app_knows_finds_nobody(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    assert texts(pick(client, "welfare-member", people.own.name, "auditevent")) == []


def test_an_officer_of_another_union_finds_nobody_here(client, officer_b, people):
    client.force_login(officer_b)
    assert texts(pick(client, "member", people.own.name)) == []


def test_transfer_targets_are_the_countys_other_unions(client, user_with_every_role_at_a, people, county):
    client.force_login(user_with_every_role_at_a)
    found = texts(pick(client, "transfer-union", "工会", people.own.pk))
    assert found == [county.b.name]


def test_no_transfer_targets_for_another_unions_member(client, user_with_every_role_at_a, people):
    client.force_login(user_with_every_role_at_a)
    assert texts(pick(client, "transfer-union", "工会", people.other.pk)) == []


@pytest.mark.parametrize("context", ["", "abc", "99999999999999999999", "-1", "²"])
def test_transfer_targets_need_a_member_of_ones_own(client, user_with_every_role_at_a, people, context):
    client.force_login(user_with_every_role_at_a)
    response = pick(client, "transfer-union", "工会", context)
    assert (response.status_code, response.json()["results"]) == (200, [])


def test_organisations_are_those_the_user_may_act_at(client, user_with_every_role_at_a, county):
    client.force_login(user_with_every_role_at_a)
    found = {t for q in ("甲公司", "乙学校", "测试县") for t in texts(pick(client, "organisation", q, "members.member:change"))}
    assert found == {county.a.name}


@pytest.mark.parametrize("levels,found", [("grassroots", True), ("branch,group", False), ("nosuch", False)])
def test_organisations_of_the_levels_a_field_takes(client, user_with_every_role_at_a, county, levels, found):
    client.force_login(user_with_every_role_at_a)
    result = texts(pick(client, "organisation", "甲公司", f"members.member:change:{levels}"))
    assert result == ([county.a.name] if found else [])


@pytest.mark.parametrize("context", ["nosuch.model:view", "members.member:fly", "members", "unionadmin.user:view"])
def test_an_organisation_context_nobody_registered_finds_nothing(client, user_with_every_role_at_a, county, context):
    client.force_login(user_with_every_role_at_a)
    assert texts(pick(client, "organisation", "甲公司", context)) == []


def test_at_most_the_limit_is_sent_and_more_is_said(client, user_with_every_role_at_a, county):
    UniqueMemberFactory.create_batch(LIMIT + 1, union=county.a, name="公孙测试")
    client.force_login(user_with_every_role_at_a)
    data = pick(client, "member", "公孙").json()
    assert (len(data["results"]), data["more"]) == (LIMIT, True)


def test_an_exact_name_comes_first(client, user_with_every_role_at_a, county):
    UniqueMemberFactory(union=county.a, name="李王芳")
    UniqueMemberFactory(union=county.a, name="王芳")
    client.force_login(user_with_every_role_at_a)
    assert [t.split(" · ")[0] for t in texts(pick(client, "member", "王芳"))] == ["王芳", "李王芳"]


def test_former_members_are_not_offered(client, user_with_every_role_at_a, county):
    UniqueMemberFactory(union=county.a, name="离会人", status=Member.Status.WITHDRAWN)
    client.force_login(user_with_every_role_at_a)
    assert texts(pick(client, "member", "离会人")) == []


def test_an_unknown_kind_is_not_found(client, officer_a):
    client.force_login(officer_a)
    assert pick(client, "nosuch", "王").status_code == 404


@pytest.mark.parametrize("params", [{"q": "王" * 41}, {"q": "王\x00"}, {"q": "1", "for": "a b"},
                                    {"q": "1", "for": "x" * 121}])
def test_a_bad_query_is_refused_with_a_message(english, officer_a, params):
    english.force_login(officer_a)
    response = english.get(reverse("pick:member"), params)
    assert (response.status_code, response.json()["results"], bool(response.json()["errors"])) == (400, [], True)


@pytest.mark.parametrize("q", ["", "   ", "%", "_", "'", "\\", "0000", "X"])
def test_odd_searches_answer_without_error(client, officer_a, county, q):
    UniqueMemberFactory(union=county.a, name="普通人")
    client.force_login(officer_a)
    assert pick(client, "member", q).status_code == 200


def test_anonymous_is_sent_to_log_in(client):
    response = pick(client, "member", "王")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_every_kind_is_registered():
    assert {"member", "welfare-member", "hardship-file", "transfer-union", "organisation"} <= set(kinds)


@pytest.fixture
def accounts(county):
    """A judge and an evaluator of each union (the account kinds), with distinct names and mobiles."""
    from tests.conftest import _user_with
    from unionadmin.roles import Role

    def person(role, union, name, mobile):
        user = _user_with(role, union)
        user.full_name, user.mobile = name, mobile
        user.save(update_fields=["full_name", "mobile"])
        return user

    return type("Accounts", (), {
        "own_judge": person(Role.JUDGE, county.a, "东方评委", "13712340001"),
        "other_judge": person(Role.JUDGE, county.b, "西门评委", "13798760002"),
        "own_evaluator": person(Role.DEPARTMENT, county.a, "东方部门", "13712340003"),
        "other_evaluator": person(Role.DEPARTMENT, county.b, "西门部门", "13798760004"),
    })


ACCOUNT_KEYS = {"name": lambda u: u.full_name, "mobile_last4": lambda u: u.mobile[-4:],
                "username": lambda u: u.username}


def account_contexts(county):
    from tests.competitions.factories import CompetitionFactory, ProposalFactory

    return {"judge": (CompetitionFactory(organiser=county.a).pk, CompetitionFactory(organiser=county.b).pk),
            "evaluator": (ProposalFactory(union=county.a).pk, ProposalFactory(union=county.b).pk)}


@pytest.mark.parametrize("kind", ["judge", "evaluator"])
@pytest.mark.parametrize("key", ACCOUNT_KEYS)
def test_own_judge_or_evaluator_is_found_and_no_one_elses(client, user_with_every_role_at_a, county, accounts, kind,
                                                         key):
    own_context, _other = account_contexts(county)[kind]
    own, other = getattr(accounts, f"own_{kind}"), getattr(accounts, f"other_{kind}")
    client.force_login(user_with_every_role_at_a)
    found = (texts(pick(client, kind, ACCOUNT_KEYS[key](own), own_context)),
             texts(pick(client, kind, ACCOUNT_KEYS[key](other), own_context)))
    assert found == ([f"{own.full_name} · {own.mobile[:3]}****{own.mobile[-4:]}"], [])


@pytest.mark.parametrize("kind", ["judge", "evaluator"])
def test_another_unions_competition_or_proposal_offers_no_one(client, user_with_every_role_at_a, county, accounts,
                                                              kind):
    _own, other_context = account_contexts(county)[kind]
    client.force_login(user_with_every_role_at_a)
    assert texts(pick(client, kind, getattr(accounts, f"other_{kind}").full_name, other_context)) == []
