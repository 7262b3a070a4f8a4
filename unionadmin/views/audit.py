from django.views.generic import ListView

from ..models import AuditEvent
from .mixins import ScopedObjectMixin


class AuditEventListView(ScopedObjectMixin, ListView):
    """Reveals, exports, downloads and role changes, for the federation administrator."""

    model = AuditEvent
    paginate_by = 50
    template_name = "unionadmin/audit_list.html"

    def optimise(self, queryset):
        return queryset.select_related("actor", "organisation", "target_type")
