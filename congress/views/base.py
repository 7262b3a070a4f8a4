"""The two shapes every congress page beyond plain list/detail/edit takes, both on the one
scoping mixin: a form about the object the URL names, and a POST-only step on it."""
from __future__ import annotations

import mimetypes
import os

from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from unionadmin.views.mixins import ScopedObjectMixin

from ..services import CongressError


class ObjectFormView(ScopedObjectMixin, SingleObjectMixin, FormView):
    """A form about the object named by the URL's pk (``model``, scoped by ``scope_action``).

    ``refusal()`` may return a message when the step is not possible now (the wrong state,
    not the proposer…): the person is sent back to the object with it. ``perform(form)``
    does the work through a service; a ``CongressError`` becomes a form error."""

    template_name = "congress/form.html"
    page_title = ""
    submit_label = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            refusal = self.refusal()
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.get_page_title(), submit_label=self.submit_label, cancel_url=self.get_back_url(), **kwargs
        )

    def get_page_title(self):
        return self.page_title

    def form_valid(self, form):
        try:
            message = self.perform(form)
        except CongressError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, form) -> str | None:
        raise NotImplementedError


class ObjectActionView(ScopedObjectMixin, SingleObjectMixin, View):
    """A POST-only step on the object the URL names. A refused step (an illegal transition,
    a closed window…) comes back as a message on the object's page, never as an error page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            message = self.act(self.object)
        except CongressError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return HttpResponseRedirect(self.get_success_url())

    def act(self, obj) -> str | None:
        raise NotImplementedError

    def get_success_url(self):
        return self.object.get_absolute_url()


class FileDownloadView(ScopedObjectMixin, DetailView):
    """The file of a scoped object, as a download (``file_field``, ``download_name``)."""

    file_field = "file"

    def download_name(self, obj) -> str:
        return os.path.basename(getattr(obj, self.file_field).name)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        stored = getattr(obj, self.file_field)
        if not stored:
            messages.info(request, _("No file has been uploaded."))
            return HttpResponseRedirect(obj.get_absolute_url())
        name = self.download_name(obj)
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(stored.open("rb"), as_attachment=True, filename=name, content_type=content_type)
