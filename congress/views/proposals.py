"""Proposals: the delegate's pages (phone first), the committee's review, the departments'
replies, the register. Every step calls a service; a refused step becomes a message."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.querystring import query_choice
from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin

from ..forms import AssignForm, DecideForm, MergeForm, ProposalForm, RateForm, ReplyForm
from ..models import CoSignature, Delegate, Proposal, ProposalAttachment, Session
from ..services.exports import proposals_register_xlsx, register_queryset
from ..services.proposals import (
    ProposalError,
    delegate_for,
    proposal_accept,
    proposal_assign,
    proposal_can_cosign,
    proposal_cosign,
    proposal_create,
    proposal_decline,
    proposal_delete_draft,
    proposal_edit,
    proposal_merge,
    proposal_rate,
    proposal_reply,
    proposal_submit,
    proposal_withdraw,
    proposals_accept,
    proposers,
    reply_departments,
)
from .base import FileDownloadView, ObjectActionView, ObjectFormView

State = Proposal.State


def _card_queryset(queryset):
    """What a proposal card shows: proposer, co-signature count, departments."""
    return queryset.select_related("proposer", "lead_department", "session").annotate(
        cosign_count=Count("cosignatures", distinct=True),
    )


# --- the delegate -------------------------------------------------------------------------
class DelegateHomeView(LoginRequiredMixin, TemplateView):
    """“My proposals”: each session the person is a delegate of, with the window, their own
    proposals and how many of the others' wait for co-signatures."""

    template_name = "congress/delegate_home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        now = timezone.now()
        seats = {d.term_id: d for d in Delegate.objects.filter(user=user, is_active=True)}
        sessions = list(
            Session.objects.visible_to(user).filter(term_id__in=list(seats)).select_related("term__congress__union")
            .order_by("-held_on")
        )
        mine = _card_queryset(Proposal.objects.filter(proposer__user=user, session__in=sessions)).order_by(
            "-created_at")
        by_session = {}
        for proposal in mine:
            by_session.setdefault(proposal.session_id, []).append(proposal)
        to_cosign = dict(
            Proposal.objects.filter(session__in=sessions, state=State.SUBMITTED).exclude(proposer__user=user)
            .exclude(cosignatures__delegate__user=user).values_list("session").annotate(n=Count("pk"))
            .values_list("session", "n")
        )
        rows = [{"session": s, "window": s.window_state(now), "mine": by_session.get(s.pk, []),
                 "to_cosign": to_cosign.get(s.pk, 0)} for s in sessions]
        return super().get_context_data(rows=rows, **kwargs)


class SessionProposalListView(ScopedObjectMixin, SingleObjectMixin, ListView):
    """The proposals of a session the person may see, as cards (phones) — all, mine, or those
    waiting for my co-signature."""

    model = Session
    template_name = "congress/session_proposals.html"
    paginate_by = 30
    FILTERS = ("all", "mine", "to_cosign")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not hasattr(self, "object"):
            return super().get_queryset()
        user = self.request.user
        self.filter = query_choice(self.request.GET, "show", self.FILTERS, default="all")
        proposals = Proposal.objects.visible_to(user).filter(session=self.object)
        if self.filter == "mine":
            proposals = proposals.filter(proposer__user=user)
        elif self.filter == "to_cosign":
            proposals = proposals.filter(state=State.SUBMITTED).exclude(proposer__user=user).exclude(
                cosignatures__delegate__user=user)
        return _card_queryset(proposals).annotate(
            cosigned_by_me=Exists(CoSignature.objects.filter(proposal=OuterRef("pk"), delegate__user=user)),
        ).order_by("number", "-submitted_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.object, filter=self.filter, delegate=delegate_for(self.object, self.request.user),
            window=self.object.window_state(), **kwargs,
        )


def _save_attachment(proposal, upload):
    if upload:
        ProposalAttachment.objects.create(proposal=proposal, name=upload.name[:150], file=upload)


class ProposalCreateView(ObjectFormView):
    """A delegate writes a proposal: saved as a draft, or saved and submitted at once."""

    model = Session
    form_class = ProposalForm
    template_name = "congress/proposal_form.html"
    page_title = gettext_lazy("New proposal")

    def refusal(self):
        if delegate_for(self.object, self.request.user) is None:
            return _("Only the delegates of this session can write proposals for it.")
        if self.object.window_state() == "closed":
            return _("The collection window has closed; no new proposals can be written.")
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.object, window=self.object.window_state(), **kwargs)

    def perform(self, form):
        user = self.request.user
        self.proposal = proposal_create(session=self.object, user=user, data=form.cleaned_data)
        _save_attachment(self.proposal, form.cleaned_data.get("attachment"))
        if "submit" in self.request.POST:
            try:
                proposal_submit(self.proposal, user=user)
            except ProposalError as error:
                messages.warning(self.request, _("Saved as a draft, but not submitted: %(reason)s")
                                 % {"reason": error.message})
                return None
            return _("Your proposal was submitted. Other delegates can now co-sign it.")
        return _("Your draft was saved. Submit it when it is ready.")

    def get_success_url(self):
        return self.proposal.get_absolute_url()


class ProposalUpdateView(ObjectFormView):
    model = Proposal
    form_class = ProposalForm
    template_name = "congress/proposal_form.html"
    page_title = gettext_lazy("Edit the draft")

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer")

    def refusal(self):
        if self.object.proposer.user_id != self.request.user.pk:
            return _("Only the proposer can change a proposal.")
        if self.object.state != State.DRAFT:
            return _("Only a draft can be changed.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.object.session, window=self.object.session.window_state(),
                                        proposal=self.object, attachments=self.object.attachments.all(), **kwargs)

    def perform(self, form):
        user = self.request.user
        data = {f: form.cleaned_data[f] for f in ("subject", "reasons", "measures", "category")}
        self.object = proposal_edit(self.object, user=user, data=data)
        _save_attachment(self.object, form.cleaned_data.get("attachment"))
        if "submit" in self.request.POST:
            try:
                proposal_submit(self.object, user=user)
            except ProposalError as error:
                messages.warning(self.request, _("Saved as a draft, but not submitted: %(reason)s")
                                 % {"reason": error.message})
                return None
            return _("Your proposal was submitted. Other delegates can now co-sign it.")
        return _("Your draft was saved.")


class ProposalDetailView(ScopedObjectMixin, DetailView):
    """One page for everyone who may see the proposal, with the steps open to this person."""

    model = Proposal
    template_name = "congress/proposal_detail.html"

    def optimise(self, queryset):
        return queryset.select_related(
            "session__term__congress__union", "proposer", "lead_department", "merged_into", "decided_by",
        ).prefetch_related(
            "co_departments", "attachments",
            Prefetch("cosignatures", queryset=CoSignature.objects.select_related("delegate")),
            Prefetch("merged_from", queryset=Proposal.objects.select_related("proposer")),
        )

    def get_context_data(self, **kwargs):
        proposal, user = self.object, self.request.user
        session = proposal.session
        delegate = delegate_for(session, user)
        is_proposer = proposal.proposer.user_id == user.pk
        can_change = user_can(user, "change", proposal)
        departments = reply_departments(proposal, user) if proposal.state == State.ASSIGNED else []
        replies = list(proposal.replies.select_related("department").order_by("round", "-is_lead", "replied_at"))
        ratings = list(proposal.ratings.order_by("round"))
        rounds = []
        for number in range(1, proposal.round + 1):
            rounds.append({
                "number": number,
                "replies": [r for r in replies if r.round == number],
                "rating": next((r for r in ratings if r.round == number), None),
            })
        cosign_count = len(proposal.cosignatures.all())
        return super().get_context_data(
            session=session, window=session.window_state(), delegate=delegate, is_proposer=is_proposer,
            proposers=proposers(proposal), can_cosign=proposal_can_cosign(proposal, delegate),
            cosign_count=cosign_count, cosign_missing=max(0, session.min_cosigners - cosign_count),
            can_change=can_change, can_reply=bool(departments), rounds=[r for r in rounds if r["replies"] or r["rating"]],
            share_url=self.request.build_absolute_uri(proposal.get_absolute_url()), **kwargs,
        )


class ProposalSubmitView(ObjectActionView):
    model = Proposal

    def act(self, proposal):
        proposal_submit(proposal, user=self.request.user)
        return _("Your proposal was submitted. Other delegates can now co-sign it.")


class ProposalWithdrawView(ObjectActionView):
    model = Proposal

    def act(self, proposal):
        proposal_withdraw(proposal, user=self.request.user)
        return _("Your proposal was withdrawn.")


class ProposalDeleteView(ObjectActionView):
    model = Proposal

    def act(self, proposal):
        self.session = proposal.session
        proposal_delete_draft(proposal, user=self.request.user)
        return _("The draft was deleted.")

    def get_success_url(self):
        if getattr(self, "session", None) is not None and not Proposal.objects.filter(pk=self.object.pk).exists():
            return reverse("congress:delegate_home")
        return self.object.get_absolute_url()


class ProposalCosignView(ObjectActionView):
    model = Proposal

    def act(self, proposal):
        proposal_cosign(proposal, user=self.request.user)
        return _("You co-signed this proposal.")


class AttachmentDownloadView(FileDownloadView):
    model = ProposalAttachment

    def download_name(self, attachment):
        return attachment.name


class AttachmentDeleteView(ObjectActionView):
    model = ProposalAttachment

    def act(self, attachment):
        proposal = attachment.proposal
        if proposal.proposer.user_id != self.request.user.pk or proposal.state != State.DRAFT:
            raise ProposalError(_("Only the proposer can remove attachments, and only from a draft."))
        attachment.file.delete(save=False)
        attachment.delete()
        return _("The attachment was removed.")

    def get_success_url(self):
        return reverse("congress:proposal_update", args=[self.object.proposal_id])


# --- the review committee -----------------------------------------------------------------
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
        return _card_queryset(
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

    def refusal(self):
        if self.object.state != State.SUBMITTED:
            return _("Only a proposal awaiting review can be decided on.")
        return None

    def perform(self, form):
        proposal_decline(self.object, user=self.request.user, outcome=form.cleaned_data["outcome"],
                         reason=form.cleaned_data["reason"])
        return _("The decision was recorded; the proposer has been told.")


class ProposalMergeView(CommitteeFormView):
    form_class = MergeForm
    page_title = gettext_lazy("Merge into another proposal")

    def refusal(self):
        if self.object.state != State.SUBMITTED:
            return _("Only a proposal awaiting review can be merged into another.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "proposal": self.object}

    def perform(self, form):
        proposal_merge(self.object, into=form.cleaned_data["into"], user=self.request.user,
                       reason=form.cleaned_data["reason"])
        return _("The proposal was merged; both proposers are kept on the other one.")


class ProposalAssignView(CommitteeFormView):
    form_class = AssignForm
    page_title = gettext_lazy("Assign to handling departments")

    def refusal(self):
        if self.object.state not in (State.ACCEPTED, State.ASSIGNED):
            return _("Only an accepted proposal can be assigned to departments.")
        return None

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


# --- the handling departments -------------------------------------------------------------
class DepartmentHomeView(LoginRequiredMixin, ListView):
    """The proposals assigned to the person's departments: waiting (overdue first), then answered."""

    template_name = "congress/department_home.html"
    paginate_by = 30

    def get_queryset(self):
        return _card_queryset(Proposal.objects.visible_to(self.request.user, "reply")).select_related(
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

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer", "lead_department")

    def refusal(self):
        if self.object.state != State.ASSIGNED:
            return _("Only a proposal waiting for its department can be answered.")
        self.departments = reply_departments(self.object, self.request.user)
        if not self.departments:
            return _("Only the departments this proposal is assigned to can answer it.")
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "departments": self.departments}

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

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer", "lead_department")

    def refusal(self):
        if self.object.proposer.user_id != self.request.user.pk:
            return _("Only the proposer can rate the reply.")
        if self.object.state != State.REPLIED:
            return _("Only a proposal with a new reply can be rated.")
        return None

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


# --- lists for the union ------------------------------------------------------------------
class OverdueListView(LoginRequiredMixin, ListView):
    """Replies past their deadline in the person's scope."""

    template_name = "congress/overdue.html"
    paginate_by = 50

    def get_queryset(self):
        return _card_queryset(Proposal.objects.visible_to(self.request.user).overdue()).select_related(
            "session__term__congress__union").order_by("deadline", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class RegisterExportView(ScopedObjectMixin, DetailView):
    """The register of the session's proposals as XLSX (logged as an export)."""

    model = Session
    scope_action = "export"

    def get(self, request, *args, **kwargs):
        session = self.get_object()
        data = proposals_register_xlsx(session, register_queryset(session, request.user), user=request.user)
        response = HttpResponse(data,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        filename = _("%(session)s register of proposals") % {"session": session.title} + ".xlsx"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response

