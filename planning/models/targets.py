"""The targets written into a plan's items: a registered indicator or a typed-in number."""
from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.indicators import registry as indicator_registry
from unionadmin.scoping import ScopedManager

from .items import PlanItem
from .plans import plan_part_scope


class PlanTarget(models.Model):
    """A target written into an item: bound to a registered indicator (measured over the
    issuer's subtree for the plan's year) or a number typed in with its unit."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Indicator")
        NUMBER = "number", _("Number typed in")

    class Comparator(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"

    scope = plan_part_scope("item", org_field="item__plan__issuer")

    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INDICATOR)
    indicator_code = models.CharField(_("indicator"), max_length=50, blank=True)
    label = models.CharField(
        _("what is counted"), max_length=100, blank=True,
        help_text=_("For a typed number, e.g. cadres trained; for an indicator, leave blank to use its name."),
    )
    comparator = models.CharField(_("comparison"), max_length=3, choices=Comparator.choices,
                                  default=Comparator.AT_LEAST)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(pgettext_lazy("unit of measure", "unit"), max_length=20, blank=True,
                            help_text=_("For a typed number, e.g. 人次 or 家."))
    current_value = models.DecimalField(
        _("current value"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("For a typed number: the value reached so far, entered by hand."),
    )

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["item", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="indicator") & ~Q(indicator_code="")) | (Q(kind="number") & ~Q(label="")),
                name="plantarget_kind_has_subject",
            ),
            models.CheckConstraint(condition=Q(comparator__in=["gte", "lte"]), name="plantarget_comparator_valid"),
        ]

    def __str__(self):
        return f"{self.display_label} {self.get_comparator_display()} {self.target_value}{self.unit_display}"

    @property
    def indicator(self):
        if self.kind == self.Kind.INDICATOR and self.indicator_code in indicator_registry:
            return indicator_registry.get(self.indicator_code)
        return None

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        indicator = self.indicator
        return str(indicator.label) if indicator else self.indicator_code

    @property
    def unit_display(self) -> str:
        indicator = self.indicator
        if indicator is not None:
            return {"percent": "%", "yuan": "元"}.get(indicator.unit, "")
        return self.unit

    def is_met(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.comparator == self.Comparator.AT_MOST:
            return value <= self.target_value
        return value >= self.target_value
