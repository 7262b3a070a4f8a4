"""Transfers of membership (会员关系转接): union A sends, union B accepts or refuses."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy, Within


class TransferQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state=Transfer.State.SENT)


class Transfer(StepsMixin, models.Model):
    """A transfer concerns two unions, so it is scoped on both sides: seeing it needs a role
    at either end, cancelling it one at the sending end, accepting or refusing it one at the
    receiving end. The member themself stays scoped by their own union, so union B does not
    see the member until it accepts."""

    class State(models.TextChoices):
        SENT = "sent", _("Awaiting the receiving union")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    scope = ScopePolicy(
        org_field="from_union",
        rules=(
            Within(STAFF_ROLES, "view"),
            Within(STAFF_ROLES, "view", org_field="to_union"),
            Within(MANAGING_ROLES, {"change", "cancel"}),
            Within(MANAGING_ROLES, "decide", org_field="to_union"),
        ),
    )
    steps = (
        Step("accept", states=State.SENT, needs="decide"),
        Step("refuse", states=State.SENT, needs="decide"),
        Step("cancel", states=State.SENT, needs="cancel"),
    )
    state_tones = {State.SENT: "warning", State.ACCEPTED: "success", State.REFUSED: "danger",
                   State.CANCELLED: "secondary"}

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("from union"), on_delete=models.PROTECT, related_name="+"
    )
    to_union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("to union"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True,
                              help_text=_("E.g. the member changed employer."))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    placed_in = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("placed in"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("The unit of the receiving union the member joined."),
    )

    history = HistoricalRecords()
    objects = TransferQuerySet.as_manager()
    duplicate_messages = {  # unionadmin/integrity.py
        "transfer_one_open": _("A transfer of this member is already waiting for an answer."),
    }

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(state="sent"), name="transfer_one_open"),
            models.CheckConstraint(condition=~models.Q(from_union=models.F("to_union")), name="transfer_two_unions"),
            models.CheckConstraint(condition=~models.Q(state="refused") | ~models.Q(refusal_reason=""),
                                   name="transfer_refusal_has_reason"),
        ]
        indexes = [models.Index(fields=["state", "to_union"], name="transfer_state_to")]

    def __str__(self):
        return _("%(member)s: %(from)s → %(to)s") % {"member": self.member, "from": self.from_union, "to": self.to_union}

    def get_absolute_url(self):
        return reverse("members:transfer_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.SENT
