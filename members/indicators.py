"""Indicators the members app offers to the registry (registered in MembersConfig.ready).

The ``members`` source counts, per union, the members of a year: for the current year the
members whose status is active today; for an earlier year the members as of 31 December of
that year (joined by then, and either still active or left after it), counted in the union
they belong to today (a transfer moves the member's one record). Today's figures are read from
the member tally that PostgreSQL keeps per union (members.models.tally), one row per union
rather than a pass over the roster. An earlier year is today's count corrected by the few
members who joined or left since, so it costs an index scan of those rows.

The membership rate's denominator is the employees of the grassroots unions (the
``organisations`` source of unionadmin); it is today's figure for every year, since the
number of employees is not kept by year. A union whose headcount is not on file (0) is left
out of the rate, members and all, and listed as incomplete; a union with more members than
employees counts at 100 % (``Indicator.judge``).

The ``joining`` source counts joining online (网上入会, issue 19) per union and year:
applications received (submitted in the year, whatever became of them), applications approved
(decided in the year) with the days each waited from submission to approval, and the members
who joined in the year (``joined_on``), all of them and those whose membership an approved
application created. Time to approve is the MEAN of those waits (total days ÷ approvals, so a
county's figure is its unions' waits together); the online share is members who joined through
an approved application ÷ all members who joined in the year. A union where nobody was approved
or nobody joined has no figure ("no data"), not 0.
"""
import datetime
from decimal import Decimal

from django.db.models import Count, DurationField, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import ORGANISATION_SECTION, Indicator, registry
from unionadmin.models import Organisation

from . import tallies
from .models import JoinApplication, Member

ACTIVE = Q(status=Member.Status.ACTIVE)
PARTS = {
    "active": Q(),
    "women": Q(gender=Member.Gender.FEMALE),
    "migrant": Q(employment_type=Member.EmploymentType.MIGRANT),
    "dispatched": Q(employment_type=Member.EmploymentType.DISPATCHED),
}


def _grouped(queryset, **aggregates) -> dict[int, dict]:
    return {row.pop("union_id"): row for row in queryset.values("union_id").annotate(**aggregates).order_by()}


def count_members(root, years):
    # A semi-join on the subtree's unions: cheaper than joining each member row to its union.
    unions = Organisation.objects.subtree_of(root)
    in_tree = Member.objects.filter(union__in=unions.values("pk"))
    today = timezone.localdate()
    # Today's figures from the tally the database keeps as members change (one row per union),
    # not a count of the roster: the same numbers (tests/members/test_member_tally.py).
    now = tallies.active_by_union(unions)
    earlier = [year for year in years if year < today.year]
    result = {year: now for year in years if year >= today.year}
    if not earlier:
        return result
    # Active today but joined after a year's end: not yet members then. Gone today but left
    # after it (and joined by then): still members then. One pass over the members who joined
    # or left since the earliest year's end (an index scan of a few percent of the roster).
    aggregates, since = {}, datetime.date(min(earlier), 12, 31)
    for year in earlier:
        end = datetime.date(year, 12, 31)
        joined_later = ACTIVE & Q(joined_on__gt=end)
        left_later = ~ACTIVE & Q(left_on__gt=end, joined_on__lte=end)
        for key, q in PARTS.items():
            aggregates[f"later_{key}_{year}"] = Count("pk", filter=joined_later & q)
            aggregates[f"left_{key}_{year}"] = Count("pk", filter=left_later & q)
    changes = _grouped(in_tree.filter((ACTIVE & Q(joined_on__gt=since)) | (~ACTIVE & Q(left_on__gt=since))),
                       **aggregates)
    for year in earlier:
        then = dict(now)  # the unions where nobody joined or left since count the same
        for union_id, change in changes.items():
            current = now.get(union_id, {})
            then[union_id] = {key: current.get(key, 0) - change[f"later_{key}_{year}"] + change[f"left_{key}_{year}"]
                              for key in PARTS}
        result[year] = then
    return result


DAY = Decimal(86400)
APPROVED = JoinApplication.State.APPROVED


def count_joining(root, years):
    """{year: {union pk: {received, approved, approval_days, joined, joined_online}}}: three
    grouped queries for all the years asked. A union's waits are added up to a tenth of a day."""
    years = list(years)
    result = {year: {} for year in years}

    def put(year, union_id, **counts):
        row = result[year].setdefault(union_id, {})
        row.update({key: n for key, n in counts.items() if n})

    applications = JoinApplication.objects.filter(union__path__startswith=root.path)
    for union_id, year, received in (applications.filter(submitted_at__year__in=years)
                                     .values_list("union_id", "submitted_at__year")
                                     .annotate(n=Count("pk")).order_by()):
        put(year, union_id, received=received)
    waited = Sum(F("decided_at") - F("submitted_at"), output_field=DurationField())
    for union_id, year, approved, total in (applications.filter(state=APPROVED, decided_at__year__in=years)
                                            .values_list("union_id", "decided_at__year")
                                            .annotate(n=Count("pk"), waited=waited).order_by()):
        days = (Decimal(total.total_seconds()) / DAY).quantize(Decimal("0.1")) if total else Decimal(0)
        put(year, union_id, approved=approved, approval_days=max(days, Decimal(0)))
    online = Exists(JoinApplication.objects.filter(member=OuterRef("pk"), state=APPROVED))
    joined = (Member.objects.filter(union__path__startswith=root.path, joined_on__year__in=years)
              .annotate(online=online).values_list("union_id", "joined_on__year")
              .annotate(n=Count("pk"), online_n=Count("pk", filter=Q(online=True))).order_by())
    for union_id, year, count, count_online in joined:
        put(year, union_id, joined=count, joined_online=count_online)
    return result


def register():
    registry.add_source("members", count_members, models=[Member])
    for code, key, label, denominator, target, description in [
        ("membership_rate", "active", _("Membership rate"), "organisations:employees", Decimal("100"),
         _("Members over employees of the grassroots unions.")),
        ("members_count", "active", _("Members"), None, None,
         _("Members at the end of the year (today, for this year); retired members are counted separately.")),
        ("women_members_share", "women", _("Women members"), "members:active", None,
         _("Women among members.")),
        ("migrant_members_share", "migrant", _("Migrant-worker members"), "members:active", None,
         _("Migrant workers among members.")),
        ("dispatched_members_share", "dispatched", _("Agency-dispatched members"), "members:active", None,
         _("Agency-dispatched workers among members.")),
    ]:
        headcount = denominator == "organisations:employees"
        registry.register(Indicator(
            code=code, label=label, unit="percent" if denominator else "count", numerator=f"members:{key}",
            denominator=denominator, default_target=target, description=description, section=ORGANISATION_SECTION,
            # The headcount is entered by hand and 0 until it is: a union without one is left out
            # of the rate (数据不全). More members than employees happens (agency workers who
            # joined at the host, a headcount not yet updated): such a union counts as fully
            # organised, 100 %, and is marked; its surplus never covers another union's gap.
            # The shares are counted from the roster (women are among the members): their
            # default "flag" applies.
            denominator_entered=headcount, over_denominator="cap" if headcount else "flag",
        ))
    register_joining()


def register_joining():
    """After the members' own indicators: joining online's four (issue 19)."""
    registry.add_source("joining", count_joining, models=[JoinApplication, Member])
    for code, key, label, description in [
        ("join_applications_received", "received", _("Join applications received"),
         _("Applications to join submitted online in the year, whatever became of them.")),
        ("join_applications_approved", "approved", _("Join applications approved"),
         _("Applications to join approved in the year.")),
    ]:
        registry.register(Indicator(code=code, label=label, unit="count", numerator=f"joining:{key}",
                                    description=description, section=ORGANISATION_SECTION))
    registry.register(Indicator(
        code="join_approval_days", label=_("Days to approve an application (mean)"), unit="days",
        numerator="joining:approval_days", denominator="joining:approved", mean=True, better="lower",
        section=ORGANISATION_SECTION,
        description=_("The mean wait, in days, from an online application's submission to its approval, of the "
                      "applications approved in the year; no figure when none was approved."),
    ))
    registry.register(Indicator(
        code="online_join_share", label=_("New members who joined online"), unit="percent",
        numerator="joining:joined_online", denominator="joining:joined", section=ORGANISATION_SECTION,
        description=_("Members who joined in the year through an approved online application, out of all members "
                      "who joined in the year; no figure when nobody joined."),
    ))
