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
from unionadmin.scoping import AsParent, FromAbove, Own, ScopedManager, ScopedQuerySet, ScopePolicy, Within


class SportsEventQuerySet(ScopedQuerySet):
    def open_to(self, member):
        """Events whose organiser opened members' sign-up and whose subtree holds ``member``'s
        union (the organiser's own members and those of every unit below it); none for a
        member who is not a current member."""
        if member is None or member.status != member.Status.ACTIVE:
            return self.none()
        path = member.union.path
        ancestors = [path[: i + 1] for i, c in enumerate(path) if c == "/"]
        return self.filter(signup_open=True, organiser__path__in=ancestors)

    def upcoming(self, today):
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))


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
    # Members' own sign-up in the member portal (issue 19): open to the members of the
    # organiser's union and of every unit below it, until the end of ``signup_closes``.
    signup_open = models.BooleanField(_("open for members' sign-up"), default=False,
                                      help_text=_("Members of the organiser and of the units below it can sign "
                                                  "up on their phones."))
    signup_closes = models.DateField(_("sign-up closes on"), null=True, blank=True,
                                     help_text=_("The last day members can sign up or withdraw."))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, validators=[MinValueValidator(1)],
                                           help_text=_("How many members can sign up; empty for no limit."))

    history = HistoricalRecords()
    objects = SportsEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sports or culture event")
        verbose_name_plural = _("sports and culture events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="sportsevent_dates_in_order"),
            models.CheckConstraint(condition=Q(signup_open=False) | Q(signup_closes__isnull=False),
                                   name="sportsevent_signup_has_deadline"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                                   name="sportsevent_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:event_detail", args=[self.pk])

    def signup_closed_on(self, today) -> bool:
        """Whether members can no longer sign up or withdraw on ``today``."""
        return not self.signup_open or self.signup_closes is None or today > self.signup_closes


# An event's participants, matches and photos go with the event.
PART_SCOPE = ScopePolicy(org_field="event__organiser", rules=(AsParent("event", SportsEvent.scope.actions()),))


class EventParticipant(models.Model):
    """A team or player; a member who signed up in the portal is a player with ``member`` set."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Team")
        PLAYER = "player", _("Player")

    # As the event's; and "own" for the member who signed up (the portal's action: a member's
    # login never opens the officers' pages).
    scope = ScopePolicy(org_field="event__organiser",
                        rules=(AsParent("event", SportsEvent.scope.actions()), Own("member__user", {"own"})))

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
    member = models.ForeignKey("members.Member", verbose_name=_("signed up by the member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="event_signups")
    signed_up_at = models.DateTimeField(_("signed up at"), null=True, blank=True)

    duplicate_messages = {  # unionadmin/integrity.py
        "eventparticipant_member_once": _("You have signed up for this event already."),
        "eventparticipant_name_unique": _("This event already has a participant of this name."),
    }

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "place", "name"]
        constraints = [
            # Names of the teams and players an officer enters are unique; members who sign up
            # are told apart by their membership (two members may share a name).
            models.UniqueConstraint(fields=["event", "name"], condition=Q(member__isnull=True),
                                    name="eventparticipant_name_unique"),
            models.UniqueConstraint(fields=["event", "member"], condition=Q(member__isnull=False),
                                    name="eventparticipant_member_once"),
            models.CheckConstraint(condition=Q(member__isnull=True) | Q(signed_up_at__isnull=False),
                                   name="eventparticipant_signup_dated"),
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
