"""Spending claims (报销): the finance officer enters a claim with its items and receipts, the
chair approves it ("一支笔"), a second approver too above the union's threshold, it is paid by
transfer, and the payment posts its voucher by itself (source ``("claim", pk)``).

A claim is checked on entry against its budget lines (the version in force) and the
province's spending rules; a claim over a budget line or breaking a rule goes on only with a
written reason, and every breach is kept (``RuleBreach``) for the 经审会 and the inspection.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import AUDIT_ROLES, CHAIR_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import AsParent, ScopedManager, ScopedQuerySet, ScopePolicy, Within

from .ledger import AMOUNT
from .rules import PaymentForm, SpendingItem

CLAIM_SCOPE = ScopePolicy(
    org_field="organisation",
    rules=(
        Within(FINANCE_VIEW_ROLES, "view"),
        Within(FINANCE_ROLES, {"change", "pay"}),      # enters, submits, pays
        Within(CHAIR_ROLES, "approve"),                # 一支笔
        # The second approver above the threshold: a chair too (a vice-chair holding the role
        # at the union, or the chair of the union above), never the first approver
        # (services.approve_claim checks the person).
        Within(CHAIR_ROLES, "approve_second"),
        Within(AUDIT_ROLES, "audit"),
    ),
)


class Claim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")  # by everyone it needs; waiting for payment
        PAID = "paid", _("Paid")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Approved and not yet paid: the money is committed against the budget.
    COMMITTED = frozenset({Status.SUBMITTED, Status.APPROVED})

    scope = CLAIM_SCOPE

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                                     related_name="claims")
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveIntegerField(_("claim number"), editable=False)
    title = models.CharField(_("what for"), max_length=200)
    spent_on = models.DateField(_("spent on"))
    payee = models.CharField(_("payee"), max_length=100)
    payee_bank = models.CharField(_("payee's bank"), max_length=100, blank=True)
    payee_account = models.CharField(_("payee's account number"), max_length=40, blank=True)
    total = models.DecimalField(_("total"), default=Decimal("0"), editable=False, **AMOUNT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # A claim beyond its budget line or breaking a rule goes on only with a reason.
    over_budget_reason = models.TextField(_("reason for exceeding the budget"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    second_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("second approval by"),
                                           null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    second_approved_at = models.DateTimeField(_("second approval at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    voucher = models.OneToOneField("finance.Voucher", verbose_name=_("voucher"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="claim")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["organisation", "-year", "-number"]
        indexes = [models.Index(fields=["organisation", "year", "status"], name="claim_org_year_status")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="claim_number_unique"),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(voucher__isnull=False) & Q(paid_on__isnull=False)),
                name="claim_paid_has_voucher",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_by__isnull=False),
                name="claim_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=models.F("approved_by")),
                name="claim_two_different_approvers",
            ),
        ]

    def __str__(self):
        return f"{self.year}-{self.number:04d} {self.title}"


class ClaimItem(models.Model):
    """One thing a claim pays for: the expenditure account (category and sub-item), the
    amount, and — for the spending rules — the item, the form of payment and how many members
    it covers."""

    scope = ScopePolicy(org_field="claim__organisation",
                        rules=(AsParent("claim", actions=("view", "change")),))

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    account = models.ForeignKey("finance.Account", verbose_name=_("spending category"), on_delete=models.PROTECT,
                                related_name="claim_items")
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **AMOUNT)
    item = models.CharField(_("item"), max_length=20, choices=SpendingItem.choices, blank=True)
    form = models.CharField(_("form of payment"), max_length=20, choices=PaymentForm.choices,
                            default=PaymentForm.TRANSFER)
    members_covered = models.PositiveIntegerField(_("members covered"), null=True, blank=True,
                                                  help_text=_("How many members it is for (gifts, greetings)."))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("claim item")
        verbose_name_plural = _("claim items")
        ordering = ["claim", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="claim_item_positive")]

    def __str__(self):
        return f"{self.description} {self.amount}"


class ClaimReceipt(models.Model):
    """A receipt (发票, 清单) attached to a claim, stored through the upload policy RECEIPT."""

    scope = ScopePolicy(org_field="claim__organisation",
                        rules=(AsParent("claim", actions=("view", "change")),))

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(_("file"), upload_to="finance/receipts/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["claim", "pk"]

    def __str__(self):
        return self.name


class RuleBreach(models.Model):
    """A claim item found breaking a spending rule, or a claim beyond its budget line: what was
    broken, the numbers, and the reason given to proceed. Kept for the audit."""

    class Kind(models.TextChoices):
        RULE = "rule", _("Spending rule")
        BUDGET = "budget", _("Budget line")

    scope = ScopePolicy(org_field="claim__organisation",
                        rules=(AsParent("claim", actions=("view",)),))

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.CASCADE, related_name="breaches")
    item = models.ForeignKey(ClaimItem, verbose_name=_("claim item"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="breaches")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    rule = models.ForeignKey("finance.SpendingRule", verbose_name=_("rule"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="breaches")
    budget_line = models.ForeignKey("finance.BudgetLine", verbose_name=_("budget line"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="breaches")
    # What was computed, in words and figures: {"limit": "1000", "per_member": "1250", ...}
    figures = models.JSONField(_("figures"), default=dict)
    message = models.TextField(_("what was found"))
    reason = models.TextField(_("reason to proceed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=(Q(kind="rule") & Q(rule__isnull=False))
                                   | (Q(kind="budget") & Q(budget_line__isnull=False)), name="breach_names_what"),
            models.CheckConstraint(condition=~Q(reason=""), name="breach_has_reason"),
        ]

    def __str__(self):
        return self.message
