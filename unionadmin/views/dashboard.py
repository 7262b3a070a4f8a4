"""The dashboard: every registered indicator for one organisation's subtree, with targets,
the change since last year, charts of the units below, drill-down and XLSX export.

- Tiles come from the indicator registry at request time (apps register their own); the
  target is the one an issued work plan sets (``registry.targets``), else the indicator's
  national default.
- Per-unit values come from ``measure_units`` (one call per indicator shown, a constant
  number of queries whatever the number of units).
- Measurements are cached for a short time (``Figures``: per organisation, indicator and
  year; ``settings.DASHBOARD_CACHE_SECONDS``, default 300, 0 = off). Invalidation is by
  expiry only, and the page says how old figures may be. Targets are always read fresh.
  The value over time is ``measure(org, y)`` for earlier years, computed from today's data
  filtered by year where the indicator supports it.
- Filters live in the query string: ``year``, ``category`` (of the grassroots units) and
  ``within`` (a part of the tree: an organisation in the subtree).
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import xlsxwriter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from ..indicators import Measurement, registry
from ..models import AuditEvent, Organisation
from .mixins import ScopedObjectMixin

YEARS_BACK = 9  # how far back the year filter reaches
HISTORY_YEARS = 5  # points on the value-over-time chart
RANKED_LIMIT = 25  # units on the ranked chart (the drill-down lists them all)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_LABELS = {"percent": gettext_lazy("percent"), "count": gettext_lazy("count"), "yuan": gettext_lazy("yuan")}


def neutralise(value):
    """Text a spreadsheet could read as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_response(request, *, organisation, filename, sheet, header, rows, detail):
    """One sheet as a download; every export is an AuditEvent."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for col, title in enumerate(header):
        worksheet.write_string(0, col, neutralise(str(title)), bold)
    count = 0
    for r, row in enumerate(rows, start=1):
        count += 1
        for col, value in enumerate(row):
            if value is None:
                worksheet.write_blank(r, col, None)
            elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                worksheet.write_number(r, col, float(value))
            else:
                worksheet.write_string(r, col, neutralise(str(value)))
    worksheet.set_column(0, 0, 32)
    worksheet.set_column(1, len(header), 14)
    workbook.close()
    AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=organisation,
                      target=organisation, detail=detail, rows=count, query=request.GET.urlencode())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class Filters:
    year: int
    category: str
    within: Organisation | None
    years: list[int]

    def query(self, **changes) -> str:
        params = {"year": self.year, "category": self.category, "within": self.within.pk if self.within else ""}
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})


def read_filters(request, organisation) -> Filters:
    """Filters from the query string; a bad value falls back to the default (no 500s)."""
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK - 1, -1))
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    category = request.GET.get("category", "")
    if category not in Organisation.Category.values:
        category = ""
    within = None
    within_pk = request.GET.get("within", "")
    if within_pk.isdigit() and int(within_pk) != organisation.pk:
        # Only a part of this subtree (and so already visible to whoever sees the organisation).
        within = Organisation.objects.subtree_of(organisation).filter(pk=int(within_pk)).first()
    return Filters(year=year, category=category, within=within, years=years)


def _sum(measurements) -> Measurement | None:
    """The units added up (every indicator so far is a sum over its grassroots units)."""
    if not measurements:
        return None
    numerator = sum((Decimal(m.numerator) for m in measurements), Decimal(0))
    if all(m.denominator is None for m in measurements):
        return Measurement(numerator)
    return Measurement(numerator, sum((Decimal(m.denominator or 0) for m in measurements), Decimal(0)))


def worst_first(rows):
    """Lowest value first; units with no data (no denominator) last."""
    return sorted(rows, key=lambda row: (row[1].value is None, row[1].value or 0, row[0].path))


class Figures:
    """The measurements one request needs, for one part of the tree and unit category.

    Each (indicator, year) is measured at most once per request. Across requests the raw
    measurements are kept in the cache for ``settings.DASHBOARD_CACHE_SECONDS`` (default
    300; 0 turns caching off), keyed by organisation, its path, indicator and year. There is
    no event-driven invalidation: a change shows after at most that many seconds, and the page
    says so. Targets, names and categories of units are always read fresh.
    """

    def __init__(self, root, category=""):
        self.root, self.category = root, category
        self.seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)
        self._memo = {}
        self._units = None

    def _cached(self, kind, indicator, year, compute):
        key = (kind, indicator.code, year)
        if key not in self._memo:
            cache_key = f"dashboard:v1:{kind}:{indicator.code}:{self.root.pk}:{self.root.path}:{year}"
            value = cache.get(cache_key) if self.seconds else None
            if value is None:
                value = compute()
                if self.seconds:
                    cache.set(cache_key, value, self.seconds)
            self._memo[key] = value
        return self._memo[key]

    def whole(self, indicator, year) -> Measurement:
        return self._cached("whole", indicator, year, lambda: indicator.measure(self.root, year))

    def per_unit(self, indicator, year) -> dict:
        if indicator.measure_units is None:
            return {}
        return self._cached("units", indicator, year, lambda: indicator.measure_units(self.root, year))

    def units(self) -> dict:
        """{pk: grassroots unit} of the subtree (one query per request, never cached)."""
        if self._units is None:
            self._units = {unit.pk: unit for unit in Organisation.objects.subtree_of(self.root).grassroots()
                           .only("pk", "name", "short_name", "category", "path")}
        return self._units

    def unit_rows(self, indicator, year):
        """[(unit, measurement)] for the units below, of the chosen category if any."""
        units = self.units()
        return [(units[pk], m) for pk, m in self.per_unit(indicator, year).items()
                if pk in units and (not self.category or units[pk].category == self.category)]

    def measure(self, indicator, year) -> Measurement:
        if not self.category:
            return self.whole(indicator, year)
        return _sum([m for _unit, m in self.unit_rows(indicator, year)]) or Measurement(0, 0)


def tiles_for(figures: Figures, year: int):
    """One tile per registered indicator: value, target (plan or national), change since last year."""
    plan_targets = registry.targets(figures.root, year)
    tiles = []
    for indicator in registry:
        now = figures.measure(indicator, year)
        before = figures.measure(indicator, year - 1)
        value, previous = now.value, before.value
        if indicator.code in plan_targets:
            target, target_source = plan_targets[indicator.code], "plan"
        else:
            target, target_source = indicator.default_target, "national" if indicator.default_target is not None else ""
        tiles.append({
            "indicator": indicator,
            "has_units": indicator.measure_units is not None,
            "measurement": now,
            "value": value,
            "previous": previous,
            "change": value - previous if value is not None and previous is not None else None,
            "target": target,
            "target_source": target_source,
            "met": value is not None and target is not None and value >= target,
            "bar": max(0.0, min(float(value), 100.0)) if value is not None and indicator.unit == "percent" else None,
        })
    return tiles


def histogram(indicator, values):
    """Bins over the units' values: tenths of 0–100 for a percentage, else ten equal bins."""
    values = [float(v) for v in values if v is not None]
    if indicator.unit == "percent":
        low, width, bins = 0.0, 10.0, 10
        top = max(values, default=0)
        if top > 100:  # over 100% (more members than employees on file): one bin for them
            bins = 11
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
        if indicator.unit == "percent" and i == 10:
            labels.append("> 100")
        elif i == bins - 1:
            labels.append(f"{start:g}–{end:g}")
        else:
            labels.append(f"{start:g}–<{end:g}")
    return [{"label": label, "count": count} for label, count in zip(labels, counts)]


class DashboardMixin(ScopedObjectMixin):
    model = Organisation

    def setup_filters(self):
        self.filters = read_filters(self.request, self.object)
        self.root = self.filters.within or self.object

    def selected_indicator(self, code=None):
        code = code or self.request.GET.get("indicator") or "membership_rate"
        if code in registry:
            return registry.get(code)
        first = next(iter(registry), None)
        if first is None:
            raise Http404
        return first

    def filter_context(self):
        subtree = (Organisation.objects.subtree_of(self.object, include_self=False)
                   .exclude(level__in=[Organisation.Level.BRANCH, Organisation.Level.GROUP])
                   .only("pk", "name", "depth").order_by("path"))
        return {
            "filters": self.filters,
            "root": self.root,
            "categories": Organisation.Category.choices,
            "parts": [(o.pk, "\u00a0\u00a0" * (o.depth - self.object.depth - 1) + o.name) for o in subtree],
            "filter_query": self.filters.query(),
        }


class DashboardView(DashboardMixin, DetailView):
    template_name = "unionadmin/dashboard/dashboard.html"
    context_object_name = "organisation"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.setup_filters()
        self.figures = Figures(self.root, self.filters.category)
        self.tiles = tiles_for(self.figures, self.filters.year)
        if request.GET.get("format") == "xlsx":
            return self.export()
        return self.render_to_response(self.get_context_data(object=self.object))

    def export(self):
        f = self.filters
        header = [_("Indicator"), _("Unit"), _("Numerator"), _("Denominator"), _("Value"), _("Target"),
                  _("Target set by"), _("Last year"), _("Change")]
        sources = {"plan": _("Issued work plan"), "national": _("National target"), "": ""}
        rows = [[
            str(t["indicator"].label), str(UNIT_LABELS.get(t["indicator"].unit, t["indicator"].unit)),
            t["measurement"].numerator, t["measurement"].denominator, t["value"], t["target"],
            sources[t["target_source"]], t["previous"], t["change"],
        ] for t in self.tiles]
        return xlsx_response(
            self.request, organisation=self.object, filename=f"dashboard-{self.root.pk}-{f.year}.xlsx",
            sheet=_("Indicators"), header=header, rows=rows,
            detail=_("Dashboard indicators of %(name)s, %(year)s") % {"name": self.root.name, "year": f.year},
        )

    def get_context_data(self, **kwargs):
        indicator = self.selected_indicator()
        f = self.filters
        rows = worst_first(self.figures.unit_rows(indicator, f.year))
        tile = next(t for t in self.tiles if t["indicator"] is indicator)
        with_data = [(unit, m) for unit, m in rows if m.value is not None]
        ranked = with_data[:RANKED_LIMIT]
        over_time = [
            {"year": y, "value": self.figures.measure(indicator, y).value}
            for y in range(f.year - HISTORY_YEARS + 1, f.year + 1)
        ]
        chart = {
            "unit": indicator.unit,
            "label": str(indicator.label),
            "histogram": histogram(indicator, [m.value for _u, m in rows]),
            "ranked": [{"label": unit.short_name or unit.name, "value": float(m.value)} for unit, m in ranked],
            "over_time": [{"label": str(p["year"]), "value": float(p["value"]) if p["value"] is not None else None}
                          for p in over_time],
            "target": float(tile["target"]) if tile["target"] is not None else None,
        }
        return super().get_context_data(
            tiles=self.tiles, tile=tile, indicator=indicator, has_units=indicator.measure_units is not None, indicators=registry.choices(), chart=chart,
            cache_minutes=self.figures.seconds // 60, ranked=ranked, units_total=len(rows), units_without_data=len(rows) - len(with_data),
            over_time=over_time, **self.filter_context(), **kwargs,
        )


class IndicatorDrillDownView(DashboardMixin, DetailView):
    """The units below for one indicator, worst first, each linking to its own dashboard."""

    template_name = "unionadmin/dashboard/drilldown.html"
    context_object_name = "organisation"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs["code"] not in registry:
            raise Http404
        self.indicator = registry.get(kwargs["code"])
        self.setup_filters()
        f = self.filters
        self.rows = worst_first(Figures(self.root, f.category).unit_rows(self.indicator, f.year))
        target = registry.targets(self.root, f.year).get(self.indicator.code, self.indicator.default_target)
        self.target = target
        if request.GET.get("format") == "xlsx":
            return self.export()
        return self.render_to_response(self.get_context_data(object=self.object))

    def export(self):
        category_labels = dict(Organisation.Category.choices)
        header = [_("Rank (worst first)"), _("Unit"), _("Category"), _("Numerator"), _("Denominator"),
                  _("Value")]
        rows = [[n, unit.name, str(category_labels.get(unit.category, unit.category)), m.numerator, m.denominator,
                 m.value] for n, (unit, m) in enumerate(self.rows, start=1)]
        return xlsx_response(
            self.request, organisation=self.object,
            filename=f"{self.indicator.code}-{self.root.pk}-{self.filters.year}.xlsx",
            sheet=str(self.indicator.label), header=header, rows=rows,
            detail=_("%(indicator)s by unit, %(name)s, %(year)s") % {
                "indicator": self.indicator.label, "name": self.root.name, "year": self.filters.year},
        )

    def get_context_data(self, **kwargs):
        category_labels = dict(Organisation.Category.choices)
        rows = [{"unit": unit, "category": category_labels.get(unit.category, unit.category), "measurement": m,
                 "value": m.value,
                 "met": m.value is not None and self.target is not None and m.value >= self.target}
                for unit, m in self.rows]
        return super().get_context_data(indicator=self.indicator, rows=rows, target=self.target,
                                        **self.filter_context(), **kwargs)
