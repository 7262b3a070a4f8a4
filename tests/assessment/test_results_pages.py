"""The results page a page of the ranking at a time (issue 20: a province ranks ten thousand
units): the summaries and the distribution count every unit, the ranking shows one page, and
a unit's own people open it where their unit stands."""
import pytest
from django.urls import reverse

from assessment.services import results as services
from tests.factories import GrassrootsFactory
from unionadmin.roles import Role

from .conftest import user_with
from .test_results import final_sheet


@pytest.fixture
def ranked(rubric, county, monkeypatch):
    """Enterprises A 95, C 92, D 80 (ranked 1, 2, 3); a page holds two rows."""
    from assessment.views import results

    monkeypatch.setattr(results, "RANKING_PAGE", 2)
    county.c = GrassrootsFactory(name="丙公司工会", parent=county.federation)
    county.d = GrassrootsFactory(name="丁公司工会", parent=county.federation)
    for unit, total in ((county.a, "95"), (county.c, "92"), (county.d, "80")):
        final_sheet(rubric, unit, total)
    return county


def _ranking(response) -> list[tuple[str, int]]:
    return [(row.unit_name, row.rank) for _summary, rows in response.context["rankings"] for row in rows]


def test_the_ranking_is_shown_a_page_at_a_time_and_the_summaries_count_every_unit(client, rubric, ranked, reviewer):
    client.force_login(reviewer)
    url = reverse("assessment:results", args=[rubric.pk])
    first = client.get(url)
    assert _ranking(first) == [("甲公司工会", 1), ("丙公司工会", 2)]
    assert "丁公司工会" not in first.text
    [enterprises] = [s for s in first.context["summaries"] if s.category == "enterprise"]
    assert len(enterprises.rows) == 3 and sum(band["count"] for band in first.context["bands"]) == 3
    last = client.get(url, {"page": "last"})
    assert _ranking(last) == [("丁公司工会", 3)] and "丁公司工会" in last.text
    assert _ranking(client.get(url, {"page": "x"})) == _ranking(first)  # a bad page is the first


def test_a_unit_opens_the_published_ranking_at_its_own_row(client, rubric, ranked, federation_admin):
    services.results_publish(rubric, federation_admin)
    client.force_login(user_with(Role.UNION_OFFICER, ranked.d))
    response = client.get(reverse("assessment:results", args=[rubric.pk]))
    assert _ranking(response) == [("丁公司工会", 3)] and 'class="own-unit"' in response.text
    # Another page on request, without the unit's own row.
    response = client.get(reverse("assessment:results", args=[rubric.pk]), {"page": 1})
    assert _ranking(response) == [("甲公司工会", 1), ("丙公司工会", 2)] and 'class="own-unit"' not in response.text
