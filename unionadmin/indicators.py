"""The indicator registry: named measures of a subtree, offered by the apps.

An app registers its indicators in its ``AppConfig.ready()``; planning (targets), assessment
(auto-measured items) and the dashboard read them from here, so no app imports the apps
that offer them. An indicator computes its value for an organisation's subtree and a year,
and per unit for drill-down, each in a constant number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Measurement:
    numerator: int | Decimal
    denominator: int | Decimal | None = None  # None: a plain count or amount

    @property
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.denominator:
            return None  # no units to measure: "no data", not 0%
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str  # "percent", "count" or "yuan"
    measure: Callable  # (organisation, year) -> Measurement for the whole subtree
    measure_units: Callable | None = None  # (organisation, year) -> {grassroots org id: Measurement}
    default_target: Decimal | None = None  # the national target, e.g. 90 for qualified Homes
    description: str = ""


class IndicatorRegistry:
    def __init__(self):
        self._indicators: dict[str, Indicator] = {}
        self._target_sources: list[Callable] = []

    def register(self, indicator: Indicator) -> Indicator:
        if indicator.code in self._indicators:
            raise ValueError(f"indicator {indicator.code!r} is registered twice")
        self._indicators[indicator.code] = indicator
        return indicator

    def get(self, code: str) -> Indicator:
        return self._indicators[code]

    def __contains__(self, code):
        return code in self._indicators

    def __iter__(self):
        return iter(self._indicators.values())

    def choices(self):
        return [(i.code, i.label) for i in self]

    # --- target sources: who sets a year's target for an organisation -----------------------
    # An app that sets targets (planning's issued work plans) adds a source in its ready():
    # fn(organisation, year) -> {indicator code: Decimal target}, already resolved to the
    # nearest issuing organisation (the organisation itself or its closest ancestor). Sources
    # added first win where two set the same indicator.
    def add_target_source(self, fn: Callable) -> Callable:
        if fn not in self._target_sources:
            self._target_sources.append(fn)
        return fn

    def targets(self, organisation, year) -> dict[str, Decimal]:
        """{indicator code: target} set for ``organisation`` in ``year`` by any source; an
        indicator without one falls back to its ``default_target`` where the reader wants it."""
        merged: dict[str, Decimal] = {}
        for source in self._target_sources:
            for code, target in (source(organisation, year) or {}).items():
                merged.setdefault(code, Decimal(target))
        return merged


registry = IndicatorRegistry()


# --- Workers' Home ratios, from the organisation tree itself --------------------------------
def _home_rating_measure(at_least: list[str]):
    def measure(organisation, year):
        from .models import Organisation

        counts = Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True).aggregate(
            total=Count("pk"),
            rated=Count("pk", filter=Q(home_rating__in=at_least, home_rating_year__lte=year)),
        )
        return Measurement(counts["rated"], counts["total"])

    def measure_units(organisation, year):
        from .models import Organisation

        units = Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)
        return {
            pk: Measurement(1 if rating in at_least and (rated_year or 0) <= year else 0, 1)
            for pk, rating, rated_year in units.values_list("pk", "home_rating", "home_rating_year")
        }

    return measure, measure_units


_qualified = _home_rating_measure(["qualified", "advanced", "model"])
_advanced = _home_rating_measure(["advanced", "model"])
registry.register(
    Indicator(
        code="workers_home_qualified",
        label=_("Qualified Workers' Homes"),
        unit="percent",
        measure=_qualified[0],
        measure_units=_qualified[1],
        default_target=Decimal("90"),
        description=_("Grassroots unions rated qualified, advanced or model, out of all grassroots unions."),
    )
)
registry.register(
    Indicator(
        code="workers_home_advanced",
        label=_("Advanced Workers' Homes"),
        unit="percent",
        measure=_advanced[0],
        measure_units=_advanced[1],
        default_target=Decimal("30"),
        description=_("Grassroots unions rated advanced or model, out of all grassroots unions."),
    )
)
