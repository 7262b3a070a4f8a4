"""The roster's filters and search: one FilterSet for the page and its exports."""
import django_filters
from django import forms
from django.db.models import BooleanField, Func, Q, Sum, TextField, Value
from django.db.models.functions import Right, Substr, Upper
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation
from unionadmin.pickers import search_widget
from unionadmin.scoping import EVERY_ROW, organisations_where

from .models import Member, MemberTally, Transfer
from .validators import normalise_id_number

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

    # Filters whose members the tally counts (members.MemberTally): the roster's total without
    # counting the rows, {status chosen: the tally's column}.
    TALLIED_STATUS = {"": "all_members", Member.Status.ACTIVE: "active"}
    TALLY_BLIND = {"q", "gender", "employment_type", "joined_year", "is_model_worker", "is_cadre"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A province lists 20,000 units: the unit is searched (the organisation picker answers
        # from the same organisations the user may see), the page no longer lists them all.
        self.filters["within"].queryset = Organisation.objects.visible_to(user).only("pk", "name", "depth", "path")
        search_widget(self.filters["within"].field, "organisation")

    @property
    def qs(self):
        queryset = super().qs
        if not self.is_bound or not (self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset

    def tallied_count(self) -> int | None:
        """The number of members the roster lists, read from the tally when its filters are
        only the unit and a status it counts (the roster as first opened, 2 million members at
        a province); None when the rows must be counted. Exact: the tally changes in the
        transaction of every change to the members."""
        if self.is_bound and not self.is_valid():
            return None
        chosen = self.form.cleaned_data if self.is_bound else {}
        if any(chosen.get(name) not in (None, "") for name in self.TALLY_BLIND):
            return None
        column = self.TALLIED_STATUS.get(chosen.get("status") or "")
        return None if column is None else self.tallied(column, chosen.get("within"))

    def tallied(self, column: str, within=None) -> int | None:
        """The tally's ``column`` summed over the user's scope (and ``within``); None when the
        scope is not whole subtrees."""
        paths = Member.scope.whole_subtrees(self.user, "view")
        if paths is None:
            return None
        tallies = MemberTally.objects.all()
        if paths is not EVERY_ROW:
            if not paths:
                return 0
            tallies = tallies.filter(_path_q(paths))
        if within:
            tallies = tallies.filter(union__path__startswith=within.path)
        return tallies.aggregate(n=Sum(column))["n"] or 0

    def search(self, queryset, name, value):
        # The names index answers a search across a city or a province; within a county or a
        # union, reading the scope's members union by union is cheaper, and the planner, which
        # underestimates a subtree's size, would otherwise scan the index once per union
        # (5 s for a county of the 2-million-member province instead of 20 ms).
        scope = self.tallied("all_members", self.form.cleaned_data.get("within"))
        return search_members(queryset, value, names_index=scope is None or scope > NAMES_INDEX_FROM)

    def filter_within(self, queryset, name, value):
        return queryset.filter(union__path__startswith=value.path) if value else queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))


# From how many members in scope a name search goes through the names index (member_name_characters).
NAMES_INDEX_FROM = 50_000


def _path_q(paths) -> Q:
    q = Q()
    for path in paths:
        q |= Q(union__path__startswith=path)
    return q


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


class NameCharacters(Func):
    """The characters of a name, upper-cased, as an array: ``string_to_array(upper(name), NULL)``.
    Indexed by GIN (member_name_characters), it finds the names holding every character of
    what was typed (one character, or Latin letters; NamePairs for more). Not trigrams: a
    Chinese name is two or three characters and most searches are one or two (王, 张伟), which
    hold no trigram to look up."""

    function = "string_to_array"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(Upper(expression), Value(None), **extra)


PAIRS_SEPARATOR = "\x1f"  # the unit separator: splits the pairs; a pair holding it is not indexed


class NamePairs(Func):
    """The pairs of neighbouring characters of a name, upper-cased, as an array (with a stray
    single character and an empty string, which no search asks for): 张伟明 → {张伟, 明, 伟明, ""}.
    Indexed by GIN (member_name_pairs): 胡平艳 asks for the names holding 胡平 and 平艳, a few
    thousand entries in the index at 2 million members where its characters alone (胡, 平, 艳)
    are 100,000–200,000 each (50 ms to intersect). Built from the pairs at even and at odd
    offsets: regexp_replace and string_to_array only, as fast as the characters."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()

    def __init__(self, expression, **extra):
        halves = (Func(Func(text, Value("(..)"), Value("\\1" + PAIRS_SEPARATOR), Value("g"), function="regexp_replace"),
                       Value(PAIRS_SEPARATOR), function="string_to_array")
                  for text in (Upper(expression), Substr(Upper(expression), 2)))
        super().__init__(*halves, **extra)


def name_pairs(value: str) -> list[str] | None:
    """The pairs a name holding ``value`` holds, for a text of two characters or more whose
    case cannot change (Chinese): upper() leaves it as it is, in Python as in PostgreSQL, so the
    pairs of the text are pairs of the upper-cased name. None for any other text."""
    if len(value) < 2 or PAIRS_SEPARATOR in value or not value == value.upper() == value.lower():
        return None
    return sorted({value[i:i + 2] for i in range(len(value) - 1)})


class HoldsAll(Func):
    """``left @> right`` for two arrays."""

    template = "%(expressions)s"
    arg_joiner = " @> "
    output_field = BooleanField()


def search_members(queryset, value: str, names_index: bool = True):
    """Name (part), card number (whole), mobile number (whole or its last four digits), ID
    number (whole or its last four characters). Each form is answered from an index: a name
    part from the characters of the names (member_name_characters), then the LIKE that says
    which of those hold the characters in that order; two Chinese characters or more from the
    pairs of the names (member_name_pairs). ``names_index`` False leaves the name
    part to the LIKE alone (the same members found), for a scope small enough to read."""
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
    # A name holding the text (in upper case, for icontains's UPPER LIKE UPPER) holds each of
    # its characters: the index's condition never loses a match, the LIKE keeps the right ones.
    if names_index:
        pairs = name_pairs(value)
        held = (HoldsAll(NamePairs("name"), Func(Value(PAIRS_SEPARATOR.join(pairs)), Value(PAIRS_SEPARATOR),
                                                 function="string_to_array", output_field=TextField())) if pairs
                else HoldsAll(NameCharacters("name"), NameCharacters(Value(value))))
        name = Q(held) & name
    return queryset.filter(name | Q(card_number=value))
