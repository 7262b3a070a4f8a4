from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    return {"menu": menu_for(user) if user is not None else [],
            "user_organisation": SimpleLazyObject(lambda: _top_organisation_name(user))}


def _top_organisation_name(user) -> str:
    """The name of the highest organisation where the person holds a role, for the printed
    page's header (includes/_print_header.html); read only when a page has no organisation
    of its own to name. Cached by path for a few minutes: a header on every page must not
    cost every page a query, and a renamed organisation shows in printouts soon enough."""
    if user is None or not user.is_authenticated:
        return ""
    from django.core.cache import cache

    from .models import Organisation
    from .scoping import role_paths

    paths = sorted({path for paths in role_paths(user).values() for path in paths}, key=lambda p: (len(p), p))
    if not paths:
        return ""
    key = f"print-header-organisation:{paths[0]}"
    name = cache.get(key)
    if name is None:
        name = Organisation.objects.filter(path=paths[0]).values_list("name", flat=True).first() or ""
        cache.set(key, name, 300)
    return name


def notifications(request):
    """The navbar's bell: the unread count, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread():
        from .models import Notification

        return Notification.objects.of(user).unread().count()

    return {"unread_notifications": SimpleLazyObject(unread)}
