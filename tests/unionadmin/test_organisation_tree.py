"""The organisation tree: paths, moves, level rules, constraints and the credit code."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from unionadmin.forms import OrganisationForm
from unionadmin.models import Organisation
from unionadmin.validators import CREDIT_CODE_ALPHABET, credit_code_check_character, validate_credit_code

from ..factories import (
    BranchFactory,
    FederationFactory,
    GrassrootsFactory,
    GroupFactory,
    IndustryFactory,
    make_credit_code,
)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English here; the Chinese catalogue has its own test below."""
    with translation.override("en"):
        yield


def seg(org):
    return f"{org.pk:07d}/"


def six_level_chain():
    """federation → district federation → industry union → grassroots → branch → group."""
    county = FederationFactory()
    district = FederationFactory(parent=county)
    industry = IndustryFactory(parent=district)
    grassroots = GrassrootsFactory(parent=industry)
    branch = BranchFactory(parent=grassroots)
    group = GroupFactory(parent=branch)
    return [county, district, industry, grassroots, branch, group]


# --- paths ---------------------------------------------------------------------------------

def test_path_and_depth_are_assigned_on_create(db):
    chain = six_level_chain()
    expected_path = ""
    for depth, org in enumerate(chain):
        expected_path += seg(org)
        org.refresh_from_db()
        assert org.path == expected_path
        assert org.depth == depth


def test_ancestors_root_first_and_is_within(db):
    chain = six_level_chain()
    assert list(chain[-1].ancestors()) == chain[:-1]
    assert chain[-1].is_within(chain[0]) and chain[-1].is_within(chain[-1])
    assert not chain[0].is_within(chain[-1])


def test_subtree_is_one_query_however_deep(db, django_assert_num_queries):
    chain = six_level_chain()
    for level, org in enumerate(chain):
        with django_assert_num_queries(1):
            subtree = list(Organisation.objects.subtree_of(org))
        assert subtree == chain[level:]
    with django_assert_num_queries(1):
        assert list(chain[0].descendants()) == chain[1:]
    with django_assert_num_queries(1):
        assert list(chain[-1].ancestors()) == chain[:-1]


def test_moving_a_grassroots_union_rewrites_its_descendants_paths_in_one_statement(db):
    federation = FederationFactory()
    union = GrassrootsFactory(parent=federation)
    branches = [BranchFactory(parent=union) for _ in range(3)]
    groups = [GroupFactory(parent=b) for b in branches]
    industry = IndustryFactory(parent=federation)

    union.parent = industry
    with CaptureQueriesContext(connection) as queries:
        union.save()
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "unionadmin_organisation"')]
    assert len(updates) == 2, updates  # the union's own row, then all its descendants at once

    union.refresh_from_db()
    assert union.path == industry.path + seg(union) and union.depth == 2
    descendants = set(union.descendants())
    assert descendants == {*branches, *groups}
    for branch in branches:
        branch.refresh_from_db()
        assert branch.path == union.path + seg(branch) and branch.depth == 3
    for group in groups:
        group.refresh_from_db()
        assert group.path.startswith(union.path) and group.depth == 4
    assert not Organisation.objects.subtree_of(federation).exclude(path__startswith=federation.path).exists()


def test_moving_with_many_descendants_takes_the_same_number_of_statements(db):
    federation = FederationFactory()
    target = IndustryFactory(parent=federation)
    small, large = GrassrootsFactory(parent=federation), GrassrootsFactory(parent=federation)
    BranchFactory(parent=small)
    for _ in range(12):
        GroupFactory(parent=BranchFactory(parent=large))
    counts = []
    for union in (small, large):
        union.parent = target
        with CaptureQueriesContext(connection) as queries:
            union.save()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_organisation_cannot_be_moved_under_itself_or_its_descendants(db):
    root = FederationFactory()
    district = FederationFactory(parent=root)
    for new_parent in (root, district):
        root.parent = new_parent
        with pytest.raises(ValidationError) as error:
            root.full_clean()
        assert error.value.message_dict["parent"] == [
            "An organisation cannot be moved under itself or its own branches."
        ]


def test_edit_form_refuses_to_move_a_union_under_its_own_branch(db, county, federation_admin):
    branch = BranchFactory(parent=county.a)
    form = OrganisationForm(instance=county.a, user=federation_admin, data={
        "name": county.a.name, "level": "grassroots", "parent": branch.pk, "category": "enterprise",
        "sector": "enterprise", "employee_count": 1, "home_rating": "none",
    })
    assert not form.is_valid()
    assert "parent" in form.errors
    assert branch not in form.fields["parent"].queryset
    assert county.a not in form.fields["parent"].queryset


def test_edit_page_refuses_to_move_a_federation_under_its_own_child(client, county, superuser):
    district = FederationFactory(parent=county.federation)
    client.force_login(superuser)
    response = client.post(f"/organisations/{county.federation.pk}/edit/", {
        "name": county.federation.name, "level": "federation", "parent": district.pk, "sector": "government",
        "employee_count": 0, "home_rating": "none",
    })
    county.federation.refresh_from_db()
    assert county.federation.parent is None
    # The root's parent field is disabled, so the posted parent is ignored rather than applied.
    assert response.status_code in (200, 302)


# --- level rules ---------------------------------------------------------------------------

@pytest.mark.parametrize("level,parent_level", [
    ("branch", "federation"),
    ("group", "federation"),
    ("industry", "grassroots"),
    ("grassroots", "branch"),
])
def test_level_must_fit_under_its_parent(db, level, parent_level):
    federation = FederationFactory()
    parents = {"federation": federation, "grassroots": GrassrootsFactory(parent=federation)}
    parents["branch"] = BranchFactory(parent=parents["grassroots"])
    org = Organisation(name="x", level=level, parent=parents[parent_level], category="enterprise")
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert "cannot be placed under" in error.value.message_dict["parent"][0]


def test_only_a_federation_stands_at_the_top(db):
    with pytest.raises(ValidationError) as error:
        Organisation(name="x", level="grassroots", category="enterprise").full_clean()
    assert error.value.message_dict["parent"] == ["Only a federation can stand at the top of the tree."]


def test_grassroots_union_requires_a_category(db):
    org = Organisation(name="x", level="grassroots", parent=FederationFactory())
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert error.value.message_dict["category"] == ["Choose the assessment category of a grassroots union."]


def test_allowed_placements_pass_full_clean(db):
    chain = six_level_chain()
    for org in chain:
        org.full_clean()  # raises ValidationError on a placement the tree forbids
    assert [org.parent_id for org in chain[1:]] == [org.pk for org in chain[:-1]]


# --- database constraints hold even without forms ------------------------------------------

def _integrity_error(**fields):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Organisation.objects.create(**fields)
    return str(error.value)


def test_database_refuses_grassroots_without_category(db):
    message = _integrity_error(name="x", level="grassroots", parent=FederationFactory(), category="")
    assert "org_grassroots_has_category" in message


def test_database_refuses_a_second_root_that_is_not_a_federation(db):
    assert "org_only_federation_is_root" in _integrity_error(name="x", level="industry")


def test_database_refuses_duplicate_credit_code(db):
    code = make_credit_code(424242)
    first = GrassrootsFactory(credit_code=code)
    message = _integrity_error(name="y", level="grassroots", parent=first.parent, category="enterprise",
                               credit_code=code.lower())  # normalised before saving, so still a duplicate
    assert "org_credit_code_unique" in message


def test_many_organisations_may_have_no_credit_code(db):
    federation = FederationFactory()
    GrassrootsFactory(parent=federation, credit_code="")
    GrassrootsFactory(parent=federation, credit_code="")
    assert Organisation.objects.filter(credit_code="").count() >= 2


def test_database_refuses_home_rating_without_year(db):
    message = _integrity_error(name="x", level="federation", home_rating="model")
    assert "org_home_rating_has_year" in message


# --- the unified social credit code (GB 32100-2015) ----------------------------------------

REAL_FORMAT_CODES = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL_FORMAT_CODES)
def test_real_format_credit_codes_are_valid(code):
    assert credit_code_check_character(code[:17]) == code[17]  # valid by the algorithm itself
    validate_credit_code(code)


@pytest.mark.parametrize("first17", ["91511000000000001", "12100000MB0123456", "5132000050000000X"[:17],
                                     "Y1000000" + "ABCDEFGHJ"])
def test_generated_credit_codes_are_valid(first17):
    validate_credit_code(first17 + credit_code_check_character(first17))


def test_credit_code_is_normalised_to_upper_case_without_spaces(db):
    validate_credit_code("91350100m000100y43")
    validate_credit_code(" 9135 0100 M000 100Y43 ")
    org = GrassrootsFactory(credit_code="91350100m000100y43")
    org.refresh_from_db()
    assert org.credit_code == "91350100M000100Y43"


def test_credit_code_with_wrong_check_character_is_refused():
    wrong = next(c for c in CREDIT_CODE_ALPHABET if c != "3")
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y4" + wrong)
    assert error.value.code == "credit_code_check"
    assert error.value.messages == [
        "The check character of this unified social credit code is wrong; please check for a typing error."
    ]


@pytest.mark.parametrize("char", list("IOZSV"))
def test_credit_code_with_a_letter_outside_the_alphabet_is_refused(char):
    code = "91350100M000100Y43"
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code[:8] + char + code[9:])
    assert error.value.code == "credit_code_character"
    assert error.value.messages == [f"“{char}” cannot appear in a unified social credit code."]


@pytest.mark.parametrize("code,count", [("91350100M000100Y4", 17), ("91350100M000100Y433", 19), ("", 0)])
def test_credit_code_of_the_wrong_length_is_refused(code, count):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == "credit_code_length"
    assert error.value.messages == [f"A unified social credit code has 18 characters; this one has {count}."]


def test_credit_code_with_letters_in_the_region_code_is_refused():
    first17 = "9135A100M000100Y4"
    with pytest.raises(ValidationError) as error:
        validate_credit_code(first17 + credit_code_check_character(first17))
    assert error.value.code == "credit_code_region"


def test_credit_code_messages_are_chinese_by_default():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as error:
            validate_credit_code("91350100M000100Y44")
        message = error.value.messages[0]
    assert "统一社会信用代码" in message, message


def test_organisation_form_shows_the_credit_code_error(db, county, federation_admin):
    form = OrganisationForm(user=federation_admin, data={
        "name": "新工会", "level": "grassroots", "parent": county.federation.pk, "category": "enterprise",
        "sector": "enterprise", "employee_count": 1, "home_rating": "none", "credit_code": "91350100M000100Y44",
    })
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["credit_code"]] == ["credit_code_check"]


# --- the list page's query count does not grow with the rows -------------------------------

def _list_queries(client, count):
    federation = FederationFactory()
    for _ in range(count):
        GrassrootsFactory(parent=federation)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organisations/")
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries]


def test_organisation_list_query_count_does_not_grow_with_units(client, superuser):
    client.force_login(superuser)
    client.get("/organisations/")  # warm the session and content types
    few, few_sql = _list_queries(client, 5)
    many, many_sql = _list_queries(client, 55)
    assert Organisation.objects.count() >= 60
    assert few == many, "\n".join(many_sql)
