"""The member portal's frame: who the logged-in member is, and the mixin every portal view uses.

Portal views never take a member's pk from the URL: the member is the one whose ``user`` is
the logged-in person, so one member cannot reach another's pages by changing a number. An
object a portal URL names (an application, a request) is taken from the member's own rows.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render

from .models import Member


def current_member(user) -> Member | None:
    """The person's membership the portal shows: the current one, else the latest they had
    (a member who left still sees their record and their data)."""
    if user is None or not user.is_authenticated:
        return None
    cached = getattr(user, "_portal_member", False)
    if cached is False:
        cached = (Member.objects.filter(user=user).select_related("union")
                  .order_by(_active_first(), "-joined_on", "-pk").first())
        user._portal_member = cached
    return cached


def _active_first():
    from django.db.models import Case, IntegerField, Value, When

    return Case(When(status=Member.Status.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField())


# How long "this login has a membership" is remembered for the menu (a menu entry only, never
# access: every portal page asks current_member). Keyed by the user's pk and the moment the
# user was made, so a recreated database or a reused pk cannot meet an old entry.
MEMBERSHIP_MEMORY_SECONDS = 300


def _membership_key(user) -> str:
    return f"portal:has-membership:{user.pk}:{int(user.date_joined.timestamp() * 1_000_000)}"


def has_membership(user, *, remember: bool = False) -> bool:
    """Whether the login belongs to a member (a current or a former one). ``remember``: read
    and keep the answer in the cache, so that an officer's every page costs no query for it
    (it is written when they log in: remember_membership)."""
    cached = getattr(user, "_portal_member", False)
    if cached is not False:
        return cached is not None
    if not remember:
        return current_member(user) is not None
    found = cache.get(_membership_key(user))
    if found is None:
        return remember_membership(user)
    return found


def remember_membership(user, **kwargs) -> bool:
    """user_logged_in: read once whether the person is a member, for the menu's entry."""
    found = Member.objects.filter(user=user).exists()
    cache.set(_membership_key(user), found, MEMBERSHIP_MEMORY_SECONDS)
    return found


def forget_membership(user) -> None:
    """A login gained or lost a membership: once the change commits, the menu reads it afresh on
    the next page (an officer who became a member finds "My membership" at once, not up to
    MEMBERSHIP_MEMORY_SECONDS later)."""
    key = _membership_key(user)
    transaction.on_commit(lambda: cache.delete(key))


def is_member_only(user) -> bool:
    """A member's own login with no role anywhere: the portal is their home page."""
    return (user.is_authenticated and not user.is_superuser and not user.held_roles()
            and has_membership(user))


def is_staff_and_member(user) -> bool:
    """Someone with a role (or a superuser) who is also a member: their membership is in their own menu."""
    return (user.is_authenticated and (user.is_superuser or bool(user.held_roles()))
            and has_membership(user, remember=True))


class MemberPortalMixin(LoginRequiredMixin):
    """For every page under /me/: the logged-in person must have a membership; ``self.member``.

    A login without one (an officer who is not a member) gets 403 with a page saying why. On a
    page naming an object (a URL kwarg) it is answered as the cross-tenant matrix answers
    everyone: 404 unless the person's roles let them see that object (then the 403 page), and
    405 for a method the view does not handle — the object's existence is not confirmed."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = current_member(request.user)
        if self.member is None:
            return self.not_a_member(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def not_a_member(self, request, *args, **kwargs):
        if kwargs:
            method = request.method.lower()
            if method not in self.http_method_names or not hasattr(self, method):
                return self.http_method_not_allowed(request, *args, **kwargs)
            if not self._role_sees_object(request.user, kwargs):
                raise Http404
        return render(request, "members/portal/not_a_member.html", status=403)

    def _role_sees_object(self, user, kwargs) -> bool:
        model, pk = getattr(self, "model", None), kwargs.get("pk")
        if model is None or pk is None or not hasattr(model._default_manager, "visible_to"):
            return False
        try:
            return model._default_manager.visible_to(user, "view").filter(pk=pk).exists()
        except (ValueError, ValidationError):
            return False

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)
