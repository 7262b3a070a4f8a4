"""Orderings the database cannot take from a column's stored value."""
from django.db.models import Case, IntegerField, Value, When


def in_choice_order(field: str, choices) -> Case:
    """Rows by ``field`` in the order its ``choices`` are declared (主任, 副主任, 委员), not by
    the stored codes' spelling ("deputy" would come before "director"). Usable in
    ``Meta.ordering`` and ``order_by``; a value not among the choices comes last."""
    values = list(choices.values)
    return Case(*(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)),
                default=Value(len(values)), output_field=IntegerField())
