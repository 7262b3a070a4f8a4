"""The pure rules of assessment.grading: grades at the thresholds exactly, the veto, ties
sharing a rank, categories ranked apart, rules from values to points. Property tests with
hypothesis cover what examples cannot."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment import grading
from assessment.grading import EXEMPLARY, NO_GRADE, STANDARD, Entry, competition_ranks, grade_for

D = Decimal


@pytest.mark.parametrize("total,grade", [
    ("90.9", NO_GRADE), ("90.99", NO_GRADE), ("91", STANDARD), ("91.00", STANDARD), ("94.99", STANDARD),
    ("95", EXEMPLARY), ("95.00", EXEMPLARY), ("100", EXEMPLARY), ("104.5", EXEMPLARY), ("0", NO_GRADE),
])
def test_grade_at_and_around_the_thresholds(total, grade):
    assert grade_for(D(total)) == grade


def test_a_veto_bars_any_grade_whatever_the_points():
    assert grade_for(D("100"), vetoed=True) == NO_GRADE
    assert grade_for(D("95"), vetoed=True) == NO_GRADE


def test_thresholds_are_per_rubric():
    assert grade_for(D("88"), standard=D("85"), exemplary=D("90")) == STANDARD
    assert grade_for(D("90"), standard=D("85"), exemplary=D("90")) == EXEMPLARY
    assert grade_for(D("91"), standard=D("92"), exemplary=D("96")) == NO_GRADE


def test_totals_are_compared_at_two_decimals():
    assert grade_for(D("90.995")) == STANDARD  # rounds half up to 91.00
    assert grade_for(D("90.994")) == NO_GRADE


def test_sheet_total_caps_bonus_and_never_goes_below_zero():
    assert grading.sheet_total(D("88"), D("6"), D("1"), bonus_cap=D("5")) == D("92.00")
    assert grading.sheet_total(D("88"), D("6"), D("1")) == D("93.00")
    assert grading.sheet_total(D("3"), D("0"), D("5")) == D("0.00")
    assert grading.sheet_total(None, None, None) == D("0.00")


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranks = competition_ranks([Entry("a", "e", D("96")), Entry("b", "e", D("93.5")), Entry("c", "e", D("93.50")),
                               Entry("d", "e", D("90"))])
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_categories_are_ranked_apart():
    ranks = competition_ranks([Entry("e1", "enterprise", D("92")), Entry("i1", "institution", D("80")),
                               Entry("e2", "enterprise", D("97")), Entry("i2", "institution", D("99"))])
    assert ranks == {"e2": 1, "e1": 2, "i2": 1, "i1": 2}


def test_a_vetoed_unit_gets_no_rank_and_does_not_push_others_down():
    ranks = competition_ranks([Entry("a", "e", D("99"), vetoed=True), Entry("b", "e", D("95")),
                               Entry("c", "e", None)])
    assert ranks == {"a": None, "b": 1, "c": None}


def test_step_rules():
    rule = {"kind": "steps", "steps": [{"at_least": 90, "share": 80}, {"at_least": 100, "share": 100},
                                       {"at_least": "80", "share": "50"}]}
    assert grading.rule_points(rule, D("100.0"), D("5")) == D("5.00")
    assert grading.rule_points(rule, D("99.9"), D("5")) == D("4.00")
    assert grading.rule_points(rule, D("80"), D("5")) == D("2.50")
    assert grading.rule_points(rule, D("79.9"), D("5")) == D("0.00")
    assert grading.rule_points(rule, None, D("5")) is None
    assert grading.normalise_rule(rule)["steps"][0] == {"at_least": "100.00", "share": "100.00"}


def test_linear_rules_in_both_directions():
    up = {"kind": "linear", "zero_at": 60, "full_at": 100}
    assert grading.rule_points(up, D("80"), D("4")) == D("2.00")
    assert grading.rule_points(up, D("120"), D("4")) == D("4.00")
    assert grading.rule_points(up, D("10"), D("4")) == D("0.00")
    down = {"kind": "linear", "zero_at": 10, "full_at": 0}  # e.g. a share that should be low
    assert grading.rule_points(down, D("0"), D("3")) == D("3.00")
    assert grading.rule_points(down, D("5"), D("3")) == D("1.50")


@pytest.mark.parametrize("rule,code", [
    (None, "no_rule"), ({"kind": "steps", "steps": []}, "no_steps"), ({"kind": "linear", "zero_at": 5, "full_at": 5},
                                                                      "flat_line"),
    ({"kind": "steps", "steps": [{"at_least": 1, "share": 120}]}, "share_out_of_range"),
    ({"kind": "steps", "steps": [{"at_least": "x", "share": 10}]}, "not_a_number"),
    ({"kind": "steps", "steps": [{"at_least": 1, "share": 10}, {"at_least": "1.00", "share": 20}]},
     "duplicate_threshold"),
    ({"kind": "cubic"}, "unknown_kind"),
])
def test_bad_rules_are_refused_with_a_reason(rule, code):
    with pytest.raises(grading.RuleError) as error:
        grading.normalise_rule(rule)
    assert error.value.code == code


def test_histogram_bands():
    edges = grading.band_edges()
    assert edges == [D(60), D(70), D(80), D(85), D("91.00"), D("95.00"), D(100)]
    counts = grading.histogram([D("59.99"), D("60"), D("90.99"), D("91"), D("94.99"), D("95"), D("100"), D("103")],
                               edges)
    assert counts == [1, 1, 0, 0, 1, 2, 1, 2]


# --- properties --------------------------------------------------------------------------
cents = st.decimals(min_value=0, max_value=120, places=2, allow_nan=False, allow_infinity=False)
categories = st.sampled_from(["organ", "enterprise", "institution", "industry"])
entries = st.lists(st.tuples(categories, cents, st.booleans()), max_size=40)


@given(cents, cents)
def test_grade_never_falls_when_the_total_rises(a, b):
    order = {NO_GRADE: 0, STANDARD: 1, EXEMPLARY: 2}
    low, high = sorted([a, b])
    assert order[grade_for(low)] <= order[grade_for(high)]


@given(entries)
def test_rank_is_one_plus_the_units_strictly_ahead_in_the_category(rows):
    es = [Entry(i, c, t, v) for i, (c, t, v) in enumerate(rows)]
    ranks = competition_ranks(es)
    for e in es:
        if e.vetoed:
            assert ranks[e.key] is None
            continue
        ahead = sum(1 for o in es if o.category == e.category and not o.vetoed and o.total > e.total)
        assert ranks[e.key] == 1 + ahead


@given(entries, entries)
def test_ranks_in_one_category_ignore_every_other_category(rows, others):
    mine = [Entry(("m", i), "organ", t, v) for i, (_c, t, v) in enumerate(rows)]
    theirs = [Entry(("o", i), c, t, v) for i, (c, t, v) in enumerate(others) if c != "organ"]
    alone = competition_ranks(mine)
    together = competition_ranks(mine + theirs)
    assert all(together[e.key] == alone[e.key] for e in mine)


@given(st.decimals(min_value=-50, max_value=200, places=2), st.decimals(min_value="0.01", max_value=100, places=2))
def test_rule_points_stay_within_the_maximum(value, maximum):
    for rule in ({"kind": "linear", "zero_at": 60, "full_at": 100},
                 {"kind": "steps", "steps": [{"at_least": 100, "share": 100}, {"at_least": 90, "share": 80}]}):
        points = grading.rule_points(rule, value, maximum)
        assert D(0) <= points <= maximum
        assert points == points.quantize(D("0.01"))
