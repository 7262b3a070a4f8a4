"""Rationalisation proposals and technical innovations (合理化建议, 技术革新) from workers.

    submitted ─route─▶ routed to an evaluator ─adopt─▶ adopted ─implement─▶ implemented
                                               └─reject─▶ not adopted

The union records the proposal for the worker, routes it to an evaluator (a person holding
the handling-department or judge role at the union or above it), who adopts it or not with
an opinion; the union records when it was carried out and its annual benefit (创效, yuan),
and any award. Benefits of implemented proposals are offered to the indicator registry.
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
from unionadmin.scoping import Match, Own, ScopedManager, ScopePolicy, Within

from ..scope import RoutedEvaluator


class ImprovementProposal(StepsMixin, models.Model):
    class Kind(models.TextChoices):
        RATIONALISATION = "rationalisation", _("Rationalisation proposal")
        INNOVATION = "innovation", _("Technical innovation")

    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("proposal state", "Submitted")
        ROUTED = "routed", _("With the evaluator")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        IMPLEMENTED = "implemented", _("Implemented")

    scope = ScopePolicy(
        org_field="union",
        rules=(
            Within(STAFF_ROLES, {"view"}),
            Within(MANAGING_ROLES, {"change"}),
            # The evaluator it was routed to, within the subtree where they hold an evaluator role.
            RoutedEvaluator({"view", "evaluate"}, only=~Match(state=State.SUBMITTED)),
            # The member who submitted it in the member portal ("own": the portal's action, so a
            # member's login never opens the officers' pages).
            Own("member__user", {"own"}),
        ),
    )

    state_tones = {State.SUBMITTED: "light border", State.ROUTED: "warning", State.ADOPTED: "primary",
                   State.NOT_ADOPTED: "secondary", State.IMPLEMENTED: "success"}

    steps = (
        Step("edit", (State.SUBMITTED, State.ROUTED)),
        Step("route", (State.SUBMITTED, State.ROUTED)),
        # The evaluator it was routed to, or the union's officers for them.
        Step("decide", State.ROUTED, needs="evaluate"),
        Step("decide", State.ROUTED, needs="change"),
        Step("implement", (State.ADOPTED, State.IMPLEMENTED)),
        Step("award", (State.ADOPTED, State.IMPLEMENTED)),
    )

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="improvement_proposals")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RATIONALISATION)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(pgettext_lazy("proposal", "title"), max_length=150)
    proposer_name = models.CharField(_("proposed by"), max_length=100,
                                     help_text=_("The worker or workers who made the proposal."))
    submitted_on = models.DateField(pgettext_lazy("proposal", "submitted on"))
    problem = models.TextField(_("the problem"), blank=True)
    suggestion = models.TextField(_("the proposal"))
    expected_benefit = models.CharField(_("expected benefit"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="improvement_proposals_to_evaluate")
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    opinion = models.TextField(_("evaluator's opinion"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    annual_benefit = models.DecimalField(
        _("annual benefit (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("Money saved or earned in a year (创效)."),
    )
    benefit_note = models.CharField(_("how the benefit was worked out"), max_length=300, blank=True)
    award_name = models.CharField(pgettext_lazy("proposal", "award"), max_length=50, blank=True)
    award_amount = models.DecimalField(_("award money (yuan)"), max_digits=10, decimal_places=2, null=True,
                                       blank=True, validators=[MinValueValidator(0)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Set when the member submitted it themselves in the member portal (issue 19).
    member = models.ForeignKey("members.Member", verbose_name=_("submitted online by the member"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="improvement_proposals")

    duplicate_messages = {  # unionadmin/integrity.py
        "improvement_member_title_once_a_day": _("You submitted a proposal with this title today already."),
    }

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rationalisation proposal")
        verbose_name_plural = _("rationalisation proposals")
        ordering = ["-year", "-submitted_on", "-pk"]
        indexes = [models.Index(fields=["state", "year"], name="improvement_state_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "routed", "adopted", "not_adopted", "implemented"]),
                name="improvement_state_valid"),
            models.CheckConstraint(condition=Q(state="submitted") | Q(evaluator__isnull=False),
                                   name="improvement_routed_has_evaluator"),
            models.CheckConstraint(
                condition=~Q(state__in=["adopted", "not_adopted", "implemented"]) | Q(decided_at__isnull=False),
                name="improvement_decided_has_time"),
            models.CheckConstraint(
                condition=~Q(state="implemented") | (Q(implemented_on__isnull=False) & Q(annual_benefit__isnull=False)),
                name="improvement_implemented_complete"),
            models.CheckConstraint(condition=Q(annual_benefit__isnull=True) | Q(annual_benefit__gte=0),
                                   name="improvement_benefit_not_negative"),
            models.CheckConstraint(condition=Q(award_amount__isnull=True) | Q(award_amount__gte=0),
                                   name="improvement_award_not_negative"),
            # A double tap on "Submit" in the portal is one proposal.
            models.UniqueConstraint(fields=["member", "title", "submitted_on"], condition=Q(member__isnull=False),
                                    name="improvement_member_title_once_a_day"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:proposal_detail", args=[self.pk])

    @property
    def awaiting_route(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def awaiting_implementation(self) -> bool:
        return self.state == self.State.ADOPTED

    @property
    def is_implemented(self) -> bool:
        return self.state == self.State.IMPLEMENTED
