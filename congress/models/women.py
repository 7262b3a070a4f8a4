"""Women workers' work (女职工工作): the committee and its activities (issue 18, part women).

A union's women workers' committee (女职工委员会) serves a term; one committee is current per
union at a time (congress/women.py refuses an overlapping term). Its director (主任) holds a
members.CadrePost WOMEN_DIRECTOR kept in step by the services, never edited here."""
from __future__ import annotations

import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.ordering import in_choice_order
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

__all__ = ["WomenActivity", "WomenCommittee", "WomenCommitteeMember"]


class WomenCommitteeQuerySet(ScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class WomenCommittee(models.Model):
    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
        related_name="women_committees",
    )
    starts_on = models.DateField(_("term from"))
    ends_on = models.DateField(_("term to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = WomenCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("women workers' committee")
        verbose_name_plural = _("women workers' committees")
        ordering = ["union__path", "-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="womencommittee_ends_after_start"),
        ]

    def __str__(self):
        return _("Women workers' committee %(start)s–%(end)s") % {
            "start": self.starts_on.strftime("%Y.%m"), "end": self.ends_on.strftime("%Y.%m")}

    def get_absolute_url(self):
        return reverse("congress:women_committee_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A term ends after it starts.")})

    @property
    def is_current(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on


class WomenSeatPosition(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director")
    MEMBER = "member", pgettext_lazy("women workers' committee", "Committee member")


class WomenCommitteeMember(models.Model):
    Position = WomenSeatPosition

    scope = ScopePolicy(org_field="committee__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    committee = models.ForeignKey(WomenCommittee, verbose_name=_("women workers' committee"), on_delete=models.CASCADE,
                                  related_name="seats")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="women_committee_seats")
    position = models.CharField(_("position"), max_length=10, choices=Position.choices, default=Position.MEMBER)
    joined_on = models.DateField(_("in office from"))
    left_on = models.DateField(_("removed on"), null=True, blank=True)
    # The director's WOMEN_DIRECTOR cadre post, kept in step by congress/women.py.
    cadre_post = models.OneToOneField("members.CadrePost", null=True, blank=True, editable=False,
                                      on_delete=models.SET_NULL, related_name="women_committee_seat")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("women workers' committee member")
        verbose_name_plural = _("women workers' committee members")
        ordering = ["committee", in_choice_order("position", WomenSeatPosition), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "member"], condition=Q(left_on__isnull=True),
                                    name="womenseat_member_once"),
            models.UniqueConstraint(fields=["committee"], condition=Q(left_on__isnull=True, position="director"),
                                    name="womenseat_one_director"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                                   name="womenseat_left_after_joined"),
        ]

    # congress.women.seat_add checks both under the committee's row lock; these words are for a
    # write that still meets the constraint (DuplicateWriteMiddleware).
    duplicate_messages = {
        "womenseat_member_once": _("This member already sits on this committee."),
        "womenseat_one_director": _("The committee already has a director; remove her first."),
    }

    def __str__(self):
        return f"{self.member} · {self.get_position_display()}"

    def get_absolute_url(self):
        return self.committee.get_absolute_url()


def _activity_path(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"congress/women/{uuid.uuid4().hex}{extension}"


class WomenActivity(models.Model):
    class Kind(models.TextChoices):
        SCREENING = "screening", _("Two-cancer screening")
        MARCH_EIGHTH = "march8", _("March 8th event")
        TRAINING = "training", _("Training")
        PUBLICITY = "publicity", _("Rights publicity")
        OTHER = "other", _("Other")

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="women_activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=100, blank=True)
    participants = models.PositiveIntegerField(_("women taking part"), validators=[MaxValueValidator(100000)])
    members_taking_part = models.PositiveIntegerField(_("of whom union members"), validators=[MaxValueValidator(100000)])
    cost = models.DecimalField(_("cost (yuan)"), max_digits=12, decimal_places=2, default=0,
                               validators=[MinValueValidator(0)])
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("photo or attachment"), upload_to=_activity_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("women workers' activity")
        verbose_name_plural = _("women workers' activities")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(members_taking_part__lte=models.F("participants")),
                                   name="womenactivity_members_within_participants"),
            models.CheckConstraint(condition=Q(cost__gte=0), name="womenactivity_cost_not_negative"),
            # The same activity sent twice (a double click) is recorded once.
            models.UniqueConstraint(fields=["union", "kind", "held_on", "title"], name="womenactivity_once"),
        ]
        indexes = [models.Index(fields=["union", "held_on"], name="womenactivity_union_date")]

    duplicate_messages = {"womenactivity_once": _("This activity has already been recorded for this union.")}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("congress:women_activity_update", args=[self.pk])

    def clean(self):
        super().clean()
        if (self.participants is not None and self.members_taking_part is not None
                and self.members_taking_part > self.participants):
            raise ValidationError({"members_taking_part": _(
                "Union members taking part cannot be more than the women taking part.")})
