"""Entries (参赛): a work team, a branch, a unit or an individual from a unit below the
organiser, with its members and supporting material, and its frozen results."""
from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import AsParent, ScopedQuerySet, ScopePolicy, Within

from ..scope import JudgeOfEntry
from .competitions import AwardTier, Competition, ScoringItem


class EntryQuerySet(ScopedQuerySet):
    def competing(self):
        return self.filter(status=Entry.Status.ENTERED)


def _stage(*states):
    """A step possible while the entry's competition is at one of ``states``."""
    return lambda entry, user: entry.competition.state in states


def _editable(entry, user) -> bool:
    """The entering unit may change its entry while entries are open; the organiser also
    while scoring (to correct a name)."""
    state = entry.competition.state
    return state == Competition.State.OPEN or (
        state == Competition.State.SCORING and Entry.scope.allows(user, "manage", entry))


_OPEN_OR_SCORING = _stage(Competition.State.OPEN, Competition.State.SCORING)


class Entry(StepsMixin, models.Model):
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
        rules=(
            # The organiser's staff; "manage" (disqualify, reinstate) is theirs alone, and
            # "scores" (every judge's scores of the entry) too.
            Within(STAFF_ROLES, {"view", "scores"}),
            Within(MANAGING_ROLES, {"change", "manage"}),
            # The entering unit's staff.
            Within(STAFF_ROLES, {"view"}, org_field="organisation"),
            Within(MANAGING_ROLES, {"change"}, org_field="organisation"),
            # The judges assigned to the entry or to its whole competition.
            JudgeOfEntry({"view", "score"}),
        ),
    )

    status_tones = {Status.ENTERED: "light border", Status.WITHDRAWN: "warning", Status.DISQUALIFIED: "warning"}

    state_field = "status"
    steps = (
        Step("edit", when=_editable),  # also adding and removing material
        Step("withdraw", Status.ENTERED, when=_editable),
        Step("disqualify", Status.ENTERED, needs="manage", when=_OPEN_OR_SCORING),
        Step("reinstate", (Status.WITHDRAWN, Status.DISQUALIFIED), needs="manage", when=_OPEN_OR_SCORING),
        Step("record_recusal", needs="manage", when=_OPEN_OR_SCORING),
        Step("recuse", needs="score", when=_OPEN_OR_SCORING),
        Step("score", needs="score", when=_stage(Competition.State.SCORING)),
        Step("certificate", needs="view",
             when=lambda entry, user: entry.award_id is not None and entry.competition.is_published),
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


class EntryMaterial(models.Model):
    """Supporting material of an entry (台账, photos, reports)."""

    # Whoever may see (or change) the entry may see (or change) its material.
    scope = ScopePolicy(org_field="entry__competition__organiser", rules=(AsParent("entry", Entry.scope.actions()),))

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(pgettext_lazy("document", "title"), max_length=150)
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), editable=False, default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supporting material")
        verbose_name_plural = _("supporting material")
        ordering = ["entry", "pk"]

    def __str__(self):
        return self.title
