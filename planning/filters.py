"""The plan list's filter: one FilterSet, so a bad value in the query string is ignored, never
an error page."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WorkPlan


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PlanFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year"), min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label=_("State"), choices=WorkPlan.State.choices, empty_label=_("Any"))

    class Meta:
        model = WorkPlan
        fields = ["year", "state"]
