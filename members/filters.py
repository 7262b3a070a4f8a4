"""The roster's filters and search: one FilterSet for the page and its exports."""
import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Right
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where

from .models import Member, Transfer
from .validators import normalise_id_number
from .widgets import UnitSelect

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "joined": ("joined_on", "pk"),
    "-joined": ("-joined_on", "-pk"),
    "card": ("card_number", "pk"),
    "unit": ("union__path", "name", "pk"),
}
DEFAULT_SORT = "unit"


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search",
        widget=forms.TextInput(attrs={"placeholder": _("Name, card number, mobile or last 4 of ID"),
                                      "type": "search"}),
    )
    within = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=Organisation.objects.none(), method="filter_within", empty_label=_("Whole scope"),
        widget=UnitSelect,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Member.Status.choices, empty_label=_("Any"))
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Member.Gender.choices, empty_label=_("Any"))
    employment_type = django_filters.ChoiceFilter(label=_("Employment type"), choices=Member.EmploymentType.choices,
                                                  empty_label=_("Any"))
    joined_year = django_filters.NumberFilter(label=_("Joined in"), field_name="joined_on", lookup_expr="year",
                                              min_value=1949, max_value=2100,
                                              widget=forms.NumberInput(attrs={"placeholder": "2024", "min": 1949,
                                                                              "max": 2100}))
    is_model_worker = django_filters.BooleanFilter(label=_("Model worker"), widget=forms.Select(choices=[
        ("", _("Any")), ("true", _("Yes")), ("false", _("No"))]))
    is_cadre = django_filters.BooleanFilter(label=_("Union cadre"), widget=forms.Select(choices=[
        ("", _("Any")), ("true", _("Yes")), ("false", _("No"))]))
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="sort_by", empty_label=None,
        choices=[("unit", _("Unit, then name")), ("name", _("Name")), ("-name", _("Name, reversed")),
                 ("joined", _("Joined, earliest first")), ("-joined", _("Joined, latest first")),
                 ("card", _("Card number"))],
    )

    class Meta:
        model = Member
        fields = ["q", "within", "status", "gender", "employment_type", "joined_year", "is_model_worker", "is_cadre"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["within"].queryset = Organisation.objects.visible_to(user).only("pk", "name", "depth", "path")

    @property
    def qs(self):
        queryset = super().qs
        if not self.is_bound or not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    def search(self, queryset, name, value):
        return search_members(queryset, value)

    def filter_within(self, queryset, name, value):
        return queryset.filter(union__path__startswith=value.path) if value else queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))


class TransferFilter(django_filters.FilterSet):
    """The transfer list's boxes: waiting for the user's answer (the default), sent by the
    user's unions, or every transfer they may see. A box not named, or not one of these (a
    typo, a hand-edited URL), reads as the default one."""

    BOXES = [("incoming", _("Waiting for you")), ("outgoing", _("Sent")), ("all", _("All"))]
    box = django_filters.ChoiceFilter(label=_("Transfers"), choices=BOXES, empty_label=None)

    class Meta:
        model = Transfer
        fields = ["box"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    @property
    def chosen_box(self) -> str:
        return (self.is_valid() and self.form.cleaned_data.get("box")) or "incoming"

    def filter_queryset(self, queryset):
        box = self.chosen_box
        if box == "incoming":
            return queryset.filter(pk__in=Transfer.objects.visible_to(self.user, "decide").open().values("pk"))
        if box == "outgoing":
            return queryset.filter(pk__in=Transfer.objects.visible_to(self.user, "cancel").values("pk"))
        return queryset


class UnionFilter(django_filters.FilterSet):
    """One union's part of a list (dues, arrears): ``?union=`` among the unions where the user
    may ``action`` ``model`` (groups have no dues of their own); not given, or not one of
    those, the top of the user's scope."""

    union = django_filters.ModelChoiceFilter(label=_("Union"), queryset=Organisation.objects.none())

    def __init__(self, data=None, queryset=None, *, user, model, action="view", **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.unions = organisations_where(user, model, action).exclude(level=Organisation.Level.GROUP)
        self.filters["union"].queryset = self.unions

    @property
    def chosen_union(self):
        if not hasattr(self, "_chosen_union"):
            chosen = self.is_valid() and self.form.cleaned_data.get("union")
            self._chosen_union = chosen or self.unions.order_by("depth", "path").first()
        return self._chosen_union

    def filter_queryset(self, queryset):
        union = self.chosen_union
        return queryset if union is None else queryset.filter(union__path__startswith=union.path)


def search_members(queryset, value: str):
    """Name (part), card number (whole), mobile number (whole or its last four digits), ID
    number (whole or its last four characters). Each form is answered from an index, except
    a name part, which is one scan of the roster (a few milliseconds at 100,000 members)."""
    value = " ".join((value or "").split())
    if not value:
        return queryset
    compact = normalise_id_number(value)
    if compact and all(c.isdigit() or c == "X" for c in compact):
        if len(compact) == 18:
            return queryset.filter(Q(id_number=compact) | Q(card_number=value))
        if len(compact) == 11 and compact.startswith("1"):
            return queryset.filter(Q(phone=compact) | Q(card_number=value))
        if len(compact) == 4:
            return queryset.annotate(id_last4=Right("id_number", 4), phone_last4=Right("phone", 4)).filter(
                Q(id_last4=compact) | Q(phone_last4=compact) | Q(card_number=value))
        return queryset.filter(card_number=value)
    if any(c.isdigit() for c in value):  # names have no digits: a card number such as HD-00012
        return queryset.filter(card_number=value)
    # Chinese has no letter case: LIKE without UPPER() is cheaper; Latin names stay case-blind.
    name = Q(name__icontains=value) if any(c.isascii() and c.isalpha() for c in value) else Q(name__contains=value)
    return queryset.filter(name | Q(card_number=value))
