"""Every welfare URL that names an object, tried against union B's object by someone holding
every role at union A: 404 (or 405 for a method the view does not handle), never the page.

Reuses the project's matrix (tests/unionadmin/test_cross_tenant_matrix.py) with the welfare
factories; ``MAKE_WELFARE_OBJECT`` is what the matrix's MAKE_OBJECT needs for welfare."""
import pytest

from tests.unionadmin import test_cross_tenant_matrix as matrix

from .factories import MAKE_WELFARE_OBJECT

pytestmark = pytest.mark.django_db


def welfare_urls():
    return [u for u in matrix.object_urls() if u.name.startswith("welfare:")]


@pytest.fixture
def make_object(monkeypatch):
    for model, make in MAKE_WELFARE_OBJECT.items():
        monkeypatch.setitem(matrix.MAKE_OBJECT, model, make)
    return matrix.MAKE_OBJECT


def test_every_welfare_object_url_names_a_model_with_a_factory(make_object):
    urls = welfare_urls()
    assert len(urls) >= 40
    problems = [p for p in matrix.uncovered_urls() if p.startswith("welfare:")]
    assert not problems, "\n".join(problems)


def test_every_role_at_union_a_gets_404_for_union_b_welfare_objects(client, county, user_with_every_role_at_a,
                                                                     make_object):
    client.force_login(user_with_every_role_at_a)
    leaks = []
    for u in welfare_urls():
        for method in ("get", "post"):
            url = u.url_for(make_object[u.model](county.b))
            response = getattr(client, method)(url)
            expected = 404 if matrix._allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} {url} → {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_every_role_at_union_a_reaches_union_a_welfare_objects(client, county, user_with_every_role_at_a,
                                                               make_object):
    client.force_login(user_with_every_role_at_a)
    failures = []
    for u in welfare_urls():
        url = u.url_for(make_object[u.model](county.a))
        response = client.get(url)
        expected = matrix.ALLOWED_FOR_OWN_OBJECTS if matrix._allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET {url} → {response.status_code}")
    assert not failures, "\n".join(failures)


def test_welfare_officer_of_union_b_gets_404_for_union_a_objects(client, county, welfare_b, make_object):
    client.force_login(welfare_b)
    leaks = []
    for u in welfare_urls():
        url = u.url_for(make_object[u.model](county.a))
        response = client.get(url)
        expected = 404 if matrix._allows(u.view_class, "get") else 405
        if response.status_code != expected:
            leaks.append(f"{u.name} GET {url} → {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_the_welfare_matrix_reports_leaks_when_scoping_is_switched_off(client, county, user_with_every_role_at_a,
                                                                       make_object, monkeypatch):
    """Proves the checks above bite: with visible_to returning every row, union B's file leaks."""
    from welfare.scope import WelfareQuerySet

    monkeypatch.setattr(WelfareQuerySet, "visible_to", lambda self, user, action="view": self.all())
    client.force_login(user_with_every_role_at_a)
    file_detail = next(u for u in welfare_urls() if u.name == "welfare:file_detail")
    grant_approve = next(u for u in welfare_urls() if u.name == "welfare:grant_approve")
    assert client.get(file_detail.url_for(make_object[file_detail.model](county.b))).status_code == 200
    assert client.post(grant_approve.url_for(make_object[grant_approve.model](county.b))).status_code == 302
