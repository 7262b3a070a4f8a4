"""Model workers (劳模, 先进工作者): their honours and the union's dynamic archive of each."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

from .cadres import Level


class Honour(models.Model):
    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("Model worker")
        ADVANCED_WORKER = "advanced_worker", _("Advanced worker")
        MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")
        OTHER = "other", _("Other honour")

    scope = ScopePolicy(org_field="member__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="honours"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MODEL_WORKER)
    title = models.CharField(_("honour title"), max_length=100, help_text=_("As written on the certificate."))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    awarded_by = models.CharField(_("awarded by"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "title", "year"], name="honour_once"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def clean(self):
        super().clean()
        if self.year and self.year > datetime.date.today().year:
            raise ValidationError({"year": _("The year cannot be in the future.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.member.refresh_flags()

    def delete(self, *args, **kwargs):
        member = self.member
        result = super().delete(*args, **kwargs)
        member.refresh_flags()
        return result


class ArchiveEntry(models.Model):
    """One entry of a model worker's dynamic archive (动态档案)."""

    class Kind(models.TextChoices):
        HEALTH_CHECK = "health_check", _("Health check")
        RECUPERATION = "recuperation", _("Recuperation trip")
        STUDY_TOUR = "study_tour", _("Study tour")
        DIFFICULTY = "difficulty", _("Difficulty and help given")
        VISIT = "visit", _("Visit")
        OTHER = "other", _("Other")

    # Welfare officers keep the difficulties and help given, so they may write entries too.
    scope = ScopePolicy(org_field="member__union", roles={
        "view": STAFF_ROLES, "change": MANAGING_ROLES | {Role.WELFARE_OFFICER},
    })

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="archive"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=200)
    help_given = models.CharField(_("help given"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("archive entry")
        verbose_name_plural = _("archive entries")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()} · {self.date}"

    def clean(self):
        super().clean()
        if self.date and self.date > datetime.date.today():
            raise ValidationError({"date": _("The date cannot be in the future.")})
