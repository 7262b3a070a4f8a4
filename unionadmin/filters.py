import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Organisation


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
