"""The cross-tenant matrix (tests/unionadmin/test_cross_tenant_matrix.py) run over the
congress's URLs alone, so a congress leak is reported here by name; the full matrix covers
them too. Also: the delegate and department roles, which see less than union staff."""
import pytest

from tests.unionadmin import test_cross_tenant_matrix as matrix
from unionadmin.roles import Role

from ..factories import RoleAssignmentFactory, UserFactory


def congress_urls():
    return [u for u in matrix._checked_urls() if u.name.startswith("congress:")]


def test_every_congress_object_url_is_covered():
    names = {u.name for u in matrix.object_urls() if u.name.startswith("congress:")}
    covered = {u.name for u in congress_urls()}
    assert names and names == covered, sorted(names - covered)


def _leaks(client, user, union):
    client.force_login(user)
    leaks = []
    for u in congress_urls():
        for method in ("get", "post"):
            obj = matrix.MAKE_OBJECT[u.model](union)
            url = u.url_for(obj)
            response = getattr(client, method)(url)
            expected = 404 if matrix._allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} {url} → {response.status_code}")
    return leaks


def test_every_role_at_union_a_gets_404_for_union_b_congress_objects(client, county, user_with_every_role_at_a):
    leaks = _leaks(client, user_with_every_role_at_a, county.b)
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.DEPARTMENT])
def test_delegates_and_departments_of_union_b_get_404_for_union_a_objects(client, county, role):
    user = RoleAssignmentFactory(role=role, organisation=county.b, title="人力资源部", user=UserFactory()).user
    leaks = _leaks(client, user, county.a)
    assert not leaks, "\n".join(leaks)


def test_every_role_at_union_a_reaches_union_a_congress_objects(client, county, user_with_every_role_at_a):
    client.force_login(user_with_every_role_at_a)
    failures = []
    for u in congress_urls():
        url = u.url_for(matrix.MAKE_OBJECT[u.model](county.a))
        response = client.get(url)
        expected = matrix.ALLOWED_FOR_OWN_OBJECTS if matrix._allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET {url} → {response.status_code}")
    assert not failures, "\n".join(failures)
