"""The arithmetic of the assessment, free of Django: points from an indicator value, a sheet's
total, its grade, ranks within a category, and the bands of the distribution chart.

Everything is ``Decimal`` rounded to 0.01 (half up), the precision points are written in.
Nothing here reads the database, so the rules can be tested exhaustively
(tests/assessment/test_grading.py, with hypothesis) and used by the results page, the
publication snapshot, the PDFs and the XLSX alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Hashable, Iterable

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
DEFAULT_STANDARD = Decimal("91.00")  # 达标单位
DEFAULT_EXEMPLARY = Decimal("95.00")  # 达标标兵单位

EXEMPLARY = "exemplary"
STANDARD = "standard"
NO_GRADE = ""

RULE_STEPS = "steps"
RULE_LINEAR = "linear"


def q2(value) -> Decimal:
    """``value`` as a Decimal rounded half up to 0.01 (None stays None)."""
    if value is None:
        return None
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def has_at_most_two_places(value: Decimal) -> bool:
    """Whether ``value`` is written with no more than two decimal places (8.125 is not).
    Read from the digits, not by rounding: rounding "1e30" to 0.01 overflows the decimal
    context and raised InvalidOperation (a 500 on the score forms)."""
    value = Decimal(value)
    if not value.is_finite():
        return False
    return value.normalize().as_tuple().exponent >= -2


# Points are stored as DecimalField(max_digits=6, decimal_places=2): no item is worth more.
MAX_POINTS = Decimal("9999.99")


def within_storable(value: Decimal) -> bool:
    """Whether ``value`` fits the points columns (checked before any rounding or comparing)."""
    return Decimal(value).is_finite() and abs(Decimal(value)) <= MAX_POINTS


# --- grades ---------------------------------------------------------------------------------
def grade_for(total, *, vetoed: bool = False, standard=DEFAULT_STANDARD, exemplary=DEFAULT_EXEMPLARY) -> str:
    """标兵 at ``exemplary`` points or more, 达标 at ``standard`` or more, else none; a veto item
    bars any grade whatever the points. Totals are compared at 0.01 precision."""
    if vetoed or total is None:
        return NO_GRADE
    total = q2(total)
    if total >= q2(exemplary):
        return EXEMPLARY
    if total >= q2(standard):
        return STANDARD
    return NO_GRADE


def sheet_total(standard, bonus=ZERO, deductions=ZERO, bonus_cap=None) -> Decimal:
    """The standard items' points, plus bonus points (capped at ``bonus_cap`` when given),
    less deductions, never below zero."""
    standard, bonus, deductions = (q2(v or 0) for v in (standard, bonus, deductions))
    if bonus_cap is not None:
        bonus = min(bonus, q2(bonus_cap))
    return max(ZERO, q2(standard + bonus - deductions))


# --- ranks ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    key: Hashable
    category: str
    total: Decimal | None
    vetoed: bool = False


def competition_ranks(entries: Iterable[Entry]) -> dict:
    """{key: rank} within each category, highest total first; equal totals (at 0.01) share a
    rank and the next rank skips (1, 2, 2, 4). A vetoed unit or one without a total gets no
    rank (None): the veto bars it from the ranking as well as from a grade."""
    by_category: dict[str, list[Entry]] = {}
    ranks = {}
    for entry in entries:
        if entry.vetoed or entry.total is None:
            ranks[entry.key] = None
        else:
            by_category.setdefault(entry.category, []).append(entry)
    for members in by_category.values():
        members.sort(key=lambda e: q2(e.total), reverse=True)
        previous, rank = None, 0
        for position, entry in enumerate(members, start=1):
            total = q2(entry.total)
            if total != previous:
                rank, previous = position, total
            ranks[entry.key] = rank
    return ranks


# --- auto-measured items: from an indicator's value to points --------------------------------
class RuleError(ValueError):
    """A rule that cannot be applied; ``code`` says why (the caller words it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _decimal(value) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise RuleError("not_a_number") from None
    if not result.is_finite():
        raise RuleError("not_a_number")
    return result


def normalise_rule(rule) -> dict:
    """The rule in its stored form, checked; raises RuleError.

    * ``{"kind": "steps", "steps": [{"at_least": 100, "share": 100}, {"at_least": 90, "share": 80}]}``:
      the first step (highest threshold first) the value reaches gives that percentage of the
      item's maximum; below every step, 0.
    * ``{"kind": "linear", "zero_at": 60, "full_at": 100}``: 0 points at ``zero_at``, full
      points at ``full_at``, a straight line between, clamped (``full_at`` below ``zero_at``
      means lower values are better).
    """
    if not isinstance(rule, dict) or not rule.get("kind"):
        raise RuleError("no_rule")
    kind = rule.get("kind")
    if kind == RULE_STEPS:
        steps = []
        for step in rule.get("steps") or []:
            at_least, share = _decimal(step.get("at_least")), _decimal(step.get("share"))
            if not ZERO <= share <= HUNDRED:
                raise RuleError("share_out_of_range")
            steps.append({"at_least": str(q2(at_least)), "share": str(q2(share))})
        if not steps:
            raise RuleError("no_steps")
        thresholds = [Decimal(s["at_least"]) for s in steps]
        if len(set(thresholds)) != len(thresholds):
            raise RuleError("duplicate_threshold")
        steps.sort(key=lambda s: Decimal(s["at_least"]), reverse=True)
        return {"kind": RULE_STEPS, "steps": steps}
    if kind == RULE_LINEAR:
        zero_at, full_at = _decimal(rule.get("zero_at")), _decimal(rule.get("full_at"))
        if zero_at == full_at:
            raise RuleError("flat_line")
        return {"kind": RULE_LINEAR, "zero_at": str(q2(zero_at)), "full_at": str(q2(full_at))}
    raise RuleError("unknown_kind")


def rule_points(rule: dict, value, maximum) -> Decimal | None:
    """The points ``rule`` gives an indicator ``value`` on an item worth ``maximum``; None
    when there is no value to go on (e.g. a unit with no employees has no membership rate)."""
    if value is None:
        return None
    rule = normalise_rule(rule)
    value, maximum = Decimal(value), q2(maximum)
    if rule["kind"] == RULE_STEPS:
        for step in rule["steps"]:
            if value >= Decimal(step["at_least"]):
                return q2(maximum * Decimal(step["share"]) / HUNDRED)
        return ZERO
    zero_at, full_at = Decimal(rule["zero_at"]), Decimal(rule["full_at"])
    share = (value - zero_at) / (full_at - zero_at)
    share = min(Decimal(1), max(Decimal(0), share))
    return q2(maximum * share)


# --- the distribution chart -------------------------------------------------------------------
def band_edges(standard=DEFAULT_STANDARD, exemplary=DEFAULT_EXEMPLARY) -> list[Decimal]:
    """Lower edges of the score bands: 10-point bands up to 80, then 80–85, 85–standard,
    standard–exemplary, exemplary–100 and 100 or more (bonus points can pass 100)."""
    edges = {Decimal(60), Decimal(70), Decimal(80), Decimal(85), q2(standard), q2(exemplary), HUNDRED}
    return sorted(e for e in edges if e > 0)


def histogram(totals: Iterable, edges: list[Decimal]) -> list[int]:
    """Counts per band: below edges[0], then [edges[i], edges[i+1]), …, edges[-1] or more."""
    counts = [0] * (len(edges) + 1)
    for total in totals:
        total = q2(total)
        index = 0
        for edge in edges:
            if total >= edge:
                index += 1
            else:
                break
        counts[index] += 1
    return counts
