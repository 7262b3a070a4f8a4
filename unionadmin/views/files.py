"""The one view that serves an uploaded file back (see unionadmin/uploads.py).

The object comes through the scoping mixin (outsiders get 404); the file is always sent as an
attachment with a Content-Type from our own table and ``nosniff``, whatever it was uploaded as.
"""
from __future__ import annotations

import os

from django.http import Http404
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from .. import uploads
from .mixins import ScopedObjectMixin


class UploadedFileView(ScopedObjectMixin, SingleObjectMixin, View):
    """``file_field`` names the FileField; ``download_name(obj)`` the name the browser saves it
    under; ``kind(obj)`` the content kind when the row records it; ``downloaded(obj)`` logs
    the download; ``missing(obj)`` answers when no file is stored (404 unless overridden)."""

    file_field = "file"
    http_method_names = ["get", "head"]

    def download_name(self, obj) -> str:
        return os.path.basename(getattr(obj, self.file_field).name)

    def kind(self, obj) -> str | None:
        return None

    def downloaded(self, obj) -> None:
        pass

    def missing(self, obj):
        raise Http404

    def get(self, request, *args, **kwargs):
        obj = self.object = self.get_object()
        stored = getattr(obj, self.file_field)
        if not stored:
            return self.missing(obj)
        try:
            response = uploads.file_response(stored, filename=self.download_name(obj), kind=self.kind(obj))
        except (FileNotFoundError, OSError, ValueError):
            return self.missing(obj)
        self.downloaded(obj)
        return response
