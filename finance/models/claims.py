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

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import AUDIT_ROLES, CHAIR_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import (
    AsParent,
    ScopedManager,
    ScopedQuerySet,
    ScopePolicy,
    Within,
    follow,
    prefixed,
    role_paths,
)

from .ledger import AMOUNT
from .rules import PaymentForm, SpendingItem


class AtTheUnion(Within):
    """People holding one of ``roles`` at the row's organisation itself, not above it: the
    union's own chair approves its claims ("一支笔"); the chair of the federation above does not."""

    def _paths(self, user) -> list[str]:
        return sorted({p for role in self.roles for p in role_paths(user).get(role, [])})

    def q(self, user, policy, action):
        paths = self._paths(user)
        return Q(**{f"{prefixed('path', policy.org_field)}__in": paths}) if paths else None

    def allows(self, user, policy, action, obj):
        return getattr(follow(obj, policy.org_field), "path", None) in self._paths(user)

    def organisation_paths(self, user, policy, action):
        return []


CLAIM_SCOPE = ScopePolicy(
    org_field="organisation",
    rules=(
        Within(FINANCE_VIEW_ROLES, "view"),
        Within(FINANCE_ROLES, {"change", "pay"}),      # enters, submits, pays
        AtTheUnion(CHAIR_ROLES, "approve"),            # 一支笔: the union's own chair
        # The second approver above the threshold: a chair too (a vice-chair holding the role
        # at the union, or the chair of the union above), never the first approver
        # (services.approve_claim checks the person).
        Within(CHAIR_ROLES, "approve_second"),
        Within(AUDIT_ROLES, "audit"),
    ),
)


DEFAULT_SECOND_APPROVAL_ABOVE = Decimal("5000")


def _not_the_spender(claim, user) -> bool:
    """Whoever entered the claim (经办) decides on neither approval: the one who spends does not
    approve the spending (a finance officer who is also a chair is not her own 一支笔)."""
    return claim.entered_by_id is None or claim.entered_by_id != getattr(user, "pk", None)


def _waiting_for_first(claim, user) -> bool:
    return claim.approved_by_id is None and _not_the_spender(claim, user)


def _waiting_for_second(claim, user) -> bool:
    """Approved by the chair and still waiting (so her approval found it above the threshold:
    a threshold raised since does not strand it), and this person is not the chair who did."""
    return (claim.approved_by_id is not None and claim.second_approved_by_id is None
            and claim.approved_by_id != getattr(user, "pk", None) and _not_the_spender(claim, user))


class Claim(StepsMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        APPROVED = "approved", _("Approved")  # by everyone it needs; waiting for payment
        PAID = "paid", pgettext_lazy("claim status", "Paid")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Approved and not yet paid: the money is committed against the budget.
    COMMITTED = frozenset({Status.SUBMITTED, Status.APPROVED})

    scope = CLAIM_SCOPE
    state_field = "status"
    # What a person may do next (unionadmin/actions.py): the buttons and the step views ask this.
    steps = (
        Step("edit", Status.DRAFT, needs="change"),
        Step("submit", Status.DRAFT, needs="change"),
        Step("withdraw", (Status.DRAFT, Status.SUBMITTED), needs="change"),
        Step("approve", Status.SUBMITTED, needs="approve", when=_waiting_for_first),
        Step("approve_second", Status.SUBMITTED, needs="approve_second", when=_waiting_for_second),
        Step("reject", Status.SUBMITTED, needs="approve", when=_waiting_for_first),
        Step("reject_second", Status.SUBMITTED, needs="approve_second", when=_waiting_for_second),
        Step("pay", Status.APPROVED, needs="pay"),
    )

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
    # A key made when the entry page is drawn: the same page sent twice (a double click) saves
    # one claim (finance.claims.save_claim; migration 0009).
    entry_key = models.BigIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["organisation", "-year", "-number"]
        indexes = [models.Index(fields=["organisation", "year", "status"], name="claim_org_year_status")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "number"], name="claim_number_unique"),
            models.UniqueConstraint(fields=["organisation", "entry_key"], name="claim_entry_once"),
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

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("finance:claim_detail", args=[self.pk])

    @property
    def display_number(self) -> str:
        return f"{self.year}-{self.number:04d}"

    @property
    def second_approval_above(self) -> Decimal:
        """The union's threshold (FinanceSettings), 5,000 yuan when it has no settings row."""
        if "_second_approval_above" not in self.__dict__:
            from .rules import FinanceSettings

            found = (FinanceSettings.objects.filter(organisation_id=self.organisation_id)
                     .values_list("second_approval_above", flat=True).first())
            self.__dict__["_second_approval_above"] = DEFAULT_SECOND_APPROVAL_ABOVE if found is None else found
        return self.__dict__["_second_approval_above"]

    @property
    def needs_second_approval(self) -> bool:
        return self.total > self.second_approval_above

    @property
    def waiting_for_second(self) -> bool:
        return self.status == self.Status.SUBMITTED and self.approved_by_id is not None


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
            # A budget breach without a line is spending the budget has no line for.
            models.CheckConstraint(condition=(Q(kind="rule") & Q(rule__isnull=False))
                                   | (Q(kind="budget") & Q(rule__isnull=True)), name="breach_names_what"),
            models.CheckConstraint(condition=~Q(reason=""), name="breach_has_reason"),
        ]

    def __str__(self):
        return self.message
