"""Indicators the members app offers to the registry (registered in MembersConfig.ready).

The ``members`` source counts, per union, the members of a year: for the current year the
members whose status is active today; for an earlier year the members as of 31 December of
that year (joined by then, and either still active or left after it), counted in the union
they belong to today (a transfer moves the member's one record). An earlier year is today's
count corrected by the few members who joined or left since, so it costs an index scan of
those rows, not another pass over the roster.

The membership rate's denominator is the employees of the grassroots unions (the
``organisations`` source of unionadmin); it is today's figure for every year, since the
number of employees is not kept by year.
"""
import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import ORGANISATION_SECTION, Indicator, registry
from unionadmin.models import Organisation

from .models import Member

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
    in_tree = Member.objects.filter(union__in=Organisation.objects.subtree_of(root).values("pk"))
    today = timezone.localdate()
    now = _grouped(in_tree.filter(ACTIVE), **{key: Count("pk", filter=q) for key, q in PARTS.items()})
    result = {}
    for year in years:
        if year >= today.year:
            result[year] = now
            continue
        end = datetime.date(year, 12, 31)
        # Active today but joined after the year: not yet members then. Gone today but left after
        # the year (and joined by its end): still members then.
        joined_later = ACTIVE & Q(joined_on__gt=end)
        left_later = ~ACTIVE & Q(left_on__gt=end, joined_on__lte=end)
        changes = _grouped(
            in_tree.filter(joined_later | left_later),
            **{f"later_{key}": Count("pk", filter=joined_later & q) for key, q in PARTS.items()},
            **{f"left_{key}": Count("pk", filter=left_later & q) for key, q in PARTS.items()},
        )
        then = dict(now)  # the unions where nobody joined or left since count the same
        for union_id, change in changes.items():
            current = now.get(union_id, {})
            then[union_id] = {key: current.get(key, 0) - change[f"later_{key}"] + change[f"left_{key}"]
                              for key in PARTS}
        result[year] = then
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
        registry.register(Indicator(
            code=code, label=label, unit="percent" if denominator else "count", numerator=f"members:{key}",
            denominator=denominator, default_target=target, description=description, section=ORGANISATION_SECTION,
        ))
