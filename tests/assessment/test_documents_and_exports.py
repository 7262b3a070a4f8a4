"""The two PDFs (their HTML, who may ask for them) and the XLSX exports (formula cells
neutralised, the audit event)."""
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from assessment.documents import sheet_context
from assessment.models import RubricResults
from assessment.services.results import results_publish
from unionadmin.documents import rendering
from unionadmin.documents.kinds import registry
from unionadmin.models import AuditEvent

from .factories import build_sheet, fill, first_score, mark, review_all

D = Decimal
pytestmark = pytest.mark.django_db


def _final(rubric, unit, share="0.96"):
    sheet = fill(build_sheet(rubric, unit), default=share)
    review_all(sheet)
    return mark(sheet, "finalised")


def html(kind, obj, language="en"):
    return rendering.render_html(registry.get(kind), obj, {}, language)


def test_both_kinds_are_registered():
    assert registry.get("assessment_sheet").model.__name__ == "UnitAssessment"
    assert registry.get("assessment_summary").model is RubricResults


def test_the_sheet_shows_reviewed_points_only_once_sent_and_the_grade_once_published(rubric, county,
                                                                                     federation_admin):
    sheet = fill(build_sheet(rubric, county.a), default="0.96")
    score = first_score(sheet)
    score.self_note = "按期换届"
    score.save()
    text = html("assessment_sheet", sheet)
    assert "工会组织健全，按期换届" in text and "28.8" in text and "按期换届" in text
    assert "Reviewed points are shown once the review has been sent" in text
    review_all(sheet, {"工会组织健全，按期换届": "25"})
    score.refresh_from_db()
    score.review_remark = "缺少批复"
    score.save()
    mark(sheet, "finalised")
    text = html("assessment_sheet", sheet)
    assert "缺少批复" in text and "Given when the results are published" in text
    results_publish(rubric, federation_admin)
    text = html("assessment_sheet", sheet)
    assert "Up to standard (达标单位)" in text and "rank 1 among Enterprise units" in text
    assert registry.get("assessment_sheet").filename(sheet, {}) == f"甲公司工会 {rubric.year} assessment sheet.pdf"


def test_the_sheet_context_does_not_depend_on_who_asks(sheet_a):
    assert "request" not in sheet_context(sheet_a, {}) and "user" not in sheet_context(sheet_a, {})


def test_the_summary_is_provisional_until_published(rubric, county, federation_admin):
    _final(rubric, county.a)
    _final(rubric, county.b, "0.8")
    obj = RubricResults.objects.get(pk=rubric.pk)
    text = html("assessment_summary", obj)
    assert "Provisional" in text and "甲公司工会" in text and "乙学校工会" in text
    results_publish(rubric, federation_admin)
    text = html("assessment_summary", RubricResults.objects.get(pk=rubric.pk))
    assert "Provisional" not in text and "1 of 2 units assessed are up to standard or exemplary" in text


def test_units_may_ask_for_the_summary_only_after_publication(client, rubric, county, officer_a, federation_admin,
                                                               monkeypatch):
    from unionadmin import jobs

    monkeypatch.setattr(jobs, "send", lambda *args, **kwargs: None)  # no broker needed
    _final(rubric, county.a)
    client.force_login(officer_a)
    url = reverse("documents:request")
    assert client.post(url, {"kind": "assessment_summary", "pk": rubric.pk}).status_code == 404
    sheet = rubric.sheets.get()
    assert client.post(url, {"kind": "assessment_sheet", "pk": sheet.pk}).status_code == 302
    results_publish(rubric, federation_admin)
    assert client.post(url, {"kind": "assessment_summary", "pk": rubric.pk}).status_code == 302
    client.force_login(federation_admin)
    assert client.post(url, {"kind": "assessment_sheet", "pk": sheet.pk}).status_code == 302


def _sheets(content):
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_the_rubric_export_has_everything_neutralises_formulas_and_is_audited(english, rubric, county, reviewer):
    client = english
    sheet = _final(rubric, county.a)
    score = first_score(sheet)
    score.self_note = "=HYPERLINK(\"http://evil\")"
    score.save()
    client.force_login(reviewer)
    response = client.get(reverse("assessment:rubric_export", args=[rubric.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = _sheets(response.content)
    assert list(sheets) == ["Results", "Sheets", "Scores", "Rubric", "Evidence"]
    scores = sheets["Scores"]
    assert len(scores) == 1 + sheet.scores.count()
    assert sheets["Results"][1][:3] == ["Enterprise", 1.0, "甲公司工会"]
    assert any(cell == "'=HYPERLINK(\"http://evil\")" for row in scores for cell in row)
    event = AuditEvent.objects.get(verb="export")
    assert event.actor == reviewer and event.data["scores"] == sheet.scores.count() and event.data["results"] == 1


def test_a_unit_exports_its_own_sheet_without_unsent_review(client, rubric, county, officer_a):
    sheet = fill(build_sheet(rubric, county.a), default="1")
    mark(sheet, "submitted")
    score = first_score(sheet)
    score.reviewed_points, score.review_remark = D("1"), "内部意见"
    score.save()
    client.force_login(officer_a)
    response = client.get(reverse("assessment:sheet_export", args=[sheet.pk]))
    assert response.status_code == 200
    cells = [c for rows in _sheets(response.content).values() for row in rows for c in row]
    assert "内部意见" not in cells
    assert AuditEvent.objects.filter(verb="export", actor=officer_a).exists()
