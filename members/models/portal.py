"""What a member does for themselves in the portal (issue 19): the electronic card, requests
to correct a field, and requests over their personal information (个人信息权益)."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import Own, ScopedQuerySet, ScopePolicy, Within

from .member import Member


class ElectronicCard(models.Model):
    """The member's electronic card. Its QR code carries a signed token naming this row, good
    for settings.ECARD_TOKEN_MAX_AGE seconds; the verify page answers "valid" only while this
    card is not revoked and the member is a current member of the union it was issued at —
    so a revoked card, a member who left and a transferred member stop verifying at once."""

    scope = ScopePolicy(
        org_field="union",
        rules=(
            Within(STAFF_ROLES, "view"),
            Within(MANAGING_ROLES, {"revoke"}),
            Own("member__user", {"view"}),
        ),
    )

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="electronic_cards")
    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                              related_name="+")
    card_number = models.CharField(_("member card number"), max_length=30)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoke_reason = models.CharField(_("reason"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    duplicate_messages = {
        "ecard_one_current_per_member": _("The member's card was issued a moment ago; open the card page again."),
    }

    class Meta:
        verbose_name = _("electronic membership card")
        verbose_name_plural = _("electronic membership cards")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(revoked_at__isnull=True),
                                    name="ecard_one_current_per_member"),
        ]

    def __str__(self):
        return f"{self.member} · {self.card_number}"


class RequestQuerySet(ScopedQuerySet):
    def waiting(self):
        return self.filter(state="submitted")


class CorrectionRequest(StepsMixin, models.Model):
    """A member asks the union to correct a field of their record, with the value they propose."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the union")
        ACCEPTED = "accepted", pgettext_lazy("correction", "Corrected")
        DECLINED = "declined", pgettext_lazy("correction", "Declined")

    scope = ScopePolicy(
        org_field="member__union",
        rules=(
            Within(STAFF_ROLES, "view"),
            Within(MANAGING_ROLES, {"decide"}),
            Own("member__user", {"view"}),
        ),
    )
    steps = (
        Step("accept", states=State.SUBMITTED, needs="decide"),
        Step("decline", states=State.SUBMITTED, needs="decide"),
    )
    state_tones = {State.SUBMITTED: "warning", State.ACCEPTED: "success", State.DECLINED: "secondary"}

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="correction_requests")
    field = models.CharField(_("field"), max_length=40)  # a Member field's name
    current_value = models.CharField(_("value on record"), max_length=200, blank=True)
    proposed_value = models.CharField(_("proposed value"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    answer = models.CharField(_("answer"), max_length=300, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "field"], condition=models.Q(state="submitted"),
                                    name="correction_one_waiting_per_field"),
        ]

    duplicate_messages = {
        "correction_one_waiting_per_field": _("A correction of this field is already waiting for the union."),
    }

    def __str__(self):
        return f"{self.member} · {self.field}"

    def get_absolute_url(self):
        return reverse("members:correction_request_detail", args=[self.pk])


class DataRightsRequest(StepsMixin, models.Model):
    """A member withdraws a consent or asks for their personal information to be deleted
    (PIPL arts. 15, 47). The officer handles it under the rules for membership records — a
    membership record is kept while the person is a member and for the retention period
    after; the outcome is recorded and the member sees it."""

    class Kind(models.TextChoices):
        WITHDRAW_CONSENT = "withdraw_consent", _("Withdraw consent")
        DELETE = "delete", _("Delete my personal information")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the union")
        DONE = "done", pgettext_lazy("data request", "Carried out")
        REFUSED = "refused", pgettext_lazy("data request", "Refused with reasons")

    scope = ScopePolicy(
        org_field="member__union",
        rules=(
            Within(STAFF_ROLES, "view"),
            Within(MANAGING_ROLES, {"decide"}),
            Own("member__user", {"view"}),
        ),
    )
    steps = (
        Step("carry_out", states=State.SUBMITTED, needs="decide"),
        Step("refuse", states=State.SUBMITTED, needs="decide"),
    )
    state_tones = {State.SUBMITTED: "warning", State.DONE: "success", State.REFUSED: "secondary"}

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="data_rights_requests")
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    outcome = models.TextField(_("outcome"), blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal information request")
        verbose_name_plural = _("personal information requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], condition=models.Q(state="submitted"),
                                    name="data_request_one_waiting_per_kind"),
        ]

    duplicate_messages = {
        "data_request_one_waiting_per_kind": _("A request of this kind is already waiting for the union."),
    }

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("members:data_rights_request_detail", args=[self.pk])


class MemberOwnData(Member):
    """A member's row as the member themselves reaches it: "my data" (the PDF of everything
    the system holds about them). A proxy of ``Member`` whose only rule is the member's own
    login, so the PDF pipeline (which checks ``visible_to``) makes this document for the
    member and for nobody else — no officer, not even of the member's union."""

    scope = ScopePolicy(org_field="union", rules=(Own("user", {"view"}),))

    class Meta:
        proxy = True
        verbose_name = _("my data")
        verbose_name_plural = _("my data")
