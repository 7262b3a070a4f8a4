"""Proposals on the delegate's side (phone first): their home page, a session's proposals,
writing, editing, submitting, withdrawing and co-signing, the proposal page everyone shares,
and attachments. The committee's review is in review.py, the departments' replies and the
proposer's rating in replies.py, the union's lists in proposal_lists.py. Every step calls a
service; a refused step becomes a message."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin

from ..filters import SessionProposalFilter
from ..forms import ProposalForm
from ..models import CoSignature, Delegate, Proposal, ProposalAttachment, Session
from ..services.proposals import (
    ProposalError,
    delegate_for,
    proposal_cosign,
    proposal_create,
    proposal_delete_draft,
    proposal_edit,
    proposal_submit,
    proposal_withdraw,
    proposers,
)
from .base import FileDownloadView, ObjectActionView, ObjectFormView

State = Proposal.State


def card_queryset(queryset):
    """What a proposal card shows: proposer, co-signature count, departments."""
    return queryset.select_related("proposer", "lead_department", "session").annotate(
        cosign_count=Count("cosignatures", distinct=True),
    )


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
        mine = card_queryset(Proposal.objects.filter(proposer__user=user, session__in=sessions)).order_by(
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

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not hasattr(self, "object"):
            return super().get_queryset()
        user = self.request.user
        filterset = SessionProposalFilter(self.request.GET, user=user,
                                          queryset=Proposal.objects.visible_to(user).filter(session=self.object))
        self.filter = filterset.chosen("show", "all")
        return card_queryset(filterset.qs).annotate(
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
    step = "edit"

    def optimise(self, queryset):
        return queryset.select_related("session__term__congress", "proposer")

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
        can_change = user_can(user, "change", proposal)
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
            session=session, window=session.window_state(), delegate=delegate, allowed=proposal.allowed_actions(user),
            proposers=proposers(proposal), cosign_count=cosign_count,
            cosign_missing=max(0, session.min_cosigners - cosign_count),
            can_change=can_change, rounds=[r for r in rounds if r["replies"] or r["rating"]],
            share_url=self.request.build_absolute_uri(proposal.get_absolute_url()), **kwargs,
        )


class ProposalSubmitView(ObjectActionView):
    model = Proposal
    step = "submit"

    def act(self, proposal):
        proposal_submit(proposal, user=self.request.user)
        return _("Your proposal was submitted. Other delegates can now co-sign it.")


class ProposalWithdrawView(ObjectActionView):
    model = Proposal
    step = "withdraw"

    def act(self, proposal):
        proposal_withdraw(proposal, user=self.request.user)
        return _("Your proposal was withdrawn.")


class ProposalDeleteView(ObjectActionView):
    model = Proposal
    step = "delete"

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
        if "edit" not in proposal.allowed_actions(self.request.user):
            raise ProposalError(_("Only the proposer can remove attachments, and only from a draft."))
        attachment.file.delete(save=False)
        attachment.delete()
        return _("The attachment was removed.")

    def get_success_url(self):
        return reverse("congress:proposal_update", args=[self.object.proposal_id])
