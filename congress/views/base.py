"""The congress's shapes of the project's view family (unionadmin/views/objects.py and
files.py): a form about the object the URL names, in the congress's form template, and the
download of a scoped object's file. Domain errors and ``step`` guards are the family's."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from unionadmin.views import objects
from unionadmin.views.files import UploadedFileView
from unionadmin.views.objects import ObjectActionView

__all__ = ["FileDownloadView", "ObjectActionView", "ObjectFormView"]


class ObjectFormView(objects.ObjectFormView):
    """A form about the object the URL names, in the congress's form page."""

    template_name = "congress/form.html"


class FileDownloadView(UploadedFileView):
    """The file of a scoped object, as a download (``file_field``, ``download_name``); a row
    with no file stored sends the person back to it with a message."""

    def missing(self, obj):
        messages.info(self.request, _("No file has been uploaded."))
        return HttpResponseRedirect(obj.get_absolute_url())
