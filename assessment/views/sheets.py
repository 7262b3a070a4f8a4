"""The unit's self-assessment page: every item with its score, the measured proposal and the
data behind it, evidence, saved item by item with htmx; submitting; appealing; downloads."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, View
from django.views.generic.detail import SingleObjectMixin

from unionadmin.models import AuditEvent
from unionadmin.scoping import user_can
from unionadmin.views.files import UploadedFileView
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import MSG_STEP_NOT_POSSIBLE, ObjectActionView

from .. import evidence_files, grading
from ..forms import evidence_help
from ..measuring import proposals_for_unit
from ..models import Evidence, ItemReview, ItemScore, Result, UnitAssessment
from ..models.rubrics import end_of_day
from ..outline import outline
from ..services import AssessmentError
from ..services import sheets as services
from .base import htmx_response

SHEET_CHANGED = "sheetChanged"


def sheet_url(sheet, anchor=""):
    return reverse("assessment:sheet_detail", args=[sheet.pk]) + (f"#{anchor}" if anchor else "")


@dataclass
class Totals:
    standard: Decimal
    bonus: Decimal
    deductions: Decimal
    vetoed: bool
    total: Decimal
    grade: str
    scored: int
    to_score: int


def totals(scores, version, *, reviewed: bool) -> Totals:
    sums = {"standard": Decimal(0), "bonus": Decimal(0), "deduction": Decimal(0)}
    vetoed, scored, to_score = False, 0, 0
    for score in scores:
        if score.kind == "veto":
            value = score.reviewed_vetoed if reviewed and score.reviewed_vetoed is not None else score.self_vetoed
            vetoed = vetoed or bool(value)
            continue
        points = score.reviewed_points if reviewed and score.reviewed_points is not None else score.self_points
        if score.kind == "standard":
            to_score += 1
            scored += score.self_points is not None
        sums[score.kind] += points or 0
    total = grading.sheet_total(sums["standard"], sums["bonus"], sums["deduction"], version.bonus_cap)
    grade = grading.grade_for(total, vetoed=vetoed, standard=version.standard_threshold,
                              exemplary=version.exemplary_threshold)
    return Totals(grading.q2(sums["standard"]), grading.q2(sums["bonus"]), grading.q2(sums["deduction"]), vetoed,
                  total, grade, scored, to_score)


class SheetView:
    """Everything the sheet's pages and partials show, read in a fixed number of queries."""

    def __init__(self, sheet: UnitAssessment, user, *, proposals: bool = True, steps: bool = False):
        self.sheet, self.user = sheet, user
        self.version = sheet.version
        scores = sheet.scores.select_related("item", "appeal", "reviewed_by", "saved_by").prefetch_related("evidence")
        if steps:  # the reviewers' page lists each item's review steps
            scores = scores.prefetch_related(Prefetch("reviews", queryset=ItemReview.objects.select_related("reviewer")))
        self.scores = list(scores)
        self.layout = outline(list(self.version.areas.all()), [s.item for s in self.scores])
        for score in self.scores:
            score.item.score = score
        self.allowed = sheet.allowed_actions(user)
        self.can_score = user_can(user, "score", sheet)
        self.can_review = user_can(user, "review", sheet)
        self.is_open = sheet.is_open_for_changes
        self.editing = "score" in self.allowed
        self.review_visible = sheet.review_visible or self.can_review
        self.proposals = {}
        if proposals:
            measured = [s.item for s in self.scores if s.item.indicator_code]
            if measured:
                self.proposals = proposals_for_unit(measured, sheet.unit, sheet.rubric.year)
        for item_id, proposal in self.proposals.items():
            next(s for s in self.scores if s.item_id == item_id).item.proposal = proposal

    def item(self, item_id):
        return next(s.item for s in self.scores if s.item_id == item_id)

    def context(self) -> dict:
        return {
            "sheet": self.sheet, "rubric": self.sheet.rubric, "version": self.version, "layout": self.layout,
            "can_score": self.can_score, "can_review": self.can_review, "is_open": self.is_open,
            "editing": self.editing, "review_visible": self.review_visible, "allowed": self.allowed,
            "self_totals": totals(self.scores, self.version, reviewed=False),
            "reviewed_totals": totals(self.scores, self.version, reviewed=True) if self.review_visible else None,
            "deadline": self.sheet.effective_deadline(), "deadline_end": end_of_day(self.sheet.effective_deadline()),
            "evidence_accept": evidence_files.ACCEPT, "evidence_help": evidence_help(),
            "evidence_max_mb": evidence_files.MAX_MB,
            "problems": services.sheet_problems(self.sheet) if self.editing else [],
        }


def ensure_step(request, obj, step: str):
    """The htmx views' guard: the same ``allowed_actions`` that decided what the page shows
    (a stale page posting a step no longer possible gets the view family's message)."""
    if step not in obj.allowed_actions(request.user):
        raise AssessmentError(MSG_STEP_NOT_POSSIBLE)


def _sheet_queryset(queryset):
    return queryset.select_related("rubric__federation", "version", "unit")


class SheetDetailView(ScopedObjectMixin, DetailView):
    model = UnitAssessment
    template_name = "assessment/sheet_detail.html"
    context_object_name = "sheet"

    def optimise(self, queryset):
        return _sheet_queryset(queryset)

    def get_context_data(self, **kwargs):
        sheet = self.object
        view = SheetView(sheet, self.request.user)
        context = view.context()
        context["events"] = list(sheet.events.select_related("actor"))
        context["last_return"] = next((e for e in reversed(context["events"]) if e.verb == "returned"), None)
        context["can_manage"] = user_can(self.request.user, "manage", sheet)
        if sheet.rubric.results_published:
            context["result"] = Result.objects.filter(assessment=sheet).first()
        return super().get_context_data(**context, **kwargs)


class SheetTotalsView(ScopedObjectMixin, DetailView):
    """The totals box, refreshed after each saved item."""

    model = UnitAssessment
    template_name = "assessment/_sheet_totals.html"
    context_object_name = "sheet"

    def optimise(self, queryset):
        return _sheet_queryset(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**SheetView(self.object, self.request.user, proposals=False).context(),
                                        **kwargs)


def _sheet_of(score: ItemScore) -> UnitAssessment:
    return UnitAssessment.objects.select_related("rubric__federation", "version", "unit").get(pk=score.assessment_id)


def item_card(request, score: ItemScore, *, error: str = "", saved: bool = False, status=200):
    """The item's whole card (its score form, proposal, evidence), e.g. after taking the proposal."""
    view = SheetView(_sheet_of(score), request.user)
    context = view.context()
    context.update(item=view.item(score.item_id), error=error, saved=saved)
    return htmx_response(request, "assessment/_score_item.html", context,
                         trigger=SHEET_CHANGED if saved else None, status=status)


def save_status(request, score: ItemScore, *, error: str = ""):
    """After saving as you go: only the item's status line changes, so what the person is
    typing elsewhere in the card stays as it is."""
    score.refresh_from_db()
    return htmx_response(request, "assessment/_save_status.html", {"score": score, "error": error},
                         trigger=None if error else SHEET_CHANGED)


def evidence_block(request, score: ItemScore, *, error: str = ""):
    sheet = _sheet_of(score)
    score = ItemScore.objects.select_related("item").prefetch_related("evidence").get(pk=score.pk)
    context = {"score": score, "item": score.item, "sheet": sheet, "error": error,
               "editing": "score" in sheet.allowed_actions(request.user),
               "evidence_accept": evidence_files.ACCEPT, "evidence_help": evidence_help()}
    return htmx_response(request, "assessment/_evidence.html", context, trigger=None if error else SHEET_CHANGED)


class ScoreView(ScopedObjectMixin, DetailView):
    """GET: the item's card; POST: save the unit's points (or "applies" for a veto item) and
    note, or take the measured proposal (``use_proposal``). With htmx the answer is the
    item's status line (``fragment=status``) or its whole card."""

    model = ItemScore
    scope_action = "score"

    def get(self, request, *args, **kwargs):
        score = self.get_object()
        if not request.htmx:
            return redirect(sheet_url(score.assessment, f"item-{score.item_id}"))
        return item_card(request, score)

    def post(self, request, *args, **kwargs):
        score = self.get_object()
        card = request.POST.get("fragment") != "status"
        try:
            ensure_step(request, score, "score")
            services.score_save(score, request.user, points=request.POST.get("points"),
                                vetoed=request.POST.get("vetoed") in ("on", "true", "1"),
                                note=request.POST.get("note", ""),
                                use_proposal=request.POST.get("use_proposal") in ("on", "true", "1"))
        except AssessmentError as error:
            if request.htmx:
                return item_card(request, score, error=error.message) if card else \
                    save_status(request, score, error=error.message)
            messages.error(request, error.message)
        else:
            if request.htmx:
                return item_card(request, score, saved=True) if card else save_status(request, score)
            messages.success(request, _("Saved."))
        return redirect(sheet_url(score.assessment, f"item-{score.item_id}"))


class EvidenceUploadView(ScopedObjectMixin, SingleObjectMixin, View):
    model = ItemScore
    scope_action = "score"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        score = self.get_object()
        upload = request.FILES.get("file")
        error = ""
        if upload is None:
            error = _("Choose a file to upload.")
        else:
            try:
                ensure_step(request, score, "score")
                services.evidence_add(score, request.user, upload)
            except AssessmentError as exc:
                error = exc.message
        if request.htmx:
            return evidence_block(request, score, error=error)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The evidence was uploaded."))
        return redirect(sheet_url(score.assessment, f"item-{score.item_id}"))


# --- views a unit's sheet and a person's sheet (views/people.py) share ---------------------------
class EvidenceFileView(UploadedFileView):
    """An evidence file (``Evidence`` or ``PersonEvidence``), to whoever may see it; each
    download is logged against ``organisation(evidence)``, the union whose sheet it backs."""

    def download_name(self, evidence):
        return evidence.file_name

    def kind(self, evidence):
        return evidence.content_kind

    def organisation(self, evidence):
        raise NotImplementedError

    def downloaded(self, evidence):
        AuditEvent.record(actor=self.request.user, verb=AuditEvent.Verb.DOWNLOAD,
                          organisation=self.organisation(evidence), target=evidence, detail=evidence.file_name)


class RemoveView(ObjectActionView):
    """A row taken away through its service: ``remove(obj, user)`` (a ``staticmethod``) refuses
    with an ``AssessmentError`` what the state no longer allows; ``removed_message`` follows."""

    removed_message = ""

    @staticmethod
    def remove(obj, user):
        raise NotImplementedError

    def act(self, obj):
        self.remove(obj, self.request.user)
        return self.removed_message


class EvidenceRemoveView(RemoveView):
    """A wrong evidence file taken off an item while its sheet is filled in; back at the item
    (``item_url(score)``)."""

    scope_action = "score"
    removed_message = gettext_lazy("The evidence was removed.")

    def act(self, evidence):
        self.score = evidence.score
        return super().act(evidence)

    def item_url(self, score):
        raise NotImplementedError

    def get_success_url(self):
        return self.item_url(self.object.score)


class EvidenceDownloadView(EvidenceFileView):
    """The file, to whoever may see the sheet it belongs to; each download is logged."""

    model = Evidence

    def optimise(self, queryset):
        return queryset.select_related("score__assessment__unit")

    def organisation(self, evidence):
        return evidence.score.assessment.unit


class EvidenceDeleteView(EvidenceRemoveView):
    """With htmx the answer is the item's evidence block; a refusal comes back as a message."""

    model = Evidence
    step = "score"
    remove = staticmethod(services.evidence_delete)

    def act(self, evidence):
        message = super().act(evidence)
        self.deleted = True
        return None if self.request.htmx else message

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if request.htmx and getattr(self, "deleted", False):
            return evidence_block(request, self.score)
        return response

    def item_url(self, score):
        return sheet_url(score.assessment, f"item-{score.item_id}")


class SheetSubmitView(ObjectActionView):
    model = UnitAssessment
    scope_action = "score"
    step = "submit"

    def act(self, sheet):
        services.assessment_submit(sheet, self.request.user)
        return _("The sheet was submitted to the federation for review.")

    def get_success_url(self):
        return sheet_url(self.object)


class AppealCreateView(ObjectActionView):
    model = ItemScore
    scope_action = "score"
    step = "appeal"

    def act(self, score):
        services.appeal_create(score, self.request.user, reason=self.request.POST.get("reason", ""))
        return _("Your appeal was sent to the federation.")

    def get_success_url(self):
        return sheet_url(self.object.assessment, f"item-{self.object.item_id}")
