"""The cross-tenant matrix restricted to the competitions URLs (the full matrix lives in
tests/unionadmin and covers every app; this one fails only for competitions' own pages)."""
import tests.unionadmin.test_cross_tenant_matrix as matrix


def _competition_urls():
    return [u for u in matrix.object_urls() if u.name.startswith("competitions:")]


def test_every_competitions_object_url_names_a_model_the_matrix_can_make():
    urls = _competition_urls()
    assert len(urls) >= 35
    problems = [p for p in matrix.uncovered_urls() if p.startswith("competitions:")]
    assert not problems, problems


def test_union_a_gets_404_for_every_union_b_competitions_object(client, county, user_with_every_role_at_a):
    client.force_login(user_with_every_role_at_a)
    leaks = []
    for u in _competition_urls():
        for method in ("get", "post"):
            obj = matrix.MAKE_OBJECT[u.model](county.b)
            response = getattr(client, method)(u.url_for(obj))
            expected = 404 if matrix._allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} → {response.status_code}")
    assert not leaks, leaks


def test_union_a_reaches_its_own_competitions_objects(client, county, user_with_every_role_at_a):
    client.force_login(user_with_every_role_at_a)
    failures = []
    for u in _competition_urls():
        response = client.get(u.url_for(matrix.MAKE_OBJECT[u.model](county.a)))
        expected = matrix.ALLOWED_FOR_OWN_OBJECTS if matrix._allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET → {response.status_code}")
    assert not failures, failures
