from django.views.generic import ListView

from ..filters import AuditFilter
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
        self.filterset = AuditFilter(self.request.GET, queryset=super().get_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(verb=self.filterset.chosen_verb, verbs=AuditEvent.Verb.choices, **kwargs)
