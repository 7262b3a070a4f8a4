from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"menu": menu_for(user) if user is not None else []}


def notifications(request):
    """The navbar's bell: the unread count, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .models import Notification

        return Notification.objects.of(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
