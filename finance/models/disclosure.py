"""账务公开: what a union publishes to its members about its income and spending.

A disclosure is a snapshot: the figures are copied when the finance officer publishes it, so
what members read never changes under them when a later voucher reverses an earlier one; a
corrected disclosure is published anew. It carries no personal data — income and spending
by category, the budget beside them, and a short note."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionadmin.roles import CHAIR_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy, Within


def _token() -> str:
    return secrets.token_urlsafe(16)


class Disclosure(models.Model):
    scope = ScopePolicy(org_field="organisation", rules=(
        Within(FINANCE_VIEW_ROLES, "view"),
        Within(FINANCE_ROLES | CHAIR_ROLES, "change"),
    ))

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                                     related_name="disclosures")
    year = models.PositiveSmallIntegerField(_("year"))
    # Through which month the figures run (12 for the whole year).
    month = models.PositiveSmallIntegerField(_("through month"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note to members"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    # The address members open: unguessable, so a disclosure is read only by those given it.
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    is_published = models.BooleanField(_("published"), default=False)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("financial disclosure")
        verbose_name_plural = _("financial disclosures")
        ordering = ["organisation", "-year", "-month", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                                   name="disclosure_month_valid"),
        ]

    def __str__(self):
        return self.title
