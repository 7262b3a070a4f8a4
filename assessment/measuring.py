"""Auto-measured items: the indicator's value for a unit and the points the item's rule gives.

A unit's own page measures its own subtree (``Indicator.measure(unit, year)``, a few queries
per indicator); the demo and anything covering many units use ``measure_units`` over the
federation once per indicator.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from unionadmin.indicators import Measurement, Tally
from unionadmin.indicators import registry as indicator_registry

from . import grading


@dataclass(frozen=True)
class Proposal:
    indicator_code: str
    label: str
    unit: str  # the indicator's unit: "percent", "count", "yuan"
    measurement: Measurement | None
    points: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return self.measurement.value if self.measurement is not None else None

    @property
    def has_data(self) -> bool:
        return self.value is not None


def _proposal(item, measurement) -> Proposal:
    indicator = indicator_registry.get(item.indicator_code)
    value = measurement.value if measurement is not None else None
    try:
        points = grading.rule_points(item.rule, value, item.maximum)
    except grading.RuleError:
        points = None
    return Proposal(item.indicator_code, str(indicator.label), indicator.unit, measurement, points)


def proposals_for_unit(items, unit, year) -> dict[int, Proposal]:
    """{item pk: Proposal} for the measured items among ``items``, measuring ``unit``."""
    measured: dict[str, Measurement | None] = {}
    result = {}
    for item in items:
        if not item.indicator_code or item.indicator_code not in indicator_registry:
            continue
        if item.indicator_code not in measured:
            measured[item.indicator_code] = indicator_registry.get(item.indicator_code).measure(unit, year)
        result[item.pk] = _proposal(item, measured[item.indicator_code])
    return result


def proposals_for_units(items, federation, year) -> dict[int, dict[int, Proposal]]:
    """{unit pk: {item pk: Proposal}} for every grassroots unit under ``federation``, one
    ``Tally`` for all of them."""
    by_code: dict[str, dict] = {}
    result: dict[int, dict[int, Proposal]] = {}
    tally = Tally(federation)  # each source counted once for every measured item
    for item in items:
        if not item.indicator_code or item.indicator_code not in indicator_registry:
            continue
        if item.indicator_code not in by_code:
            by_code[item.indicator_code] = tally.units(indicator_registry.get(item.indicator_code), year)
        for unit_id, measurement in by_code[item.indicator_code].items():
            result.setdefault(unit_id, {})[item.pk] = _proposal(item, measurement)
    return result
