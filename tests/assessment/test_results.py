"""Results: totals summed in the database, grades at the thresholds, ranks within each
category with ties, the veto, publication, who sees what when, and the indicator."""
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Result
from assessment.services import AssessmentError
from assessment.services import results as services
from unionadmin.indicators import registry

from ..factories import GrassrootsFactory
from .factories import build_sheet, mark

D = Decimal
pytestmark = pytest.mark.django_db


def final_sheet(rubric, unit, total, *, bonus="0", deduction="0", vetoed=False):
    """A final sheet whose scored items add up to ``total`` (split 30/30/40 in proportion)."""
    sheet = build_sheet(rubric, unit)
    total = D(total)
    parts = {"工会组织健全，按期换届": (total * D("0.3")).quantize(D("0.01")),
             "会员实名制管理": (total * D("0.3")).quantize(D("0.01"))}
    parts["签订集体合同"] = total - sum(parts.values())
    parts["获得县级以上表彰"] = D(bonus)
    parts["未按时报送材料"] = D(deduction)
    for score in sheet.scores.select_related("item"):
        if score.kind == "veto":
            score.self_vetoed = score.reviewed_vetoed = vetoed
        else:
            score.self_points = score.reviewed_points = parts[score.item.title]
        score.save()
    return mark(sheet, "finalised")


@pytest.fixture
def units(county):
    make = lambda name, category="enterprise": GrassrootsFactory(name=name, parent=county.federation,
                                                                 category=category)
    return {"a": county.a, "b": county.b, "c": make("丙公司工会"), "d": make("丁公司工会"), "e": make("戊公司工会"),
            "f": make("己局机关工会", "organ")}


@pytest.mark.parametrize("total,grade", [("90.9", ""), ("91", "standard"), ("94.99", "standard"),
                                         ("95", "exemplary")])
def test_grades_at_the_thresholds_from_database_totals(rubric, county, total, grade):
    final_sheet(rubric, county.a, total)
    [row] = services.live_results(rubric)
    assert row.total == D(total) and row.grade == grade


def test_bonus_deductions_and_the_veto_count(rubric, county, units):
    final_sheet(rubric, units["a"], "89", bonus="3", deduction="1")
    final_sheet(rubric, units["c"], "99", vetoed=True)
    rows = {r.unit_id: r for r in services.live_results(rubric)}
    assert rows[units["a"].pk].total == D("91.00") and rows[units["a"].pk].grade == "standard"
    assert rows[units["c"].pk].vetoed and rows[units["c"].pk].grade == "" and rows[units["c"].pk].rank is None


def test_ranks_within_each_category_with_ties(rubric, units):
    final_sheet(rubric, units["a"], "93.5")
    final_sheet(rubric, units["c"], "96")
    final_sheet(rubric, units["d"], "93.5")
    final_sheet(rubric, units["e"], "88")
    final_sheet(rubric, units["b"], "80")  # 事业: its own ranking
    final_sheet(rubric, units["f"], "70")  # 机关
    ranks = {r.unit_id: r.rank for r in services.live_results(rubric)}
    assert [ranks[units[k].pk] for k in "acde"] == [2, 1, 2, 4]
    assert ranks[units["b"].pk] == 1 and ranks[units["f"].pk] == 1


def test_only_final_sheets_count(rubric, units):
    final_sheet(rubric, units["a"], "93")
    mark(build_sheet(rubric, units["c"]), "submitted")
    build_sheet(rubric, units["d"])
    assert [r.unit_id for r in services.live_results(rubric)] == [units["a"].pk]


def test_publishing_freezes_the_results_and_refuses_sheets_still_in_review(rubric, units, federation_admin):
    final_sheet(rubric, units["a"], "96")
    pending = mark(build_sheet(rubric, units["c"]), "reviewed")
    with pytest.raises(AssessmentError, match="still being reviewed"):
        services.results_publish(rubric, federation_admin)
    pending.delete()
    build_sheet(rubric, units["d"])  # never submitted: takes no part
    assert services.results_publish(rubric, federation_admin) == 1
    rubric.refresh_from_db()
    assert rubric.results_published and rubric.results_published_by == federation_admin
    result = Result.objects.get()
    assert (result.unit, result.total, result.grade, result.rank, result.category) == (
        units["a"], D("96.00"), "exemplary", 1, "enterprise")
    with pytest.raises(AssessmentError, match="already"):
        services.results_publish(rubric, federation_admin)
    # The published ranking is what is shown, even if the unit's category changes later.
    units["a"].category = "organ"
    units["a"].save()
    [row] = services.results_for(rubric)
    assert row.category == "enterprise" and row.rank == 1


def test_the_results_page_runs_in_a_constant_number_of_queries(client, rubric, county, reviewer):
    client.force_login(reviewer)
    url = reverse("assessment:results", args=[rubric.pk])
    final_sheet(rubric, county.a, "92")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(12):
        final_sheet(rubric, GrassrootsFactory(parent=county.federation, category=["enterprise", "organ"][n % 2]),
                    str(80 + n))
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200 and len(large) == len(small), [q["sql"] for q in large]


def test_units_see_the_ranking_only_once_published(client, rubric, county, officer_a, federation_admin):
    final_sheet(rubric, county.a, "95")
    url = reverse("assessment:results", args=[rubric.pk])
    client.force_login(officer_a)
    response = client.get(url)
    # Only the printed page's header names the reader's own union; the ranking names no unit.
    page = re.sub(r'<div class="print-header.*?</div>', "", response.text, flags=re.S)
    assert response.status_code == 200 and response.context["not_yet"] and "甲公司工会" not in page
    services.results_publish(rubric, federation_admin)
    response = client.get(url)
    assert "甲公司工会" in response.text and 'class="own-unit"' in response.text


def test_the_assessment_grade_indicator_counts_published_results(rubric, units, federation_admin, county):
    indicator = registry.get("assessment_grade")
    assert indicator.measure(county.federation, rubric.year).value is None  # nothing published
    final_sheet(rubric, units["a"], "96")
    final_sheet(rubric, units["c"], "92")
    final_sheet(rubric, units["d"], "85")
    final_sheet(rubric, units["e"], "99", vetoed=True)
    assert indicator.measure(county.federation, rubric.year).value is None  # still not published
    services.results_publish(rubric, federation_admin)
    measured = indicator.measure(county.federation, rubric.year)
    assert (measured.numerator, measured.denominator, measured.value) == (2, 4, D("50.0"))
    per_unit = indicator.measure_units(county.federation, rubric.year)
    assert per_unit[units["a"].pk].value == D("100.0") and per_unit[units["d"].pk].value == D("0.0")
    assert indicator.measure(county.federation, rubric.year + 1).value is None
