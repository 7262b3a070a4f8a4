"""The generic welfare views every page builds on.

Every view is a ScopedObjectMixin view whose ``model`` is the model its URL's pk names, so
the cross-tenant matrix can check it. Someone with no welfare scope at all (a delegate, a
judge, a department, an officer who is not the chair) gets 404 on every welfare page.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.scoping import user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..scope import has_welfare_scope, may_change_anywhere
from ..services import WelfareError


class WelfareMixin(ScopedObjectMixin):
    section = ""  # which entry of the welfare sub-menu is active
    page_title = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_welfare_scope(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("section", self.section)
        kwargs.setdefault("page_title", self.page_title)
        kwargs.setdefault("may_change", may_change_anywhere(self.request.user))
        return super().get_context_data(**kwargs)

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
        if request.user.is_authenticated and has_welfare_scope(request.user) and not may_change_anywhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class WelfareUpdateView(WelfareMixin, UserFormKwargsMixin, UpdateView):
    scope_action = "change"
    template_name = "welfare/form.html"


class ChildFormView(WelfareMixin, SingleObjectMixin, FormView):
    """A form on behalf of the object the URL names (``model``), e.g. adding a household
    member to a file. ``self.object`` is that object, fetched with ``scope_action``."""

    scope_action = "change"
    template_name = "welfare/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_welfare_scope(request.user):
            self.object = self.get_object()
            refusal = self.refuse(self.object)
            if refusal:
                messages.error(request, refusal)
                return HttpResponseRedirect(self.object_url())
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, obj) -> str | None:
        """A message when the form cannot be used for the object in its current state."""
        return None

    def object_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, cancel_url=self.object_url(), **kwargs)

    def get_success_url(self):
        return self.object_url()

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except WelfareError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form) -> str | None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError


class ObjectActionView(WelfareMixin, SingleObjectMixin, View):
    """A POST-only action on one object (approve, refile, delete); refusals become messages."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.perform(self.object)
        except WelfareError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(self.redirect_url())

    def redirect_url(self):
        return self.object.get_absolute_url()
