"""The items of a plan's body: sections and items in a tree (numbered by outline.py)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.scoping import ScopedManager

from .. import gongwen
from .plans import WorkPlan, plan_part_scope


class PlanItem(models.Model):
    """A section or item of the body; its level is its depth in the tree (1–4)."""

    scope = plan_part_scope("plan", org_field="plan__issuer")

    plan = models.ForeignKey(WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent item"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"), default=0)
    # Another style than the level's (a level skipped in the source: （1） directly under 一、).
    number_style = models.CharField(_("numbering style"), max_length=20, blank=True,
                                    choices=[(k, v) for k, v in gongwen.NUMBERING_STYLES.items()])
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(_("text"), blank=True)
    owner_text = models.CharField(
        _("owner"), max_length=100, blank=True, help_text=_("The department or person responsible."),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="planitem_not_own_parent"),
        ]

    def __str__(self):
        return self.heading or self.body[:40]

    @property
    def owner_display(self) -> str:
        return self.owner_text or (str(self.owner_user) if self.owner_user_id else "")
