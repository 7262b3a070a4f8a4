"""Personal data: shown masked, revealed one value at a time to those allowed, each reveal logged.

A model lists its personal fields and how to mask each:

    personal_fields = {"id_number": mask_id_number, "phone": mask_phone}

and grants the "reveal" action in its ScopePolicy to the roles that may see them. Templates
show ``{% personal obj "id_number" %}`` (masked, with a reveal button when allowed); the
button posts to a ``RevealFieldView`` (views/personal.py) for that model, which logs an AuditEvent and returns
the value. Exports and PDFs call ``display_value(user, obj, field)``, which masks unless the
user may reveal (and exports log their own AuditEvent).
"""
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404

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
