"""The navbar's notification badge: the unread count, counted only when a page shows it."""
from django.utils.functional import SimpleLazyObject


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .models import Notification

        return Notification.objects.visible_to(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
