"""Labour-relations early warning (劳动关系预警): disputes and risks the union hears of."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy


class LabourRisk(models.Model):
    class Kind(models.TextChoices):
        WAGE_ARREARS = "wage_arrears", _("Wage arrears")
        LAYOFFS = "layoffs", _("Lay-offs or closure")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance not paid")
        HOURS = "hours", _("Working hours and rest")
        SAFETY = "safety", _("Safety and occupational health")
        RESTRUCTURING = "restructuring", _("Restructuring or relocation")
        COLLECTIVE_DISPUTE = "collective_dispute", _("Collective dispute or stoppage")
        OTHER = "other", _("Other")

    class Level(models.TextChoices):
        """Ordered from least to most serious."""

        GENERAL = "general", _("General")
        SIGNIFICANT = "significant", _("Significant")
        SERIOUS = "serious", _("Serious")

    class State(models.TextChoices):
        OPEN = "open", _("Reported")
        HANDLING = "handling", _("Being handled")
        RESOLVED = "resolved", _("Resolved")

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})
    level_tones = {Level.GENERAL: "light border", Level.SIGNIFICANT: "warning", Level.SERIOUS: "danger"}

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="labour_risks",
    )
    reported_on = models.DateField(_("heard of on"))
    title = models.CharField(_("what happened"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.GENERAL)
    workers_involved = models.PositiveIntegerField(_("workers involved"), default=0)
    description = models.TextField(_("details"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.TextField(_("how it was resolved"), blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("labour-relations warning")
        verbose_name_plural = _("labour-relations warnings")
        ordering = ["-reported_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="resolved") | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="risk_resolved_has_date_and_account",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("reported_on")),
                name="risk_resolved_after_reported",
            ),
        ]
        indexes = [models.Index(fields=["union", "state"], name="risk_union_state")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("congress:risk_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.state == self.State.RESOLVED:
            if not self.resolved_on:
                errors["resolved_on"] = _("Give the date it was resolved.")
            if not self.resolution.strip():
                errors["resolution"] = _("Say how it was resolved.")
        if self.resolved_on and self.reported_on and self.resolved_on < self.reported_on:
            errors["resolved_on"] = _("It cannot be resolved before it was heard of.")
        if errors:
            raise ValidationError(errors)
