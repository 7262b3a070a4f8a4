"""Judges (评委), their recusals (回避) and their scores.

A judge is a person holding ``Role.JUDGE`` at the organiser or above it, assigned to a
competition as a whole or to single entries. A judge sees only their own scores and
recusals; the organiser's staff see all of them. Nobody else, another judge included,
ever reads a judge's scores, unless the organiser publishes each judge's scores with the
results (then shown numbered, not named).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedManager, ScopePolicy, Within

from ..scope import OwnAsJudge
from .competitions import Competition, ScoringItem
from .entries import Entry


class JudgeAssignment(models.Model):
    """``judge`` scores every entry of ``competition`` (no entry) or only ``entry``."""

    scope = ScopePolicy(org_field="competition__organiser",
                        rules=(Within(STAFF_ROLES, {"view"}), Within(MANAGING_ROLES, {"change"}), OwnAsJudge({"view"})))

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="judge_assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT,
                              related_name="judge_assignments")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="judge_assignments",
                              help_text=_("Leave blank for a judge who scores every entry."))
    weight = models.DecimalField(_("judge weight"), max_digits=5, decimal_places=2, default=1,
                                 help_text=_("Used by the weighted-mean method only."))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        ordering = ["competition", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "judge"], condition=Q(entry__isnull=True),
                                    name="judgeassignment_once_per_competition"),
            models.UniqueConstraint(fields=["entry", "judge"], condition=Q(entry__isnull=False),
                                    name="judgeassignment_once_per_entry"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="judgeassignment_weight_positive"),
        ]

    def __str__(self):
        return f"{self.judge} · {self.entry or self.competition}"


class Recusal(models.Model):
    """A judge with a conflict of interest stays out of an entry (回避): they cannot score it,
    and what they had scored is removed."""

    scope = ScopePolicy(org_field="entry__competition__organiser",
                        rules=(Within(STAFF_ROLES, {"view"}), Within(MANAGING_ROLES, {"change"}), OwnAsJudge({"view"})))

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="recusals")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT,
                              related_name="recusals")
    reason = models.CharField(_("reason"), max_length=200)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        ordering = ["entry", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "judge"], name="recusal_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="recusal_has_reason"),
        ]

    def __str__(self):
        return f"{self.judge} · {self.entry}"


class Score(models.Model):
    """One judge's score of one entry on one item.

    ``max_score`` is the item's maximum, copied in and tied to it by a composite foreign key
    (item_id, max_score) → scoring item (id, max_score) ON UPDATE CASCADE (added in the
    migration): the check below therefore holds against the item's current maximum, and
    lowering a maximum under a score already given is refused by the database.
    """

    # The organiser's staff read every score; only the judge changes their own.
    scope = ScopePolicy(org_field="entry__competition__organiser",
                        rules=(Within(STAFF_ROLES, {"view"}), OwnAsJudge({"view", "change"})))

    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(ScoringItem, verbose_name=_("scoring item"), on_delete=models.CASCADE,
                             related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"), on_delete=models.PROTECT,
                              related_name="competition_scores")
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entry", "item", "judge"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "item", "judge"], name="score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
            models.CheckConstraint(condition=Q(value__lte=models.F("max_score")), name="score_within_maximum"),
        ]

    def __str__(self):
        return f"{self.entry} · {self.item} · {self.judge}: {self.value}"

    def save(self, *args, **kwargs):
        if self.item_id and self.max_score is None:
            self.max_score = self.item.max_score
        super().save(*args, **kwargs)
