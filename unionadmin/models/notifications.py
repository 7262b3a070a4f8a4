"""In-app notifications: one row per person per step they must act on (or should know of).

Every app notifies through ``unionadmin.notifications.notify``; what a notification is about
(its ``verb``) is one of the kinds the apps registered (``register_kinds``), so the core knows
no app's kinds and the column holds no choices that would change with them.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..scoping import Own, ScopedQuerySet, ScopePolicy


class NotificationQuerySet(ScopedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def of(self, user):
        """The person's own notifications. visible_to lets a superuser see every row (the
        core's shortcut), but a bell and a list are one person's own, superusers included."""
        return self.visible_to(user).filter(recipient_id=user.pk)


class Notification(models.Model):
    # Everyone sees (and marks read) their own notifications only.
    scope = ScopePolicy(org_field="organisation", rules=(Own("recipient", {"view", "change"}),))

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("notification", "recipient"),
                                  on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(_("what"), max_length=30)
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
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notice_unread"),
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """What it is about, in words: the label its app registered for the verb."""
        from ..notifications import kind_label

        return kind_label(self.verb)
