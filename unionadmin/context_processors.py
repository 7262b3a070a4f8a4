from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"menu": menu_for(user) if user is not None else [],
            "user_organisation": SimpleLazyObject(lambda: _top_organisation_name(user))}


def _top_organisation_name(user) -> str:
    """The name of the highest organisation where the person holds a role, for the printed
    page's header (includes/_print_header.html), when the page has no organisation of its own
    to name. Read with the person's roles (one query a request, which scoping needs anyway)."""
    if user is None or not user.is_authenticated:
        return ""
    from .scoping import role_organisation_names

    names = role_organisation_names(user)
    if not names:
        return ""
    return names[min(names, key=lambda p: (len(p), p))]


def notifications(request):
    """The navbar's bell: the unread count, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .models import Notification

        return Notification.objects.of(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
