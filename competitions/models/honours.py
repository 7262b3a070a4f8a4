"""Honours (评先评优): a union's honour scheme, its quotas, the nominations from below, the
objections raised during the public notice (公示), and conferral.

    scheme:     open (nominating, vetting) ─publicise─▶ publicity (公示) ─confer─▶ conferred
    nomination: submitted ─vet─▶ accepted ─confer─▶ conferred
                    │  ▲   └──▶ refused
                    ▼  │resubmit
                  returned          accepted ─objection upheld─▶ removed

A unit's officer nominates a member or a collective of the unit's own subtree; the scheme's
union vets each nomination; the accepted ones are posted for the 公示 days, objections are
recorded and answered; once the notice has ended and no objection is open the scheme's union
confers the honour: a person's honour becomes a ``members.Honour`` row (so the model-worker
archive and the member's record show it), a collective's honour stays on the nomination.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from members.models.cadres import Level
from unionadmin.actions import Step, StepsMixin
from unionadmin.models import Organisation
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import AsParent, FromAbove, ScopedManager, ScopePolicy, Within


class HonourScheme(StepsMixin, models.Model):
    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("Model worker")
        ADVANCED_WORKER = "advanced_worker", _("Advanced worker")
        ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced collective")
        MODEL_HOME = "model_home", _("Model Workers' Home")
        OUTSTANDING_CADRE = "outstanding_cadre", _("Outstanding union cadre")
        PIONEER = "pioneer", _("Workers' Pioneer")
        MAY_DAY_MEDAL = "may_day_medal", _("May Day Labour Medal")
        OTHER = "other", pgettext_lazy("honour kind", "Other")

    class Nominee(models.TextChoices):
        PERSON = "person", _("A person")
        COLLECTIVE = "collective", _("A collective")

    class State(models.TextChoices):
        OPEN = "open", _("Nominating and vetting")
        PUBLICITY = "publicity", _("Public notice")
        CONFERRED = "conferred", _("Conferred")

    scope = ScopePolicy(
        org_field="union",
        rules=(
            Within(STAFF_ROLES, {"view"}),
            Within(MANAGING_ROLES, {"change", "nominate"}),
            # The units below the scheme's union see it and nominate to it.
            FromAbove({"view"}),
            FromAbove({"nominate"}, roles=MANAGING_ROLES),
        ),
    )
    state_tones = {State.OPEN: "primary", State.PUBLICITY: "warning", State.CONFERRED: "success"}
    steps = (
        Step("quota", State.OPEN),
        Step("nominate", State.OPEN, needs="nominate", when=lambda scheme, user: scheme.nominations_are_open),
        # Posting closes nominating, so it is offered once the units' window has passed.
        Step("publicise", State.OPEN, when=lambda scheme, user: timezone.localdate() > scheme.nominations_close),
        Step("confer", State.PUBLICITY),
        Step("notice", (State.PUBLICITY, State.CONFERRED), needs="view"),
    )

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("run by"), on_delete=models.PROTECT,
                              related_name="honour_schemes")
    title = models.CharField(pgettext_lazy("honour scheme", "title"), max_length=150,
                             help_text=_("E.g. 2026年度青溪县劳动模范评选."))
    honour_title = models.CharField(_("honour as on the certificate"), max_length=100,
                                    help_text=_("E.g. 青溪县劳动模范."))
    kind = models.CharField(_("kind of honour"), max_length=30, choices=Kind.choices, default=Kind.MODEL_WORKER)
    nominee = models.CharField(_("for"), max_length=20, choices=Nominee.choices, default=Nominee.PERSON)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.COUNTY)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    nominations_open = models.DateField(_("nominations open"))
    nominations_close = models.DateField(_("nominations close"))
    publicity_days = models.PositiveSmallIntegerField(
        _("days of public notice"), default=7, validators=[MinValueValidator(5), MaxValueValidator(30)],
        help_text=_("How long the names are posted for objections, usually 7 days."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    publicity_start = models.DateField(_("notice posted on"), null=True, blank=True)
    publicity_end = models.DateField(_("notice ends on"), null=True, blank=True)
    conferred_on = models.DateField(_("conferred on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("honour scheme")
        verbose_name_plural = _("honour schemes")
        ordering = ["-year", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["open", "publicity", "conferred"]),
                                   name="honour_scheme_state_valid"),
            models.CheckConstraint(condition=Q(nominations_close__gte=models.F("nominations_open")),
                                   name="honour_scheme_window_ordered"),
            models.CheckConstraint(
                condition=Q(state="open") | (Q(publicity_start__isnull=False) & Q(publicity_end__isnull=False)),
                name="honour_scheme_publicity_dated"),
            models.CheckConstraint(condition=~Q(state="conferred") | Q(conferred_on__isnull=False),
                                   name="honour_scheme_conferred_dated"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("competitions:honour_scheme_detail", args=[self.pk])

    @property
    def for_collectives(self) -> bool:
        return self.nominee == self.Nominee.COLLECTIVE

    @property
    def nominations_are_open(self) -> bool:
        return self.state == self.State.OPEN and self.nominations_open <= timezone.localdate() <= self.nominations_close

    @property
    def publicity_over(self) -> bool:
        return self.publicity_end is not None and timezone.localdate() > self.publicity_end

    @staticmethod
    def publicity_end_for(start: datetime.date, days: int) -> datetime.date:
        """The last day of a notice of ``days`` days posted on ``start`` (the start counts)."""
        return start + datetime.timedelta(days=days - 1)


class HonourQuota(models.Model):
    """Places of a scheme for one unit (and its subtree), or for each unit of a category."""

    scope = ScopePolicy(org_field="scheme__union", rules=(AsParent("scheme", {"view", "change"}),))

    scheme = models.ForeignKey(HonourScheme, verbose_name=_("honour scheme"), on_delete=models.CASCADE,
                               related_name="quotas")
    unit = models.ForeignKey("unionadmin.Organisation", verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("or every unit of the category"), max_length=20, blank=True,
                                choices=Organisation.Category.choices)
    places = models.PositiveSmallIntegerField(_("places"), validators=[MaxValueValidator(999)])

    duplicate_messages = {  # unionadmin/integrity.py
        "honour_quota_once_per_unit": _("This unit has a quota in this scheme already."),
        "honour_quota_once_per_category": _("This category has a quota in this scheme already."),
    }

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("honour quota")
        verbose_name_plural = _("honour quotas")
        ordering = ["category", "unit__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(unit__isnull=False) & Q(category=""))
                                   | (Q(unit__isnull=True) & ~Q(category="")), name="honour_quota_unit_or_category"),
            models.UniqueConstraint(fields=["scheme", "unit"], condition=Q(unit__isnull=False),
                                    name="honour_quota_once_per_unit"),
            models.UniqueConstraint(fields=["scheme", "category"], condition=~Q(category=""),
                                    name="honour_quota_once_per_category"),
        ]

    def __str__(self):
        return f"{self.unit or self.get_category_display()}: {self.places}"


ACTIVE_NOMINATION_STATES = ("submitted", "returned", "accepted", "conferred")


class Nomination(StepsMixin, models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("nomination state", "Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", pgettext_lazy("nomination state", "Accepted")
        REFUSED = "refused", pgettext_lazy("nomination state", "Refused")
        REMOVED = "removed", _("Removed after an objection")
        CONFERRED = "conferred", pgettext_lazy("nomination state", "Conferred")

    scope = ScopePolicy(
        org_field="unit",
        rules=(
            # The nominating unit and the unions above it (the scheme's union among them).
            Within(STAFF_ROLES, {"view"}),
            Within(MANAGING_ROLES, {"change"}),
            # Vetting is the scheme's union's, not the nominating unit's.
            Within(MANAGING_ROLES, {"view", "vet"}, org_field="scheme__union"),
        ),
    )
    state_tones = {State.SUBMITTED: "light border", State.RETURNED: "warning", State.ACCEPTED: "primary",
                   State.REFUSED: "secondary", State.REMOVED: "danger", State.CONFERRED: "success"}
    steps = (
        Step("resubmit", State.RETURNED, when=lambda n, user: n.scheme.state == HonourScheme.State.OPEN),
        # The officer who nominated does not vet their own nomination.
        Step("vet", State.SUBMITTED, needs="vet",
             when=lambda n, user: n.scheme.state == HonourScheme.State.OPEN and n.created_by_id != user.pk),
        Step("object", State.ACCEPTED, needs="vet",
             when=lambda n, user: n.scheme.state == HonourScheme.State.PUBLICITY),
        Step("certificate", State.CONFERRED, needs="view"),
    )

    scheme = models.ForeignKey(HonourScheme, verbose_name=_("honour scheme"), on_delete=models.CASCADE,
                               related_name="nominations")
    unit = models.ForeignKey("unionadmin.Organisation", verbose_name=_("nominated by"), on_delete=models.PROTECT,
                             related_name="honour_nominations")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="honour_nominations")
    collective = models.ForeignKey("unionadmin.Organisation", verbose_name=_("collective"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="honour_nominations_received")
    collective_name = models.CharField(_("name of the collective"), max_length=100, blank=True,
                                       help_text=_("A team or workshop's own name; the unit's name when empty."))
    deeds = models.TextField(_("deeds"), help_text=_("The nominee's main deeds."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    vetting_reason = models.TextField(_("reason given"), blank=True)
    vetted_at = models.DateTimeField(_("vetted at"), null=True, blank=True)
    vetted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("vetted by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    honour = models.ForeignKey("members.Honour", verbose_name=_("honour on the member's record"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="nominations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)

    duplicate_messages = {  # unionadmin/integrity.py
        "nomination_member_once": _("This nominee has been nominated to this scheme already."),
        "nomination_collective_once": _("This nominee has been nominated to this scheme already."),
        "nomination_certificate_number_once": _("This certificate number has been given already."),
    }

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["scheme", "unit__path", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(member__isnull=True, collective__isnull=False) | Q(member__isnull=False, collective__isnull=True),
                                   name="nomination_member_or_collective"),
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "returned", "accepted", "refused", "removed", "conferred"]),
                name="nomination_state_valid"),
            models.UniqueConstraint(fields=["scheme", "member"],
                                    condition=Q(member__isnull=False, state__in=ACTIVE_NOMINATION_STATES),
                                    name="nomination_member_once"),
            models.UniqueConstraint(fields=["scheme", "collective", "collective_name"],
                                    condition=Q(collective__isnull=False, state__in=ACTIVE_NOMINATION_STATES),
                                    name="nomination_collective_once"),
            models.UniqueConstraint(fields=["scheme", "certificate_number"], condition=~Q(certificate_number=""),
                                    name="nomination_certificate_number_once"),
        ]

    def __str__(self):
        return self.nominee_name

    def get_absolute_url(self):
        return reverse("competitions:honour_nomination_detail", args=[self.pk])

    @property
    def nominee_name(self) -> str:
        if self.member_id:
            return self.member.name
        return self.collective_name or self.collective.name


class HonourObjection(StepsMixin, models.Model):
    """An objection raised during the 公示: who raised it, how it reached the union, and the answer.
    Upheld removes the nomination; dismissed keeps it."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        PHONE = "phone", _("Telephone")
        VISIT = "visit", _("In person")
        EMAIL = "email", _("E-mail")
        OTHER = "other", pgettext_lazy("objection channel", "Other")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("objection state", "Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    # Who objected is kept from the nominating unit: only the scheme's union handles objections.
    scope = ScopePolicy(org_field="nomination__scheme__union", roles={"view": MANAGING_ROLES, "change": MANAGING_ROLES})
    state_tones = {State.OPEN: "warning", State.UPHELD: "danger", State.DISMISSED: "secondary"}
    steps = (Step("answer", State.OPEN),)

    nomination = models.ForeignKey(Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE,
                                   related_name="objections")
    raised_by = models.CharField(_("raised by"), max_length=100,
                                 help_text=_("Name and unit, or “anonymous”."))
    channel = models.CharField(_("how it reached us"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    content = models.TextField(_("the objection"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["open", "upheld", "dismissed"]),
                                   name="honour_objection_state_valid"),
            models.CheckConstraint(condition=Q(state="open") | (~Q(answer="") & Q(answered_on__isnull=False)),
                                   name="honour_objection_answered"),
        ]

    def __str__(self):
        return f"{self.nomination} · {self.raised_by}"

    def get_absolute_url(self):
        return self.nomination.get_absolute_url()


