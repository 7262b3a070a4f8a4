"""Notifications: the kinds the apps register and the one way to notify.

An app declares its kinds as ``TextChoices`` (value: the stored verb, at most 30 characters;
label: what the recipient reads) and registers them in its ``AppConfig.ready()`` with
``register_kinds``; then its services call ``notify(recipients, Kind.X, target)`` in the same
transaction as the step the notification is about. A notification leads to its target's page,
so notify only people who may see the target.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import models, transaction
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from .models import Notification, RoleAssignment
from .scoping import user_can

# verb -> label, every app's kinds (filled by register_kinds in the apps' ready()).
kinds: dict[str, str] = {}


def register_kinds(choices: type[models.TextChoices]):
    verb_length = Notification._meta.get_field("verb").max_length
    for verb, label in choices.choices:
        if verb in kinds:
            raise ValueError(f"notification kind {verb!r} is registered twice")
        if len(verb) > verb_length:
            raise ValueError(f"notification kind {verb!r} is longer than {verb_length} characters")
        kinds[verb] = label


def kind_label(verb: str):
    """The registered label; a verb no app registers any more shows as stored."""
    return kinds.get(verb, verb)


def notify(recipients, verb: str, target, *, organisation=None, exclude=None) -> list[Notification]:
    """One notification per distinct active recipient (``exclude``: the person who acted)."""
    if verb not in kinds:
        raise ValueError(f"notification kind {verb!r} is not registered")
    seen, rows = set(), []
    target_type = ContentType.objects.get_for_model(target)
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen or (exclude is not None and user.pk == exclude.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, verb=verb, organisation=organisation, target_type=target_type,
                                 target_id=target.pk))
    return Notification.objects.bulk_create(rows)


def role_holders(organisation, roles):
    """The active people holding one of ``roles`` at ``organisation`` (not above or below it)."""
    return get_user_model().objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(organisation=organisation, role__in=list(roles)).values("user_id"),
    )


def notification_open(notification: Notification) -> str:
    """Marks it read and returns where it leads: the target's page, when the recipient may
    still see the target (rights change after a notification is sent); else the list."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.target
    if target is not None and hasattr(target, "get_absolute_url") and _may_view(notification.recipient, target):
        return target.get_absolute_url()
    return reverse("notification_list")


def _may_view(user, target) -> bool:
    return not hasattr(type(target), "scope") or user_can(user, "view", target)


def prefetch_targets(notifications: list[Notification], user) -> list[Notification]:
    """Loads the targets a page of ``user``'s notifications names, one query per kind of
    target, each with the target's own foreign keys (its ``__str__`` may name them: a transfer
    names the member and both unions). ``shown_target`` is the target only while the user may
    still see it — rights change after a notification is sent, and its name is data too."""
    models_named = {n.target_type.model_class() for n in notifications} - {None}
    prefetch_related_objects(notifications, GenericPrefetch(
        "target", [model._base_manager.select_related() for model in models_named]))
    for n in notifications:
        n.shown_target = n.target if n.target is not None and _may_view(user, n.target) else None
    return notifications


@transaction.atomic
def notifications_mark_all_read(user) -> int:
    return Notification.objects.of(user).unread().update(read_at=timezone.now())
