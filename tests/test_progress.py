"""Progress over time (quiz/progress.py): what moved between a kept result and a later one.

Properties over generated pairs of answer sets, on the fixture spec and on the real one: a result
compared with itself has moved nothing; a capability moved up exactly when its level rose; a
ladder moved up exactly when its placement rose in the model's order; swapping the two results
swaps every direction. Results kept under an older question set, or naming what the atlas no
longer has, are still compared where they can be, and say what cannot; a tampered one is refused.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.api import Engine
from quiz.spec import FUNCTIONS
from tests.test_quiz_scoring import DATA, PROPERTY, SPECS, answer_sets, reply

ENGINES = {name: Engine(json.dumps(data)) for name, data in DATA.items()}
both_specs = pytest.mark.parametrize("name", sorted(SPECS))
OPPOSITE = {"up": "down", "down": "up", "same": "same", "mixed": "mixed", "new": "new"}


def kept(name: str, values: dict[str, str], date: str) -> dict[str, Any]:
    scored = reply(ENGINES[name].score(json.dumps(values)))
    assert scored["ok"], scored
    return {"date": date, "result": scored["result"]}


def compared(name: str, earlier: object, later: object) -> dict[str, Any]:
    return reply(ENGINES[name].compare(json.dumps({"earlier": earlier, "later": later})))


def position(placement: dict[str, Any], stages: list[str]) -> int:
    return stages.index(placement["stage"]) if placement["reached"] else -1


@both_specs
@PROPERTY
@given(data=st.data())
def test_what_moved_between_two_results(name: str, data: st.DataObject) -> None:
    spec = SPECS[name]
    first, second = data.draw(answer_sets(spec)), data.draw(answer_sets(spec))
    earlier, later = kept(name, first, "2026-01-01"), kept(name, second, "2026-04-01")
    result = compared(name, earlier, later)
    assert result["ok"] is True
    assert result["same_questions"] is True
    assert (result["earlier"]["date"], result["later"]["date"]) == ("2026-01-01", "2026-04-01")
    for change in result["capabilities"]:
        before = earlier["result"]["profile"][change["capability"]]
        after = later["result"]["profile"][change["capability"]]
        assert (change["before"], change["after"]) == (before, after)
        expected = "up" if after > before else "down" if after < before else "same"
        assert change["change"] == expected
    placements = {
        when: {p["model"]: p for p in kept_result["result"]["placements"]}
        for when, kept_result in (("earlier", earlier), ("later", later))
    }
    for change, model in zip(result["models"], spec.models, strict=True):
        assert change["model"] == model.id
        stages = [s.id for s in model.stages]
        old, new = placements["earlier"][model.id], placements["later"][model.id]
        assert (change["before"], change["after"]) == (old["stage"], new["stage"])
        if model.scoring == FUNCTIONS:
            assert set(change["gained"]) == set(new["in_place"]) - set(old["in_place"])
            assert set(change["lost"]) == set(old["in_place"]) - set(new["in_place"])
        else:
            a, b = position(old, stages), position(new, stages)
            assert change["change"] == ("up" if b > a else "down" if b < a else "same")
    # Swapping the two swaps every direction.
    back = compared(name, later, earlier)
    for forward, backward in zip(
        result["capabilities"] + result["models"],
        back["capabilities"] + back["models"],
        strict=True,
    ):
        assert backward["change"] == OPPOSITE[forward["change"]]


@both_specs
@PROPERTY
@given(data=st.data())
def test_a_result_compared_with_itself_moved_nothing(name: str, data: st.DataObject) -> None:
    same = kept(name, data.draw(answer_sets(SPECS[name])), "2026-05-05")
    result = compared(name, same, same)
    assert {c["change"] for c in result["capabilities"] + result["models"]} == {"same"}
    assert result["gone_capabilities"] == result["gone_models"] == []


@both_specs
def test_a_result_kept_under_older_questions_is_compared_where_it_can_be(name: str) -> None:
    spec = SPECS[name]
    values = {q.id: q.options[0].value for q in spec.all_questions}
    later = kept(name, values, "2026-06-01")
    earlier = json.loads(json.dumps(later))
    earlier["date"] = "2025-06-01"
    earlier["result"]["version"] = "0000000000"
    # A capability added since, one the atlas no longer has, a model's stage renamed since and
    # a model the atlas no longer has.
    added = spec.capabilities[0].id
    del earlier["result"]["profile"][added]
    earlier["result"]["profile"]["a-retired-capability"] = 2
    renamed = earlier["result"]["placements"][0]
    renamed["stage"] = "a-retired-stage"
    earlier["result"]["placements"].append(
        {"model": "a-retired-model", "stage": "x", "reached": True, "in_place": []}
    )
    result = compared(name, earlier, later)
    assert result["ok"] is True
    assert result["same_questions"] is False
    by_capability = {c["capability"]: c for c in result["capabilities"]}
    assert by_capability[added]["change"] == "new"
    assert by_capability[added]["before"] is None
    assert all(c["change"] == "same" for c in result["capabilities"] if c["capability"] != added)
    by_model = {m["model"]: m for m in result["models"]}
    assert by_model[renamed["model"]]["change"] == "new"
    assert by_model[renamed["model"]]["before"] is None
    assert result["gone_capabilities"] == ["a-retired-capability"]
    assert result["gone_models"] == ["a-retired-model"]


def damaged(change: Any) -> Any:
    values = {q.id: q.options[0].value for q in SPECS["fixture"].all_questions}
    entry = kept("fixture", values, "2026-01-01")
    return change(entry)


@pytest.mark.parametrize(
    "earlier",
    [
        None,
        [],
        "2026-01-01",
        damaged(lambda e: {**e, "date": 5}),
        damaged(lambda e: {**e, "date": "x" * 41}),
        damaged(lambda e: {"date": e["date"]}),
        damaged(lambda e: {**e, "result": {**e["result"], "version": None}}),
        damaged(lambda e: {**e, "result": {**e["result"], "profile": {"a": "3"}}}),
        damaged(lambda e: {**e, "result": {**e["result"], "profile": {"a": True}}}),
        damaged(lambda e: {**e, "result": {**e["result"], "placements": {}}}),
        damaged(lambda e: {**e, "result": {**e["result"], "placements": [{"model": 1}]}}),
        damaged(lambda e: {**e, "result": {**e["result"], "placements": [None]}}),
    ],
)
def test_a_tampered_kept_result_is_refused_with_a_message(earlier: object) -> None:
    later = damaged(lambda e: e)
    result = compared("fixture", earlier, later)
    assert result["ok"] is False
    assert "kept result cannot be read" in result["error"]


def test_no_pair_at_all_is_refused() -> None:
    assert reply(ENGINES["fixture"].compare("[]"))["ok"] is False
    assert reply(ENGINES["fixture"].compare("not json"))["ok"] is False
