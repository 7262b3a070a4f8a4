"""The list filter of the assessment: the units a rubric assesses, by the state of their sheet
and by category (the reviewers' "Units' sheets" page)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation

from .models import UnitAssessment

NOT_STARTED = "none"


class SheetRowFilter(django_filters.FilterSet):
    """On the rubric's eligible units; ``state`` is a sheet's state or "none" (no sheet yet)."""

    state = django_filters.ChoiceFilter(
        label=_("State"), empty_label=_("Any"), method="filter_state",
        choices=[(NOT_STARTED, _("Not started")), *UnitAssessment.State.choices],
    )
    category = django_filters.ChoiceFilter(label=_("Category"), empty_label=_("Any"),
                                           choices=Organisation.Category.choices)

    class Meta:
        model = Organisation
        fields = ["state", "category"]

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric

    def filter_state(self, queryset, name, value):
        sheets = UnitAssessment.objects.filter(rubric=self.rubric)
        if value == NOT_STARTED:
            return queryset.exclude(pk__in=sheets.values("unit_id"))
        return queryset.filter(pk__in=sheets.filter(state=value).values("unit_id"))

    @property
    def result(self):
        """The filtered units; a value that does not validate filters nothing, as if not given."""
        return self.qs if self.is_bound and self.is_valid() else self.queryset
