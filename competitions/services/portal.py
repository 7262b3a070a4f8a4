"""What a member does in competitions from the member portal (issue 19): signing up for a sports
or culture event and withdrawing, and submitting a rationalisation proposal.

The member is always the logged-in person's own membership (members.portal.current_member);
these functions never take a member from a request's parameters.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.notifications import notify, role_holders
from unionadmin.roles import MANAGING_ROLES

from ..models import EventParticipant, ImprovementProposal, SportsEvent
from ..notifications import Verb
from .errors import CompetitionError


def _lock_event(event) -> SportsEvent:
    return SportsEvent.objects.select_for_update(of=("self",)).select_related("organiser").get(pk=event.pk)


def event_sign_up(event: SportsEvent, member) -> EventParticipant:
    """Sign ``member`` up as a player. The event row is locked, so two members taking the last
    place at the same moment cannot both get it; a second sign-up by the same member (a double
    tap) is refused by the database (``eventparticipant_member_once``)."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock_event(event)
        if not SportsEvent.objects.open_to(member).filter(pk=locked.pk).exists():
            raise CompetitionError(_("This event is not open for sign-up to members of your union."))
        if locked.signup_closed_on(today):
            raise CompetitionError(_("Sign-up for this event closed on %(date)s.")
                                   % {"date": locked.signup_closes.isoformat() if locked.signup_closes else "—"})
        if locked.participants.filter(member=member).exists():
            raise CompetitionError(_("You have signed up for this event already."))
        if locked.capacity is not None and locked.participants.filter(member__isnull=False).count() >= locked.capacity:
            raise CompetitionError(_("This event is full: all %(places)s places have been taken.")
                                   % {"places": locked.capacity})
        participant = EventParticipant(event=locked, kind=EventParticipant.Kind.PLAYER, name=member.name,
                                       organisation=member.union, member=member, signed_up_at=timezone.now())
        participant._change_reason = "signed up in the member portal"
        participant.save()
    return participant


def event_withdraw(participant: EventParticipant, member) -> SportsEvent:
    """Take back ``member``'s own sign-up, until the end of the event's sign-up deadline and
    before any result has been recorded for it."""
    today = timezone.localdate()
    with transaction.atomic():
        event = _lock_event(participant.event)
        locked = EventParticipant.objects.select_for_update().filter(pk=participant.pk, member=member).first()
        if locked is None:
            raise CompetitionError(_("This sign-up has been withdrawn already."))
        if event.signup_closed_on(today):
            raise CompetitionError(_("Sign-up for this event has closed; ask the organiser to take you off the "
                                     "list."))
        if locked.place is not None or locked.result or event.matches.filter(
                home=locked).exists() or event.matches.filter(away=locked).exists():
            raise CompetitionError(_("A result has been recorded for you; ask the organiser to take you off "
                                     "the list."))
        locked._change_reason = "withdrawn in the member portal"
        locked.delete()
    return event


def proposal_submit_by_member(member, *, title: str, problem: str, suggestion: str,
                              expected_benefit: str = "", kind: str = ImprovementProposal.Kind.RATIONALISATION,
                              user=None) -> ImprovementProposal:
    """The member's own proposal enters the union's workflow as submitted, with the member as
    the proposer (``member``) and their name as ``proposer_name``; the union's managing officers
    are notified."""
    if member is None or member.status != member.Status.ACTIVE:
        raise CompetitionError(_("Only a current member can submit a proposal."))
    today = timezone.localdate()
    proposal = ImprovementProposal(
        union=member.union, kind=kind, year=today.year, title=title.strip(), proposer_name=member.name,
        submitted_on=today, problem=problem.strip(), suggestion=suggestion.strip(),
        expected_benefit=(expected_benefit or "").strip(), member=member, created_by=user,
        state=ImprovementProposal.State.SUBMITTED)
    proposal._change_reason = "submitted in the member portal"
    with transaction.atomic():
        proposal.save()
        # The union's managing officers route it to an evaluator, as a proposal they recorded.
        notify(role_holders(member.union, MANAGING_ROLES), Verb.PROPOSAL_FROM_MEMBER, proposal,
               organisation=member.union, exclude=user)
    return proposal
