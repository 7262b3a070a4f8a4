import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Organisation
from .querystring import QueryForm


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    within = django_filters.ModelChoiceFilter(
        label=_("Within"), queryset=Organisation.objects.none(), method="filter_within",
        empty_label=_("Whole scope"),
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Organisation.Level.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Organisation.Category.choices)
    home_rating = django_filters.ChoiceFilter(label=_("Workers' Home"), choices=Organisation.HomeRating.choices)

    class Meta:
        model = Organisation
        fields = ["q", "within", "level", "category", "home_rating"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only federations, industry unions and grassroots unions have subtrees worth picking.
        self.filters["within"].queryset = Organisation.objects.visible_to(user).exclude(
            level=Organisation.Level.GROUP
        )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(short_name__icontains=value) | Q(credit_code__iexact=value)
        ) if value else queryset

    def filter_within(self, queryset, name, value):
        return queryset.subtree_of(value) if value else queryset


class AuditFilter(django_filters.FilterSet):
    """``?verb=reveal`` (or export, download, …) narrows the audit log to one kind of event;
    a verb that is not one of them is ignored (the whole log)."""

    verb = django_filters.ChoiceFilter(choices=AuditEvent.Verb.choices)

    class Meta:
        model = AuditEvent
        fields = ["verb"]

    @property
    def chosen_verb(self) -> str:
        return (self.is_valid() and self.form.cleaned_data.get("verb")) or ""


class DashboardQuery(QueryForm):
    """The dashboard's and drill-down's query string: year (one of those offered), category,
    a part of the subtree (``within``), the charted indicator and ``format=xlsx``."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(choices=[("", "")] + Organisation.Category.choices, required=False)
    within = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    indicator = forms.ChoiceField(required=False)
    format = forms.ChoiceField(choices=[("", ""), ("xlsx", "xlsx")], required=False)

    def __init__(self, data=None, *, organisation, years, indicators):
        super().__init__(data)
        self.fields["year"].choices = [(year, year) for year in years]
        # Only a part of this subtree (and so already visible to whoever sees the organisation).
        self.fields["within"].queryset = Organisation.objects.subtree_of(organisation).exclude(pk=organisation.pk)
        self.fields["indicator"].choices = [("", "")] + [(code, code) for code in indicators]
