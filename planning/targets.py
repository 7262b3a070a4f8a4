"""Planning's target source for the indicator registry (registered in PlanningConfig.ready).

An organisation's target for an indicator in a year is the one set by an ISSUED work plan of
that year, issued by the organisation itself or by its closest ancestor that set one (the
nearest issuer wins; between two plans of the same issuer, the later issued). Only "at least"
targets are offered: the dashboard compares values as "met when ≥ target".
"""
from __future__ import annotations

from decimal import Decimal

from .models import PlanTarget, WorkPlan


def indicator_targets(organisation, year) -> dict[str, Decimal]:
    """{indicator code: target value}, in one query."""
    lineage = [int(segment) for segment in organisation.path.split("/") if segment]
    rows = (
        PlanTarget.objects.filter(
            kind=PlanTarget.Kind.INDICATOR,
            comparator=PlanTarget.Comparator.AT_LEAST,
            item__plan__state=WorkPlan.State.ISSUED,
            item__plan__year=year,
            item__plan__issuer_id__in=lineage,
        )
        .order_by("item__plan__issuer__depth", "item__plan__issued_at", "pk")
        .values_list("indicator_code", "target_value")
    )
    targets: dict[str, Decimal] = {}
    for code, value in rows:  # farthest first, so the nearest (and latest) issuer wins
        targets[code] = value
    return targets
