"""The cross-tenant matrix restricted to the assessment's URLs (the full matrix lives in
tests/unionadmin and covers every app; this one fails only for the assessment's pages), plus
the trio for the sheet: its unit's officer, another union's officer, an outsider."""
import pytest
from django.urls import reverse

import tests.unionadmin.test_cross_tenant_matrix as matrix

from .factories import CROSS_TENANT


def _urls():
    return [u for u in matrix.object_urls() if u.name.startswith("assessment:")]


def test_every_assessment_object_url_names_a_model_the_matrix_can_make():
    urls = _urls()
    assert len(urls) >= 30
    assert {u.model for u in urls} == set(CROSS_TENANT)
    problems = [p for p in matrix.uncovered_urls() if p.startswith("assessment:")]
    assert not problems, problems


def test_union_a_gets_404_for_every_union_b_assessment_object(client, county, user_with_every_role_at_a):
    client.force_login(user_with_every_role_at_a)
    leaks = []
    for u in _urls():
        for method in ("get", "post"):
            obj = matrix.MAKE_OBJECT[u.model](county.b)
            response = getattr(client, method)(u.url_for(obj))
            expected = 404 if matrix._allows(u.view_class, method) else 405
            if response.status_code != expected:
                leaks.append(f"{u.name} {method.upper()} → {response.status_code}")
    assert not leaks, leaks


def test_union_a_reaches_its_own_assessment_objects(client, county, user_with_every_role_at_a):
    client.force_login(user_with_every_role_at_a)
    failures = []
    for u in _urls():
        response = client.get(u.url_for(matrix.MAKE_OBJECT[u.model](county.a)))
        expected = matrix.ALLOWED_FOR_OWN_OBJECTS if matrix._allows(u.view_class, "get") else {405}
        if response.status_code not in expected:
            failures.append(f"{u.name} GET → {response.status_code}")
    assert not failures, failures


@pytest.mark.parametrize("who,status", [("officer_a", 200), ("officer_b", 404), ("outsider", 404),
                                        ("federation_admin", 200), ("federation_reviewer", 200)])
def test_the_sheet_page_for_owner_other_union_and_outsider(request, client, sheet_a, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("assessment:sheet_detail", args=[sheet_a.pk])).status_code == status


def test_the_federation_may_see_a_sheet_but_not_fill_it_in(client, sheet_a, federation_admin):
    client.force_login(federation_admin)
    score = sheet_a.scores.first()
    assert client.post(reverse("assessment:score", args=[score.pk]), {"points": "1"}).status_code == 403
    assert client.post(reverse("assessment:sheet_submit", args=[sheet_a.pk])).status_code == 403


def test_a_unit_officer_cannot_review_or_edit_the_rubric(client, sheet_a, officer_a, rubric):
    client.force_login(officer_a)
    assert client.get(reverse("assessment:sheet_review", args=[sheet_a.pk])).status_code == 403
    assert client.get(reverse("assessment:rubric_detail", args=[rubric.pk])).status_code == 200  # reads it
    assert client.get(reverse("assessment:rubric_settings", args=[rubric.pk])).status_code == 403
    assert client.get(reverse("assessment:sheet_list", args=[rubric.pk])).status_code == 403
    assert client.get(reverse("assessment:rubric_export", args=[rubric.pk])).status_code == 403


def test_units_never_see_a_draft_rubric(client, county, officer_a):
    from .factories import build_rubric

    draft = build_rubric(county.federation, publish=False)
    client.force_login(officer_a)
    assert client.get(reverse("assessment:rubric_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("assessment:version_detail", args=[draft.versions.get().pk])).status_code == 404
