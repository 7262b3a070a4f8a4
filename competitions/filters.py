"""The lists' filters: a value that does not validate (letters for a year, an unknown state)
is ignored, the others still apply."""
import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Competition, ImprovementProposal


class _YearStateKindFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), min_value=1949, max_value=2100)


class CompetitionFilter(_YearStateKindFilter):
    state = django_filters.ChoiceFilter(label=_("State"), choices=Competition.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Competition.Kind.choices)

    class Meta:
        model = Competition
        fields = ["year", "state", "kind"]


class ProposalFilter(_YearStateKindFilter):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ImprovementProposal.State.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ImprovementProposal.Kind.choices)

    class Meta:
        model = ImprovementProposal
        fields = ["year", "state", "kind"]
