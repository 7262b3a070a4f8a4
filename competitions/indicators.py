"""Indicators the competitions app offers to the registry.

* ``rationalisation_benefit``: the annual benefit (创效, yuan) of the rationalisation
  proposals and technical innovations implemented in the year.
* ``competitions_held``: labour competitions of the year that got as far as scoring (scoring,
  locked, on public notice or published), counted at the organisation that organised them.

One source, ``competitions``: two grouped queries for all the years asked; the registry rolls
a branch's rows up into its grassroots union.
"""
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry

from .models import Competition, ImprovementProposal

SECTION = _("Labour competitions")
HELD_STATES = [Competition.State.SCORING, Competition.State.LOCKED, Competition.State.NOTICE,
               Competition.State.PUBLISHED]


def count_competitions(root, years):
    implemented = ImprovementProposal.objects.filter(union__path__startswith=root.path,
                                                     state=ImprovementProposal.State.IMPLEMENTED)
    held = Competition.objects.filter(organiser__path__startswith=root.path, state__in=HELD_STATES)
    result = count_by_organisation(implemented, "union_id", years, "implemented_on__year",
                                   benefit=Sum("annual_benefit"))
    for year, rows in count_by_organisation(held, "organiser_id", years, "year", held=Count("pk")).items():
        for organisation_pk, counts in rows.items():
            result[year].setdefault(organisation_pk, {}).update(counts)
    return result


def register():
    registry.add_source("competitions", count_competitions, models=[Competition, ImprovementProposal])
    registry.register(Indicator(
        code="rationalisation_benefit", label=_("Benefit of rationalisation proposals"), unit="yuan",
        numerator="competitions:benefit", section=SECTION,
        description=_("The annual benefit, in yuan, of the rationalisation proposals and technical innovations "
                      "implemented in the year."),
    ))
    registry.register(Indicator(
        code="competitions_held", label=_("Labour competitions held"), unit="count", numerator="competitions:held",
        section=SECTION,
        description=_("Labour competitions of the year that reached scoring or later, organised in the subtree."),
    ))
