"""Hardship files (困难职工档案): the household, its income against the minimum-living line,
and the file's lifecycle, every step of which is a FileTransition row.

The lifecycle is a state machine (``HardshipFile.TRANSITIONS``, moved by welfare/services/files.py):
申报 applied → 入户核查 checking → 公示 notice (start and end dates) → 审批建档 filed
→ 年度复核 recheck → back to filed, or out: 解困脱困 lifted, 退档 withdrawn, or closed on
retirement, transfer or death. A closed household can be refiled as a new file.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.validators import validate_id_number
from unionadmin.actions import Step, StepsMixin
from unionadmin.personal_data import mask_amount, mask_id_number
from unionadmin.scoping import ScopedManager, ScopedQuerySet, ScopePolicy

from ..access import WELFARE_RULES

MONEY = dict(max_digits=10, decimal_places=2)

# Steps recorded in FileTransition that are not transitions between states.
STEP_LABELS = {"apply": _("Application recorded"), "refile": _("Refiled as a new application")}


class LivingStandard(models.Model):
    """A locality's minimum-living line (低保标准) for a year, and the rule that suggests a
    household's category from it. The nearest locality above a union with a line for the
    year applies (a township's own line beats the county's)."""

    scope = ScopePolicy(org_field="organisation", rules=WELFARE_RULES)

    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("locality"), on_delete=models.CASCADE,
        related_name="living_standards",
        help_text=_("The federation or union whose area this line applies to, and everything below it."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    monthly_line = models.DecimalField(
        _("minimum-living line (yuan per person per month)"), **MONEY, validators=[MinValueValidator(Decimal("1"))]
    )
    relative_multiple = models.DecimalField(
        _("relative hardship below"), max_digits=4, decimal_places=2, default=Decimal("2"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Households below this multiple of the line are suggested as relative hardship."),
    )
    edge_multiple = models.DecimalField(
        _("edge households up to"), max_digits=4, decimal_places=2, default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("Households above the line but below this multiple of it are flagged as edge households."),
    )
    cost_share_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("hardship costs above (% of income)"), default=80, validators=[MaxValueValidator(1000)],
        help_text=_("Households whose unavoidable costs exceed this share of their income are suggested as "
                    "fallen into hardship by accident."),
    )
    note = models.CharField(_("source or note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("minimum-living line")
        verbose_name_plural = _("minimum-living lines")
        ordering = ["organisation__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="living_standard_one_per_year"),
            models.CheckConstraint(condition=models.Q(monthly_line__gt=0), name="living_standard_line_positive"),
        ]

    def __str__(self):
        return _("%(place)s %(year)s: %(line)s yuan") % {
            "place": self.organisation, "year": self.year, "line": self.monthly_line}

    def get_absolute_url(self):
        return reverse("welfare:standard_list")


    @classmethod
    def applying_to(cls, organisation, year):
        """The line for ``organisation`` in ``year``: the most recent year up to it, nearest locality first."""
        ids = [*organisation.ancestor_ids(), organisation.pk]
        return (
            cls.objects.filter(organisation_id__in=ids, year__lte=year)
            .select_related("organisation").order_by("-year", "-organisation__depth").first()
        )


class HardshipFileQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=HardshipFile.OPEN_STATUSES)

    def on_file(self):
        return self.filter(status__in=HardshipFile.ON_FILE_STATUSES)


@dataclass(frozen=True)
class Transition:
    """A lifecycle step between states: the one declaration the service (file_transition),
    the file's ``allowed_actions`` and the file page's buttons all read."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False
    button: str = "outline-primary"  # Bootstrap button style on the file page
    help: str = ""
    needs: str = "change"  # the scope action the step needs; the chair approves

    @property
    def step(self) -> Step:
        return Step(self.action, self.sources, needs=self.needs)


class HardshipFile(StepsMixin, models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")  # 申报
        CHECKING = "checking", _("Household check")  # 入户核查
        NOTICE = "notice", _("Public notice")  # 公示
        FILED = "filed", _("Filed")  # 审批建档
        RECHECK = "recheck", _("Annual re-check")  # 年度复核
        LIFTED = "lifted", _("Lifted out of hardship")  # 解困脱困
        WITHDRAWN = "withdrawn", pgettext_lazy("hardship file", "Withdrawn")  # 退档
        CLOSED = "closed", pgettext_lazy("hardship file", "Closed")  # retirement, transfer or death

    class Category(models.TextChoices):
        DEEP = "deep", _("Deep hardship")  # 深度困难
        RELATIVE = "relative", _("Relative hardship")  # 相对困难
        ACCIDENT = "accident", _("Hardship by accident")  # 意外致困

    class Cause(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        DISABILITY = "disability", _("Disability")
        UNEMPLOYMENT = "unemployment", _("Unemployment")
        SCHOOLING = "schooling", _("Children's schooling")
        ACCIDENT = "accident", _("Accident or disaster")
        SINGLE_PARENT = "single_parent", _("Single parent")
        WORK_INJURY = "work_injury", _("Work injury")

    class IdentityStatus(models.TextChoices):
        ON_DUTY = "on_duty", _("In work")  # 在岗
        LAID_OFF = "laid_off", _("Laid off")  # 下岗
        UNEMPLOYED = "unemployed", _("Unemployed")  # 失业
        RETIRED = "retired", _("Retired")  # 退休
        SICK_LEAVE = "sick_leave", _("On sick leave")  # 病休
        EARLY_RETIRED = "early_retired", _("Internally retired")  # 内退
        MIGRANT = "migrant", _("Migrant worker")  # 农民工

    class Health(models.TextChoices):
        HEALTHY = "healthy", _("Healthy")
        CHRONIC = "chronic", _("Chronic illness")
        SERIOUS = "serious", _("Serious illness")
        DISABLED = "disabled", _("Disabled")

    class Housing(models.TextChoices):
        OWN = "own", _("Own home")
        RENTED = "rented", _("Rented")
        PUBLIC_RENTAL = "public_rental", _("Public rental housing")
        LODGING = "lodging", _("Lodging with others")
        NONE = "none", _("No fixed home")

    class CloseReason(models.TextChoices):
        RETIRED = "retired", _("Retired")
        TRANSFERRED = "transferred", _("Transferred to another union")
        DECEASED = "deceased", _("Deceased")

    OPEN_STATUSES = (Status.APPLIED, Status.CHECKING, Status.NOTICE, Status.FILED, Status.RECHECK)
    ON_FILE_STATUSES = (Status.FILED, Status.RECHECK)
    ENDED_STATUSES = (Status.LIFTED, Status.WITHDRAWN, Status.CLOSED)
    # The main road, shown as the lifecycle bar on the file page (an ended file adds its end).
    STAGES = (Status.APPLIED, Status.CHECKING, Status.NOTICE, Status.FILED, Status.RECHECK)

    TRANSITIONS = (
        Transition("start_check", _("Start the household check"), (Status.APPLIED,), Status.CHECKING,
                   help=_("Someone visits the household to check what the application says.")),
        Transition("start_notice", _("Start the public notice"), (Status.CHECKING,), Status.NOTICE,
                   help=_("The household's name, category and reason are posted for the notice period; the "
                          "file can be approved only after it ends.")),
        Transition("return_to_check", _("Back to the household check"), (Status.NOTICE,), Status.CHECKING,
                   needs_reason=True, button="outline-secondary",
                   help=_("For an objection raised during the notice: check again before filing.")),
        Transition("approve", _("Approve and file"), (Status.NOTICE,), Status.FILED, button="primary",
                   help=_("The household is filed; its annual re-check falls due in a year."), needs="approve"),
        Transition("start_recheck", _("Start the annual re-check"), (Status.FILED,), Status.RECHECK),
        Transition("confirm_recheck", _("Re-check done: stays on file"), (Status.RECHECK,), Status.FILED,
                   button="primary", help=_("The next re-check falls due in a year.")),
        Transition("lift", _("Lifted out of hardship"), (Status.FILED, Status.RECHECK), Status.LIFTED,
                   needs_reason=True, button="success"),
        Transition("close", _("Close the file"), (Status.FILED, Status.RECHECK), Status.CLOSED,
                   button="outline-secondary", help=_("On the worker's retirement, transfer or death.")),
        Transition("withdraw", _("Withdraw the file"), OPEN_STATUSES, Status.WITHDRAWN,
                   needs_reason=True, button="outline-danger",
                   help=_("The household does not or no longer qualifies; say why.")),
    )
    # What a person may do next (allowed_actions): the lifecycle steps, and the changes a
    # state allows. One declaration decides the file page's buttons and what the views accept.
    state_field = "status"
    steps = (
        *(transition.step for transition in TRANSITIONS),
        Step("confirm_category", (Status.APPLIED, Status.CHECKING, Status.RECHECK)),
        Step("edit", OPEN_STATUSES),  # the file's details and its household
        Step("propose_grant", ON_FILE_STATUSES),
        Step("pair", ON_FILE_STATUSES),
        Step("record_visit"),
        Step("refile", ENDED_STATUSES, when=lambda file, user: not file.was_refiled),
    )
    status_tones = {
        Status.APPLIED: "secondary", Status.CHECKING: "info", Status.NOTICE: "warning", Status.FILED: "primary",
        Status.RECHECK: "warning", Status.LIFTED: "success", Status.WITHDRAWN: "dark", Status.CLOSED: "secondary",
    }

    scope = ScopePolicy(org_field="union", rules=WELFARE_RULES)
    # Shown masked everywhere; a reveal is logged. Individual incomes and ID numbers are on
    # HouseholdMember.
    personal_fields = {"per_capita_income": mask_amount, "total_income": mask_amount}
    duplicate_messages = {  # unionadmin/integrity.py
        "hardship_one_open_file_per_worker": _("This worker already has an open hardship file."),
    }

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    worker = models.ForeignKey(
        "members.Member", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="hardship_files",
        help_text=_("The member at the head of the household."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)

    identity_status = models.CharField(_("identity status"), max_length=20, choices=IdentityStatus.choices)
    health = models.CharField(_("health"), max_length=20, choices=Health.choices, default=Health.HEALTHY)
    health_note = models.CharField(_("health details"), max_length=200, blank=True)
    housing = models.CharField(_("housing"), max_length=20, choices=Housing.choices, default=Housing.OWN)
    housing_note = models.CharField(_("housing details"), max_length=200, blank=True)
    main_cause = models.CharField(_("main cause"), max_length=20, choices=Cause.choices)
    secondary_causes = ArrayField(
        models.CharField(max_length=20, choices=Cause.choices), verbose_name=_("other causes"), default=list,
        blank=True,
    )
    situation = models.TextField(_("the household's situation"), blank=True)

    medical_costs = models.DecimalField(_("medical costs per month"), **MONEY, default=0,
                                        validators=[MinValueValidator(0)])
    education_costs = models.DecimalField(_("schooling costs per month"), **MONEY, default=0,
                                          validators=[MinValueValidator(0)])
    other_costs = models.DecimalField(_("other unavoidable costs per month"), **MONEY, default=0,
                                      validators=[MinValueValidator(0)])

    # Computed from the household by file_recompute (services/files.py).
    household_size = models.PositiveSmallIntegerField(_("people in the household"), default=1, editable=False)
    total_income = models.DecimalField(_("household income per month"), **MONEY, default=0, editable=False)
    per_capita_income = models.DecimalField(_("income per person per month"), **MONEY, default=0, editable=False)
    living_line = models.DecimalField(_("minimum-living line applied"), **MONEY, null=True, editable=False)
    suggested_category = models.CharField(
        _("suggested category"), max_length=20, choices=Category.choices, blank=True, editable=False
    )
    is_edge = models.BooleanField(
        _("edge household"), default=False, editable=False,
        help_text=_("Just above the minimum-living line (低保边缘户)."),
    )

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, blank=True,
                                help_text=_("Confirmed by an officer; the rule only suggests it."))
    category_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("category confirmed by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )
    category_confirmed_at = models.DateTimeField(_("category confirmed at"), null=True, blank=True, editable=False)

    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    notice_starts_on = models.DateField(_("public notice from"), null=True, blank=True, editable=False)
    notice_ends_on = models.DateField(_("public notice until"), null=True, blank=True, editable=False)
    filed_on = models.DateField(_("filed on"), null=True, blank=True, editable=False)
    last_rechecked_on = models.DateField(_("last re-checked on"), null=True, blank=True, editable=False)
    next_recheck_due = models.DateField(_("next re-check due"), null=True, blank=True, editable=False)
    recheck_due_soon = models.BooleanField(
        _("re-check due within 30 days"), default=False, editable=False,
        help_text=_("Kept current by a daily task; listed on the welfare officer's home page."),
    )
    closed_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    close_reason = models.CharField(_("closed because"), max_length=20, choices=CloseReason.choices, blank=True,
                                    editable=False)
    previous_file = models.OneToOneField(
        "self", verbose_name=_("refiled from"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="refiled_as", editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = HardshipFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-applied_on", "-pk"]
        indexes = [
            models.Index(fields=["union", "status"], name="hardship_union_status"),
            models.Index(fields=["status", "next_recheck_due"], name="hardship_recheck_due"),
        ]
        constraints = [
            # One open file per worker; a closed household can be refiled.
            models.UniqueConstraint(
                fields=["worker"], condition=models.Q(status__in=["applied", "checking", "notice", "filed", "recheck"]),
                name="hardship_one_open_file_per_worker",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["applied", "checking", "notice", "filed", "recheck", "lifted",
                                               "withdrawn", "closed"]),
                name="hardship_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(notice_ends_on__isnull=True)
                | models.Q(notice_ends_on__gte=models.F("notice_starts_on")),
                name="hardship_notice_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["notice", "filed", "recheck"]) | ~models.Q(category=""),
                name="hardship_category_before_notice",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["filed", "recheck"]) | models.Q(filed_on__isnull=False),
                name="hardship_filed_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["lifted", "withdrawn", "closed"]) | models.Q(closed_on__isnull=False),
                name="hardship_ended_has_date",
            ),
        ]

    def __str__(self):
        return _("Hardship file %(number)s · %(name)s") % {"number": self.number, "name": self.worker.name}

    def get_absolute_url(self):
        return reverse("welfare:file_detail", args=[self.pk])


    @property
    def number(self) -> str:
        return f"KN{self.pk:06d}" if self.pk else "—"

    @property
    def lifecycle(self) -> list[tuple[str, bool]]:
        """(label, is the file's state) for each stage of the main road."""
        labels = dict(self.Status.choices)
        return [(labels[stage], self.status == stage) for stage in self.STAGES]

    @property
    def was_refiled(self) -> bool:
        # ``refiled_as`` is the reverse one-to-one: missing, it raises, so hasattr is False.
        return hasattr(self, "refiled_as")

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_on_file(self) -> bool:
        return self.status in self.ON_FILE_STATUSES

    @property
    def is_ended(self) -> bool:
        return self.status in self.ENDED_STATUSES

    @property
    def unavoidable_costs(self) -> Decimal:
        return (self.medical_costs or 0) + (self.education_costs or 0) + (self.other_costs or 0)

    @property
    def notice_running(self) -> bool:
        return self.status == self.Status.NOTICE and self.notice_ends_on is not None and (
            timezone.localdate() <= self.notice_ends_on
        )

    @property
    def line_ratio(self) -> Decimal | None:
        """Per-capita income as a multiple of the line (for display: 'below the line', …)."""
        if not self.living_line:
            return None
        return (self.per_capita_income / self.living_line).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def get_secondary_causes_display(self) -> list[str]:
        labels = dict(self.Cause.choices)
        return [labels.get(c, c) for c in self.secondary_causes]


class HouseholdMember(models.Model):
    """A person in the household, the worker included (relationship "self")."""

    class Relationship(models.TextChoices):
        SELF = "self", _("The worker")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", pgettext_lazy("relation", "Parent")
        SPOUSE_PARENT = "spouse_parent", _("Spouse's parent")
        SIBLING = "sibling", _("Brother or sister")
        GRANDPARENT = "grandparent", _("Grandparent")
        GRANDCHILD = "grandchild", _("Grandchild")
        OTHER = "other", _("Other relative")

    class Occupation(models.TextChoices):
        WORKING = "working", _("Working")
        UNEMPLOYED = "unemployed", _("Unemployed")
        RETIRED = "retired", _("Retired")
        STUDENT = "student", _("In school or college")
        PRESCHOOL = "preschool", _("Pre-school child")
        UNABLE = "unable", _("Unable to work")
        FARMING = "farming", _("Farming")

    scope = ScopePolicy(org_field="file__union", rules=WELFARE_RULES)
    personal_fields = {"id_number": mask_id_number, "monthly_income": mask_amount}
    duplicate_messages = {  # unionadmin/integrity.py
        "household_one_self_per_file": _("The worker is already in this household."),
    }

    file = models.ForeignKey(HardshipFile, verbose_name=_("hardship file"), on_delete=models.CASCADE,
                             related_name="household")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    relationship = models.CharField(_("relationship to the worker"), max_length=20, choices=Relationship.choices)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, validators=[validate_id_number])
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices,
                                  default=Occupation.WORKING)
    health = models.CharField(_("health"), max_length=20, choices=HardshipFile.Health.choices,
                              default=HardshipFile.Health.HEALTHY)
    monthly_income = models.DecimalField(_("income per month"), **MONEY, default=0,
                                         validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["file", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["file"], condition=models.Q(relationship="self"),
                                    name="household_one_self_per_file"),
            models.CheckConstraint(condition=models.Q(monthly_income__gte=0), name="household_income_not_negative"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_relationship_display()})"

    def get_absolute_url(self):
        return reverse("welfare:file_detail", args=[self.file_id]) + "#household"



class FileTransition(models.Model):
    """One step of a file's lifecycle: who moved it, when, from which state to which, and why.

    Append-only; it is the file's lifecycle history, so it keeps no history of its own."""

    scope = ScopePolicy(org_field="file__union", rules=WELFARE_RULES)

    file = models.ForeignKey(HardshipFile, verbose_name=_("hardship file"), on_delete=models.CASCADE,
                             related_name="transitions")
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=HardshipFile.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=HardshipFile.Status.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.PROTECT,
                           related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("file transition")
        verbose_name_plural = _("file transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"

    def get_absolute_url(self):
        return reverse("welfare:file_detail", args=[self.file_id])


    @property
    def action_label(self):
        transition = next((t for t in HardshipFile.TRANSITIONS if t.action == self.action), None)
        return transition.label if transition else STEP_LABELS.get(self.action, self.action)
