"""The 2% allocation (拨缴): what each unit's employer owes, pays, sends up and gets back.

FINANCE.md: the employer pays 2% of the month's payroll; by collection mode the tax office
collects all of it and the federation returns the grassroots share (回拨), or collects only
the 40% and the employer pays 60% straight to its union, or a budget-funded unit is paid
through the finance bureau, or the unit pays by itself. A county federation tracks per unit:
channel, payroll base, 应缴 (2% × payroll), 实缴, share sent up and returned (with dates),
欠缴, the small-payer flag, and 到账率 = 实缴 ÷ 应缴.

The records are the federation's (its finance officer keeps them for the units below it);
the unit's own finance officer and chair read its own, and the unit's 经审会 too.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import FEDERATION_FINANCE_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import Below, ScopedQuerySet, ScopePolicy, Within

from .ledger import AMOUNT

FUNDS_RATE = Decimal("0.02")
GRASSROOTS_SHARE = Decimal("0.60")

# Read by the unit's finance readers and the federation above; kept (changed) by a finance
# officer at the federation above the unit — the unit's own officer reads, it does not
# declare its own payment received.
ALLOCATION_SCOPE = ScopePolicy(
    org_field="organisation",
    rules=(Within(FINANCE_VIEW_ROLES, "view"), Below(FEDERATION_FINANCE_ROLES, "change")),
)


class CollectionMode(models.TextChoices):
    TAX_FULL = "tax_full", _("Tax office collects the full 2%")
    TAX_SHARE = "tax_share", _("Tax office collects 0.8%, the employer pays 60% to its union")
    FINANCE_BUREAU = "finance_bureau", _("Paid through the finance bureau")
    SELF_PAID = "self_paid", _("Paid by the unit itself")


class AllocationTerms(models.Model):
    """How one unit's 2% reaches the unions: its channel, its share, the small-payer flag and
    the bank account the returned share is paid to."""

    scope = ALLOCATION_SCOPE

    organisation = models.OneToOneField(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE, related_name="allocation_terms",
    )
    mode = models.CharField(_("collection mode"), max_length=20, choices=CollectionMode.choices,
                            default=CollectionMode.TAX_FULL)
    grassroots_share = models.DecimalField(
        _("share kept by the union"), max_digits=4, decimal_places=3, default=GRASSROOTS_SHARE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Usually 0.6: the grassroots union keeps 60%, sends 40%; provinces may set another split."),
    )
    small_payer = models.BooleanField(_("small payer"), default=False,
                                      help_text=_("小额缴费工会: its share may be returned in full on application."))
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account number"), max_length=40, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation terms")
        verbose_name_plural = _("allocation terms")
        constraints = [
            models.CheckConstraint(condition=Q(grassroots_share__gte=0) & Q(grassroots_share__lte=1),
                                   name="allocation_share_valid"),
        ]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("finance:allocation_unit", args=[self.pk])


class Allocation(models.Model):
    """One unit's 2% for one month: the payroll base, 应缴 and 实缴, the share sent up (上解)
    and the share returned (回拨), each with its date."""

    scope = ALLOCATION_SCOPE

    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="allocations",
    )
    period = models.DateField(_("month"), help_text=_("The first day of the month the funds are for."))
    mode = models.CharField(_("collection mode"), max_length=20, choices=CollectionMode.choices)
    payroll = models.DecimalField(_("payroll"), validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    # 2% of the payroll, stored when the row is saved so that a later change of rate never
    # rewrites what was owed.
    due = models.DecimalField(_("due (2%)"), editable=False, **AMOUNT)
    paid = models.DecimalField(_("paid"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    sent_up = models.DecimalField(_("share sent up"), default=Decimal("0"),
                                  validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    sent_up_on = models.DateField(_("sent up on"), null=True, blank=True)
    returned = models.DecimalField(_("share returned"), default=Decimal("0"),
                                   validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # The unit's own monthly record of funds received (members.FundReceipt), when this row was
    # taken from it rather than typed.
    receipt = models.OneToOneField("members.FundReceipt", verbose_name=_("taken from"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="allocation")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["organisation", "-period"]
        indexes = [models.Index(fields=["period", "organisation"], name="allocation_period_org")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="allocation_once_per_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="allocation_period_first_of_month"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(sent_up__gte=0) & Q(returned__gte=0)
                                   & Q(payroll__gte=0), name="allocation_amounts_not_negative"),
            models.CheckConstraint(condition=Q(paid=0) | Q(paid_on__isnull=False), name="allocation_paid_dated"),
            models.CheckConstraint(condition=Q(returned=0) | Q(returned_on__isnull=False),
                                   name="allocation_returned_dated"),
            models.CheckConstraint(condition=Q(sent_up=0) | Q(sent_up_on__isnull=False),
                                   name="allocation_sent_up_dated"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.period:%Y-%m}"

    def get_absolute_url(self):
        terms = AllocationTerms.objects.filter(organisation_id=self.organisation_id).first()
        return f"{terms.get_absolute_url()}?year={self.period.year}" if terms else reverse("finance:allocation_list")

    def save(self, *args, **kwargs):
        self.due = (Decimal(self.payroll) * FUNDS_RATE).quantize(Decimal("0.01"))
        super().save(*args, **kwargs)

    @property
    def arrears(self) -> Decimal:
        return max(self.due - self.paid, Decimal("0"))


class PreparatoryFund(models.Model):
    """建会筹备金: the 2% an employer without a union pays to the union above, returned to the
    union once one is set up there."""

    class Status(models.TextChoices):
        HELD = "held", _("Held by the federation")
        RETURNED = "returned", _("Returned to the new union")

    scope = ScopePolicy(org_field="federation",
                        rules=(Within(FINANCE_VIEW_ROLES, "view"), Within(FINANCE_ROLES, "change")))

    federation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("held by"), on_delete=models.PROTECT,
                                   related_name="preparatory_funds")
    employer = models.CharField(_("employer"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    period = models.DateField(_("month"), help_text=_("The first day of the month the funds are for."))
    amount = models.DecimalField(_("amount received"), validators=[MinValueValidator(Decimal("0.01"))], **AMOUNT)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    returned_to = models.ForeignKey("unionadmin.Organisation", verbose_name=_("returned to"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("union preparation fund")
        verbose_name_plural = _("union preparation funds")
        ordering = ["federation", "-period", "employer"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "employer", "period"], name="preparatory_fund_once"),
            models.CheckConstraint(condition=Q(period__day=1), name="preparatory_fund_first_of_month"),
            models.CheckConstraint(
                condition=(Q(status="held") & Q(returned_to__isnull=True) & Q(returned_on__isnull=True))
                | (Q(status="returned") & Q(returned_to__isnull=False) & Q(returned_on__isnull=False)),
                name="preparatory_fund_return_complete",
            ),
        ]

    def __str__(self):
        return f"{self.employer} {self.period:%Y-%m}"

    def get_absolute_url(self):
        return reverse("finance:preparatory_list")


class AllocationReminder(models.Model):
    """A reminder the federation sent to a unit in arrears: when, by whom, for how much."""

    scope = ALLOCATION_SCOPE

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                                     related_name="allocation_reminders")
    year = models.PositiveSmallIntegerField(_("year"))
    arrears = models.DecimalField(_("arrears"), **AMOUNT)
    message = models.TextField(_("message"), blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("arrears reminder")
        verbose_name_plural = _("arrears reminders")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    def get_absolute_url(self):
        terms = AllocationTerms.objects.filter(organisation_id=self.organisation_id).first()
        return f"{terms.get_absolute_url()}?year={self.year}" if terms else reverse("finance:allocation_list")
