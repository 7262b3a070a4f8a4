"""Proposals with the handling departments: their list of assigned proposals, their replies,
and the proposer's rating of the reply."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from ..forms import RateForm, ReplyForm
from ..models import Proposal
from ..services.proposals import proposal_rate, proposal_reply, reply_departments
from .base import ObjectFormView
from .proposals import card_queryset

State = Proposal.State


class DepartmentHomeView(LoginRequiredMixin, ListView):
    """The proposals assigned to the person's departments: waiting (overdue first), then answered."""

    template_name = "congress/department_home.html"
    paginate_by = 30

    def get_queryset(self):
        return card_queryset(Proposal.objects.visible_to(self.request.user, "reply")).select_related(
            "session__term__congress__union").order_by("-state", "deadline", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(context["object_list"])
        context["waiting"] = sorted([p for p in rows if p.state == State.ASSIGNED], key=lambda p: p.deadline)
        context["answered"] = [p for p in rows if p.state != State.ASSIGNED]
        context["today"] = timezone.localdate()
        return context


class ProposalReplyView(ObjectFormView):
    model = Proposal
    scope_action = "reply"
    form_class = ReplyForm
    template_name = "congress/proposal_step.html"
    page_title = gettext_lazy("Reply to the proposal")
    step = "reply"

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer", "lead_department")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "departments": reply_departments(self.object, self.request.user)}

    def get_context_data(self, **kwargs):
        last_rating = self.object.ratings.order_by("-round").first()
        return super().get_context_data(proposal=self.object, last_rating=last_rating, **kwargs)

    def perform(self, form):
        reply = proposal_reply(self.object, user=self.request.user, department=form.cleaned_data["department"],
                               text=form.cleaned_data["text"])
        if reply.is_lead:
            return _("Your reply was sent; the proposer has been asked to rate it.")
        return _("Your department's reply was recorded; the lead department answers the proposer.")


class ProposalRateView(ObjectFormView):
    model = Proposal
    form_class = RateForm
    template_name = "congress/proposal_step.html"
    page_title = gettext_lazy("Rate the reply")
    step = "rate"

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer", "lead_department")

    def get_context_data(self, **kwargs):
        latest = self.object.replies.filter(round=self.object.round).select_related("department").order_by(
            "-is_lead", "replied_at")
        return super().get_context_data(proposal=self.object, latest_replies=latest, **kwargs)

    def perform(self, form):
        rating = proposal_rate(self.object, user=self.request.user, rating=form.cleaned_data["rating"],
                               comment=form.cleaned_data["comment"])
        if rating.rating == Proposal.Rating.UNSATISFIED:
            return _("Thank you. The proposal goes back to the department for another answer.")
        return _("Thank you for rating the reply. The proposal is closed.")
