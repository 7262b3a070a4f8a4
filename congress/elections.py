"""The union's own congress and its elections: the rules (issue 18, item 1).

1. The union sets the congress: its number (第N次), date, the committee's term (3 or 5 years),
   the seats of the committee, vice-chairs and 经审会, the competitive margin (差额, percent), and
   for a delegates' congress the delegates to elect with the shares for women and front-line
   workers.
2. ``quotas_allocate`` shares the delegates out among the units by active membership (largest
   remainders); each unit's minimum women and front-line seats are its seats times the union's
   share, rounded up. ``delegate_add`` records a unit's elected delegate within its quota.
3. Candidates per election (committee, chair, vice-chairs, 经审会). ``open_voting`` freezes the
   lists: the committee and the 经审会 need more candidates than seats, at least the union's
   margin more; chair and vice-chairs at least as many as seats and on the committee list.
   A 经审会 candidate is refused for what ``finance.audit.seat_refusal`` refuses (the union's
   chair and vice-chairs, its chair's and finance officer's logins) and for standing for chair
   or vice-chair in the same election.
4. The count, per ballot box or as one box of totals: issued ≥ returned ≥ valid (a count with
   more returned than issued is refused, also by the database), no candidate more votes than
   valid ballots, and no more votes in all than valid ballots × seats.
5. ``results``: elected = more than half of those voting (ballots returned, not delegates
   present), in order of votes up to the seats; a tie at the last seat is reported as a tie
   (never decided by the software), fewer above half than seats as unfilled seats.
6. ``report`` sends the results to the union directly above; a person holding an officer's,
   chair's or federation administrator's role there approves (``approve``, 批复) or returns
   them with a reason (``return_results``); the union itself never approves.
7. ``approve`` in one transaction: a new ``CommitteeTerm`` (number + 1, from the congress
   date; the previous current one succeeded on that day), the cadre posts of the new committee
   (the previous committee's current posts ending the day before), the 经审会 in finance (the
   previous one ended the day before), and the union's ``chair_name``.
"""
from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finance import audit as finance_audit
from finance.models import AuditCommittee
from members.models import CadrePost, Member
from unionadmin.integrity import saved_once
from unionadmin.models import Organisation
from unionadmin.notifications import notify, role_holders

from .models import (
    BallotBox,
    BoxVote,
    Candidate,
    CommitteeTerm,
    DelegateQuota,
    UnionCongress,
    UnionDelegate,
)
from .models.union_congress import APPROVER_ROLES
from .services import CongressError

Body = Candidate.Body
COMPETITIVE = (Body.COMMITTEE, Body.AUDIT)  # 差额 by the union's margin
LEADERS = (Body.CHAIR, Body.VICE_CHAIR)
ENDED_POSTS = (CadrePost.Position.CHAIR, CadrePost.Position.VICE_CHAIR, CadrePost.Position.COMMITTEE,
               CadrePost.Position.FUNDS_REVIEW)


class Notice(models.TextChoices):
    """The notification kinds of this part (registered in congress/wiring/elections.py)."""

    REPORTED = "union_election_reported", gettext_lazy("A union's election results wait for your approval")
    APPROVED = "union_election_approved", gettext_lazy("Your union's election results were approved")
    RETURNED = "union_election_returned", gettext_lazy("Your union's election results were returned")


# --- the congress --------------------------------------------------------------------------

def next_number(union) -> int:
    last = UnionCongress.objects.filter(union=union).aggregate(n=Max("number"))["n"] or 0
    return last + 1


def congress_create(union, **fields) -> UnionCongress:
    if union.level == Organisation.Level.GROUP:
        raise CongressError(_("A union group holds no congress of its own."), field="union")
    fields.setdefault("number", next_number(union))
    if UnionCongress.objects.filter(union=union, number=fields["number"]).exists():
        raise CongressError(_("%(union)s already has a congress with this number.") % {"union": union.name},
                            field="number")
    with saved_once(CongressError):  # the same congress sent twice at once: a message, not an error page
        return UnionCongress.objects.create(union=union, **fields)


def _in_union(congress, member) -> bool:
    return member.status == Member.Status.ACTIVE and member.union.path.startswith(congress.union.path)


def _units(congress):
    """The units the delegates are shared among: the union's direct sub-unions, and the union
    itself for the members recorded at it directly."""
    return [congress.union, *Organisation.objects.filter(parent=congress.union).order_by("path")]


def _unit_of(congress, member):
    for unit in _units(congress)[1:]:
        if member.union.path.startswith(unit.path):
            return unit
    return congress.union


@transaction.atomic
def quotas_allocate(congress) -> list[DelegateQuota]:
    """Shares ``delegate_total`` among the units by active membership (largest remainders, ties
    to the larger unit); replaces the previous allocation while the congress is prepared."""
    if congress.kind != UnionCongress.Kind.DELEGATES:
        raise CongressError(_("A general meeting of members has no delegate quotas: every member attends."))
    if congress.delegate_total < 1:
        raise CongressError(_("Set the number of delegates to elect first."), field="delegate_total")
    # Two allocations at once would both delete and both insert: the second waits for the first.
    UnionCongress.objects.select_for_update().filter(pk=congress.pk).first()
    units = _units(congress)
    counts = []
    for index, unit in enumerate(units):
        members = Member.objects.active()
        members = members.filter(union=unit) if index == 0 else members.filter(union__path__startswith=unit.path)
        counts.append(members.count())
    total_members = sum(counts)
    if total_members == 0:
        raise CongressError(_("%(union)s has no members recorded; quotas are shared by membership.") % {
            "union": congress.union.name})
    exact = [congress.delegate_total * n / total_members for n in counts]
    seats = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(units)), key=lambda i: (-(exact[i] - seats[i]), -counts[i]))
    for i in by_remainder[:congress.delegate_total - sum(seats)]:
        seats[i] += 1
    congress.quotas.all().delete()
    quotas = []
    for unit, members, unit_seats in zip(units, counts, seats):
        if members == 0:
            continue
        quotas.append(DelegateQuota.objects.create(
            congress=congress, unit=unit, members=members, seats=unit_seats,
            women_seats=math.ceil(unit_seats * congress.women_percent / 100),
            frontline_seats=math.ceil(unit_seats * congress.frontline_percent / 100)))
    return quotas


def delegate_add(congress, member, *, frontline=False) -> UnionDelegate:
    if not _in_union(congress, member):
        raise CongressError(_("%(name)s is not a member of %(union)s.") % {
            "name": member.name, "union": congress.union.name}, field="member")
    unit = _unit_of(congress, member)
    quota = congress.quotas.filter(unit=unit).first()
    if quota is None:
        raise CongressError(_("%(unit)s has no delegate quota; share the quotas out first.") % {"unit": unit.name},
                            field="member")
    if congress.delegates.filter(unit=unit).count() >= quota.seats:
        raise CongressError(_("%(unit)s has elected all its %(seats)s delegates.") % {
            "unit": unit.name, "seats": quota.seats}, field="member")
    if congress.delegates.filter(member=member).exists():
        raise CongressError(_("%(name)s is already a delegate.") % {"name": member.name}, field="member")
    with saved_once(CongressError):
        return UnionDelegate.objects.create(congress=congress, unit=unit, member=member, frontline=frontline)


@dataclass
class Share:
    count: int
    of: int

    @property
    def percent(self):
        return round(100 * self.count / self.of, 1) if self.of else None


def delegate_shares(congress) -> dict:
    """Women and front-line workers among the delegates, and per unit against its minimums."""
    delegates = congress.delegates.all()
    totals = delegates.aggregate(n=Count("pk"), women=Count("pk", filter=Q(member__gender=Member.Gender.FEMALE)),
                                 frontline=Count("pk", filter=Q(frontline=True)))
    per_unit = {row["unit"]: row for row in delegates.values("unit").annotate(
        n=Count("pk"), women=Count("pk", filter=Q(member__gender=Member.Gender.FEMALE)),
        frontline=Count("pk", filter=Q(frontline=True)))}
    units = []
    for quota in congress.quotas.select_related("unit"):
        row = per_unit.get(quota.unit_id, {"n": 0, "women": 0, "frontline": 0})
        units.append({"quota": quota, "elected": row["n"], "women": row["women"], "frontline": row["frontline"],
                      "short": row["n"] < quota.seats, "women_short": row["women"] < quota.women_seats,
                      "frontline_short": row["frontline"] < quota.frontline_seats})
    return {"women": Share(totals["women"], totals["n"]), "frontline": Share(totals["frontline"], totals["n"]),
            "units": units}


# --- candidates ----------------------------------------------------------------------------

def _login_of(member):
    """The member's own login (its mobile number is the member's), for the 经审会's role checks."""
    if not member.phone:
        return None
    return get_user_model().objects.filter(mobile=member.phone).first()


class _UnionOnly:
    """What ``finance.audit.seat_refusal`` reads of a committee before one exists: its union (the
    new 经审会 is created only on approval)."""

    def __init__(self, union):
        self.organisation = union
        self.pk = None


def audit_refusal(congress, member) -> str | None:
    """Why ``member`` may not stand for the 经审会 of ``congress``'s union, or None."""
    if congress.candidates.filter(member=member, body__in=LEADERS).exists():
        return _("%(name)s stands for chair or vice-chair, and may not sit on the funds audit committee.") % {
            "name": member.name}
    user = _login_of(member)
    if user is not None and not finance_audit.login_is_members_own(user, member):
        user = None
    return finance_audit.seat_refusal(_UnionOnly(congress.union), member, user=user)


def candidate_add(congress, body, member) -> Candidate:
    if not _in_union(congress, member):
        raise CongressError(_("%(name)s is not a member of %(union)s.") % {
            "name": member.name, "union": congress.union.name}, field="member")
    if body == Body.AUDIT:
        refusal = audit_refusal(congress, member)
        if refusal:
            raise CongressError(refusal, field="member")
    if body in LEADERS and congress.candidates.filter(member=member, body=Body.AUDIT).exists():
        raise CongressError(_("%(name)s stands for the funds audit committee, and may not stand for chair or "
                              "vice-chair.") % {"name": member.name}, field="member")
    if congress.candidates.filter(member=member, body=body).exists():
        raise CongressError(_("%(name)s is already a candidate for this.") % {"name": member.name}, field="member")
    with saved_once(CongressError):
        return Candidate.objects.create(congress=congress, body=body, member=member)


def candidates_needed(congress, body) -> int:
    seats = congress.seats(body)
    if body in COMPETITIVE:
        return max(seats + 1, math.ceil(seats * (100 + congress.margin_percent) / 100))
    return seats


def list_refusals(congress) -> list[str]:
    """What keeps the candidate lists from being closed (empty: they may be)."""
    refusals = []
    counts = dict(congress.candidates.values_list("body").annotate(n=Count("pk")))
    for body in Body:
        needed, have = candidates_needed(congress, body), counts.get(body, 0)
        if have < needed:
            refusals.append(_("%(body)s: %(have)s candidates for %(seats)s seats; at least %(needed)s are "
                              "needed.") % {"body": body.label, "have": have, "seats": congress.seats(body),
                                            "needed": needed})
    committee = set(congress.candidates.filter(body=Body.COMMITTEE).values_list("member", flat=True))
    for candidate in congress.candidates.filter(body__in=LEADERS).select_related("member"):
        if candidate.member_id not in committee:
            refusals.append(_("%(name)s stands for %(post)s but is not a candidate for the committee.") % {
                "name": candidate.member.name, "post": candidate.get_body_display().lower()})
    if congress.kind == UnionCongress.Kind.DELEGATES and not congress.delegates.exists():
        refusals.append(_("No delegates are recorded yet."))
    return refusals


@transaction.atomic
def open_voting(congress):
    congress = UnionCongress.objects.select_for_update().get(pk=congress.pk)
    if congress.state != UnionCongress.State.PREPARING:
        raise CongressError(_("The candidate lists are already closed."))
    refusals = list_refusals(congress)
    if refusals:
        raise CongressError(" ".join(refusals))
    congress.state = UnionCongress.State.VOTING
    congress.save(update_fields=["state"])
    return congress


# --- the count -----------------------------------------------------------------------------

def box_create(congress, *, body, label, issued, returned, valid) -> BallotBox:
    if returned > issued:
        raise CongressError(_("More ballots returned (%(returned)s) than issued (%(issued)s): count again.") % {
            "returned": returned, "issued": issued}, field="returned")
    if valid > returned:
        raise CongressError(_("More valid ballots (%(valid)s) than returned (%(returned)s).") % {
            "valid": valid, "returned": returned}, field="valid")
    if congress.boxes.filter(body=body, label=label).exists():
        raise CongressError(_("This ballot box is already entered for this election."), field="label")
    with saved_once(CongressError):
        return BallotBox.objects.create(congress=congress, body=body, label=label, issued=issued,
                                        returned=returned, valid=valid)


@transaction.atomic
def votes_enter(box, votes: dict) -> BallotBox:
    """``votes``: {candidate: votes for}. Replaces what the box had."""
    box = BallotBox.objects.select_for_update(of=("self",)).select_related("congress").get(pk=box.pk)
    seats = box.congress.seats(box.body)
    for candidate, n in votes.items():
        if candidate.congress_id != box.congress_id or candidate.body != box.body:
            raise CongressError(_("%(name)s is not a candidate in this election.") % {"name": candidate.member.name})
        if n > box.valid:
            raise CongressError(_("%(name)s has %(votes)s votes, more than the %(valid)s valid ballots.") % {
                "name": candidate.member.name, "votes": n, "valid": box.valid})
    if sum(votes.values()) > box.valid * seats:
        raise CongressError(_("%(total)s votes in all, more than %(valid)s valid ballots with %(seats)s choices "
                              "each allow.") % {"total": sum(votes.values()), "valid": box.valid, "seats": seats})
    box.votes.all().delete()
    BoxVote.objects.bulk_create(BoxVote(box=box, candidate=c, votes=n) for c, n in votes.items())
    box.votes_entered = True
    box.save(update_fields=["votes_entered"])
    return box


@dataclass
class Result:
    body: str
    label: str
    seats: int
    voting: int  # ballots returned: those who voted
    issued: int
    valid: int
    rows: list = field(default_factory=list)  # (candidate, votes, outcome)
    boxes: int = 0
    counted: bool = False

    @property
    def elected(self):
        return [c for c, _v, outcome in self.rows if outcome == "elected"]

    @property
    def tied(self):
        return [c for c, _v, outcome in self.rows if outcome == "tie"]

    @property
    def unfilled(self) -> int:
        return self.seats - len(self.elected)

    @property
    def more_than_half(self) -> int:
        return self.voting // 2 + 1


def results(congress) -> list[Result]:
    """The result of each election from the ballots entered (boxes without votes not counted)."""
    boxes = list(congress.boxes.filter(votes_entered=True))
    votes = dict(BoxVote.objects.filter(box__congress=congress, box__votes_entered=True)
                 .values_list("candidate").annotate(n=Sum("votes")))
    candidates = list(congress.candidates.select_related("member"))
    out = []
    for body in Body:
        mine = [b for b in boxes if b.body == body]
        result = Result(body=body, label=body.label, seats=congress.seats(body), boxes=len(mine), counted=bool(mine),
                        voting=sum(b.returned for b in mine), issued=sum(b.issued for b in mine),
                        valid=sum(b.valid for b in mine))
        ranked = sorted(((c, votes.get(c.pk, 0)) for c in candidates if c.body == body),
                        key=lambda cv: (-cv[1], cv[0].member.name))
        above_half = [(c, v) for c, v in ranked if mine and 2 * v > result.voting]
        if len(above_half) > result.seats:
            last = above_half[result.seats - 1][1]
            if above_half[result.seats][1] == last:  # a tie for the last seat: not the software's call
                cut = {c.pk for c, v in above_half if v > last}
                tie = {c.pk for c, v in above_half if v == last}
            else:
                cut, tie = {c.pk for c, _v in above_half[:result.seats]}, set()
        else:
            cut, tie = {c.pk for c, _v in above_half}, set()
        for c, v in ranked:
            outcome = "elected" if c.pk in cut else "tie" if c.pk in tie else "not_elected" if mine else ""
            result.rows.append((c, v, outcome))
        out.append(result)
    return out


def report_refusals(congress, outcome=None) -> list[str]:
    outcome = outcome or results(congress)
    refusals = []
    if congress.held_on > timezone.localdate():
        refusals.append(_("The congress is held on %(day)s; its results are reported after it.") % {
            "day": congress.held_on})
    for result in outcome:
        if not result.counted:
            refusals.append(_("%(body)s: no ballots counted yet.") % {"body": result.label})
        elif result.tied:
            refusals.append(_("%(body)s: %(names)s are tied for the last seat; hold another ballot between them.") % {
                "body": result.label, "names": "、".join(c.member.name for c in result.tied)})
    by_body = {r.body: r for r in outcome}
    if by_body[Body.CHAIR].counted and not by_body[Body.CHAIR].elected:
        refusals.append(_("No chair was elected by more than half of those voting; hold another ballot."))
    committee = {c.member_id for c in by_body[Body.COMMITTEE].elected}
    for body in LEADERS:
        for c in by_body[body].elected:
            if c.member_id not in committee:
                refusals.append(_("%(name)s was elected %(post)s but not to the committee.") % {
                    "name": c.member.name, "post": c.get_body_display().lower()})
    return refusals


@transaction.atomic
def report(congress, *, by=None):
    congress = UnionCongress.objects.select_for_update(of=("self",)).select_related("union__parent").get(pk=congress.pk)
    if congress.state not in (UnionCongress.State.VOTING, UnionCongress.State.RETURNED):
        raise CongressError(_("These results are not being counted now."))
    if congress.union.parent is None:
        raise CongressError(_("%(union)s has no union above it to approve its election.") % {
            "union": congress.union.name})
    refusals = report_refusals(congress)
    if refusals:
        raise CongressError(" ".join(refusals))
    congress.state = UnionCongress.State.REPORTED
    congress.reported_on = timezone.localdate()
    congress.save(update_fields=["state", "reported_on"])
    notify(role_holders(congress.union.parent, APPROVER_ROLES), Notice.REPORTED, congress,
           organisation=congress.union.parent, exclude=by)
    return congress


@transaction.atomic
def return_results(congress, *, by, reason: str):
    congress = UnionCongress.objects.select_for_update().get(pk=congress.pk)
    if congress.state != UnionCongress.State.REPORTED:
        raise CongressError(_("Only reported results are returned."))
    if not reason.strip():
        raise CongressError(_("Say why the results are returned."), field="reason")
    congress.state = UnionCongress.State.RETURNED
    congress.return_reason, congress.decided_by, congress.decided_on = reason.strip(), by, timezone.localdate()
    congress.save(update_fields=["state", "return_reason", "decided_by", "decided_on"])
    notify(role_holders(congress.union, APPROVER_ROLES), Notice.RETURNED, congress,
           organisation=congress.union, exclude=by)
    return congress


def _end_previous(union, day):
    """Ends what the new committee replaces, the day before ``day``: the current committee term,
    the current committee and 经审会 posts, and the 经审会 in office."""
    CommitteeTerm.objects.filter(union=union).current(on=day).update(succeeded_on=day)
    eve = day - datetime.timedelta(days=1)
    for post in CadrePost.objects.current(on=eve).filter(organisation=union, position__in=ENDED_POSTS):
        post.term_end = max(eve, post.term_start)
        post.save(update_fields=["term_end"])
    for committee in AuditCommittee.objects.filter(organisation=union, term_end__gte=day):
        if committee.term_start < eve:
            finance_audit.committee_end(committee, on=eve)
        else:  # recorded from the same day or later: the congress replaces it before it began
            raise CongressError(_("%(union)s has a funds audit committee from %(start)s; end or correct it before "
                                  "approving.") % {"union": union.name, "start": committee.term_start})


@transaction.atomic
def approve(congress, *, by):
    """批复: the results take effect (see the module's note, 7)."""
    congress = UnionCongress.objects.select_for_update(of=("self",)).select_related("union").get(pk=congress.pk)
    if congress.state != UnionCongress.State.REPORTED:
        raise CongressError(_("Only reported results are approved."))
    outcome = {r.body: r for r in results(congress)}
    union, day = congress.union, congress.held_on
    _end_previous(union, day)
    last = CommitteeTerm.objects.filter(union=union).aggregate(n=Max("number"))["n"] or 0
    term = CommitteeTerm.objects.create(union=union, number=last + 1, length_years=congress.term_years,
                                        starts_on=day, note=str(congress)[:200])
    posts = [(c, CadrePost.Position.COMMITTEE) for c in outcome[Body.COMMITTEE].elected]
    posts += [(c, CadrePost.Position.CHAIR) for c in outcome[Body.CHAIR].elected]
    posts += [(c, CadrePost.Position.VICE_CHAIR) for c in outcome[Body.VICE_CHAIR].elected]
    posts += [(c, CadrePost.Position.FUNDS_REVIEW) for c in outcome[Body.AUDIT].elected]
    for candidate, position in posts:
        CadrePost.objects.create(member=candidate.member, organisation=union, position=position, term_start=day,
                                 note=str(congress)[:200])
    committee = finance_audit.committee_create(union, term_start=day, years=congress.term_years,
                                               elected_at=str(congress)[:200], by=by)
    for candidate in outcome[Body.AUDIT].elected:
        user = _login_of(candidate.member)
        if user is not None and not finance_audit.login_is_members_own(user, candidate.member):
            user = None
        finance_audit.seat_add(committee, candidate.member, user=user, by=by)
    chair = outcome[Body.CHAIR].elected
    if chair:
        union.chair_name = chair[0].member.name
        union.save(update_fields=["chair_name"])
    congress.state, congress.committee_term = UnionCongress.State.APPROVED, term
    congress.decided_by, congress.decided_on = by, timezone.localdate()
    congress.save(update_fields=["state", "committee_term", "decided_by", "decided_on"])
    notify(role_holders(union, APPROVER_ROLES), Notice.APPROVED, congress, organisation=union, exclude=by)
    return congress


def committee_shares(congress) -> dict:
    """Women among the elected committee (from the count, before or after approval)."""
    elected = {r.body: r for r in results(congress)}[Body.COMMITTEE].elected
    women = sum(1 for c in elected if c.member.gender == Member.Gender.FEMALE)
    return {"women": Share(women, len(elected))}


def committee_in_office(union) -> dict | None:
    """What the union's page shows: the current term, its committee and 经审会 members."""
    term = CommitteeTerm.objects.filter(union=union).current().order_by("-number").first()
    today = timezone.localdate()
    posts = list(CadrePost.objects.current().filter(organisation=union, position__in=ENDED_POSTS)
                 .select_related("member").order_by("position", "member__name"))
    audit_committee = (AuditCommittee.objects.filter(organisation=union, term_start__lte=today, term_end__gte=today)
                       .prefetch_related("members__member").first())
    if term is None and not posts and audit_committee is None:
        return None
    # Chair, vice-chairs, then the other committee members (a chair's committee post not repeated).
    rank = {CadrePost.Position.CHAIR: 0, CadrePost.Position.VICE_CHAIR: 1, CadrePost.Position.COMMITTEE: 2}
    leaders = {p.member_id for p in posts if rank.get(p.position, 2) < 2}
    shown = sorted((p for p in posts if p.position in rank
                    and not (p.position == CadrePost.Position.COMMITTEE and p.member_id in leaders)),
                   key=lambda p: rank[p.position])
    return {"term": term, "posts": shown,
            "audit_committee": audit_committee,
            "congress": UnionCongress.objects.filter(union=union).order_by("-number").first()}
