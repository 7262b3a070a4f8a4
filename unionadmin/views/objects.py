"""Views for a step on one object: a form about it, or a POST-only action.

Both take the object from the one scoping mixin (``model`` is the model the URL's pk names,
``scope_action`` the right needed). ``step`` names the step in the object's
``allowed_actions(user)`` (unionadmin/actions.py): a step not in it is refused with a message
before anything runs, so the same function decides the buttons a page shows and what the
POST accepts. A step refused by the domain — a ``DomainError`` (each app's own error type
derives from it) — comes back as a form error or a message, never an error page.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from ..errors import DomainError
from ..integrity import DuplicateWrite, saved_once
from .mixins import ScopedObjectMixin

MSG_STEP_NOT_POSSIBLE = _("This step is not possible for this record now; the page has been refreshed.")


class StepGuardMixin:
    """Refuses a ``step`` the object does not offer to this person now."""

    step: str | None = None

    def step_refusal(self) -> str | None:
        if self.step and self.step not in self.object.allowed_actions(self.request.user):
            return MSG_STEP_NOT_POSSIBLE
        return None


class ObjectFormView(StepGuardMixin, ScopedObjectMixin, SingleObjectMixin, FormView):
    """``refusal()`` may return a message when the step is not possible now: the person is
    sent back to the object with it. ``perform(form)`` does the work through a service and may
    return a success message; a domain error becomes a form error."""

    domain_errors: tuple[type[Exception], ...] = (DomainError,)
    page_title = ""
    submit_label = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            refusal = self.step_refusal() or self.refusal()
            if refusal:
                messages.error(request, refusal)
                return HttpResponseRedirect(self.get_back_url())
        return super().dispatch(request, *args, **kwargs)

    def refusal(self) -> str | None:
        return None

    def get_back_url(self):
        return self.object.get_absolute_url()

    def get_success_url(self):
        return self.get_back_url()

    def get_page_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.get_page_title(), submit_label=self.submit_label, cancel_url=self.get_back_url(), **kwargs
        )

    def form_valid(self, form):
        try:
            with saved_once():  # a record saved twice at once (a double click) is a form error
                message = self.perform(form)
        except (DuplicateWrite, *self.domain_errors) as error:
            form.add_error(_field_of(error, form), error.message)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form) -> str | None:
        raise NotImplementedError


class ObjectActionView(StepGuardMixin, ScopedObjectMixin, SingleObjectMixin, View):
    """A POST-only step on the object; ``act(obj)`` may return a success message."""

    domain_errors: tuple[type[Exception], ...] = (DomainError,)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        refusal = self.step_refusal()
        if refusal:
            messages.error(request, refusal)
            return HttpResponseRedirect(self.get_success_url())
        try:
            with saved_once():
                message = self.act(self.object)
        except (DuplicateWrite, *self.domain_errors) as error:
            return self.refused(error.message)
        return self.done(message)

    def act(self, obj) -> str | None:
        raise NotImplementedError

    def done(self, message):
        """The answer after the step: a redirect with the message (htmx views may answer
        with the part of the page that changed instead)."""
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def refused(self, message):
        """The answer when the domain refused the step."""
        messages.error(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_absolute_url()


def _field_of(error, form):
    """The form field a domain error names, when the form has it; else the whole form."""
    field = getattr(error, "field", None)
    return field if field in form.fields else None
