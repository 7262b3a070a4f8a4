"""Congresses (职代会/教代会), their terms (届) and sessions (次), and what a session holds:
agenda items, documents and resolutions with their vote counts."""
from __future__ import annotations

import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.numerals import localised_number as chinese_number
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import AsParent, ScopedQuerySet, ScopePolicy

from ..scope import SeatInTerm


class Congress(models.Model):
    """A union's congress: the workers' congress of an enterprise or the staff congress of a school."""

    class Kind(models.TextChoices):
        WORKERS = "workers", _("Workers' congress")
        STAFF = "staff", _("Teachers' and staff congress")

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="congresses",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORKERS)
    # The union's own rules on the delegates' make-up, checked on the term page.
    min_front_line_percent = models.PositiveSmallIntegerField(
        _("front-line workers at least (%)"), default=50, validators=[MaxValueValidator(100)],
    )
    max_leaders_percent = models.PositiveSmallIntegerField(
        _("leaders at most (%)"), default=20, validators=[MaxValueValidator(100)],
    )
    min_women_percent = models.PositiveSmallIntegerField(
        _("women at least (%)"), default=0, validators=[MaxValueValidator(100)],
        help_text=_("Usually the share of women among the employees."),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["union__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["union", "kind"], name="congress_one_per_union_and_kind")]

    def __str__(self):
        return f"{self.union} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("congress:congress_detail", args=[self.pk])

    @property
    def short_name(self) -> str:
        return str(SHORT_NAMES[self.kind])

    def clean(self):
        super().clean()
        if self.union_id and not self.union.is_grassroots:
            raise ValidationError({"union": _("A congress belongs to a grassroots union.")})


SHORT_NAMES = {
    Congress.Kind.WORKERS: pgettext_lazy("short name", "workers' congress"),
    Congress.Kind.STAFF: pgettext_lazy("short name", "staff congress"),
}


class Term(models.Model):
    """A term (届) of a congress: its delegates are elected for the term."""

    scope = ScopePolicy(org_field="congress__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField(_("term number"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_number_unique_per_congress"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"),
        ]

    def __str__(self):
        return _("Term %(number)s of the %(congress)s") % {
            "number": chinese_number(self.number), "congress": self.congress.short_name,
        }

    def get_absolute_url(self):
        return reverse("congress:term_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A term ends after it starts.")})


class SessionQuerySet(ScopedQuerySet):
    def window_open(self, now=None):
        now = now or timezone.now()
        return self.filter(collection_opens_at__lte=now, collection_closes_at__gt=now)


class Session(StepsMixin, models.Model):
    """A session (次) of a term, e.g. 第三届第二次职代会, with its proposal collection window."""

    class State(models.TextChoices):
        PREPARING = "preparing", _("In preparation")
        HELD = "held", _("Held")

    # "export": the register and other lists of everyone's proposals, for union staff only;
    # a delegate may "view" the sessions of the terms they sit in.
    scope = ScopePolicy(
        org_field="union",
        roles={"view": STAFF_ROLES, "change": MANAGING_ROLES, "export": STAFF_ROLES},
        rules=(SeatInTerm("term", {"view"}),),
    )
    steps = (Step("mark_held", State.PREPARING, needs="change"),)
    state_tones = {State.PREPARING: "info", State.HELD: "success"}

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="sessions")
    # The term's union, kept here so every scoped query of sessions and proposals is one join.
    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+",
        editable=False,
    )
    number = models.PositiveSmallIntegerField(_("session number"), validators=[MinValueValidator(1)])
    held_on = models.DateField(_("date of the session"))
    venue = models.CharField(_("venue"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREPARING)
    collection_opens_at = models.DateTimeField(_("proposals open at"))
    collection_closes_at = models.DateTimeField(_("proposals close at"))
    min_cosigners = models.PositiveSmallIntegerField(
        _("co-signers needed"), default=2, validators=[MaxValueValidator(20)],
        help_text=_("How many other delegates must co-sign a proposal before it can go to review."),
    )
    reply_days = models.PositiveSmallIntegerField(
        _("days to reply"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The usual deadline for a handling department's reply, counted from the assignment."),
    )

    history = HistoricalRecords()
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_number_unique_per_term"),
            models.CheckConstraint(
                condition=models.Q(collection_closes_at__gt=models.F("collection_opens_at")),
                name="session_window_closes_after_opening",
            ),
        ]
        indexes = [models.Index(fields=["union", "held_on"], name="session_union_held_on")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        term, congress = self.term, self.term.congress
        return _("Term %(term)s, session %(session)s of the %(congress)s") % {
            "term": chinese_number(term.number), "session": chinese_number(self.number),
            "congress": congress.short_name,
        }

    def get_absolute_url(self):
        return reverse("congress:session_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.union_id = self.term.congress.union_id
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        opens, closes = self.collection_opens_at, self.collection_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError({"collection_closes_at": _("The window must close after it opens.")})

    # --- the collection window ------------------------------------------------------------
    def window_state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.collection_opens_at:
            return "not_open"
        if now >= self.collection_closes_at:
            return "closed"
        return "open"

    def window_is_open(self, now=None) -> bool:
        return self.window_state(now) == "open"


class AgendaItem(models.Model):
    scope = ScopePolicy(org_field="session__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("item"), max_length=200)
    presenter = models.CharField(_("presented by"), max_length=100, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "order", "pk"]

    def __str__(self):
        return self.title


def _document_path(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"congress/sessions/{instance.session_id}/{uuid.uuid4().hex}{extension}"


class SessionDocument(models.Model):
    """A document of the session: the work report, the draft contract, the financial report…"""

    # Whoever may see the session (its delegates too) may read its documents.
    scope = ScopePolicy(org_field="session__union", rules=(AsParent("session", {"view", "change"}),))

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("session document")
        verbose_name_plural = _("session documents")
        ordering = ["session", "pk"]

    def __str__(self):
        return self.title


class Resolution(models.Model):
    """A resolution (决议) the session voted on, with the vote counts."""

    scope = ScopePolicy(org_field="session__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.CASCADE,
                                related_name="resolutions")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveIntegerField(_("abstentions"), default=0)
    delegates_entitled = models.PositiveIntegerField(
        _("delegates entitled to vote"), default=0,
        help_text=_("A resolution passes with the votes of more than half of all delegates."),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delegates_entitled__gte=models.F("votes_for") + models.F("votes_against")
                                   + models.F("abstentions")),
                name="resolution_votes_within_delegates",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.votes_cast > self.delegates_entitled:
            raise ValidationError(_("More votes were counted than there are delegates entitled to vote."))

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def adopted(self) -> bool:
        """Passed by more than half of all the delegates (全体职工代表的过半数通过)."""
        return self.delegates_entitled > 0 and self.votes_for * 2 > self.delegates_entitled
