"""The two shapes every congress page beyond plain list/detail/edit takes, both on the one
scoping mixin: a form about the object the URL names, and a POST-only step on it."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from unionadmin.views import objects
from unionadmin.views.files import UploadedFileView

from ..services import CongressError


class ObjectFormView(objects.ObjectFormView):
    """A form about the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CongressError,)
    template_name = "congress/form.html"


class ObjectActionView(objects.ObjectActionView):
    """A POST-only step on the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CongressError,)


class FileDownloadView(UploadedFileView):
    """The file of a scoped object, as a download (``file_field``, ``download_name``), served
    by the project's one download view (unionadmin/views/files.py)."""

    def missing(self, obj):
        messages.info(self.request, _("No file has been uploaded."))
        return HttpResponseRedirect(obj.get_absolute_url())
