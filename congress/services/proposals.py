"""A proposal's way from the delegate's draft to the rating of the reply (see models/proposals.py).

Locks are always taken in the same order — the session row, then proposal rows by id — so
two people acting at once wait for each other instead of deadlocking. Formal proposals are
numbered under the session's lock: max + 1 inside the transaction, so numbers within a
session are gapless and unique however many committee members accept at once (the
database's unique constraint backs this up).
"""
from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.notifications import notify

from ..models import CoSignature, Delegate, HandlingDepartment, Proposal, ProposalRating, Reply, Session
from ..notifications import Verb, union_officers
from ..scope import department_ids
from . import CongressError

State = Proposal.State


class ProposalError(CongressError):
    pass


# --- helpers -------------------------------------------------------------------------------
def delegate_for(session: Session, user) -> Delegate | None:
    """The user's seat in the session's term, if they are a serving delegate."""
    if user is None or not user.is_authenticated:
        return None
    return Delegate.objects.filter(term_id=session.term_id, user=user, is_active=True).first()


def _locked(proposal: Proposal) -> Proposal:
    """The proposal row, locked (only it: of=self, not the joined session and proposer rows)."""
    return Proposal.objects.select_for_update(of=("self",)).select_related("session", "proposer").get(pk=proposal.pk)


def _locked_session(session_id) -> Session:
    return Session.objects.select_for_update().get(pk=session_id)


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


WINDOW_MESSAGES = {
    "submit": (
        gettext_lazy("The collection window opens at %(time)s; proposals cannot be submitted before then."),
        gettext_lazy("The collection window closed at %(time)s; proposals can no longer be submitted."),
    ),
    "cosign": (
        gettext_lazy("The collection window opens at %(time)s; proposals cannot be co-signed before then."),
        gettext_lazy("The collection window closed at %(time)s; proposals can no longer be co-signed."),
    ),
}


def _require_window(session: Session, now, doing: str):
    """Submitting and co-signing happen only between the window's opening and closing times."""
    not_open, closed = WINDOW_MESSAGES[doing]
    state = session.window_state(now)
    if state == "not_open":
        raise ProposalError(str(not_open) % {"time": _when(session.collection_opens_at)})
    if state == "closed":
        raise ProposalError(str(closed) % {"time": _when(session.collection_closes_at)})


def _require_state(proposal: Proposal, *states, message):
    """``message`` is a whole translated sentence with a %(state)s placeholder."""
    if proposal.state not in states:
        raise ProposalError(str(message) % {"state": proposal.get_state_display()})


def _require_proposer(proposal: Proposal, user):
    if proposal.proposer.user_id != user.pk:
        raise ProposalError(_("Only the proposer can do this."))


def proposers(proposal: Proposal) -> list[Delegate]:
    """The proposer and the proposers of the proposals merged into this one."""
    people = [proposal.proposer]
    for merged in sorted(proposal.merged_from.all(), key=lambda p: p.pk):  # uses a prefetch when there is one
        if merged.proposer_id not in {p.pk for p in people}:
            people.append(merged.proposer)
    return people


def _proposer_users(proposal: Proposal):
    return [d.user for d in Delegate.objects.filter(pk__in=[p.pk for p in proposers(proposal)]).select_related("user")]


def _department_users(departments):
    users = []
    for department in departments:
        users.extend(department.users())
    return users


# --- the delegate's steps -----------------------------------------------------------------
FIELDS = ("subject", "reasons", "measures", "category")


def proposal_create(*, session: Session, user, data: dict, now=None) -> Proposal:
    """A new draft by a delegate of the session. Drafts may be written until the window closes."""
    now = now or timezone.now()
    delegate = delegate_for(session, user)
    if delegate is None:
        raise ProposalError(_("Only the delegates of this session can write proposals for it."))
    if session.window_state(now) == "closed":
        raise ProposalError(
            _("The collection window closed at %(time)s; no new proposals can be written.")
            % {"time": _when(session.collection_closes_at)}
        )
    proposal = Proposal(session=session, proposer=delegate, **{f: data[f] for f in FIELDS})
    proposal.full_clean()
    proposal.save()
    return proposal


def proposal_edit(proposal: Proposal, *, user, data: dict, now=None) -> Proposal:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        _require_proposer(locked, user)
        _require_state(locked, State.DRAFT, message=gettext_lazy("Only a draft can be changed; this proposal is “%(state)s”."))
        if locked.session.window_state(now) == "closed":
            raise ProposalError(_("The collection window has closed; the draft can no longer be changed."))
        for field in FIELDS:
            setattr(locked, field, data[field])
        locked.full_clean()
        locked.save()
    return locked


def proposal_delete_draft(proposal: Proposal, *, user) -> None:
    with transaction.atomic():
        locked = _locked(proposal)
        _require_proposer(locked, user)
        _require_state(locked, State.DRAFT, message=gettext_lazy("Only a draft can be deleted; this proposal is “%(state)s”."))
        locked.attachments.all().delete()
        locked.delete()


def proposal_submit(proposal: Proposal, *, user, now=None) -> Proposal:
    """Draft → submitted, only while the collection window is open."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        _require_proposer(locked, user)
        _require_state(locked, State.DRAFT, message=gettext_lazy("Only a draft can be submitted; this proposal is “%(state)s”."))
        _require_window(locked.session, now, "submit")
        locked.state = State.SUBMITTED
        locked.submitted_at = now
        locked._change_reason = "submitted"
        locked.save()
        if locked.session.min_cosigners == 0:
            notify(union_officers(locked.session.union), Verb.READY_FOR_REVIEW, locked,
                   organisation=locked.session.union)
    return locked


def proposal_withdraw(proposal: Proposal, *, user) -> Proposal:
    """Submitted → withdrawn, by the proposer, before the committee has decided."""
    with transaction.atomic():
        locked = _locked(proposal)
        _require_proposer(locked, user)
        _require_state(locked, State.SUBMITTED, message=gettext_lazy("Only a proposal awaiting review can be withdrawn; this one is “%(state)s”."))
        locked.state = State.WITHDRAWN
        locked._change_reason = "withdrawn"
        locked.save()
    return locked


def proposal_cosign(proposal: Proposal, *, user, now=None) -> CoSignature:
    """Another delegate of the same session supports it, once, while the window is open.

    The proposal row is locked so that the co-signature that reaches the session's minimum
    is counted exactly once (and notifies the committee exactly once)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        session = locked.session
        delegate = delegate_for(session, user)
        if delegate is None:
            raise ProposalError(_("Only the delegates of this proposal's session can co-sign it."))
        if locked.proposer_id == delegate.pk:
            raise ProposalError(_("You cannot co-sign your own proposal."))
        _require_state(locked, State.SUBMITTED, message=gettext_lazy("Only a proposal collecting co-signatures can be co-signed; this one is “%(state)s”."))
        _require_window(session, now, "cosign")
        if CoSignature.objects.filter(proposal=locked, delegate=delegate).exists():
            raise ProposalError(_("You have already co-signed this proposal."))
        try:
            with transaction.atomic():
                signature = CoSignature.objects.create(proposal=locked, delegate=delegate)
        except IntegrityError:
            raise ProposalError(_("You have already co-signed this proposal.")) from None
        if CoSignature.objects.filter(proposal=locked).count() == session.min_cosigners:
            notify(union_officers(session.union), Verb.READY_FOR_REVIEW, locked,
                   organisation=session.union)
    return signature


def proposal_can_cosign(proposal: Proposal, delegate: Delegate | None, now=None) -> bool:
    """For showing the button; the service decides."""
    return (
        delegate is not None and proposal.state == State.SUBMITTED and proposal.proposer_id != delegate.pk
        and delegate.term_id == proposal.session.term_id and proposal.session.window_is_open(now)
        and not proposal.cosignatures.filter(delegate=delegate).exists()
    )


# --- the review committee -----------------------------------------------------------------
def _require_cosigners(proposal: Proposal):
    count = proposal.cosignatures.count()
    needed = proposal.session.min_cosigners
    if count < needed:
        raise ProposalError(
            _("This proposal has %(count)s co-signatures; the session requires %(needed)s before it can be accepted.")
            % {"count": count, "needed": needed}
        )


def _decided(locked: Proposal, user, now, reason: str = ""):
    locked.decided_at = now
    locked.decided_by = user
    locked.decision_reason = reason


def proposal_accept(proposal: Proposal, *, user, now=None) -> Proposal:
    """Submitted → accepted (立案) with the next number of the session."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(proposal.session_id)  # serialises numbering within the session
        locked = _locked(proposal)
        _require_state(locked, State.SUBMITTED, message=gettext_lazy("Only a proposal awaiting review can be accepted; this one is “%(state)s”."))
        _require_cosigners(locked)
        last = Proposal.objects.filter(session=session).aggregate(last=Max("number"))["last"] or 0
        locked.number = last + 1
        locked.state = State.ACCEPTED
        _decided(locked, user, now)
        locked._change_reason = "accepted"
        locked.save()
        notify(_proposer_users(locked), Verb.DECIDED, locked, organisation=session.union)
    return locked


def proposals_accept(proposals, *, user, now=None) -> tuple[list[Proposal], list[tuple[Proposal, str]]]:
    """Accepts several, in the order submitted; each in its own transaction. Returns
    (accepted, [(proposal, why not)])."""
    accepted, refused = [], []
    for proposal in sorted(proposals, key=lambda p: (p.submitted_at or timezone.now(), p.pk)):
        try:
            accepted.append(proposal_accept(proposal, user=user, now=now))
        except ProposalError as error:
            refused.append((proposal, error.message))
    return accepted, refused


def proposal_decline(proposal: Proposal, *, user, outcome: str, reason: str, now=None) -> Proposal:
    """Submitted → opinion (转为意见建议) or rejected (不予立案, with a reason the proposer sees)."""
    now = now or timezone.now()
    if outcome not in (State.OPINION, State.REJECTED):
        raise ProposalError(_("Choose whether to turn the proposal into an opinion or not to accept it."))
    reason = (reason or "").strip()
    if outcome == State.REJECTED and not reason:
        raise ProposalError(_("Give the reason for not accepting the proposal; the proposer will see it."))
    with transaction.atomic():
        locked = _locked(proposal)
        _require_state(locked, State.SUBMITTED, message=gettext_lazy("Only a proposal awaiting review can be decided on; this one is “%(state)s”."))
        locked.state = outcome
        _decided(locked, user, now, reason)
        locked._change_reason = outcome
        locked.save()
        notify(_proposer_users(locked), Verb.DECIDED, locked, organisation=locked.session.union)
    return locked


def proposal_merge(proposal: Proposal, *, into: Proposal, user, reason: str = "", now=None) -> Proposal:
    """Submitted → merged (并案) into another proposal of the same session, which keeps both
    proposers (and those of anything merged into this one before)."""
    now = now or timezone.now()
    if into.pk == proposal.pk:
        raise ProposalError(_("A proposal cannot be merged into itself."))
    with transaction.atomic():
        _locked_session(proposal.session_id)
        first, second = sorted([proposal.pk, into.pk])
        rows = {p.pk: p for p in Proposal.objects.select_for_update(of=("self",)).select_related("session", "proposer")
                .filter(pk__in=[first, second]).order_by("pk")}
        locked, target = rows[proposal.pk], rows.get(into.pk)
        if target is None or target.session_id != locked.session_id:
            raise ProposalError(_("A proposal can only be merged into another proposal of the same session."))
        _require_state(locked, State.SUBMITTED, message=gettext_lazy("Only a proposal awaiting review can be merged into another; this one is “%(state)s”."))
        if target.state not in (State.SUBMITTED, State.ACCEPTED, State.ASSIGNED):
            raise ProposalError(
                _("Proposals can be merged only into one that is submitted, accepted or with its department; "
                  "the chosen one is “%(state)s”.") % {"state": target.get_state_display()}
            )
        # Anything merged into this one follows it, so every proposer stays with the survivor.
        Proposal.objects.filter(merged_into=locked).update(merged_into=target)
        locked.state = State.MERGED
        locked.merged_into = target
        _decided(locked, user, now, (reason or "").strip())
        locked._change_reason = "merged"
        locked.save()
        notify(_proposer_users(locked), Verb.DECIDED, locked, organisation=locked.session.union)
    return locked


# --- handling -----------------------------------------------------------------------------
def proposal_assign(proposal: Proposal, *, user, lead: HandlingDepartment, co_departments=(), deadline=None,
                    today=None) -> Proposal:
    """Accepted → assigned to a lead department (and co-handling ones) with a deadline; may be
    changed while the department has not yet replied."""
    today = today or timezone.localdate()
    co_departments = [d for d in co_departments if d.pk != lead.pk]
    with transaction.atomic():
        locked = _locked(proposal)
        _require_state(locked, State.ACCEPTED, State.ASSIGNED, message=gettext_lazy("Only an accepted proposal can be assigned to departments; this one is “%(state)s”."))
        union_id = locked.session.union_id
        if lead.union_id != union_id or any(d.union_id != union_id for d in co_departments):
            raise ProposalError(_("Choose departments of this union."))
        if not lead.is_active or not all(d.is_active for d in co_departments):
            raise ProposalError(_("A department that is no longer active cannot be given proposals."))
        deadline = deadline or today + datetime.timedelta(days=locked.session.reply_days)
        if deadline < today:
            raise ProposalError(_("The deadline cannot be in the past."))
        previous = {locked.lead_department_id, *locked.co_departments.values_list("pk", flat=True)}
        locked.lead_department = lead
        locked.deadline = deadline
        locked.state = State.ASSIGNED
        locked._change_reason = "assigned"
        locked.save()
        locked.co_departments.set(co_departments)
        newly = [d for d in [lead, *co_departments] if d.pk not in previous]
        notify(_department_users(newly), Verb.ASSIGNED, locked, organisation=locked.session.union,
               exclude=user)
    return locked


def reply_departments(proposal: Proposal, user):
    """The departments of ``user`` that handle this proposal (lead first)."""
    mine = department_ids(user)
    handling = [proposal.lead_department] + list(proposal.co_departments.all())
    return [d for d in handling if d is not None and d.pk in mine]


def proposal_reply(proposal: Proposal, *, user, department: HandlingDepartment, text: str, now=None) -> Reply:
    """A handling department answers in the current round; the lead department's answer
    sends the proposal to the proposer for rating."""
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise ProposalError(_("Write the reply."))
    with transaction.atomic():
        locked = _locked(proposal)
        _require_state(locked, State.ASSIGNED, message=gettext_lazy("Only a proposal waiting for its department can be answered; this one is “%(state)s”."))
        if department not in reply_departments(locked, user):
            raise ProposalError(_("Only the departments this proposal is assigned to can answer it."))
        is_lead = department.pk == locked.lead_department_id
        if Reply.objects.filter(proposal=locked, department=department, round=locked.round).exists():
            raise ProposalError(_("Your department has already answered in this round."))
        reply = Reply.objects.create(
            proposal=locked, department=department, is_lead=is_lead, round=locked.round, text=text,
            due_on=locked.deadline, replied_at=now, replied_by=user,
        )
        if is_lead:
            locked.state = State.REPLIED
            locked._change_reason = "replied"
            locked.save()
            notify(_proposer_users(locked), Verb.REPLIED, locked, organisation=locked.session.union)
    return reply


def proposal_rate(proposal: Proposal, *, user, rating: str, comment: str = "", today=None) -> ProposalRating:
    """The proposer rates the reply: satisfied or basically satisfied closes the proposal;
    not satisfied (with a comment) returns it to the lead department for another round."""
    today = today or timezone.localdate()
    comment = (comment or "").strip()
    if rating not in Proposal.Rating.values:
        raise ProposalError(_("Choose a rating."))
    if rating == Proposal.Rating.UNSATISFIED and not comment:
        raise ProposalError(_("Say what is missing from the reply, so the department can answer again."))
    with transaction.atomic():
        locked = _locked(proposal)
        _require_proposer(locked, user)
        _require_state(locked, State.REPLIED, message=gettext_lazy("Only a proposal with a new reply can be rated; this one is “%(state)s”."))
        given = ProposalRating.objects.create(proposal=locked, round=locked.round, rating=rating, comment=comment,
                                              rated_by=user)
        locked.rating = rating
        if rating == Proposal.Rating.UNSATISFIED:
            locked.round += 1
            locked.state = State.ASSIGNED
            locked.deadline = today + datetime.timedelta(days=locked.session.reply_days)
            locked.last_reminded_on = None
            locked._change_reason = "returned for another round"
            locked.save()
            notify(_department_users([locked.lead_department]), Verb.RETURNED, locked,
                   organisation=locked.session.union)
        else:
            locked.state = State.CLOSED
            locked._change_reason = "closed"
            locked.save()
    return given


# --- reminders ----------------------------------------------------------------------------
REMIND_EVERY_DAYS = 7


def proposals_remind_overdue(today=None) -> dict:
    """Overdue replies: an in-app notice and an e-mail to each person of the lead department,
    and the union's officers, at most once a week per proposal. Returns counts."""
    today = today or timezone.localdate()
    due = (
        Proposal.objects.overdue(today)
        .exclude(last_reminded_on__gt=today - datetime.timedelta(days=REMIND_EVERY_DAYS))
        .select_related("session__union", "session__term__congress", "lead_department")
        .order_by("session__union__path", "number")
    )
    per_user: dict = defaultdict(list)
    people: dict = {}
    notified = 0
    reminded = []
    for proposal in due:
        with transaction.atomic():
            locked = Proposal.objects.select_for_update(skip_locked=True).filter(
                pk=proposal.pk, state=State.ASSIGNED, deadline__lt=today,
            ).first()
            if locked is None or (locked.last_reminded_on and
                                  locked.last_reminded_on > today - datetime.timedelta(days=REMIND_EVERY_DAYS)):
                continue
            recipients = list(proposal.lead_department.users()) + list(union_officers(proposal.session.union))
            notified += len(notify(recipients, Verb.OVERDUE, proposal,
                                   organisation=proposal.session.union))
            Proposal.objects.filter(pk=proposal.pk).update(last_reminded_on=today)
            reminded.append(proposal)
            for person in proposal.lead_department.users():
                if person.email:
                    per_user[person.pk].append(proposal)
                    people[person.pk] = person
    messages = []
    for pk, overdue in per_user.items():
        person = people[pk]
        with translation.override(person.language):
            context = {"person": person, "proposals": overdue, "today": today}
            subject = render_to_string("congress/email/overdue_subject.txt", context).strip()
            body = render_to_string("congress/email/overdue_body.txt", context)
        messages.append(EmailMessage(subject=subject, body=body, to=[person.email]))
    if messages:
        get_connection().send_messages(messages)
    return {"proposals": len(reminded), "notifications": notified, "emails": len(messages)}
