"""The rubric (考核细则): a federation's yearly assessment, its versions, areas and items.

A ``Rubric`` is the federation's assessment for a year: its title, the submission deadline
and the results' publication. Its text lives in numbered ``RubricVersion``s: a draft is
edited; publishing freezes it (the model refuses to save a frozen part, and a PostgreSQL
trigger refuses it even to a raw UPDATE, see migration 0002); a correction is a new draft
copied from the published version, whose areas and items keep their ``lineage`` so the two
can be compared and the units' scores carried over.
"""
from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.indicators import registry as indicator_registry
from unionadmin.models import Organisation
from unionadmin.roles import Role
from unionadmin.scoping import FromAbove, Match, ScopedManager, ScopePolicy

from .. import grading

FEDERATION_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.FEDERATION_REVIEWER})
ADMIN_ROLES = frozenset({Role.FEDERATION_ADMIN})

RUBRIC_ROLES = {
    "view": FEDERATION_ROLES,
    # The sheets of every unit, the live results before publication, the exports.
    "review": FEDERATION_ROLES,
    # Writing and publishing the rubric, the deadline, publishing the results.
    "change": ADMIN_ROLES,
}

POINTS = {"max_digits": 6, "decimal_places": 2}


class FrozenError(Exception):
    """A published version (or one of its parts) was about to change."""


def _results_open(rubric, user) -> bool:
    return rubric.results_published_at is None


def _in_force_results_open(rubric, user) -> bool:
    return rubric.current_version_id is not None and rubric.results_published_at is None


class Rubric(StepsMixin, models.Model):
    """A federation's target-management assessment for one year."""

    # Settings and corrections stop once the results are out (the services say why).
    steps = (
        Step("settings", when=_results_open),
        Step("correct", when=_in_force_results_open),
        Step("publish_results", when=_in_force_results_open),
    )

    # Units read the rubric they are assessed by once it is published (staff of a unit below
    # the federation); the federation's roles see it from the first draft.
    scope = ScopePolicy(org_field="federation", roles=RUBRIC_ROLES, rules=(
        FromAbove("view", only=Match(current_version__isnull=False)),
    ))

    federation = models.ForeignKey(
        Organisation, verbose_name=_("federation"), on_delete=models.PROTECT, related_name="rubrics",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year whose work is assessed."),
    )
    title = models.CharField(pgettext_lazy("document", "title"), max_length=200)
    deadline = models.DateField(
        _("self-assessment deadline"),
        help_text=_("Units may submit until the end of this day; after it only a unit the federation reopens."),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("How long a unit has to appeal an item once the review is sent to it."),
    )
    current_version = models.ForeignKey(
        "RubricVersion", verbose_name=_("version in force"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    results_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("results published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("assessment rubric")
        verbose_name_plural = _("assessment rubrics")
        ordering = ["-year", "federation__path"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "year"], name="rubric_one_per_federation_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="rubric_year_range"),
            models.CheckConstraint(
                condition=Q(results_published_at__isnull=True) | Q(current_version__isnull=False),
                name="rubric_results_need_a_version",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment:rubric_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.current_version_id is not None

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    @property
    def deadline_end(self):
        """The first moment after the deadline (midnight after it, local time)."""
        return end_of_day(self.deadline)

    @property
    def is_past_deadline(self) -> bool:
        return timezone.now() >= self.deadline_end


def end_of_day(date):
    import datetime

    return timezone.make_aware(datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time.min))


def _published_parts(version_lookup: str = "") -> Match:
    """Versions, areas and items units below may read: of a published rubric, never a draft
    version (states are draft, published or superseded; the check constraint holds that)."""
    version = f"{version_lookup}__" if version_lookup else ""
    return Match(**{f"{version}rubric__current_version_id__isnull": False,
                    f"{version}state__in": ["published", "superseded"]})


class RubricVersion(StepsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("In force")
        SUPERSEDED = "superseded", _("Superseded")

    state_tones = {State.PUBLISHED: "primary", State.DRAFT: "secondary", State.SUPERSEDED: "light border"}
    # Only a draft is written, published or deleted; the first version is deleted with its rubric only.
    steps = (
        Step("edit", states=State.DRAFT),
        Step("publish", states=State.DRAFT),
        Step("delete", states=State.DRAFT, when=lambda version, user: version.number > 1),
    )

    scope = ScopePolicy(org_field="rubric__federation", roles=RUBRIC_ROLES, rules=(
        FromAbove("view", only=_published_parts()),
    ))
    # What may not change once the version is published (the trigger checks the same columns).
    FROZEN_FIELDS = ("rubric_id", "number", "standard_threshold", "exemplary_threshold", "bonus_cap", "categories")

    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    standard_threshold = models.DecimalField(
        _("points for “up to standard”"), default=grading.DEFAULT_STANDARD,
        validators=[MinValueValidator(Decimal("0.01"))], **POINTS,
        help_text=_("达标单位: a total of this many points or more."),
    )
    exemplary_threshold = models.DecimalField(
        _("points for “exemplary”"), default=grading.DEFAULT_EXEMPLARY,
        validators=[MinValueValidator(Decimal("0.01"))], **POINTS,
        help_text=_("达标标兵单位: a total of this many points or more."),
    )
    bonus_cap = models.DecimalField(
        _("most bonus points counted"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS,
        help_text=_("Leave blank to count every bonus point."),
    )
    categories = ArrayField(
        models.CharField(max_length=20, choices=Organisation.Category.choices),
        verbose_name=_("unit categories assessed"), default=list,
        help_text=_("Results are ranked within each category."),
    )
    change_note = models.TextField(
        _("what changed"), blank=True, help_text=_("For a correction: what it corrects and why."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()
    duplicate_messages = {  # unionadmin/integrity.py
        "rubricversion_one_draft": _("This rubric already has a version in draft."),
        "rubricversion_one_in_force": _("This rubric already has a version in force."),
    }

    class Meta:
        verbose_name = _("rubric version")
        verbose_name_plural = _("rubric versions")
        ordering = ["rubric", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="rubricversion_number_unique"),
            models.UniqueConstraint(fields=["rubric"], condition=Q(state="draft"), name="rubricversion_one_draft"),
            models.UniqueConstraint(fields=["rubric"], condition=Q(state="published"),
                                    name="rubricversion_one_in_force"),
            models.CheckConstraint(condition=Q(exemplary_threshold__gte=models.F("standard_threshold")),
                                   name="rubricversion_exemplary_above_standard"),
            models.CheckConstraint(condition=Q(standard_threshold__gt=0), name="rubricversion_standard_positive"),
            models.CheckConstraint(condition=Q(bonus_cap__isnull=True) | Q(bonus_cap__gte=0),
                                   name="rubricversion_bonus_cap_not_negative"),
            models.CheckConstraint(condition=Q(state="draft") | Q(published_at__isnull=False),
                                   name="rubricversion_published_has_time"),
            models.CheckConstraint(condition=Q(state__in=["draft", "published", "superseded"]),
                                   name="rubricversion_state_valid"),
        ]

    def __str__(self):
        return _("%(title)s, version %(number)s") % {"title": self.rubric.title, "number": self.number}

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("assessment:version_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def state_tone(self) -> str:
        """The badge colour of the state, for badges that say more than the state."""
        return self.state_tones.get(self.state, "secondary")

    def clean(self):
        super().clean()
        if (self.standard_threshold is not None and self.exemplary_threshold is not None
                and self.exemplary_threshold < self.standard_threshold):
            raise ValidationError({"exemplary_threshold": _(
                "The points for “exemplary” cannot be fewer than those for “up to standard”.")})

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = RubricVersion.objects.filter(pk=self.pk).values("state", *self.FROZEN_FIELDS).first()
            if stored and stored["state"] != self.State.DRAFT:
                changed = [f for f in self.FROZEN_FIELDS if stored[f] != getattr(self, f)]
                if changed or self.state == self.State.DRAFT:
                    raise FrozenError(f"rubric version {self.pk} is published; {changed or 'state'} cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state != self.State.DRAFT:
            raise FrozenError(f"rubric version {self.pk} is published and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Organisation.Category.choices)
        return [labels.get(c, c) for c in self.categories]


class FrozenPartMixin:
    """Areas and items of a published version refuse to change (the trigger backs this up);
    they offer their version's next steps ("edit" while it is a draft)."""

    def allowed_actions(self, user) -> frozenset[str]:
        return self.version.allowed_actions(user)

    def _version_state(self, version_id):
        return RubricVersion.objects.filter(pk=version_id).values_list("state", flat=True).first()

    def save(self, *args, **kwargs):
        ids = {self.version_id}
        if self.pk is not None:
            ids.add(type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first())
        for version_id in ids - {None}:
            if self._version_state(version_id) not in (None, RubricVersion.State.DRAFT):
                raise FrozenError(f"rubric version {version_id} is published; its parts cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._version_state(self.version_id) not in (None, RubricVersion.State.DRAFT):
            raise FrozenError(f"rubric version {self.version_id} is published; its parts cannot be deleted")
        return super().delete(*args, **kwargs)


class RubricArea(FrozenPartMixin, models.Model):
    """An area of the rubric (组织建设, 维权服务 …) grouping its standard items."""

    scope = ScopePolicy(org_field="version__rubric__federation", roles=RUBRIC_ROLES, rules=(
        FromAbove("view", only=_published_parts("version")),
    ))

    version = models.ForeignKey(RubricVersion, verbose_name=_("rubric version"), on_delete=models.CASCADE,
                                related_name="areas")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    name = models.CharField(pgettext_lazy("area", "name"), max_length=100)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rubric area")
        verbose_name_plural = _("rubric areas")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="rubricarea_lineage_unique"),
        ]

    def __str__(self):
        return self.name


class RubricItem(FrozenPartMixin, models.Model):
    """One line of the rubric. Standard items sit in an area and add up to 100 points; bonus
    items add points, deduction items take them away, and a veto item (一票否决), when it
    applies, bars the unit from any grade whatever its points."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Scored item")
        BONUS = "bonus", _("Bonus item")
        DEDUCTION = "deduction", _("Deduction item")
        VETO = "veto", _("Veto item")

    scope = ScopePolicy(org_field="version__rubric__federation", roles=RUBRIC_ROLES, rules=(
        FromAbove("view", only=_published_parts("version")),
    ))

    version = models.ForeignKey(RubricVersion, verbose_name=_("rubric version"), on_delete=models.CASCADE,
                                related_name="items")
    area = models.ForeignKey(RubricArea, verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="items")
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STANDARD)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    title = models.CharField(_("what is assessed"), max_length=300)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    deduction_rules = models.TextField(
        _("deductions"), blank=True, help_text=_("In words, e.g. “2 points off for each missing quarterly report”."),
    )
    maximum = models.DecimalField(
        _("maximum points"), default=Decimal("0"), validators=[MinValueValidator(0), MaxValueValidator(100)],
        **POINTS,
    )
    evidence_required = models.BooleanField(
        _("evidence required"), default=False, help_text=_("The unit must upload evidence to claim points."),
    )
    indicator_code = models.CharField(
        _("measured by"), max_length=50, blank=True,
        help_text=_("An indicator the system measures for the unit; leave blank for an item scored by hand."),
    )
    rule = models.JSONField(_("rule from value to points"), default=dict, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rubric item")
        verbose_name_plural = _("rubric items")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "lineage"], name="rubricitem_lineage_unique"),
            models.CheckConstraint(condition=Q(kind__in=["standard", "bonus", "deduction", "veto"]),
                                   name="rubricitem_kind_valid"),
            models.CheckConstraint(condition=Q(kind="standard", area__isnull=False) | (~Q(kind="standard")
                                                                                        & Q(area__isnull=True)),
                                   name="rubricitem_area_iff_standard"),
            models.CheckConstraint(condition=Q(maximum__gte=0) & Q(maximum__lte=100), name="rubricitem_maximum_range"),
            models.CheckConstraint(condition=Q(kind="veto", maximum=0) | (~Q(kind="veto") & Q(maximum__gt=0)),
                                   name="rubricitem_maximum_by_kind"),
            models.CheckConstraint(condition=Q(indicator_code="") | Q(kind__in=["standard", "bonus"]),
                                   name="rubricitem_measured_only_if_scored"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_measured(self) -> bool:
        return bool(self.indicator_code)

    @property
    def indicator(self):
        if self.indicator_code and self.indicator_code in indicator_registry:
            return indicator_registry.get(self.indicator_code)
        return None

    @property
    def is_veto(self) -> bool:
        return self.kind == self.Kind.VETO

    @property
    def rule_words(self) -> str:
        """The rule from value to points in words, for display."""
        if not self.indicator_code:
            return ""
        from ..services.rubrics import rule_text

        return rule_text(self.rule)

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.STANDARD and not self.area_id:
            errors["area"] = _("A scored item belongs to an area.")
        if self.kind == self.Kind.VETO:
            self.maximum = Decimal("0")
            self.area = None
        elif self.maximum is not None and self.maximum <= 0:
            errors["maximum"] = _("Give the item's maximum points.")
        if self.maximum is not None and not grading.has_at_most_two_places(self.maximum):
            errors["maximum"] = _("Points are given to two decimal places at most.")
        if self.indicator_code:
            if self.kind not in (self.Kind.STANDARD, self.Kind.BONUS):
                errors["indicator_code"] = _("Only scored and bonus items can be measured by an indicator.")
            elif self.indicator_code not in indicator_registry:
                errors["indicator_code"] = _("There is no such indicator.")
            else:
                try:
                    self.rule = grading.normalise_rule(self.rule)
                except grading.RuleError as error:
                    errors["rule"] = rule_error_message(error.code)
        else:
            self.rule = {}
        if errors:
            raise ValidationError(errors)


def rule_error_message(code: str) -> str:
    return {
        "no_rule": _("Give the rule that turns the measured value into points."),
        "no_steps": _("Give at least one step: from which value, what share of the points."),
        "not_a_number": _("The rule's values must be numbers."),
        "share_out_of_range": _("A step's share of the points must be between 0 and 100 %."),
        "duplicate_threshold": _("Two steps start at the same value."),
        "flat_line": _("The values for no points and for full points must differ."),
        "unknown_kind": _("Choose steps or a straight line."),
    }.get(code, _("The rule is not valid."))
