"""In-app notifications: one row per person per step they must act on (or should know of).

They live in congress for now (docs/decisions.md, "Congress"): any app to the right of
congress may create them with ``congress.services.notifications.notify``.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionadmin.scoping import ScopedQuerySet, ScopePolicy


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        """Everyone sees their own notifications only, superusers included."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Verb(models.TextChoices):
        READY_FOR_REVIEW = "ready_for_review", _("A proposal has its co-signatures and awaits review")
        DECIDED = "decided", _("The review committee decided on your proposal")
        ASSIGNED = "assigned", _("A proposal was assigned to your department")
        REPLIED = "replied", _("Your proposal was answered; please rate the reply")
        RETURNED = "returned", _("The proposer was not satisfied; please answer again")
        OVERDUE = "overdue", _("The reply to a proposal is overdue")
        CONTRACT_EXPIRING = "contract_expiring", _("A collective contract is about to expire")

    # visible_to is overridden (own rows only); the policy names the organisation field.
    scope = ScopePolicy(org_field="organisation", roles={})

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("notification", "recipient"),
                                  on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(_("what"), max_length=30, choices=Verb.choices)
    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("organisation"), null=True,
                                     on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_recent"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True),
                         name="notification_unread"),
        ]

    def __str__(self):
        return str(self.get_verb_display())
