"""List filters. Each works on a queryset already limited by visible_to; "within" offers only
the organisations the person may see welfare data of."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.querystring import QueryForm
from unionadmin.scoping import organisations_where

from .models import AidProgramme, Grant, HardshipFile, Pairing, Visit


def _years():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this + 1, this - 6, -1)]


class WelfareFilterSet(django_filters.FilterSet):
    within = django_filters.ModelChoiceFilter(
        label=_("Within"), queryset=Organisation.objects.none(), method="filter_within", empty_label=_("Whole scope"),
    )
    within_path = "union__path"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["within"].queryset = organisations_where(user, self._meta.model, "view").exclude(
            level=Organisation.Level.GROUP
        )

    def filter_within(self, queryset, name, value):
        return queryset.filter(**{f"{self.within_path}__startswith": value.path}) if value else queryset

    @property
    def result(self):
        return self.qs if self.is_bound and self.is_valid() else self.queryset


class HardshipFileFilter(WelfareFilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HardshipFile.Status.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=HardshipFile.Category.choices)
    due = django_filters.ChoiceFilter(label=_("Re-check"), choices=[("true", _("Due within 30 days"))],
                                      empty_label=_("Any time"), method="filter_due")

    class Meta:
        model = HardshipFile
        fields = ["q", "within", "status", "category", "due"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(worker__name__icontains=value) if value else queryset

    def filter_due(self, queryset, name, value):
        return queryset.filter(recheck_due_soon=True) if value == "true" else queryset


class GrantFilter(WelfareFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, empty_label=_("All years"))
    programme = django_filters.ModelChoiceFilter(label=_("Programme"), queryset=AidProgramme.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Grant.Status.choices)
    q = django_filters.CharFilter(label=_("Recipient"), method="search")

    class Meta:
        model = Grant
        fields = ["q", "year", "programme", "status", "within"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.filters["programme"].queryset = AidProgramme.objects.visible_to(user).order_by("name")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(member__name__icontains=value) if value else queryset


class VisitFilter(WelfareFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Visit.Kind.choices)
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, empty_label=_("All years"),
                                       field_name="visited_on__year")
    q = django_filters.CharFilter(label=_("Member"), method="search")

    class Meta:
        model = Visit
        fields = ["q", "kind", "year", "within"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(member__name__icontains=value) | Q(deceased_name__icontains=value))


class PairingFilter(WelfareFilterSet):
    within_path = "file__union__path"
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Pairing.Status.choices)
    overdue = django_filters.ChoiceFilter(label=_("Deadline"), choices=[("true", _("Past the deadline"))],
                                          empty_label=_("Any"), method="filter_overdue")

    class Meta:
        model = Pairing
        fields = ["status", "overdue", "within"]

    def filter_overdue(self, queryset, name, value):
        if value != "true":
            return queryset
        return queryset.filter(status=Pairing.Status.ACTIVE, deadline__lt=timezone.localdate())


# Query strings of pages without a list filter, read through forms like any input (see
# unionadmin/querystring.py): a bad value reads as not given.

class YearQuery(QueryForm):
    year = forms.IntegerField(required=False, min_value=1949, max_value=2100)


class ReportQuery(YearQuery):
    within = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["within"].queryset = choices


class LedgerQuery(QueryForm):
    """``full=1`` asks for the ledger with full ID numbers and incomes; anything else is masked."""

    full = forms.TypedChoiceField(choices=[("1", "1")], coerce=lambda value: value == "1", required=False,
                                  empty_value=False)


class VisitQuery(QueryForm):
    """A new visit's member and kind, when the link names them."""

    member = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    kind = forms.ChoiceField(choices=[("", "")] + Visit.Kind.choices, required=False)

    def __init__(self, data=None, *, members):
        super().__init__(data)
        self.fields["member"].queryset = members
