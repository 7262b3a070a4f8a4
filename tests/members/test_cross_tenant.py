"""Every members URL that names an object answers 404 for another union's object.

This runs the project's cross-tenant matrix (tests/unionadmin/test_cross_tenant_matrix.py)
over the members URLs with this app's factories, so the app is covered before the matrix's
own registry lists its models.
"""
import pytest

from tests.unionadmin import test_cross_tenant_matrix as matrix

from .factories import MAKE_OBJECT


@pytest.fixture
def members_matrix(monkeypatch):
    for model, make in MAKE_OBJECT.items():
        monkeypatch.setitem(matrix.MAKE_OBJECT, model, make)
    monkeypatch.setitem(matrix.KWARG_VALUES, "field", lambda obj: next(iter(getattr(obj, "personal_fields", {"x": 0}))))
    monkeypatch.setattr(matrix, "object_urls",
                        lambda: [u for u in matrix._walk(matrix.get_resolver().url_patterns) if u.kwargs
                                 and u.name.startswith("members:")])
    return matrix


def test_every_members_object_url_is_covered(members_matrix):
    urls = members_matrix.object_urls()
    assert len(urls) >= 25
    assert not members_matrix.uncovered_urls()


def test_every_members_object_url_answers_404_for_union_b(client, county, user_with_every_role_at_a,
                                                          members_matrix):
    leaks = members_matrix.cross_tenant_leaks(client, user_with_every_role_at_a, county.b)
    assert not leaks, "\n".join(leaks)


def test_union_a_reaches_its_own_objects(client, county, user_with_every_role_at_a, members_matrix):
    client.force_login(user_with_every_role_at_a)
    failures = []
    for u in members_matrix._checked_urls():
        url = u.url_for(members_matrix.MAKE_OBJECT[u.model](county.a))
        response = client.get(url)
        expected = matrix.ALLOWED_FOR_OWN_OBJECTS if matrix._allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET {url} → {response.status_code}")
    assert not failures, "\n".join(failures)


def test_matrix_bites_on_members_urls_when_scoping_is_off(client, county, user_with_every_role_at_a,
                                                          members_matrix, monkeypatch):
    from unionadmin.scoping import ScopedQuerySet

    from members.models.transfers import TransferQuerySet

    monkeypatch.setattr(ScopedQuerySet, "visible_to", lambda self, user, action="view": self.all())
    monkeypatch.setattr(TransferQuerySet, "visible_to", lambda self, user, action="view": self.all())
    leaks = members_matrix.cross_tenant_leaks(client, user_with_every_role_at_a, county.b)
    assert any(leak.startswith("members:member_detail GET") for leak in leaks), leaks
    assert any(leak.startswith("members:transfer_detail GET") for leak in leaks), leaks
