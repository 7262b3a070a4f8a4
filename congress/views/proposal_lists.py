"""Proposal lists for the union: replies past their deadline, and the session's register of
proposals as a spreadsheet."""
from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from unionadmin.views.mixins import ScopedObjectMixin

from ..models import Proposal, Session
from ..services.exports import proposals_register_xlsx, register_queryset
from .proposals import card_queryset


class OverdueListView(LoginRequiredMixin, ListView):
    """Replies past their deadline in the person's scope."""

    template_name = "congress/overdue.html"
    paginate_by = 50

    def get_queryset(self):
        return card_queryset(Proposal.objects.visible_to(self.request.user).overdue()).select_related(
            "session__term__congress__union").order_by("deadline", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class RegisterExportView(ScopedObjectMixin, DetailView):
    """The register of the session's proposals as XLSX (logged as an export)."""

    model = Session
    scope_action = "export"

    def get(self, request, *args, **kwargs):
        session = self.get_object()
        data = proposals_register_xlsx(session, register_queryset(session, request.user), user=request.user)
        response = HttpResponse(data,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        filename = _("%(session)s register of proposals") % {"session": session.title} + ".xlsx"
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return response
