"""Assessment fixtures: the county of tests/conftest.py (federation, union A 企业, union B 事业)
with a published rubric, and the people who act on it."""
import pytest
from django.test import override_settings
from django.utils import translation

from unionadmin.roles import Role

from ..factories import GrassrootsFactory, RoleAssignmentFactory
from .factories import build_rubric, build_sheet


@pytest.fixture(autouse=True)
def assessment_media(request, tmp_path):
    """Evidence files go to a private MEDIA_ROOT (a worker test keeps the one its worker shares)."""
    if request.node.get_closest_marker("worker"):
        yield None
        return
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield tmp_path / "media"


@pytest.fixture(autouse=True)
def english_messages():
    """Services called directly speak English here (the tests match their messages)."""
    with translation.override("en"):
        yield


def user_with(role, organisation):
    return RoleAssignmentFactory(role=role, organisation=organisation).user


@pytest.fixture
def rubric(county):
    return build_rubric(county.federation)


@pytest.fixture
def sheet_a(rubric, county):
    return build_sheet(rubric, county.a)


@pytest.fixture
def reviewer(county):
    return user_with(Role.FEDERATION_REVIEWER, county.federation)


@pytest.fixture
def union_c(county):
    """A third union, an enterprise like A, for ties and rankings."""
    return GrassrootsFactory(name="丙公司工会", parent=county.federation)
