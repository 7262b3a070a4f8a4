"""What every finance page shares: the finance gate and sub-menu, on the project's one view
family (ScopedObjectMixin; ObjectFormView for steps on a voucher).

Who: the finance officer keeps a union's books (enters, reverses, closes months); the union's
chair and the federation above read them (FINANCE_VIEW_ROLES, unionadmin/roles.py). Anyone else
— a union officer who is not the chair, a welfare officer, a delegate — gets 404 on every
finance page, so no amount reaches them by URL, search or export. The chart of accounts is the
installation's: federation administrators (and superusers) edit it, everyone with finance
rights reads it (``may_edit_chart``).
"""
from django.core.exceptions import PermissionDenied
from django.http import Http404

from unionadmin.roles import FINANCE_ROLES, FINANCE_VIEW_ROLES, Role
from unionadmin.scoping import holds, user_can
from unionadmin.views.mixins import ScopedObjectMixin


def may(user, action: str = "view") -> bool:
    """Whether ``user`` may read (``view``) or keep (``change``) books anywhere at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or holds(user, FINANCE_ROLES if action != "view" else FINANCE_VIEW_ROLES)


def may_edit_chart(user) -> bool:
    """The chart of accounts is one per installation: the federation's administrators keep it."""
    return user.is_superuser or holds(user, {Role.FEDERATION_ADMIN})


class FinanceMixin(ScopedObjectMixin):
    section = ""  # the active entry of the finance sub-menu
    page_title = ""
    needs = "view"  # "change": a reader (the chair, the federation) gets 403

    def dispatch(self, request, *args, **kwargs):
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            return self.http_method_not_allowed(request, *args, **kwargs)  # 405 before anything is read
        if request.user.is_authenticated:
            if not may(request.user, "view"):
                raise Http404
            if self.needs != "view" and not may(request.user, self.needs):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("section", self.section)
        context.setdefault("page_title", self.page_title)
        context.setdefault("may_change", may(self.request.user, "change"))
        return context

    def can(self, action, obj) -> bool:
        return user_can(self.request.user, action, obj)
