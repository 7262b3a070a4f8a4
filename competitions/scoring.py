"""The scoring and ranking rules of a competition, as pure functions.

No Django here (nor any other import from the project), only ``decimal``: the rules can be
tested exhaustively with hypothesis, and the services feed them plain values read from the
database. Every figure is a ``Decimal``; nothing passes through ``float``.

How a result is made (docs/decisions.md, "Competitions"):

1. Per scoring item, the judges' scores of an entry are combined by the competition's
   method into the entry's **item result**:

   * ``mean``: the mean of the judges' scores;
   * ``trimmed``: when at least ``min_judges`` judges scored the entry, one highest and one
     lowest score are dropped (one of each, even when several judges gave that score) and
     the rest averaged; with fewer judges, the plain mean;
   * ``zscore``: each judge's scores on the item are standardised over the entries that
     judge scored (z = (s − μ_judge) / σ_judge), mapped back to the item's scale with the
     mean and standard deviation of all scores on the item (s' = M + z·S), clamped to
     [0, maximum], then averaged. A judge whose scores do not vary (σ = 0, also a judge who
     scored a single entry) says nothing about the order: each of their scores maps to M;
   * ``weighted``: the judges' weighted mean, Σ wᵢsᵢ / Σ wᵢ over the judges who scored the
     entry (so a recused judge's weight is shared out among the others).

2. Item results are rounded to ``PLACES`` (half up); the **total** is the weighted sum of the
   rounded item results (item weight × item result), rounded the same way. What is
   published can be added up by hand.

3. The **rank** compares the total, then each declared tie-break in order (higher first):
   an item's result, the highest or the lowest judge total (a judge's weighted sum of raw
   scores over all items). Standard competition ranking: equal ranks only when the total
   and every tie-break are equal, and the next rank skips (1, 2, 2, 4).

4. **Award tiers** go by rank: tier k covers ranks up to the sum of the counts of tiers
   1..k, so entries tied at a boundary all receive the higher tier; a tier may also require
   a minimum total, and a tier without a count takes every remaining entry that reaches its
   minimum.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Hashable, Iterable, Mapping, Sequence

PLACES = Decimal("0.01")
ZERO = Decimal(0)
PRECISION = 34  # significant digits for intermediate results

# Aggregation methods (the model's choices use the same codes).
MEAN = "mean"
TRIMMED = "trimmed"
ZSCORE = "zscore"
WEIGHTED = "weighted"
METHODS = (MEAN, TRIMMED, ZSCORE, WEIGHTED)
MIN_TRIM_JUDGES = 3  # dropping two scores must leave at least one

# Tie-break criteria (higher wins for each).
TB_ITEM = "item"
TB_HIGHEST = "highest"
TB_LOWEST = "lowest"
TIE_BREAKS = (TB_ITEM, TB_HIGHEST, TB_LOWEST)


class ScoringError(ValueError):
    """Inputs the rules cannot work with (an unknown method, a weight of zero …)."""


def rounded(value: Decimal) -> Decimal:
    return Decimal(value).quantize(PLACES, rounding=ROUND_HALF_UP)


# --- combining the judges' scores of one entry on one item ---------------------------------
def mean(values: Sequence[Decimal]) -> Decimal:
    if not values:
        raise ScoringError("no scores to average")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum(values, ZERO) / len(values)


def trimmed_mean(values: Sequence[Decimal], min_judges: int) -> Decimal:
    """Drop one highest and one lowest score when there are at least ``min_judges``."""
    if min_judges < MIN_TRIM_JUDGES:
        raise ScoringError("trimming needs at least three judges")
    ordered = sorted(values)
    if len(ordered) >= min_judges:
        ordered = ordered[1:-1]
    return mean(ordered)


def weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ wᵢsᵢ / Σ wᵢ for (score, weight) pairs; every weight must be positive."""
    if not pairs:
        raise ScoringError("no scores to average")
    if any(weight <= 0 for _, weight in pairs):
        raise ScoringError("judge weights must be positive")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return sum((s * w for s, w in pairs), ZERO) / sum((w for _, w in pairs), ZERO)


def _mean_and_sd(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Population mean and standard deviation."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        m = sum(values, ZERO) / len(values)
        variance = sum(((v - m) ** 2 for v in values), ZERO) / len(values)
        return m, variance.sqrt()


def standardise(scores: Mapping[tuple[Hashable, Hashable], Decimal], maximum: Decimal
                ) -> dict[tuple[Hashable, Hashable], Decimal]:
    """Each judge's scores on one item, standardised and mapped back to [0, maximum].

    ``scores`` maps (entry, judge) to a raw score; the result maps the same keys to the
    standardised score (not rounded).
    """
    if not scores:
        return {}
    by_judge: dict[Hashable, list[Decimal]] = {}
    for (_, judge), value in scores.items():
        by_judge.setdefault(judge, []).append(value)
    overall_mean, overall_sd = _mean_and_sd(list(scores.values()))
    stats = {judge: _mean_and_sd(values) for judge, values in by_judge.items()}
    result = {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for (entry, judge), value in scores.items():
            judge_mean, judge_sd = stats[judge]
            z = ZERO if judge_sd == 0 else (value - judge_mean) / judge_sd
            mapped = overall_mean + z * overall_sd
            result[(entry, judge)] = min(max(mapped, ZERO), Decimal(maximum))
    return result


def item_results(scores: Mapping[tuple[Hashable, Hashable], Decimal], *, method: str, maximum: Decimal,
                 min_judges: int = 5, judge_weights: Mapping[Hashable, Decimal] | None = None
                 ) -> dict[Hashable, Decimal]:
    """The rounded result of each entry on one item, from {(entry, judge): score}."""
    if method not in METHODS:
        raise ScoringError(f"unknown method {method!r}")
    if method == ZSCORE:
        scores = standardise(scores, maximum)
    by_entry: dict[Hashable, list[tuple[Hashable, Decimal]]] = {}
    for (entry, judge), value in scores.items():
        by_entry.setdefault(entry, []).append((judge, value))
    results = {}
    for entry, judged in by_entry.items():
        values = [value for _, value in judged]
        if method == TRIMMED:
            value = trimmed_mean(values, min_judges)
        elif method == WEIGHTED:
            weights = judge_weights or {}
            value = weighted_mean([(v, Decimal(weights.get(judge, 1))) for judge, v in judged])
        else:
            value = mean(values)
        results[entry] = rounded(value)
    return results


# --- the whole scheme ------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    key: Hashable
    maximum: Decimal
    weight: Decimal = Decimal(1)


@dataclass(frozen=True)
class Tier:
    key: Hashable
    count: int | None  # None: every remaining entry that reaches min_total
    min_total: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    items: tuple[Item, ...]
    method: str = MEAN
    min_judges: int = 5
    judge_weights: Mapping[Hashable, Decimal] = field(default_factory=dict)
    tie_breaks: tuple[tuple[str, Hashable | None], ...] = ()  # (criterion, item key or None)
    tiers: tuple[Tier, ...] = ()


@dataclass
class EntryResult:
    entry: Hashable
    items: dict[Hashable, Decimal | None]
    total: Decimal | None
    judge_totals: dict[Hashable, Decimal]
    tie_values: tuple[Decimal | None, ...]
    rank: int | None = None
    tier: Hashable | None = None

    @property
    def complete(self) -> bool:
        return self.total is not None


def weighted_total(items: Sequence[Item], results: Mapping[Hashable, Decimal | None]) -> Decimal | None:
    """Σ weight × result over the items, rounded; None if any item has no result."""
    values = [results.get(item.key) for item in items]
    if not items or any(v is None for v in values):
        return None
    return rounded(sum((item.weight * v for item, v in zip(items, values)), ZERO))


def judge_totals(items: Sequence[Item], scores: Mapping[tuple[Hashable, Hashable], Decimal],
                 judges: Iterable[Hashable]) -> dict[Hashable, Decimal]:
    """Each judge's weighted sum of raw scores of one entry ({(item key, judge): score}), for
    the judges who scored every item."""
    totals = {}
    for judge in judges:
        values = [scores.get((item.key, judge)) for item in items]
        if items and all(v is not None for v in values):
            totals[judge] = rounded(sum((item.weight * v for item, v in zip(items, values)), ZERO))
    return totals


def rank(keys: Mapping[Hashable, tuple | None]) -> dict[Hashable, int | None]:
    """Standard competition ranking (1, 2, 2, 4), higher keys first; None keys are unranked.

    Keys are tuples compared element by element; a None inside a key counts as lower than
    any value.
    """
    def comparable(key):
        return tuple((value is not None, value if value is not None else ZERO) for value in key)

    ranked = sorted(((comparable(k), e) for e, k in keys.items() if k is not None), key=lambda p: p[0],
                    reverse=True)
    ranks: dict[Hashable, int | None] = {e: None for e, k in keys.items() if k is None}
    previous, previous_rank = None, 0
    for position, (key, entry) in enumerate(ranked, start=1):
        if key != previous:
            previous, previous_rank = key, position
        ranks[entry] = previous_rank
    return ranks


def assign_tiers(placed: Sequence[tuple[Hashable, int | None, Decimal | None]], tiers: Sequence[Tier]
                 ) -> dict[Hashable, Hashable | None]:
    """{entry: tier key or None} from (entry, rank, total) triples."""
    bounds, cumulative = [], 0
    for tier in tiers:
        if tier.count is not None and tier.count < 1:
            raise ScoringError("a tier's count must be at least one")
        cumulative = None if cumulative is None or tier.count is None else cumulative + tier.count
        bounds.append(cumulative)
    awarded: dict[Hashable, Hashable | None] = {}
    for entry, position, total in placed:
        awarded[entry] = None
        if position is None or total is None:
            continue
        for tier, bound in zip(tiers, bounds):
            if (bound is None or position <= bound) and (tier.min_total is None or total >= tier.min_total):
                awarded[entry] = tier.key
                break
    return awarded


def compute(scheme: Scheme, scores: Mapping[tuple[Hashable, Hashable, Hashable], Decimal],
            entries: Sequence[Hashable]) -> list[EntryResult]:
    """Results of every entry, in ranking order (unranked last, then in the given order).

    ``scores`` maps (entry, judge, item key) to a raw score; only the given entries count.
    """
    if scheme.method not in METHODS:
        raise ScoringError(f"unknown method {scheme.method!r}")
    item_keys = {item.key for item in scheme.items}
    for criterion, item_key in scheme.tie_breaks:
        if criterion not in TIE_BREAKS or (criterion == TB_ITEM) != (item_key is not None):
            raise ScoringError(f"bad tie-break {(criterion, item_key)!r}")
        if criterion == TB_ITEM and item_key not in item_keys:
            raise ScoringError(f"tie-break on an unknown item {item_key!r}")
    wanted = set(entries)
    per_item: dict[Hashable, dict[tuple[Hashable, Hashable], Decimal]] = {item.key: {} for item in scheme.items}
    per_entry: dict[Hashable, dict[tuple[Hashable, Hashable], Decimal]] = {e: {} for e in entries}
    judges_of: dict[Hashable, set] = {e: set() for e in entries}
    for (entry, judge, item_key), value in scores.items():
        if entry not in wanted or item_key not in per_item:
            continue
        per_item[item_key][(entry, judge)] = Decimal(value)
        per_entry[entry][(item_key, judge)] = Decimal(value)
        judges_of[entry].add(judge)

    by_item = {
        item.key: item_results(per_item[item.key], method=scheme.method, maximum=item.maximum,
                               min_judges=scheme.min_judges, judge_weights=scheme.judge_weights)
        for item in scheme.items
    }
    results = []
    for entry in entries:
        items = {item.key: by_item[item.key].get(entry) for item in scheme.items}
        totals = judge_totals(scheme.items, per_entry[entry], sorted(judges_of[entry], key=repr))
        tie_values = []
        for criterion, item_key in scheme.tie_breaks:
            if criterion == TB_ITEM:
                tie_values.append(items[item_key])
            elif criterion == TB_HIGHEST:
                tie_values.append(max(totals.values()) if totals else None)
            else:
                tie_values.append(min(totals.values()) if totals else None)
        results.append(EntryResult(entry=entry, items=items, total=weighted_total(scheme.items, items),
                                   judge_totals=totals, tie_values=tuple(tie_values)))

    ranks = rank({r.entry: (r.total, *r.tie_values) if r.total is not None else None for r in results})
    for r in results:
        r.rank = ranks[r.entry]
    tiers = assign_tiers([(r.entry, r.rank, r.total) for r in results], scheme.tiers)
    for r in results:
        r.tier = tiers[r.entry]
    order = {entry: index for index, entry in enumerate(entries)}
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, order[r.entry]))
    return results


# --- sports tournaments -------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    home: Hashable
    away: Hashable
    home_score: int
    away_score: int


@dataclass
class Standing:
    participant: Hashable
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    scored: int = 0
    conceded: int = 0
    points: int = 0
    rank: int | None = None

    @property
    def difference(self) -> int:
        return self.scored - self.conceded


def standings(participants: Sequence[Hashable], matches: Iterable[Match], *, win: int = 2, draw: int = 1,
              loss: int = 0) -> list[Standing]:
    """The league table: points, then score difference, then scores made (higher first);
    equal on all three shares a rank. Unknown participants in a match are ignored."""
    table = {p: Standing(p) for p in participants}
    for match in matches:
        if match.home not in table or match.away not in table or match.home == match.away:
            continue
        for side, made, let in ((match.home, match.home_score, match.away_score),
                                (match.away, match.away_score, match.home_score)):
            row = table[side]
            row.played += 1
            row.scored += made
            row.conceded += let
            if made > let:
                row.won += 1
                row.points += win
            elif made == let:
                row.drawn += 1
                row.points += draw
            else:
                row.lost += 1
                row.points += loss
    ranks = rank({p: (Decimal(s.points), Decimal(s.difference), Decimal(s.scored)) for p, s in table.items()})
    order = {p: i for i, p in enumerate(participants)}
    rows = list(table.values())
    for row in rows:
        row.rank = ranks[row.participant]
    rows.sort(key=lambda s: (s.rank, order[s.participant]))
    return rows
