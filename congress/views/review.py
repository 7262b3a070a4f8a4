"""Proposals before the review committee: the session's review page, acceptance (numbered
under the session's lock), the decision not to accept, merging, and assignment to the
handling departments."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import AssignForm, DecideForm, MergeForm
from ..models import Proposal, Session
from ..services.proposals import proposal_accept, proposal_assign, proposal_decline, proposal_merge, proposals_accept
from .base import ObjectActionView, ObjectFormView
from .proposals import card_queryset

State = Proposal.State


class ReviewView(ScopedObjectMixin, SingleObjectMixin, ListView):
    """The committee's page: proposals awaiting review with their co-signatures, accepted
    several at once or one by one; then those decided."""

    model = Session
    scope_action = "change"
    template_name = "congress/review.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """Accept the ticked proposals (each numbered in turn under the session's lock)."""
        self.object = self.get_object()
        ids = [int(i) for i in request.POST.getlist("proposal") if i.isdigit()]
        chosen = list(Proposal.objects.visible_to(request.user, "change").filter(session=self.object, pk__in=ids))
        if not chosen:
            messages.error(request, _("Tick the proposals to accept."))
        else:
            accepted, refused = proposals_accept(chosen, user=request.user)
            if accepted:
                messages.success(request, _("Accepted %(count)s proposals: numbers %(numbers)s.") % {
                    "count": len(accepted), "numbers": "、".join(str(p.number) for p in accepted)})
            for proposal, reason in refused:
                messages.error(request, _("“%(subject)s” was not accepted: %(reason)s") % {
                    "subject": proposal.subject, "reason": reason})
        return HttpResponseRedirect(reverse("congress:review", args=[self.object.pk]))

    def get_queryset(self):
        if not hasattr(self, "object"):
            return super().get_queryset()
        return card_queryset(
            Proposal.objects.visible_to(self.request.user, "change").filter(session=self.object)
            .exclude(state__in=Proposal.PRIVATE_STATES)
        ).order_by("number", "submitted_at", "pk")

    def get_context_data(self, **kwargs):
        proposals = list(self.object_list)
        waiting = [p for p in proposals if p.state == State.SUBMITTED]
        for p in waiting:
            p.ready = p.cosign_count >= self.object.min_cosigners
        return super().get_context_data(
            session=self.object, waiting=waiting, decided=[p for p in proposals if p.state != State.SUBMITTED],
            window=self.object.window_state(), **kwargs,
        )


class ProposalAcceptView(ObjectActionView):
    model = Proposal
    scope_action = "change"
    step = "accept"

    def act(self, proposal):
        accepted = proposal_accept(proposal, user=self.request.user)
        return _("Accepted as formal proposal no. %(number)s.") % {"number": accepted.number}


class CommitteeFormView(ObjectFormView):
    model = Proposal
    scope_action = "change"
    template_name = "congress/proposal_step.html"

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer", "lead_department")

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.object, **kwargs)


class ProposalDecideView(CommitteeFormView):
    form_class = DecideForm
    page_title = gettext_lazy("Decide not to accept as a formal proposal")
    step = "decide"

    def perform(self, form):
        proposal_decline(self.object, user=self.request.user, outcome=form.cleaned_data["outcome"],
                         reason=form.cleaned_data["reason"])
        return _("The decision was recorded; the proposer has been told.")


class ProposalMergeView(CommitteeFormView):
    form_class = MergeForm
    page_title = gettext_lazy("Merge into another proposal")
    step = "merge"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.object}

    def perform(self, form):
        proposal_merge(self.object, into=form.cleaned_data["into"], user=self.request.user,
                       reason=form.cleaned_data["reason"])
        return _("The proposal was merged; both proposers are kept on the other one.")


class ProposalAssignView(CommitteeFormView):
    form_class = AssignForm
    page_title = gettext_lazy("Assign to handling departments")
    step = "assign"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.object}

    def get_initial(self):
        p = self.object
        deadline = p.deadline or timezone.localdate() + datetime.timedelta(days=p.session.reply_days)
        return {"lead": p.lead_department_id, "co_departments": list(p.co_departments.values_list("pk", flat=True)),
                "deadline": deadline}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["no_departments"] = not context["form"].fields["lead"].queryset.exists()
        return context

    def perform(self, form):
        proposal_assign(self.object, user=self.request.user, lead=form.cleaned_data["lead"],
                        co_departments=list(form.cleaned_data["co_departments"]),
                        deadline=form.cleaned_data["deadline"])
        return _("The proposal was assigned; the departments have been told.")
