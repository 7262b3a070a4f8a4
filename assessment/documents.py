"""The assessment's documents in the PDF pipeline (unionadmin.documents):

* ``assessment_sheet``: a unit's score sheet — every item with its maximum, the unit's own
  points, the reviewed points and remarks (once the review has been sent to the unit), the
  totals, and the grade and rank once the results are published;
* ``assessment_summary``: the federation's summary by category — thresholds, counts per
  grade, the score bands and each category's ranking; marked provisional until published.

What a document shows depends only on the record's state, never on who asks for it.
"""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Result, RubricResults, UnitAssessment
from .outline import outline
from .services import results as results_service


def sheet_context(sheet: UnitAssessment, options: dict) -> dict:
    from .views.sheets import totals

    sheet = UnitAssessment.objects.select_related("rubric__federation", "version", "unit").get(pk=sheet.pk)
    scores = list(sheet.scores.select_related("item").prefetch_related("evidence"))
    layout = outline(list(sheet.version.areas.all()), [s.item for s in scores])
    for score in scores:
        score.item.score = score
    review_visible = sheet.review_visible
    result = Result.objects.filter(assessment=sheet).first() if sheet.rubric.results_published else None
    return {
        "sheet": sheet, "rubric": sheet.rubric, "version": sheet.version, "unit": sheet.unit, "layout": layout,
        "review_visible": review_visible,
        "self_totals": totals(scores, sheet.version, reviewed=False),
        "reviewed_totals": totals(scores, sheet.version, reviewed=True) if review_visible else None,
        "result": result, "result_grade": dict(Result.Grade.choices).get(result.grade) if result else "",
        "events": list(sheet.events.select_related("actor")),
        "today": timezone.localdate(),
    }


def sheet_filename(sheet: UnitAssessment, options: dict) -> str:
    return gettext("%(unit)s %(year)s assessment sheet") % {"unit": sheet.unit.name, "year": sheet.rubric.year} \
        + ".pdf"


def summary_context(rubric: RubricResults, options: dict) -> dict:
    rubric = RubricResults.objects.select_related("federation", "current_version").get(pk=rubric.pk)
    version = rubric.current_version
    rows = results_service.results_for(rubric) if version else []
    summaries = results_service.by_category(rows, version.categories) if version else []
    return {
        "rubric": rubric, "version": version, "summaries": summaries,
        "bands": results_service.distribution(rows, version) if version else [],
        "total": len(rows), "graded": sum(1 for r in rows if r.grade),
        "provisional": not rubric.results_published,
        "not_final": rubric.sheets.exclude(state__in=[UnitAssessment.State.FINALISED,
                                                      UnitAssessment.State.DRAFT]).count(),
        "today": timezone.localdate(),
    }


def summary_filename(rubric, options: dict) -> str:
    return gettext("%(title)s results summary") % {"title": rubric.title} + ".pdf"


def register():
    from unionadmin.documents.kinds import DocumentKind, registry

    registry.register(DocumentKind(
        code="assessment_sheet", label=_("Assessment score sheet"), model=UnitAssessment,
        template="assessment/pdf/sheet.html", context=sheet_context, filename=sheet_filename,
        organisation=lambda sheet: sheet.unit,
    ))
    registry.register(DocumentKind(
        code="assessment_summary", label=_("Assessment results by category"), model=RubricResults,
        template="assessment/pdf/summary.html", context=summary_context, filename=summary_filename,
        organisation=lambda rubric: rubric.federation,
    ))
