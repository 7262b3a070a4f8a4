"""visible_to: subtrees, deny by default, and what the organisation pages show each person."""
import pytest

from members.models import Member
from unionadmin.models import AuditEvent, Organisation, RoleAssignment
from unionadmin.roles import Role
from unionadmin.scoping import organisations_where, user_can

from ..factories import BranchFactory, MemberFactory, RoleAssignmentFactory, UserFactory


@pytest.fixture
def tree(county):
    """The county with a branch and a member in each union."""
    county.branch_a = BranchFactory(name="甲公司一车间分会", parent=county.a)
    county.branch_b = BranchFactory(name="乙学校教务分会", parent=county.b)
    county.member_a = MemberFactory(union=county.a)
    county.member_branch_a = MemberFactory(union=county.branch_a)
    county.member_b = MemberFactory(union=county.b)
    return county


def visible(model, user, action="view"):
    return set(model.objects.visible_to(user, action))


def test_federation_admin_sees_every_unit_and_every_member(tree, federation_admin):
    assert visible(Organisation, federation_admin) == set(Organisation.objects.all())
    assert visible(Member, federation_admin) == {tree.member_a, tree.member_branch_a, tree.member_b}


def test_officer_of_union_a_sees_union_a_and_its_branches_only(tree, officer_a):
    assert visible(Organisation, officer_a) == {tree.a, tree.branch_a}
    assert visible(Member, officer_a) == {tree.member_a, tree.member_branch_a}


def test_officer_of_union_a_sees_neither_union_b_nor_the_federation(tree, officer_a):
    seen = visible(Organisation, officer_a)
    assert tree.b not in seen and tree.branch_b not in seen and tree.federation not in seen
    assert not user_can(officer_a, "view", tree.federation)
    assert not user_can(officer_a, "view", tree.member_b)


def test_officer_of_a_branch_does_not_see_the_union_above_it(tree):
    branch_officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=tree.branch_a).user
    assert visible(Organisation, branch_officer) == {tree.branch_a}
    assert visible(Member, branch_officer) == {tree.member_branch_a}


def test_a_union_whose_id_prefixes_another_does_not_see_it(county):
    """Paths are zero-padded with a trailing "/", so unit 1's subtree is not unit 10's."""
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    for other in Organisation.objects.exclude(path__startswith=county.a.path):
        assert not other.path.startswith(county.a.path)
    assert visible(Organisation, officer) == {county.a}


def test_user_with_no_role_sees_nothing(tree, outsider):
    for model in (Organisation, Member, RoleAssignment, AuditEvent):
        assert not model.objects.visible_to(outsider).exists(), model
        assert not model.objects.visible_to(outsider, "change").exists(), model
    assert not organisations_where(outsider, Organisation, "change").exists()


def test_anonymous_and_none_see_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.visible_to(AnonymousUser()).exists()
    assert not Organisation.objects.visible_to(None).exists()


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.JUDGE, Role.DEPARTMENT])
def test_delegate_judge_or_department_sees_no_organisation_rows(tree, role):
    user = RoleAssignmentFactory(role=role, organisation=tree.federation).user
    assert not Organisation.objects.visible_to(user).exists()
    assert not Member.objects.visible_to(user).exists()


def test_welfare_officer_and_reviewer_may_view_but_not_change_organisations(tree, federation_reviewer):
    welfare = RoleAssignmentFactory(role=Role.WELFARE_OFFICER, organisation=tree.a).user
    assert visible(Organisation, welfare) == {tree.a, tree.branch_a}
    assert not Organisation.objects.visible_to(welfare, "change").exists()
    assert visible(Organisation, federation_reviewer) == set(Organisation.objects.all())
    assert not Organisation.objects.visible_to(federation_reviewer, "change").exists()


def test_unknown_action_is_denied(tree, federation_admin):
    assert not Organisation.objects.visible_to(federation_admin, "delete").exists()


def test_inactive_user_sees_nothing(tree, officer_a):
    officer_a.is_active = False
    officer_a.save()
    assert not Organisation.objects.visible_to(officer_a).exists()
    assert not Member.objects.visible_to(officer_a).exists()


def test_inactive_superuser_sees_nothing(tree):
    user = UserFactory(is_superuser=True, is_active=False)
    assert not Organisation.objects.visible_to(user).exists()


def test_superuser_sees_everything(tree, superuser):
    assert visible(Organisation, superuser) == set(Organisation.objects.all())
    assert visible(Organisation, superuser, "change") == set(Organisation.objects.all())
    assert visible(Member, superuser) == set(Member.objects.all())


def test_roles_at_two_unions_see_both_subtrees(tree):
    user = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=tree.a).user
    RoleAssignmentFactory(user=user, role=Role.WELFARE_OFFICER, organisation=tree.branch_b)
    assert visible(Organisation, user) == {tree.a, tree.branch_a, tree.branch_b}
    assert visible(Organisation, user, "change") == {tree.a, tree.branch_a}


def test_role_assignments_visible_only_to_managers_of_the_subtree(tree, officer_a, officer_b, federation_admin):
    assert set(RoleAssignment.objects.visible_to(officer_a).values_list("user", flat=True)) == {officer_a.pk}
    assert officer_b.pk in set(RoleAssignment.objects.visible_to(federation_admin).values_list("user", flat=True))


# --- "change" versus "view" in the pages ---------------------------------------------------

def test_federation_reviewer_views_a_union_but_gets_403_on_its_edit_page(client, county, federation_reviewer):
    client.force_login(federation_reviewer)
    assert client.get(f"/organisations/{county.a.pk}/").status_code == 200
    assert client.get(f"/organisations/{county.a.pk}/edit/").status_code == 403
    assert client.post(f"/organisations/{county.a.pk}/edit/", {"name": "x"}).status_code == 403


def test_outsider_gets_404_on_view_and_edit_pages(client, county, outsider):
    client.force_login(outsider)
    assert client.get(f"/organisations/{county.a.pk}/").status_code == 404
    assert client.get(f"/organisations/{county.a.pk}/edit/").status_code == 404


def test_officer_of_union_a_gets_404_for_union_b_organisation(client, county, officer_a):
    client.force_login(officer_a)
    assert client.get(f"/organisations/{county.b.pk}/").status_code == 404
    assert client.get(f"/organisations/{county.b.pk}/edit/").status_code == 404
    assert client.get(f"/organisations/{county.federation.pk}/").status_code == 404


def test_reviewer_detail_page_offers_no_edit_button(client, county, federation_reviewer):
    client.force_login(federation_reviewer)
    response = client.get(f"/organisations/{county.a.pk}/")
    assert response.context["can_change"] is False
    assert f"/organisations/{county.a.pk}/edit/" not in response.content.decode()


def test_detail_breadcrumbs_leave_out_ancestors_the_user_cannot_see(client, county, officer_a):
    client.force_login(officer_a)
    response = client.get(f"/organisations/{county.a.pk}/")
    assert response.context["ancestors"] == []
    assert f'href="/organisations/{county.federation.pk}/"' not in response.content.decode()


# --- the organisation list -----------------------------------------------------------------

def test_organisation_list_shows_officer_only_their_subtree(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get("/organisations/")
    assert set(response.context["object_list"]) == {tree.a, tree.branch_a}
    content = response.content.decode()
    assert tree.b.name not in content and tree.branch_b.name not in content


def test_searching_for_union_b_by_name_finds_nothing_for_union_a_officer(client, tree, officer_a):
    client.force_login(officer_a)
    for query in (tree.b.name, "乙学校", tree.b.credit_code):
        response = client.get("/organisations/", {"q": query})
        assert list(response.context["object_list"]) == [], query
        table = response.content.decode().split("<table", 1)[1]
        assert tree.b.name not in table and f"/organisations/{tree.b.pk}/" not in table


def test_filtering_union_a_officer_by_level_and_category_never_shows_union_b(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get("/organisations/", {"level": "grassroots", "category": "institution"})
    assert list(response.context["object_list"]) == []
    response = client.get("/organisations/", {"level": "grassroots"})
    assert list(response.context["object_list"]) == [tree.a]


def test_within_filter_offers_only_visible_units(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get("/organisations/")
    offered = set(response.context["filterset"].form.fields["within"].queryset)
    assert offered == {tree.a, tree.branch_a}
    assert f'value="{tree.b.pk}"' not in response.content.decode()


def test_within_union_b_does_not_reveal_union_b_to_union_a_officer(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.get("/organisations/", {"within": tree.b.pk})
    assert set(response.context["object_list"]) <= {tree.a, tree.branch_a}
    assert tree.b.name not in response.content.decode()


def test_within_filter_narrows_to_a_subtree(client, tree, federation_admin):
    client.force_login(federation_admin)
    response = client.get("/organisations/", {"within": tree.b.pk})
    assert set(response.context["object_list"]) == {tree.b, tree.branch_b}


def test_a_union_chair_alone_has_an_officers_rights_at_the_union(county):
    """The chair runs the union: a person given only the union_chair role reads and edits the
    roster, approves the union's plan and self-scores its assessment, as an officer would."""
    from assessment.models import UnitAssessment
    from planning.models import WorkPlan
    from tests.planning.factories import WorkPlanFactory

    chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a).user
    member = MemberFactory(union=county.a)
    plan = WorkPlanFactory(issuer=county.a, state=WorkPlan.State.DRAFT)
    assert user_can(chair, "change", member)
    assert user_can(chair, "approve", plan)
    assert Role.UNION_CHAIR in UnitAssessment.scope.roles_for("score")
    assert not user_can(chair, "view", MemberFactory(union=county.b))
