"""The two shapes every congress page beyond plain list/detail/edit takes, both on the one
scoping mixin: a form about the object the URL names, and a POST-only step on it."""
from __future__ import annotations

import mimetypes
import os

from django.contrib import messages
from django.http import FileResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from unionadmin.views import objects
from unionadmin.views.mixins import ScopedObjectMixin

from ..services import CongressError


class ObjectFormView(objects.ObjectFormView):
    """A form about the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CongressError,)
    template_name = "congress/form.html"


class ObjectActionView(objects.ObjectActionView):
    """A POST-only step on the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CongressError,)


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
