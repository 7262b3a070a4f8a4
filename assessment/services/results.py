"""Results: totals per sheet summed in the database (one query whatever the number of units
and items), grades and ranks by the pure rules in ``assessment.grading``, the distribution,
and the publication that freezes them as ``Result`` rows."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Count, F, Q, Sum, When, Window
from django.db.models.functions import Coalesce, Collate, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from unionadmin.models import Organisation

from .. import grading
from ..models import ItemScore, Result, Rubric, UnitAssessment
from .errors import AssessmentError

KINDS = ("standard", "bonus", "deduction")


@dataclass
class ResultRow:
    sheet_id: int
    unit_id: int
    unit_name: str
    unit_path: str
    category: str
    state: str
    standard: Decimal
    bonus: Decimal
    deductions: Decimal
    vetoed: bool
    total: Decimal
    grade: str
    rank: int | None = None

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS.get(self.grade, ""))


CATEGORY_LABELS = dict(Organisation.Category.choices)
GRADE_LABELS = dict(Result.Grade.choices)


def _sums(reviewed: bool) -> dict:
    """Points per kind and vetoes over ItemScore rows. Reviewed values fall back to the unit's
    own for an item not reviewed yet (as sending the review does); a final sheet has every
    item reviewed."""
    if reviewed:
        points = Coalesce(F("reviewed_points"), F("self_points"))
        vetoed = Q(reviewed_vetoed=True) | Q(reviewed_vetoed__isnull=True, self_vetoed=True)
    else:
        points, vetoed = F("self_points"), Q(self_vetoed=True)
    annotations = {kind: Sum(points, filter=Q(kind=kind)) for kind in KINDS}
    annotations["vetoes"] = Count("pk", filter=Q(kind="veto") & vetoed)
    return annotations


def sheet_sums(queryset, *, reviewed: bool = True) -> list[dict]:
    """The sheets with their unit, points per kind and number of vetoes, in two queries
    whatever their number: the scores summed per sheet (grouped by the sheet's id alone, a
    hash aggregate), and the sheets with their units."""
    sums = {row.pop("assessment_id"): row for row in
            ItemScore.objects.filter(assessment_id__in=queryset.values("pk")).order_by()
            .values("assessment_id").annotate(**_sums(reviewed))}
    empty = {kind: None for kind in KINDS} | {"vetoes": 0}
    rows = []
    for sheet in queryset.order_by("unit__path").values("pk", "state", "unit_id", "unit__name", "unit__path",
                                                         "unit__category"):
        sheet.update(sums.get(sheet["pk"], empty))
        rows.append(sheet)
    return rows


def _row(values, version) -> ResultRow:
    vetoed = bool(values["vetoes"])
    total = grading.sheet_total(values["standard"], values["bonus"], values["deduction"], version.bonus_cap)
    return ResultRow(
        sheet_id=values["pk"], unit_id=values["unit_id"], unit_name=values["unit__name"],
        unit_path=values["unit__path"], category=values["unit__category"], state=values["state"],
        standard=grading.q2(values["standard"] or 0), bonus=grading.q2(values["bonus"] or 0),
        deductions=grading.q2(values["deduction"] or 0), vetoed=vetoed, total=total,
        grade=grading.grade_for(total, vetoed=vetoed, standard=version.standard_threshold,
                                exemplary=version.exemplary_threshold),
    )


def ranked(rows: list[ResultRow]) -> list[ResultRow]:
    ranks = grading.competition_ranks(grading.Entry(r.sheet_id, r.category, r.total, r.vetoed) for r in rows)
    for row in rows:
        row.rank = ranks[row.sheet_id]
    rows.sort(key=lambda r: (r.category, r.rank is None, r.rank or 0, r.unit_path))
    return rows


def live_results(rubric: Rubric) -> list[ResultRow]:
    """The final sheets' results as they stand (before publication), ranked."""
    version = rubric.current_version
    sheets = UnitAssessment.objects.filter(rubric=rubric, state=UnitAssessment.State.FINALISED)
    return ranked([_row(values, version) for values in sheet_sums(sheets)])


PUBLISHED_FIELDS = ("assessment_id", "unit_id", "unit__name", "unit__path", "category", "standard_points",
                    "bonus_points", "deduction_points", "total", "vetoed", "grade", "rank")


def published_row(r: dict) -> ResultRow:
    return ResultRow(
        sheet_id=r["assessment_id"], unit_id=r["unit_id"], unit_name=r["unit__name"], unit_path=r["unit__path"],
        category=r["category"], state=UnitAssessment.State.FINALISED, standard=r["standard_points"],
        bonus=r["bonus_points"], deductions=r["deduction_points"], vetoed=r["vetoed"], total=r["total"],
        grade=r["grade"], rank=r["rank"])


def published_results(rubric: Rubric) -> list[ResultRow]:
    result = [published_row(r) for r in Result.objects.filter(rubric=rubric).values(*PUBLISHED_FIELDS)]
    result.sort(key=lambda r: (r.category, r.rank is None, r.rank or 0, r.unit_path))
    return result


# --- the published ranking read a page at a time (a province ranks ten thousand units) -------
# The order of ``published_results`` in SQL: category, rank (unranked last), unit path. The
# category codes are lowercase ASCII (the same order in any collation, so the index
# result_ranking on (rubric, category, rank) serves it); the paths are compared byte by byte,
# as Python compares them (the "C" collation), whatever the database's collation.
RANKING_ORDER = (F("category").asc(), F("rank").asc(nulls_last=True), Collate(F("unit__path"), "C").asc())


def published_ranking(rubric: Rubric):
    """The published results in ranking order, as a queryset to slice: each slice is one query
    with LIMIT/OFFSET; ``published_row`` makes its rows into ``ResultRow``s."""
    return Result.objects.filter(rubric=rubric).order_by(*RANKING_ORDER).values(*PUBLISHED_FIELDS)


def published_position(rubric: Rubric, sheet_ids) -> int | None:
    """The 0-based position in the ranking order of the first of ``sheet_ids`` (one query, a
    window over all the rubric's results), or None when none of them has a result. The
    sheets are picked by an expression over the window, so that the filter applies after it
    (a plain filter on the sheet would number only the picked rows)."""
    if not sheet_ids:
        return None
    position = Window(RowNumber(), order_by=list(RANKING_ORDER))
    own = Case(When(assessment_id__in=list(sheet_ids), then=position))
    first = (Result.objects.filter(rubric=rubric).annotate(own_position=own).filter(own_position__isnull=False)
             .order_by("own_position").values_list("own_position", flat=True).first())
    return None if first is None else first - 1


def results_for(rubric: Rubric) -> list[ResultRow]:
    return published_results(rubric) if rubric.results_published else live_results(rubric)


# --- summaries for the page, the PDF and the chart ------------------------------------------------
@dataclass
class CategorySummary:
    """A category's grade counts and number of units; ``rows`` are its results where they were
    read (the live results, the PDF), None where only the counts were (the published page)."""

    category: str
    label: str
    units: int
    counts: dict
    rows: list[ResultRow] | None = None

    @property
    def graded_share(self) -> Decimal | None:
        if not self.units:
            return None
        graded = self.counts[grading.EXEMPLARY] + self.counts[grading.STANDARD]
        return grading.q2(Decimal(graded) * 100 / self.units)


def _summary(category, units, counts, rows=None) -> CategorySummary:
    return CategorySummary(category=category, label=str(CATEGORY_LABELS.get(category, category)), units=units,
                           counts=counts, rows=rows)


def by_category(rows: list[ResultRow], categories) -> list[CategorySummary]:
    groups = {c: [] for c in categories}
    for row in rows:
        groups.setdefault(row.category, []).append(row)
    summaries = []
    for category, members in groups.items():
        counts = Counter(r.grade for r in members if not r.vetoed)
        summaries.append(_summary(category, len(members), rows=members, counts={
            grading.EXEMPLARY: counts[grading.EXEMPLARY], grading.STANDARD: counts[grading.STANDARD],
            grading.NO_GRADE: counts[grading.NO_GRADE], "vetoed": sum(1 for r in members if r.vetoed)}))
    return summaries


def published_by_category(rubric: Rubric, categories) -> list[CategorySummary]:
    """``by_category`` of the published results, counted in one grouped query (no rows read);
    the categories in the same order: the rubric's, then any other in ranking order."""
    not_vetoed = Q(vetoed=False)
    grouped = {row.pop("category"): row for row in Result.objects.filter(rubric=rubric)
               .order_by("category").values("category").annotate(
                   units=Count("pk"), vetoed_units=Count("pk", filter=Q(vetoed=True)),
                   exemplary=Count("pk", filter=not_vetoed & Q(grade=grading.EXEMPLARY)),
                   standard=Count("pk", filter=not_vetoed & Q(grade=grading.STANDARD)),
                   none=Count("pk", filter=not_vetoed & Q(grade=grading.NO_GRADE)))}
    summaries = []
    for category in dict.fromkeys([*categories, *grouped]):
        counts = grouped.get(category, {"units": 0, "vetoed_units": 0, "exemplary": 0, "standard": 0, "none": 0})
        summaries.append(_summary(category, counts["units"], counts={
            grading.EXEMPLARY: counts["exemplary"], grading.STANDARD: counts["standard"],
            grading.NO_GRADE: counts["none"], "vetoed": counts["vetoed_units"]}))
    return summaries


def distribution(rows: list[ResultRow], version) -> list[dict]:
    """Score bands with their counts, for the chart and the table beside it."""
    edges = grading.band_edges(version.standard_threshold, version.exemplary_threshold)
    return _bands(grading.histogram([r.total for r in rows], edges), edges)


def published_distribution(rubric: Rubric, version) -> list[dict]:
    """``distribution`` of the published results, the bands counted in one query (the stored
    totals are already at 0.01, as ``grading.histogram`` compares them)."""
    edges = grading.band_edges(version.standard_threshold, version.exemplary_threshold)
    bounds = [None, *edges, None]
    counts = Result.objects.filter(rubric=rubric).aggregate(**{
        f"band{index}": Count("pk", filter=(Q(total__gte=low) if low is not None else Q())
                              & (Q(total__lt=high) if high is not None else Q()))
        for index, (low, high) in enumerate(zip(bounds, bounds[1:]))})
    return _bands([counts[f"band{index}"] for index in range(len(edges) + 1)], edges)


def _bands(counts: list[int], edges: list) -> list[dict]:
    bands = []
    for index, count in enumerate(counts):
        low = edges[index - 1] if index > 0 else None
        high = edges[index] if index < len(edges) else None
        if low is None:
            label = _("below %(high)s") % {"high": _n(high)}
        elif high is None:
            label = _("%(low)s or more") % {"low": _n(low)}
        else:
            label = _("%(low)s to under %(high)s") % {"low": _n(low), "high": _n(high)}
        bands.append({"label": label, "count": count})
    return bands


def _n(value) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- publication ----------------------------------------------------------------------------
def results_publish(rubric: Rubric, user) -> int:
    """Freeze the results as published: every sheet must be final (or never submitted)."""
    with transaction.atomic():
        locked = Rubric.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=rubric.pk)
        if locked.current_version is None:
            raise AssessmentError(_("The rubric has not been published yet."))
        if locked.results_published:
            raise AssessmentError(_("The results have already been published."))
        pending = locked.sheets.filter(state__in=[UnitAssessment.State.SUBMITTED, UnitAssessment.State.RETURNED,
                                                  UnitAssessment.State.REVIEWED]).count()
        if pending:
            raise AssessmentError(_("%(count)s sheets are still being reviewed or corrected; finalise them before "
                                    "publishing the results.") % {"count": pending})
        rows = live_results(locked)
        if not rows:
            raise AssessmentError(_("No sheet is final yet; there are no results to publish."))
        now = timezone.now()
        bulk_create_with_history([
            Result(rubric=locked, assessment_id=r.sheet_id, unit_id=r.unit_id, category=r.category,
                   standard_points=r.standard, bonus_points=r.bonus, deduction_points=r.deductions, total=r.total,
                   vetoed=r.vetoed, grade=r.grade, rank=r.rank, published_at=now)
            for r in rows
        ], Result, default_user=user, default_change_reason="results published")
        locked.results_published_at, locked.results_published_by = now, user
        locked._change_reason = "results published"
        locked.save()
    return len(rows)
