"""Fixtures shared by the finance tests."""
import pytest
from django.utils import translation

from tests.factories import RoleAssignmentFactory
from unionadmin.roles import Role

from .factories import account


@pytest.fixture
def in_english():
    """Messages in English (the tests match their text), with the seeded chart at hand."""
    with translation.override("en"):
        account("102")
        yield


@pytest.fixture
def keeper(county):
    """The union A's own finance officer, who keeps its books."""
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.a).user


@pytest.fixture
def federation_keeper(county):
    """The county federation's finance officer."""
    return RoleAssignmentFactory(role=Role.FINANCE_OFFICER, organisation=county.federation).user


@pytest.fixture
def person():
    """``person(role, union)``: someone holding ``role`` at ``union``, reading the pages in English
    (the browser tests assert the source strings)."""
    def make(role, union):
        user = RoleAssignmentFactory(role=role, organisation=union).user
        user.language = "en"
        user.save(update_fields=["language"])
        return user
    return make
