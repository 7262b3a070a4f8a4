"""The cross-tenant matrix over the assessment URLs (tests/unionadmin/test_cross_tenant_matrix.py
runs the rest and says how), plus the trio for the sheet: its unit's officer, another union's
officer, an outsider."""
import pytest
from django.urls import reverse

from tests.unionadmin.test_cross_tenant_matrix import AppMatrix

from .factories import CROSS_TENANT


class TestCrossTenant(AppMatrix):
    namespace = "assessment"
    min_urls = 30
    leaks_without_scoping = ("assessment:sheet_detail GET", "assessment:rubric_detail GET")

    def test_every_assessment_url_names_a_model_the_app_declares(self):
        assert {u.model for u in self.urls()} == set(CROSS_TENANT)


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
