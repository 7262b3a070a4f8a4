"""Rationalisation proposals and technical innovations: the list with the year's benefit,
recording one, its page, and its steps (route, decide, implement, award)."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..filters import ProposalFilter
from ..forms import AwardForm, DecideForm, ImplementForm, ProposalForm, RouteForm
from ..models import ImprovementProposal
from ..services import proposals as services
from .base import CreatorRequiredMixin, ObjectFormView, SectionMixin

State = ImprovementProposal.State


class ProposalListView(SectionMixin, ScopedObjectMixin, ListView):
    model = ImprovementProposal
    section = "proposals"
    paginate_by = 50
    template_name = "competitions/proposal_list.html"

    def get_queryset(self):
        qs = super().get_queryset().select_related("union", "evaluator")
        self.filterset = ProposalFilter(self.request.GET, queryset=qs)
        qs = self.filtered = self.filterset.qs  # a bad value is ignored
        return qs.order_by("-year", "-submitted_on", "-pk")

    def get_context_data(self, **kwargs):
        totals = self.filtered.aggregate(
            count=Count("pk"), adopted=Count("pk", filter=Q(state__in=[State.ADOPTED, State.IMPLEMENTED])),
            implemented=Count("pk", filter=Q(state=State.IMPLEMENTED)),
            benefit=Sum("annual_benefit", filter=Q(state=State.IMPLEMENTED)),
            awards=Sum("award_amount"),
        )
        return super().get_context_data(
            totals=totals, filter=self.filterset,
            can_create=organisations_where(self.request.user, ImprovementProposal, "change").exists(), **kwargs)


class ProposalCreateView(CreatorRequiredMixin, SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = ImprovementProposal
    section = "proposals"
    form_class = ProposalForm
    scope_action = "change"
    template_name = "competitions/proposal_form.html"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("The proposal was recorded. Route it to an evaluator."))
        return super().form_valid(form)


class ProposalUpdateView(SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = ImprovementProposal
    section = "proposals"
    form_class = ProposalForm
    scope_action = "change"
    template_name = "competitions/proposal_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            proposal = self.get_object()
            if "edit" not in proposal.allowed_actions(request.user):
                messages.error(request, _("A decided proposal can no longer be changed."))
                return redirect(proposal.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class ProposalDetailView(SectionMixin, ScopedObjectMixin, DetailView):
    model = ImprovementProposal
    section = "proposals"
    template_name = "competitions/proposal_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "evaluator", "created_by")

    def get_context_data(self, **kwargs):
        proposal = self.object
        return super().get_context_data(can_change=self.can("change", proposal),
                                        allowed=proposal.allowed_actions(self.request.user), **kwargs)


class _ProposalStep(ObjectFormView):
    model = ImprovementProposal
    section = "proposals"
    scope_action = "change"


class ProposalRouteView(_ProposalStep):
    form_class = RouteForm
    step = "route"

    def step_refused_message(self):
        return _("This proposal has been decided already and cannot be routed again.")

    def get_page_title(self):
        return _("Route “%(title)s” to an evaluator") % {"title": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "evaluators": services.eligible_evaluators(self.object.union),
                "proposal": self.object}

    def get_initial(self):
        return {"evaluator": self.object.evaluator}

    def perform(self, form):
        services.proposal_route(self.object, form.cleaned_data["evaluator"], by=self.request.user)
        return _("The proposal is now with %(person)s.") % {"person": form.cleaned_data["evaluator"]}


class ProposalDecideView(_ProposalStep):
    """The evaluator (or the union's officers) adopts the proposal or not, with an opinion."""

    form_class = DecideForm
    scope_action = "view"
    step = "decide"

    def step_refused_message(self):
        if self.object.state != State.ROUTED:
            return _("Only a proposal with its evaluator can be adopted or not adopted.")
        return _("Only the evaluator or the union's officers can decide on this proposal.")

    def get_page_title(self):
        return _("Evaluate “%(title)s”") % {"title": self.object}

    def perform(self, form):
        adopt = form.cleaned_data["decision"]
        services.proposal_decide(self.object, by=self.request.user, adopt=adopt, opinion=form.cleaned_data["opinion"])
        return _("The proposal was adopted.") if adopt else _("The proposal was not adopted.")


class ProposalImplementView(_ProposalStep):
    form_class = ImplementForm
    step = "implement"

    def step_refused_message(self):
        return _("Only an adopted proposal can be recorded as implemented.")

    def get_page_title(self):
        return _("Record “%(title)s” as implemented") % {"title": self.object}

    def get_initial(self):
        proposal = self.object
        return {"implemented_on": proposal.implemented_on or timezone.localdate(),
                "annual_benefit": proposal.annual_benefit, "benefit_note": proposal.benefit_note}

    def perform(self, form):
        services.proposal_implement(self.object, by=self.request.user, **form.cleaned_data)
        return _("The implementation and its benefit were recorded.")


class ProposalAwardView(_ProposalStep):
    form_class = AwardForm
    step = "award"

    def step_refused_message(self):
        return _("Only an adopted proposal can receive an award.")

    def get_page_title(self):
        return _("Award for “%(title)s”") % {"title": self.object}

    def get_initial(self):
        return {"award_name": self.object.award_name, "award_amount": self.object.award_amount}

    def perform(self, form):
        services.proposal_award(self.object, by=self.request.user, **form.cleaned_data)
        return _("The award was recorded.")
