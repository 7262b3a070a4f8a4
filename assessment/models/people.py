"""Assessing people (师德量化考核 and the like): a union scores its own members.

A sibling of the unit assessment, not a mode of it: the unit rubric belongs to a federation
(one per federation and year, federation roles, versions and corrections, measured items,
appeals, "nobody reviews their own unit"), while here a grassroots union scores its own
members and its own officers review. The two share the pure rules (``assessment.grading``:
totals, grades, ranks with ties) and the evidence upload policy; docs/ (people.md) says why.

Who does what (``PEOPLE_SCOPE``): the union's own officers (a role held *at* the union, not
above it) write the rubric, enter self-scores on a member's behalf and review; the union above
(the education union over a school) reads the rubric once published and the results once
published, never changes them.
"""
from __future__ import annotations

import os
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.models import Organisation
from unionadmin.roles import OFFICER_ROLES, STAFF_ROLES
from unionadmin.scoping import (
    AsParent,
    Below,
    Match,
    ScopedManager,
    ScopePolicy,
    Within,
    follow,
    prefixed,
    role_paths,
)

from .rubrics import POINTS


class AtUnion(Within):
    """People holding one of ``roles`` at the row's union itself — not above it (the union
    above reads, it does not score or review a school's teachers) and not at a branch."""

    @staticmethod
    def exact_paths(user, roles) -> set[str]:
        # Every path where a role is held, nested ones kept: covering_paths() would drop the
        # school of a chair who also sits on the education union, taking the school from them.
        held = role_paths(user)
        return {p for r in roles for p in held.get(r, [])}

    def q(self, user, policy, action):
        paths = self.exact_paths(user, self.roles)
        if not paths:
            return None
        return Q(**{f"{prefixed('path', self._org_field(policy))}__in": sorted(paths)})

    def allows(self, user, policy, action, obj):
        org = follow(obj, self._org_field(policy))
        return getattr(org, "path", None) in self.exact_paths(user, self.roles)

    def organisation_paths(self, user, policy, action):
        return []


# view: read; change: write and publish the rubric, start sheets, publish results;
# score: enter self-scores and evidence, submit; review: review and finalise.
OWN_ACTIONS = ("view", "change", "score", "review")
ABOVE_VIEW_ROLES = STAFF_ROLES


class PeopleRubric(models.Model):
    """A union's assessment of its members for a year (e.g. 2026年度教师师德量化考核)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", pgettext_lazy("rubric", "Published")

    scope = ScopePolicy(org_field="union", rules=(
        AtUnion(OFFICER_ROLES, OWN_ACTIONS),
        Below(ABOVE_VIEW_ROLES, "view", only=Match(state="published")),
    ))

    union = models.ForeignKey(Organisation, verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="people_rubrics")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    deadline = models.DateField(_("self-assessment deadline"))
    excellent_threshold = models.DecimalField(
        _("points for “excellent”"), default=Decimal("90.00"), validators=[MinValueValidator(Decimal("0.01"))],
        **POINTS, help_text=_("优秀: a total of this many points or more."))
    pass_threshold = models.DecimalField(
        _("points for “pass”"), default=Decimal("60.00"), validators=[MinValueValidator(Decimal("0.01"))],
        **POINTS, help_text=_("合格: a total of this many points or more; below it, 不合格."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    results_published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("results published by"),
                                             null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()
    duplicate_messages = {
        "peoplerubric_title_unique": _("This union already has an assessment of people with this title for this year."),
    }

    class Meta:
        verbose_name = _("assessment of people")
        verbose_name_plural = _("assessments of people")
        ordering = ["-year", "union__path", "title"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year", "title"], name="peoplerubric_title_unique"),
            models.CheckConstraint(condition=Q(excellent_threshold__gte=F("pass_threshold")),
                                   name="peoplerubric_excellent_above_pass"),
            models.CheckConstraint(condition=Q(state="draft") | Q(published_at__isnull=False),
                                   name="peoplerubric_published_has_time"),
            models.CheckConstraint(condition=Q(results_published_at__isnull=True) | Q(state="published"),
                                   name="peoplerubric_results_need_publication"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment:people_rubric", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None


class PeopleItem(models.Model):
    """One item of the rubric: an area (师德表现, 教书育人 …), what is assessed, the most points,
    its kind (standard, bonus or deduction) and whether evidence is needed for points."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard item")
        BONUS = "bonus", _("Bonus")
        DEDUCTION = "deduction", pgettext_lazy("item kind", "Deduction")

    scope = ScopePolicy(org_field="rubric__union", rules=(AsParent("rubric", ("view", "change")),))

    rubric = models.ForeignKey(PeopleRubric, verbose_name=_("assessment of people"), on_delete=models.CASCADE,
                               related_name="items")
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    area = models.CharField(_("area"), max_length=100)
    title = models.CharField(_("what is assessed"), max_length=300)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    maximum = models.DecimalField(_("maximum points"), validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    evidence_required = models.BooleanField(_("evidence required"), default=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("item of an assessment of people")
        verbose_name_plural = _("items of an assessment of people")
        ordering = ["rubric", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(maximum__gt=0), name="peopleitem_maximum_positive")]

    def __str__(self):
        return self.title


SHEET_SCOPE = ScopePolicy(org_field="rubric__union", rules=(
    AtUnion(OFFICER_ROLES, OWN_ACTIONS),
    # The union above reads a person's sheet once the results are published.
    Below(ABOVE_VIEW_ROLES, "view", only=Match(rubric__results_published_at__isnull=False)),
))


class PersonSheet(models.Model):
    """One member's sheet for one rubric."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Being filled in")
        SUBMITTED = "submitted", _("Submitted, under review")
        FINAL = "final", _("Final")

    state_tones = {State.FINAL: "success", State.SUBMITTED: "primary", State.DRAFT: "secondary"}

    scope = SHEET_SCOPE

    rubric = models.ForeignKey(PeopleRubric, verbose_name=_("assessment of people"), on_delete=models.CASCADE,
                               related_name="sheets")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="assessment_sheets")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    review_remark = models.TextField(_("reviewer's remark"), blank=True)
    # Frozen when the results are published (the ranking the union above reads stays as published).
    total = models.DecimalField(_("total"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("grade"), max_length=20, blank=True)
    rank = models.PositiveIntegerField(pgettext_lazy("ranking", "rank"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()
    duplicate_messages = {
        "personsheet_one_per_member": _("This member already has a sheet in this assessment."),
    }

    class Meta:
        verbose_name = _("person's assessment sheet")
        verbose_name_plural = _("people's assessment sheets")
        ordering = ["rubric", "member__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "member"], name="personsheet_one_per_member"),
            models.CheckConstraint(condition=Q(state__in=["draft", "submitted", "final"]),
                                   name="personsheet_state_valid"),
            models.CheckConstraint(condition=Q(state="draft") | Q(submitted_at__isnull=False),
                                   name="personsheet_submitted_has_time"),
            models.CheckConstraint(condition=~Q(state="final") | Q(finalised_at__isnull=False),
                                   name="personsheet_final_has_time"),
        ]

    def __str__(self):
        return f"{self.member.name} · {self.rubric}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment:people_sheet", args=[self.pk])

    @property
    def state_tone(self) -> str:
        return self.state_tones.get(self.state, "secondary")


class PersonScore(models.Model):
    """A person's score on one item: the self-score (entered by an officer on the person's
    behalf for now) and, after review, the points granted. ``kind`` and ``maximum`` are copied
    from the item so the database holds the points within the maximum."""

    # The union's own officers only: the union above reads the ranking and the sheet's frozen
    # total and grade, not the item scores and remarks behind them.
    scope = ScopePolicy(org_field="sheet__rubric__union", rules=(AtUnion(OFFICER_ROLES, OWN_ACTIONS),))

    sheet = models.ForeignKey(PersonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(PeopleItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="scores")
    kind = models.CharField(_("kind"), max_length=20, choices=PeopleItem.Kind.choices)
    maximum = models.DecimalField(_("maximum points"), **POINTS)
    self_points = models.DecimalField(_("self-assessed points"), null=True, blank=True,
                                      validators=[MinValueValidator(0)], **POINTS)
    self_note = models.TextField(_("note"), blank=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reviewed_points = models.DecimalField(_("reviewed points"), null=True, blank=True,
                                          validators=[MinValueValidator(0)], **POINTS)
    review_remark = models.TextField(_("reviewer's remark"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("person's item score")
        verbose_name_plural = _("people's item scores")
        ordering = ["sheet", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="personscore_one_per_item"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | (Q(self_points__gte=0) & Q(self_points__lte=F("maximum"))),
                name="personscore_self_within_maximum"),
            models.CheckConstraint(
                condition=Q(reviewed_points__isnull=True)
                | (Q(reviewed_points__gte=0) & Q(reviewed_points__lte=F("maximum"))),
                name="personscore_reviewed_within_maximum"),
        ]

    def __str__(self):
        return f"{self.sheet.member.name} · {self.item}"

    @property
    def points(self):
        """The points that count: reviewed ones once reviewed, else the self-score."""
        return self.reviewed_points if self.reviewed_points is not None else self.self_points


def person_evidence_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"assessment/people/{instance.score.sheet_id}/{uuid.uuid4().hex}{extension}"


class PersonEvidence(models.Model):
    """A file backing a person's score (a certificate, a lesson record …), by the one upload
    policy for evidence."""

    # The union's own officers only: members' certificates never reach the union above, even
    # once the results are published (it reads results and exports, not evidence).
    scope = ScopePolicy(org_field="score__sheet__rubric__union", rules=(AtUnion(OFFICER_ROLES, OWN_ACTIONS),))

    score = models.ForeignKey(PersonScore, verbose_name=_("item score"), on_delete=models.CASCADE,
                              related_name="evidence")
    file = models.FileField(_("file"), upload_to=person_evidence_upload_to, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_kind = models.CharField(_("type"), max_length=20)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("person's evidence")
        verbose_name_plural = _("people's evidence")
        ordering = ["score", "uploaded_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="personevidence_not_empty")]

    def __str__(self):
        return self.file_name


class PeopleRanking(PeopleRubric):
    """The ranking of an assessment of people as a document (the PDF pipeline checks who may
    ask for it with this proxy's ``visible_to``): the union's own officers at any time (marked
    provisional before publication), the union above only once the results are published."""

    scope = ScopePolicy(org_field="union", rules=(
        AtUnion(OFFICER_ROLES, "view"),
        Below(ABOVE_VIEW_ROLES, "view", only=Match(results_published_at__isnull=False)),
    ))
    objects = ScopedManager()

    class Meta:
        proxy = True
        verbose_name = _("ranking of an assessment of people")
        verbose_name_plural = _("rankings of assessments of people")
