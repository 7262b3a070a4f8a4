"""The reviewers' pages: the queue of sheets awaiting review, the sheets of one rubric, the
review page of one sheet (item by item with htmx), and its actions."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from unionadmin.models import Organisation
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView

from .. import grading
from ..filters import SheetRowFilter
from ..forms import ReopenForm, ReturnForm
from ..models import Appeal, ItemScore, Rubric, UnitAssessment
from ..services import AssessmentError
from ..services import review as services
from ..services.results import sheet_sums
from ..services.sheets import eligible_units
from .base import htmx_response
from .sheets import SHEET_CHANGED, SheetView, ensure_step


def review_url(sheet, anchor=""):
    return reverse("assessment:sheet_review", args=[sheet.pk]) + (f"#{anchor}" if anchor else "")


class ReviewQueueView(ScopedObjectMixin, ListView):
    """Sheets waiting for a reviewer: submitted ones, and reviewed ones with an open appeal."""

    model = UnitAssessment
    scope_action = "review"
    template_name = "assessment/review_queue.html"
    context_object_name = "sheets"
    paginate_by = 100

    def optimise(self, queryset):
        open_appeals = Count("scores__appeal", filter=Q(scores__appeal__outcome=Appeal.Outcome.OPEN))
        return (queryset.filter(state__in=[UnitAssessment.State.SUBMITTED, UnitAssessment.State.REVIEWED])
                .select_related("rubric", "unit").annotate(open_appeals=open_appeals)
                .filter(Q(state=UnitAssessment.State.SUBMITTED) | Q(open_appeals__gt=0))
                .order_by("submitted_at", "pk"))


class SheetListView(ScopedObjectMixin, DetailView):
    """Every unit the rubric assesses, with its sheet's state and totals so far."""

    model = Rubric
    scope_action = "review"
    template_name = "assessment/sheet_list.html"
    context_object_name = "rubric"

    def optimise(self, queryset):
        return queryset.select_related("federation", "current_version")

    def get_context_data(self, **kwargs):
        rubric = self.object
        version = rubric.current_version
        eligible = eligible_units(rubric)
        filterset = SheetRowFilter(self.request.GET or None, queryset=eligible, rubric=rubric)
        units = list(eligible.values("pk", "name", "path", "category")) if version else []
        shown = set(filterset.result.values_list("pk", flat=True)) if version and filterset.is_bound else None
        sheets = UnitAssessment.objects.filter(rubric=rubric)
        self_sums = {row["unit_id"]: row for row in sheet_sums(sheets, reviewed=False)}
        reviewed_sums = {row["unit_id"]: row for row in sheet_sums(sheets, reviewed=True)}
        appeals = dict(Appeal.objects.filter(score__assessment__rubric=rubric, outcome=Appeal.Outcome.OPEN)
                       .values_list("score__assessment__unit_id").annotate(n=Count("pk")))
        rows = []
        for unit in units:
            mine, theirs = self_sums.get(unit["pk"]), reviewed_sums.get(unit["pk"])
            row = {"unit": unit, "sheet": mine, "state": mine["state"] if mine else "none",
                   "open_appeals": appeals.get(unit["pk"], 0)}
            if mine:
                row["self_total"] = grading.sheet_total(mine["standard"], mine["bonus"], mine["deduction"],
                                                        version.bonus_cap)
                if mine["state"] != UnitAssessment.State.DRAFT:
                    row["reviewed_total"] = grading.sheet_total(theirs["standard"], theirs["bonus"],
                                                                theirs["deduction"], version.bonus_cap)
                row["vetoed"] = bool(theirs["vetoes"] or mine["vetoes"])
            if shown is None or unit["pk"] in shown:
                rows.append(row)
        states = dict(UnitAssessment.State.choices, none=_("Not started"))
        categories = dict(Organisation.Category.choices)
        for row in rows:
            row["state_label"] = states[row["state"]]
            row["category_label"] = categories.get(row["unit"]["category"], "")
        counts = {}
        for unit in units:
            s = self_sums.get(unit["pk"])
            key = s["state"] if s else "none"
            counts[key] = counts.get(key, 0) + 1
        return super().get_context_data(rows=rows, filter_form=filterset.form, counts=[(states[k], n) for k, n in counts.items()],
                                        **kwargs)


class SheetReviewView(ScopedObjectMixin, DetailView):
    model = UnitAssessment
    scope_action = "review"
    template_name = "assessment/sheet_review.html"
    context_object_name = "sheet"

    def optimise(self, queryset):
        return queryset.select_related("rubric__federation", "version", "unit")

    def get_context_data(self, **kwargs):
        sheet, user = self.object, self.request.user
        context = SheetView(sheet, user, steps=True).context()
        context.update(
            events=list(sheet.events.select_related("actor")),
            own_unit=sheet.is_own_unit_of(user),
            return_form=ReturnForm(),
            reopen_form=ReopenForm() if "reopen" in context["allowed"] else None,
            open_appeals=Appeal.objects.filter(score__assessment=sheet, outcome=Appeal.Outcome.OPEN).count(),
        )
        return super().get_context_data(**context, **kwargs)


def review_card(request, score: ItemScore, *, error="", saved=False):
    sheet = UnitAssessment.objects.select_related("rubric__federation", "version", "unit").get(pk=score.assessment_id)
    view = SheetView(sheet, request.user, steps=True)
    context = view.context()
    context.update(item=view.item(score.item_id), error=error, saved=saved)
    return htmx_response(request, "assessment/_review_item.html", context, trigger=SHEET_CHANGED if saved else None)


def review_status(request, score: ItemScore, *, error=""):
    score.refresh_from_db()
    return htmx_response(request, "assessment/_review_status.html", {"score": score, "error": error},
                         trigger=None if error else SHEET_CHANGED)


class ItemReviewView(ScopedObjectMixin, DetailView):
    """GET: the item's review card; POST: the reviewed points (or "applies") and remark."""

    model = ItemScore
    scope_action = "review"

    def get(self, request, *args, **kwargs):
        score = self.get_object()
        if not request.htmx:
            return redirect(review_url(score.assessment, f"item-{score.item_id}"))
        return review_card(request, score)

    def post(self, request, *args, **kwargs):
        score = self.get_object()
        card = request.POST.get("fragment") != "status"
        try:
            ensure_step(request, score, "review")
            services.item_review(score, request.user, points=request.POST.get("points"),
                                 vetoed=request.POST.get("vetoed") in ("on", "true", "1"),
                                 remark=request.POST.get("remark", ""))
        except AssessmentError as error:
            if request.htmx:
                return review_card(request, score, error=error.message) if card else \
                    review_status(request, score, error=error.message)
            messages.error(request, error.message)
        else:
            if request.htmx:
                return review_card(request, score, saved=True) if card else review_status(request, score)
            messages.success(request, _("Saved."))
        return redirect(review_url(score.assessment, f"item-{score.item_id}"))


class _SheetAction(ObjectActionView):
    model = UnitAssessment
    scope_action = "review"

    def get_success_url(self):
        return review_url(self.object)


class SheetReturnView(_SheetAction):
    step = "return"

    def act(self, sheet):
        form = ReturnForm(self.request.POST)
        if not form.is_valid():
            raise AssessmentError(_("Give the reasons: the unit reads them to know what to correct."))
        services.assessment_return(sheet, self.request.user, reasons=form.cleaned_data["reasons"],
                                   until=form.cleaned_data.get("until"))
        return _("The sheet was returned to %(unit)s.") % {"unit": sheet.unit.name}


class SheetReleaseView(_SheetAction):
    step = "release"

    def act(self, sheet):
        services.assessment_release(sheet, self.request.user)
        return _("The review was sent to %(unit)s; it may appeal changed items for %(days)s days.") \
            % {"unit": sheet.unit.name, "days": sheet.rubric.appeal_days}


class SheetFinaliseView(_SheetAction):
    step = "finalise"

    def act(self, sheet):
        services.assessment_finalise(sheet, self.request.user)
        return _("The sheet of %(unit)s is final.") % {"unit": sheet.unit.name}


class SheetReopenView(_SheetAction):
    scope_action = "manage"
    step = "reopen"

    def act(self, sheet):
        form = ReopenForm(self.request.POST)
        if not form.is_valid():
            raise AssessmentError(" ".join(e for errors in form.errors.values() for e in errors))
        services.assessment_reopen(sheet, self.request.user, until=form.cleaned_data["until"],
                                   reason=form.cleaned_data["reason"])
        return _("%(unit)s may change and submit its sheet until %(date)s.") \
            % {"unit": sheet.unit.name, "date": form.cleaned_data["until"].isoformat()}


class AppealAnswerView(ObjectActionView):
    model = Appeal
    scope_action = "review"
    step = "answer_appeal"

    def act(self, appeal):
        post = self.request.POST
        services.appeal_answer(appeal, self.request.user, answer=post.get("answer", ""), points=post.get("points"),
                               vetoed=(post.get("vetoed") in ("on", "true", "1")) if "vetoed_shown" in post else None)
        return _("The appeal was answered.")

    def get_success_url(self):
        return review_url(self.object.score.assessment, f"item-{self.object.score.item_id}")
