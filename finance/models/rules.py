"""Spending rules as data: each province's limits by year (FINANCE.md), checked on every claim.

A rule covers one ``item`` (festival gifts, birthday, …) on one expenditure account, in one
province, from ``year_from`` (to ``year_to`` when it was replaced). Its ``kind`` says how the
limit is counted:

* ``per_member_year`` — yuan per member per year (festival gifts: 黑龙江 1000);
* ``per_event`` — yuan per member per event (birthday 300, a member's death 2000);
* ``income_share`` — a share of the year's budgeted income (北京: festival gifts ≤ 50%);
* ``forbidden`` — a form of payment never allowed (cash, shopping cards, cash vouchers).

The installation's province is a setting (``UNIONADMIN_PROVINCE``); a union may name another
(``FinanceSettings.province``)."""
from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import CHAIR_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy, Within

from .ledger import AMOUNT


class SpendingItem(models.TextChoices):
    FESTIVAL_GIFTS = "festival_gifts", _("Festival gifts")
    BIRTHDAY = "birthday", _("Birthday")
    WEDDING = "wedding", _("Wedding")
    BIRTH = "birth", _("Birth of a child")
    HOSPITAL = "hospital", _("Hospital stay")
    HOSPITAL_SURGERY = "hospital_surgery", _("Hospital stay with surgery")
    MEMBER_DEATH = "member_death", _("Death of a member")
    RELATIVE_DEATH = "relative_death", _("Death of a close relative")
    RETIREMENT = "retirement", _("Retirement souvenir")
    PRIZES = "prizes", _("Prizes")
    OUTING = "outing", _("Outing")
    OTHER = "other", _("Other")


class PaymentForm(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer or card")
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Services")
    NAMED_VOUCHER = "named_voucher", _("Voucher for named goods at a named shop")
    CASH = "cash", _("Cash")
    SHOPPING_CARD = "shopping_card", _("Shopping card")
    CASH_VOUCHER = "cash_voucher", _("Cash voucher")


class SpendingRule(models.Model):
    class Kind(models.TextChoices):
        PER_MEMBER_YEAR = "per_member_year", _("Per member per year")
        PER_EVENT = "per_event", _("Per member per event")
        INCOME_SHARE = "income_share", _("Share of the year's budgeted income")
        FORBIDDEN = "forbidden", _("Forbidden form of payment")

    # The rule table is the installation's, like the chart: everyone with finance rights reads
    # it, federation administrators keep it (finance.views.base.may_edit_chart).
    province = models.CharField(_("province"), max_length=20)
    year_from = models.PositiveSmallIntegerField(_("in force from"))
    year_to = models.PositiveSmallIntegerField(_("in force to"), null=True, blank=True)
    item = models.CharField(_("item"), max_length=20, choices=SpendingItem.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    account = models.ForeignKey("finance.Account", verbose_name=_("account"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="spending_rules")
    limit = models.DecimalField(_("limit (yuan)"), null=True, blank=True,
                                validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    share = models.DecimalField(_("limit (share)"), max_digits=5, decimal_places=4, null=True, blank=True,
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))])
    form = models.CharField(_("forbidden form"), max_length=20, choices=PaymentForm.choices, blank=True)
    condition = models.CharField(_("condition"), max_length=200, blank=True,
                                 help_text=_("When the rule applies differently, e.g. 经费充裕的企业工会."))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("The document that sets it."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("spending rule")
        verbose_name_plural = _("spending rules")
        ordering = ["province", "-year_from", "item", "kind"]
        constraints = [
            models.CheckConstraint(condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                                   name="spending_rule_years_ordered"),
            models.CheckConstraint(
                condition=(Q(kind__in=["per_member_year", "per_event"]) & Q(limit__isnull=False) & ~Q(item=""))
                | (Q(kind="income_share") & Q(share__isnull=False) & ~Q(item=""))
                | (Q(kind="forbidden") & ~Q(form="")),
                name="spending_rule_complete",
            ),
        ]

    def __str__(self):
        return f"{self.province} {self.year_from} {self.get_item_display() or self.get_form_display()}"


class FinanceSettings(models.Model):
    """A union's own finance settings: the amount above which a claim needs a second
    approver, and the province whose spending rules it follows."""

    scope = ScopePolicy(org_field="organisation",
                        rules=(Within(FINANCE_VIEW_ROLES, "view"), Within(FINANCE_ROLES | CHAIR_ROLES, "change")))

    organisation = models.OneToOneField("unionadmin.Organisation", verbose_name=_("union"),
                                        on_delete=models.CASCADE, related_name="finance_settings")
    second_approval_above = models.DecimalField(
        _("second approval above (yuan)"), default=Decimal("5000"), validators=[MinValueValidator(Decimal("0"))],
        **AMOUNT, help_text=_("A claim above this amount needs a second approver after the chair."),
    )
    province = models.CharField(_("province"), max_length=20, blank=True,
                                help_text=_("Whose spending rules apply; empty for the installation's province."))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self):
        return str(self.organisation)

