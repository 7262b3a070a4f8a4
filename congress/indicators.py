"""Indicators the congress offers to the registry (unionadmin.indicators).

Each computes a subtree's value in a constant number of queries, and per grassroots union
for drill-down. Proposal rates count the proposals of sessions held (dated) in the year.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry
from unionadmin.models import Organisation

from .models import CollectiveContract, Proposal, Reply, Session


def _grassroots(organisation):
    return Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)


def _as_of(year: int) -> datetime.date:
    """Today for the current year, the last day of a past year (and the first of a future one)."""
    today = timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


def _unit_of(path: str, unit_paths: list[tuple[int, str]]) -> int | None:
    for pk, unit_path in unit_paths:
        if path.startswith(unit_path):
            return pk
    return None


# --- collective contracts -----------------------------------------------------------------
def _enterprises(organisation):
    return _grassroots(organisation).filter(category=Organisation.Category.ENTERPRISE)


def _contract_in_force(year):
    day = _as_of(year)
    return Exists(CollectiveContract.objects.filter(
        union=OuterRef("pk"), kind=CollectiveContract.Kind.GENERAL, starts_on__lte=day, ends_on__gte=day,
    ))


def contract_signing_rate(organisation, year):
    counts = _enterprises(organisation).aggregate(
        total=Count("pk"), signed=Count("pk", filter=Q(_contract_in_force(year))),
    )
    return Measurement(counts["signed"], counts["total"])


def contract_signing_rate_units(organisation, year):
    rows = _enterprises(organisation).annotate(signed=_contract_in_force(year)).values_list("pk", "signed")
    return {pk: Measurement(1 if signed else 0, 1) for pk, signed in rows}


# --- congress held ------------------------------------------------------------------------
def _held(year):
    return Exists(Session.objects.filter(union=OuterRef("pk"), state=Session.State.HELD, held_on__year=year))


def congress_held(organisation, year):
    counts = _grassroots(organisation).aggregate(total=Count("pk"), held=Count("pk", filter=Q(_held(year))))
    return Measurement(counts["held"], counts["total"])


def congress_held_units(organisation, year):
    rows = _grassroots(organisation).annotate(held=_held(year)).values_list("pk", "held")
    return {pk: Measurement(1 if held else 0, 1) for pk, held in rows}


# --- proposals ----------------------------------------------------------------------------
def _formal(organisation, year):
    """Formal (numbered) proposals of the year's sessions in the subtree."""
    return Proposal.objects.filter(
        session__union__path__startswith=organisation.path, session__held_on__year=year,
        state__in=Proposal.NUMBERED_STATES,
    )


def _first_lead_reply(on_time: bool | None = None):
    replies = Reply.objects.filter(proposal=OuterRef("pk"), is_lead=True, round=1)
    return Exists(replies) if on_time is None else Exists(replies.filter(on_time_q()))


def on_time_q():
    # replied_at's local date on or before due_on; the local day ends at midnight Asia/Shanghai.
    from django.db.models import F
    from django.db.models.functions import TruncDate

    return Q(due_on__gte=TruncDate(F("replied_at"), tzinfo=timezone.get_current_timezone()))


RATES = {
    "handled": ("handled", "formal"),
    "on_time": ("on_time", "due"),
    "satisfaction": ("satisfied", "rated"),
}


def _proposal_measure(rate: str):
    numerator, denominator = RATES[rate]

    def measure(organisation, year):
        counts = _formal(organisation, year).aggregate(**_proposal_count_annotations(timezone.localdate()))
        return Measurement(counts[numerator], counts[denominator])

    def measure_units(organisation, year):
        units = list(_grassroots(organisation).values_list("pk", "path"))
        today = timezone.localdate()
        by_union = (
            _formal(organisation, year).values("session__union__path")
            .annotate(**_proposal_count_annotations(today))
        )
        totals = {pk: [0, 0] for pk, _path in units}
        for row in by_union:
            pk = _unit_of(row["session__union__path"], units)
            if pk is not None:
                totals[pk][0] += row[numerator]
                totals[pk][1] += row[denominator]
        return {pk: Measurement(n, d) for pk, (n, d) in totals.items()}

    return measure, measure_units


def _proposal_count_annotations(today):
    first_reply = _first_lead_reply()
    first_on_time = _first_lead_reply(on_time=True)
    return {
        "formal": Count("pk"),
        "handled": Count("pk", filter=Q(state__in=[Proposal.State.REPLIED, Proposal.State.CLOSED])),
        "due": Count("pk", filter=Q(first_reply) | Q(state=Proposal.State.ASSIGNED, round=1, deadline__lt=today)),
        "on_time": Count("pk", filter=Q(first_on_time)),
        "rated": Count("pk", filter=~Q(rating="")),
        "satisfied": Count("pk", filter=Q(rating__in=[Proposal.Rating.SATISFIED, Proposal.Rating.BASICALLY])),
    }


def register():
    registry.register(Indicator(
        code="contract_signing_rate", label=_("Collective contract signing rate"), unit="percent",
        measure=contract_signing_rate, measure_units=contract_signing_rate_units, default_target=Decimal("80"),
        description=_("Enterprise unions with a general collective contract in force, out of all enterprise unions."),
    ))
    for code, rate, label, description in [
        ("proposals_handled_rate", "handled", _("Proposals handled"),
         _("Formal proposals of the year's sessions that have been answered, out of all formal proposals.")),
        ("proposals_on_time_rate", "on_time", _("Proposals answered on time"),
         _("Formal proposals whose first answer came by the deadline, out of those answered or past their deadline.")),
        ("proposals_satisfaction_rate", "satisfaction", _("Proposers satisfied"),
         _("Rated proposals whose latest rating is satisfied or basically satisfied, out of all rated.")),
    ]:
        measure, measure_units = _proposal_measure(rate)
        registry.register(Indicator(code=code, label=label, unit="percent", measure=measure,
                                    measure_units=measure_units, description=description))
    registry.register(Indicator(
        code="congress_held", label=_("Congress held"), unit="percent",
        measure=congress_held, measure_units=congress_held_units, default_target=Decimal("100"),
        description=_("Grassroots unions whose congress held a session in the year."),
    ))
