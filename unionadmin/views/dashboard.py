"""The dashboard: every registered indicator for one organisation's subtree, with targets,
the change since last year, charts of the units below, drill-down and XLSX export.

- Tiles come from the indicator registry at request time (apps register their own), grouped
  by section; what they show is built in ``unionadmin/dashboard.py`` (shared with the home
  page and the one-page PDF).
- One ``Tally`` per request counts each source once for the years shown (this year and last
  for every tile, five years for the chosen indicator's chart), in a number of queries that
  does not depend on the number of units; per-unit figures come from the same rows.
- Figures are cached under the change stamps of the tables they are counted from
  (``unionadmin/stamps.py``): never stale, recounted after any change.
- Filters live in the query string: ``year``, ``category`` (of the grassroots units),
  ``within`` (a part of the tree: an organisation in the subtree) and ``indicator``.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import xlsxwriter
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from ..dashboard import histogram, sections, target_for, tiles_for, units_worst_first, with_units
from ..filters import DashboardQuery
from ..indicators import Tally, registry
from ..models import AuditEvent, Organisation
from ..pagination import Paginator
from ..spreadsheets import neutralise
from .mixins import ScopedObjectMixin

YEARS_BACK = 9  # how far back the year filter reaches
HISTORY_YEARS = 5  # points on the value-over-time chart
RANKED_LIMIT = 25  # units on the ranked chart (the drill-down lists them all, a page at a time)
DRILL_DOWN_PAGE = 100  # units a drill-down page shows; the export has them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_LABELS = {"percent": gettext_lazy("percent"), "count": gettext_lazy("count"), "yuan": gettext_lazy("yuan"),
               "days": gettext_lazy("days")}


def xlsx_response(request, *, organisation, filename, sheet, header, rows, detail, query=""):
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
                      target=organisation, detail=detail, rows=count, query=query)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rate_note(measurement) -> str:
    """A unit's note in the drill-down export: left out of the rate, or counted at 100 %."""
    if not measurement.counted:
        return _("Incomplete data")
    if measurement.capped:
        return _("Over 100 percent, counted at 100 percent")
    return ""


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


def read_query(request, organisation) -> dict:
    """The query string through DashboardQuery; a bad value falls back to the default (no 500s)."""
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK - 1, -1))
    query = DashboardQuery.read(request.GET, organisation=organisation, years=years,
                                indicators=[indicator.code for indicator in registry])
    return {**query, "year": query["year"] or this_year, "years": years}


class DashboardMixin(ScopedObjectMixin):
    model = Organisation

    def setup_filters(self):
        self.query = read_query(self.request, self.object)
        q = self.query
        self.filters = Filters(year=q["year"], category=q["category"], within=q["within"], years=q["years"])
        self.root = self.filters.within or self.object

    def selected_indicator(self, code=None):
        code = code or self.query["indicator"] or "membership_rate"
        if code in registry:
            return registry.get(code)
        first = next(iter(registry), None)
        if first is None:
            raise Http404
        return first

    def filter_context(self):
        # The parts of the tree that hold units: federations and industry unions (a unit is
        # reached through the drill-down and its own dashboard, not a list of a thousand).
        subtree = (Organisation.objects.subtree_of(self.object, include_self=False)
                   .filter(level__in=[Organisation.Level.FEDERATION, Organisation.Level.INDUSTRY])
                   .order_by("path").values_list("pk", "name", "depth"))
        within_pk = self.filters.within.pk if self.filters.within else None
        indent = "\u00a0\u00a0"
        return {
            "filters": self.filters,
            "root": self.root,
            "categories": Organisation.Category.choices,
            # Made here, not by a template loop over model instances: a province has some 800
            # federations and industry unions, and their options were most of the time of a
            # dashboard whose figures came from the cache.
            "part_options": mark_safe("".join(
                f'<option value="{pk}"{" selected" if pk == within_pk else ""}>'
                f'{escape(indent * (depth - self.object.depth - 1) + name)}</option>' for pk, name, depth in subtree)),
            "filter_query": self.filters.query(),
        }


class DashboardView(DashboardMixin, DetailView):
    template_name = "unionadmin/dashboard/dashboard.html"
    context_object_name = "organisation"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.setup_filters()
        self.tally = Tally(self.root, self.filters.category)
        self.indicator = self.selected_indicator()
        years = range(self.filters.year - HISTORY_YEARS + 1, self.filters.year + 1)
        # Every source once: this year and last for every tile, the chart's years for its indicator.
        self.tally.prefetch([self.indicator], years)
        self.tiles = tiles_for(self.tally, self.filters.year)
        if self.query["format"] == "xlsx":
            return self.export()
        return self.render_to_response(self.get_context_data(object=self.object))

    def export(self):
        f = self.filters
        header = [_("Indicator"), _("Unit"), _("Numerator"), _("Denominator"), _("Value"), _("Target"),
                  _("Target set by"), _("Last year"), _("Change"), _("Units with incomplete data (left out)"),
                  _("Units over 100 percent (counted at 100 percent)")]
        sources = {"plan": _("Issued work plan"), "national": _("National target"), "": ""}
        rows = []
        for t in self.tiles:
            unit = str(UNIT_LABELS.get(t.indicator.unit, t.indicator.unit))
            m = t.measurement
            rows.append([str(t.indicator.label), unit, m.numerator, m.denominator, t.value,
                         t.target, sources[t.target_source], t.previous.value, t.change,
                         m.incomplete if m.denominator is not None else None,
                         m.capped if m.denominator is not None else None])
            for label, amount in t.parts:  # the parts under their indicator, indented
                rows.append([f"    {t.indicator.label}: {label}", unit, amount, None, amount, None, "", None, None])
        return xlsx_response(
            self.request, organisation=self.object, filename=f"dashboard-{self.root.pk}-{f.year}.xlsx",
            sheet=_("Indicators"), header=header, rows=rows, query=f.query(indicator=self.indicator.code),
            detail=_("Dashboard indicators of %(name)s, %(year)s") % {"name": self.root.name, "year": f.year},
        )

    def get_context_data(self, **kwargs):
        indicator, f, tally = self.indicator, self.filters, self.tally
        rows = units_worst_first(tally, indicator, f.year)
        tile = next(t for t in self.tiles if t.indicator is indicator)
        with_data = rows.with_data  # those with none are last
        ranked = with_units(rows[:min(with_data, RANKED_LIMIT)])
        over_time = [{"year": y, "value": tally.whole(indicator, y).value}
                     for y in range(f.year - HISTORY_YEARS + 1, f.year + 1)]
        chart = {
            "unit": indicator.unit,
            "label": str(indicator.label),
            "histogram": histogram(indicator, rows.values()),
            "ranked": [{"label": unit.short_name or unit.name, "value": float(m.value)} for unit, m in ranked],
            "over_time": [{"label": str(p["year"]), "value": float(p["value"]) if p["value"] is not None else None}
                          for p in over_time],
            "target": float(tile.target) if tile.target is not None else None,
        }
        return super().get_context_data(
            tiles=self.tiles, sections=sections(self.tiles), tile=tile, indicator=indicator,
            indicators=registry.choices(), chart=chart, ranked=ranked, units_total=len(rows),
            units_without_data=len(rows) - with_data, over_time=over_time, **self.filter_context(), **kwargs,
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
        self.rows = units_worst_first(Tally(self.root, f.category), self.indicator, f.year)
        self.target, _source = target_for(self.indicator, registry.targets(self.root, f.year))
        if self.query["format"] == "xlsx":
            return self.export()
        return self.render_to_response(self.get_context_data(object=self.object))

    def export(self):
        category_labels = dict(Organisation.Category.choices)
        header = [_("Rank (worst first)"), _("Unit"), _("Category"), _("Numerator"), _("Denominator"),
                  _("Value"), _("Note")]
        rows = [[n, unit.name, str(category_labels.get(unit.category, unit.category)), m.reported, m.denominator,
                 m.value, rate_note(m)] for n, (unit, m) in enumerate(with_units(self.rows), start=1)]
        return xlsx_response(
            self.request, organisation=self.object,
            filename=f"{self.indicator.code}-{self.root.pk}-{self.filters.year}.xlsx",
            sheet=str(self.indicator.label), header=header, rows=rows, query=self.filters.query(),
            detail=_("%(indicator)s by unit, %(name)s, %(year)s") % {
                "indicator": self.indicator.label, "name": self.root.name, "year": self.filters.year},
        )

    def get_context_data(self, **kwargs):
        category_labels = dict(Organisation.Category.choices)
        # A number, or "last"; anything else is the first page, past the end the last.
        page_obj = Paginator(self.rows, DRILL_DOWN_PAGE).get_page(self.request.GET.get("page"))
        rows = [{"rank": rank, "unit": unit, "category": category_labels.get(unit.category, unit.category),
                 "measurement": m, "value": m.value, "met": self.indicator.is_met(m.value, self.target)}
                for rank, (unit, m) in enumerate(with_units(page_obj.object_list), start=page_obj.start_index())]
        incomplete = self.rows.left_out
        return super().get_context_data(indicator=self.indicator, rows=rows, units_total=len(self.rows),
                                        incomplete=incomplete, page_obj=page_obj, target=self.target, **self.filter_context(), **kwargs)
