"""Satisfaction surveys (职工满意度测评) a union runs among its members (issue 19, item 6).

Officers of a union write a survey (its questions in order: a rating 1–5, one choice among
options, or free text), open it, and close it; members of the union and of its subtree answer
it once from the member portal (congress/views/portal.py), between its opening and closing days.

"Answered once" and "what was answered" are two separate rows: a ``SurveyParticipation``
(survey, member) is the member's one answer — unique, so a double submit is refused — and a
``SurveyResponse`` holds the answers. In an anonymous survey the response names nobody: no
member, no time, a random key (a UUID, so not even the order of rows ties it to a
participation), and neither the response nor its answers keep a history (simple-history would
record the member who wrote them). The rules are in congress/surveys.py.
"""
from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import AsParent, Match, Own, ScopedQuerySet, ScopePolicy, Within

from ..scope_surveys import MemberOfUnion

__all__ = ["Survey", "SurveyAnswer", "SurveyParticipation", "SurveyQuestion", "SurveyResponse"]


class SurveyQuerySet(ScopedQuerySet):
    def accepting(self, on=None):
        """Open surveys whose answering days include ``on`` (today)."""
        on = on or timezone.localdate()
        return self.filter(state=Survey.State.OPEN, opens_on__lte=on, closes_on__gte=on)


class Survey(StepsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("survey", "Draft")
        OPEN = "open", pgettext_lazy("survey", "Open")
        CLOSED = "closed", pgettext_lazy("survey", "Closed")

    # Staff of the union and above read it and its results; its managing officers write it;
    # members of the union (or of a unit below it) see it once it is opened, and answer it.
    scope = ScopePolicy(
        org_field="union",
        rules=(
            Within(STAFF_ROLES, {"view"}),
            Within(MANAGING_ROLES, {"change"}),
            MemberOfUnion({"take"}, only=~Match(state="draft")),
        ),
    )
    steps = (
        Step("edit", State.DRAFT, needs="change"),
        Step("open", State.DRAFT, needs="change"),
        Step("close", State.OPEN, needs="change"),
    )
    state_tones = {State.DRAFT: "light border", State.OPEN: "success", State.CLOSED: "secondary"}

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="surveys")
    title = models.CharField(pgettext_lazy("survey", "title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True,
                             help_text=_("What the survey is for; members read it before the questions."))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"), default=True,
        help_text=_("Answers are kept without the member's name; the results never say who answered what."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"),
            # The same survey sent twice (a double click) is made once.
            models.UniqueConstraint(fields=["union", "title", "opens_on"], name="survey_once",
                                    violation_error_message=_("This union already has a survey with this title "
                                                              "opening on this day.")),
        ]

    duplicate_messages = {"survey_once": _("This union already has a survey with this title opening on this day.")}

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("congress:survey_detail", args=[self.pk])

    def accepts_answers(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.state == self.State.OPEN and self.opens_on <= on <= self.closes_on

    @property
    def not_open_yet(self) -> bool:
        return self.state == self.State.OPEN and timezone.localdate() < self.opens_on

    @property
    def is_over(self) -> bool:
        """Closed by an officer, or past its closing day."""
        return self.state == self.State.CLOSED or (
            self.state == self.State.OPEN and timezone.localdate() > self.closes_on)


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        CHOICE = "choice", _("One choice among options")
        TEXT = "text", _("Free text")

    scope = ScopePolicy(org_field="survey__union", rules=(AsParent("survey", {"view", "change"}),))

    survey = models.ForeignKey(Survey, verbose_name=_("satisfaction survey"), on_delete=models.CASCADE,
                               related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"), editable=False)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    options = models.TextField(_("options"), blank=True,
                               help_text=_("For a choice: one option per line, at least two."))
    required = models.BooleanField(_("an answer is required"), default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="surveyquestion_position_once"),
        ]

    duplicate_messages = {
        "surveyquestion_position_once": _("Another question was added at the same moment; please try again."),
    }

    def __str__(self):
        return f"{self.position}. {self.text}"

    def get_absolute_url(self):
        return self.survey.get_absolute_url()

    @property
    def option_list(self) -> list[str]:
        seen = []
        for line in self.options.splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen


class SurveyParticipation(models.Model):
    """That ``member`` answered ``survey`` (once), and on which day — never what they answered."""

    scope = ScopePolicy(
        org_field="survey__union",
        rules=(Within(STAFF_ROLES, {"view"}), Own("member__user", {"view"})),
    )

    survey = models.ForeignKey(Survey, verbose_name=_("satisfaction survey"), on_delete=models.CASCADE,
                               related_name="participations")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="survey_participations")
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        ordering = ["survey", "member__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="surveyparticipation_once")]

    duplicate_messages = {"surveyparticipation_once": _("You have already answered this survey.")}

    def __str__(self):
        return f"{self.member} · {self.survey}"


class SurveyResponse(models.Model):
    """One member's answers. ``member`` and ``submitted_at`` stay empty in an anonymous survey;
    the key is random, and there is no history (it would name the member)."""

    scope = ScopePolicy(
        org_field="survey__union",
        rules=(Within(STAFF_ROLES, {"view"}), Own("member__user", {"view"})),
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, verbose_name=_("satisfaction survey"), on_delete=models.CASCADE,
                               related_name="responses")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="survey_responses")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], condition=Q(member__isnull=False),
                                    name="surveyresponse_once_per_named_member"),
        ]

    duplicate_messages = {"surveyresponse_once_per_named_member": _("You have already answered this survey.")}

    def __str__(self):
        return str(self.survey)


class SurveyAnswer(models.Model):
    scope = ScopePolicy(org_field="response__survey__union", rules=(AsParent("response", {"view"}),))

    # Random like the response's: the order of rows says nothing about who answered when.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, verbose_name=_("survey response"), on_delete=models.CASCADE,
                                 related_name="answers")
    question = models.ForeignKey(SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE,
                                 related_name="answers")
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    text = models.TextField(_("answer"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveyanswer_once_per_question"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="surveyanswer_rating_1_to_5"),
        ]

    duplicate_messages = {"surveyanswer_once_per_question": _("You have already answered this survey.")}

    def __str__(self):
        return f"{self.question} · {self.value}"

    @property
    def value(self):
        return self.rating if self.rating is not None else (self.choice or self.text)
