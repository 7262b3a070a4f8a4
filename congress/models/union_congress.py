"""The union's own congress (工会会员代表大会 / 会员大会) and its elections (issue 18, part elections).

Not the workers' congress (职代会, ``Congress``/``Term``/``Delegate``): this is the union
members' own meeting that elects the union committee (委员会), its chair and vice-chairs, and
the funds audit committee (经审会) for a 3- or 5-year term. The rules (quotas, 差额, the
经审会's exclusions, the count, the approval from above) are in congress/elections.py."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.numerals import localised_number as chinese_number
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import AsParent, Below, Match, ScopedQuerySet, ScopePolicy, Within, role_paths

__all__ = ["BallotBox", "BoxVote", "Candidate", "DelegateQuota", "UnionCongress", "UnionDelegate"]

# Who decides on the results (批复) at the union directly above: its officers and chair, or the
# federation's administrators.
APPROVER_ROLES = frozenset({Role.FEDERATION_ADMIN, Role.UNION_OFFICER, Role.UNION_CHAIR})


def _directly_above(congress, user) -> bool:
    """The person holds an approver's role at the union's own parent (not a union further up,
    and never the union itself: a union does not approve its own election)."""
    parent = congress.union.parent
    if parent is None:
        return False
    paths = role_paths(user)
    return (any(parent.path in paths.get(role, ()) for role in APPROVER_ROLES)
            and not congress.counted_by(user))


def _lists_complete(congress, user) -> bool:
    """The lists may be closed: the step is offered only then (its refusals are on the page)."""
    from congress.elections import list_refusals

    return not list_refusals(congress)


def _results_reportable(congress, user) -> bool:
    from congress.elections import report_refusals

    return not report_refusals(congress)


class UnionCongress(StepsMixin, models.Model):
    class Kind(models.TextChoices):
        DELEGATES = "delegates", _("Members' delegates' congress")
        MEMBERS = "members", _("General meeting of members")

    class State(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        VOTING = "voting", _("Counting the ballots")
        REPORTED = "reported", _("Reported for approval")
        RETURNED = "returned", _("Returned by the union above")
        APPROVED = "approved", _("Approved")

    scope = ScopePolicy(org_field="union", rules=(
        Within(STAFF_ROLES, {"view"}),
        Within(MANAGING_ROLES, {"change"}),
        # The union above reads what it is to approve, and approves it (never the union itself).
        Below(APPROVER_ROLES, {"view", "approve"}, only=~Match(state="preparing")),
    ))
    state_tones = {State.PREPARING: "secondary", State.VOTING: "info", State.REPORTED: "warning",
                   State.RETURNED: "danger", State.APPROVED: "success"}
    steps = (
        Step("prepare", states={State.PREPARING}),
        Step("open_voting", states={State.PREPARING}, when=_lists_complete),
        Step("count", states={State.VOTING, State.RETURNED}),
        Step("report", states={State.VOTING, State.RETURNED}, when=_results_reportable),
        Step("approve", states={State.REPORTED}, needs="approve", when=_directly_above),
        Step("return", states={State.REPORTED}, needs="approve", when=_directly_above),
    )

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="union_congresses")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DELEGATES)
    number = models.PositiveSmallIntegerField(_("congress number"), validators=[MinValueValidator(1)])
    held_on = models.DateField(_("held on"))
    term_years = models.PositiveSmallIntegerField(_("term of the committee elected"), choices=[(3, _("3 years")),
                                                                                                (5, _("5 years"))],
                                                  default=5)
    committee_seats = models.PositiveSmallIntegerField(_("committee seats"), validators=[MinValueValidator(3)],
                                                       default=7)
    vice_chair_seats = models.PositiveSmallIntegerField(_("vice-chair seats"), default=1)
    audit_seats = models.PositiveSmallIntegerField(_("funds audit committee seats"),
                                                   validators=[MinValueValidator(1)], default=3)
    margin_percent = models.PositiveSmallIntegerField(
        _("competitive margin (percent)"), default=5, validators=[MaxValueValidator(100)],
        help_text=_("More candidates than seats by at least this share, for the committee and the funds audit "
                    "committee."))
    delegate_total = models.PositiveIntegerField(_("delegates to elect"), default=0)
    women_percent = models.PositiveSmallIntegerField(_("women's share of delegates (percent)"), default=0,
                                                     validators=[MaxValueValidator(100)])
    frontline_percent = models.PositiveSmallIntegerField(_("front-line workers' share of delegates (percent)"),
                                                         default=0, validators=[MaxValueValidator(100)])
    entitled = models.PositiveIntegerField(
        _("entitled to vote"), null=True, blank=True,
        help_text=_("Delegates (or members, at a general meeting) entitled to attend and vote; left empty: the "
                    "delegates recorded, or the union's active members."))
    present = models.PositiveIntegerField(
        _("present at the vote"), null=True, blank=True,
        help_text=_("Counted at the roll call; the vote is held only when at least two thirds of those entitled "
                    "are present."))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREPARING)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    reported_on = models.DateField(_("reported on"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for returning"), blank=True, editable=False)
    committee_term = models.OneToOneField("congress.CommitteeTerm", verbose_name=_("committee term"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="union_congress",
                                          editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("union congress")
        verbose_name_plural = _("union congresses")
        ordering = ["union__path", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["union", "number"], name="unioncongress_number_once_per_union"),
            models.CheckConstraint(condition=Q(term_years__in=(3, 5)), name="unioncongress_term_3_or_5"),
        ]

    def __str__(self):
        return _("%(union)s, congress %(number)s") % {"union": self.union.name,
                                                      "number": chinese_number(self.number)}

    def get_absolute_url(self):
        return reverse("congress:union_congress_detail", args=[self.pk])

    def counted_by(self, user) -> bool:
        """The person reported these results or entered ballots: they do not also approve them."""
        if user is None or not user.pk:
            return False
        return self.reported_by_id == user.pk or self.boxes.filter(entered_by=user).exists()

    def seats(self, body: str) -> int:
        return {Candidate.Body.COMMITTEE: self.committee_seats, Candidate.Body.CHAIR: 1,
                Candidate.Body.VICE_CHAIR: self.vice_chair_seats, Candidate.Body.AUDIT: self.audit_seats}[body]


class DelegateQuota(models.Model):
    """A unit's delegate seats, shared out by membership; the minimums for women and front-line
    workers follow the shares the union set."""

    scope = ScopePolicy(org_field="congress__union", rules=(AsParent("congress", actions=("view", "change")),))

    congress = models.ForeignKey(UnionCongress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="quotas")
    unit = models.ForeignKey("unionadmin.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    members = models.PositiveIntegerField(_("members"))
    seats = models.PositiveIntegerField(_("delegate seats"))
    women_seats = models.PositiveIntegerField(_("of which women at least"))
    frontline_seats = models.PositiveIntegerField(_("of which front-line workers at least"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")
        ordering = ["congress", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "unit"], name="delegatequota_once_per_unit"),
            models.CheckConstraint(condition=Q(women_seats__lte=F("seats")) & Q(frontline_seats__lte=F("seats")),
                                   name="delegatequota_shares_within_seats"),
        ]

    def __str__(self):
        return f"{self.unit.name} · {self.seats}"


class UnionDelegate(models.Model):
    """A delegate elected by a unit to the union's congress."""

    scope = ScopePolicy(org_field="congress__union", rules=(AsParent("congress", actions=("view", "change")),))

    congress = models.ForeignKey(UnionCongress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="delegates")
    unit = models.ForeignKey("unionadmin.Organisation", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="union_congress_seats")
    frontline = models.BooleanField(_("front-line worker"), default=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("union congress delegate")
        verbose_name_plural = _("union congress delegates")
        ordering = ["congress", "unit__path", "member__name"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="uniondelegate_once")]

    def __str__(self):
        return self.member.name


class Candidate(models.Model):
    class Body(models.TextChoices):
        COMMITTEE = "committee", _("Committee member")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        AUDIT = "audit", _("Funds audit committee member")

    scope = ScopePolicy(org_field="congress__union", rules=(AsParent("congress", actions=("view", "change")),))

    congress = models.ForeignKey(UnionCongress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="candidates")
    body = models.CharField(_("elected as"), max_length=10, choices=Body.choices)
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="union_candidacies")

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["congress", "body", "member__name"]
        constraints = [models.UniqueConstraint(fields=["congress", "body", "member"], name="candidate_once_per_body")]

    def __str__(self):
        return f"{self.member.name} · {self.get_body_display()}"


class BallotBox(models.Model):
    """The ballots of one box (or the totals of all boxes) for one election, in one round: round 1
    is the vote on the lists; a later round (另行选举) is held among named candidates for the
    seats the rounds before left open, and is counted on its own."""

    scope = ScopePolicy(org_field="congress__union", rules=(AsParent("congress", actions=("view", "change")),))

    congress = models.ForeignKey(UnionCongress, verbose_name=_("congress"), on_delete=models.CASCADE,
                                 related_name="boxes")
    body = models.CharField(_("election"), max_length=10, choices=Candidate.Body.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1, validators=[MinValueValidator(1)])
    label = models.CharField(_("ballot box"), max_length=40)
    totals = models.BooleanField(_("totals of all boxes"), default=False,
                                 help_text=_("One entry for the whole round instead of one per box; a round is "
                                             "counted either way, never both."))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ballots entered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    valid = models.PositiveIntegerField(_("valid ballots"))
    votes_entered = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")
        ordering = ["congress", "body", "round", "label"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "body", "round", "label"], name="ballotbox_label_once"),
            models.CheckConstraint(condition=Q(returned__lte=F("issued")), name="ballotbox_returned_within_issued"),
            models.CheckConstraint(condition=Q(valid__lte=F("returned")), name="ballotbox_valid_within_returned"),
        ]

    def __str__(self):
        if self.round > 1:
            return _("%(body)s · round %(round)s · %(label)s") % {"body": self.get_body_display(),
                                                                 "round": self.round, "label": self.label}
        return f"{self.get_body_display()} · {self.label}"

    def get_absolute_url(self):
        return reverse("congress:election_box_votes", args=[self.pk])


class BoxVote(models.Model):
    scope = ScopePolicy(org_field="box__congress__union", rules=(AsParent("box", actions=("view", "change")),))

    box = models.ForeignKey(BallotBox, verbose_name=_("ballot box"), on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE,
                                  related_name="votes")
    votes = models.PositiveIntegerField(_("votes for"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("votes for a candidate")
        verbose_name_plural = _("votes for candidates")
        constraints = [models.UniqueConstraint(fields=["box", "candidate"], name="boxvote_once")]
