"""Competitions: the list, creating and describing one, its scoring scheme, the steps of its
workflow, its judges, and the XLSX of its scores."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.models import AuditEvent
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..filters import CompetitionFilter
from ..forms import (
    CompetitionForm,
    ItemFormSet,
    JudgeAssignForm,
    SchemeSettingsForm,
    TieBreakFormSet,
    TierFormSet,
    TransitionForm,
    enterable_units,
)
from ..models import Competition, CompetitionTransition, Entry, JudgeAssignment, Recusal
from ..services import CompetitionError
from ..services import competitions as services
from ..services.exports import scores_workbook
from ..services.results import results_progress
from .base import CreatorRequiredMixin, ObjectActionView, ObjectFormView, SectionMixin


class CompetitionListView(SectionMixin, ScopedObjectMixin, ListView):
    model = Competition
    paginate_by = 30
    template_name = "competitions/competition_list.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related("organiser")
        self.filterset = CompetitionFilter(self.request.GET, queryset=qs)
        qs = self.filterset.qs  # a bad value is ignored
        return qs.annotate(
            entry_count=Count("entries", filter=Q(entries__status=Entry.Status.ENTERED), distinct=True),
            judging=Exists(JudgeAssignment.objects.filter(competition=OuterRef("pk"), judge=self.request.user)),
        ).order_by("-year", "organiser__path", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=organisations_where(self.request.user, Competition, "change").exists(),
            filter=self.filterset, **kwargs)


class CompetitionCreateView(CreatorRequiredMixin, SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = Competition
    form_class = CompetitionForm
    scope_action = "change"
    template_name = "competitions/competition_form.html"

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items()}
        self.object = services.competition_create(by=self.request.user, **data)
        messages.success(self.request, _("The competition was created as a draft. Now set its scoring scheme."))
        return redirect("competitions:competition_scheme", pk=self.object.pk)


class CompetitionUpdateView(SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    """The description (title, season, rules …); the certificates quote it, so not once published."""

    model = Competition
    form_class = CompetitionForm
    scope_action = "change"
    template_name = "competitions/competition_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            competition = self.get_object()
            if "edit" not in competition.allowed_actions(request.user):
                messages.error(request, _("The results are published; the competition can no longer be changed."))
                return redirect(competition.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class CompetitionDetailView(SectionMixin, ScopedObjectMixin, DetailView):
    model = Competition
    template_name = "competitions/competition_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("organiser", "created_by")

    def get_context_data(self, **kwargs):
        competition, user = self.object, self.request.user
        organiser_staff = self.can("export", competition)
        allowed = competition.allowed_actions(user)
        entries = Entry.objects.visible_to(user).filter(competition=competition)
        context = {
            "organiser_staff": organiser_staff,
            "allowed": allowed,
            "items": list(competition.items.all()),
            "tiers": list(competition.tiers.all()),
            "tie_breaks": list(competition.tie_breaks.select_related("item")),
            "entries": list(entries.select_related("organisation", "award").order_by("number")),
            "can_enter": "enter" in allowed and enterable_units(user, competition).exists(),
            "transitions": [t for t in services.TRANSITIONS.values() if t.action in allowed],
            "transition_form": TransitionForm(initial={"notice_ends_on": timezone.localdate()}),
        }
        if organiser_staff:
            context.update(
                assignments=list(JudgeAssignment.objects.filter(competition=competition)
                                 .select_related("judge", "entry").order_by("entry__number", "pk")),
                recusals=list(Recusal.objects.filter(entry__competition=competition)
                              .select_related("judge", "entry", "declared_by")),
                log=list(CompetitionTransition.objects.filter(competition=competition).select_related("by")),
            )
            if competition.state in (Competition.State.OPEN, Competition.State.SCORING):
                context["progress"] = results_progress(competition)
        return super().get_context_data(**context, **kwargs)


class CompetitionTransitionView(ObjectActionView):
    """One step of the workflow (the step's code is posted as ``action``). A step the current
    state does not allow, posted straight to this URL, becomes a message; nothing changes."""

    model = Competition
    scope_action = "change"

    @property
    def step(self):
        """The posted step; an unknown one is left to the service ("There is no such step")."""
        action = self.request.POST.get("action", "")
        return action if action in services.TRANSITIONS else None

    def step_refused_message(self):
        return services.not_possible(services.TRANSITIONS[self.step], self.object)

    def act(self, competition):
        form = TransitionForm(self.request.POST)
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        action = self.request.POST.get("action", "")
        if "notice_ends_on" in form.errors:
            raise CompetitionError(_("Give the last day of the public notice as a date."))
        updated = services.competition_transition(
            competition, action, by=self.request.user, reason=data.get("reason", ""),
            notice_ends_on=data.get("notice_ends_on"))
        return _("Done: the competition is now at the stage “%(state)s”.") % {"state": updated.get_state_display()}


class CompetitionSchemeView(SectionMixin, ScopedObjectMixin, DetailView):
    """The scoring scheme on one page: the method, the items, the tie-break order and the
    award tiers. Only before scoring starts."""

    model = Competition
    scope_action = "change"
    template_name = "competitions/competition_scheme.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            if "scheme" not in self.object.allowed_actions(request.user):
                messages.error(request, _("Scoring has started: the scoring scheme can no longer change."))
                return redirect(self.object.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        competition = self.object
        return {
            "settings_form": SchemeSettingsForm(data, instance=competition, prefix="settings"),
            "items": ItemFormSet(data, instance=competition, prefix="items"),
            "tie_breaks": TieBreakFormSet(data, instance=competition, prefix="tiebreaks",
                                          form_kwargs={"items": competition.items.all()}),
            "tiers": TierFormSet(data, instance=competition, prefix="tiers"),
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if all(f.is_valid() for f in forms.values()):
            try:
                services.scheme_save(self.object, settings_form=forms["settings_form"],
                                     formsets=[forms["items"], forms["tie_breaks"], forms["tiers"]])
            except CompetitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The scoring scheme was saved."))
                if "continue" in request.POST:
                    return redirect("competitions:competition_scheme", pk=self.object.pk)
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(**forms), status=200)


class JudgeAssignView(ObjectFormView):
    model = Competition
    scope_action = "change"
    form_class = JudgeAssignForm
    template_name = "competitions/judge_form.html"
    step = "judges"

    def get_page_title(self):
        return _("Assign a judge")

    def step_refused_message(self):
        return _("The scores are locked; judges can no longer be assigned.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "competition": self.object,
                "judges": services.eligible_judges(self.object)}

    def get_back_url(self):
        return self.object.get_absolute_url() + "#judges"

    def perform(self, form):
        assignment = services.judge_assign(self.object, form.cleaned_data["judge"], by=self.request.user,
                                           entry=form.cleaned_data.get("entry"),
                                           weight=form.cleaned_data.get("weight") or 1)
        return _("%(person)s was assigned as a judge.") % {"person": assignment.judge}

    def get_success_url(self):
        if "another" in self.request.POST:
            return reverse("competitions:judge_assign", args=[self.object.pk])
        return self.get_back_url()


class JudgeRemoveView(ObjectActionView):
    model = JudgeAssignment
    scope_action = "change"

    def act(self, assignment):
        services.judge_unassign(assignment, by=self.request.user)
        return _("%(person)s is no longer a judge here.") % {"person": assignment.judge}

    def get_success_url(self):
        return reverse("competitions:competition_detail", args=[self.object.competition_id]) + "#judges"


class CompetitionExportView(ScopedObjectMixin, DetailView):
    """The XLSX of the results and of every judge's scores (the organiser's staff only)."""

    model = Competition
    scope_action = "export"

    def get(self, request, *args, **kwargs):
        competition = self.get_object()
        data, count = scores_workbook(competition)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=competition.organiser,
                          target=competition, detail=_("Scores of “%(title)s”: %(count)s entries")
                          % {"title": competition.title, "count": count}, rows=count, state=competition.state)
        name = _("%(title)s scores") % {"title": competition.title}
        response = HttpResponse(data,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name[:100] + '.xlsx')}"
        return response
