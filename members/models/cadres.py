"""Union cadres (工会干部): the posts members hold, and their training."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy


class Level(models.TextChoices):
    """The level of an honour or a training course."""

    COUNTY = "county", _("County")
    CITY = "city", _("City")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class CadrePostQuerySet(ScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on).filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=on))


class CadrePost(models.Model):
    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        COMMITTEE = "committee", _("Committee member")
        FUNDS_REVIEW = "funds_review", _("Funds review committee member")
        WOMEN_DIRECTOR = "women_director", _("Director of the women workers' committee")

    # A post follows the person: it is seen wherever the member now belongs.
    scope = ScopePolicy(org_field="member__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="cadre_posts"
    )
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("held at"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = CadrePostQuerySet.as_manager()

    class Meta:
        verbose_name = _("cadre post")
        verbose_name_plural = _("cadre posts")
        ordering = ["-term_start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                                   name="cadre_term_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_position_display()}"

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.term_start <= today and (self.term_end is None or self.term_end >= today)

    def clean(self):
        super().clean()
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.member.refresh_flags()

    def delete(self, *args, **kwargs):
        member = self.member
        result = super().delete(*args, **kwargs)
        member.refresh_flags()
        return result


class TrainingRecord(models.Model):
    scope = ScopePolicy(org_field="member__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.CASCADE, related_name="training"
    )
    course = models.CharField(_("course"), max_length=100)
    organiser = models.CharField(_("organised by"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    started_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("999"))])

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-started_on"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0), name="training_hours_positive")]

    def __str__(self):
        return f"{self.member} · {self.course}"
