"""The organisation profile lists the people holding a staff role there, a chair first among
the union's own (it once failed to render for a union with a chair)."""
from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.documents.profile import profile_context
from unionadmin.roles import Role


def test_the_profile_lists_the_chair_before_the_officers(county):
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a,
                                    user=UserFactory(full_name="甲干事")).user
    chair = RoleAssignmentFactory(role=Role.UNION_CHAIR, organisation=county.a, user=UserFactory(full_name="乙主席")).user
    context = profile_context(county.a, {})
    people = [a.user for a in context["role_holders"]]
    assert people.index(chair) < people.index(officer)
