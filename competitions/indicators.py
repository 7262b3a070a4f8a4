"""Indicators the competitions app offers to the registry.

* ``rationalisation_benefit``: the annual benefit (创效, yuan) of the rationalisation
  proposals and technical innovations implemented in the year, in the subtree, and per
  grassroots union (its branches and groups rolled up into it).
* ``competitions_held``: labour competitions of the year organised in the subtree that got
  as far as scoring (scoring, locked, on public notice or published); per grassroots union,
  those it or its branches organised.

Each is one query for the subtree and two per unit.
"""
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry
from unionadmin.models import Organisation

from .models import Competition, ImprovementProposal

HELD_STATES = [Competition.State.SCORING, Competition.State.LOCKED, Competition.State.NOTICE,
               Competition.State.PUBLISHED]


def _roll_up(organisation, values_by_path: dict, zero):
    """{grassroots pk: value} from {organisation path: value}: branches count towards their union."""
    units = Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True).values_list("pk", "path")
    return {pk: sum((v for p, v in values_by_path.items() if p.startswith(path)), zero) for pk, path in units}


def _implemented(organisation, year):
    return ImprovementProposal.objects.filter(union__path__startswith=organisation.path,
                                              state=ImprovementProposal.State.IMPLEMENTED, implemented_on__year=year)


def benefit(organisation, year):
    total = _implemented(organisation, year).aggregate(total=Sum("annual_benefit"))["total"]
    return Measurement(total or Decimal("0.00"))


def benefit_units(organisation, year):
    rows = _implemented(organisation, year).values("union__path").annotate(total=Sum("annual_benefit"))
    by_path = {row["union__path"]: row["total"] for row in rows}
    return {pk: Measurement(value) for pk, value in _roll_up(organisation, by_path, Decimal("0.00")).items()}


def _held(organisation, year):
    return Competition.objects.filter(organiser__path__startswith=organisation.path, year=year,
                                      state__in=HELD_STATES)


def held(organisation, year):
    return Measurement(_held(organisation, year).count())


def held_units(organisation, year):
    rows = _held(organisation, year).values("organiser__path").annotate(n=Count("pk"))
    by_path = {row["organiser__path"]: row["n"] for row in rows}
    return {pk: Measurement(value) for pk, value in _roll_up(organisation, by_path, 0).items()}


def register():
    registry.register(Indicator(
        code="rationalisation_benefit", label=_("Benefit of rationalisation proposals"), unit="yuan",
        measure=benefit, measure_units=benefit_units,
        description=_("The annual benefit, in yuan, of the rationalisation proposals and technical innovations "
                      "implemented in the year."),
    ))
    registry.register(Indicator(
        code="competitions_held", label=_("Labour competitions held"), unit="count",
        measure=held, measure_units=held_units,
        description=_("Labour competitions of the year that reached scoring or later, organised in the subtree."),
    ))
