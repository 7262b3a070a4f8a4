"""A labour competition (劳动竞赛) and its scoring scheme: weighted items with maxima, the
aggregation method, the tie-break order and the award tiers.

    draft ─open─▶ open for entries ─start scoring─▶ scoring ─lock─▶ locked ─notice─▶ public notice ─publish─▶ published
      ▲──back to draft──┘                               ▲──unlock──────┘                │
                                                        └────────reopen scoring─────────┘

The services in ``competitions.services.competitions`` make every change of state; the
state column only ever holds the codes below (labels are translated on display).
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import (
    AsParent,
    FromAbove,
    Match,
    ScopedManager,
    ScopePolicy,
    Within,
)

from .. import scoring
from ..scope import JudgeOfCompetition


class Competition(StepsMixin, models.Model):
    class Kind(models.TextChoices):
        SAFETY_CUP = "safety_cup", _("Safety and Health Cup")
        INNOVATION_CUP = "innovation_cup", _("Innovation Cup")
        PIONEER = "pioneer", _("Workers' Pioneer title")
        SKILLS = "skills", _("Skills contest")
        CAMPAIGN = "campaign", _("Themed campaign")
        OTHER = "other", pgettext_lazy("competition kind", "Other")

    class Method(models.TextChoices):
        MEAN = scoring.MEAN, _("Mean of the judges' scores")
        TRIMMED = scoring.TRIMMED, _("Mean after dropping the highest and the lowest score")
        ZSCORE = scoring.ZSCORE, _("Each judge's scores standardised (z-score), mapped back to the scale")
        WEIGHTED = scoring.WEIGHTED, _("Weighted mean of the judges' scores (judge weights)")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for entries")
        SCORING = "scoring", _("Scoring")
        LOCKED = "locked", _("Scores locked")
        NOTICE = "notice", _("Public notice")
        PUBLISHED = "published", _("Results published")

    # States whose results the units below may read; and those in which the scheme can change.
    PUBLIC_STATES = (State.NOTICE, State.PUBLISHED)
    SCHEME_STATES = (State.DRAFT, State.OPEN)
    FROZEN_STATES = (State.LOCKED, State.NOTICE, State.PUBLISHED)

    state_tones = {State.DRAFT: "secondary", State.OPEN: "primary", State.SCORING: "warning", State.LOCKED: "dark",
                   State.NOTICE: "info", State.PUBLISHED: "success"}

    # What may be done next (buttons and POSTs alike ask ``allowed_actions``). The workflow's
    # steps (see the diagram above; their labels are in services.competitions.TRANSITIONS)
    # come first, named as posted to the transition view.
    steps = (
        Step("open", State.DRAFT),
        Step("back_to_draft", State.OPEN),
        Step("start_scoring", State.OPEN),
        Step("lock", State.SCORING),
        Step("unlock", State.LOCKED),
        Step("start_notice", State.LOCKED),
        Step("reopen_scoring", State.NOTICE),
        Step("publish", State.NOTICE),
        # The description is quoted by the certificates, so it stays once published.
        Step("edit", (State.DRAFT, State.OPEN, State.SCORING, State.LOCKED, State.NOTICE)),
        Step("scheme", SCHEME_STATES),
        Step("judges", (State.DRAFT, State.OPEN, State.SCORING)),  # until the scores are locked
        Step("enter", State.OPEN, needs="view"),
        Step("score", State.SCORING, needs="score"),
    )

    scope = ScopePolicy(
        org_field="organiser",
        rules=(
            Within(STAFF_ROLES, {"view", "export"}),
            Within(MANAGING_ROLES, {"change"}),
            # Judges score through their assignment, never by a role alone.
            JudgeOfCompetition({"view", "score"}),
            # The units below the organiser, once it is no longer a draft.
            FromAbove({"view"}, only=~Match(state=State.DRAFT)),
        ),
    )

    organiser = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organiser"), on_delete=models.PROTECT,
        related_name="competitions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SAFETY_CUP)
    title = models.CharField(pgettext_lazy("competition", "title"), max_length=150)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    season = models.CharField(
        _("season"), max_length=50, blank=True, help_text=_("E.g. 2026年度 or 第二季度; leave blank for the whole year."),
    )
    rules = models.TextField(_("rules"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    method = models.CharField(_("aggregation method"), max_length=20, choices=Method.choices, default=Method.MEAN)
    trim_min_judges = models.PositiveSmallIntegerField(
        _("drop the highest and lowest from"), default=5,
        validators=[MinValueValidator(scoring.MIN_TRIM_JUDGES), MaxValueValidator(50)],
        help_text=_("The highest and the lowest score are dropped only when at least this many judges scored "
                    "the entry (three or more)."),
    )
    publish_judge_scores = models.BooleanField(
        _("publish each judge's scores"), default=False,
        help_text=_("When the results are published, also show every judge's scores (judges are numbered, "
                    "not named). Until then nobody but the organiser sees another judge's scores."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    notice_ends_on = models.DateField(_("public notice ends on"), null=True, blank=True)
    locked_at = models.DateTimeField(_("scores locked at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-year", "organiser__path", "-pk"]
        indexes = [models.Index(fields=["state", "organiser"], name="competition_state_organiser")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["draft", "open", "scoring", "locked", "notice", "published"]),
                                   name="competition_state_valid"),
            models.CheckConstraint(condition=Q(method__in=list(scoring.METHODS)), name="competition_method_valid"),
            models.CheckConstraint(condition=Q(trim_min_judges__gte=scoring.MIN_TRIM_JUDGES),
                                   name="competition_trim_needs_three"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="competition_year_range"),
            models.CheckConstraint(condition=~Q(state__in=["notice", "published"]) | Q(notice_ends_on__isnull=False),
                                   name="competition_notice_has_end"),
            models.CheckConstraint(
                condition=~Q(state__in=["locked", "notice", "published"]) | Q(locked_at__isnull=False),
                name="competition_locked_has_time"),
            models.CheckConstraint(condition=~Q(state="published") | Q(published_at__isnull=False),
                                   name="competition_published_has_time"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")), name="competition_dates_in_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:competition_detail", args=[self.pk])

    @property
    def scheme_editable(self) -> bool:
        return self.state in self.SCHEME_STATES

    @property
    def results_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    @property
    def results_frozen(self) -> bool:
        return self.state in self.FROZEN_STATES

    @property
    def on_notice(self) -> bool:
        return self.state == self.State.NOTICE

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @classmethod
    def step_states(cls, name: str) -> frozenset:
        """The states a step is possible from (the services check it again under lock)."""
        return next((step.states for step in cls.steps if step.name == name), frozenset())

    @property
    def max_total(self):
        return sum((item.max_score * item.weight for item in self.items.all()), 0)


# Parts of the scheme are visible exactly when their competition is (and changeable with it).
PART_SCOPE = ScopePolicy(org_field="competition__organiser",
                         rules=(AsParent("competition", Competition.scope.actions()),))


class ScoringItem(models.Model):
    """A weighted item of the scoring scheme (评分项目), scored by each judge from 0 to its maximum."""

    scope = PART_SCOPE

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    name = models.CharField(pgettext_lazy("scoring item", "name"), max_length=100)
    guidance = models.CharField(_("scoring guidance"), max_length=300, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2,
                                    validators=[MinValueValidator(0.01)])
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1,
                                 validators=[MinValueValidator(0.01)],
                                 help_text=_("The item result is multiplied by this in the total."))

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("scoring item")
        verbose_name_plural = _("scoring items")
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="scoringitem_name_unique"),
            # The scores refer to (id, max_score), so a maximum cannot drop below a score given.
            models.UniqueConstraint(fields=["id", "max_score"], name="scoringitem_id_max_unique"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="scoringitem_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="scoringitem_weight_positive"),
        ]

    def __str__(self):
        return self.name


class AwardTier(models.Model):
    """An award (一等奖, 优胜班组 …) given by rank: ``count`` places, optionally a minimum total."""

    scope = PART_SCOPE

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="tiers")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    name = models.CharField(pgettext_lazy("award", "name"), max_length=50)
    count = models.PositiveSmallIntegerField(
        _("how many"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leave blank to give it to every remaining entry that reaches the minimum total."),
    )
    min_total = models.DecimalField(_("minimum total"), max_digits=9, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0)])

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("award tier")
        verbose_name_plural = _("award tiers")
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="awardtier_name_unique"),
            models.CheckConstraint(condition=Q(count__isnull=True) | Q(count__gte=1), name="awardtier_count_positive"),
            models.CheckConstraint(condition=Q(count__isnull=False) | Q(min_total__isnull=False),
                                   name="awardtier_unlimited_needs_minimum"),
        ]

    def __str__(self):
        return self.name


class TieBreak(models.Model):
    """One step of the tie-break order: entries equal on the total are compared on this."""

    class Criterion(models.TextChoices):
        ITEM = scoring.TB_ITEM, _("Higher result on an item")
        HIGHEST = scoring.TB_HIGHEST, _("Higher highest judge total")
        LOWEST = scoring.TB_LOWEST, _("Higher lowest judge total")

    scope = PART_SCOPE

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="tie_breaks")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a list", "position"), default=0)
    criterion = models.CharField(_("criterion"), max_length=10, choices=Criterion.choices)
    item = models.ForeignKey(ScoringItem, verbose_name=_("scoring item"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("tie-break")
        verbose_name_plural = _("tie-breaks")
        ordering = ["competition", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(criterion="item") & Q(item__isnull=False))
                                   | (~Q(criterion="item") & Q(item__isnull=True)), name="tiebreak_item_iff_item"),
            models.UniqueConstraint(fields=["competition", "item"], condition=Q(item__isnull=False),
                                    name="tiebreak_item_once"),
            models.UniqueConstraint(fields=["competition", "criterion"], condition=~Q(criterion="item"),
                                    name="tiebreak_criterion_once"),
        ]

    def __str__(self):
        if self.criterion == self.Criterion.ITEM and self.item_id:
            return _("Higher result on “%(item)s”") % {"item": self.item.name}
        return str(self.get_criterion_display())


class CompetitionTransition(models.Model):
    """A change of a competition's state: who, when, from, to and why (the log of the workflow)."""

    scope = PART_SCOPE

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="transitions")
    action = models.CharField(_("step"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=Competition.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Competition.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["competition", "at", "pk"]

    def __str__(self):
        return f"{self.competition} {self.from_state}→{self.to_state}"
