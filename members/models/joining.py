"""Joining online (网上入会, issue 19): a union's join link and the applications it receives."""
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.actions import Step, StepsMixin
from unionadmin.personal_data import mask_id_number, mask_phone
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

from .member import Member


def new_join_code() -> str:
    return secrets.token_urlsafe(9)  # 12 characters, unguessable: the link is public


class JoinLink(models.Model):
    """The union's public join link (and the QR-code poster that carries it). An officer can
    close it (no more applications) or replace its code (a poster that travelled too far)."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.OneToOneField("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                                 related_name="join_link")
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_join_code)
    is_open = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("join link")
        verbose_name_plural = _("join links")

    def __str__(self):
        return str(self.union)

    def get_absolute_url(self):
        return reverse("join:apply", kwargs={"join_code": self.code})

    def get_officer_url(self):
        return reverse("members:join_link_detail", args=[self.pk])


class JoinApplicationQuerySet(ScopedQuerySet):
    def waiting(self):
        return self.filter(state=JoinApplication.State.SUBMITTED)


class JoinApplication(StepsMixin, models.Model):
    """A worker's real-name application to join, with the consents they gave. Approving it
    creates the member (and their card number and login) in one step."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the union")
        APPROVED = "approved", pgettext_lazy("join application", "Approved")
        REFUSED = "refused", pgettext_lazy("join application", "Refused")
        TRANSFER = "transfer", _("Transfer offered")  # already a member elsewhere: a transfer instead

    scope = ScopePolicy(
        org_field="union",
        roles={"view": STAFF_ROLES, "decide": MANAGING_ROLES, "reveal": MANAGING_ROLES},
    )
    steps = (
        # A worker who is a current member elsewhere is transferred, not made a member twice.
        Step("approve", states=State.SUBMITTED, needs="decide", when=lambda app, user: app.member_elsewhere_id is None),
        Step("refuse", states=State.SUBMITTED, needs="decide"),
        Step("offer_transfer", states=State.SUBMITTED, needs="decide",
             when=lambda app, user: app.member_elsewhere_id is not None),
        # The one-time link again, while the new member has not set a password (a text that failed).
        Step("resend_link", states=State.APPROVED, needs="decide", when=lambda app, user: app.awaits_password),
    )
    state_tones = {State.SUBMITTED: "warning", State.APPROVED: "success", State.REFUSED: "danger",
                   State.TRANSFER: "info"}
    personal_fields = {"id_number": mask_id_number, "phone": mask_phone}
    duplicate_messages = {
        "join_application_one_waiting": _("An application with this ID number is already waiting for the union; "
                                          "you need not apply again."),
    }

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="join_applications")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18)
    gender = models.CharField(_("gender"), max_length=10, choices=Member.Gender.choices, blank=True)
    phone = models.CharField(_("mobile number"), max_length=11)
    employer = models.CharField(_("employer"), max_length=100)
    post = models.CharField(_("post"), max_length=50, blank=True)
    employment_type = models.CharField(_("employment type"), max_length=20, choices=Member.EmploymentType.choices)
    education = models.CharField(_("education"), max_length=20, choices=Member.Education.choices, blank=True)
    political_status = models.CharField(_("political status"), max_length=20,
                                        choices=Member.PoliticalStatus.choices, blank=True)
    # The consents personal-information law asks for (PIPL arts. 14, 28, 29): the general one,
    # and a separate one for the ID number as sensitive personal information; the notice's
    # version says which text the worker agreed to.
    consented_at = models.DateTimeField(_("consented to personal information processing at"))
    sensitive_consented_at = models.DateTimeField(_("consented to the ID number's processing at"))
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_from = models.GenericIPAddressField(_("submitted from"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    refusal_reason = models.CharField(_("reason for refusing"), max_length=200, blank=True)
    member = models.ForeignKey(Member, verbose_name=_("member"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="join_applications",
                               help_text=_("The member the approval created."))
    # Already a current member elsewhere when submitted: the officers are offered the transfer.
    member_elsewhere = models.ForeignKey(Member, verbose_name=_("member elsewhere"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    transfer = models.ForeignKey("members.Transfer", verbose_name=_("transfer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = JoinApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("join application")
        verbose_name_plural = _("join applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # A second application with the same ID number while one waits is the same person.
            models.UniqueConstraint(fields=["id_number"], condition=models.Q(state="submitted"),
                                    name="join_application_one_waiting"),
        ]
        indexes = [
            models.Index(fields=["union", "state"], name="join_application_union_state"),
            models.Index(fields=["submitted_at"], name="join_application_submitted"),
            models.Index(fields=["submitted_from", "submitted_at"], name="join_application_ip"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:join_application_detail", args=[self.pk])

    @property
    def awaits_password(self) -> bool:
        """Approved, and the new member has not yet set their password through the link."""
        if self.member_id is None:
            return False
        user = self.member.user
        return user is not None and not user.has_usable_password()
