"""The pure scoring and ranking rules (competitions.scoring): examples, and properties checked
with hypothesis for dropping the highest and lowest scores, weights, z-score standardisation,
ties and the tie-break order. No database."""
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from competitions import scoring
from competitions.scoring import (
    MEAN,
    TB_HIGHEST,
    TB_ITEM,
    TB_LOWEST,
    TRIMMED,
    WEIGHTED,
    ZSCORE,
    Item,
    Match,
    Scheme,
    ScoringError,
    Tier,
    assign_tiers,
    compute,
    item_results,
    mean,
    rank,
    rounded,
    standardise,
    standings,
    trimmed_mean,
    weighted_mean,
)

D = Decimal
settings.register_profile("competitions", max_examples=200, deadline=None)
settings.load_profile("competitions")


def scores(maximum=10):
    return st.decimals(min_value=0, max_value=maximum, places=2, allow_nan=False, allow_infinity=False)


def weights():
    return st.decimals(min_value=D("0.01"), max_value=5, places=2, allow_nan=False, allow_infinity=False)


# --- examples ------------------------------------------------------------------------------
def test_dropping_the_highest_and_lowest_of_five_judges():
    assert trimmed_mean([D("9.5"), D("9.2"), D("9.0"), D("8.8"), D("8.6")], 5) == D("9.0")


def test_fewer_judges_than_the_threshold_take_the_plain_mean():
    assert trimmed_mean([D("9.5"), D("8.6"), D("9.0")], 5) == mean([D("9.5"), D("8.6"), D("9.0")])


def test_only_one_of_several_equal_highest_scores_is_dropped():
    assert trimmed_mean([D(9), D(9), D(9), D(5)], 3) == D(9)  # drops one 9 and the 5


def test_trimming_needs_three_judges():
    with pytest.raises(ScoringError):
        trimmed_mean([D(1), D(2)], 2)


def test_results_are_rounded_half_up_to_two_places():
    results = item_results({("a", 1): D(1), ("a", 2): D(0), ("a", 3): D(0)}, method=MEAN, maximum=D(10))
    assert results == {"a": D("0.33")}
    assert rounded(D("0.125")) == D("0.13") and rounded(D("2.675")) == D("2.68")  # no float drift


def test_weighted_mean_shares_a_recused_judges_weight():
    assert rounded(weighted_mean([(D(8), D(2)), (D(6), D(1))])) == D("7.33")  # (16 + 6) / 3
    with pytest.raises(ScoringError):
        weighted_mean([(D(8), D(0))])


def test_total_is_the_weighted_sum_of_the_published_item_results():
    scheme = Scheme(items=(Item("safety", D(40), D("0.5")), Item("drill", D(60), D(1))), method=MEAN)
    sheet = {("a", 1, "safety"): D("33.33"), ("a", 2, "safety"): D(34), ("a", 3, "safety"): D(35),
             ("a", 1, "drill"): D(50), ("a", 2, "drill"): D(51), ("a", 3, "drill"): D(52)}
    (result,) = compute(scheme, sheet, ["a"])
    assert result.items == {"safety": D("34.11"), "drill": D("51.00")}
    assert result.total == D("68.06")  # 0.5 × 34.11 + 51.00 = 68.055 → 68.06


def test_standard_competition_ranking_1_2_2_4():
    ranks = rank({"a": (D(90),), "b": (D(85),), "c": (D(85),), "d": (D(80),), "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


def test_tie_break_on_an_item_then_on_the_lowest_judge_total():
    scheme = Scheme(items=(Item("x", D(10)), Item("y", D(10))), method=MEAN,
                    tie_breaks=((TB_ITEM, "y"), (TB_LOWEST, None)))
    sheet = {
        ("a", 1, "x"): D(6), ("a", 1, "y"): D(4), ("a", 2, "x"): D(6), ("a", 2, "y"): D(4),  # 10, y 4
        ("b", 1, "x"): D(5), ("b", 1, "y"): D(5), ("b", 2, "x"): D(5), ("b", 2, "y"): D(5),  # 10, y 5
        ("c", 1, "x"): D(4), ("c", 1, "y"): D(6), ("c", 2, "x"): D(6), ("c", 2, "y"): D(4),  # 10, y 5, low 10
        ("d", 1, "x"): D(3), ("d", 1, "y"): D(6), ("d", 2, "x"): D(7), ("d", 2, "y"): D(4),  # 10, y 5, low 9
    }
    by_entry = {r.entry: r for r in compute(scheme, sheet, ["a", "b", "c", "d"])}
    assert [by_entry[e].total for e in "abcd"] == [D(10)] * 4
    assert (by_entry["b"].rank, by_entry["c"].rank, by_entry["d"].rank, by_entry["a"].rank) == (1, 1, 3, 4)


def test_awards_by_rank_ties_at_a_boundary_take_the_higher_award():
    tiers = (Tier("first", 1), Tier("second", 2), Tier("third", 3))
    placed = [("a", 1, D(95)), ("b", 1, D(95)), ("c", 3, D(90)), ("d", 4, D(80)), ("e", 5, D(70)),
              ("f", 6, D(60)), ("g", 7, D(50))]
    assert assign_tiers(placed, tiers) == {"a": "first", "b": "first", "c": "second", "d": "third",
                                           "e": "third", "f": "third", "g": None}


def test_an_award_with_a_minimum_total_and_no_limit():
    tiers = (Tier("first", 1, D(90)), Tier("merit", None, D(60)))
    placed = [("a", 1, D(85)), ("b", 2, D(70)), ("c", 3, D(50))]
    assert assign_tiers(placed, tiers) == {"a": "merit", "b": "merit", "c": None}


def test_a_judge_with_zero_variance_maps_to_the_item_mean():
    sheet = {("a", "j1"): D(8), ("b", "j1"): D(8), ("a", "j2"): D(9), ("b", "j2"): D(5)}
    standard = standardise(sheet, D(10))
    assert standard[("a", "j1")] == standard[("b", "j1")] == D(30) / D(4)  # the item mean, 7.5


def test_league_table():
    table = standings(["a", "b", "c"], [Match("a", "b", 60, 50), Match("b", "c", 70, 40), Match("c", "a", 55, 55)],
                      win=2, draw=1, loss=1)
    # a and b both have 3 points; b's score difference (+20) beats a's (+10).
    assert [(row.participant, row.points, row.rank) for row in table] == [("b", 3, 1), ("a", 3, 2), ("c", 2, 3)]


# --- properties: dropping the highest and the lowest ------------------------------------------
@given(st.lists(scores(), min_size=3, max_size=12), st.integers(3, 12))
def test_trimmed_mean_is_the_mean_of_the_middle(values, min_judges):
    result = trimmed_mean(values, min_judges)
    middle = sorted(values)[1:-1] if len(values) >= min_judges else values
    assert result == mean(middle)
    assert min(values) <= result <= max(values)


@given(st.lists(scores(8), min_size=1, max_size=10), st.data())
def test_adding_a_new_highest_and_lowest_score_leaves_the_trimmed_mean_unchanged(values, data):
    high = data.draw(st.decimals(min_value=max(values), max_value=10, places=2))
    low = data.draw(st.decimals(min_value=0, max_value=min(values), places=2))
    min_judges = data.draw(st.integers(3, len(values) + 2))
    assert trimmed_mean(values + [high, low], min_judges) == mean(values)


@given(st.lists(scores(), min_size=3, max_size=10), st.randoms())
def test_trimmed_mean_does_not_depend_on_the_order_of_the_judges(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert trimmed_mean(values, 3) == trimmed_mean(shuffled, 3)


# --- properties: weights ------------------------------------------------------------------
@given(st.lists(scores(), min_size=1, max_size=8), weights())
def test_equal_judge_weights_give_the_mean(values, weight):
    assert weighted_mean([(v, weight) for v in values]) == mean(values)


@given(st.lists(st.tuples(scores(), weights()), min_size=1, max_size=8), st.integers(2, 9))
def test_judge_weights_are_relative(pairs, factor):
    scaled = [(v, w * factor) for v, w in pairs]
    assert rounded(weighted_mean(pairs)) == rounded(weighted_mean(scaled))
    assert min(v for v, _ in pairs) <= weighted_mean(pairs) <= max(v for v, _ in pairs)


@st.composite
def sheets(draw, methods=(MEAN, TRIMMED, WEIGHTED, ZSCORE)):
    """A random scheme and score sheet: 1–3 items, 1–6 entries, 1–6 judges, some scores missing."""
    n_items = draw(st.integers(1, 3))
    items = tuple(Item(f"i{k}", draw(st.sampled_from([D(10), D(20), D("100")])), draw(weights()))
                  for k in range(n_items))
    entries = [f"e{k}" for k in range(draw(st.integers(1, 6)))]
    judges = [f"j{k}" for k in range(draw(st.integers(1, 6)))]
    method = draw(st.sampled_from(methods))
    judge_weights = {j: draw(weights()) for j in judges}
    sheet = {}
    for entry in entries:
        present = [j for j in judges if draw(st.booleans()) or j == judges[0]]  # at least one judge each
        for judge in present:
            for item in items:
                sheet[(entry, judge, item.key)] = draw(scores(int(item.maximum)))
    tie_breaks = tuple(draw(st.lists(st.sampled_from([(TB_ITEM, items[0].key), (TB_HIGHEST, None),
                                                       (TB_LOWEST, None)]), unique=True, max_size=3)))
    scheme = Scheme(items=items, method=method, min_judges=draw(st.integers(3, 6)), judge_weights=judge_weights,
                    tie_breaks=tie_breaks)
    return scheme, sheet, entries


@given(sheets())
def test_every_published_figure_has_two_decimals_and_stays_on_the_scale(case):
    scheme, sheet, entries = case
    for result in compute(scheme, sheet, entries):
        for item in scheme.items:
            value = result.items[item.key]
            assert value.as_tuple().exponent == -2 and 0 <= value <= item.maximum
        assert result.total.as_tuple().exponent == -2
        assert result.total == rounded(sum((i.weight * result.items[i.key] for i in scheme.items), D(0)))
        assert 0 <= result.total <= sum((i.weight * i.maximum for i in scheme.items), D(0))


@given(sheets(methods=(MEAN, TRIMMED, WEIGHTED)), st.data())
def test_raising_a_score_never_lowers_the_entrys_total(case, data):
    scheme, sheet, entries = case
    key = data.draw(st.sampled_from(sorted(sheet)))
    maximum = next(i.maximum for i in scheme.items if i.key == key[2])
    assume(sheet[key] < maximum)
    raised = dict(sheet)
    raised[key] = data.draw(st.decimals(min_value=sheet[key], max_value=maximum, places=2))
    before = {r.entry: r.total for r in compute(scheme, sheet, entries)}
    after = {r.entry: r.total for r in compute(scheme, raised, entries)}
    assert after[key[0]] >= before[key[0]]
    assert all(after[e] == before[e] for e in entries if e != key[0])


@given(sheets(methods=(MEAN,)), st.integers(2, 5))
def test_scaling_every_item_weight_scales_the_unrounded_total(case, factor):
    scheme, sheet, entries = case
    scaled = Scheme(items=tuple(Item(i.key, i.maximum, i.weight * factor) for i in scheme.items), method=MEAN)
    before = {r.entry: r for r in compute(scheme, sheet, entries)}
    for r in compute(scaled, sheet, entries):
        assert r.items == before[r.entry].items  # item results do not depend on weights
        exact = sum((i.weight * r.items[i.key] for i in scheme.items), D(0))
        assert r.total == rounded(exact * factor)


# --- properties: z-score standardisation ---------------------------------------------------
@st.composite
def item_sheets(draw):
    entries = [f"e{k}" for k in range(draw(st.integers(1, 6)))]
    judges = [f"j{k}" for k in range(draw(st.integers(1, 5)))]
    return {(e, j): draw(scores()) for e in entries for j in judges}


@given(item_sheets())
def test_standardised_scores_stay_within_the_scale(sheet):
    assert all(D(0) <= v <= D(10) for v in standardise(sheet, D(10)).values())


@given(item_sheets())
def test_standardising_keeps_each_judges_order(sheet):
    standard = standardise(sheet, D(10))
    for (e1, j1), v1 in sheet.items():
        for (e2, j2), v2 in sheet.items():
            if j1 == j2 and v1 < v2:
                assert standard[(e1, j1)] <= standard[(e2, j2)]


@given(st.lists(scores(), min_size=1, max_size=6), st.integers(1, 5))
def test_judges_who_agree_completely_keep_their_scores(values, n_judges):
    sheet = {(f"e{k}", f"j{j}"): v for k, v in enumerate(values) for j in range(n_judges)}
    results = item_results(sheet, method=ZSCORE, maximum=D(10))
    assert all(results[f"e{k}"] == rounded(v) for k, v in enumerate(values))


@given(st.lists(scores(), min_size=1, max_size=6))
def test_a_single_entry_gets_the_mean_of_its_scores(values):
    sheet = {("only", f"j{j}"): v for j, v in enumerate(values)}
    assert item_results(sheet, method=ZSCORE, maximum=D(10)) == {"only": rounded(mean(values))}


@given(item_sheets(), scores())
def test_a_judge_with_zero_variance_gets_the_item_mean_everywhere(sheet, constant):
    entries = sorted({e for e, _ in sheet})
    sheet = {**sheet, **{(e, "flat"): constant for e in entries}}
    standard = standardise(sheet, D(10))
    overall = mean(list(sheet.values()))
    assert {standard[(e, "flat")] for e in entries} == {min(max(overall, D(0)), D(10))}


# --- properties: ties and the tie-break order -------------------------------------------------
keys = st.tuples(st.decimals(0, 5, places=0), st.decimals(0, 3, places=0))


@given(st.dictionaries(st.integers(0, 30), keys, max_size=15))
def test_ranking_is_standard_competition_ranking(entries):
    ranks = rank(entries)
    for e, k in entries.items():
        assert ranks[e] == 1 + sum(1 for other in entries.values() if other > k)
    for a in entries:
        for b in entries:
            assert (ranks[a] == ranks[b]) == (entries[a] == entries[b])


@given(st.dictionaries(st.integers(0, 30), keys, max_size=15))
def test_adding_a_tie_break_only_splits_ties(entries):
    coarse = rank({e: k[:1] for e, k in entries.items()})
    fine = rank(entries)
    for a in entries:
        for b in entries:
            if coarse[a] < coarse[b]:
                assert fine[a] < fine[b]
            if coarse[a] == coarse[b] and entries[a][1] != entries[b][1]:
                assert fine[a] != fine[b]


@given(sheets())
def test_equal_ranks_only_when_the_total_and_every_tie_break_are_equal(case):
    scheme, sheet, entries = case
    results = compute(scheme, sheet, entries)
    for a in results:
        for b in results:
            same = (a.total, *a.tie_values) == (b.total, *b.tie_values)
            assert (a.rank == b.rank) == same
    assert [r.rank for r in results] == sorted(r.rank for r in results)


@given(sheets(), st.randoms())
def test_results_do_not_depend_on_the_order_of_the_entries(case, random):
    scheme, sheet, entries = case
    shuffled = list(entries)
    random.shuffle(shuffled)
    first = {r.entry: (r.total, r.rank) for r in compute(scheme, sheet, entries)}
    second = {r.entry: (r.total, r.rank) for r in compute(scheme, sheet, shuffled)}
    assert first == second


@given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.lists(st.decimals(0, 100, places=2), max_size=12))
def test_awards_follow_the_ranking(counts, totals):
    tiers = tuple(Tier(k, count) for k, count in enumerate(counts))
    keyed = {f"e{k}": (t,) for k, t in enumerate(totals)}
    ranks = rank(keyed)
    awarded = assign_tiers([(e, ranks[e], keyed[e][0]) for e in keyed], tiers)
    order = {None: len(tiers)} | {k: k for k in range(len(tiers))}
    for a in keyed:
        for b in keyed:
            if ranks[a] <= ranks[b]:
                assert order[awarded[a]] <= order[awarded[b]]
        # an entry gets the first tier whose rank bound it is within
        bound, expected = 0, None
        for k, count in enumerate(counts):
            bound += count
            if ranks[a] <= bound:
                expected = k
                break
        assert awarded[a] == expected


def test_unknown_method_and_tie_break_are_refused():
    with pytest.raises(ScoringError):
        compute(Scheme(items=(Item("x", D(10)),), method="median"), {}, [])
    with pytest.raises(ScoringError):
        compute(Scheme(items=(Item("x", D(10)),), tie_breaks=((TB_ITEM, "nope"),)), {}, [])
    assert scoring.METHODS == (MEAN, TRIMMED, ZSCORE, WEIGHTED)
