"""Proposals (提案) from the delegates' draft to the proposer's rating of the reply.

    draft ─submit─▶ submitted ─accept─▶ accepted ─assign─▶ assigned ─reply─▶ replied ─rate─▶ closed
      │               │  ├─opinion─▶ opinion                    ▲                │
      └─(delete)      │  ├─reject──▶ rejected                   └──not satisfied─┘
                      │  └─merge───▶ merged (into another proposal; its proposer is kept)
                      └─withdraw─▶ withdrawn

The services in ``congress.services.proposals`` make every change of state; the state
column only ever holds the codes below (labels are translated on display).
"""
from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import AsParent, Match, ScopedQuerySet, ScopePolicy, Within

from ..scope import AssignedDepartment, SeatInTerm
from .delegates import Delegate
from .sessions import Session


class HandlingDepartment(models.Model):
    """A department of the employer that answers proposals (承办部门), e.g. 人力资源部.

    Its people are its ``officers`` who hold the "handling department" role at the
    department's union: the role lets them in, the link says for which department they answer
    (congress/scope.py)."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
        related_name="handling_departments",
    )
    name = models.CharField(_("name"), max_length=50)
    is_active = models.BooleanField(_("active"), default=True)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("officers"), blank=True, related_name="handling_departments",
        help_text=_("The people who answer proposals for the department; each holds the “handling department” "
                    "role at the union."),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("handling department")
        verbose_name_plural = _("handling departments")
        ordering = ["union__path", "name"]
        constraints = [models.UniqueConstraint(fields=["union", "name"], name="department_name_unique_per_union")]

    def __str__(self):
        return self.name

    def users(self):
        """The officers who answer for it now: active, holding the department role at its union."""
        return self.officers.filter(
            is_active=True, role_assignments__role=Role.DEPARTMENT, role_assignments__organisation_id=self.union_id,
        ).distinct()


class Category(models.TextChoices):
    PRODUCTION = "production", _("Production and management")
    WAGES = "wages", _("Wages and welfare")
    SAFETY = "safety", _("Safety and health")
    TEACHING = "teaching", _("Teaching and research")
    DEMOCRACY = "democracy", _("Democratic management")
    LIVING = "living", _("Canteen, housing and daily life")
    TRAINING = "training", _("Training and careers")
    OTHER = "other", _("Other")


class ProposalQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state=Proposal.State.ASSIGNED, deadline__lt=today)


def _attachment_path(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"congress/proposals/{instance.proposal_id}/{uuid.uuid4().hex}{extension}"


def _is_proposer(proposal, user) -> bool:
    return proposal.proposer.user_id == user.pk


def _may_cosign(proposal, user) -> bool:
    from ..services.proposals import delegate_for, proposal_can_cosign

    return proposal_can_cosign(proposal, delegate_for(proposal.session, user))


def _answers_for_it(proposal, user) -> bool:
    from ..services.proposals import reply_departments

    return bool(reply_departments(proposal, user))


class Proposal(StepsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, collecting co-signatures")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted as a formal proposal")
        OPINION = "opinion", _("Turned into an opinion or suggestion")
        REJECTED = "rejected", _("Not accepted")
        MERGED = "merged", _("Merged into another proposal")
        ASSIGNED = "assigned", _("With the handling department")
        REPLIED = "replied", _("Replied, waiting for the proposer's rating")
        CLOSED = "closed", _("Closed")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    # Only the proposer sees these.
    PRIVATE_STATES = (State.DRAFT, State.WITHDRAWN)
    # Formal proposals: numbered, with a department.
    NUMBERED_STATES = (State.ACCEPTED, State.ASSIGNED, State.REPLIED, State.CLOSED)
    HANDLING_STATES = (State.ASSIGNED, State.REPLIED, State.CLOSED)
    DECIDED_STATES = (*NUMBERED_STATES, State.OPINION, State.REJECTED, State.MERGED)

    # Staff see their subtree's proposals but not the delegates' drafts and withdrawn ones;
    # delegates their terms' sessions' proposals (drafts only their own); departments what is
    # assigned to them once it is — and only departments "reply".
    scope = ScopePolicy(
        org_field="session__union",
        rules=(
            Within(STAFF_ROLES, {"view"}, only=~Match(state__in=PRIVATE_STATES)),
            Within(MANAGING_ROLES, {"change"}, only=~Match(state__in=PRIVATE_STATES)),
            SeatInTerm("session__term", {"view"}, private=Match(state__in=PRIVATE_STATES), owner="proposer__user"),
            AssignedDepartment({"view", "reply"}, only=Match(state__in=HANDLING_STATES)),
        ),
    )
    # What the page offers; the services check again under lock (window, co-signatures…).
    steps = (
        Step("edit", State.DRAFT, needs="view", when=_is_proposer),
        Step("submit", State.DRAFT, needs="view", when=_is_proposer),
        Step("delete", State.DRAFT, needs="view", when=_is_proposer),
        Step("withdraw", State.SUBMITTED, needs="view", when=_is_proposer),
        Step("cosign", State.SUBMITTED, needs="view", when=_may_cosign),
        Step("accept", State.SUBMITTED, needs="change"),
        Step("decide", State.SUBMITTED, needs="change"),
        Step("merge", State.SUBMITTED, needs="change"),
        Step("assign", (State.ACCEPTED, State.ASSIGNED), needs="change"),
        Step("reply", State.ASSIGNED, needs="reply", when=_answers_for_it),
        Step("rate", State.REPLIED, needs="view", when=_is_proposer),
    )
    state_tones = {
        State.DRAFT: "light border", State.SUBMITTED: "info", State.ACCEPTED: "primary", State.ASSIGNED: "primary",
        State.REPLIED: "warning", State.CLOSED: "success",
    }

    session = models.ForeignKey(Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="proposals")
    proposer = models.ForeignKey(
        Delegate, verbose_name=_("proposer"), on_delete=models.PROTECT, related_name="proposals",
    )
    subject = models.CharField(_("subject"), max_length=200, help_text=_("案由: what the proposal is about, in a line."))
    reasons = models.TextField(_("reasons"), help_text=_("理由: the situation and why it should change."))
    measures = models.TextField(_("suggested measures"), help_text=_("建议: what should be done, and by whom."))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    # The committee's decision.
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    decision_reason = models.TextField(_("reason given"), blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_from", editable=False,
    )

    # Handling.
    lead_department = models.ForeignKey(
        HandlingDepartment, verbose_name=_("lead department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    co_departments = models.ManyToManyField(
        HandlingDepartment, verbose_name=_("co-handling departments"), blank=True, related_name="co_proposals",
    )
    deadline = models.DateField(_("reply due by"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1, editable=False)
    rating = models.CharField(
        _("latest rating"), max_length=20, choices=Rating.choices, blank=True, editable=False,
    )
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["last_reminded_on"])
    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["session", "number", "submitted_at", "pk"]
        constraints = [
            # Gapless numbers are given under a lock (services); this makes a duplicate impossible.
            models.UniqueConstraint(fields=["session", "number"], name="proposal_number_unique_per_session"),
            models.CheckConstraint(
                condition=Q(number__isnull=True, state__in=["draft", "submitted", "withdrawn", "opinion",
                                                             "rejected", "merged"])
                | Q(number__isnull=False, state__in=["accepted", "assigned", "replied", "closed"]),
                name="proposal_numbered_iff_formal",
            ),
            models.CheckConstraint(
                condition=~Q(state="rejected") | ~Q(decision_reason=""), name="proposal_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False), name="proposal_merged_names_target",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["assigned", "replied", "closed"])
                | Q(lead_department__isnull=False, deadline__isnull=False),
                name="proposal_handled_has_department_and_deadline",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="proposal_not_merged_into_itself"),
        ]
        indexes = [models.Index(fields=["session", "state"], name="proposal_session_state")]

    def __str__(self):
        if self.number:
            return _("No. %(number)s: %(subject)s") % {"number": self.number, "subject": self.subject}
        return self.subject

    def get_absolute_url(self):
        return reverse("congress:proposal_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.ASSIGNED and self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def collecting_cosignatures(self) -> bool:
        return self.state == self.State.SUBMITTED

    @property
    def awaiting_assignment(self) -> bool:
        """Accepted, no department yet (the assignment is the next step, not a change)."""
        return self.state == self.State.ACCEPTED

    @property
    def awaiting_reply(self) -> bool:
        return self.state == self.State.ASSIGNED

    @property
    def not_taken_up(self) -> bool:
        """Decided without becoming a formal proposal: an opinion, not accepted, or merged."""
        return self.state in (self.State.OPINION, self.State.REJECTED, self.State.MERGED)

    @property
    def was_rejected(self) -> bool:
        return self.state == self.State.REJECTED


class CoSignature(models.Model):
    """A delegate of the same session supporting a proposal (附议)."""

    scope = ScopePolicy(org_field="proposal__session__union", roles={"view": STAFF_ROLES})

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
                                 related_name="cosignatures")
    delegate = models.ForeignKey(Delegate, verbose_name=_("delegate"), on_delete=models.PROTECT,
                                 related_name="cosignatures")
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        ordering = ["proposal", "signed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="cosign_once")]

    def __str__(self):
        return f"{self.delegate} → {self.proposal}"


class ProposalAttachment(models.Model):
    # Whoever may see (or change) the proposal may see (or change) its attachments.
    scope = ScopePolicy(org_field="proposal__session__union", rules=(AsParent("proposal", {"view", "change"}),))

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
                                 related_name="attachments")
    name = models.CharField(_("file name"), max_length=150)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["proposal", "pk"]

    def __str__(self):
        return self.name


class Reply(models.Model):
    """A department's answer (答复) in a round; the lead department's answer ends the round."""

    scope = ScopePolicy(org_field="proposal__session__union", roles={"view": STAFF_ROLES})

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
                                 related_name="replies")
    department = models.ForeignKey(HandlingDepartment, verbose_name=_("department"), on_delete=models.PROTECT,
                                   related_name="replies")
    is_lead = models.BooleanField(_("lead department's reply"), default=False)
    round = models.PositiveSmallIntegerField(_("round"))
    text = models.TextField(_("reply"))
    due_on = models.DateField(_("was due by"))
    replied_at = models.DateTimeField(_("replied at"), default=timezone.now)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("replied by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["proposal", "round", "-is_lead", "replied_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "department", "round"], name="reply_once_per_department_round"),
        ]

    def __str__(self):
        return f"{self.department} · {self.proposal}"

    @property
    def on_time(self) -> bool:
        return timezone.localtime(self.replied_at).date() <= self.due_on


class ProposalRating(models.Model):
    """The proposer's rating of a round's reply; "not satisfied" starts another round."""

    scope = ScopePolicy(org_field="proposal__session__union", roles={"view": STAFF_ROLES})

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE,
                                 related_name="ratings")
    round = models.PositiveSmallIntegerField(_("round"))
    rating = models.CharField(_("rating"), max_length=20, choices=Proposal.Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="rating_once_per_round"),
            models.CheckConstraint(
                condition=~Q(rating="unsatisfied") | ~Q(comment=""), name="rating_unsatisfied_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} · {self.get_rating_display()}"
