"""The indicator the assessment offers: the share of assessed units up to standard or better.

It reads the published results only (``Result`` rows), so it counts what the federation
published, one aggregate query for a subtree and one for its units.
"""
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry

from . import grading
from .models import Result

GRADED = [grading.STANDARD, grading.EXEMPLARY]


def _results(organisation, year):
    return Result.objects.filter(rubric__year=year, unit__path__startswith=organisation.path)


def assessment_grade(organisation, year):
    counts = _results(organisation, year).aggregate(total=Count("unit", distinct=True),
                                                    graded=Count("unit", distinct=True, filter=Q(grade__in=GRADED)))
    return Measurement(counts["graded"], counts["total"])


def assessment_grade_units(organisation, year):
    by_unit = {}
    for unit_id, grade in _results(organisation, year).values_list("unit_id", "grade"):
        by_unit[unit_id] = by_unit.get(unit_id, False) or grade in GRADED
    return {unit_id: Measurement(1 if graded else 0, 1) for unit_id, graded in by_unit.items()}


def register():
    registry.register(Indicator(
        code="assessment_grade", label=_("Units up to standard in the assessment"), unit="percent",
        measure=assessment_grade, measure_units=assessment_grade_units, default_target=None,
        description=_("Assessed grassroots units graded up to standard (91 points) or exemplary (95), out of all "
                      "units with published results for the year."),
    ))
