"""Reading the member tally (members.models.MemberTally): today's counts of a set of unions
without counting the roster. The triggers that keep it are in migration 0012_member_tally."""
from __future__ import annotations

from django.db.models import Sum

from .models import MemberTally

# The tally's columns of active members, named as members.indicators.PARTS names its parts.
ACTIVE_PARTS = ("active", "women", "migrant", "dispatched")


def active_in(unions) -> int:
    """The active members of these unions (a queryset of Organisation): one indexed query."""
    total = MemberTally.objects.filter(union__in=unions.values("pk")).aggregate(n=Sum("active"))["n"]
    return total or 0


def active_by_union(unions) -> dict[int, dict[str, int]]:
    """{union pk: {part: count}} for the unions with an active member, as the ``members``
    indicator source counts today (a union with none is absent, not 0)."""
    rows = (MemberTally.objects.filter(union__in=unions.values("pk"), active__gt=0)
            .values_list("union_id", *ACTIVE_PARTS))
    return {union_id: dict(zip(ACTIVE_PARTS, counts)) for union_id, *counts in rows}
