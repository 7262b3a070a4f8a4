"""The filter of the county's 换届 list. A value that does not validate is ignored (the whole
list is shown), as the congress's other filters do."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation

from .filters import CongressFilterSet
from .reelection import STATUS_RANK, Status

SHOW_CHOICES = [
    ("all", _("All")),
    ("due", _("Due within six months")),
    ("overdue", _("Overdue")),
    ("none", _("No term recorded")),
]


class ReelectionFilter(CongressFilterSet):
    """On unions annotated by ``reelection.with_current_term``."""

    show = django_filters.ChoiceFilter(choices=SHOW_CHOICES, method="filter_show")

    class Meta:
        model = Organisation
        fields = ["show"]

    def filter_show(self, queryset, name, value):
        if value in (Status.DUE, Status.OVERDUE, Status.NONE):
            return queryset.filter(status_rank=STATUS_RANK[Status(value)])
        return queryset
