"""The annual budget (预算) and its adjustments.

FINANCE.md: all income and spending is in the annual budget; the budget and any adjustment
are agreed by the union committee **and** the funds-audit committee (经审会), then sent to the
union above for approval or filing. A budget is a numbered version per union and year:
version 1 is the budget, each later version an adjustment (调整) that restates every line.
The version in force is the latest one the union above approved or accepted for filing.

Lines are leaf accounts of the chart (category and sub-item: 50105 会员活动 under 501 职工活动
支出), income lines on income accounts. Execution (spent, committed, left) is computed live
from the vouchers and the approved, unpaid claims (``finance.budgets``)."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import AUDIT_ROLES, CHAIR_ROLES, FEDERATION_FINANCE_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES
from unionadmin.scoping import AsParent, Below, ScopedManager, ScopedQuerySet, ScopePolicy, Within

from .ledger import AMOUNT

BUDGET_SCOPE = ScopePolicy(
    org_field="organisation",
    rules=(
        Within(FINANCE_VIEW_ROLES, "view"),
        Within(FINANCE_ROLES, "change"),               # the finance officer drafts it
        Within(CHAIR_ROLES, "agree_committee"),        # the chair records the committee's agreement
        Within(AUDIT_ROLES, "agree_audit"),            # a 经审会 member records the committee's
        Below(FEDERATION_FINANCE_ROLES, "approve"),    # the union above approves or files it
    ),
)


class Budget(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed by both committees")
        SUBMITTED = "submitted", _("Sent to the union above")
        APPROVED = "approved", _("Approved by the union above")
        FILED = "filed", _("Filed with the union above")
        RETURNED = "returned", _("Returned by the union above")

    # A version the union above accepted: in force until a later accepted version.
    ACCEPTED = frozenset({Status.APPROVED, Status.FILED})

    scope = BUDGET_SCOPE

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                                     related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1,
                                               help_text=_("1 is the budget; 2, 3, … are adjustments."))
    title = models.CharField(_("title"), max_length=200, blank=True)
    reason = models.TextField(_("reason for the adjustment"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["organisation", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "version"], name="budget_version_once"),
            models.CheckConstraint(condition=Q(version__gte=1), name="budget_version_positive"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year} v{self.version}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("finance:budget_detail", args=[self.pk])

    @property
    def is_adjustment(self) -> bool:
        return self.version > 1


class BudgetLine(models.Model):
    """One category or sub-item of a budget version: a leaf account and its amount."""

    scope = ScopePolicy(org_field="budget__organisation", rules=(AsParent("budget", actions=("view", "change")),))

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey("finance.Account", verbose_name=_("account"), on_delete=models.PROTECT,
                                related_name="budget_lines")
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "account__code"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "account"], name="budget_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.account} {self.amount}"


class BudgetApproval(models.Model):
    """One recorded step of a budget version: the committee's agreement, the 经审会's, the union
    above's approval or filing, or its return — who, when, and the meeting it was decided at."""

    class Step(models.TextChoices):
        COMMITTEE = "committee", _("Union committee agreed")
        AUDIT_COMMITTEE = "audit_committee", _("Funds audit committee agreed")
        SUBMITTED = "submitted", _("Sent to the union above")
        APPROVED = "approved", _("Approved by the union above")
        FILED = "filed", _("Filed with the union above")
        RETURNED = "returned", _("Returned by the union above")

    scope = ScopePolicy(org_field="budget__organisation", rules=(AsParent("budget", actions=("view",)),))

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="approvals")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    meeting = models.CharField(_("meeting"), max_length=200, blank=True,
                               help_text=_("The meeting that decided it, e.g. 工会委员会 2026年第1次会议."))
    note = models.TextField(_("note"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("budget approval")
        verbose_name_plural = _("budget approvals")
        ordering = ["budget", "decided_at", "pk"]
        constraints = [
            # Each agreement is recorded once per version; a returned version is redrafted as a
            # new version, so the union above's steps happen once each too.
            models.UniqueConstraint(fields=["budget", "step"], name="budget_step_once"),
        ]

    def __str__(self):
        return f"{self.budget} {self.get_step_display()}"
