"""The assessment's index page and its two home-page panels: a unit's sheets due, and the
sheets waiting for a reviewer."""
from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from django.views.generic import ListView

from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where, subtree_q
from unionadmin.views.mixins import ScopedObjectMixin

from ..models import Appeal, Rubric, UnitAssessment
from ..models.rubrics import end_of_day


def sheets_due(user, *, limit=10) -> list[dict]:
    """Per unit the user fills in sheets for (where the sheets' rules let them score), the
    published rubrics above it whose results are not out yet, with the sheet's state and its
    deadline (four queries)."""
    paths = UnitAssessment.scope.organisation_paths(user, "score")
    if not paths and not user.is_superuser:
        return []
    rubrics = list(Rubric.objects.visible_to(user).filter(current_version__isnull=False,
                                                          results_published_at__isnull=True)
                   .select_related("current_version", "federation").order_by("deadline")[:20])
    if not rubrics:
        return []
    units = list(Organisation.objects.grassroots().filter(is_active=True).filter(subtree_q(paths, "path"))
                 .only("pk", "name", "path", "category")[:200]) if paths else []
    sheets = {(s.rubric_id, s.unit_id): s for s in UnitAssessment.objects.filter(
        rubric__in=rubrics, unit__in=units).select_related("rubric")}
    entries = []
    for rubric in rubrics:
        for unit in units:
            if unit.path.startswith(rubric.federation.path) and unit.category in rubric.current_version.categories:
                sheet = sheets.get((rubric.pk, unit.pk))
                if sheet is not None and not sheet.is_editable:
                    continue
                deadline = sheet.effective_deadline() if sheet else rubric.deadline
                entries.append({"rubric": rubric, "unit": unit, "sheet": sheet, "deadline": deadline,
                                "overdue": timezone.now() >= end_of_day(deadline),
                                "open": sheet.is_open_for_changes if sheet else timezone.now() < end_of_day(deadline),
                                "returned": sheet is not None and sheet.is_returned})
    entries.sort(key=lambda e: (e["deadline"], e["unit"].path))
    return entries[:limit]


def unit_panel(request):
    return {"entries": sheets_due(request.user)}


def review_panel(request):
    user = request.user
    sheets = UnitAssessment.objects.visible_to(user, "review")
    waiting = sheets.filter(state=UnitAssessment.State.SUBMITTED).count()
    appeals = Appeal.objects.visible_to(user, "review").filter(outcome=Appeal.Outcome.OPEN).count()
    return {"waiting": waiting, "appeals": appeals}


class IndexView(ScopedObjectMixin, ListView):
    """The rubrics the user can read (their federation's, or those above their unit) and the
    sheets the user fills in."""

    model = Rubric
    template_name = "assessment/index.html"
    context_object_name = "rubrics"
    paginate_by = 30

    def optimise(self, queryset):
        sheet_counts = {f"n_{state}": Count("sheets", filter=Q(sheets__state=state))
                        for state in UnitAssessment.State.values}
        return (queryset.select_related("federation", "current_version")
                .annotate(n_sheets=Count("sheets"), **sheet_counts).order_by("-year", "federation__path"))

    def get_context_data(self, **kwargs):
        user = self.request.user
        review_ids = set(Rubric.objects.visible_to(user, "review").values_list("pk", flat=True))
        context = super().get_context_data(**kwargs)
        for rubric in context["rubrics"]:
            rubric.federation_side = rubric.pk in review_ids
        context.update(
            can_create=organisations_where(user, Rubric, "change").filter(
                level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY]).exists(),
            due=sheets_due(user, limit=50),
            my_sheets=list(UnitAssessment.objects.visible_to(user, "score").select_related("rubric", "unit")
                           .order_by("-rubric__year", "unit__path")[:50]),
            can_review=bool(review_ids),
        )
        return context
