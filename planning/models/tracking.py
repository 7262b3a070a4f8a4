"""Following a plan through the year: progress notes on its items, and the acknowledgements
of the units below once it is issued."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.scoping import ScopedManager

from .items import PlanItem
from .plans import WorkPlan, plan_part_scope


class ItemProgress(models.Model):
    """A progress note on an item during the year."""

    scope = plan_part_scope("item", org_field="item__plan__issuer")

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    percent = models.PositiveSmallIntegerField(
        _("percent done"), null=True, blank=True, validators=[MaxValueValidator(100)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["item", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__isnull=True) | Q(percent__lte=100),
                                   name="itemprogress_percent_range"),
        ]

    def __str__(self):
        return f"{self.date} {self.note[:40]}"


class PlanAcknowledgement(models.Model):
    """A unit below the issuer has received the issued plan."""

    scope = plan_part_scope("plan", org_field="plan__issuer")

    plan = models.ForeignKey(WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE,
                             related_name="acknowledgements")
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("acknowledged at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["plan", "organisation__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="planacknowledgement_once_per_unit"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.at:%Y-%m-%d}"
