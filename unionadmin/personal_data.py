"""Personal data: shown masked, revealed one value at a time to those allowed, each reveal logged.

A model lists its personal fields and how to mask each:

    personal_fields = {"id_number": mask_id_number, "phone": mask_phone}

and grants the "reveal" action in its ScopePolicy to the roles that may see them. Templates
show ``{% personal obj "id_number" %}`` (masked, with a reveal button when allowed); the
button posts to a ``RevealFieldView`` (views/personal.py) for that model, which logs an AuditEvent and returns
the value. Exports and PDFs call ``display_value(user, obj, field)``, which masks unless the
user may reveal (and exports log their own AuditEvent).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .scoping import user_can


def mask_id_number(value: str) -> str:
    """230623********123X: the region and the last four characters stay."""
    value = value or ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def mask_phone(value: str) -> str:
    """138****1234."""
    value = value or ""
    return value[:3] + "****" + value[-4:] if len(value) >= 8 else "*" * len(value)


def mask_amount(value) -> str:
    """Incomes and other sensitive amounts: nothing of the figure shows."""
    return "" if value in (None, "") else "****"


def mask_name(value: str) -> str:
    """张*明: for lists shown to people who may not see the person."""
    value = value or ""
    return value[0] + "*" * (len(value) - 1) if len(value) <= 2 else value[0] + "*" * (len(value) - 2) + value[-1]


def raw_value(obj, field: str):
    masker = type(obj).personal_fields.get(field)
    if masker is None:
        raise Http404
    return getattr(obj, field)


def masked_value(obj, field: str) -> str:
    value = raw_value(obj, field)
    return type(obj).personal_fields[field](value)


def may_reveal(user, obj) -> bool:
    return user_can(user, "reveal", obj)


def reveal(user, obj, field: str, *, reason: str = ""):
    """The unmasked value, logged; PermissionDenied when the user may not see it."""
    value = raw_value(obj, field)
    if not may_reveal(user, obj):
        raise PermissionDenied
    from .models import AuditEvent

    organisation = obj
    for part in type(obj).scope.org_field.split("__") if type(obj).scope.org_field else []:
        organisation = getattr(organisation, part)
    AuditEvent.record(
        actor=user, verb=AuditEvent.Verb.REVEAL, organisation=organisation, target=obj,
        detail=f"{type(obj)._meta.verbose_name}: {obj} · {type(obj)._meta.get_field(field).verbose_name}",
        field=field, reason=reason,
    )
    return value


def display_value(user, obj, field: str, *, allowed: bool | None = None):
    """For exports and documents: the value if the user may reveal it, else masked.

    Pass ``allowed`` when it was checked once for many rows.
    """
    allowed = may_reveal(user, obj) if allowed is None else allowed
    value = raw_value(obj, field)
    return value if allowed else type(obj).personal_fields[field](value)


def _input_id(form, name):
    """The id the form gives the field's input (without making its BoundField, which would
    freeze the help text before it is set)."""
    auto_id = form.auto_id
    return auto_id % form.add_prefix(name) if auto_id and "%s" in str(auto_id) else form.add_prefix(name)


class MaskedPersonalFieldsMixin:
    """For a ModelForm that edits an object with personal fields (``personal_fields``).

    Opening the edit form is not a reveal: each personal field in the form starts with the
    masked value, never the full one. A value posted back unchanged (still the mask) keeps
    what is stored, so saving the form without touching the field never overwrites the number
    with asterisks; typing a new value replaces it as before. Beside the field, for those who
    may reveal it, the same reveal button as on the detail page (logged as every reveal)
    swaps the input for one holding the full value, to correct a digit. The form needs
    ``self.user`` (``ScopedFormMixin`` gives it) before this mixin's ``__init__`` runs on.
    """

    reveal_url_name = None  # default "<app_label>:<model_name>_reveal", as the {% personal %} tag

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.masked_personal = {}
        instance = self.instance
        if not instance.pk:
            return
        user = getattr(self, "user", None)
        for name, masker in type(instance).personal_fields.items():
            field = self.fields.get(name)
            stored = getattr(instance, name)
            if field is None or field.disabled or stored in (None, ""):
                continue
            masked = masker(stored)
            self.masked_personal[name] = (masked, stored)
            self.initial[name] = masked
            if isinstance(field.widget, forms.NumberInput):  # a number input cannot show the mask
                field.widget = forms.TextInput(attrs={**field.widget.attrs, "inputmode": "decimal"})
            field.widget.attrs["autocomplete"] = "off"
            help_text = _("Shown masked; type a new value to replace it, or leave it to keep the stored one.")
            if user is not None and may_reveal(user, instance):
                meta = type(instance)._meta
                url = reverse(self.reveal_url_name or f"{meta.app_label}:{meta.model_name}_reveal",
                              kwargs={"pk": instance.pk, "field": name})
                button = format_html(
                    '<button type="button" class="btn btn-link btn-sm p-0 align-baseline" hx-post="{}" '
                    'hx-vals=\'{{"into": "input", "name": "{}"}}\' hx-target="#{}" hx-swap="outerHTML">'
                    '<i class="bi bi-eye"></i> {}</button>',
                    url, self.add_prefix(name), _input_id(self, name),
                    _("Show the full value to edit it (the view is logged)"))
                help_text = format_html("{} {}", help_text, button)
            field.help_text = format_html("{}{}", format_html("{} ", field.help_text) if field.help_text else "",
                                          help_text)

    def full_clean(self):
        """Clean the stored value where the mask came back untouched; the page keeps the mask."""
        if not self.is_bound or not getattr(self, "masked_personal", None):
            return super().full_clean()
        posted = self.data
        data = posted.copy()
        for name, (masked, stored) in self.masked_personal.items():
            if data.get(self.add_prefix(name)) == masked:
                data[self.add_prefix(name)] = str(stored)
        self.data = data
        try:
            super().full_clean()
        finally:
            self.data = posted
