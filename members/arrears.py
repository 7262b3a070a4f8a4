"""Dues arrears: how many months a member is behind, by the union's own rule.

A member owes dues from the month they joined (or from the month the union began recording
dues here, if later). The first month they owe is the one after their last recorded payment.
They are flagged when that month lies ``arrears_months`` or more months before the current
one: with the default rule of six, a member whose last payment was for January is flagged
in August (February to July unpaid). The rule is the member's union's, or the nearest one
above it; without any, the default. All of it is one SQL expression, so a list of flagged
members is one query however many there are.
"""
from __future__ import annotations

import datetime

from django.db.models import CharField, DateField, ExpressionWrapper, F, Func, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest, TruncMonth
from django.db.models.lookups import StartsWith

from .models import ARREARS_MONTHS, DuesPayment, DuesRule


class _PlusOneMonth(Func):
    template = "(%(expressions)s + interval '1 month')::date"
    output_field = DateField()


class _MinusMonths(Func):
    arg_joiner = " - make_interval(months => "
    template = "(%(expressions)s))::date"
    output_field = DateField()


def _rule(field: str, output):
    member_path = ExpressionWrapper(OuterRef("union__path"), output_field=CharField())
    rules = DuesRule.objects.filter(StartsWith(member_path, F("union__path"))).order_by("-union__depth")
    return Subquery(rules.values(field)[:1], output_field=output)


def with_arrears(queryset, today: datetime.date):
    """Annotate ``last_paid``, ``first_unpaid`` and ``flag_from`` (the month before which an
    unpaid month makes the member flagged)."""
    current = today.replace(day=1)
    last_paid = Subquery(DuesPayment.objects.filter(member=OuterRef("pk")).order_by("-period").values("period")[:1],
                         output_field=DateField())
    joined_month = Cast(TruncMonth("joined_on", output_field=DateField()), DateField())
    owed_from = Greatest(joined_month, Coalesce(_rule("tracked_from", DateField()), joined_month),
                         output_field=DateField())
    months = Coalesce(_rule("arrears_months", IntegerField()), Value(ARREARS_MONTHS))
    return queryset.annotate(
        last_paid=last_paid,
        first_unpaid=Cast(Greatest(Coalesce(_PlusOneMonth(F("last_paid")), owed_from), owed_from,
                                   output_field=DateField()), DateField()),
        flag_from=_MinusMonths(Value(current, output_field=DateField()), months),
    )


def in_arrears(queryset, today: datetime.date):
    return with_arrears(queryset, today).filter(first_unpaid__lte=F("flag_from"))


def months_behind(first_unpaid: datetime.date | None, today: datetime.date) -> int:
    if first_unpaid is None:
        return 0
    return max((today.year - first_unpaid.year) * 12 + today.month - first_unpaid.month, 0)
