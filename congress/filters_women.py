"""Filters of the women workers' pages. A value that does not validate is ignored (the whole
list is shown), never an error."""
from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation

from .filters import CongressFilterSet
from .models import WomenActivity

YEARS_BACK = 10


def year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, this_year - YEARS_BACK, -1)]


class ActivityFilter(CongressFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=year_choices, field_name="held_on",
                                       lookup_expr="year", empty_label=_("All years"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=WomenActivity.Kind.choices, empty_label=_("All kinds"))

    class Meta:
        model = WomenActivity
        fields = ["year", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class OverviewQuery(forms.Form):
    """The federation overview: which union's subtree and which year."""

    union = forms.ModelChoiceField(label=_("Union"), queryset=Organisation.objects.none(), required=False)
    year = forms.TypedChoiceField(label=_("Year"), choices=year_choices, coerce=int, required=False)
    format = forms.ChoiceField(choices=[("", ""), ("xlsx", "xlsx")], required=False)

    def __init__(self, data, *, user, **kwargs):
        # Unchosen, the year is this one: the select shows what the page shows.
        data = data.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        self.fields["union"].queryset = Organisation.objects.visible_to(user).exclude(level__in=[
            Organisation.Level.GRASSROOTS, Organisation.Level.BRANCH, Organisation.Level.GROUP])
