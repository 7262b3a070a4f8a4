"""What every welfare page shares: the welfare gate, the sub-menu, and the project's one view
family (unionadmin/views/objects.py) for steps on an object.

Every view is a ScopedObjectMixin view whose ``model`` is the model its URL's pk names, so
the cross-tenant matrix can check it. Someone with no welfare rights at all (a delegate, a
judge, a department, a union officer who is not the chair) gets 404 on every welfare page.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin
from unionadmin.views.objects import ObjectActionView, ObjectFormView, StepGuardMixin

from ..access import may


class WelfareMixin(ScopedObjectMixin):
    section = ""  # which entry of the welfare sub-menu is active
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("section", self.section)
        context.setdefault("page_title", self.page_title)
        context.setdefault("may_change", may(self.request.user, "change"))
        return context

    def can(self, action, obj) -> bool:
        return user_can(self.request.user, action, obj)


class WelfareListView(WelfareMixin, ListView):
    paginate_by = 50


class WelfareDetailView(WelfareMixin, DetailView):
    pass


class WelfareCreateView(WelfareMixin, UserFormKwargsMixin, CreateView):
    scope_action = "change"
    template_name = "welfare/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and may(request.user, "view") and not may(request.user, "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WelfareUpdateView(StepGuardMixin, WelfareMixin, UserFormKwargsMixin, UpdateView):
    """``step`` (when set) names the step in the object's ``allowed_actions`` the edit needs;
    without it the person is sent back to the object with the refusal."""

    scope_action = "change"
    template_name = "welfare/form.html"

    def dispatch(self, request, *args, **kwargs):
        if self.step and request.user.is_authenticated and may(request.user, "view"):
            self.object = self.get_object()
            refusal = self.step_refusal()
            if refusal:
                messages.error(request, refusal)
                return HttpResponseRedirect(self.object.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)


class WelfareFormView(WelfareMixin, ObjectFormView):
    """A form on behalf of the object the URL names (``model``), e.g. adding a household
    member to a file; ``perform(form)`` calls the service."""

    scope_action = "change"
    template_name = "welfare/form.html"


class WelfareActionView(WelfareMixin, ObjectActionView):
    """A POST-only step on one object (approve, refile, delete); ``act(obj)`` calls the service."""

    scope_action = "change"
