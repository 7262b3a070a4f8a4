"""Sports and culture events (文体活动): a tournament or show, its teams or players, the
matches played (for a league table), final places, and photos."""
from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import AsParent, FromAbove, ScopedManager, ScopePolicy, Within


class SportsEvent(models.Model):
    class Kind(models.TextChoices):
        SPORTS = "sports", _("Sports")
        CULTURE = "culture", _("Culture")

    # The organiser's staff, and for "view" also the staff of units below it.
    scope = ScopePolicy(org_field="organiser",
                        rules=(Within(STAFF_ROLES, {"view"}), Within(MANAGING_ROLES, {"change"}), FromAbove({"view"})))

    organiser = models.ForeignKey("unionadmin.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  related_name="sports_events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPORTS)
    discipline = models.CharField(_("discipline"), max_length=50, help_text=_("E.g. 篮球, 乒乓球, 拔河, 合唱."))
    title = models.CharField(pgettext_lazy("event", "title"), max_length=150)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    points_win = models.PositiveSmallIntegerField(_("points for a win"), default=2)
    points_draw = models.PositiveSmallIntegerField(_("points for a draw"), default=1)
    points_loss = models.PositiveSmallIntegerField(_("points for a loss"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("sports or culture event")
        verbose_name_plural = _("sports and culture events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="sportsevent_dates_in_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:event_detail", args=[self.pk])


# An event's participants, matches and photos go with the event.
PART_SCOPE = ScopePolicy(org_field="event__organiser", rules=(AsParent("event", SportsEvent.scope.actions()),))


class EventParticipant(models.Model):
    class Kind(models.TextChoices):
        TEAM = "team", _("Team")
        PLAYER = "player", _("Player")

    scope = PART_SCOPE

    event = models.ForeignKey(SportsEvent, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="participants")
    kind = models.CharField(_("team or player"), max_length=10, choices=Kind.choices, default=Kind.TEAM)
    name = models.CharField(pgettext_lazy("team or player", "name"), max_length=100)
    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("unit"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    members = models.CharField(_("players"), max_length=300, blank=True)
    place = models.PositiveSmallIntegerField(_("final place"), null=True, blank=True,
                                             validators=[MinValueValidator(1)])
    result = models.CharField(_("result"), max_length=100, blank=True,
                              help_text=_("E.g. a time, a score or a prize, as announced."))

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "place", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="eventparticipant_name_unique"),
            models.CheckConstraint(condition=Q(place__isnull=True) | Q(place__gte=1), name="eventparticipant_place"),
        ]

    def __str__(self):
        return self.name


class EventMatch(models.Model):
    scope = PART_SCOPE

    event = models.ForeignKey(SportsEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="matches")
    round_label = models.CharField(_("round"), max_length=50, blank=True)
    played_on = models.DateField(_("played on"), null=True, blank=True)
    home = models.ForeignKey(EventParticipant, verbose_name=_("home side"), on_delete=models.CASCADE,
                             related_name="+")
    away = models.ForeignKey(EventParticipant, verbose_name=_("away side"), on_delete=models.CASCADE,
                             related_name="+")
    home_score = models.PositiveSmallIntegerField(_("home score"))
    away_score = models.PositiveSmallIntegerField(_("away score"))

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["event", "played_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(home=models.F("away")), name="eventmatch_two_sides"),
        ]

    def __str__(self):
        return f"{self.home} {self.home_score}:{self.away_score} {self.away}"


def photo_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"competitions/events/{instance.event_id}/{uuid.uuid4().hex}{extension}"


class EventPhoto(models.Model):
    scope = PART_SCOPE

    event = models.ForeignKey(SportsEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_upload_to, max_length=200)
    caption = models.CharField(_("caption"), max_length=150, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.caption or os.path.basename(self.image.name)
