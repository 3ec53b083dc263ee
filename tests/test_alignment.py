"""The alignment rules: cumulative profiles, position, similarity and equivalence."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.alignment import (
    EQUIVALENTS_PER_MODEL,
    MIN_SIMILARITY,
    best_matches,
    computed_equivalents,
    cumulative_profiles,
    function_profiles,
    position,
    shared_capabilities,
    similarity,
)
from generator.atlas import MAX_MODELS
from generator.schema import MAX_LEVEL, MAX_STAGES

CAPABILITIES = [f"cap-{n}" for n in range(12)]

levels = st.integers(min_value=0, max_value=MAX_LEVEL)
profiles = st.dictionaries(st.sampled_from(CAPABILITIES), levels, max_size=12)
models = st.lists(profiles, min_size=1, max_size=10)
capability_counts = st.integers(min_value=1, max_value=len(CAPABILITIES))


def exact_similarity(a: dict[str, int], b: dict[str, int]) -> Fraction:
    """The weighted Jaccard index, computed without floating point."""
    capabilities = set(a) | set(b)
    largest = sum(max(a.get(c, 0), b.get(c, 0)) for c in capabilities)
    if largest == 0:
        return Fraction(1)
    return Fraction(sum(min(a.get(c, 0), b.get(c, 0)) for c in capabilities), largest)


# --- worked examples ---------------------------------------------------------------------------


def test_position_is_share_of_highest_possible_total() -> None:
    # 4 + 2 = 6 out of 4 * 3 = 12 possible.
    assert position({"a": 4, "b": 2}, 3) == 50.0
    # 1 out of 12: 8.333... shown to one decimal.
    assert position({"a": 1}, 3) == 8.3
    assert position({}, 12) == 0.0
    assert position(dict.fromkeys(CAPABILITIES, MAX_LEVEL), 12) == 100.0
    # A capability required at level 0 adds nothing.
    assert position({"a": 0, "b": 3}, 12) == 6.2  # 300 / 48 = 6.25, rounded half to even


def test_similarity_of_two_small_profiles() -> None:
    a = {"hearing": 2, "posting": 3}
    b = {"hearing": 4, "planning": 1}
    # min: hearing 2, posting 0, planning 0 -> 2; max: 4 + 3 + 1 -> 8.
    assert similarity(a, b) == 0.25
    assert similarity(b, a) == 0.25


def test_similarity_examples() -> None:
    assert similarity({"a": 1, "b": 1}, {"a": 1}) == 0.5
    assert similarity({"a": 3}, {"b": 3}) == 0.0
    assert similarity({"a": 1}, {}) == 0.0
    assert similarity({"a": 2, "b": 2}, {"b": 2, "a": 2}) == 1.0
    # An explicit 0 is the same as not mentioning the capability.
    assert similarity({"a": 2, "b": 0}, {"a": 2}) == 1.0


def test_profiles_requiring_nothing_are_identical() -> None:
    assert similarity({}, {}) == 1.0
    assert similarity({"a": 0}, {"b": 0}) == 1.0
    assert similarity({"a": 0}, {}) == 1.0


def test_cumulative_profiles_are_the_running_maximum() -> None:
    stages = [{"b": 2}, {"a": 1}, {"b": 1, "c": 3}, {}, {"a": 4, "b": 3}]
    assert cumulative_profiles(stages) == [
        {"b": 2},
        {"a": 1, "b": 2},
        {"a": 1, "b": 2, "c": 3},
        {"a": 1, "b": 2, "c": 3},
        {"a": 4, "b": 3, "c": 3},
    ]


def test_cumulative_profiles_are_sorted_and_independent() -> None:
    profiles_ = cumulative_profiles([{"z": 1, "a": 2}, {"m": 1}])
    assert [list(p) for p in profiles_] == [["a", "z"], ["a", "m", "z"]]
    profiles_[0]["a"] = 99
    assert profiles_[1]["a"] == 2  # each stage gets its own dict


def test_cumulative_profiles_of_no_stages() -> None:
    assert cumulative_profiles([]) == []


def test_shared_capabilities_strongest_common_level_first() -> None:
    a = {"a": 3, "b": 1, "c": 2, "d": 0, "e": 4}
    b = {"a": 2, "b": 4, "c": 2, "d": 3}
    # Common levels: a 2, b 1, c 2; d is 0 in `a`, e is absent from `b`.
    assert shared_capabilities(a, b) == ["a", "c", "b"]
    assert shared_capabilities({"a": 1}, {"b": 1}) == []


def test_best_matches_prefers_the_most_similar() -> None:
    profile = {"a": 2, "b": 2}
    candidates = [{"a": 1}, {"a": 2, "b": 1}, {"a": 4, "b": 4}]
    # similarities: 1/4, 3/4, 4/8
    assert best_matches(profile, candidates) == [1]


def test_best_matches_breaks_a_similarity_tie_by_position() -> None:
    profile = {"a": 2}  # position 25.0 with 2 capabilities
    candidates = [{"a": 2, "b": 2}, {"a": 1}]  # both 0.5 similar; positions 50.0 and 12.5
    assert best_matches(profile, candidates) == [1]


def test_best_matches_breaks_a_tie_on_both_by_place_along_the_model() -> None:
    profile = {"a": 2, "b": 2}  # position 50.0
    candidates = [{"a": 2}, {"c": 4}, {"b": 2}]  # 0.5, 0.0, 0.5; positions 25, 50, 25
    # The only stage of its model sits half-way along it; the candidates sit at 1/6, 3/6 and
    # 5/6 of theirs: 0 and 2 are as near, and the earlier one is picked.
    assert best_matches(profile, candidates) == [0]
    # The last of three stages sits at 5/6, as the last candidate does.
    assert best_matches(profile, candidates, (2, 3)) == [2]


def test_best_matches_picks_the_stage_at_the_same_place_among_identical_ones() -> None:
    identical = [{"a": 1}] * 4
    assert [best_matches({"a": 1}, identical, (s, 4)) for s in range(4)] == [[0], [1], [2], [3]]
    # The second of two stages sits at 3/4; of four, the third (5/8) and the fourth (7/8) are
    # as near, and the earlier one is picked.
    assert best_matches({"a": 1}, identical, (1, 2)) == [2]
    assert best_matches({"a": 1}, identical, (0, 2)) == [0]


def test_best_matches_picks_one_of_candidates_exactly_as_close_in_position() -> None:
    profile = {"a": 3}
    candidates = [{"a": 1}, {"a": 2, "b": 3}]
    assert similarity(profile, candidates[0]) == similarity(profile, candidates[1]) == 1 / 3
    assert best_matches(profile, candidates) == [0]
    assert best_matches(profile, candidates, (1, 2)) == [1]


def test_equivalents_of_identical_models_are_one_stage_per_model() -> None:
    """The costliest input: the largest atlas the schema allows (40 models of 40 stages) with
    every stage alike. Each stage picks the stage at its own place in every other model, so
    each lists one stage per other model, where picking every tied stage listed all of them."""
    model_count, stage_count = MAX_MODELS, MAX_STAGES
    pairs = computed_equivalents([[{"a": 1}] * stage_count] * model_count)
    per_stage = Counter((m, s) for m, s, _o, _t in pairs)
    assert len(per_stage) == model_count * stage_count
    assert max(per_stage.values()) <= EQUIVALENTS_PER_MODEL * (model_count - 1)
    assert all(s == t for _m, s, _o, t in pairs)


def test_computed_equivalents_worked_example() -> None:
    first = cumulative_profiles([{"a": 1}, {"a": 3, "b": 2}])
    second = cumulative_profiles([{"a": 1}, {"b": 1}, {"a": 4, "b": 4}])
    # first[0] {a: 1}       vs second: 1, 1/2, 1/8  -> second[0]
    # first[1] {a: 3, b: 2} vs second: 1/5, 2/5, 5/8 -> second[2]
    # second[0] {a: 1}       vs first: 1, 1/5 -> first[0]
    # second[1] {a: 1, b: 1} vs first: 1/2, 2/5 -> first[0] (one direction only)
    # second[2] {a: 4, b: 4} vs first: 1/8, 5/8 -> first[1]
    assert computed_equivalents([first, second]) == {
        (0, 0, 1, 0),
        (1, 0, 0, 0),
        (1, 1, 0, 0),
        (0, 0, 1, 1),
        (0, 1, 1, 2),
        (1, 2, 0, 1),
    }


def test_computed_equivalents_of_a_single_model_is_empty() -> None:
    assert computed_equivalents([cumulative_profiles([{"a": 1}, {"a": 2}])]) == set()


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(profiles, profiles)
def test_similarity_is_symmetric_and_bounded(a: dict[str, int], b: dict[str, int]) -> None:
    value = similarity(a, b)
    assert value == similarity(b, a)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(float(exact_similarity(a, b)), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(profiles)
def test_similarity_with_itself_is_one(a: dict[str, int]) -> None:
    assert similarity(a, a) == 1.0
    assert similarity(a, dict(a)) == 1.0


@settings(max_examples=150, deadline=None)
@given(models, capability_counts)
def test_cumulative_profiles_never_decrease(model: list[dict[str, int]], count: int) -> None:
    cumulative = cumulative_profiles(model)
    assert len(cumulative) == len(model)
    for index, profile in enumerate(cumulative):
        # Each stage holds exactly the highest level of each capability required so far.
        for capability in {c for stage in model[: index + 1] for c in stage}:
            assert profile[capability] == max(
                stage.get(capability, 0) for stage in model[: index + 1]
            )
        assert set(profile) == {c for stage in model[: index + 1] for c in stage}
    for earlier, later in pairwise(cumulative):
        for capability, level in earlier.items():
            assert later[capability] >= level
    positions = [position(p, len(CAPABILITIES)) for p in cumulative]
    assert positions == sorted(positions)
    assert all(0.0 <= p <= 100.0 for p in positions)


def exact_position(profile: dict[str, int], count: int) -> Fraction:
    return Fraction(100 * sum(profile.values()), MAX_LEVEL * count)


@settings(max_examples=200, deadline=None)
@given(profiles, st.lists(profiles, min_size=1, max_size=8), capability_counts)
def test_best_matches_is_the_argmax(
    profile: dict[str, int], candidates: list[dict[str, int]], count: int
) -> None:
    # Restrict the profiles to the counted capabilities so positions stay within 0-100.
    allowed = set(CAPABILITIES[:count])
    profile = {c: v for c, v in profile.items() if c in allowed}
    candidates = [{c: v for c, v in p.items() if c in allowed} for p in candidates]

    place = (0, 1)
    found = best_matches(profile, candidates, place)

    # Brute force, exactly: the most similar, then the closest in position, then the nearest in
    # place along the model, then the earliest.
    here = exact_position(profile, count)
    keys = [
        (
            exact_similarity(profile, c),
            -abs(exact_position(c, count) - here),
            -abs(
                Fraction(2 * place[0] + 1, 2 * place[1]) - Fraction(2 * t + 1, 2 * len(candidates))
            ),
            -t,
        )
        for t, c in enumerate(candidates)
    ]
    alike = [key for key in keys if key[0] >= MIN_SIMILARITY]
    expected = [-max(alike)[-1]] if alike else []
    assert found == expected
    assert len(found) <= EQUIVALENTS_PER_MODEL
    # Empty exactly when no candidate is alike enough.
    assert bool(found) == any(key[0] >= MIN_SIMILARITY for key in keys)


def check_equivalents(stage_lists: list[list[dict[str, int]]], count: int) -> None:
    cumulative = [cumulative_profiles(stages) for stages in stage_lists]
    pairs = computed_equivalents(cumulative)
    for m, s, o, t in pairs:
        assert (o, t, m, s) in pairs
        assert m != o
        assert 0 <= s < len(cumulative[m])
        assert 0 <= t < len(cumulative[o])
    for m, stages in enumerate(cumulative):
        for s in range(len(stages)):
            for o in range(len(cumulative)):
                if o == m:
                    continue
                alike = any(
                    exact_similarity(stages[s], other) >= MIN_SIMILARITY for other in cumulative[o]
                )
                found = any((m, s, o, t) in pairs for t in range(len(cumulative[o])))
                # Complete where possible: an equivalent in every model that has a stage alike
                # enough, and none in a model that has none.
                assert found == alike, f"stage {s} of model {m} in model {o}: {found=}, {alike=}"
    # Every pair is a best match in at least one direction.
    for m, s, o, t in pairs:
        assert t in best_matches(
            cumulative[m][s], cumulative[o], (s, len(cumulative[m]))
        ) or s in best_matches(cumulative[o][t], cumulative[m], (t, len(cumulative[o])))
    # Bounded by the inputs: each stage picks at most EQUIVALENTS_PER_MODEL in each other model.
    stages = sum(len(stage_list) for stage_list in cumulative)
    assert len(pairs) <= 2 * EQUIVALENTS_PER_MODEL * stages * (len(cumulative) - 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(models, min_size=2, max_size=4))
def test_computed_equivalents_symmetric_and_complete_where_alike(
    stage_lists: list[list[dict[str, int]]],
) -> None:
    check_equivalents(stage_lists, len(CAPABILITIES))


def test_a_stage_that_may_be_skipped_does_not_carry_forward() -> None:
    stages = [{"a": 1}, {"b": 2}, {"c": 1}, {"a": 2}]
    skippable = [False, True, False, False]
    assert cumulative_profiles(stages, skippable) == [
        {"a": 1},
        {"a": 1, "b": 2},  # its own profile holds what came before and its own levels
        {"a": 1, "c": 1},  # but the next stage does not inherit them
        {"a": 2, "c": 1},
    ]
    assert cumulative_profiles(stages) == [
        {"a": 1},
        {"a": 1, "b": 2},
        {"a": 1, "b": 2, "c": 1},
        {"a": 2, "b": 2, "c": 1},
    ]


def test_the_stages_of_a_model_of_functions_stand_alone() -> None:
    stages = [{"a": 1}, {"b": 2}, {"a": 3}]
    assert function_profiles(stages) == [{"a": 1}, {"b": 2}, {"a": 3}]


def test_stages_with_nothing_in_common_have_no_equivalent() -> None:
    """Below the threshold a stage has no equivalent rather than the least unlike one."""
    lonely = {"a": 1}
    others = [{"b": 4, "c": 4}, {"a": 1, "b": 4, "c": 4, "d": 4}]
    assert similarity(lonely, others[1]) < MIN_SIMILARITY
    assert best_matches(lonely, others) == []
    pairs = computed_equivalents([[lonely], others])
    assert not any(m == 0 for m, *_ in pairs)
