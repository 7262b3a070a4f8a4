"""The lists' filters: a value that does not validate (letters for a year, an unknown state)
is ignored, the others still apply. The list templates render these forms' fields
(``competitions/_list_filter.html``), so the selected values come from here too."""
import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Competition, ImprovementProposal


def _choice(name, label, choices):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, empty_label=_("Any"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "id": f"f-{name}"}))


def _stage(choices):
    return _choice("state", pgettext_lazy("workflow stage", "Stage"), choices)


def _kind(choices):
    return _choice("kind", pgettext_lazy("kind of competition or proposal", "Kind"), choices)


class _YearStateKindFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), min_value=1949, max_value=2100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "id": "f-year", "inputmode": "numeric"}))


class CompetitionFilter(_YearStateKindFilter):
    state = _stage(Competition.State.choices)
    kind = _kind(Competition.Kind.choices)

    class Meta:
        model = Competition
        fields = ["year", "state", "kind"]


class ProposalFilter(_YearStateKindFilter):
    state = _stage(ImprovementProposal.State.choices)
    kind = _kind(ImprovementProposal.Kind.choices)

    class Meta:
        model = ImprovementProposal
        fields = ["year", "state", "kind"]
