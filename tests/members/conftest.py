"""Fixtures for the members app's tests; the browser fixtures come from tests/browser."""
import pytest

from tests.conftest import _user_with
from unionadmin.roles import Role

from .factories import UniqueMemberFactory


@pytest.fixture
def welfare_a(county):
    return _user_with(Role.WELFARE_OFFICER, county.a)


@pytest.fixture
def delegate_a(county):
    return _user_with(Role.DELEGATE, county.a)


@pytest.fixture
def member_a(county):
    return UniqueMemberFactory(union=county.a, name="张秀英", phone="13812345678")


