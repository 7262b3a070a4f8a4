"""Women workers' work (女职工工作): the committee's term and seats, the director's cadre post
kept in step, activities, the share of women, and the special-contract signing rate.

Rules (docs in /tmp/docs/women.md):
- one committee per union at a time: a term overlapping another of the same union is refused
  (checked under a lock on the union's row, so two clicks cannot both pass);
- a seat is held by an active member of the committee's own union; one director at a time;
- the director holds a members.CadrePost WOMEN_DIRECTOR from the later of her seat and the term's
  start to the earlier of her removal and the term's end; removing her, making her deputy or
  ending the committee ends the post on that day.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import CadrePost, Member
from unionadmin.models import Organisation
from unionadmin.ordering import in_choice_order

from .indicators import _as_of, _grassroots
from .models import (
    CollectiveContract,
    CommitteeTerm,
    Delegate,
    UnionCongress,
    UnionDelegate,
    WomenActivity,
    WomenCommittee,
    WomenCommitteeMember,
)
from .services import CongressError

# The posts that make up a union's committee (工会委员会) for the share of women among them.
COMMITTEE_POSITIONS = (CadrePost.Position.CHAIR, CadrePost.Position.VICE_CHAIR, CadrePost.Position.COMMITTEE)


class WomenError(CongressError):
    pass


# --- the committee ---------------------------------------------------------------------------
def _lock_union(union) -> None:
    Organisation.objects.select_for_update().filter(pk=union.pk).first()


def _overlapping(union, starts_on, ends_on, *, exclude=None):
    qs = WomenCommittee.objects.filter(union=union, starts_on__lte=ends_on, ends_on__gte=starts_on)
    return qs.exclude(pk=exclude.pk) if exclude else qs


def committee_create(union, *, starts_on, ends_on, note="") -> WomenCommittee:
    if ends_on <= starts_on:
        raise WomenError(_("A term ends after it starts."), field="ends_on")
    with transaction.atomic():
        _lock_union(union)
        other = _overlapping(union, starts_on, ends_on).first()
        if other:
            raise WomenError(_("This union already has a women workers' committee for %(start)s to %(end)s; a union "
                               "has one committee at a time. End that one first or choose dates after it.") % {
                "start": other.starts_on.isoformat(), "end": other.ends_on.isoformat()}, field="starts_on")
        return WomenCommittee.objects.create(union=union, starts_on=starts_on, ends_on=ends_on, note=note)


def committee_end(committee: WomenCommittee, *, on: datetime.date) -> WomenCommittee:
    """The committee's term ends on ``on`` (early, e.g. at 换届); the director's post ends with it."""
    if on <= committee.starts_on:
        raise WomenError(_("The committee can only end after its term began (%(start)s).") % {
            "start": committee.starts_on.isoformat()}, field="on")
    if on > committee.ends_on:
        raise WomenError(_("The term already ends on %(end)s.") % {"end": committee.ends_on.isoformat()}, field="on")
    with transaction.atomic():
        committee = WomenCommittee.objects.select_for_update().get(pk=committee.pk)
        committee.ends_on = on
        committee.save(update_fields=["ends_on"])
        for seat in committee.seats.select_related("member", "cadre_post", "committee__union"):
            if seat.left_on and seat.left_on > on:
                seat.left_on = on
                seat.save(update_fields=["left_on"])
            _sync_post(seat)
    return committee


# --- seats -----------------------------------------------------------------------------------
def seat_add(committee: WomenCommittee, *, member: Member, position: str, joined_on: datetime.date):
    if member.union_id != committee.union_id:
        raise WomenError(_("Choose a member of this union."), field="member")
    if member.status != Member.Status.ACTIVE:
        raise WomenError(_("%(name)s is no longer a member of the union.") % {"name": member.name}, field="member")
    if not committee.starts_on <= joined_on <= committee.ends_on:
        raise WomenError(_("The date must fall within the committee's term (%(start)s to %(end)s).") % {
            "start": committee.starts_on.isoformat(), "end": committee.ends_on.isoformat()}, field="joined_on")
    with transaction.atomic():
        committee = WomenCommittee.objects.select_for_update().get(pk=committee.pk)
        current = committee.seats.filter(left_on__isnull=True)
        if current.filter(member=member).exists():
            raise WomenError(_("%(name)s already sits on this committee.") % {"name": member.name}, field="member")
        if position == WomenCommitteeMember.Position.DIRECTOR:
            director = current.filter(position=position).select_related("member").first()
            if director:
                raise WomenError(_("The committee already has a director, %(name)s; remove her first.") % {
                    "name": director.member.name}, field="position")
        seat = WomenCommitteeMember.objects.create(committee=committee, member=member, position=position,
                                                   joined_on=joined_on)
        _sync_post(seat)
    return seat


def seat_remove(seat: WomenCommitteeMember, *, on: datetime.date) -> WomenCommitteeMember:
    if seat.left_on:
        raise WomenError(_("%(name)s has already been removed.") % {"name": seat.member.name})
    if on < seat.joined_on:
        raise WomenError(_("The removal cannot be before %(name)s joined (%(date)s).") % {
            "name": seat.member.name, "date": seat.joined_on.isoformat()}, field="on")
    with transaction.atomic():
        seat = WomenCommitteeMember.objects.select_for_update(of=("self",)).select_related(
            "committee__union", "member", "cadre_post").get(pk=seat.pk)
        seat.left_on = min(on, seat.committee.ends_on)
        seat.save(update_fields=["left_on"])
        _sync_post(seat)
    return seat


def _sync_post(seat: WomenCommitteeMember) -> None:
    """The director's WOMEN_DIRECTOR post, made or moved to the seat's and term's dates."""
    committee = seat.committee
    start = max(seat.joined_on, committee.starts_on)
    end = min(d for d in (seat.left_on, committee.ends_on) if d)
    post = seat.cadre_post
    if seat.position != WomenCommitteeMember.Position.DIRECTOR:
        return  # only the director holds a cadre post for her seat
    if post is None:
        seat.cadre_post = CadrePost.objects.create(
            member=seat.member, organisation=committee.union, position=CadrePost.Position.WOMEN_DIRECTOR,
            term_start=start, term_end=max(start, end), note=_("Women workers' committee"))
        seat.save(update_fields=["cadre_post"])
    elif (post.term_start, post.term_end) != (start, max(start, end)):
        post.term_start, post.term_end = start, max(start, end)
        post.save(update_fields=["term_start", "term_end"])


# --- activities --------------------------------------------------------------------------------
def activity_totals(activities) -> list[dict]:
    """Per kind: activities, women taking part, of whom members, cost; the whole last."""
    rows = {row["kind"]: row for row in activities.order_by().values("kind").annotate(
        count=Count("pk"), participants=Sum("participants"), members=Sum("members_taking_part"), cost=Sum("cost"))}
    totals = []
    for kind, label in WomenActivity.Kind.choices:
        if kind in rows:
            totals.append({**rows[kind], "label": label})
    if totals:
        totals.append({"kind": "", "label": _("Total"), **{
            key: sum((row[key] or 0) for row in totals) for key in ("count", "participants", "members", "cost")}})
    return totals


# --- the share of women ------------------------------------------------------------------------
def _share(women: int, total: int) -> dict:
    percent = (Decimal(women) * 100 / total).quantize(Decimal("0.1")) if total else None
    return {"women": women, "total": total, "percent": percent}


def _count_by_union(queryset, union_field: str, gender_field: str, distinct_field: str = "pk") -> dict:
    rows = queryset.order_by().values(union_field).annotate(
        total=Count(distinct_field, distinct=True),
        women=Count(distinct_field, distinct=True, filter=Q(**{gender_field: Member.Gender.FEMALE})))
    return {row[union_field]: (row["women"], row["total"]) for row in rows}


def _members_by_subtree(paths: dict[str, int]) -> dict:
    """Active members of each union's whole subtree (the union itself and its branches, 分工会,
    小组), counted in one query grouped by the members' own unit and rolled up to every union
    asked for whose path is a prefix of it (paths are fixed-width segments ending in "/")."""
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    if not tops:
        return {}
    within = Q()
    for path in tops:
        within |= Q(union__path__startswith=path)
    rolled = defaultdict(lambda: [0, 0])
    rows = Member.objects.active().filter(within).order_by().values("union__path").annotate(
        total=Count("pk"), women=Count("pk", filter=Q(gender=Member.Gender.FEMALE)))
    for row in rows:
        path = row["union__path"]
        for end in range(len(path), 0, -1):
            if path[end - 1] == "/" and path[:end] in paths:
                counts = rolled[paths[path[:end]]]
                counts[0] += row["women"]
                counts[1] += row["total"]
    return {pk: tuple(counts) for pk, counts in rolled.items()}


def _latest_union_congress(on: datetime.date):
    """The union's latest congress (工会会员代表大会) for the delegates' share: the highest
    number; for a past period (``on`` before today) only one held by then, so a year's
    figures do not change when the next congress is prepared."""
    congresses = UnionCongress.objects.filter(union=OuterRef("congress__union")).order_by("-number")
    if on < timezone.localdate():
        congresses = congresses.filter(held_on__lte=on)
    return Subquery(congresses.values("pk")[:1])


def women_shares(union_ids, on: datetime.date | None = None, *, paths: dict[str, int] | None = None) -> dict[int, dict]:
    """Per union, the share of women among
    - ``delegates``: its workers' congress (职代会) delegates serving in the current term;
    - ``union_delegates``: the delegates of its latest union congress (工会会员代表大会);
    - ``committee``: its OWN current committee (chair, vice-chairs, committee members: each
      person once), not its branches' committees;
    - ``members``: the active members of its whole subtree (its branches included).
    The one helper behind the union's tab, the overview and its XLSX. Four queries whatever the
    number of unions (five without ``paths``, {path: pk} of the unions)."""
    on = on or timezone.localdate()
    union_ids = list(union_ids)
    if paths is None:
        paths = dict(Organisation.objects.filter(pk__in=union_ids).values_list("path", "pk"))
    delegates = _count_by_union(
        Delegate.objects.filter(term__congress__union_id__in=union_ids, is_active=True,
                                term__starts_on__lte=on, term__ends_on__gte=on),
        "term__congress__union_id", "gender")
    union_delegates = _count_by_union(
        UnionDelegate.objects.filter(congress__union_id__in=union_ids, congress=_latest_union_congress(on)),
        "congress__union_id", "member__gender")
    committee = _count_by_union(
        CadrePost.objects.current(on).filter(organisation_id__in=union_ids, position__in=COMMITTEE_POSITIONS),
        "organisation_id", "member__gender", "member_id")
    members = _members_by_subtree(paths)
    return {pk: {"delegates": _share(*delegates.get(pk, (0, 0))),
                 "union_delegates": _share(*union_delegates.get(pk, (0, 0))),
                 "committee": _share(*committee.get(pk, (0, 0))),
                 "members": _share(*members.get(pk, (0, 0)))} for pk in union_ids}


def term_mismatch(committee, term) -> bool:
    """The women workers' committee is elected with the union committee and serves its term (a
    hint, never a block): it no longer matches when it began before the union committee's
    current term (an earlier 届's) or runs past that term's end."""
    return bool(committee and term and (committee.starts_on < term.starts_on or committee.ends_on > term.ends_on))


# --- the union's tab and the federation's overview ----------------------------------------------
def women_contract_in_force(on):
    return CollectiveContract.objects.filter(kind=CollectiveContract.Kind.WOMEN, starts_on__lte=on, ends_on__gte=on)


def union_summary(union, user, *, on=None) -> dict:
    """What the union's 女职工 tab shows, scoped to ``user``."""
    on = on or timezone.localdate()
    committee = (WomenCommittee.objects.visible_to(user).filter(union=union).current(on).first()
                 or WomenCommittee.objects.visible_to(user).filter(union=union, starts_on__gt=on)
                 .order_by("starts_on").first())
    seats = []
    if committee:
        seats = list(committee.seats.filter(left_on__isnull=True).select_related("member")
                     .order_by(in_choice_order("position", WomenCommitteeMember.Position), "member__name"))
    term = CommitteeTerm.objects.visible_to(user).filter(union=union).current(on).order_by("-starts_on").first()
    activities = WomenActivity.objects.visible_to(user).filter(union=union, held_on__year=on.year)
    return {
        "union": union, "committee": committee, "seats": seats,
        "contract": women_contract_in_force(on).visible_to(user).filter(union=union).order_by("-ends_on").first(),
        "activities": list(activities.order_by("-held_on")[:10]),
        "totals": activity_totals(activities),
        "shares": women_shares([union.pk], on, paths={union.path: union.pk})[union.pk],
        "term": term, "term_mismatch": term_mismatch(committee, term),
        "year": on.year,
    }


def overview_rows(root, user, *, year: int) -> list[dict]:
    """Every active grassroots union below ``root`` the user may see: committee in place, women's
    special contract in force, activities of ``year`` and the shares of women. The state is
    taken at the year's end for a past year, today for this one."""
    on = _as_of(year)
    unions = list(
        Organisation.objects.visible_to(user).filter(path__startswith=root.path if root else "")
        .grassroots().filter(is_active=True).annotate(
            has_committee=Exists(WomenCommittee.objects.filter(union=OuterRef("pk")).current(on)),
            has_contract=Exists(women_contract_in_force(on).filter(union=OuterRef("pk"))),
            activities=Count("women_activities", filter=Q(women_activities__held_on__year=year)),
        ).order_by("path"))
    shares = women_shares([u.pk for u in unions], on, paths={u.path: u.pk for u in unions})
    return [{"union": u, "shares": shares[u.pk]} for u in unions]


# --- the indicator ---------------------------------------------------------------------------------
def count_women_contracts(root, years):
    """Per active grassroots union and year: enterprise or not, and a women's special contract
    in force at the period's end (today for this year). The denominator follows the general
    contract's signing rate (congress/indicators.py): enterprise unions. One query."""
    annotations = {f"women_{year}": Exists(women_contract_in_force(_as_of(year)).filter(union=OuterRef("pk")))
                   for year in years}
    rows = _grassroots(root).order_by().annotate(**annotations).values("pk", "category", *annotations)
    result = defaultdict(dict)
    for row in rows:
        enterprise = row["category"] == Organisation.Category.ENTERPRISE
        for year in years:
            result[year][row["pk"]] = {"enterprises": int(enterprise),
                                       "women_signed": int(enterprise and row[f"women_{year}"])}
    return {year: result[year] for year in years}
