"""The member portal's frame: who the logged-in member is, and the mixin every portal view uses.

Portal views never take a member's pk from the URL: the member is the one whose ``user`` is
the logged-in person, so one member cannot reach another's pages by changing a number. An
object a portal URL names (an application, a request) is taken from the member's own rows.
"""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

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


class MemberPortalMixin(LoginRequiredMixin):
    """For every page under /me/: the logged-in person must have a membership; ``self.member``."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.member = current_member(request.user)
        if self.member is None:
            raise PermissionDenied(_("This login does not belong to a member of a union."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)
