"""Dues (会费) members pay, union funds (工会经费) employers pay, and each union's arrears rule."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

DUES_RATE = Decimal("0.005")  # a member pays 0.5% of the monthly wage
FUNDS_RATE = Decimal("0.02")  # the employer pays 2% of the payroll
ARREARS_MONTHS = 6  # months behind before a member is flagged, unless the union says otherwise


class DuesRule(models.Model):
    """A union's own rule for dues; members of its branches and groups follow it."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.OneToOneField(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE, related_name="dues_rule"
    )
    rate = models.DecimalField(
        _("dues rate"), max_digits=5, decimal_places=4, default=DUES_RATE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("0.05"))],
        help_text=_("Share of the monthly wage, e.g. 0.005 for 0.5%."),
    )
    arrears_months = models.PositiveSmallIntegerField(
        _("months behind before flagging"), default=ARREARS_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    tracked_from = models.DateField(
        _("dues recorded from"), null=True, blank=True,
        help_text=_("Months before this are not counted as arrears (when the union began recording dues here)."),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues rule")
        verbose_name_plural = _("dues rules")

    def __str__(self):
        return str(self.union)


class DuesPayment(models.Model):
    """One member's dues for one month, kept by the union that collected them."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues"
    )
    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("collected by"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month the dues are for."))
    wage = models.DecimalField(_("monthly wage"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="dues_once_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="dues_amount_positive"),
            models.CheckConstraint(condition=models.Q(period__day=1), name="dues_period_first_of_month"),
        ]
        indexes = [models.Index(fields=["union", "period"], name="dues_union_period")]

    def __str__(self):
        return f"{self.member} {self.period:%Y-%m}"


class FundReceipt(models.Model):
    """Union funds (工会经费) received from the employer for a month: 2% of the payroll."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="fund_receipts"
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month the funds are for."))
    payroll = models.DecimalField(_("payroll"), max_digits=14, decimal_places=2,
                                  validators=[MinValueValidator(Decimal("0"))])
    amount = models.DecimalField(_("amount received"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0"))])
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("union funds receipt")
        verbose_name_plural = _("union funds receipts")
        ordering = ["-period", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "period"], name="funds_once_per_month"),
            models.CheckConstraint(condition=models.Q(period__day=1), name="funds_period_first_of_month"),
        ]

    def __str__(self):
        return f"{self.union} {self.period:%Y-%m}"

    @property
    def due(self) -> Decimal:
        return (self.payroll * FUNDS_RATE).quantize(Decimal("0.01"))

    @property
    def shortfall(self) -> Decimal:
        return max(self.due - self.amount, Decimal("0"))

    @property
    def in_full(self) -> bool:
        return self.amount >= self.due
