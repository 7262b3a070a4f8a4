"""Audit and inspection: the union's funds-audit committee (经审会) with its annual audit, and the
federation's financial inspection round with findings and rectification.

FINANCE.md: the 经审会 is elected with the union committee for the same term (3 or 5 years);
the chair, vice-chairs, finance head and anyone handling money or goods may not sit on it
(``services_audit`` enforces it against the person's roles and cadre posts). A county
federation's inspection round: plan → notice → fieldwork with a checklist → findings with
category, severity and amount → rectification opinion with a deadline → the unit's 整改报告 →
verification and closure.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.ordering import in_choice_order
from unionadmin.roles import AUDIT_ROLES, FEDERATION_FINANCE_ROLES, FINANCE_ROLES, FINANCE_VIEW_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import AsParent, Below, Match, ScopedManager, ScopedQuerySet, ScopePolicy, Within

from .ledger import AMOUNT


class AuditCommittee(models.Model):
    """A union's 经审会 for one term. Recorded (and seats given) by the union's officers or the
    federation above; never by its chair or finance officer, whom the committee audits."""

    scope = ScopePolicy(org_field="organisation", rules=(
        Within(FINANCE_VIEW_ROLES | STAFF_ROLES, "view"),
        Within({Role.UNION_OFFICER}, "change"),
        Below({Role.FEDERATION_ADMIN}, "change"),
    ))

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                                     related_name="audit_committees")
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"))
    elected_at = models.CharField(_("elected at"), max_length=200, blank=True,
                                  help_text=_("The members' congress that elected it."))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("funds audit committee")
        verbose_name_plural = _("funds audit committees")
        ordering = ["organisation", "-term_start"]
        constraints = [
            models.CheckConstraint(condition=Q(term_end__gt=models.F("term_start")), name="audit_committee_term"),
            models.UniqueConstraint(fields=["organisation", "term_start"], name="audit_committee_term_once"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.term_start:%Y}–{self.term_end:%Y}"

    def get_absolute_url(self):
        return reverse("finance:audit_committee_detail", args=[self.pk])

    def covers(self, day) -> bool:
        return self.term_start <= day <= self.term_end

    @property
    def is_current(self) -> bool:
        return self.covers(timezone.localdate())


class AuditSeatPosition(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director")
    MEMBER = "member", pgettext_lazy("funds audit committee", "Committee member")


class AuditCommitteeMember(models.Model):
    Position = AuditSeatPosition

    scope = ScopePolicy(org_field="committee__organisation",
                        rules=(AsParent("committee", actions=("view", "change")),))

    committee = models.ForeignKey(AuditCommittee, verbose_name=_("committee"), on_delete=models.CASCADE,
                                  related_name="members")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="audit_committee_seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="audit_committee_seats")
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, default=Position.MEMBER)
    # Declared at election: FINANCE.md excludes anyone handling money or goods.
    handles_money_or_goods = models.BooleanField(_("handles money or goods"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("funds audit committee member")
        verbose_name_plural = _("funds audit committee members")
        ordering = ["committee", in_choice_order("position", AuditSeatPosition), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "member"], name="audit_seat_once"),
            models.CheckConstraint(condition=Q(handles_money_or_goods=False), name="audit_seat_not_handling_money"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_position_display()}"

    def get_absolute_url(self):
        return self.committee.get_absolute_url()


class AnnualAudit(models.Model):
    """The 经审会's audit of one year of its union's books: scope, findings, conclusion."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    scope = ScopePolicy(org_field="organisation", rules=(
        Within(FINANCE_VIEW_ROLES, "view"),
        Within(AUDIT_ROLES, "change"),
    ))

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                                     related_name="annual_audits")
    committee = models.ForeignKey(AuditCommittee, verbose_name=_("committee"), on_delete=models.PROTECT,
                                  related_name="audits")
    year = models.PositiveSmallIntegerField(_("year"))
    scope_text = models.TextField(_("what was audited"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # The committee's members on the day of signing ([{"name", "position"}]): the signed report
    # names them, whatever seats change later.
    signatories = models.JSONField(_("signatories"), default=list, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual audit")
        verbose_name_plural = _("annual audits")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="annual_audit_once"),
            models.CheckConstraint(condition=~Q(status="signed") | Q(signed_by__isnull=False, signed_at__isnull=False),
                                   name="annual_audit_signed_complete"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    def get_absolute_url(self):
        return reverse("finance:annual_audit_detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED


INSPECTION_SCOPE = ScopePolicy(org_field="federation", rules=(
    Within({"federation_admin", "federation_reviewer", "finance_officer"}, "view"),
    Within(FEDERATION_FINANCE_ROLES, "change"),
))


class InspectionRound(models.Model):
    """A federation's financial inspection of the units below it (e.g. each June and July)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        NOTIFIED = "notified", _("Units notified")
        FIELDWORK = "fieldwork", _("Fieldwork")
        CLOSED = "closed", _("Closed")

    scope = INSPECTION_SCOPE

    federation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("federation"), on_delete=models.PROTECT,
                                   related_name="inspection_rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    plan = models.TextField(_("plan"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["federation", "-year", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="inspection_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("finance:inspection_detail", args=[self.pk])


class CheckItem(models.TextChoices):
    """The inspection checklist (FINANCE.md)."""

    VOUCHERS = "vouchers", _("Vouchers and books")
    APPROVALS = "approvals", _("Approvals")
    FESTIVAL = "festival", _("Festival spending")
    OVER_LIMIT = "over_limit", _("Gifts over the limit")
    FORBIDDEN = "forbidden", _("Forbidden items")
    BUDGET = "budget", _("Budget execution")
    ALLOCATION = "allocation", _("2% allocation")
    OTHER = "other", _("Other")


class InspectedUnit(models.Model):
    """A unit in an inspection round: when it was visited and its checklist."""

    scope = ScopePolicy(org_field="unit", rules=(
        AsParent("round", actions=("view", "change")),
        # The unit sees that it is being inspected, and its own findings (below), once notified.
        Within(FINANCE_VIEW_ROLES, "view", only=Match(round__status__in=["notified", "fieldwork", "closed"])),
    ))

    round = models.ForeignKey(InspectionRound, verbose_name=_("inspection round"), on_delete=models.CASCADE,
                              related_name="units")
    unit = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                             related_name="inspections")
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    # {check item: "ok" | "problem" | "n/a"} for each CheckItem the inspectors went through.
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    feedback = models.TextField(_("on-site feedback"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("inspected union")
        verbose_name_plural = _("inspected unions")
        ordering = ["round", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="inspected_unit_once")]

    def __str__(self):
        return f"{self.round} · {self.unit}"

    def get_absolute_url(self):
        return reverse("finance:inspected_unit_detail", args=[self.pk])


class Finding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        MAJOR = "major", _("Major")
        SERIOUS = "serious", _("Serious")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for rectification")
        REPORTED = "reported", _("Rectification reported")
        CLOSED = "closed", _("Verified and closed")

    scope = ScopePolicy(org_field="inspected__unit", rules=(
        AsParent("inspected", actions=("view",)),
        Within(FEDERATION_FINANCE_ROLES, {"change", "verify"}, org_field="inspected__round__federation"),
        # The unit answers its own findings with a rectification report.
        Within(FINANCE_ROLES | {"union_chair"}, "rectify"),
    ))

    inspected = models.ForeignKey(InspectedUnit, verbose_name=_("inspected union"), on_delete=models.CASCADE,
                                  related_name="findings")
    category = models.CharField(_("category"), max_length=20, choices=CheckItem.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MINOR)
    amount = models.DecimalField(_("amount involved"), null=True, blank=True,
                                 validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    description = models.TextField(_("what was found"))
    opinion = models.TextField(_("rectification required"), blank=True)
    deadline = models.DateField(_("rectify by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="finding_status_deadline")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="closed") | Q(closed_at__isnull=False),
                                   name="finding_closed_dated"),
        ]

    def __str__(self):
        return f"{self.inspected.unit} · {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("finance:finding_detail", args=[self.pk])

    def is_overdue(self, today=None) -> bool:
        """Its deadline has passed and it is not closed (a report waiting for verification is
        still overdue: the rectification is done when the federation accepts it)."""
        return self.status != self.Status.CLOSED and self.deadline < (today or timezone.localdate())

    @property
    def closed_on_time(self) -> bool | None:
        """Closed by its deadline (True), closed late (False), not closed (None)."""
        if self.closed_at is None:
            return None
        return timezone.localtime(self.closed_at).date() <= self.deadline


class Rectification(models.Model):
    """The unit's rectification report (整改报告) on a finding, and the federation's verification."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for more work")

    scope = ScopePolicy(org_field="finding__inspected__unit",
                        rules=(AsParent("finding", actions=("view",)),))

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.CASCADE,
                                related_name="rectifications")
    report = models.TextField(_("rectification report"))
    file = models.FileField(_("attachment"), upload_to="finance/rectifications/%Y/%m/", max_length=255, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification report")
        verbose_name_plural = _("rectification reports")
        ordering = ["finding", "submitted_at"]

    def __str__(self):
        return f"{self.finding} · {self.submitted_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.finding.get_absolute_url()
