"""Results: the ranking within each category with the distribution charts, publication, and
the XLSX exports (a whole rubric for the federation, one sheet for its unit)."""
from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView

from unionadmin.models import AuditEvent
from unionadmin.pagination import Paginator
from unionadmin.scoping import user_can
from unionadmin.views.mixins import PRINT_MAX_ROWS, ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView

from .. import exports, grading
from ..models import Rubric, UnitAssessment
from ..services import results as services

RANKING_PAGE = 100  # rows of the ranking a page shows; the summaries and the distribution count every unit


def chart_data(summaries, bands) -> dict:
    """What the two charts draw (the tables beside them show the same numbers)."""
    return {
        "categories": [s.label for s in summaries],
        "grades": {
            "exemplary": [s.counts["exemplary"] for s in summaries],
            "standard": [s.counts["standard"] for s in summaries],
            "none": [s.counts[""] for s in summaries],
            "vetoed": [s.counts["vetoed"] for s in summaries],
        },
        "grade_labels": {"exemplary": _("Exemplary"), "standard": _("Up to standard"),
                         "none": _("Not up to standard"), "vetoed": _("Vetoed")},
        "bands": [b["label"] for b in bands],
        "band_counts": [b["count"] for b in bands],
        "band_label": _("Units"),
    }


class ResultsView(ScopedObjectMixin, DetailView):
    """Federation reviewers see the results as they stand; everyone else who can read the
    rubric sees the ranking once it is published. The summaries and the distribution are of
    every unit; the ranking (by category, then rank) is shown a page at a time, a unit's own
    people opening at their unit's page (a province ranks ten thousand units)."""

    model = Rubric
    template_name = "assessment/results.html"
    context_object_name = "rubric"

    def optimise(self, queryset):
        return queryset.select_related("federation", "current_version", "results_published_by")

    def get_context_data(self, **kwargs):
        rubric, user = self.object, self.request.user
        can_review = user_can(user, "review", rubric)
        context = {"can_review": can_review, "can_change": can_review and "publish_results" in rubric.allowed_actions(user),
                   "version": rubric.current_version}
        if rubric.current_version is None or (not rubric.results_published and not can_review):
            context["not_yet"] = True
            return super().get_context_data(**context, **kwargs)
        # A unit's own row links to its sheet: the sheets this person may open.
        own_sheets = set() if can_review else set(
            UnitAssessment.objects.visible_to(user).filter(rubric=rubric).values_list("pk", flat=True))
        per_page = PRINT_MAX_ROWS if self.printing_all() else RANKING_PAGE
        page = self.request.GET.get("page")
        if rubric.results_published:
            page_obj, summaries, bands = self.published(rubric, own_sheets, per_page, page)
        else:
            page_obj, summaries, bands = self.live(rubric, own_sheets, per_page, page)
        # Links built once and filled in per row (reversing a thousand URLs costs more than the query).
        review_url = reverse("assessment:sheet_review", args=[0]).replace("/0/", "/{}/")
        sheet_url = reverse("assessment:sheet_detail", args=[0]).replace("/0/", "/{}/")
        for row in page_obj.object_list:
            row.own = row.sheet_id in own_sheets
            row.url = review_url.format(row.sheet_id) if can_review else \
                sheet_url.format(row.sheet_id) if row.own else ""
        # Each category's rows on this page; a category with no final sheet is said so on the first page.
        on_page = {}
        for row in page_obj.object_list:
            on_page.setdefault(row.category, []).append(row)
        rankings = [(s, on_page.get(s.category, [])) for s in summaries
                    if s.category in on_page or (not s.units and page_obj.number == 1)]
        context.update(summaries=summaries, bands=bands, chart=chart_data(summaries, bands),
                       graded=sum(s.counts[grading.EXEMPLARY] + s.counts[grading.STANDARD] for s in summaries),
                       total=sum(s.units for s in summaries), rankings=rankings,
                       page_obj=page_obj, paginator=page_obj.paginator)
        if can_review and not rubric.results_published:
            context["pending"] = rubric.sheets.exclude(state=UnitAssessment.State.FINALISED).exclude(
                state=UnitAssessment.State.DRAFT).count()
        return super().get_context_data(**context, **kwargs)

    @staticmethod
    def live(rubric, own_sheets, per_page, page):
        """The results as they stand, graded and ranked in Python (before publication)."""
        rows = services.live_results(rubric)
        paginator = Paginator(rows, per_page)
        if page is None and own_sheets:  # a unit's people open the ranking where their unit stands
            page = next((n // per_page + 1 for n, row in enumerate(rows) if row.sheet_id in own_sheets), 1)
        version = rubric.current_version
        return (paginator.get_page(page), services.by_category(rows, version.categories),
                services.distribution(rows, version))

    @staticmethod
    def published(rubric, own_sheets, per_page, page):
        """The published results read as the page shows them: the summaries and the bands
        counted in the database, one page of the ranking read (LIMIT/OFFSET), a unit's own
        page found by its position in the ranking order."""
        version = rubric.current_version
        summaries = services.published_by_category(rubric, version.categories)
        if page is None and own_sheets:  # a unit's people open the ranking where their unit stands
            position = services.published_position(rubric, own_sheets)
            page = 1 if position is None else position // per_page + 1
        paginator = Paginator(services.published_ranking(rubric), per_page,
                              known_count=sum(s.units for s in summaries))
        page_obj = paginator.get_page(page)
        page_obj.object_list = [services.published_row(r) for r in page_obj.object_list]
        return page_obj, summaries, services.published_distribution(rubric, version)


class ResultsPublishView(ObjectActionView):
    model = Rubric
    scope_action = "change"
    step = "publish_results"

    def act(self, rubric):
        count = services.results_publish(rubric, self.request.user)
        return ngettext(
            "The results of %(count)s unit were published; the units can now see the ranking.",
            "The results of %(count)s units were published; the units can now see the ranking.", count) \
            % {"count": count}

    def get_success_url(self):
        return reverse("assessment:results", args=[self.object.pk])


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


class RubricExportView(ScopedObjectMixin, DetailView):
    """Everything of a rubric as XLSX: results, sheets, every score, the rubric, evidence."""

    model = Rubric
    scope_action = "review"

    def optimise(self, queryset):
        return queryset.select_related("federation", "current_version")

    def get(self, request, *args, **kwargs):
        rubric = self.get_object()
        content, counts = exports.rubric_workbook(rubric)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=rubric.federation,
                          target=rubric, detail=_("Assessment: %(title)s (XLSX)") % {"title": rubric.title},
                          **counts)
        return xlsx_response(content, _("%(title)s.xlsx") % {"title": rubric.title})


class SheetExportView(ScopedObjectMixin, DetailView):
    """One unit's sheet as XLSX, for whoever may see it (reviewed values once the unit may)."""

    model = UnitAssessment

    def optimise(self, queryset):
        return queryset.select_related("rubric__federation", "rubric__current_version", "unit", "version")

    def get(self, request, *args, **kwargs):
        sheet = self.get_object()
        reviewed = sheet.review_visible or user_can(request.user, "review", sheet)
        content, counts = exports.sheet_workbook(sheet, reviewed=reviewed)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=sheet.unit, target=sheet,
                          detail=_("Self-assessment of %(unit)s (XLSX)") % {"unit": sheet.unit.name}, **counts)
        return xlsx_response(content, _("%(unit)s %(year)s self-assessment.xlsx")
                             % {"unit": sheet.unit.name, "year": sheet.rubric.year})
