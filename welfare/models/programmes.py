"""Aid programmes (帮扶项目), their yearly budgets, and grants (救助发放) under them.

Money rules the database itself enforces (services/grants.py enforces them first, with
clear messages):
- the one who proposes a grant cannot approve it (``grant_approver_is_not_proposer``);
- a budget is never overspent (``budget_spent_within_amount``), and approvals lock the
  budget row, so two approvers at the same moment cannot both take the last money;
- a person gets a programme once a year unless a reason is recorded
  (``grant_once_a_year_without_reason``).
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.personal_data import mask_amount
from unionadmin.scoping import ScopedManager, ScopePolicy

from ..access import WELFARE_RULES

AMOUNT = dict(max_digits=12, decimal_places=2)


class AidProgramme(models.Model):
    class Kind(models.TextChoices):
        WARMTH = "warmth", _("Sending warmth")  # 送温暖
        AUTUMN_SCHOOL = "autumn_school", _("Golden-autumn school aid")  # 金秋助学
        CHILDRENS_DAY = "childrens_day", _("Children's Day aid")  # 六一助学
        SERIOUS_ILLNESS = "serious_illness", _("Serious-illness relief")  # 大病救助
        MEDICAL_INSURANCE = "medical_insurance", _("Medical-insurance subsidy")  # 医保补贴
        WORK_INJURY = "work_injury", _("Care for injured workers")  # 工伤职工关爱
        WINTER = "winter", _("Winter aid")  # 冬季援助
        SINGLE_MOTHERS = "single_mothers", _("Care for single mothers")  # 单亲女职工特别关爱
        LEGAL_AID = "legal_aid", _("Legal aid")  # 法律援助
        HOSPITAL_INSURANCE = "hospital_insurance", _("Hospitalisation mutual insurance")  # 住院互助保险
        OWN = "own", _("The union's own programme")

    scope = ScopePolicy(org_field="organisation", rules=WELFARE_RULES)

    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("run by"), on_delete=models.PROTECT, related_name="aid_programmes",
        help_text=_("Grants under the programme go to households in this organisation's area."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    standard_amount = models.DecimalField(
        _("usual amount per grant"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("aid programme")
        verbose_name_plural = _("aid programmes")
        ordering = ["organisation__path", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique_per_organisation"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("welfare:programme_detail", args=[self.pk])



class ProgrammeBudget(models.Model):
    """A programme's budget line for one year. ``spent`` moves only in grant_approve."""

    scope = ScopePolicy(org_field="programme__organisation", rules=WELFARE_RULES)

    programme = models.ForeignKey(AidProgramme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount = models.DecimalField(_("budget (yuan)"), **AMOUNT, validators=[MinValueValidator(0)])
    spent = models.DecimalField(_("approved so far (yuan)"), **AMOUNT, default=0, editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("programme budget")
        verbose_name_plural = _("programme budgets")
        ordering = ["programme", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="budget_one_per_programme_year"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="budget_spent_not_negative"),
            models.CheckConstraint(condition=models.Q(spent__lte=models.F("amount")),
                                   name="budget_spent_within_amount"),
        ]

    def __str__(self):
        return _("%(programme)s, %(year)s") % {"programme": self.programme, "year": self.year}

    def get_absolute_url(self):
        return reverse("welfare:programme_detail", args=[self.programme_id])


    @property
    def remaining(self) -> Decimal:
        return self.amount - self.spent

    @property
    def used_percent(self) -> int:
        return int(self.spent * 100 / self.amount) if self.amount else 0


class Grant(StepsMixin, models.Model):
    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        GOODS = "goods", _("Goods")
        SERVICE = "service", _("Service")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    # Scoped by the recipient's union; approving also needs the right to approve at the
    # programme's organisation, and money needs two people: not the one who proposed it.
    scope = ScopePolicy(org_field="union", rules=WELFARE_RULES)
    state_field = "status"
    steps = (
        Step("approve", Status.PROPOSED, needs="approve",
             when=lambda grant, user: grant.proposed_by_id != user.pk
             and AidProgramme.scope.allows(user, "approve", grant.programme)),
        Step("reject", Status.PROPOSED, needs="approve"),  # the proposer's own is a withdrawal
    )
    status_tones = {Status.PROPOSED: "warning", Status.APPROVED: "success", Status.REJECTED: "secondary"}
    # The household's income is shown masked wherever a grant is listed (ledger, export).
    personal_fields = {"recipient_income": mask_amount}
    duplicate_messages = {  # unionadmin/integrity.py
        "grant_once_a_year_without_reason": _("This person already has a grant from this programme this year; record "
                                              "why they should have it again."),
    }

    programme = models.ForeignKey(AidProgramme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="grants")
    budget = models.ForeignKey(ProgrammeBudget, verbose_name=_("budget"), on_delete=models.PROTECT,
                               related_name="grants", editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("recipient's union"),
                              on_delete=models.PROTECT, related_name="welfare_grants", editable=False)
    member = models.ForeignKey("members.Member", verbose_name=_("recipient"), on_delete=models.PROTECT,
                               related_name="welfare_grants")
    file = models.ForeignKey("welfare.HardshipFile", verbose_name=_("hardship file"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="grants")
    kind = models.CharField(_("form of aid"), max_length=10, choices=Kind.choices, default=Kind.MONEY)
    amount = models.DecimalField(_("amount or value (yuan)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    description = models.CharField(_("what is given"), max_length=200, blank=True,
                                    help_text=_("For goods or a service: what exactly."))
    granted_on = models.DateField(_("date"))
    recipient_income = models.DecimalField(
        _("household income per person at the time"), max_digits=10, decimal_places=2, null=True, blank=True,
        editable=False,
    )
    repeat_reason = models.TextField(
        _("why again this year"), blank=True,
        help_text=_("Needed when this person has already had this programme this year."),
    )
    donation_drive = models.ForeignKey(
        "welfare.DonationDrive", verbose_name=_("paid from donation drive"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="grants",
    )
    note = models.TextField(_("note"), blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED,
                              editable=False)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rejected by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-granted_on", "-pk"]
        indexes = [
            models.Index(fields=["union", "year", "status"], name="grant_union_year_status"),
            models.Index(fields=["programme", "year", "status"], name="grant_programme_year_status"),
        ]
        constraints = [
            # Money needs two people.
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | ~models.Q(approved_by=models.F("proposed_by")),
                name="grant_approver_is_not_proposer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(approved_by__isnull=False, approved_at__isnull=False),
                name="grant_approved_has_approver",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="grant_amount_positive"),
            # Once a year per person and programme, unless a reason is recorded.
            models.UniqueConstraint(
                fields=["member", "programme", "year"],
                condition=models.Q(repeat_reason="") & ~models.Q(status="rejected"),
                name="grant_once_a_year_without_reason",
            ),
        ]

    def __str__(self):
        return _("%(programme)s for %(name)s, %(amount)s yuan") % {
            "programme": self.programme, "name": self.member.name, "amount": self.amount}

    def get_absolute_url(self):
        return reverse("welfare:grant_detail", args=[self.pk])


    @property
    def is_proposed(self):
        return self.status == self.Status.PROPOSED
