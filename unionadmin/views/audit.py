from django.views.generic import ListView

from ..filters import AuditQuery
from ..models import AuditEvent
from .mixins import ScopedObjectMixin


class AuditEventListView(ScopedObjectMixin, ListView):
    """Reveals, exports, downloads and role changes, for the federation administrator."""

    model = AuditEvent
    paginate_by = 50
    template_name = "unionadmin/audit_list.html"

    def optimise(self, queryset):
        return queryset.select_related("actor", "organisation", "target_type")

    def get_queryset(self):
        """``?verb=reveal`` (or export, download, …) narrows the log to one kind of event."""
        queryset = super().get_queryset()
        self.verb = AuditQuery.read(self.request.GET)["verb"]
        return queryset.filter(verb=self.verb) if self.verb else queryset

    def get_context_data(self, **kwargs):
        return super().get_context_data(verb=self.verb, verbs=AuditEvent.Verb.choices, **kwargs)
