"""The published results page reads what it shows (a province ranks ten thousand units): the
summaries and the bands counted in the database, one page of the ranking read in the ranking
order, a unit's own page found in SQL. What it shows is what the Python path (every row read,
sorted and grouped) gives for the same rubric, and its queries do not grow with the units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.services import results as services
from tests.factories import GrassrootsFactory
from unionadmin.roles import Role

from .conftest import user_with
from .factories import build_rubric
from .test_results import final_sheet

pytestmark = pytest.mark.django_db
PAGE = 4
# 25 units over three categories, with equal totals (shared ranks) and vetoes (no rank, last).
UNITS = [("enterprise", "96", False), ("enterprise", "92", False), ("enterprise", "92", False),
         ("enterprise", "88", True), ("enterprise", "92", False), ("enterprise", "75", False),
         ("enterprise", "95", False), ("enterprise", "99", True), ("enterprise", "60.5", False),
         ("enterprise", "100", False), ("organ", "91", False), ("organ", "91", False), ("organ", "90.99", False),
         ("organ", "85", True), ("organ", "55", False), ("organ", "97", False), ("organ", "80", False),
         ("organ", "70", False), ("institution", "94.99", False), ("institution", "94.99", False),
         ("institution", "93", True), ("institution", "81", False), ("institution", "65", False),
         ("institution", "91", False), ("institution", "59.99", False)]


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    from assessment.views import results

    monkeypatch.setattr(results, "RANKING_PAGE", PAGE)


def published(county, federation_admin, units):
    """A rubric with final sheets of ``units`` (category, total, vetoed), its results published."""
    rubric = build_rubric(county.federation)
    made = []
    for index, (category, total, vetoed) in enumerate(units):
        unit = GrassrootsFactory(name=f"第{rubric.pk}-{index:02d}工会", parent=county.federation, category=category)
        final_sheet(rubric, unit, total, vetoed=vetoed)
        made.append(unit)
    services.results_publish(rubric, federation_admin)
    rubric.refresh_from_db()
    return rubric, made


def _row(row) -> tuple:
    return (row.sheet_id, row.unit_name, row.category, row.rank, row.standard, row.bonus, row.deductions, row.total,
            row.vetoed, row.grade)


def _ranking(response) -> list[tuple]:
    return [_row(row) for _summary, rows in response.context["rankings"] for row in rows]


def _summaries(summaries) -> list[tuple]:
    return [(s.category, s.label, s.units, s.counts, s.graded_share) for s in summaries]


def test_the_published_page_shows_what_the_python_path_gives(client, county, federation_admin, reviewer):
    rubric, units = published(county, federation_admin, UNITS)
    rows = services.published_results(rubric)
    version = rubric.current_version
    expected = [_row(row) for row in rows]
    assert len({row.rank for row in rows if row.category == "enterprise"}) < 8  # ties and vetoes are there
    client.force_login(reviewer)
    url = reverse("assessment:results", args=[rubric.pk])

    first = client.get(url)
    assert _summaries(first.context["summaries"]) == _summaries(services.by_category(rows, version.categories))
    assert first.context["bands"] == services.distribution(rows, version)
    assert (first.context["graded"], first.context["total"]) == (sum(1 for r in rows if r.grade), len(UNITS))
    assert _ranking(first) == expected[:PAGE]
    last = client.get(url, {"page": "last"})
    assert last.context["page_obj"].number == 7 and _ranking(last) == expected[24:]
    assert _ranking(client.get(url, {"page": 4})) == expected[12:16]
    # A category with no unit says so on the first page.
    assert [(s.category, len(shown)) for s, shown in first.context["rankings"]] == [("enterprise", PAGE),
                                                                                    ("industry", 0)]

    # A unit's officers open at their unit's page: a vetoed unit, ranked after its category.
    vetoed_unit = units[13]
    position = next(n for n, row in enumerate(rows) if row.unit_id == vetoed_unit.pk)
    client.force_login(user_with(Role.UNION_OFFICER, vetoed_unit))
    own = client.get(url)
    assert own.context["page_obj"].number == position // PAGE + 1 != 1
    assert _ranking(own) == expected[position // PAGE * PAGE:position // PAGE * PAGE + PAGE]
    assert 'class="own-unit"' in own.text


def test_the_published_page_reads_a_page_of_rows_in_the_same_number_of_queries(client, county, federation_admin):
    """A unit's officer (the own-page lookup included) asks for the page over 3 units and over
    15: the same queries, and none reads every result (each counts, or reads a page)."""
    queries = []
    for size in (3, 15):
        rubric, units = published(county, federation_admin, UNITS[:size])
        client.force_login(user_with(Role.UNION_OFFICER, units[-1]))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("assessment:results", args=[rubric.pk]))
        assert response.status_code == 200 and 'class="own-unit"' in response.text
        queries.append(len(captured))
        over_results = [q["sql"] for q in captured.captured_queries if 'FROM "assessment_result"' in q["sql"]]
        assert over_results and all("COUNT(" in sql or "LIMIT" in sql for sql in over_results), over_results
    assert queries[0] == queries[1]


def test_a_unit_without_a_result_opens_the_published_ranking_at_the_first_page(client, county, federation_admin):
    rubric, _units = published(county, federation_admin, UNITS[:6])
    client.force_login(user_with(Role.UNION_OFFICER, county.a))  # no sheet in this rubric
    response = client.get(reverse("assessment:results", args=[rubric.pk]))
    assert response.context["page_obj"].number == 1 and len(_ranking(response)) == PAGE
    assert response.context["total"] == 6
