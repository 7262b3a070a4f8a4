"""Indicators the welfare app offers to the registry (registered in WelfareConfig.ready).

- hardship_exit_rate: households lifted out of hardship (解困脱困) during the year, over the
  households on file at the start of the year (filed before 1 January and not ended before
  it). Target 30%.
- hardship_households: households on file at the end of the year (today, for this year).
- aid_paid: approved grants in the year, in yuan.
Each measures a subtree in a constant number of queries; per-unit values roll branches up
into their grassroots union.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry
from unionadmin.models import Organisation

from .models import Grant, HardshipFile

Status = HardshipFile.Status


def _bounds(year):
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), timezone.localdate()) if year == timezone.localdate().year else (
        datetime.date(year, 12, 31))
    return start, end


def _files(organisation):
    return HardshipFile.objects.filter(union__path__startswith=organisation.path)


def _exit_counts(year):
    start, _end = _bounds(year)
    at_start = Q(filed_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    lifted = Q(status=Status.LIFTED, closed_on__year=year)
    return dict(base=Count("pk", filter=at_start), lifted=Count("pk", filter=lifted))


def exit_rate(organisation, year):
    counts = _files(organisation).aggregate(**_exit_counts(year))
    return Measurement(counts["lifted"], counts["base"])


def _on_file_q(year):
    _start, end = _bounds(year)
    return Q(filed_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def households(organisation, year):
    return Measurement(_files(organisation).filter(_on_file_q(year)).count())


def _yuan(amount) -> Decimal:
    """Whole yuan: an indicator is a headline figure (the ledger keeps the cents)."""
    return Decimal(amount or 0).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def aid_paid(organisation, year):
    total = Grant.objects.filter(union__path__startswith=organisation.path, status=Grant.Status.APPROVED,
                                 year=year).aggregate(total=Sum("amount"))["total"]
    return Measurement(_yuan(total))


def _per_unit(organisation, rows, combine):
    """Roll {union path: values} up into the grassroots unions of the subtree."""
    units = Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)
    result = {}
    for pk, path in units.values_list("pk", "path"):
        result[pk] = combine([values for union_path, values in rows.items() if union_path.startswith(path)])
    return result


def exit_rate_units(organisation, year):
    rows = {row["union__path"]: row for row in
            _files(organisation).values("union__path").annotate(**_exit_counts(year)).order_by()}
    return _per_unit(organisation, rows, lambda vals: Measurement(sum(v["lifted"] for v in vals),
                                                                  sum(v["base"] for v in vals)))


def households_units(organisation, year):
    rows = dict(_files(organisation).filter(_on_file_q(year)).values("union__path").annotate(n=Count("pk"))
                .order_by().values_list("union__path", "n"))
    return _per_unit(organisation, rows, lambda vals: Measurement(sum(vals)))


def aid_paid_units(organisation, year):
    rows = dict(Grant.objects.filter(union__path__startswith=organisation.path, status=Grant.Status.APPROVED,
                                     year=year).values("union__path").annotate(total=Sum("amount")).order_by()
                .values_list("union__path", "total"))
    return _per_unit(organisation, rows, lambda vals: Measurement(_yuan(sum(vals, Decimal("0")))))


def register():
    registry.register(Indicator(
        code="hardship_exit_rate", label=_("Hardship exit rate"), unit="percent",
        measure=exit_rate, measure_units=exit_rate_units, default_target=Decimal("30"),
        description=_("Households lifted out of hardship this year, out of the households on file at the start "
                      "of the year."),
    ))
    registry.register(Indicator(
        code="hardship_households", label=_("Hardship households"), unit="count",
        measure=households, measure_units=households_units,
        description=_("Households on file at the end of the year (today, for the current year)."),
    ))
    registry.register(Indicator(
        code="aid_paid", label=_("Aid paid"), unit="yuan",
        measure=aid_paid, measure_units=aid_paid_units,
        description=_("Approved grants in the year, all programmes."),
    ))
