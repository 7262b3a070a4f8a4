"""The ledger: every money movement of a union is a voucher (凭证) whose debit and credit
lines balance. A voucher is posted when it is saved and never changes afterwards: a mistake is
undone by a reversing voucher. A closed month takes no new voucher.

The balance, the immutability and the closed months are kept twice: by the services
(``finance.services``, which say what is wrong in the user's words) and by PostgreSQL triggers
(migration 0002), so no code path — admin, shell, a bug — can leave the books unbalanced. A
line's one positive side is a check constraint of its own."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import AsParent, ScopedManager, ScopedQuerySet, ScopePolicy

LEDGER_SCOPE = ScopePolicy(
    org_field="organisation",
    roles={"view": FINANCE_VIEW_ROLES, "change": FINANCE_ROLES, "close": FINANCE_ROLES},
)

AMOUNT = {"max_digits": 14, "decimal_places": 2}


class Voucher(models.Model):
    """A posted voucher of one union: numbered per union and year in posting order."""

    scope = LEDGER_SCOPE

    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="vouchers",
    )
    date = models.DateField(_("date"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("voucher number"), editable=False)
    summary = models.CharField(_("summary"), max_length=200, help_text=_("摘要: what the money was for."))
    receipts = models.PositiveSmallIntegerField(_("receipts attached"), default=0, help_text=_("附单据张数"))
    # The voucher this one undoes (a reversal), at most one reversal each.
    reverses = models.OneToOneField(
        "self", verbose_name=_("reverses"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    # A voucher posted by the product itself from a record of another app (dues received, a
    # grant paid): the record's kind and key, so the same record never posts twice.
    source_kind = models.CharField(_("source"), max_length=50, blank=True, editable=False)
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True, editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["organisation", "year", "number"]
        indexes = [models.Index(fields=["organisation", "date"], name="voucher_org_date")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="voucher_number_unique"),
            models.UniqueConstraint(
                fields=["organisation", "source_kind", "source_id"], condition=~Q(source_kind=""),
                name="voucher_source_once",
            ),
            models.CheckConstraint(
                condition=(Q(source_kind="") & Q(source_id__isnull=True)) | (~Q(source_kind="") & Q(source_id__isnull=False)),
                name="voucher_source_complete",
            ),
            models.CheckConstraint(condition=~Q(reverses=models.F("id")), name="voucher_not_own_reversal"),
        ]

    def __str__(self):
        return f"{self.year}-{self.number:04d} {self.summary}"

    @property
    def display_number(self) -> str:
        """记-0012: as the voucher book shows it."""
        return f"{self.number:04d}"

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines.all()), Decimal("0"))


class VoucherLine(models.Model):
    """One side of a voucher: an account debited or credited with an amount."""

    scope = ScopePolicy(org_field="voucher__organisation", rules=(AsParent("voucher", actions=LEDGER_SCOPE.actions()),))

    voucher = models.ForeignKey(Voucher, verbose_name=_("voucher"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    account = models.ForeignKey("finance.Account", verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="lines")
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    debit = models.DecimalField(_("debit"), default=Decimal("0"), **AMOUNT)
    credit = models.DecimalField(_("credit"), default=Decimal("0"), **AMOUNT)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("voucher line")
        verbose_name_plural = _("voucher lines")
        ordering = ["voucher", "position", "pk"]
        indexes = [models.Index(fields=["account", "voucher"], name="voucherline_account")]
        constraints = [
            # One side only, and never a negative amount: a refund is a reversal, not a minus.
            models.CheckConstraint(
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
                name="voucherline_one_side",
            ),
        ]

    def __str__(self):
        side = self.debit if self.debit else -self.credit
        return f"{self.account} {side}"


class ClosedMonth(models.Model):
    """A month of one union's books that is closed: no voucher may be dated in it."""

    scope = LEDGER_SCOPE

    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="closed_months",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        ordering = ["organisation", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "month"], name="closed_month_once"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="closed_month_valid"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}-{self.month:02d}"
