"""The member portal's competitions pages under /me/competitions/ (issue 19): the events open to
the member, signing up and withdrawing, and the member's rationalisation proposals.

Every page is the logged-in member's (``MemberPortalMixin``): the events come from those open to
the member's union, the sign-ups and proposals from the member's own rows (``Own`` rules, the
"own" action) — never from a member named in the URL, so another member's pk is a 404.
"""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from members.portal import MemberPortalMixin
from unionadmin.integrity import saved_once

from ..forms.portal import MemberProposalForm
from ..models import EventParticipant, ImprovementProposal, SportsEvent
from ..services.errors import CompetitionError
from ..services.portal import event_sign_up, event_withdraw, proposal_submit_by_member


def events_for(member):
    """The events a member's portal shows: those open to them, and those they signed up for."""
    return (SportsEvent.objects.filter(Q(pk__in=SportsEvent.objects.open_to(member).values("pk"))
                                       | Q(pk__in=member.event_signups.values("event_id")))
            .select_related("organiser")
            .annotate(signups=Count("participants", filter=Q(participants__member__isnull=False))))


def own_signups(user, member):
    return EventParticipant.objects.visible_to(user, "own").filter(member=member)


def own_proposals(user, member):
    return ImprovementProposal.objects.visible_to(user, "own").filter(member=member)


class _EventsMixin(MemberPortalMixin):
    model = SportsEvent

    def get_queryset(self):
        return events_for(self.member)


class EventListView(_EventsMixin, ListView):
    """Upcoming events open to the member (sign-up open or closed) and their own sign-ups."""

    template_name = "competitions/portal/event_list.html"
    context_object_name = "events"

    def get_queryset(self):
        return super().get_queryset().upcoming(timezone.localdate()).order_by("starts_on", "pk")

    def get_context_data(self, **kwargs):
        signups = {p.event_id: p for p in own_signups(self.request.user, self.member)}
        today = timezone.localdate()
        rows = [{"event": e, "signup": signups.get(e.pk), "closed": e.signup_closed_on(today),
                 "full": e.capacity is not None and e.signups >= e.capacity} for e in self.object_list]
        return super().get_context_data(rows=rows, **kwargs)


class EventDetailView(_EventsMixin, DetailView):
    template_name = "competitions/portal/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        event, today = self.object, timezone.localdate()
        signup = own_signups(self.request.user, self.member).filter(event=event).first()
        return super().get_context_data(
            signup=signup, closed=event.signup_closed_on(today),
            full=event.capacity is not None and event.signups >= event.capacity,
            places_left=None if event.capacity is None else max(event.capacity - event.signups, 0), **kwargs)


class _PortalPost(MemberPortalMixin, View):
    """A one-tap POST: a refusal by the rules (closed, full, done already) is a message on the
    event's page, never an error page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        try:
            with saved_once(CompetitionError):  # a double tap: the database's unique constraint
                message, self.event = self.act(self.object)
        except CompetitionError as error:
            messages.error(request, error.message)
            self.event = self.event_of(self.object)
        else:
            messages.success(request, message)
        return HttpResponseRedirect(reverse("competitions_portal:event_detail", args=[self.event.pk]))


class EventSignUpView(_PortalPost):
    model = SportsEvent

    def get_queryset(self):
        return SportsEvent.objects.open_to(self.member)

    def event_of(self, event):
        return event

    def act(self, event):
        event_sign_up(event, self.member)
        return _("You have signed up for “%(event)s”.") % {"event": event}, event


class SignupWithdrawView(_PortalPost):
    model = EventParticipant

    def get_queryset(self):
        return own_signups(self.request.user, self.member)

    def event_of(self, participant):
        return participant.event

    def act(self, participant):
        event = event_withdraw(participant, self.member)
        return _("Your sign-up for “%(event)s” was withdrawn.") % {"event": event}, event


class ProposalListView(MemberPortalMixin, ListView):
    model = ImprovementProposal
    template_name = "competitions/portal/proposal_list.html"
    context_object_name = "proposals"
    paginate_by = 20

    def get_queryset(self):
        return own_proposals(self.request.user, self.member).order_by("-submitted_on", "-pk")


class ProposalDetailView(MemberPortalMixin, DetailView):
    model = ImprovementProposal
    template_name = "competitions/portal/proposal_detail.html"
    context_object_name = "proposal"

    def get_queryset(self):
        return own_proposals(self.request.user, self.member).select_related("union")


class ProposalCreateView(MemberPortalMixin, FormView):
    form_class = MemberProposalForm
    template_name = "competitions/portal/proposal_form.html"

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with saved_once(CompetitionError):  # a double tap on "Submit" is one proposal
                self.proposal = proposal_submit_by_member(
                    self.member, title=data["title"], problem=data["problem"], suggestion=data["suggestion"],
                    expected_benefit=data.get("expected_benefit", ""), kind=data["kind"], user=self.request.user)
        except CompetitionError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your proposal was sent to %(union)s. You can follow it here.")
                         % {"union": self.member.union})
        return HttpResponseRedirect(reverse("competitions_portal:proposal_detail", args=[self.proposal.pk]))
