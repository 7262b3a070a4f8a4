"""Published results: one row per unit, written when the federation publishes the results.

Before publication the results page computes totals, grades and ranks live from the final
sheets (one aggregate query, see ``assessment.services.results``); publication freezes them
here, so the ranking units read, the summary PDF and the "assessment_grade" indicator stay
exactly what was published.
"""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.models import Organisation
from unionadmin.roles import OFFICER_ROLES
from unionadmin.scoping import FromAbove, Match, ScopedManager, ScopedQuerySet, ScopePolicy, Within

from .. import grading
from .rubrics import FEDERATION_ROLES, POINTS, Rubric
from .scoring import UnitAssessment


class Result(models.Model):
    class Grade(models.TextChoices):
        EXEMPLARY = grading.EXEMPLARY, _("Exemplary (达标标兵单位)")
        STANDARD = grading.STANDARD, _("Up to standard (达标单位)")
        NONE = grading.NO_GRADE, _("Not up to standard")

    # The unit's officers see their own row; the federation sees all (views show the ranking
    # to units only once published, which is when rows exist at all).
    scope = ScopePolicy(org_field="unit", roles={"view": frozenset({*OFFICER_ROLES, *FEDERATION_ROLES})})

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="results")
    assessment = models.OneToOneField(UnitAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE,
                                      related_name="result")
    unit = models.ForeignKey(Organisation, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("assessment category"), max_length=20, choices=Organisation.Category.choices)
    standard_points = models.DecimalField(_("points"), **POINTS)
    bonus_points = models.DecimalField(_("bonus points"), **POINTS)
    deduction_points = models.DecimalField(_("deductions"), **POINTS)
    total = models.DecimalField(_("total"), **POINTS)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices, blank=True)
    rank = models.PositiveIntegerField(pgettext_lazy("ranking", "rank"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["rubric", "category", "rank", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "unit"], name="result_one_per_unit"),
            models.CheckConstraint(condition=Q(vetoed=False) | (Q(grade="") & Q(rank__isnull=True)),
                                   name="result_veto_has_no_grade_or_rank"),
            models.CheckConstraint(condition=Q(grade__in=["", "standard", "exemplary"]), name="result_grade_valid"),
        ]
        indexes = [models.Index(fields=["rubric", "category", "rank"], name="result_ranking")]

    def __str__(self):
        return f"{self.unit} · {self.total}"


class RubricResults(Rubric):
    """The results of a rubric as a document, for the summary PDF (the pipeline checks who
    may see them with this proxy's ``visible_to``): the federation's roles at any time (marked
    provisional before publication), units below the federation once published."""

    scope = ScopePolicy(org_field="federation", rules=(
        Within(FEDERATION_ROLES, "view"),
        FromAbove("view", only=Match(results_published_at__isnull=False)),
    ))
    objects = ScopedManager()

    class Meta:
        proxy = True
        verbose_name = _("assessment results")
        verbose_name_plural = _("assessment results")
