"""Fixtures for the members app's tests; the browser fixtures come from tests/browser."""
import pytest

from tests.browser.conftest import chromium, page_at, screenshot  # noqa: F401  (fixtures)
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


# Real Celery workers for @pytest.mark.worker tests: the PDF pipeline's fixtures (a private
# broker, a private MEDIA_ROOT shared with the worker, workers started on demand).
from tests.documents.conftest import documents_broker, documents_media_root, wait_for, worker, workers  # noqa: E402,F401
