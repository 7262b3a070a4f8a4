"""Reading the scores out of the database into the pure rules (``competitions.scoring``),
the scoring progress, and freezing the results when the organiser locks the scores.

Who judges which entry: every judge assigned to the competition as a whole, plus those
assigned to the entry, minus those who recused themselves from it. Only those judges'
scores count; a score left by a judge who was later unassigned or recused is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from .. import scoring
from ..models import AwardTier, Competition, Entry, EntryItemResult, JudgeAssignment, Recusal, Score


def judges_by_entry(competition: Competition, entries=None) -> dict[int, set[int]]:
    """{entry id: {judge user ids}} for the competing entries (or the given ones)."""
    entries = list(entries if entries is not None else competition.entries.competing())
    assignments = list(JudgeAssignment.objects.filter(competition=competition).values_list("judge_id", "entry_id"))
    whole = {judge for judge, entry in assignments if entry is None}
    recused: dict[int, set[int]] = {}
    for entry_id, judge_id in Recusal.objects.filter(entry__competition=competition).values_list("entry_id",
                                                                                                  "judge_id"):
        recused.setdefault(entry_id, set()).add(judge_id)
    result = {}
    for entry in entries:
        entry_id = entry.pk if hasattr(entry, "pk") else entry
        judges = whole | {judge for judge, e in assignments if e == entry_id}
        result[entry_id] = judges - recused.get(entry_id, set())
    return result


def scheme_of(competition: Competition) -> scoring.Scheme:
    items = list(competition.items.all())
    weights: dict[int, object] = {}
    for judge_id, entry_id, weight in JudgeAssignment.objects.filter(competition=competition).order_by(
            "entry_id", "pk").values_list("judge_id", "entry_id", "weight"):
        # A judge's weight is that of their whole-competition assignment when they have one.
        if entry_id is None or judge_id not in weights:
            weights[judge_id] = weight
    return scoring.Scheme(
        items=tuple(scoring.Item(key=item.pk, maximum=item.max_score, weight=item.weight) for item in items),
        method=competition.method,
        min_judges=competition.trim_min_judges,
        judge_weights=weights,
        tie_breaks=tuple((tb.criterion, tb.item_id) for tb in competition.tie_breaks.all()),
        tiers=tuple(scoring.Tier(key=tier.pk, count=tier.count, min_total=tier.min_total)
                    for tier in competition.tiers.all()),
    )


def counted_scores(competition: Competition, judges: dict[int, set[int]]) -> dict[tuple[int, int, int], object]:
    """{(entry id, judge id, item id): value} for the scores that count."""
    rows = Score.objects.filter(entry_id__in=list(judges)).values_list("entry_id", "judge_id", "item_id", "value")
    return {(e, j, i): v for e, j, i, v in rows if j in judges.get(e, ())}


def results_compute(competition: Competition) -> list[scoring.EntryResult]:
    """The results as they stand now (provisional while scoring), in ranking order."""
    entries = list(competition.entries.competing().order_by("number"))
    judges = judges_by_entry(competition, entries)
    return scoring.compute(scheme_of(competition), counted_scores(competition, judges), [e.pk for e in entries])


@dataclass
class JudgeProgress:
    judge: object
    expected: int = 0
    given: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.given


@dataclass
class Progress:
    expected: int = 0
    given: int = 0
    judges: list[JudgeProgress] = field(default_factory=list)
    entries_without_judge: list = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.expected - self.given

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.missing == 0 and not self.entries_without_judge


def results_progress(competition: Competition) -> Progress:
    """How many of the expected scores are in, per judge (for the organiser and the lock)."""
    from django.contrib.auth import get_user_model

    entries = list(competition.entries.competing().order_by("number"))
    judges = judges_by_entry(competition, entries)
    item_ids = list(competition.items.values_list("pk", flat=True))
    scores = counted_scores(competition, judges)
    given_by: dict[int, int] = {}
    for (_, judge, item), _value in scores.items():
        if item in item_ids:
            given_by[judge] = given_by.get(judge, 0) + 1
    expected_by: dict[int, int] = {}
    for entry_judges in judges.values():
        for judge in entry_judges:
            expected_by[judge] = expected_by.get(judge, 0) + len(item_ids)
    users = get_user_model().objects.in_bulk(list(expected_by))
    rows = [JudgeProgress(judge=users[j], expected=n, given=given_by.get(j, 0))
            for j, n in sorted(expected_by.items(), key=lambda p: str(users[p[0]]))]
    return Progress(
        expected=sum(expected_by.values()), given=sum(r.given for r in rows), judges=rows,
        entries_without_judge=[e for e in entries if not judges[e.pk]],
    )


def results_freeze(competition: Competition) -> list[scoring.EntryResult]:
    """Write every competing entry's item results, total, rank and award (the caller holds
    the competition row locked)."""
    results = results_compute(competition)
    results_clear(competition)
    entries = {e.pk: e for e in competition.entries.competing()}
    tiers = {t.pk: t for t in AwardTier.objects.filter(competition=competition)}
    item_rows = []
    for result in results:
        entry = entries[result.entry]
        entry.total, entry.rank = result.total, result.rank
        entry.award = tiers.get(result.tier) if result.tier is not None else None
        entry._change_reason = "results locked"
        entry.save(update_fields=["total", "rank", "award"])
        item_rows += [EntryItemResult(entry=entry, item_id=item_id, result=value)
                      for item_id, value in result.items.items() if value is not None]
    EntryItemResult.objects.bulk_create(item_rows)
    return results


def results_clear(competition: Competition) -> None:
    EntryItemResult.objects.filter(entry__competition=competition).delete()
    frozen = Q(rank__isnull=False) | Q(total__isnull=False) | Q(award__isnull=False)
    for entry in competition.entries.filter(frozen):
        entry.total = entry.rank = entry.award = None
        entry._change_reason = "results cleared"
        entry.save(update_fields=["total", "rank", "award"])


# --- what the results page shows ------------------------------------------------------------
def label_units(entries) -> list:
    """Set ``unit_label`` on each entry: a branch or group is named with its grassroots union
    (恒达机械工会 · 数控班组工会小组), so a team is recognisable out of context. One query."""
    from unionadmin.models import Organisation

    entries = list(entries)
    ancestor_ids = {pk for e in entries for pk in e.organisation.ancestor_ids()}
    unions = {o.pk: o for o in Organisation.objects.filter(pk__in=ancestor_ids,
                                                             level=Organisation.Level.GRASSROOTS)}
    for entry in entries:
        unit = entry.organisation
        union = next((unions[pk] for pk in reversed(unit.ancestor_ids()) if pk in unions), None)
        entry.unit_label = f"{union.short_name or union.name} · {unit.name}" if union else unit.name
    return entries


@dataclass
class ResultRow:
    entry: Entry
    items: list  # item results in the scheme's order (None when missing)
    total: object
    rank: int | None
    award: AwardTier | None
    judge_scores: list = field(default_factory=list)  # per numbered judge: their total, or None


def result_rows(competition: Competition, *, provisional: bool = False) -> list[ResultRow]:
    """Rows of the results table: the frozen results, or (``provisional``) computed now."""
    items = list(competition.items.all())
    if provisional:
        computed = results_compute(competition)
        entries = {e.pk: e for e in label_units(Entry.objects.filter(pk__in=[r.entry for r in computed])
                                                .select_related("organisation"))}
        tiers = AwardTier.objects.in_bulk([r.tier for r in computed if r.tier is not None])
        return [ResultRow(entry=entries[r.entry], items=[r.items.get(i.pk) for i in items], total=r.total,
                          rank=r.rank, award=tiers.get(r.tier)) for r in computed]
    entries = label_units(competition.entries.competing().select_related("organisation", "award")
                          .order_by("rank", "number"))
    values = {(row.entry_id, row.item_id): row.result
              for row in EntryItemResult.objects.filter(entry__competition=competition)}
    rows = [ResultRow(entry=e, items=[values.get((e.pk, i.pk)) for i in items], total=e.total, rank=e.rank,
                      award=e.award) for e in entries]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.entry.number))
    return rows


@dataclass
class JudgeSheet:
    number: int  # judges are numbered 1, 2, 3 … by their order of assignment, never named
    judge: object  # the user: shown to the organiser's staff only
    scores: dict  # {(entry id, item id): value}
    totals: dict  # {entry id: weighted total of this judge's raw scores}


def judge_sheets(competition: Competition) -> list[JudgeSheet]:
    """Each counted judge's raw scores (for the organiser, and for everyone once published
    when the organiser publishes them)."""
    from django.contrib.auth import get_user_model

    entries = list(competition.entries.competing())
    judges = judges_by_entry(competition, entries)
    scores = counted_scores(competition, judges)
    items = list(competition.items.all())
    order = []
    for judge_id in JudgeAssignment.objects.filter(competition=competition).order_by("pk").values_list(
            "judge_id", flat=True):
        if judge_id not in order:
            order.append(judge_id)
    users = get_user_model().objects.in_bulk(order)
    sheets = []
    for number, judge_id in enumerate(order, start=1):
        mine = {(e, i): v for (e, j, i), v in scores.items() if j == judge_id}
        scheme_items = [scoring.Item(key=i.pk, maximum=i.max_score, weight=i.weight) for i in items]
        totals = {}
        for entry in entries:
            per_entry = {(i, judge_id): v for (e, i), v in mine.items() if e == entry.pk}
            entry_total = scoring.judge_totals(scheme_items, per_entry, [judge_id])
            if judge_id in entry_total:
                totals[entry.pk] = entry_total[judge_id]
        sheets.append(JudgeSheet(number=number, judge=users.get(judge_id), scores=mine, totals=totals))
    return sheets
