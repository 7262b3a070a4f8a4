"""Entries (参赛): a work team, a branch, a unit or an individual from a unit below the
organiser, with its members and supporting material, and its frozen results."""
from __future__ import annotations

import os
import uuid
from dataclasses import replace

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy, scope_q

from ..scope import combine, judge_q
from .competitions import AwardTier, Competition, ScoringItem


def assigned_entries_q(user) -> Q:
    """Entries assigned to ``user`` as a judge: all of a competition, or one by one."""
    from .judging import JudgeAssignment

    mine = JudgeAssignment.objects.filter(judge=user)
    return (Q(competition__in=mine.filter(entry__isnull=True).values("competition_id"))
            | Q(pk__in=mine.filter(entry__isnull=False).values("entry_id")))


class EntryQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        """The organiser's staff by the policy; the entering unit's staff ("view", "change");
        the judges assigned to the entry ("view", "score") within the subtree where they hold
        the judge role. "manage" (disqualify, reinstate) is the organiser's alone."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        policy = self.model.scope
        q = scope_q(user, policy, action)
        if action in ("view", "change"):
            q = combine(q, scope_q(user, replace(policy, org_field="organisation"), action))
        if action in ("view", "score"):
            cover = judge_q(user, "competition__organiser__path")
            if cover is not None:
                q = combine(q, cover & assigned_entries_q(user))
        return self.none() if q is None else self.filter(q)

    def competing(self):
        return self.filter(status=Entry.Status.ENTERED)


class Entry(models.Model):
    class Kind(models.TextChoices):
        TEAM = "team", _("Work team")
        BRANCH = "branch", _("Branch or workshop")
        UNIT = "unit", _("Unit")
        INDIVIDUAL = "individual", _("Individual")

    class Status(models.TextChoices):
        ENTERED = "entered", _("Entered")
        WITHDRAWN = "withdrawn", pgettext_lazy("competition entry", "Withdrawn")
        DISQUALIFIED = "disqualified", _("Disqualified")

    scope = ScopePolicy(
        org_field="competition__organiser",
        # "scores": every judge's scores of the entry, for the organiser's staff only.
        roles={"view": STAFF_ROLES, "change": MANAGING_ROLES, "manage": MANAGING_ROLES, "scores": STAFF_ROLES,
               "score": frozenset()},
    )

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="entries")
    number = models.PositiveIntegerField(_("entry number"))
    kind = models.CharField(_("kind of entry"), max_length=20, choices=Kind.choices, default=Kind.TEAM)
    name = models.CharField(pgettext_lazy("entry", "name"), max_length=100,
                            help_text=_("The team's name, or the person's name for an individual entry."))
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("entering unit"), on_delete=models.PROTECT,
        related_name="competition_entries",
    )
    members = models.ManyToManyField("members.Member", verbose_name=_("members"), blank=True,
                                     related_name="competition_entries")
    leader = models.CharField(_("team leader"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("What the team did: results, measures, figures."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENTERED)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    # Frozen when the organiser locks the scores; cleared when scoring is reopened.
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    award = models.ForeignKey(AwardTier, verbose_name=_("award"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="entries")

    history = HistoricalRecords()
    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="entry_number_unique"),
            models.CheckConstraint(condition=Q(status__in=["entered", "withdrawn", "disqualified"]),
                                   name="entry_status_valid"),
            models.CheckConstraint(condition=Q(status="entered") | (Q(rank__isnull=True) & Q(award__isnull=True)),
                                   name="entry_only_competing_ranked"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="entry_rank_positive"),
            models.CheckConstraint(condition=Q(award__isnull=True) | Q(rank__isnull=False),
                                   name="entry_award_needs_rank"),
            models.CheckConstraint(condition=Q(status="entered") | ~Q(status_reason=""),
                                   name="entry_removal_has_reason"),
        ]

    def __str__(self):
        return f"{self.number:02d} {self.name}"

    def get_absolute_url(self):
        return reverse("competitions:entry_detail", args=[self.pk])

    @property
    def is_competing(self) -> bool:
        return self.status == self.Status.ENTERED


class EntryItemResult(models.Model):
    """An entry's frozen result on one item (written when the scores are locked)."""

    scope = ScopePolicy(org_field="entry__competition__organiser", roles={"view": STAFF_ROLES})

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="item_results")
    item = models.ForeignKey(ScoringItem, verbose_name=_("scoring item"), on_delete=models.CASCADE,
                             related_name="+")
    result = models.DecimalField(_("result"), max_digits=8, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        constraints = [models.UniqueConstraint(fields=["entry", "item"], name="entryitemresult_once")]

    def __str__(self):
        return f"{self.entry} · {self.item}: {self.result}"


def material_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"competitions/entries/{instance.entry_id}/{uuid.uuid4().hex}{extension}"


class EntryMaterialQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        """Whoever may see (or change) the entry may see (or change) its material."""
        return self.filter(entry__in=Entry.objects.visible_to(user, action).values("pk"))


class EntryMaterial(models.Model):
    """Supporting material of an entry (台账, photos, reports)."""

    scope = ScopePolicy(org_field="entry__competition__organiser", roles=Entry.scope.roles)

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(pgettext_lazy("document", "title"), max_length=150)
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), editable=False, default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EntryMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporting material")
        verbose_name_plural = _("supporting material")
        ordering = ["entry", "pk"]

    def __str__(self):
        return self.title
