"""Each model scored by its own rule, on a fixture atlas written to reach every case.

`tests/fixtures/rules/` holds a ladder whose second and third steps may be skipped and whose
stages carry ceilings (`skips`), and a model of three functions with advice for two kinds of
business (`trades`); every capability has two questions, and every question a "don't know"
option. tests/test_quiz_scoring.py covers what the rules share (answers, profiles, share links,
escaping) on the main fixture atlas.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import pytest

import quiz.spec
from quiz.answers import AnswerError, check_answers
from quiz.api import Engine
from quiz.scoring import Placement, Result, score
from quiz.spec import DONT_KNOW, OTHER_BUSINESS_KIND, Spec
from tests.fixture_atlas import FIXTURES, quiz_spec

RULES = FIXTURES / "rules"
SPEC_DATA: dict[str, Any] = quiz_spec(RULES)
SPEC: Spec = quiz.spec.parse_spec(SPEC_DATA)
ENGINE = Engine(json.dumps(SPEC_DATA))
KIND = SPEC.business_kind_question.id


def answers(
    levels: Mapping[str, int | str] | None = None, *, kinds: str = OTHER_BUSINESS_KIND
) -> dict[str, str]:
    """Every question answered: a question by its id, else by its capability, else 0."""
    levels = levels or {}
    values = {KIND: kinds}
    for question in SPEC.questions:
        assert question.capability is not None
        level = levels.get(question.id, levels.get(question.capability, 0))
        values[question.id] = str(level)
    return values


def scored(values: Mapping[str, str]) -> Result:
    return score(SPEC, check_answers(SPEC, values))


def on(result: Result, model_id: str) -> Placement:
    return next(p for p in result.placements if p.model.id == model_id)


def ids(placement: Placement, indexes: tuple[int, ...]) -> list[str]:
    return [placement.model.stages[i].id for i in indexes]


def card(values: Mapping[str, str], model_id: str) -> str:
    html = json.loads(ENGINE.score(json.dumps(values)))["html"]
    found = re.search(
        rf'<article class="atlas-result-card" data-model="{model_id}".*?</article>', html
    )
    assert found
    return found.group(0)


# --- a ladder with stages that may be skipped -------------------------------------------------


def test_stages_that_may_be_skipped_do_not_break_the_run() -> None:
    found = on(scored(answers({"sharing": 1})), "skips")
    assert found.stage.id == "sharing" and found.reached
    assert ids(found, found.skipped) == ["wary", "watching"]
    assert ids(found, (found.target or 0,)) == ["streaming"]
    html = card(answers({"sharing": 1}), "skips")
    assert "You skipped Stage 1, Wary; Stage 2, Watching, which the source allows." in html
    assert "atlas-ladder__step--skipped" in html


def test_a_stage_that_may_be_skipped_counts_when_met() -> None:
    found = on(scored(answers({"noticing": 1})), "skips")
    assert (found.stage.id, found.skipped) == ("wary", ())
    # Next is the first stage that may not be skipped; the one between is named on the way.
    assert ids(found, (found.target or 0,)) == ["sharing"]
    assert ids(found, found.on_the_way) == ["watching"]
    html = card(answers({"noticing": 1}), "skips")
    assert "Before Sharing the source describes Stage 2, Watching, which you may skip:" in html
    assert "Watching: The source says “many go straight to sharing”." in html
    assert "What Sharing needs" in html


def test_stages_that_may_be_skipped_are_on_the_way_from_the_start() -> None:
    found = on(scored(answers()), "skips")
    assert (found.stage.id, found.reached) == ("unaware", True)
    assert ids(found, found.on_the_way) == ["wary", "watching"]
    assert ids(found, (found.target or 0,)) == ["sharing"]
    assert [s.capability for s in found.holds_back] == ["sharing"]


def test_a_stage_that_may_not_be_skipped_still_breaks_the_run() -> None:
    """Sharing is missing: the top step's own requirements are met, but it does not count."""
    values = answers({"noticing": 3, "sharing": 0})
    found = on(scored(values), "skips")
    assert found.stage.id == "watching"
    assert ids(found, (found.target or 0,)) == ["sharing"]
    assert ids(found, found.ahead) == []  # the top needs sharing 3 too
    values = answers({"noticing": 3, "sharing-amount": 3, "sharing-who": 0})
    assert on(scored(values), "skips").stage.id == "watching"


# --- ceilings: no summary the answers contradict ---------------------------------------------


def test_a_card_shows_the_summary_while_the_answers_fit_the_picture() -> None:
    html = card(answers({"sharing": 1}), "skips")
    assert (
        '<p class="atlas-result-card__summary">A little goes out, and nobody makes deals yet.</p>'
        in html
    )
    assert "atlas-result-card__beyond" not in html


def test_a_card_says_where_the_answers_go_beyond_the_picture() -> None:
    values = answers({"sharing": 1, "dealing": 3})
    found = on(scored(values), "skips")
    assert found.stage.id == "sharing"
    assert [(b.ceiling.capability, b.ceiling.level, b.current) for b in found.beyond] == [
        ("dealing", 1, 3)
    ]
    html = card(values, "skips")
    assert "A little goes out, and nobody makes deals yet." not in html
    assert (
        "your answers go beyond the source's picture of it: Dealing is at level 3 (Tracked), "
        "where the source pictures level 1 (Known faces) at most (<q>nobody makes deals yet</q>)"
    ) in html


def test_every_exceeded_ceiling_replaces_the_summary() -> None:
    """For every stage with a ceiling, answers that place there and exceed it never show the
    stage's summary on the card."""
    checked = 0
    for stage in (s for m in SPEC.models for s in m.stages if s.ceilings):
        model = next(m for m in SPEC.models if stage in m.stages)
        for ceiling in stage.ceilings:
            for values in (
                answers({"sharing": 1, ceiling.capability: 4}),
                answers({ceiling.capability: ceiling.level + 1}),
            ):
                found = on(scored(values), model.id)
                if found.stage.id != stage.id or not found.reached:
                    continue
                assert stage.summary not in card(values, model.id)
                checked += 1
    assert checked, "no answers placed on a stage beyond its ceiling: the test checked nothing"


# --- functions --------------------------------------------------------------------------------


def test_functions_are_in_place_in_any_order() -> None:
    found = on(scored(answers({"dealing": 2}, kinds="broker")), "trades")
    assert ids(found, found.in_place) == ["dealing"]
    assert (found.stage.id, found.reached) == ("dealing", True)
    # The advised function is in place, so next is the first function that is not.
    assert ids(found, (found.target or 0,)) == ["telling"]
    html = card(answers({"dealing": 2}, kinds="broker"), "trades")
    assert "not as a step on a ladder" in html
    assert "In place: <strong>" in html and "Phase 3)." in html
    assert "For your kind of business (Broker), the source advises focusing on" in html
    assert "Phase 3, Dealing</a>: it is in place." in html
    assert 'aria-current="step"' not in html
    assert "not reached" not in html.lower()


def test_the_advised_function_comes_first_when_it_is_not_in_place() -> None:
    found = on(scored(answers({"sharing": 1}, kinds="broker")), "trades")
    assert ids(found, found.in_place) == ["telling"]
    assert ids(found, (found.target or 0,)) == ["dealing"]
    assert [s.capability for s in found.holds_back] == ["dealing"]


def test_several_kinds_get_each_advice_and_the_sources_rule() -> None:
    values = answers({}, kinds="stall,broker")
    found = on(scored(values), "trades")
    assert (found.reached, found.in_place) == (False, ())
    assert found.stage.id == "telling"  # the first advised, in the model's order
    html = card(values, "trades")
    assert "None of its phases is in place yet." in html
    assert "For your kind of business (Market stall), the source advises focusing on" in html
    assert "For your kind of business (Broker), the source advises focusing on" in html
    assert "give all 3 functions even attention" in html


def test_with_no_kind_the_first_function_not_in_place_is_next() -> None:
    found = on(scored(answers({"noticing": 2})), "trades")
    assert ids(found, found.in_place) == ["listening"]
    assert ids(found, (found.target or 0,)) == ["telling"]


def test_every_function_in_place_is_the_top() -> None:
    found = on(scored(answers({"sharing": 1, "noticing": 2, "dealing": 2})), "trades")
    assert (found.target, found.progress, found.holds_back) == (None, 100, ())
    assert "You meet every phase of this model." in card(
        answers({"sharing": 1, "noticing": 2, "dealing": 2}), "trades"
    )


# --- "don't know" -----------------------------------------------------------------------------


def test_a_dont_know_answer_is_left_out_of_its_capability() -> None:
    result = scored(answers({"noticing-eyes": DONT_KNOW, "noticing-use": 3}))
    assert result.profile["noticing"] == 3
    assert result.unknown == ()


def test_a_capability_answered_dont_know_throughout_counts_as_zero_and_is_named() -> None:
    values = answers({"noticing": DONT_KNOW, "sharing": 2})
    result = scored(values)
    assert result.profile["noticing"] == 0
    assert result.unknown == ("noticing",)
    html = json.loads(ENGINE.score(json.dumps(values)))["html"]
    assert "to every question about Noticing, so it counts as level 0" in html


def test_a_dont_know_answer_is_a_fix_only_when_no_known_answer_holds_the_level_down() -> None:
    """Streaming needs sharing 2. With one sharing answer at 1, that one is the fix; with the
    other at 3 and this one unknown, the unknown one is (answering it is what would tell)."""
    low = on(scored(answers({"sharing-amount": 1, "sharing-who": DONT_KNOW})), "skips")
    [shortfall] = low.holds_back
    assert [f.question.id for f in shortfall.fixes] == ["sharing-amount"]
    # Known sharing 3 and the other unknown: sharing is 3, so the ladder is past streaming.
    high = scored(answers({"sharing-amount": 3, "sharing-who": DONT_KNOW}))
    assert high.profile["sharing"] == 3


def test_dont_know_is_an_option_of_every_practice_question_and_not_a_level() -> None:
    for question in SPEC.questions:
        assert question.options[-1].value == DONT_KNOW
        assert question.options[-1].level is None
    assert not DONT_KNOW.isdecimal()


# --- kinds of business ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kinds", "canonical"),
    [
        ("stall", ("stall",), "stall"),
        ("broker,stall", ("stall", "broker"), "stall,broker"),
        (OTHER_BUSINESS_KIND, (), OTHER_BUSINESS_KIND),
    ],
)
def test_one_or_more_kinds_of_business(value: str, kinds: tuple[str, ...], canonical: str) -> None:
    checked = check_answers(SPEC, answers(kinds=value))
    assert checked.business_kinds == kinds
    assert checked.values[KIND] == canonical


@pytest.mark.parametrize(
    "value",
    ["stall,stall", f"stall,{OTHER_BUSINESS_KIND}", "", ",", "stall,", "Stall", "stall;broker"],
)
def test_a_kind_answer_that_is_not_a_choice_is_refused(value: str) -> None:
    with pytest.raises(AnswerError, match=rf"^Question '{KIND}': .* is not one of its options"):
        check_answers(SPEC, answers(kinds=value))


def test_a_share_link_carries_several_kinds() -> None:
    values = answers({"sharing": 2}, kinds="broker,stall")
    reply = json.loads(ENGINE.score(json.dumps(values)))
    assert f"&{KIND}=stall%2Cbroker&" in reply["share"]
    restored = json.loads(ENGINE.parse_share(reply["share"]))
    assert restored["answers"][KIND] == "stall,broker"
    assert restored["status"] == "current"


def test_an_older_link_keeps_the_answers_that_still_fit() -> None:
    values = answers({"sharing": 2}, kinds="broker")
    share = json.loads(ENGINE.score(json.dumps(values)))["share"]
    older = re.sub(r"^v=[0-9a-f]{10}", "v=0000000000", share)
    restored = json.loads(ENGINE.parse_share(older))
    assert restored["status"] == "outdated"
    assert restored["answers"] == {k: v for k, v in values.items()}
    assert "earlier set of questions" in restored["message"]
