"""The indicator the assessment offers: the share of assessed units up to standard or better.

It reads the published results only (``Result`` rows), so it counts what the federation
published: the ``assessment`` source is one grouped query for all the years asked. A unit
with results under more than one rubric of a year counts once, graded if any result is.
"""
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry

from . import grading
from .models import Result, Rubric

GRADED = [grading.STANDARD, grading.EXEMPLARY]


def count_results(root, years):
    results = Result.objects.filter(unit__path__startswith=root.path)
    counted = count_by_organisation(results, "unit_id", years, "rubric__year", assessed=Count("pk"),
                                    graded=Count("pk", filter=Q(grade__in=GRADED)),
                                    exemplary=Count("pk", filter=Q(grade=grading.EXEMPLARY)))
    return {year: {unit: {key: int(n > 0) for key, n in counts.items()} for unit, counts in rows.items()}
            for year, rows in counted.items()}


def register():
    registry.add_source("assessment", count_results, models=[Result, Rubric])
    registry.register(Indicator(
        code="assessment_grade", label=_("Units up to standard in the assessment"), unit="percent",
        numerator="assessment:graded", denominator="assessment:assessed", section=_("Target-management assessment"),
        parts=lambda: [("assessment:exemplary", _("Exemplary units (95 points or more)"))],
        description=_("Assessed grassroots units graded up to standard (91 points) or exemplary (95), out of all "
                      "units with published results for the year."),
    ))
