"""In-app notifications (and, where the step is urgent, e-mail)."""
from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from unionadmin.models import RoleAssignment
from unionadmin.roles import Role

from ..models import Notification


def notify(recipients, verb: str, target, *, organisation=None, exclude=None) -> list[Notification]:
    """One notification per distinct active recipient (``exclude``: the person who acted)."""
    seen, rows = set(), []
    target_type = ContentType.objects.get_for_model(target)
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, verb=verb, organisation=organisation, target_type=target_type,
                                 target_id=target.pk))
    return Notification.objects.bulk_create(rows)


def union_officers(union):
    """The people who run the union's congress work: its union officers."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(
        is_active=True, pk__in=RoleAssignment.objects.filter(organisation=union, role=Role.UNION_OFFICER).values("user_id"),
    )


def notification_open(notification: Notification) -> str:
    """Marks it read and returns where it leads (the target's page)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.target
    if target is not None and hasattr(target, "get_absolute_url"):
        return target.get_absolute_url()
    from django.urls import reverse

    return reverse("congress:notification_list")


@transaction.atomic
def notifications_mark_all_read(user) -> int:
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())
