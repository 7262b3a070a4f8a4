"""Pages of assessing people: the union's list, a rubric with its items and sheets, one
person's sheet (self-scores with evidence, then review), the ranking and its XLSX export.
Every object comes through the scoping mixin; the rules are in ``assessment.people``."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView, FormView, ListView

from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.models import AuditEvent
from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from .. import people as services
from .. import people_exports
from ..models import PeopleItem, PeopleRubric, PersonEvidence, PersonScore, PersonSheet
from ..people_forms import EvidenceForm, PeopleItemForm, PeopleRubricForm, StartSheetsForm, own_unions
from ..services import AssessmentError
from .results import xlsx_response
from .sheets import EvidenceFileView, EvidenceRemoveView, RemoveView


class PeopleIndexView(ScopedObjectMixin, ListView):
    model = PeopleRubric
    template_name = "assessment/people/index.html"
    context_object_name = "rubrics"

    def optimise(self, queryset):
        return queryset.select_related("union").annotate(
            sheet_count=Count("sheets"), final_count=Count("sheets", filter=Q(sheets__state=PersonSheet.State.FINAL)))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=own_unions(self.request.user).exists(), **kwargs)


class PeopleRubricCreateView(LoginRequiredMixin, FormView):
    form_class = PeopleRubricForm
    template_name = "assessment/people/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New assessment of people"),
                                        cancel_url=reverse("assessment:people_index"), **kwargs)

    def form_valid(self, form):
        try:
            with saved_once():
                self.rubric = services.rubric_create(self.request.user, **form.cleaned_data)
        except (DuplicateWrite, AssessmentError) as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("The assessment was created; add its items, then publish it."))
        return redirect(self.rubric.get_absolute_url())


class PeopleRubricView(ScopedObjectMixin, DetailView):
    model = PeopleRubric
    template_name = "assessment/people/rubric.html"
    context_object_name = "rubric"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        rubric, user = self.object, self.request.user
        can_change = user_can(user, "change", rubric)
        sheets = rubric.sheets.visible_to(user).select_related("member") if can_change else PersonSheet.objects.none()
        return super().get_context_data(
            items=rubric.items.all(), can_change=can_change, sheets=sheets,
            maximum=services.standard_maximum(rubric),
            item_form=PeopleItemForm() if can_change and rubric.is_draft else None,
            start_form=StartSheetsForm(rubric=rubric) if can_change and not rubric.is_draft
            and not rubric.results_published else None,
            counts={state.label: sheets.filter(state=state).count() for state in PersonSheet.State} if can_change
            else {}, **kwargs)


class PeopleItemAddView(ObjectFormView):
    model = PeopleRubric
    scope_action = "change"
    form_class = PeopleItemForm
    template_name = "assessment/people/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Add an item"), rubric=self.object, **kwargs)

    def perform(self, form):
        services.item_add(self.object, self.request.user, **form.cleaned_data)
        return _("The item was added.")


class PeopleItemDeleteView(RemoveView):
    model = PeopleItem
    scope_action = "change"
    remove = staticmethod(services.item_delete)
    removed_message = gettext_lazy("The item was removed.")

    def get_success_url(self):
        return self.object.rubric.get_absolute_url()


class PeopleRubricPublishView(ObjectActionView):
    model = PeopleRubric
    scope_action = "change"

    def act(self, rubric):
        services.rubric_publish(rubric, self.request.user)
        return _("The assessment was published; start the members' sheets.")


class SheetsStartView(ObjectFormView):
    model = PeopleRubric
    scope_action = "change"
    form_class = StartSheetsForm
    template_name = "assessment/people/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rubric": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Start the sheets"), rubric=self.object, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        members = services.members_for_choice(self.object, scope=data["scope"], branch=data.get("branch"),
                                              members=data.get("members") or [])
        count = services.sheets_start(self.object, self.request.user, members)
        if not count:
            return _("Every member chosen already has a sheet.")
        return ngettext("%(count)s sheet was started.", "%(count)s sheets were started.", count) % {"count": count}


def _entries(post, items, *, points_key: str, text_key: str) -> dict:
    """{item pk: {"points", text_key}} from the sheet form's rows (the service checks values)."""
    return {item.pk: {"points": post.get(f"points-{item.pk}", ""), text_key: post.get(f"{text_key}-{item.pk}", "")}
            for item in items}


class PersonSheetView(ScopedObjectMixin, DetailView):
    model = PersonSheet
    template_name = "assessment/people/sheet.html"
    context_object_name = "sheet"

    def optimise(self, queryset):
        return queryset.select_related("rubric__union", "member__union", "submitted_by", "finalised_by")

    def get_context_data(self, **kwargs):
        sheet, user = self.object, self.request.user
        scores = list(sheet.scores.select_related("item", "saved_by", "reviewed_by").prefetch_related("evidence"))
        may_score = services.open_for_self_scores(sheet) and services.may_self_score(user, sheet)
        # After the deadline a draft's page says so instead of offering to save or submit.
        closed = (sheet.state == PersonSheet.State.DRAFT and services.past_deadline(sheet)
                  and services.may_self_score(user, sheet))
        reviewer_ok = user_can(user, "review", sheet)
        own_entry = reviewer_ok and user.pk in services.self_scorers(sheet)
        standard, bonus, deductions, total, grade = services.sheet_total(scores, sheet.rubric)
        # The item scores and evidence are the union's own (the union above reads the frozen
        # total, grade and rank of a published sheet, not what lies behind them).
        own = bool(scores) and user_can(user, "view", scores[0])
        if sheet.rubric.results_published and sheet.rank is not None:
            total, shown_grade = sheet.total, services.grade_label(sheet.grade)
        elif sheet.state == PersonSheet.State.FINAL:
            shown_grade = _("%(grade)s (provisional until the results are published)") % {
                "grade": services.grade_label(grade)}
        else:
            shown_grade = _("Not graded yet")  # an empty draft is not 不合格
        return super().get_context_data(
            scores=scores if own else [], own=own, may_score=may_score,
            evidence_form=EvidenceForm() if may_score else None,
            may_review=sheet.state == PersonSheet.State.SUBMITTED and reviewer_ok and not own_entry,
            own_entry=sheet.state == PersonSheet.State.SUBMITTED and own_entry,
            returned=services.was_returned(sheet),
            deadline_closed=services.deadline_message(sheet) if closed else "",
            total=total, grade_label=shown_grade, **kwargs)


class SheetScoresView(ObjectActionView):
    model = PersonSheet
    scope_action = "score"

    def act(self, sheet):
        items = [s.item for s in sheet.scores.select_related("item")]
        services.scores_save(sheet, self.request.user, _entries(self.request.POST, items, points_key="points",
                                                               text_key="note"))
        # Files chosen in the same form go up after the scores are saved, so typing the
        # scores and then attaching a certificate loses nothing.
        for score in sheet.scores.select_related("item"):
            upload = self.request.FILES.get(f"file-{score.pk}")
            if upload:
                try:
                    services.evidence_add(score, self.request.user, upload)
                except AssessmentError as error:
                    messages.error(self.request, _("Item %(item)s: %(problem)s") % {
                        "item": score.item.position, "problem": error.message})
        if self.request.POST.get("submit"):
            # What is missing is said while what was entered stays saved (a refused submit
            # would otherwise roll the whole request back, scores and all).
            problems = services.sheet_problems(sheet)
            if problems:
                messages.error(self.request, " ".join(problems))
                return _("The self-scores were saved.")
            services.sheet_submit(sheet, self.request.user)
            return _("The self-scores were saved and submitted for review.")
        return _("The self-scores were saved.")


class SheetReviewView(ObjectActionView):
    model = PersonSheet
    scope_action = "review"

    def act(self, sheet):
        if self.request.POST.get("return"):
            services.sheet_return(sheet, self.request.user, self.request.POST.get("sheet_remark", ""))
            return _("The sheet was returned for its self-scores to be corrected.")
        items = [s.item for s in sheet.scores.select_related("item")]
        services.sheet_review(sheet, self.request.user,
                              _entries(self.request.POST, items, points_key="points", text_key="remark"),
                              remark=self.request.POST.get("sheet_remark", ""))
        return _("The review was saved; the sheet is final.")


class PersonEvidenceUploadView(ScopedObjectMixin, DetailView):
    model = PersonScore
    scope_action = "score"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        score = self.get_object()
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a file to upload."))
        else:
            try:
                services.evidence_add(score, request.user, form.cleaned_data["file"])
                messages.success(request, _("The evidence was uploaded."))
            except AssessmentError as error:
                messages.error(request, error.message)
        return HttpResponseRedirect(score.sheet.get_absolute_url() + f"#item-{score.item_id}")


class PersonEvidenceDeleteView(EvidenceRemoveView):
    model = PersonEvidence
    remove = staticmethod(services.evidence_delete)

    def item_url(self, score):
        return score.sheet.get_absolute_url() + f"#item-{score.item_id}"


class SheetWithdrawView(ObjectActionView):
    """Withdraw a sheet before the results are published (the member left, a wrong branch)."""

    model = PersonSheet
    scope_action = "change"

    def act(self, sheet):
        self.rubric_url = sheet.rubric.get_absolute_url()
        services.sheet_withdraw(sheet, self.request.user, self.request.POST.get("reason", ""))
        return _("The sheet of %(name)s was withdrawn.") % {"name": sheet.member.name}

    def get_success_url(self):
        return getattr(self, "rubric_url", None) or self.object.rubric.get_absolute_url()


class PersonEvidenceDownloadView(EvidenceFileView):
    model = PersonEvidence

    def optimise(self, queryset):
        return queryset.select_related("score__sheet__rubric__union")

    def organisation(self, evidence):
        return evidence.score.sheet.rubric.union


class PeopleResultsView(ScopedObjectMixin, DetailView):
    """The union's officers see the ranking as it stands; the union above once published."""

    model = PeopleRubric
    template_name = "assessment/people/results.html"
    context_object_name = "rubric"

    def optimise(self, queryset):
        return queryset.select_related("union", "results_published_by")

    def get_context_data(self, **kwargs):
        rubric, user = self.object, self.request.user
        can_change = user_can(user, "change", rubric)
        if not rubric.results_published and not can_change:
            return super().get_context_data(not_yet=True, **kwargs)
        rows = services.results_for(rubric)
        counts = {label: sum(1 for r in rows if r.grade == grade) for grade, label in services.GRADE_LABELS.items()}
        return super().get_context_data(
            rows=rows, counts=counts, can_change=can_change,
            pending=rubric.sheets.exclude(state=PersonSheet.State.FINAL).count() if can_change else 0, **kwargs)


class PeopleResultsPublishView(ObjectActionView):
    model = PeopleRubric
    scope_action = "change"

    def act(self, rubric):
        count = services.results_publish(rubric, self.request.user)
        return ngettext("The results of %(count)s person were published.",
                        "The results of %(count)s people were published.", count) % {"count": count}

    def get_success_url(self):
        return reverse("assessment:people_results", args=[self.object.pk])


class PeopleExportView(ScopedObjectMixin, DetailView):
    """The ranking (and, for the union's officers, every score) as XLSX: the union's officers
    at any time (marked provisional before publication), the union above once published."""

    model = PeopleRubric

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get(self, request, *args, **kwargs):
        rubric = self.get_object()
        can_change = user_can(request.user, "change", rubric)
        if not rubric.results_published and not can_change:
            messages.error(request, _("The results have not been published yet."))
            return redirect("assessment:people_results", rubric.pk)
        content, rows = people_exports.rubric_workbook(rubric, with_scores=can_change)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=rubric.union, target=rubric,
                          detail=_("Assessment of people: %(title)s (XLSX)") % {"title": rubric.title}, rows=rows)
        return xlsx_response(content, _("%(title)s.xlsx") % {"title": rubric.title})


def member_panel(request, member):
    """The member record's tab: this person's assessments the viewer may see (None hides it)."""
    sheets = list(services.member_results(member, request.user))
    if not sheets:
        return None
    for sheet in sheets:
        sheet.shown_grade = services.grade_label(sheet.grade) if sheet.rank is not None else ""
    return {"sheets": sheets, "published_any": any(s.rank is not None for s in sheets)}
