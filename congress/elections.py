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
4. The count, only while counting and with the quorum present (at least two thirds of those
   entitled, 选举工作条例; the lists are not closed without it): per ballot box, or one entry of
   the totals of all boxes, one mode per round, never both; issued ≥ returned ≥ valid (also by
   the database), no candidate more votes than valid ballots, and no more votes in all than
   valid ballots × seats. A box entered by mistake is removed while counting (history kept).
5. ``results``: elected = more than half of those voting (ballots returned; the issue's rule,
   kept although the 条例 counts on those entitled), in order of votes up to the seats; a tie at
   the last seat is reported as a tie (never decided by the software), fewer above half than
   seats as seats left open. A later round (另行选举) is counted on its own, among the
   candidates named in it, for the seats still open; those elected before stay elected.
   Whoever reported the results or entered ballots does not approve or return them.
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
    # Only a grassroots union's congress starts a committee term of its own (换届 and its rate are
    # counted per grassroots union); federations, industry unions, branches and groups are refused.
    if union.level != Organisation.Level.GRASSROOTS:
        raise CongressError(_("%(union)s is not a grassroots union: only a grassroots union's congress is recorded "
                              "here.") % {"union": union.name}, field="union")
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
    women = []
    for index, unit in enumerate(units):
        members = Member.objects.active().filter(gender=Member.Gender.FEMALE)
        members = members.filter(union=unit) if index == 0 else members.filter(union__path__startswith=unit.path)
        women.append(members.count())
    women_seats = _share_out(math.ceil(congress.delegate_total * congress.women_percent / 100), seats,
                             caps=[min(s, w) for s, w in zip(seats, women)])
    frontline_seats = _share_out(math.ceil(congress.delegate_total * congress.frontline_percent / 100), seats,
                                 caps=seats)
    congress.quotas.all().delete()
    quotas = []
    for unit, members, unit_seats, w, f in zip(units, counts, seats, women_seats, frontline_seats):
        if members == 0:
            continue
        quotas.append(DelegateQuota.objects.create(congress=congress, unit=unit, members=members, seats=unit_seats,
                                                   women_seats=w, frontline_seats=f))
    return quotas


def _share_out(total: int, weights: list[int], *, caps: list[int]) -> list[int]:
    """``total`` minimum seats shared in proportion to ``weights`` (the units' delegate seats) by
    largest remainder, no unit above its cap (its seats, or the women it has); what a capped
    unit cannot take goes to the others. Less than ``total`` when the caps do not allow it: the
    union-wide shortfall is then shown (``quota_warnings``)."""
    out = [0] * len(weights)
    total = min(total, sum(caps))
    while sum(out) < total:  # each pass gives at least one seat: total <= the caps' sum
        open_units = [i for i in range(len(weights)) if out[i] < caps[i]]
        weight = {i: weights[i] or 0 for i in open_units}
        if not sum(weight.values()):  # units with no seats of their own: share evenly
            weight = dict.fromkeys(open_units, 1)
        left, all_weight = total - sum(out), sum(weight.values())
        exact = {i: left * weight[i] / all_weight for i in open_units}
        for i in open_units:
            out[i] += min(math.floor(exact[i]), caps[i] - out[i])
        left = total - sum(out)
        for i in sorted(open_units, key=lambda i: (-(exact[i] - math.floor(exact[i])), -weights[i])):
            if left and out[i] < caps[i]:
                out[i], left = out[i] + 1, left - 1
    return out


def quota_warnings(congress) -> list[str]:
    """The union-wide minimums the delegates (or the quotas, when short of women) do not meet."""
    if congress.kind != UnionCongress.Kind.DELEGATES or not congress.quotas.exists():
        return []
    warnings = []
    needed = math.ceil(congress.delegate_total * congress.women_percent / 100)
    shared = sum(congress.quotas.values_list("women_seats", flat=True))
    if shared < needed:
        warnings.append(_("The units have too few women members for the union's share: %(shared)s women delegates "
                          "can be asked of them, %(needed)s are wanted.") % {"shared": shared, "needed": needed})
    shares = delegate_shares(congress)
    if congress.delegates.count() >= congress.delegate_total:
        for key, percent, label in (("women", congress.women_percent, _("women")),
                                    ("frontline", congress.frontline_percent, _("front-line workers"))):
            wanted = math.ceil(congress.delegate_total * percent / 100)
            if shares[key].count < wanted:
                warnings.append(_("%(have)s %(who)s among the delegates; the union's share asks for at least "
                                  "%(wanted)s.") % {"have": shares[key].count, "who": label, "wanted": wanted})
    return warnings


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
    refusal = quorum_refusal(congress)
    if refusal:
        refusals.append(refusal)
    return refusals


def entitled(congress) -> int:
    """Those entitled to vote: as recorded, or the delegates recorded (a delegates' congress),
    or the union's active members (a general meeting)."""
    if congress.entitled:
        return congress.entitled
    if congress.kind == UnionCongress.Kind.DELEGATES:
        return congress.delegates.count()
    return Member.objects.active().in_subtree(congress.union).count()


def quorum_refusal(congress) -> str | None:
    """选举工作条例: the vote is held only with at least two thirds of those entitled present."""
    if congress.present is None:
        return _("Record how many of those entitled to vote are present (the roll call) first.")
    need = math.ceil(2 * entitled(congress) / 3)
    if congress.present < need:
        return _("%(present)s present of %(entitled)s entitled to vote: at least two thirds (%(need)s) must be "
                 "present for the vote.") % {"present": congress.present, "entitled": entitled(congress),
                                               "need": need}
    return None


def _locked_for_change(congress, states, refusal):
    congress = UnionCongress.objects.select_for_update(of=("self",)).select_related("union").get(pk=congress.pk)
    if congress.state not in states:
        raise CongressError(refusal)
    return congress


PREPARING = (UnionCongress.State.PREPARING,)
COUNTING = (UnionCongress.State.VOTING, UnionCongress.State.RETURNED)


@transaction.atomic
def candidate_remove(candidate):
    """A candidate added by mistake, taken off while the lists are prepared (history kept)."""
    _locked_for_change(candidate.congress, PREPARING, _("The candidate lists are closed."))
    candidate.delete()


@transaction.atomic
def delegate_remove(delegate):
    _locked_for_change(delegate.congress, PREPARING, _("The delegates are no longer being recorded."))
    delegate.delete()


@transaction.atomic
def box_delete(box):
    """A box entered by mistake, removed while the ballots are counted (history kept)."""
    _locked_for_change(box.congress, COUNTING, _("The ballots of this congress are not being counted now."))
    if BallotBox.objects.filter(congress=box.congress_id, body=box.body, round__gt=box.round).exists():
        raise CongressError(_("A later round of this election is entered; remove it first."))
    box.delete()


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

@transaction.atomic
def box_create(congress, *, body, label, issued, returned, valid, round=1, totals=False, by=None) -> BallotBox:
    congress = _locked_for_change(congress, COUNTING, _("The ballots of this congress are not being counted now."))
    refusal = quorum_refusal(congress)
    if refusal:
        raise CongressError(refusal)
    if returned > issued:
        raise CongressError(_("More ballots returned (%(returned)s) than issued (%(issued)s): count again.") % {
            "returned": returned, "issued": issued}, field="returned")
    if valid > returned:
        raise CongressError(_("More valid ballots (%(valid)s) than returned (%(returned)s).") % {
            "valid": valid, "returned": returned}, field="valid")
    same_round = congress.boxes.filter(body=body, round=round)
    if same_round.filter(label=label).exists():
        raise CongressError(_("This ballot box is already entered for this election."), field="label")
    # One counting mode per round: the boxes one by one, or their totals once, never both.
    if same_round.filter(totals=True).exists():
        raise CongressError(_("The totals of all boxes are entered for this round; correct that entry instead."),
                            field="totals")
    if totals and same_round.exists():
        raise CongressError(_("This round is counted box by box; its totals are added up here, not entered."),
                            field="totals")
    if round > 1:
        previous = {r.body: r for r in results(congress, up_to=round - 1)}[body]
        if previous.rounds_counted < round - 1:
            raise CongressError(_("Count round %(round)s first.") % {"round": round - 1}, field="round")
        if not previous.open_seats:
            raise CongressError(_("Every seat of this election is filled; there is no further round."), field="round")
    with saved_once(CongressError):
        return BallotBox.objects.create(congress=congress, body=body, label=label, issued=issued, round=round,
                                        totals=totals, returned=returned, valid=valid, entered_by=by)


@transaction.atomic
def box_update(box, *, issued, returned, valid) -> BallotBox:
    """A box's figures corrected while counting (a typo in "returned" moves the majority); the
    votes already entered must still fit (history kept)."""
    _locked_for_change(box.congress, COUNTING, _("The ballots of this congress are not being counted now."))
    box = BallotBox.objects.select_for_update(of=("self",)).get(pk=box.pk)
    if returned > issued:
        raise CongressError(_("More ballots returned (%(returned)s) than issued (%(issued)s): count again.") % {
            "returned": returned, "issued": issued}, field="returned")
    if valid > returned:
        raise CongressError(_("More valid ballots (%(valid)s) than returned (%(returned)s).") % {
            "valid": valid, "returned": returned}, field="valid")
    most = box.votes.aggregate(n=Max("votes"))["n"] or 0
    if most > valid:
        raise CongressError(_("A candidate has %(votes)s votes in this box, more than %(valid)s valid ballots: "
                              "correct the votes first.") % {"votes": most, "valid": valid}, field="valid")
    box.issued, box.returned, box.valid = issued, returned, valid
    box.save(update_fields=["issued", "returned", "valid"])
    return box


@transaction.atomic
def votes_enter(box, votes: dict, *, by=None) -> BallotBox:
    """``votes``: {candidate: votes for}. Replaces what the box had. In a later round only the
    candidates not elected before stand, for the seats still open."""
    congress = _locked_for_change(box.congress, COUNTING, _("The ballots of this congress are not being counted now."))
    box = BallotBox.objects.select_for_update(of=("self",)).get(pk=box.pk)
    box.congress = congress
    seats = congress.seats(box.body)
    elected_before = set()
    if box.round > 1:
        before = {r.body: r for r in results(congress, up_to=box.round - 1)}[box.body]
        elected_before, seats = {c.pk for c in before.elected}, before.open_seats
    for candidate, n in votes.items():
        if candidate.congress_id != box.congress_id or candidate.body != box.body:
            raise CongressError(_("%(name)s is not a candidate in this election.") % {"name": candidate.member.name})
        if candidate.pk in elected_before and n:
            raise CongressError(_("%(name)s was elected in an earlier round.") % {"name": candidate.member.name})
        if n > box.valid:
            raise CongressError(_("%(name)s has %(votes)s votes, more than the %(valid)s valid ballots.") % {
                "name": candidate.member.name, "votes": n, "valid": box.valid})
    if sum(votes.values()) > box.valid * seats:
        raise CongressError(_("%(total)s votes in all, more than %(valid)s valid ballots with %(seats)s choices "
                              "each allow.") % {"total": sum(votes.values()), "valid": box.valid, "seats": seats})
    box.votes.all().delete()
    BoxVote.objects.bulk_create(BoxVote(box=box, candidate=c, votes=n) for c, n in votes.items()
                                if c.pk not in elected_before)
    box.votes_entered = True
    box.entered_by = by or box.entered_by
    box.save(update_fields=["votes_entered", "entered_by"])
    return box


@dataclass
class Round:
    number: int
    voting: int  # ballots returned in this round: those who voted
    issued: int
    valid: int
    seats: int  # the seats this round decided on (those the rounds before left open)

    @property
    def more_than_half(self) -> int:
        return self.voting // 2 + 1


@dataclass
class Result:
    body: str
    label: str
    seats: int
    voting: int  # round 1's ballots returned (each round's own are in ``rounds``)
    issued: int
    valid: int
    rows: list = field(default_factory=list)  # (candidate, votes in the round that decided, outcome)
    boxes: int = 0
    counted: bool = False
    rounds: list = field(default_factory=list)

    @property
    def elected(self):
        return [c for c, _v, outcome in self.rows if outcome == "elected"]

    @property
    def tied(self):
        return [c for c, _v, outcome in self.rows if outcome == "tie"]

    @property
    def unfilled(self) -> int:
        return self.seats - len(self.elected)

    open_seats = unfilled

    @property
    def rounds_counted(self) -> int:
        return len(self.rounds)

    @property
    def more_than_half(self) -> int:
        return self.voting // 2 + 1


def _decide(ranked, voting, seats):
    """Who of ``ranked`` [(candidate, votes)] is elected to ``seats`` by more than half of
    ``voting``, and who is tied for the last seat (never decided by the software)."""
    above_half = [(c, v) for c, v in ranked if 2 * v > voting]
    if seats < 1:
        return set(), set()
    if len(above_half) > seats:
        last = above_half[seats - 1][1]
        if above_half[seats][1] == last:
            return {c.pk for c, v in above_half if v > last}, {c.pk for c, v in above_half if v == last}
        return {c.pk for c, _v in above_half[:seats]}, set()
    return {c.pk for c, _v in above_half}, set()


def results(congress, *, up_to: int | None = None) -> list[Result]:
    """The result of each election from the ballots entered (boxes without votes not counted).
    Each round is counted on its own: round 1 among all the candidates of the list, a later
    round among the candidates named in it for the seats still open; those elected in an earlier
    round stay elected. ``up_to``: the rounds up to this one only."""
    boxes = congress.boxes.filter(votes_entered=True)
    box_votes = BoxVote.objects.filter(box__congress=congress, box__votes_entered=True)
    if up_to is not None:
        boxes, box_votes = boxes.filter(round__lte=up_to), box_votes.filter(box__round__lte=up_to)
    boxes = list(boxes)
    votes = {(c, r): n for c, r, n in box_votes.values_list("candidate", "box__round").annotate(n=Sum("votes"))}
    candidates = list(congress.candidates.select_related("member"))
    out = []
    for body in Body:
        mine = [b for b in boxes if b.body == body]
        first = [b for b in mine if b.round == 1]
        result = Result(body=body, label=body.label, seats=congress.seats(body), boxes=len(mine), counted=bool(mine),
                        voting=sum(b.returned for b in first), issued=sum(b.issued for b in first),
                        valid=sum(b.valid for b in first))
        listed = [c for c in candidates if c.body == body]
        decided = {c.pk: (c, votes.get((c.pk, 1), 0), "not_elected" if mine else "", 1) for c in listed}
        elected = 0
        for number in sorted({b.round for b in mine}):
            in_round = [b for b in mine if b.round == number]
            stands = [c for c in listed if (number == 1 or (c.pk, number) in votes)
                      and decided[c.pk][2] != "elected"]
            ranked = sorted(((c, votes.get((c.pk, number), 0)) for c in stands), key=lambda cv: (-cv[1], cv[0].member.name))
            this = Round(number=number, voting=sum(b.returned for b in in_round), valid=sum(b.valid for b in in_round),
                         issued=sum(b.issued for b in in_round), seats=result.seats - elected)
            cut, tie = _decide(ranked, this.voting, this.seats)
            for c, v in ranked:
                decided[c.pk] = (c, v, "elected" if c.pk in cut else "tie" if c.pk in tie else "not_elected", number)
            elected += len(cut)
            result.rounds.append(this)
        order = {"elected": 0, "tie": 1}
        ordered = sorted(decided.values(), key=lambda row: (order.get(row[2], 2), row[3] if row[2] == "elected"
                                                            else 0, -row[1], row[0].member.name))
        result.rows = [(c, v, outcome) for c, v, outcome, _round in ordered]
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
            refusals.append(_("%(body)s: %(names)s are tied for the last seat; enter another round (另行选举) between "
                              "them.") % {"body": result.label, "names": "、".join(c.member.name for c in result.tied)})
    by_body = {r.body: r for r in outcome}
    if by_body[Body.CHAIR].counted and not by_body[Body.CHAIR].elected:
        refusals.append(_("No chair was elected by more than half of those voting; enter another round."))
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
    congress.reported_on, congress.reported_by = timezone.localdate(), by
    congress.save(update_fields=["state", "reported_on", "reported_by"])
    notify(role_holders(congress.union.parent, APPROVER_ROLES), Notice.REPORTED, congress,
           organisation=congress.union.parent, exclude=by)
    return congress


@transaction.atomic
def return_results(congress, *, by, reason: str):
    congress = UnionCongress.objects.select_for_update().get(pk=congress.pk)
    if congress.state != UnionCongress.State.REPORTED:
        raise CongressError(_("Only reported results are returned."))
    _refuse_own_count(congress, by)
    if not reason.strip():
        raise CongressError(_("Say why the results are returned."), field="reason")
    congress.state = UnionCongress.State.RETURNED
    congress.return_reason, congress.decided_by, congress.decided_on = reason.strip(), by, timezone.localdate()
    congress.save(update_fields=["state", "return_reason", "decided_by", "decided_on"])
    notify(role_holders(congress.union, APPROVER_ROLES), Notice.RETURNED, congress,
           organisation=congress.union, exclude=by)
    return congress


def _refuse_own_count(congress, by):
    """Four eyes: whoever reported the results or entered ballots does not decide on them."""
    if congress.counted_by(by):
        raise CongressError(_("You reported these results or entered their ballots; another officer of the union "
                              "above decides on them."))


def _end_previous(union, day):
    """Ends what the new committee replaces, the day before ``day``: the current committee term,
    the current committee and 经审会 posts, and the 经审会 in office."""
    # The committee term's end is set by reelection.term_from_congress (it relinks the union's terms).
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
    _refuse_own_count(congress, by)
    outcome = {r.body: r for r in results(congress)}
    union, day = congress.union, congress.held_on
    _end_previous(union, day)
    from . import reelection  # the one path that writes committee terms (locks the union, keeps the order)

    term = reelection.term_from_congress(congress)
    posts = [(c, CadrePost.Position.COMMITTEE) for c in outcome[Body.COMMITTEE].elected]
    posts += [(c, CadrePost.Position.CHAIR) for c in outcome[Body.CHAIR].elected]
    posts += [(c, CadrePost.Position.VICE_CHAIR) for c in outcome[Body.VICE_CHAIR].elected]
    posts += [(c, CadrePost.Position.FUNDS_REVIEW) for c in outcome[Body.AUDIT].elected]
    for candidate, position in posts:
        CadrePost.objects.create(member=candidate.member, organisation=union, position=position, term_start=day,
                                 note=str(congress)[:200])
    committee = finance_audit.committee_create(union, term_start=day, years=congress.term_years,
                                               elected_at=str(congress)[:200], by=by)
    # No login is linked (nor its role granted) from a phone number here: the 经审会's logins are
    # linked on its own page in finance, by someone who sees which login it is.
    for candidate in outcome[Body.AUDIT].elected:
        finance_audit.seat_add(committee, candidate.member, user=None, by=by)
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
