"""What the dashboard shows, apart from how: tiles, units worst first, histograms.

Used by the dashboard pages, the home page's indicator tiles and the one-page PDF snapshot,
so all three show the same figures. Every figure comes from one ``Tally`` (each source
counted once for the years shown); targets come from ``registry.targets`` (an issued work
plan of the organisation or its nearest superior), else the indicator's national default.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .indicators import Indicator, Measurement, Tally, registry


@dataclass
class Tile:
    indicator: Indicator
    measurement: Measurement
    previous: Measurement | None  # None: last year not asked for
    target: object  # Decimal or None
    target_source: str  # "plan", "national" or ""
    parts: list

    @property
    def value(self):
        return self.measurement.value

    @property
    def change(self):
        before = self.previous.value if self.previous else None
        return self.value - before if self.value is not None and before is not None else None

    @property
    def improved(self):
        """True for a change for the better (up, or down where lower is better)."""
        return self.indicator.is_improvement(self.change)

    @property
    def met(self) -> bool:
        return self.indicator.is_met(self.value, self.target)

    @property
    def comparator(self) -> str:
        return "≥" if self.indicator.better == "higher" else "≤"

    @property
    def bar(self):
        if self.value is None or self.indicator.unit != "percent":
            return None
        return max(0.0, min(float(self.value), 100.0))


def target_for(indicator, plan_targets) -> tuple[object, str]:
    if indicator.code in plan_targets:
        return plan_targets[indicator.code], "plan"
    if indicator.default_target is not None:
        return indicator.default_target, "national"
    return None, ""


def tiles_for(tally: Tally, year: int, *, compare: bool = True) -> list[Tile]:
    """A tile per registered indicator: this year, its target and, with ``compare``, last year
    (the home page's tiles show no change, so they do not count last year at all)."""
    indicators = list(registry)
    tally.prefetch(indicators, [year, year - 1] if compare else [year])
    plan_targets = registry.targets(tally.root, year)
    tiles = []
    for indicator in indicators:
        target, source = target_for(indicator, plan_targets)
        tiles.append(Tile(indicator=indicator, measurement=tally.whole(indicator, year),
                          previous=tally.whole(indicator, year - 1) if compare else None,
                          target=target, target_source=source,
                          parts=tally.parts(indicator, year)))
    return tiles


def sections(tiles: list[Tile]) -> list[tuple[str, list[Tile]]]:
    """Tiles grouped under their indicators' section headings, in registration order."""
    grouped: dict[str, list[Tile]] = {}
    for tile in tiles:
        grouped.setdefault(str(tile.indicator.section), []).append(tile)
    return list(grouped.items())


class WorstFirst(Sequence):
    """The units of ``units_worst_first`` in their order; an item is (unit pk, Measurement).

    Kept as one plain tuple per unit — (pk, numerator, denominator, incomplete, capped, excess,
    counted, scale, value as a float) — so that the order of ten thousand units is cached and
    read back in a few milliseconds (ten thousand Measurement objects take 50 ms to unpickle),
    and a Measurement is made only for the units a page shows."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows

    @classmethod
    def of(cls, measured: list[tuple[int, Measurement]]) -> "WorstFirst":
        return cls([(pk, m.numerator, m.denominator, m.incomplete, m.capped, m.excess, m.counted, m.scale,
                     None if m.value is None else float(m.value)) for pk, m in measured])

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._item(row) for row in self._rows[index]]
        return self._item(self._rows[index])

    @staticmethod
    def _item(row) -> tuple[int, Measurement]:
        pk, numerator, denominator, incomplete, capped, excess, counted, scale, _value = row
        return pk, Measurement(numerator, denominator, incomplete=incomplete, capped=capped, excess=excess,
                               counted=counted, scale=scale)

    def values(self) -> list[float | None]:
        """Every unit's value (None: no data), for a histogram."""
        return [row[8] for row in self._rows]

    @property
    def with_data(self) -> int:
        """How many units have a value (they come first)."""
        return sum(1 for row in self._rows if row[8] is not None)

    @property
    def left_out(self) -> int:
        """How many units are left out of the rate (incomplete data)."""
        return sum(1 for row in self._rows if not row[6])


def units_worst_first(tally: Tally, indicator: Indicator, year: int) -> WorstFirst:
    """The tally's units, worst first: the lowest value first, or the highest where lower is
    better; units with no data (nothing to measure) or incomplete data (left out of a rate,
    ``Measurement.counted``) last; ties by place in the tree. No query: the order needs every
    unit's value, but only the units shown need their names (``with_units``). Cached under the
    stamps of the tables the figures come from: a province's order is 10,000 units judged and
    sorted, which a dashboard whose tables did not change should not do again."""
    key = tally.derived_key(indicator, year, "worst-first")
    rows = cache.get(key) if key else None
    if rows is not None:
        return WorstFirst(rows)
    measured = tally.units(indicator, year)
    paths = tally.tree.paths
    sign = 1 if indicator.better == "higher" else -1

    def worst_first(row):
        value = row[1].value
        return (value is None, sign * (value or 0), paths[row[0]])

    ordered = WorstFirst.of(sorted(measured.items(), key=worst_first))
    if key:
        cache.set(key, ordered._rows, settings.INDICATOR_CACHE_SECONDS)
    return ordered


def with_units(rows) -> list:
    """[(unit, measurement)] for some of ``units_worst_first``'s rows, in their order: one query
    for the names of just these units (a page of a drill-down, a chart's top 25, an export)."""
    from .models import Organisation

    rows = list(rows)
    units = Organisation.objects.only("pk", "name", "short_name", "category", "path").in_bulk([pk for pk, _m in rows])
    return [(units[pk], m) for pk, m in rows]


def histogram(indicator, values):
    """Bins over the units' values: tenths of 0–100 for a percentage, else ten equal bins."""
    values = [float(v) for v in values if v is not None]
    if indicator.unit == "percent":
        low, width, bins = 0.0, 10.0, 10  # a unit's rate is never above 100 % (Indicator.judge)
    else:
        low, high = min(values, default=0.0), max(values, default=0.0)
        bins = 10 if high > low else 1
        width = (high - low) / bins if high > low else 1.0
    counts = [0] * bins
    for v in values:
        index = int((v - low) // width) if width else 0
        counts[max(0, min(index, bins - 1))] += 1
    labels = []
    for i in range(bins):
        start, end = low + i * width, low + (i + 1) * width
        if i == bins - 1:
            labels.append(f"{start:g}–{end:g}")
        else:
            labels.append(f"{start:g}–<{end:g}")
    return [{"label": label, "count": count} for label, count in zip(labels, counts)]
