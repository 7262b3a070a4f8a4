"""Indicators the welfare app offers to the registry (registered in WelfareConfig.ready).

- hardship_exit_rate: of the households on file at the start of the year (filed before
  1 January and not ended before it), those lifted out of hardship (解困脱困) during the
  year. Target 30%.
- hardship_households: households on file at the end of the year (today, for this year),
  broken down by category (deep, relative, by accident); fewer is better.
- aid_paid: approved grants in the year, in yuan, broken down by programme kind.

The ``hardship`` source is one grouped query per year asked, the ``aid`` source one query for
all of them; rows are counted per union and rolled up into grassroots unions by the registry.
"""
import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, count_by_organisation, registry

from .models import AidProgramme, Grant, HardshipFile

Status = HardshipFile.Status
SECTION = _("Hardship aid")


def _bounds(year):
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), timezone.localdate()) if year == timezone.localdate().year else (
        datetime.date(year, 12, 31))
    return start, end


def _year_counts(year):
    start, end = _bounds(year)
    at_start = Q(filed_on__lt=start) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    on_file = Q(filed_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    return {
        "base": Count("pk", filter=at_start),
        # Only households on file at the start count as lifted: one filed and lifted within the
        # year is not in the denominator, and the rate could otherwise pass 100 %.
        "lifted": Count("pk", filter=at_start & Q(status=Status.LIFTED, closed_on__year=year)),
        "households": Count("pk", filter=on_file),
        **{f"households_{category}": Count("pk", filter=on_file & Q(category=category))
           for category in HardshipFile.Category.values},
    }


def count_hardship(root, years):
    files = HardshipFile.objects.filter(union__path__startswith=root.path)
    return {year: count_by_organisation(files, "union_id", [year], **_year_counts(year))[year] for year in years}


def count_aid(root, years):
    """Per union and year: approved grants' amount, all of them and by programme kind. One row
    per union and year (the kinds summed side by side), not one per kind."""
    grants = Grant.objects.filter(union__path__startswith=root.path, status=Grant.Status.APPROVED)
    return count_by_organisation(grants, "union_id", years, "year", paid=Sum("amount"), **{
        f"paid_{kind}": Sum("amount", filter=Q(programme__kind=kind)) for kind in AidProgramme.Kind.values})


def register():
    registry.add_source("hardship", count_hardship, models=[HardshipFile])
    registry.add_source("aid", count_aid, models=[Grant, AidProgramme])
    registry.register(Indicator(
        code="hardship_exit_rate", label=_("Hardship exit rate"), unit="percent",
        numerator="hardship:lifted", denominator="hardship:base", default_target=Decimal("30"), section=SECTION,
        description=_("Households lifted out of hardship this year, out of the households on file at the start "
                      "of the year."),
    ))
    registry.register(Indicator(
        code="hardship_households", label=_("Hardship households"), unit="count", numerator="hardship:households",
        better="lower", section=SECTION,
        parts=lambda: [(f"hardship:households_{value}", label) for value, label in HardshipFile.Category.choices],
        description=_("Households on file at the end of the year (today, for the current year)."),
    ))
    registry.register(Indicator(
        code="aid_paid", label=_("Aid paid"), unit="yuan", numerator="aid:paid", section=SECTION,
        parts=lambda: [(f"aid:paid_{value}", label) for value, label in AidProgramme.Kind.choices],
        description=_("Approved grants in the year, all programmes."),
    ))
