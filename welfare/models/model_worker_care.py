"""Model-worker care (劳模关爱): the health-check (体检) and recuperation (疗休养) rounds a union
or federation organises for the model workers of its subtree, who was invited and who went,
and the archive's dynamic record (动态档案年度更新): one update of each model worker's situation
a year, due by a cut-off date the union sets (30 June unless it says otherwise).

Model workers are members flagged ``is_model_worker`` (they hold a members.Honour). Attending a
round adds one ArchiveEntry to the model worker's archive (``CareInvitation.archive_entry``
keeps it to one). The family's income is stored as a bracket, never a figure, so nothing here
needs masking under unionadmin/personal_data.py.
"""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import Role
from unionadmin.scoping import ScopedManager, ScopePolicy, Within

from ..access import WELFARE_RULES

MONEY = dict(max_digits=10, decimal_places=2)
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class CareRound(models.Model):
    """One round of health checks or recuperation the organiser pays for."""

    class Kind(models.TextChoices):
        HEALTH_CHECK = "health_check", _("Health check")  # 体检
        RECUPERATION = "recuperation", _("Recuperation")  # 疗休养

    scope = ScopePolicy(org_field="organiser", rules=WELFARE_RULES)

    organiser = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organised by"), on_delete=models.PROTECT,
        related_name="care_rounds",
        help_text=_("Model workers of this union and every union below it can be invited."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    title = models.CharField(_("title"), max_length=100)
    place = models.CharField(_("place"), max_length=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    budget_per_person = models.DecimalField(
        _("budget per person (yuan)"), **MONEY, validators=[MinValueValidator(0)],
        help_text=_("The cost recorded for each person who goes, unless their own cost is entered."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True, editable=False)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("paid by"), null=True,
                                on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    duplicate_messages = {
        "care_round_title_once": _("This union already has a round with this title in that year."),
    }

    class Meta:
        verbose_name = _("care round")
        verbose_name_plural = _("care rounds")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year", "title"], name="care_round_title_once",
                violation_error_message=_("This union already has a round with this title in that year.")),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="care_round_ends_after_start"),
            models.CheckConstraint(condition=models.Q(budget_per_person__gte=0), name="care_round_budget_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("welfare:care_round_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The round cannot end before it starts.")})
        if self.starts_on and self.year and self.starts_on.year != self.year:
            raise ValidationError({"starts_on": _("The round must start in its year.")})

    @property
    def archive_kind(self):
        """The kind of archive entry attending this round adds (members.ArchiveEntry.Kind)."""
        return self.kind  # the two kinds share their values with ArchiveEntry.Kind on purpose

    @property
    def has_started(self) -> bool:
        return self.starts_on <= timezone.localdate()

    def allowed_actions(self, user) -> set[str]:
        """The steps the round offers now (scope is the views' check): once paid the round is
        frozen, so its voucher and its invitations keep agreeing."""
        return set() if self.paid_on else {"edit", "invite", "outcome"}


class CareInvitation(models.Model):
    """A model worker invited to a round, and what became of the invitation."""

    class Status(models.TextChoices):
        INVITED = "invited", pgettext_lazy("care invitation", "Invited")
        ATTENDED = "attended", pgettext_lazy("care invitation", "Went")
        DECLINED = "declined", pgettext_lazy("care invitation", "Declined")
        REPLACED = "replaced", pgettext_lazy("care invitation", "Replaced")

    # The organiser's welfare people manage the invitation; the welfare people of the model
    # worker's own union see it too (the federation's round their model worker went to).
    scope = ScopePolicy(org_field="care_round__organiser", rules=(
        *WELFARE_RULES,
        Within({Role.WELFARE_OFFICER, Role.UNION_CHAIR}, {"view"}, org_field="member__union"),
    ))

    care_round = models.ForeignKey(CareRound, verbose_name=_("care round"), on_delete=models.CASCADE,
                                   related_name="invitations")
    member = models.ForeignKey("members.Member", verbose_name=_("model worker"), on_delete=models.PROTECT,
                               related_name="care_invitations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INVITED)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    replaced_by = models.OneToOneField(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaces", editable=False,
    )
    cost = models.DecimalField(_("cost (yuan)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)],
                               help_text=_("Left empty, the round's budget per person is recorded."))
    archive_entry = models.OneToOneField(
        "members.ArchiveEntry", null=True, blank=True, on_delete=models.SET_NULL, related_name="care_invitation",
        editable=False,
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    duplicate_messages = {
        "care_invitation_once": _("This model worker is already invited to this round."),
    }

    class Meta:
        verbose_name = _("care invitation")
        verbose_name_plural = _("care invitations")
        ordering = ["care_round", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["care_round", "member"], name="care_invitation_once"),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="care_invitation_declined_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(status="replaced") | models.Q(replaced_by__isnull=False),
                name="care_invitation_replaced_names_replacement"),
        ]

    def __str__(self):
        return f"{self.care_round} · {self.member}"

    def get_absolute_url(self):
        return self.care_round.get_absolute_url()

    def allowed_actions(self, user) -> set[str]:
        return self.care_round.allowed_actions(user) & {"outcome"}

    @property
    def cost_recorded(self):
        """What the person's place cost: their own cost, else the round's budget; only for those who went."""
        if self.status != self.Status.ATTENDED:
            return None
        return self.cost if self.cost is not None else self.care_round.budget_per_person


class CareSettings(models.Model):
    """A union's own cut-off for the annual update of its model workers' records. The nearest
    union above a model worker that set one applies; without any, 30 June."""

    DEFAULT_MONTH, DEFAULT_DAY = 6, 30

    scope = ScopePolicy(org_field="organisation", rules=WELFARE_RULES)

    organisation = models.OneToOneField("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                                        related_name="care_settings")
    update_due_month = models.PositiveSmallIntegerField(
        _("annual update due by (month)"), default=DEFAULT_MONTH, validators=[MinValueValidator(1), MaxValueValidator(12)])
    update_due_day = models.PositiveSmallIntegerField(
        _("annual update due by (day)"), default=DEFAULT_DAY, validators=[MinValueValidator(1), MaxValueValidator(31)])

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("model-worker care settings")
        verbose_name_plural = _("model-worker care settings")
        ordering = ["organisation__path"]

    def __str__(self):
        return str(self.organisation)

    def get_absolute_url(self):
        return reverse("welfare:care_settings")

    def clean(self):
        super().clean()
        try:
            datetime.date(2024, self.update_due_month, self.update_due_day)  # a leap year: 29 Feb is allowed
        except (TypeError, ValueError):
            raise ValidationError({"update_due_day": _("This day does not exist in that month.")}) from None

    @classmethod
    def cut_off(cls, month: int, day: int, year: int) -> datetime.date:
        """The cut-off date in ``year`` (29 February falls back to the 28th in a common year)."""
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return datetime.date(year, month, 28)


class SituationUpdate(models.Model):
    """The year's update of one model worker's situation (动态档案年度更新)."""

    class Income(models.TextChoices):
        BELOW_LINE = "below_line", _("Below the minimum-living line")
        LOW = "low", _("Low")
        MIDDLE = "middle", _("Middle")
        COMFORTABLE = "comfortable", _("Comfortable")

    scope = ScopePolicy(org_field="union", rules=WELFARE_RULES)

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="+", editable=False)
    member = models.ForeignKey("members.Member", verbose_name=_("model worker"), on_delete=models.CASCADE,
                               related_name="situation_updates")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    work = models.CharField(_("work"), max_length=200, help_text=_("Post, work and achievements this year."))
    health = models.CharField(_("health"), max_length=200)
    family_income = models.CharField(_("family income"), max_length=20, choices=Income.choices)
    difficulties = models.TextField(_("difficulties"), blank=True)
    wishes = models.TextField(_("wishes"), blank=True)
    visited_by = models.CharField(_("visited by"), max_length=100)
    visited_on = models.DateField(_("visited on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    duplicate_messages = {
        "situation_update_once_a_year": _("This model worker's record is already updated for that year."),
    }

    class Meta:
        verbose_name = _("annual update")
        verbose_name_plural = _("annual updates")
        ordering = ["-year", "member__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="situation_update_once_a_year",
                violation_error_message=_("This model worker's record is already updated for that year.")),
        ]

    def __str__(self):
        return f"{self.member} · {self.year}"

    def get_absolute_url(self):
        return reverse("welfare:care_update_list")

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.visited_on and self.visited_on > today:
            raise ValidationError({"visited_on": _("The date cannot be in the future.")})
        if self.year and self.year > today.year:
            # A future year's update would keep the model worker off the overdue list for years.
            raise ValidationError({"year": _("An update can only be for this year or an earlier one.")})
        if self.year and self.visited_on and self.visited_on.year not in (self.year, self.year + 1):
            raise ValidationError({"visited_on": _("The visit must be in the update's year or early the next.")})
