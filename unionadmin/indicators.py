"""The indicator registry: named measures of a subtree, offered by the apps.

An app registers its indicators in its ``AppConfig.ready()``; planning (targets), assessment
(auto-measured items), the home page and the dashboard read them from here, so no app imports
the apps that offer them.

Two kinds of thing are registered:

- a **source** counts raw figures per organisation for some years, aggregated in the database
  in a number of queries that depends on the years asked, never on the number of units:
  ``count(root, years) -> {year: {organisation pk: {key: number}}}``. Rows are keyed by the
  organisation the data sits at (a member's union, a file's union); the registry rolls a
  branch's or group's rows up into its grassroots union.
- an **indicator** names a numerator and, for a rate, a denominator as ``"source:key"``
  (e.g. ``"members:active"`` over ``"organisations:employees"``), with its unit, which way is
  better, its national target and optionally the parts its numerator breaks down into.

``Tally`` measures one subtree: each source is counted once for all the years and indicators
a page needs, and the whole subtree is the sum of its rows (so a subtree's figure and its
units' figures always add up). ``Indicator.measure`` and ``Indicator.measure_units`` are the
one-off forms of the same.

A rate is judged unit by unit (``Indicator.judge``): a unit whose denominator is missing is left
out of both sides and counted as incomplete (数据不全, shown on tiles, drill-down, exports and the
PDF); a numerator above its denominator is capped at 100 % or left out, as the indicator says. So
the whole is the sum of its counted units and no rate reads above 100 %.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, reduce
from operator import methodcaller, or_
from typing import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import stamps

Counts = dict  # {key: int | Decimal}
TREE_TABLE = "unionadmin_organisation"  # every figure is rolled up along the tree


@dataclass(frozen=True)
class Measurement:
    """A figure: a count or amount (no denominator), or a rate ``numerator / denominator``.

    For a rate, ``numerator`` and ``denominator`` are what was counted: units with incomplete
    data are in neither (``incomplete`` says how many were left out), a unit whose numerator
    passed its denominator where the indicator caps is counted at its denominator (``capped``
    units, ``excess`` not counted). A single unit that is left out keeps its own figures for
    display but has no value (``counted`` is False). So a rate is never above 100 %.
    """

    numerator: int | Decimal
    denominator: int | Decimal | None = None  # None: a plain count or amount
    incomplete: int = 0  # units left out of both sides: data incomplete (数据不全)
    capped: int = 0  # units counted at their denominator (their numerator passed it)
    excess: int | Decimal = 0  # what the capped units had beyond their denominator, not counted
    counted: bool = True  # False: this unit is left out of the rate (its figures shown, not counted)
    scale: int = 100  # a rate's value is numerator × scale ÷ denominator: 100 for a percentage, 1 for a mean

    @cached_property  # a drill-down sorts ten thousand units by it (frozen: computed once, kept)
    def value(self) -> Decimal | None:
        if self.denominator is None:
            return Decimal(self.numerator)
        if not self.counted or not self.denominator:
            return None  # left out, or no units to measure: "no data", not 0%
        return (Decimal(self.numerator) * self.scale / Decimal(self.denominator)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def reported(self) -> int | Decimal:
        """The numerator as the records have it, before capping."""
        return self.numerator + self.excess


@dataclass(frozen=True)
class Source:
    code: str
    count: Callable  # (root organisation, tuple of years) -> {year: {organisation pk: Counts}}
    models: tuple = ()  # every model it reads: a change to any of them is a new figure (stamps.py)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str  # "percent", "count", "yuan" or "days" (a mean)
    numerator: str  # "source:key"
    denominator: str | None = None  # "source:key" for a rate; None for a count or amount
    default_target: Decimal | None = None  # the national target, e.g. 90 for qualified Homes
    description: str = ""
    better: str = "higher"  # "higher" or "lower": which way is good (worst first, targets, change)
    parts: Callable | None = None  # () -> [(key, label)]: what the numerator breaks down into
    section: str = ""  # a heading the dashboard groups tiles under (translatable)
    # For a rate, per unit (see ``judge``): is a zero denominator a figure nobody entered (a
    # unit's headcount), so the unit's data is incomplete even with nothing in the numerator?
    # Otherwise the denominator is counted from records and zero means nothing to measure.
    denominator_entered: bool = False
    # For a rate, per unit: a numerator above the denominator is "cap" (it can happen, e.g.
    # agency workers who joined at the host: counted at the denominator, 100 %) or "flag" (the
    # numerator is a subset of the denominator by construction, so the records disagree: the
    # unit is left out as incomplete rather than guessed at).
    over_denominator: str = "flag"
    # A mean rather than a percentage: the value is numerator ÷ denominator (e.g. days waited
    # over applications approved), so a numerator above its denominator is normal, never
    # capped or flagged; the whole is the mean of all the units' rows (their sums divided).
    mean: bool = False

    def __post_init__(self):
        if self.better not in ("higher", "lower"):
            raise ValueError(f"indicator {self.code!r}: better must be 'higher' or 'lower'")
        if self.over_denominator not in ("cap", "flag"):
            raise ValueError(f"indicator {self.code!r}: over_denominator must be 'cap' or 'flag'")

    def judge(self, numerator, denominator) -> str:
        """What one unit's figures of a rate count as: "counted", "capped" (counted at the
        denominator), "incomplete" (left out of both sides, listed as 数据不全) or "empty"
        (nothing to measure: in no side, no data, not a fault)."""
        if not denominator:
            return "incomplete" if numerator or self.denominator_entered else "empty"
        if self.mean:
            return "counted"
        if numerator > denominator:
            return "capped" if self.over_denominator == "cap" else "incomplete"
        return "counted"

    @property
    def sources(self) -> set[str]:
        keys = [self.numerator, self.denominator, *(self.part_keys())]
        return {key.split(":", 1)[0] for key in keys if key}

    @property
    def scale(self) -> int:
        return 1 if self.mean else 100

    def part_keys(self) -> list[str]:
        return [key for key, _label in self.parts()] if self.parts else []

    def is_met(self, value, target) -> bool:
        if value is None or target is None:
            return False
        return value >= target if self.better == "higher" else value <= target

    def is_improvement(self, change) -> bool | None:
        """True for a change for the better, False for the worse, None for no change."""
        if not change:
            return None
        return (change > 0) == (self.better == "higher")

    # one-off measurements (planning, assessment, reports); pages measure through a Tally
    def measure(self, organisation, year) -> Measurement:
        return Tally(organisation).whole(self, year)

    def measure_units(self, organisation, year) -> dict[int, Measurement]:
        return Tally(organisation).units(self, year)


class IndicatorRegistry:
    def __init__(self):
        self._indicators: dict[str, Indicator] = {}
        self._sources: dict[str, Source] = {}
        self._target_sources: list[Callable] = []

    def add_source(self, code: str, count: Callable, models) -> Source:
        if code in self._sources:
            raise ValueError(f"indicator source {code!r} is registered twice")
        self._sources[code] = Source(code, count, tuple(models))
        return self._sources[code]

    def source(self, code: str) -> Source:
        return self._sources[code]

    def source_models(self) -> set:
        return {model for source in self._sources.values() for model in source.models}

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


def _add(into: Counts, counts: Counts):
    for key, n in counts.items():
        into[key] = into.get(key, 0) + n


@dataclass
class _Tree:
    """The subtree's organisations and, for each, the active grassroots unit it belongs to."""

    unit_of: dict[int, int | None] = field(default_factory=dict)  # organisation pk -> unit pk or None
    units: dict[int, str] = field(default_factory=dict)  # active grassroots unit pk -> category
    paths: dict[int, str] = field(default_factory=dict)  # active grassroots unit pk -> path (its place)


class Tally:
    """The measurements of one subtree (``root``), of one unit category if given.

    Each source is counted at most once per year asked (``prefetch`` asks for several years in
    one call); the rows are rolled up into the active grassroots units of the subtree. The whole
    is the sum of every row of the subtree, so rows that sit above the grassroots level or in an
    inactive union count towards the whole but towards no unit; with a category only the units
    of that category are added up.
    """

    def __init__(self, root, category: str = ""):
        self.root, self.category = root, category
        self._tree: _Tree | None = None
        self._rolled: dict[tuple[str, int], dict[int | None, Counts]] = {}
        self._totals: dict[tuple[str, int], Counts] = {}
        self._tokens: dict[str, str] | None = None
        # (indicator code, year) -> (the whole's Measurement, its parts' amounts): what tiles show
        self._measured: dict[tuple[str, int], tuple[Measurement, list]] = {}

    # --- the tree (one query) ---------------------------------------------------------------
    @property
    def tree(self) -> _Tree:
        if self._tree is None:
            seconds = settings.INDICATOR_CACHE_SECONDS
            key = f"indicators:v2:tree:{self.root.pk}:{self._stamp([])}" if seconds else None
            self._tree = cache.get(key) if key else None
            if self._tree is None:
                self._tree = self._read_tree()
                if key:
                    cache.set(key, self._tree, seconds)
        return self._tree

    def _read_tree(self) -> _Tree:
        """The subtree's organisations, one query: ten thousand units and their branches take
        longer to read and link than to fetch from the cache under the tree's stamp."""
        from .models import Organisation

        rows = (Organisation.objects.subtree_of(self.root).order_by("path")
                .values_list("pk", "path", "level", "is_active", "category"))
        tree = _Tree()
        unit_at: dict[str, int | None] = {}  # path -> the unit it belongs to
        grassroots = Organisation.Level.GRASSROOTS
        # Parents before children (a path sorts after its prefix): each organisation belongs to
        # itself if it is an active grassroots unit, else to its parent's unit (by the parent's path).
        for pk, path, level, is_active, category in rows:
            if level == grassroots and is_active:
                tree.units[pk], tree.paths[pk] = category, path
                unit_at[path] = tree.unit_of[pk] = pk
            else:
                unit_at[path] = tree.unit_of[pk] = unit_at.get(path[:path.rfind("/", 0, -1) + 1])
        return tree

    def unit_pks(self) -> list[int]:
        return [pk for pk, category in self.tree.units.items() if not self.category or category == self.category]

    # --- counting ---------------------------------------------------------------------------
    def prefetch(self, indicators, years):
        """Measure these indicators as wholes for all these years: what the cache holds under
        the tables' current stamps is read in one round trip (the wholes, then the rows of the
        sources still needed), the rest is counted, one call a source. A whole read from the
        cache needs no rows: a page whose tables did not change adds up no unit."""
        wanted = [(indicator, year) for indicator in indicators for year in years
                  if (indicator.code, year) not in self._measured]
        seconds = settings.INDICATOR_CACHE_SECONDS
        if seconds and wanted:
            keys = {self._measured_key(indicator, year): (indicator.code, year) for indicator, year in wanted}
            for key, measured in cache.get_many(list(keys)).items():
                self._measured[keys[key]] = measured
            wanted = [(indicator, year) for indicator, year in wanted if (indicator.code, year) not in self._measured]
        if not wanted:
            return
        self._count({(code, year) for indicator, year in wanted for code in indicator.sources})
        for indicator, year in wanted:
            self._measure(indicator, year)
        if seconds:
            cache.set_many({self._measured_key(indicator, year): self._measured[(indicator.code, year)]
                            for indicator, year in wanted}, seconds)

    def _measure(self, indicator, year):
        unit_pks = self.unit_pks() if self.category else None
        parts = [self._sum(key, year, unit_pks) for key in indicator.part_keys()]
        self._measured[(indicator.code, year)] = (self._measurement(indicator, year, unit_pks), parts)

    def _count(self, pairs):
        """Each (source code, year) in ``pairs`` counted (or read from the cache), unless known."""
        wanted = set(pairs) - self._rolled.keys()
        if not wanted:
            return
        seconds = settings.INDICATOR_CACHE_SECONDS
        keys = {self._cache_key(code, year): (code, year) for code, year in sorted(wanted)} if seconds else {}
        for key, (rolled, totals) in (cache.get_many(list(keys)) if keys else {}).items():
            self._rolled[keys[key]], self._totals[keys[key]] = rolled, totals
            wanted.discard(keys[key])
        by_source: dict[str, list[int]] = {}
        for code, year in sorted(wanted):
            by_source.setdefault(code, []).append(year)
        for code, missing in by_source.items():
            self._roll_up(code, tuple(missing))
        if seconds:
            cache.set_many({self._cache_key(code, year): (self._rolled[(code, year)], self._totals[(code, year)])
                            for code, year in sorted(wanted)}, seconds)

    def _stamp(self, codes) -> str:
        """The stamps of every table these sources read, and the tree's."""
        if self._tokens is None:
            # Read before anything is counted, so counted figures are never older than their key.
            self._tokens = stamps.token(stamps.stamped_tables())
        tables = sorted({model._meta.db_table for code in codes for model in registry.source(code).models}
                        | {TREE_TABLE})
        return ".".join(self._tokens[table] for table in tables)

    def derived_key(self, indicator, year, what: str) -> str | None:
        """A cache key for something worked out from the indicator's unit figures for the year
        (``what``: the units worst first), named like its whole: it changes with the stamps of
        every table the figures are counted from and of the tree. None when nothing is cached."""
        if not settings.INDICATOR_CACHE_SECONDS:
            return None
        return f"{self._measured_key(indicator, year)}:{what}"

    def _measured_key(self, indicator, year) -> str:
        """A whole's figures and its parts, named like the rows they are added up from (below),
        with the unit category and the stamps of every table of every source the indicator reads."""
        return (f"indicators:v2:measured:{indicator.code}:{self.root.pk}:{self.category}:{year}:"
                f"{timezone.localdate():%Y%m%d}:{self._stamp(sorted(indicator.sources))}")

    def _cache_key(self, code, year) -> str:
        """Names the figures and everything they depend on: the subtree, the year, today (the
        current year is measured as at today), and the stamps of every table the source reads."""
        return f"indicators:v1:{code}:{self.root.pk}:{year}:{timezone.localdate():%Y%m%d}:{self._stamp([code])}"

    def _roll_up(self, code, years):
        counted = registry.source(code).count(self.root, years)
        unit_of = self.tree.unit_of
        outside = object()
        for year in years:
            by_unit: dict[int | None, Counts] = {}
            merged = set()  # units whose row is a sum of several rows: our own copy, added to
            for organisation_pk, counts in counted.get(year, {}).items():
                unit = unit_of.get(organisation_pk, outside)
                if unit is outside:  # a source may count a little wider than the subtree
                    continue
                row = by_unit.get(unit)
                if row is None:
                    by_unit[unit] = counts  # a source's row, never written to
                    continue
                if unit not in merged:
                    row = by_unit[unit] = dict(row)
                    merged.add(unit)
                _add(row, counts)
            self._rolled[(code, year)] = by_unit
            rows = list(by_unit.values())
            # Key by key, the loops over thousands of rows in C (map and sum, not a Python loop).
            self._totals[(code, year)] = {key: sum(map(methodcaller("get", key, 0), rows), 0)
                                          for key in set().union(*rows)}

    def _rows(self, code, year) -> dict[int | None, Counts]:
        if (code, year) not in self._rolled:
            self._count({(code, year)})
        return self._rolled[(code, year)]

    def _sum(self, key: str, year, unit_pks) -> int | Decimal:
        code, name = key.split(":", 1)
        rows = self._rows(code, year)
        if unit_pks is None:  # the whole subtree
            return self._totals[(code, year)].get(name, 0)
        return sum((rows[pk].get(name, 0) for pk in unit_pks if pk in rows), 0)

    def _measurement(self, indicator, year, unit_pks) -> Measurement:
        numerator = self._sum(indicator.numerator, year, unit_pks)
        if indicator.denominator is None:
            return Measurement(numerator)
        return self._rate(indicator, year, unit_pks)

    def _rate(self, indicator, year, unit_pks) -> Measurement:
        """A rate over many rows, each judged on its own (``Indicator.judge``): the counted and
        capped rows add up, incomplete ones are left out of both sides and counted. The whole
        subtree also judges the rows outside any active grassroots unit (above the grassroots
        level or in a closed union) as one row; being no unit, it is never listed."""
        n_code, n_key = indicator.numerator.split(":", 1)
        d_code, d_key = indicator.denominator.split(":", 1)
        n_rows, d_rows = self._rows(n_code, year), self._rows(d_code, year)
        whole = unit_pks is None
        keys = (n_rows.keys() | d_rows.keys()) if whole else unit_pks
        numerator = denominator = excess = 0
        incomplete = capped = 0
        empty, judge = {}, indicator.judge
        n_get, d_get = n_rows.get, d_rows.get
        for key in keys:
            n = n_get(key, empty).get(n_key, 0)
            d = d_get(key, empty).get(d_key, 0)
            if d and (indicator.mean or n <= d):  # counted: what judge says, without the call
                numerator += n
                denominator += d
                continue
            if whole and key is None and not n and not d:
                continue
            verdict = judge(n, d)
            if verdict == "incomplete":
                incomplete += key is not None
            elif verdict == "capped":
                numerator, denominator, excess, capped = numerator + d, denominator + d, excess + n - d, capped + 1
            elif verdict == "counted":
                numerator, denominator = numerator + n, denominator + d
        if whole and indicator.judge(0, 0) == "incomplete":  # an active unit with no rows at all
            incomplete += sum(1 for pk in self.tree.units if pk not in n_rows and pk not in d_rows)
        return Measurement(numerator, denominator, incomplete=incomplete, capped=capped, excess=excess,
                           scale=indicator.scale)

    # --- what pages read --------------------------------------------------------------------
    def whole(self, indicator: Indicator, year) -> Measurement:
        self.prefetch([indicator], [year])
        return self._measured[(indicator.code, year)][0]

    def units(self, indicator: Indicator, year) -> dict[int, Measurement]:
        """{unit pk: Measurement} for every active grassroots unit (of the category, if any)."""
        unit_pks = self.unit_pks()
        n_code, n_key = indicator.numerator.split(":", 1)
        n_get, empty = self._rows(n_code, year).get, {}
        if indicator.denominator is None:
            return {pk: Measurement(n_get(pk, empty).get(n_key, 0)) for pk in unit_pks}
        d_code, d_key = indicator.denominator.split(":", 1)
        d_get, judge, scale = self._rows(d_code, year).get, indicator.judge, indicator.scale
        measured = {}
        for pk in unit_pks:
            n, d = n_get(pk, empty).get(n_key, 0), d_get(pk, empty).get(d_key, 0)
            verdict = judge(n, d)
            # One unit's figures, judged: a unit left out keeps its own figures, for display.
            if verdict == "incomplete":
                measured[pk] = Measurement(n, d, incomplete=1, counted=False, scale=scale)
            elif verdict == "capped":
                measured[pk] = Measurement(d, d, capped=1, excess=n - d)
            else:
                measured[pk] = Measurement(n, d, scale=scale)
        return measured

    def parts(self, indicator: Indicator, year) -> list[tuple[str, int | Decimal]]:
        """[(label, numerator)] of the indicator's parts, for the whole (or the category)."""
        if not indicator.parts:
            return []
        self.prefetch([indicator], [year])
        amounts = self._measured[(indicator.code, year)][1]
        return [(label, amount) for (_key, label), amount in zip(indicator.parts(), amounts)]


# --- the organisation tree's own figures: employees and Workers' Homes ----------------------
ORGANISATION_SECTION = _("Organisation building")
HOME_KEYS = {"qualified": ["qualified", "advanced", "model"], "advanced": ["advanced", "model"], "model": ["model"]}


def count_organisations(root, years):
    """Per active grassroots unit: 1 unit, its employees, and whether its Workers' Home was
    rated at least qualified / advanced / model by the end of the year (rated in that year or
    before; the rating on file is the unit's latest)."""
    from .models import Organisation

    units = (Organisation.objects.subtree_of(root).grassroots().filter(is_active=True).order_by()
             .values_list("pk", "employee_count", "home_rating", "home_rating_year"))
    units = list(units)
    result = {}
    for year in years:
        result[year] = {
            pk: {"units": 1, "employees": employees,
                 **{key: int(rating in ratings and (rated or 0) <= year) for key, ratings in HOME_KEYS.items()}}
            for pk, employees, rating, rated in units
        }
    return result


def register():
    """The tree's own indicators (called from UnionAdminConfig.ready, before the apps add theirs)."""
    from .models import Organisation

    registry.add_source("organisations", count_organisations, models=[Organisation])
    for code, key, label, target, description in [
        ("workers_home_qualified", "qualified", _("Qualified Workers' Homes"), Decimal("90"),
         _("Grassroots unions rated qualified, advanced or model, out of all grassroots unions.")),
        ("workers_home_advanced", "advanced", _("Advanced Workers' Homes"), Decimal("30"),
         _("Grassroots unions rated advanced or model, out of all grassroots unions.")),
        ("workers_home_model", "model", _("Model Workers' Homes"), None,
         _("Grassroots unions rated model, out of all grassroots unions.")),
    ]:
        registry.register(Indicator(
            code=code, label=label, unit="percent", numerator=f"organisations:{key}",
            denominator="organisations:units", default_target=target, description=description,
            section=ORGANISATION_SECTION,
        ))


def count_by_organisation(queryset, organisation_field: str, years, year_field: str | None = None,
                          **aggregates) -> dict:
    """{year: {organisation pk: {key: n}}} from one grouped query: ``aggregates`` per
    organisation, per year when ``year_field`` gives each row's year (else the same rows for
    every year asked). The sources' common shape; keys with a zero are left out."""
    fields = [organisation_field] + ([year_field] if year_field else [])
    if year_field and year_field.endswith("__year"):
        # A date's year: one range per year (Django writes ``__year=`` as BETWEEN its first and
        # last day), which the planner estimates from the column's statistics; EXTRACT(YEAR …) IN
        # (…) it guesses at a few rows, and a hash aggregate sized for them spills to disk.
        queryset = queryset.filter(reduce(or_, (Q(**{year_field: year}) for year in years)))
    elif year_field:
        queryset = queryset.filter(**{f"{year_field}__in": list(years)})
    result = {year: {} for year in years}
    keys = list(aggregates)
    grouped = queryset.values(*fields).annotate(**aggregates).order_by().values_list(*fields, *keys)
    # Straight from the cursor: PostgreSQL's counts are ints and its sums Decimals already, and
    # Django's converters cost a call per figure (tens of thousands a page at a county).
    sql, params = grouped.query.get_compiler(using=grouped.db).as_sql()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for organisation, *rest in rows:
        row_years = [int(rest.pop(0))] if year_field else years  # EXTRACT(YEAR …) is a numeric
        counts = {key: n for key, n in zip(keys, rest) if n}
        if counts:
            for year in row_years:
                result[year][organisation] = counts
    return result
