"""The shapes every competitions page takes, all on the one scoping mixin (``model`` is the
model whose pk the URL names): a form about the object, a POST-only step on it, and a file
download. A refused step (the wrong state, a closed window …) comes back as a message on
the object's page, never as an error page."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from unionadmin.scoping import user_can
from unionadmin.views import objects
from unionadmin.views.files import UploadedFileView

from ..services import CompetitionError


class SectionMixin:
    """Which tab of the competitions section (competitions, proposals, events) is active."""

    section = "competitions"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("section", self.section)
        return super().get_context_data(**kwargs)

    def can(self, action, obj) -> bool:
        return user_can(self.request.user, action, obj)


class CreatorRequiredMixin:
    """A create page for people who may create the model somewhere (403 for the others)."""

    def dispatch(self, request, *args, **kwargs):
        from unionadmin.scoping import organisations_where

        if request.user.is_authenticated and not organisations_where(request.user, self.model, "change").exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ObjectFormView(SectionMixin, objects.ObjectFormView):
    """A form about the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CompetitionError,)
    template_name = "competitions/form.html"
    help_text = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(help_text=self.help_text, **kwargs)


class ObjectActionView(objects.ObjectActionView):
    """A POST-only step on the object the URL names (see unionadmin/views/objects.py)."""

    domain_errors = (CompetitionError,)


class FileDownloadView(UploadedFileView):
    """The file of a scoped object (``file_field``), served by the project's one download view
    (unionadmin/views/files.py): always an attachment (an <img> shows a photo all the same)."""

    def missing(self, obj):
        messages.error(self.request, _("The file is missing from the store; upload it again."))
        return HttpResponseRedirect(self.back_url(obj))

    def back_url(self, obj):  # pragma: no cover
        raise NotImplementedError
