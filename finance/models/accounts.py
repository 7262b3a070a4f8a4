"""The chart of accounts (《工会会计制度》): one chart for the installation, seeded from the 2010
codes and editable, since the 2022 chart's exact codes are not confirmed (FINANCE.md)."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Account(models.Model):
    """An account every union of the installation books on: 102 银行存款, 401 会费收入, …"""

    class Element(models.TextChoices):
        ASSET = "asset", _("Assets")
        LIABILITY = "liability", _("Liabilities")
        NET_ASSETS = "net_assets", _("Net assets")
        INCOME = "income", _("Income")
        EXPENDITURE = "expenditure", _("Expenditure")

    # Assets and expenditure grow on the debit side, the others on the credit side.
    DEBIT_ELEMENTS = frozenset({Element.ASSET, Element.EXPENDITURE})

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("account", "name"), max_length=100)
    element = models.CharField(_("element"), max_length=20, choices=Element.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent account"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(element__in=["asset", "liability", "net_assets", "income", "expenditure"]),
                name="account_element_valid",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def debit_normal(self) -> bool:
        return self.element in self.DEBIT_ELEMENTS
