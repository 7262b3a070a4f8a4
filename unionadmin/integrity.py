"""A unique constraint the database enforced is a message, never a server error.

Two requests that pass the same check at the same moment (a double click, two officers at
once) both try to write; PostgreSQL lets one through and refuses the other with a unique
violation. Three pieces turn that refusal into words in the reader's language:

- ``duplicate_message(error)`` names what already exists, from the constraint the database
  reports: the model's own words for it (a ``duplicate_messages`` dict on the model class,
  ``{constraint name: message}``, beside its ``Meta.constraints``; needed for a partial
  constraint, whose fields alone do not say it), else Django's own "… with this … already
  exists." for the model and fields of the constraint.
- ``saved_once(error_class)`` wraps a write in a savepoint and raises the app's domain error
  (``MembersError``, ``WelfareError``, …) with that message, for services whose views already
  turn domain errors into form errors or messages.
- ``DuplicateWriteMiddleware`` is the backstop for every other view: a unique violation that
  reaches it sends the person back to the page they came from with the message (the write was
  rolled back; the other request's write stands), instead of a 500.

Other integrity errors (check constraints, foreign keys) are not touched: they are bugs.
"""
from __future__ import annotations

from contextlib import contextmanager

from django.apps import apps
from django.contrib import messages
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

UNIQUE_VIOLATION = "23505"

_by_table: dict[str, dict[str, tuple]] = {}  # table -> {constraint name: (model, field names)}


class DuplicateWrite(Exception):
    """Raised by ``saved_once`` when no domain error class was given."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def unique_violation(error: BaseException) -> tuple[str, str] | None:
    """(table, constraint name) when ``error`` is PostgreSQL's unique violation, else None."""
    if not isinstance(error, IntegrityError):
        return None
    cause = error.__cause__
    if getattr(cause, "pgcode", None) != UNIQUE_VIOLATION:
        return None
    diag = getattr(cause, "diag", None)
    return (getattr(diag, "table_name", "") or "", getattr(diag, "constraint_name", "") or "")


def _constraints_of(table: str) -> dict[str, tuple]:
    """Every unique constraint of the model on ``table``, by the name PostgreSQL knows it by."""
    if table in _by_table:
        return _by_table[table]
    found: dict[str, tuple] = {}
    model = next((m for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table), None)
    if model is not None:
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                found[constraint.name] = (model, tuple(constraint.fields))
        # unique=True and unique_together get names PostgreSQL or Django made up: ask the database.
        columns = {f.column: f.name for f in model._meta.concrete_fields}
        try:
            with connection.cursor() as cursor:
                described = connection.introspection.get_constraints(cursor, table)
        except DatabaseError:  # a transaction already broken: the named constraints, not cached
            return found
        for name, info in described.items():
            if info.get("unique") and not info.get("primary_key") and name not in found:
                if all(c in columns for c in info.get("columns") or []):
                    found[name] = (model, tuple(columns[c] for c in info["columns"]))
    _by_table[table] = found
    return found


def duplicate_message(error: BaseException) -> str | None:
    """What already exists, in the active language; None when ``error`` is no unique violation."""
    violation = unique_violation(error)
    if violation is None:
        return None
    table, name = violation
    model, fields = _constraints_of(table).get(name, (None, ()))
    if model is None:
        return _("The same record was saved at the same moment by another request; this one saved nothing.")
    own = getattr(model, "duplicate_messages", {}).get(name)
    if own:
        return str(own)
    labels = [capfirst(model._meta.get_field(f).verbose_name) for f in fields]
    return _("%(model_name)s with this %(field_labels)s already exists.") % {
        "model_name": capfirst(model._meta.verbose_name), "field_labels": get_text_list(labels, _("and"))}


@contextmanager
def saved_once(error_class: type[Exception] = DuplicateWrite):
    """Run the write in a savepoint; a unique violation becomes ``error_class(message)``."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        message = duplicate_message(error)
        if message is None:
            raise
        raise error_class(message) from error


class DuplicateWriteMiddleware:
    """Backstop: a unique violation (or ``DuplicateWrite``) out of a view is a message and a
    redirect back to the page the person came from, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DuplicateWrite):
            message = exception.message
        else:
            message = duplicate_message(exception)
        if message is None:
            return None
        # The request's writes were rolled back: a "saved" it queued before the write failed is untrue.
        storage = getattr(request, "_messages", None)
        if storage is not None and hasattr(storage, "_queued_messages"):
            storage._queued_messages = []
        messages.error(request, message)
        back = request.headers.get("Referer") or ""
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = request.path if request.method == "POST" else "/"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = back
            return response
        return HttpResponseRedirect(back)
