"""Fixtures for the work plan: a county with a unit below a grassroots union, a sibling
federation, and an issued plan from the county federation."""
import pytest

from unionadmin.roles import Role

from ..factories import BranchFactory, FederationFactory, GrassrootsFactory, RoleAssignmentFactory
from .factories import PlanItemFactory, WorkPlanFactory


def user_with(role, organisation):
    return RoleAssignmentFactory(role=role, organisation=organisation).user


@pytest.fixture
def branch_a(county):
    return BranchFactory(parent=county.a)


@pytest.fixture
def sibling(db):
    """Another county's federation with one union, outside ours."""
    federation = FederationFactory(name="邻县总工会")
    return type("Sibling", (), {"federation": federation, "union": GrassrootsFactory(parent=federation)})


@pytest.fixture
def plan(county):
    """A draft county plan with two sections, the first with two items."""
    plan = WorkPlanFactory(issuer=county.federation, title="测试县总工会2026年工作要点")
    one = PlanItemFactory(plan=plan, heading="加强组织建设", body="", position=0)
    PlanItemFactory(plan=plan, parent=one, heading="推进会员发展", position=0)
    PlanItemFactory(plan=plan, parent=one, heading="深化职工之家建设", position=1)
    PlanItemFactory(plan=plan, heading="维护职工权益", body="", position=1)
    return plan


@pytest.fixture
def officer_branch(branch_a):
    return user_with(Role.UNION_OFFICER, branch_a)


@pytest.fixture
def sibling_officer(sibling):
    return user_with(Role.FEDERATION_ADMIN, sibling.federation)
