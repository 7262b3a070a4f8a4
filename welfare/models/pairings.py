"""One-to-one pairings (一帮一结对帮扶): a leader or cadre helps a hardship household with a
plan to lift it out by a deadline, records follow-ups, and the outcome is assessed."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.scoping import ScopedManager, ScopedQuerySet, ScopePolicy

from ..access import WELFARE_RULES


class PairingQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        return self.filter(status=Pairing.Status.ACTIVE, deadline__lt=today or timezone.localdate())


class Pairing(StepsMixin, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Under way")
        ACHIEVED = "achieved", _("Lifted out as planned")
        NOT_ACHIEVED = "not_achieved", _("Not lifted out")
        ENDED = "ended", _("Ended early")

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        GOOD = "good", _("Good")
        PASS = "pass", _("Satisfactory")
        FAIL = "fail", _("Unsatisfactory")

    scope = ScopePolicy(org_field="file__union", rules=WELFARE_RULES)
    state_field = "status"
    steps = (
        Step("edit", Status.ACTIVE),
        Step("assess", Status.ACTIVE),
        Step("follow_up"),
    )

    file = models.ForeignKey("welfare.HardshipFile", verbose_name=_("household"), on_delete=models.PROTECT,
                             related_name="pairings")
    helper_name = models.CharField(_("helper"), max_length=50)
    helper_post = models.CharField(_("helper's post"), max_length=100, help_text=_("E.g. deputy general manager."))
    helper_phone = models.CharField(_("helper's phone"), max_length=20, blank=True)
    started_on = models.DateField(_("paired on"), default=timezone.localdate)
    goal = models.CharField(_("goal"), max_length=200, help_text=_("What lifted out means for this household."))
    plan = models.TextField(_("plan and measures"))
    deadline = models.DateField(_("lift out by"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE,
                              editable=False)
    outcome = models.TextField(_("outcome"), blank=True, editable=False)
    rating = models.CharField(_("assessment"), max_length=20, choices=Rating.choices, blank=True, editable=False)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True, editable=False)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = PairingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("started_on")),
                                   name="pairing_deadline_after_start"),
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(assessed_on__isnull=False),
                name="pairing_ended_is_assessed",
            ),
        ]

    def __str__(self):
        return _("%(helper)s helps %(name)s") % {"helper": self.helper_name, "name": self.file.worker.name}

    def get_absolute_url(self):
        return reverse("welfare:pairing_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.ACTIVE and self.deadline < timezone.localdate()


class PairingFollowUp(models.Model):
    scope = ScopePolicy(org_field="pairing__file__union", rules=WELFARE_RULES)

    pairing = models.ForeignKey(Pairing, verbose_name=_("pairing"), on_delete=models.CASCADE,
                                related_name="follow_ups")
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on}: {self.note[:40]}"

    def get_absolute_url(self):
        return reverse("welfare:pairing_detail", args=[self.pairing_id])
