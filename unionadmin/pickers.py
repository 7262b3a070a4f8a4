"""Pickers that search: a form field choosing a member, a union, a judge … among thousands.

An app registers a **kind** in its ``AppConfig.ready()`` (``register(PickerKind(...))``): which
rows a user may pick (``queryset(user, context)``, always built on the model's
``visible_to``/``organisations_where`` or the same function the form uses, never a
hand-written organisation filter), how a typed text finds them (``search``) and how a row is
labelled (``label``; people with a masked ID number, never the full one). ``/pick/<kind>/?q=``
(views/pickers.py) answers a search box with at most ``LIMIT`` of them as JSON.

A form keeps its field's queryset (so a POSTed id outside it is refused as before) and only
swaps the widget: ``SearchSelect("member", context=...)`` renders a <select> holding just the
chosen option(s) plus ``data-picker-url``; static/js/pickers.js turns it into a Tom Select box
that loads its options from that URL. ``context`` (the ``for=`` parameter) says which of the
kind's querysets the field uses (an action, a model, the member being transferred); each kind
reads it itself and answers nothing for a context it does not know.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Right
from django.forms.models import ModelChoiceIteratorValue
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LIMIT = 20  # results per answer; "more" says that typing more would narrow them
MAX_QUERY = 40  # characters a search may have (a name, an 18-character ID number, a card number)


@dataclass(frozen=True)
class PickerKind:
    name: str  # the URL's <kind>: letters, digits and dashes
    queryset: Callable[..., QuerySet]  # (user, context: str) -> what this user may pick here
    # (queryset, normalised text) -> the matches, best first; or a list of stages (querysets),
    # a later one read only while fewer than LIMIT rows were found
    search: Callable[[QuerySet, str], QuerySet | list[QuerySet]]
    label: Callable[[object], str]  # what the box shows for a row (no unmasked personal data)
    placeholder: str = _("Type to search…")


kinds: dict[str, PickerKind] = {}


def register(kind: PickerKind):
    if kind.name in kinds:
        raise ValueError(f"picker kind {kind.name!r} is registered twice")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", kind.name):
        raise ValueError(f"picker kind {kind.name!r}: lower-case letters, digits and dashes only")
    kinds[kind.name] = kind


def normalise_query(text: str) -> str:
    """Full-width digits and letters (typed with a Chinese input method) as ASCII, the ID
    number's check letter upper-case, spaces inside numbers dropped."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    compact = text.replace(" ", "").replace("-", "")
    if compact and re.fullmatch(r"[0-9]+[xX]?", compact):
        return compact.upper()
    return text


def pick(kind: PickerKind, user, text: str, context: str = "") -> tuple[list, bool]:
    """The rows ``user`` may pick that ``text`` finds: at most LIMIT, and whether there are more."""
    text = normalise_query(text)
    if not text:
        return [], False
    found = kind.search(kind.queryset(user, context), text)
    rows: list = []
    # A search may come in stages, best first: a later (slower) one runs only while there is room.
    for stage in found if isinstance(found, (list, tuple)) else [found]:
        if len(rows) > LIMIT:
            break
        if rows:
            stage = stage.exclude(pk__in=[row.pk for row in rows])
        rows += list(stage[: LIMIT + 1 - len(rows)])
    return rows[:LIMIT], len(rows) > LIMIT


# --- Searches the kinds share -----------------------------------------------------------------

def _ranked(queryset: QuerySet, text: str, name_field: str) -> QuerySet:
    """The exact name first, then names that start with the text, then the rest, by name."""
    return queryset.annotate(pick_rank=Case(
        When(**{name_field: text}, then=Value(0)),
        When(**{f"{name_field}__startswith": text}, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )).order_by("pick_rank", name_field, "pk")


def search_people(queryset: QuerySet, text: str, *, name="name", id_number="id_number", card="card_number",
                  phone="phone") -> list[QuerySet]:
    """A person by digits: the last digits of the ID number or mobile number (four or more; the
    ``Right(…, 4)`` indexes find them), a whole ID or mobile number, the start of a card number;
    or by the start of the name, then (a second stage, when there is room) any part of it.
    The first stage uses only indexed conditions (the database collates C, so a prefix LIKE
    uses a btree), so it never reads the whole county; the scope's filter comes with
    ``queryset``."""
    q = Q()
    if card:
        q |= Q(**{f"{card}__startswith": text}) | Q(**{f"{card}__startswith": text.upper()})
    if not re.fullmatch(r"[0-9]+X?", text):  # names hold no digits
        q |= Q(**{f"{name}__startswith": text})
        return [_ranked(queryset.filter(q), text, name),
                queryset.filter(**{f"{name}__icontains": text}).order_by(name, "pk")]
    if len(text) >= 4:
        tail = text[-4:]
        queryset = queryset.alias(pick_id4=Right(id_number, 4))
        q |= Q(pick_id4=tail, **{f"{id_number}__endswith": text})
        if phone and text.isdigit():
            queryset = queryset.alias(pick_phone4=Right(phone, 4))
            q |= Q(pick_phone4=tail, **{f"{phone}__endswith": text})
    return [_ranked(queryset.filter(q), text, name)] if q else []


def search_names(queryset: QuerySet, text: str, *fields: str) -> QuerySet:
    """A union, a department, a person's account: part of any of ``fields`` (the first ranks)."""
    fields = fields or ("name",)
    q = Q()
    for field in fields:
        q |= Q(**{f"{field}__icontains": text})
    return _ranked(queryset.filter(q), text, fields[0])


def search_accounts(queryset: QuerySet, text: str) -> QuerySet:
    """A user account by part of the name or username, or the last digits of the mobile."""
    q = Q(full_name__icontains=text) | Q(username__icontains=text)
    if re.fullmatch(r"[0-9]{4,11}", text):
        q |= Q(mobile__endswith=text)
    return _ranked(queryset.filter(q), text, "full_name")


def account_label(user) -> str:
    """The name, and the mobile masked (two 王芳 are told apart by its last 4 digits)."""
    from .personal_data import mask_phone

    return f"{user.display_name} · {mask_phone(user.mobile)}" if user.mobile else user.display_name


# --- The widget --------------------------------------------------------------------------------

class SearchSelect(forms.Select):
    """A <select> with only the chosen option, searched remotely (static/js/pickers.js).

    For a ModelChoiceField: the field keeps its (scoped) queryset and validates the POSTed id
    against it; the page no longer lists every row of it."""

    def __init__(self, kind: str, *, context="", attrs=None):
        super().__init__(attrs)
        self.kind, self.context = kind, str(context)

    def url(self) -> str:
        query = {"for": self.context} if self.context else {}
        url = reverse(f"pick:{self.kind}")
        return f"{url}?{urlencode(query)}" if query else url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        picker = kinds.get(self.kind)
        context["widget"]["attrs"].update({
            "data-picker-url": self.url(),
            "data-picker-placeholder": str(picker.placeholder if picker else _("Type to search…")),
            "data-picker-empty": str(_("Nothing found. Type more of the name or number.")),
            "data-picker-loading": str(_("Searching…")),
            "data-picker-more": str(_("More found than shown: type more to narrow the list.")),
            "data-picker-remove": str(_("Remove")),
            "data-picker-clear": str(_("Clear")),
        })
        return context

    def optgroups(self, name, value, attrs=None):
        full = self.choices
        self.choices = self._chosen(value)
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = full

    def _chosen(self, value) -> list:
        """The empty choice (for a single select) and the chosen rows, nothing else."""
        field = getattr(self.choices, "field", None)
        if field is None:  # not a model field: choices as given
            return list(self.choices)
        chosen = [] if self.allow_multiple_selected or field.empty_label is None else [("", field.empty_label)]
        values = [v for v in value if v not in ("", None)]
        if not values:
            return chosen
        key = field.to_field_name or "pk"
        try:
            rows = list(field.queryset.filter(**{f"{key}__in": values}))
        except (ValueError, TypeError, ValidationError):  # a forged value: show nothing chosen
            rows = []
        picker = kinds.get(self.kind)
        label = picker.label if picker else field.label_from_instance
        return chosen + [(ModelChoiceIteratorValue(field.prepare_value(row), row), label(row)) for row in rows]


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def search_widget(field, kind: str, context=""):
    """Swaps ``field``'s widget for a search box, keeping its label and attributes."""
    widget_class = SearchSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else SearchSelect
    widget = widget_class(kind, context=context, attrs=field.widget.attrs)
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
    return field


def organisation_widget(field, model, action: str, levels=None):
    """``field`` (its queryset ``organisations_where(user, model, action)`` of ``levels``, or
    for ``Organisation`` itself its ``visible_to(user, action)``) searched by the organisation
    kind, which answers from that same queryset."""
    context = f"{model._meta.label_lower}:{action}"
    return search_widget(field, "organisation", context=f"{context}:{','.join(levels)}" if levels else context)


# --- The core's own kind ---------------------------------------------------------------------

def organisations_for(user, context):
    """``context`` "app_label.model:action[:level,level…]": the organisations where the user
    may ``action`` rows of that model (what a create form offers, ``organisations_where``),
    of those levels only when given; none given: the organisations the user may see."""
    from django.apps import apps

    from .models import Organisation
    from .scoping import organisations_where

    if not context:
        return Organisation.objects.visible_to(user, "view")
    label, _sep, rest = context.partition(":")
    action, _sep, levels = rest.partition(":")
    levels = levels.split(",") if levels else list(Organisation.Level.values)
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return Organisation.objects.none()
    if not hasattr(model, "scope") or action not in model.scope.actions():
        return Organisation.objects.none()
    return organisations_where(user, model, action).filter(level__in=levels)


def register_core_kinds():
    register(PickerKind(
        "organisation", organisations_for,
        lambda queryset, text: search_names(queryset.filter(is_active=True), text, "name", "short_name"),
        lambda organisation: organisation.name, _("Part of the organisation's name"),
    ))
