"""The shapes every competitions page takes, all from the project's one family of views
(unionadmin/views): a form about the object, a POST-only step on it, and a file download.
A refused step (the wrong state, a closed window …) comes back as a message on the
object's page, never as an error page; the core catches the ``CompetitionError``."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from unionadmin.scoping import organisations_where, user_can
from unionadmin.views import objects
from unionadmin.views.files import UploadedFileView


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
        if request.user.is_authenticated and not organisations_where(request.user, self.model, "change").exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StepWordsMixin:
    """A refused ``step`` says why in this app's words (``step_refused_message()``: the stage
    the record is at) instead of the core's general sentence; ``allowed_actions`` decides."""

    def step_refusal(self):
        return self.step_refused_message() if super().step_refusal() else None

    def step_refused_message(self) -> str:
        return str(objects.MSG_STEP_NOT_POSSIBLE)


class ObjectFormView(StepWordsMixin, SectionMixin, objects.ObjectFormView):
    """A form about the object the URL names (see unionadmin/views/objects.py)."""

    template_name = "competitions/form.html"
    help_text = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(help_text=self.help_text, **kwargs)


class ObjectActionView(StepWordsMixin, objects.ObjectActionView):
    """A POST-only step on the object the URL names (see unionadmin/views/objects.py)."""


class FileDownloadView(UploadedFileView):
    """The file of a scoped object, served by the project's one download view; a file missing
    from the store sends the person back to the page of the object it belongs to
    (``parent_field``) with a message instead of a 404."""

    parent_field = ""

    def missing(self, obj):
        messages.error(self.request, _("The file is missing from the store; upload it again."))
        return HttpResponseRedirect(getattr(obj, self.parent_field).get_absolute_url())
