"""Indicators the congress offers to the registry (unionadmin.indicators).

Two sources, each one query for all the years asked whatever the number of units: ``unions``
(per grassroots union: enterprise or not, contract in force, congress held) and ``proposals``
(per union, the formal proposals of the sessions held (dated) in the year and how they went).
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry
from unionadmin.models import Organisation

from .models import CollectiveContract, Proposal, Reply, Session

SECTION = _("Democratic management")


def _grassroots(organisation):
    return Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)


def _as_of(year: int) -> datetime.date:
    """Today for the current year, the last day of a past year (and the first of a future one)."""
    today = timezone.localdate()
    if year == today.year:
        return today
    return datetime.date(year, 12, 31) if year < today.year else datetime.date(year, 1, 1)


# --- collective contracts and congress held: one row per grassroots union ------------------
def _contract_in_force(year):
    day = _as_of(year)
    return Exists(CollectiveContract.objects.filter(
        union=OuterRef("pk"), kind=CollectiveContract.Kind.GENERAL, starts_on__lte=day, ends_on__gte=day,
    ))


def _held(year):
    return Exists(Session.objects.filter(union=OuterRef("pk"), state=Session.State.HELD, held_on__year=year))


def count_unions(root, years):
    """Per active grassroots union and year: whether it is an enterprise, has a general
    collective contract in force (at the end of the year, today for this one) and held a
    session of its congress in the year. One query for all the years."""
    annotations = {}
    for year in years:
        annotations[f"signed_{year}"] = _contract_in_force(year)
        annotations[f"held_{year}"] = _held(year)
    rows = _grassroots(root).order_by().annotate(**annotations).values("pk", "category", *annotations)
    result = {year: {} for year in years}
    for row in rows:
        enterprise = row["category"] == Organisation.Category.ENTERPRISE
        for year in years:
            result[year][row["pk"]] = {
                "units": 1, "held": int(row[f"held_{year}"]),
                "enterprises": int(enterprise), "signed": int(enterprise and row[f"signed_{year}"]),
            }
    return result


# --- proposals ----------------------------------------------------------------------------
def on_time_q(prefix: str = ""):
    # replied_at's local date on or before due_on; the local day ends at midnight Asia/Shanghai.
    from django.db.models import F
    from django.db.models.functions import TruncDate

    return Q(**{f"{prefix}due_on__gte": TruncDate(F(f"{prefix}replied_at"), tzinfo=timezone.get_current_timezone())})


def _held_between(years, session: str = "session__") -> Q:
    # A date range rather than EXTRACT(YEAR …) IN (…): the planner estimates a range from the
    # column's statistics (an EXTRACT it guesses at 0.5 %, and then loops over the proposals).
    return Q(**{f"{session}held_on__gte": datetime.date(min(years), 1, 1),
                f"{session}held_on__lte": datetime.date(max(years), 12, 31)})


def count_proposals(root, years):
    """Per union whose congress met in the year: its formal proposals, handled, due, answered
    on time, rated and rated satisfied. One query for all the years."""
    today = timezone.localdate()
    proposals = Proposal.objects.filter(_held_between(years), session__union__path__startswith=root.path,
                                        state__in=Proposal.NUMBERED_STATES)
    # The proposals with a first-round lead reply (on time): uncorrelated, so PostgreSQL hashes
    # each list once instead of looking the replies up proposal by proposal.
    first = Reply.objects.filter(is_lead=True, round=1)
    replied = Q(pk__in=first.values("proposal_id"))
    on_time = Q(pk__in=first.filter(on_time_q()).values("proposal_id"))
    return count_by_organisation(proposals, "session__union_id", years, "session__held_on__year", **{
        "formal": Count("pk"),
        "handled": Count("pk", filter=Q(state__in=[Proposal.State.REPLIED, Proposal.State.CLOSED])),
        "due": Count("pk", filter=replied | Q(state=Proposal.State.ASSIGNED, round=1, deadline__lt=today)),
        "on_time": Count("pk", filter=on_time),
        "rated": Count("pk", filter=~Q(rating="")),
        "satisfied": Count("pk", filter=Q(rating__in=[Proposal.Rating.SATISFIED, Proposal.Rating.BASICALLY])),
    })


def register():
    registry.add_source("unions", count_unions, models=[CollectiveContract, Session])
    registry.add_source("proposals", count_proposals, models=[Proposal, Reply, Session])
    registry.register(Indicator(
        code="contract_signing_rate", label=_("Collective contract signing rate"), unit="percent",
        numerator="unions:signed", denominator="unions:enterprises", default_target=Decimal("80"), section=SECTION,
        description=_("Enterprise unions with a general collective contract in force, out of all enterprise unions."),
    ))
    for code, numerator, denominator, label, description in [
        ("proposals_handled_rate", "handled", "formal", _("Proposals handled"),
         _("Formal proposals of the year's sessions that have been answered, out of all formal proposals.")),
        ("proposals_on_time_rate", "on_time", "due", _("Proposals answered on time"),
         _("Formal proposals whose first answer came by the deadline, out of those answered or past their deadline.")),
        ("proposals_satisfaction_rate", "satisfied", "rated", _("Proposers satisfied"),
         _("Rated proposals whose latest rating is satisfied or basically satisfied, out of all rated.")),
    ]:
        registry.register(Indicator(code=code, label=label, unit="percent", numerator=f"proposals:{numerator}",
                                    denominator=f"proposals:{denominator}", description=description, section=SECTION))
    registry.register(Indicator(
        code="congress_held", label=_("Congress held"), unit="percent", numerator="unions:held",
        denominator="unions:units", default_target=Decimal("100"), section=SECTION,
        description=_("Grassroots unions whose congress held a session in the year."),
    ))
