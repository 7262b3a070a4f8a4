"""A unit's self-assessment (自评) and its review (审核): the sheet, a score per item with its
evidence, the reviewers' explicit review rows, appeals and the sheet's events.

Who may do what (``UnitAssessment.scope``): the unit's union officers and the federation's
roles above it see the sheet; only union officers score, upload and appeal; reviewing needs a
federation role covering both the unit and the rubric's federation. The sheet's parts follow
the sheet. What a person may do next with a sheet is ``UnitAssessment.allowed_actions``.
"""
from __future__ import annotations

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.models import Organisation
from unionadmin.roles import OFFICER_ROLES
from unionadmin.scoping import AllOf, AsParent, ScopedManager, ScopePolicy, Within, follow, role_paths

from .rubrics import ADMIN_ROLES, FEDERATION_ROLES, POINTS, Rubric, RubricItem, RubricVersion, end_of_day

SHEET_ROLES = {
    "view": frozenset({*OFFICER_ROLES, *FEDERATION_ROLES}),
    "score": OFFICER_ROLES,  # self-score, upload evidence, submit, appeal
    "review": FEDERATION_ROLES,  # review items, return, send the review, answer appeals, finalise
    "manage": ADMIN_ROLES,  # reopen a unit after the deadline
}
SHEET_ACTIONS = tuple(SHEET_ROLES)


def _on_both_sides(action):
    """Reviewing and managing need the role to cover the rubric's federation, not only the unit."""
    roles = SHEET_ROLES[action]
    return AllOf(Within(roles, action), Within(roles, action, org_field="rubric__federation"))


SHEET_SCOPE = ScopePolicy(org_field="unit", rules=(
    Within(SHEET_ROLES["view"], "view"),
    Within(SHEET_ROLES["score"], "score"),
    _on_both_sides("review"),
    _on_both_sides("manage"),
))


def _open(sheet, user) -> bool:
    return sheet.is_open_for_changes


def _not_own_unit(sheet, user) -> bool:
    return not sheet.is_own_unit_of(user)


class UnitAssessment(StepsMixin, models.Model):
    """One unit's sheet for one rubric."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being filled in")
        SUBMITTED = "submitted", _("Submitted, under review")
        RETURNED = "returned", _("Returned for correction")
        REVIEWED = "reviewed", _("Reviewed, open to appeal")
        FINALISED = "finalised", _("Final")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)
    state_tones = {State.FINALISED: "success", State.REVIEWED: "info", State.SUBMITTED: "primary",
                   State.RETURNED: "warning", State.DRAFT: "secondary"}
    # The services check the same again under the row lock, with a reason for the person.
    steps = (
        Step("score", states=EDITABLE_STATES, needs="score", when=_open),  # also evidence
        Step("submit", states=EDITABLE_STATES, needs="score", when=_open),
        Step("appeal", states=State.REVIEWED, needs="score"),
        Step("review", states=State.SUBMITTED, needs="review", when=_not_own_unit),  # item by item
        Step("return", states=State.SUBMITTED, needs="review", when=_not_own_unit),
        Step("release", states=State.SUBMITTED, needs="review", when=_not_own_unit),
        Step("answer_appeal", states=State.REVIEWED, needs="review", when=_not_own_unit),
        Step("finalise", states=State.REVIEWED, needs="review", when=_not_own_unit),
        Step("reopen", states=EDITABLE_STATES, needs="manage"),
    )

    scope = SHEET_SCOPE

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT, related_name="sheets")
    version = models.ForeignKey(RubricVersion, verbose_name=_("rubric version"), on_delete=models.PROTECT,
                                related_name="sheets")
    unit = models.ForeignKey(Organisation, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="assessment_sheets")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    reopened_until = models.DateField(
        _("reopened until"), null=True, blank=True,
        help_text=_("The unit may change and submit its sheet until the end of this day despite the deadline."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(_("review sent at"), null=True, blank=True)
    appeals_close_at = models.DateTimeField(_("appeals close at"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("finalised by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["rubric", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "unit"], name="unitassessment_one_per_unit"),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "returned", "reviewed", "finalised"]),
                name="unitassessment_state_valid",
            ),
            models.CheckConstraint(condition=Q(state="draft") | Q(submitted_at__isnull=False),
                                   name="unitassessment_submitted_has_time"),
            models.CheckConstraint(condition=~Q(state__in=["reviewed", "finalised"]) | Q(released_at__isnull=False),
                                   name="unitassessment_reviewed_has_time"),
            models.CheckConstraint(condition=~Q(state="finalised") | Q(finalised_at__isnull=False),
                                   name="unitassessment_final_has_time"),
        ]
        indexes = [models.Index(fields=["rubric", "state"], name="unitassessment_rubric_state")]

    def __str__(self):
        return f"{self.unit} · {self.rubric}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment:sheet_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def is_returned(self) -> bool:
        return self.state == self.State.RETURNED

    @property
    def is_open_for_changes(self) -> bool:
        """Editable and before the end of its (maybe reopened) deadline."""
        return self.is_editable and timezone.now() < end_of_day(self.effective_deadline())

    def is_own_unit_of(self, user) -> bool:
        """Whether ``user`` holds any role at the unit or one of its branches: nobody reviews
        their own unit (read from the roles cached on the user, no query)."""
        return any(path.startswith(self.unit.path) for paths in role_paths(user).values() for path in paths)

    @property
    def is_finalised(self) -> bool:
        return self.state == self.State.FINALISED

    @property
    def review_visible(self) -> bool:
        """The unit sees reviewed points once the review has been sent to it."""
        return self.state in (self.State.REVIEWED, self.State.FINALISED)

    def effective_deadline(self):
        """The last day the unit may submit: the rubric's deadline or a later reopening."""
        deadline = self.rubric.deadline
        if self.reopened_until and self.reopened_until > deadline:
            return self.reopened_until
        return deadline


# Scores, evidence, appeals, review rows and events follow their sheet's visibility.
BY_SHEET = ScopePolicy(org_field="assessment__unit", rules=(AsParent("assessment", SHEET_ACTIONS),))
BY_SCORE = ScopePolicy(org_field="score__assessment__unit", rules=(AsParent("score", SHEET_ACTIONS),))


class SheetPart:
    """A part of a sheet offers the sheet's next steps (an item is appealed, evidence removed
    while the sheet takes them)."""

    sheet_lookup = "assessment"

    @property
    def sheet(self) -> UnitAssessment:
        return follow(self, self.sheet_lookup)

    def allowed_actions(self, user) -> frozenset[str]:
        return self.sheet.allowed_actions(user)


class ItemScore(SheetPart, models.Model):
    """A unit's score on one item: what it claims and, once reviewed, what the federation
    grants. ``kind`` and ``maximum`` are copied from the (frozen) item so the database can hold
    the points within the maximum and the results can be summed without a join."""

    scope = BY_SHEET

    assessment = models.ForeignKey(UnitAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE,
                                   related_name="scores")
    item = models.ForeignKey(RubricItem, verbose_name=_("rubric item"), on_delete=models.PROTECT,
                             related_name="scores")
    kind = models.CharField(_("kind"), max_length=20, choices=RubricItem.Kind.choices)
    maximum = models.DecimalField(_("maximum points"), **POINTS)

    self_points = models.DecimalField(_("self-assessed points"), null=True, blank=True,
                                      validators=[MinValueValidator(0)], **POINTS)
    self_vetoed = models.BooleanField(_("applies (self-assessed)"), default=False)
    self_note = models.TextField(_("note"), blank=True)
    used_proposal = models.BooleanField(_("took the measured proposal"), default=False)
    proposed_points = models.DecimalField(_("proposed points"), null=True, blank=True, **POINTS)
    measured_numerator = models.DecimalField(_("measured numerator"), max_digits=14, decimal_places=2, null=True,
                                             blank=True)
    measured_denominator = models.DecimalField(_("measured denominator"), max_digits=14, decimal_places=2,
                                               null=True, blank=True)
    measured_value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2, null=True,
                                         blank=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("saved by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    reviewed_points = models.DecimalField(_("reviewed points"), null=True, blank=True,
                                          validators=[MinValueValidator(0)], **POINTS)
    reviewed_vetoed = models.BooleanField(_("applies (reviewed)"), null=True, blank=True)
    review_remark = models.TextField(_("reviewer's remark"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        ordering = ["assessment", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="itemscore_one_per_item"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | (Q(self_points__gte=0) & Q(self_points__lte=F("maximum"))),
                name="itemscore_self_within_maximum",
            ),
            models.CheckConstraint(
                condition=Q(reviewed_points__isnull=True)
                | (Q(reviewed_points__gte=0) & Q(reviewed_points__lte=F("maximum"))),
                name="itemscore_reviewed_within_maximum",
            ),
            models.CheckConstraint(condition=~Q(kind="veto") | (Q(self_points__isnull=True)
                                                                & Q(reviewed_points__isnull=True)),
                                   name="itemscore_veto_has_no_points"),
        ]

    def __str__(self):
        return f"{self.assessment.unit} · {self.item}"

    @property
    def is_veto(self) -> bool:
        return self.kind == RubricItem.Kind.VETO

    @property
    def is_scored(self) -> bool:
        return self.is_veto or self.self_points is not None

    @property
    def changed_in_review(self) -> bool:
        if self.is_veto:
            return self.reviewed_vetoed is not None and self.reviewed_vetoed != self.self_vetoed
        return self.reviewed_points is not None and self.reviewed_points != self.self_points


def evidence_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"assessment/evidence/{instance.score.assessment_id}/{uuid.uuid4().hex}{extension}"


class Evidence(SheetPart, models.Model):
    """A file a unit uploads to back an item's score (PDF, image or office document)."""

    sheet_lookup = "score__assessment"

    scope = BY_SCORE

    score = models.ForeignKey(ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE,
                              related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_kind = models.CharField(_("type"), max_length=20)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["score", "uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty")]

    def __str__(self):
        return self.file_name


class ItemReview(models.Model):
    """One explicit review step on an item, never changed afterwards: who, when, from what to
    what, and why. The item score holds the current value; these rows hold the way there."""

    class Step(models.TextChoices):
        REVIEW = "review", _("Reviewed")
        ACCEPTED = "accepted", _("Accepted as self-assessed")
        APPEAL = "appeal", _("Appeal answered")

    scope = BY_SCORE

    score = models.ForeignKey(ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE,
                              related_name="reviews")
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.REVIEW)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    points_before = models.DecimalField(_("points before"), null=True, blank=True, **POINTS)
    points_after = models.DecimalField(_("points after"), null=True, blank=True, **POINTS)
    vetoed_after = models.BooleanField(_("applies"), null=True, blank=True)
    remark = models.TextField(_("remark"), blank=True)

    # Append-only (like AuditEvent): the rows are the history, so they have no history table.
    objects = ScopedManager()

    class Meta:
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        ordering = ["score", "at", "pk"]

    def __str__(self):
        return f"{self.score} · {self.get_step_display()}"


class Appeal(SheetPart, models.Model):
    """A unit's appeal (申诉) against the reviewed points of one item: once per item."""

    sheet_lookup = "score__assessment"

    class Outcome(models.TextChoices):
        OPEN = "", _("Awaiting an answer")
        CHANGED = "changed", _("Points changed")
        KEPT = "kept", _("Points kept")

    scope = BY_SCORE

    score = models.OneToOneField(ItemScore, verbose_name=_("item score"), on_delete=models.CASCADE,
                                 related_name="appeal")
    reason = models.TextField(_("reason for the appeal"))
    appealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("appealed by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    appealed_at = models.DateTimeField(_("appealed at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, default="")
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    points_before = models.DecimalField(_("points before"), null=True, blank=True, **POINTS)
    points_after = models.DecimalField(_("points after"), null=True, blank=True, **POINTS)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["appealed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="appeal_has_reason"),
            models.CheckConstraint(
                condition=Q(outcome="") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="appeal_answer_complete",
            ),
        ]

    def __str__(self):
        return f"{self.score} · {self.get_outcome_display()}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class AssessmentEvent(models.Model):
    """A step in the sheet's life, with who, when and why: submitted, returned with reasons,
    reopened, review sent, finalised, carried over to a corrected rubric."""

    class Verb(models.TextChoices):
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        REOPENED = "reopened", _("Reopened after the deadline")
        RELEASED = "released", _("Review sent to the unit")
        FINALISED = "finalised", _("Finalised")
        MOVED = "moved", _("Carried over to a corrected rubric")

    scope = BY_SHEET

    assessment = models.ForeignKey(UnitAssessment, verbose_name=_("self-assessment"), on_delete=models.CASCADE,
                                   related_name="events")
    verb = models.CharField(pgettext_lazy("event", "what"), max_length=20, choices=Verb.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.TextField(_("why"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("self-assessment event")
        verbose_name_plural = _("self-assessment events")
        ordering = ["assessment", "at", "pk"]

    def __str__(self):
        return f"{self.assessment} · {self.get_verb_display()}"


ZERO = Decimal("0.00")
