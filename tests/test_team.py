"""The team view's scoring (quiz/team.py): several results side by side, and the team's own place.

Properties over generated teams, on the fixture spec (which reaches every placement rule) and on
the spec the real models make: a team of one is its member's result; the order of the members
changes nothing but their order; each spread is the members' levels' own minimum, lower median
and maximum; the members disagree where they are two levels apart; the team's place is the
placement of its median profile.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.answers import check_answers
from quiz.api import MAX_NAME, MAX_TEAM, Engine, result_data
from quiz.scoring import meets, score
from quiz.spec import Spec
from quiz.team import DISAGREEMENT, lower_median, score_team
from tests.test_quiz_scoring import DATA, PROPERTY, SPECS, answer_sets, reply, uniform

TEAMS = {name: st.lists(answer_sets(spec), min_size=1, max_size=7) for name, spec in SPECS.items()}
both_specs = pytest.mark.parametrize("name", sorted(SPECS))


def team_of(spec: Spec, answer_sets: list[dict[str, str]]) -> list[tuple[str, Any]]:
    return [(f"Person {i}", check_answers(spec, values)) for i, values in enumerate(answer_sets)]


def team_reply(name: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    return reply(Engine(json.dumps(DATA[name])).score_team(json.dumps(members)))


@both_specs
@PROPERTY
@given(data=st.data())
def test_a_team_of_one_is_its_members_result(name: str, data: st.DataObject) -> None:
    spec = SPECS[name]
    values = data.draw(answer_sets(spec))
    answers = check_answers(spec, values)
    team = score_team(spec, [("Only", answers)])
    assert result_data(spec, team.result) == result_data(spec, score(spec, answers))
    assert team.result.answers == answers
    assert team.disagreements == ()
    assert team.differences == ()


@both_specs
@PROPERTY
@given(data=st.data())
def test_the_order_of_the_members_changes_nothing_but_their_order(
    name: str, data: st.DataObject
) -> None:
    spec = SPECS[name]
    sets = data.draw(TEAMS[name])
    order = data.draw(st.permutations(range(len(sets))))
    team = score_team(spec, team_of(spec, sets))
    shuffled = score_team(spec, [team_of(spec, sets)[i] for i in order])
    assert result_data(spec, shuffled.result) == result_data(spec, team.result)
    assert dict(shuffled.result.profile) == dict(team.result.profile)
    for spread, moved in zip(team.spreads, shuffled.spreads, strict=True):
        assert (moved.low, moved.median, moved.high) == (spread.low, spread.median, spread.high)
        assert moved.levels == tuple(spread.levels[i] for i in order)
    assert [s.capability for s in shuffled.disagreements] == [
        s.capability for s in team.disagreements
    ]
    assert {d.question.id for d in shuffled.differences} == {
        d.question.id for d in team.differences
    }


@both_specs
@PROPERTY
@given(data=st.data())
def test_spreads_disagreements_and_the_team_profile(name: str, data: st.DataObject) -> None:
    spec = SPECS[name]
    sets = data.draw(TEAMS[name])
    team = score_team(spec, team_of(spec, sets))
    assert [s.capability for s in team.spreads] == [c.id for c in spec.capabilities]
    for spread in team.spreads:
        # Each member's own level, as their own result has it; None where they did not know.
        for member, level in zip(team.members, spread.levels, strict=True):
            if spread.capability in member.result.unknown:
                assert level is None
            else:
                assert level == member.result.profile[spread.capability]
        known = sorted(level for level in spread.levels if level is not None)
        assert spread.known == bool(known)
        if known:
            assert (spread.low, spread.high) == (known[0], known[-1])
            # The lower median: at least half the members are at or below it, and more than
            # half at or above it.
            assert spread.median in known
            assert 2 * sum(level <= spread.median for level in known) >= len(known)
            assert 2 * sum(level >= spread.median for level in known) > len(known)
        else:
            assert (spread.low, spread.median, spread.high) == (0, 0, 0)
        assert spread.disagreement == (spread.high - spread.low >= DISAGREEMENT)
        assert team.result.profile[spread.capability] == spread.median
        assert (spread.capability in team.result.unknown) == (not spread.known)
    # Disagreements first, widest first; every one of them, and nothing else.
    assert {s.capability for s in team.disagreements} == {
        s.capability for s in team.spreads if s.disagreement
    }
    widths = [s.high - s.low for s in team.disagreements]
    assert widths == sorted(widths, reverse=True)
    # The team's place on each model is the placement of its profile, by the model's rule.
    for placement in team.result.placements:
        met = [meets(team.result.profile, stage) for stage in placement.model.stages]
        if placement.reached:
            assert met[placement.index]
    # Questions answered differently, and only those.
    for question in spec.all_questions:
        values = {s[question.id] for s in sets}
        assert (len(values) > 1) == any(d.question.id == question.id for d in team.differences)


@both_specs
def test_a_split_team_takes_the_lower_view(name: str) -> None:
    spec = SPECS[name]
    top = min(max(o.level or 0 for o in q.options) for q in spec.questions)
    low, high = check_answers(spec, uniform(0, spec)), check_answers(spec, uniform(top, spec))
    team = score_team(spec, [("A", high), ("B", low)])
    lowest = score(spec, low)
    assert dict(team.result.profile) == dict(lowest.profile)
    assert [p.stage.id for p in team.result.placements] == [p.stage.id for p in lowest.placements]
    # Three members, two of them high: the median is high.
    team = score_team(spec, [("A", high), ("B", low), ("C", high)])
    assert dict(team.result.profile) == dict(score(spec, high).profile)
    assert {s.capability for s in team.disagreements} == {
        s.capability for s in team.spreads if s.high - s.low >= DISAGREEMENT
    }


def test_lower_median() -> None:
    assert lower_median([3]) == 3
    assert lower_median([4, 1]) == 1
    assert lower_median([2, 0, 5]) == 2
    assert lower_median([5, 1, 3, 4]) == 3


@both_specs
def test_the_engine_scores_a_team_like_each_member_alone(name: str) -> None:
    spec = SPECS[name]
    sets = [uniform(level, spec) for level in (0, 1, 2)]
    data = team_reply(name, [{"name": f"P{i}", "answers": v} for i, v in enumerate(sets)])
    assert data["ok"] is True
    for person, values in zip(data["people"], sets, strict=True):
        alone = reply(Engine(json.dumps(DATA[name])).score(json.dumps(values)))
        assert person["result"] == alone["result"]
        # Each member's share fragment, from which the team page makes the team's link.
        assert person["share"] == alone["share"]
    assert [c["capability"] for c in data["capabilities"]] == [c.id for c in spec.capabilities]


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([], "one or more results"),
        ({"name": "A"}, "one or more results"),
        ([{"answers": {}}], "needs a name"),
        ([{"name": " ", "answers": {}}], "needs a name"),
        ([{"name": "x" * (MAX_NAME + 1), "answers": {}}], "needs a name"),
        ([{"name": "Ann", "answers": {"no-such-question": "x"}}], "Ann: Unknown question"),
    ],
)
def test_a_team_that_cannot_be_scored_gets_a_clear_message(members: object, message: str) -> None:
    data = reply(Engine(json.dumps(DATA["fixture"])).score_team(json.dumps(members)))
    assert data["ok"] is False
    assert message in data["error"]


def test_a_team_larger_than_the_limit_is_refused() -> None:
    values: Mapping[str, str] = uniform(0, SPECS["fixture"])
    members = [{"name": f"P{i}", "answers": values} for i in range(MAX_TEAM + 1)]
    data = team_reply("fixture", members)
    assert data["ok"] is False
    assert str(MAX_TEAM) in data["error"]
