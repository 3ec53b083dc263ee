"""The quiz package (`quiz/`): answers, scoring, the result HTML, share links and answer files.

The rules are tested on the fixture atlas (`tests/fixtures/atlas`, see `tests/fixture_atlas.py`),
built in-process the way the site build makes its quiz spec. Its models, questions and kinds of
business are written to reach each rule, so that placements, messages, links and files can be
stated exactly. The real models (`models/`) are checked only for what must hold for any content:
every capability is asked about at every level, every stage can be reached, answering nothing
or everything places at the start or the top, and the property tests (raising an answer never
lowers a placement, placements follow the staged rules, the result data and HTML agree) run on
both. The result HTML's golden files use the small fixture atlas (`tests/fixtures/small-models`),
whose pages the golden page tests already cover; regenerate them with `UPDATE_GOLDEN=1 pytest
tests/test_quiz_scoring.py` and review the diff like any other change.

Property tests (hypothesis) draw complete answer sets by picking one option of every question.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import quiz.report
import quiz.spec
from quiz.answers import (
    EXPORT_FORMAT,
    MAX_IMPORT_BYTES,
    MAX_SHARE_LENGTH,
    AnswerError,
    _fragment_fields,
    _percent_encode,
    check_answers,
)
from quiz.api import Engine
from quiz.markup import TAGS, Html, element, is_safe_url, join
from quiz.scoring import Placement, Result, advised_stages, capability_profile, meets, score
from quiz.spec import DONT_KNOW, FUNCTIONS, KIND_SEPARATOR, Model, Question, Spec, SpecError
from tests.conftest import MODELS, compare_golden
from tests.fixture_atlas import ATLAS, SMALL, quiz_spec

GOLDEN = Path(__file__).parent / "golden_quiz"

SPEC_DATA: dict[str, Any] = quiz_spec(ATLAS)
SPEC: Spec = quiz.spec.parse_spec(SPEC_DATA)
API = Engine(json.dumps(SPEC_DATA))
# The real models: only what holds for any content is asserted on them.
REAL_DATA: dict[str, Any] = quiz_spec(MODELS)
REAL: Spec = quiz.spec.parse_spec(REAL_DATA)
# The tests that run on both, by name.
DATA = {"fixture": SPEC_DATA, "real": REAL_DATA}
SPECS = {"fixture": SPEC, "real": REAL}
ENGINES = {name: Engine(json.dumps(data)) for name, data in DATA.items()}
# The small fixture atlas, whose questions skip some levels; its result HTML is kept as golden.
SMALL_DATA: dict[str, Any] = quiz_spec(SMALL)

KIND = SPEC.business_kind_question.id
OTHER = quiz.spec.OTHER_BUSINESS_KIND
OLD_VERSION = "0000000000"
EVIL = '<script>alert(1)</script> "quotes"'

PROPERTY = settings(max_examples=150, deadline=None)
FUZZ = settings(max_examples=200, deadline=None)


# --- helpers ----------------------------------------------------------------------------------


def value_at(question: Question, level: int) -> str:
    """The value of the question's first option at or above `level`: exactly that level where the
    question offers it (every question of the fixture atlas offers every level)."""
    return next(o.value for o in question.options if o.level is not None and o.level >= level)


def answers_at(
    levels: Mapping[str, int] | None = None,
    *,
    default: int = 0,
    kind: str = OTHER,
    spec: Spec = SPEC,
) -> dict[str, str]:
    """Complete answers: every question of a capability at `levels[capability]` (or `default`)."""
    levels = levels or {}
    values = {spec.business_kind_question.id: kind}
    for question in spec.questions:
        assert question.capability is not None
        values[question.id] = value_at(question, levels.get(question.capability, default))
    return values


def uniform(level: int, spec: Spec = SPEC) -> dict[str, str]:
    return answers_at(default=level, spec=spec)


def scored(values: Mapping[str, str], spec: Spec = SPEC) -> Result:
    return score(spec, check_answers(spec, values))


def placement(result: Result, model_id: str) -> Placement:
    return next(p for p in result.placements if p.model.id == model_id)


def model(model_id: str, spec: Spec = SPEC) -> Model:
    return next(m for m in spec.models if m.id == model_id)


def model_index(model_id: str) -> int:
    return [m.id for m in SPEC.models].index(model_id)


def reply(text: str) -> dict[str, Any]:
    """An Engine reply, checked to be a JSON object with a boolean `ok` and, if false, an error."""
    data = json.loads(text)
    assert isinstance(data, dict)
    assert isinstance(data["ok"], bool)
    if not data["ok"]:
        assert set(data) == {"ok", "error"}
        assert isinstance(data["error"], str)
        assert data["error"].strip()
    return data


def score_reply(values: object, engine: Engine = API) -> dict[str, Any]:
    return reply(engine.score(json.dumps(values)))


def card(html: str, model_id: str) -> str:
    """The result card of one model in the result HTML."""
    found = re.findall(
        rf'<article class="atlas-result-card" data-model="{re.escape(model_id)}".*?</article>', html
    )
    assert len(found) == 1
    return str(found[0])


def cumulative_requirements(spec_model: Model, index: int) -> dict[str, int]:
    """What a stage takes by its model's rule: on a ladder, the highest level each capability is
    required at by the stage and every earlier one that may not be skipped; for functions, the
    stage's own requirements."""
    if spec_model.scoring == FUNCTIONS:
        return dict(spec_model.stages[index].requires)
    levels: dict[str, int] = {}
    for number, stage in enumerate(spec_model.stages[: index + 1]):
        if stage.skippable is not None and number < index:
            continue
        for capability, level in stage.requires.items():
            levels[capability] = max(levels.get(capability, 0), level)
    return levels


def kind_answers(spec: Spec) -> st.SearchStrategy[str]:
    """Valid answers to the kind-of-business question: "none of these", or one or more kinds."""
    kinds = [k.id for k in spec.business_kinds]
    several = st.lists(st.sampled_from(kinds), min_size=1, unique=True).map(
        lambda chosen: KIND_SEPARATOR.join(k for k in kinds if k in chosen)
    )
    return st.just(OTHER) | several


def answer_sets(spec: Spec) -> st.SearchStrategy[dict[str, str]]:
    """Complete, valid answers: one option of every question ("don't know" included), and one
    or more kinds of business."""
    return st.fixed_dictionaries(
        {
            q.id: kind_answers(spec)
            if q.capability is None
            else st.sampled_from([o.value for o in q.options])
            for q in spec.all_questions
        }
    )


ANSWERS = answer_sets(SPEC)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
both_specs = pytest.mark.parametrize("name", sorted(SPECS))


# --- the specs the tests run against ----------------------------------------------------------


def test_the_fixture_spec_is_what_these_tests_assume() -> None:
    """Guards the helpers: every question offers every level 0-4, value = str(level); a
    capability has two questions; the models are the three of the fixture atlas."""
    assert [m.id for m in SPEC.models] == ["ladder", "phases", "steps"]
    assert {q.capability for q in SPEC.questions} == {c.id for c in SPEC.capabilities}
    for question in SPEC.questions:
        assert [(o.value, o.level) for o in question.options] == [
            *((str(n), n) for n in range(5)),
            (DONT_KNOW, None),
        ]
    assert [q.id for q in SPEC.questions_for("hearing")] == [
        "hearing-mentions",
        "hearing-follow-up",
    ]
    assert [o.value for o in SPEC.business_kind_question.options] == [
        *(k.id for k in SPEC.business_kinds),
        OTHER,
    ]
    assert re.fullmatch(r"[0-9a-f]{10}", SPEC.version)


def test_the_real_questions_ask_about_every_capability_at_every_level() -> None:
    """Whatever the questions, every capability is asked about, every level 0-4 of it is offered
    by some question (so any organisation can answer truthfully), and each question's options run
    from 0 to 4 in increasing order, then "don't know"; every capability is asked by at least two
    questions, so that no single answer decides it; the first question offers every kind of
    business."""
    for capability in REAL.capabilities:
        questions = REAL.questions_for(capability.id)
        assert len(questions) >= 2, f"fewer than two questions about {capability.id}"
        offered = {o.level for q in questions for o in q.options} - {None}
        assert offered == set(range(5)), capability.id
    assert {q.capability for q in REAL.questions} == {c.id for c in REAL.capabilities}
    for question in REAL.questions:
        *practices, unknown = question.options
        levels = [o.level for o in practices]
        assert levels == sorted(set(levels)) and levels[0] == 0 and levels[-1] == 4, question.id
        assert [o.value for o in practices] == [str(level) for level in levels]
        assert (unknown.value, unknown.level) == (DONT_KNOW, None)
    assert [o.value for o in REAL.business_kind_question.options] == [
        *(k.id for k in REAL.business_kinds),
        OTHER,
    ]
    assert re.fullmatch(r"[0-9a-f]{10}", REAL.version)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format=1), "format: this quiz reads spec format 2"),
        (lambda d: d.pop("version"), "version: missing"),
        (lambda d: d["questions"][0].update(capability="nope"), "unknown capability 'nope'"),
        (
            lambda d: d["models"][0]["stages"][0]["requires"].update(hearing=5),
            "models[0].stages[0].requires.hearing: expected a level from 0 to 4",
        ),
        (lambda d: d["models"][1].update(stages=[]), "model 'phases' has no stages"),
    ],
)
def test_a_malformed_spec_is_refused_with_its_key_path(change: Any, message: str) -> None:
    data = copy.deepcopy(SPEC_DATA)
    change(data)
    with pytest.raises(SpecError, match=re.escape(message)):
        Engine(json.dumps(data))


# --- checking answers -------------------------------------------------------------------------


def test_complete_answers_are_accepted_in_form_order() -> None:
    values = answers_at({"hearing": 3}, default=1, kind="studio")
    answers = check_answers(SPEC, dict(reversed(values.items())))
    assert list(answers.values) == [q.id for q in SPEC.all_questions]
    assert dict(answers.values) == values
    assert answers.business_kinds == ("studio",)
    assert set(answers.levels) == {q.id for q in SPEC.questions}
    assert answers.levels["hearing-mentions"] == 3
    assert answers.levels["posting-plan"] == 1


def test_none_of_these_kinds_means_no_business_kind() -> None:
    assert check_answers(SPEC, uniform(2)).business_kinds == ()


def test_a_missing_answer_is_named() -> None:
    values = uniform(2)
    del values["replying-speed"]
    with pytest.raises(AnswerError, match=r"^1 question is not answered yet: 'replying-speed'\.$"):
        check_answers(SPEC, values)


def test_several_missing_answers_are_counted_and_named() -> None:
    values = uniform(2)
    del values[KIND], values["replying-speed"]
    with pytest.raises(
        AnswerError,
        match=rf"^2 questions are not answered yet: '{KIND}', 'replying-speed'\.$",
    ):
        check_answers(SPEC, values)


def test_no_answers_at_all_names_a_few_and_counts_the_rest() -> None:
    total = len(SPEC.all_questions)
    assert total > 5  # so that some are counted rather than named
    named = ", ".join(f"'{q.id}'" for q in SPEC.all_questions[:5])
    with pytest.raises(AnswerError) as caught:
        check_answers(SPEC, {})
    assert str(caught.value) == (
        f"{total} questions are not answered yet: {named} and {total - 5} more."
    )


def test_an_unknown_question_is_named() -> None:
    with pytest.raises(AnswerError, match=r"^Unknown question: 'posting-plann'\.$"):
        check_answers(SPEC, {**uniform(2), "posting-plann": "2"})


@pytest.mark.parametrize("bad", ["5", "-1", "", " 2", "2.0", "two", 3, 2.0, None, True, ["2"]])
def test_a_value_that_is_not_an_option_is_refused(bad: object) -> None:
    with pytest.raises(AnswerError) as caught:
        check_answers(SPEC, {**uniform(2), "posting-plan": bad})
    assert str(caught.value) == (
        f"Question 'posting-plan': {bad!r} is not one of its options "
        f"('0', '1', '2', '3', '4', '{DONT_KNOW}')."
    )


def test_a_business_kind_that_is_not_offered_is_refused() -> None:
    with pytest.raises(AnswerError, match=rf"^Question '{KIND}': 'Retail' is not one of"):
        check_answers(SPEC, {**uniform(2), KIND: "Retail"})


def test_a_level_is_not_a_business_kind_answer() -> None:
    with pytest.raises(AnswerError, match=rf"^Question '{KIND}': '2' is not one of"):
        check_answers(SPEC, {**uniform(2), KIND: "2"})


@pytest.mark.parametrize("bad", [None, [], "answers", 3, [["posting-plan", "2"]]])
def test_answers_that_are_not_an_object_are_refused(bad: object) -> None:
    with pytest.raises(AnswerError, match=r"^The answers must be an object"):
        check_answers(SPEC, bad)


# --- the capability profile -------------------------------------------------------------------

TWO_QUESTIONS = next(c.id for c in SPEC.capabilities if len(SPEC.questions_for(c.id)) == 2)


@pytest.mark.parametrize(("first", "second"), [(3, 1), (1, 3), (4, 4), (0, 4), (2, 2)])
def test_a_capability_is_as_strong_as_its_weakest_answer(first: int, second: int) -> None:
    one, two = SPEC.questions_for(TWO_QUESTIONS)
    values = {**uniform(3), one.id: value_at(one, first), two.id: value_at(two, second)}
    profile = capability_profile(SPEC, check_answers(SPEC, values))
    assert profile[TWO_QUESTIONS] == min(first, second)
    assert all(level == 3 for c, level in profile.items() if c != TWO_QUESTIONS)


def test_a_capability_with_one_question_is_at_its_answer() -> None:
    [question] = SPEC.questions_for("hosting")
    profile = capability_profile(SPEC, check_answers(SPEC, {**uniform(0), question.id: "3"}))
    assert profile == {**{c.id: 0 for c in SPEC.capabilities}, "hosting": 3}


# --- staged placement -------------------------------------------------------------------------


def test_a_met_late_stage_does_not_count_before_an_earlier_gap() -> None:
    """The ladder: everything at 4 but posting at 0. Its second and top rungs do not ask for
    posting and are met, but the first rung needs posting 1, so the organisation stays on the
    ground and the result says why."""
    values = answers_at({"posting": 0}, default=4)
    result = scored(values)
    found = placement(result, "ladder")
    stages = [s.id for s in found.model.stages]
    assert found.stage.id == "ground"
    assert found.reached
    assert found.target == stages.index("first-rung")
    assert found.ahead == (stages.index("second-rung"), stages.index("top-rung"))
    assert [(s.capability, s.required, s.current) for s in found.holds_back] == [("posting", 1, 0)]

    html = score_reply(values)["html"]
    ladder = card(html, "ladder")
    assert "Your place: <strong>" in ladder
    assert (
        "You also meet what Stage 3, Second rung; Stage 4, Top rung require on their own, but on "
        "this ladder they count only once Stage 2, First rung is in place." in ladder
    )
    assert "atlas-ladder__step--ahead" in ladder
    for other in result.placements:
        said = "atlas-result-card__ahead" in card(html, other.model.id)
        assert said == bool(other.ahead), other.model.id
    assert "atlas-result-card__ahead" not in score_reply(uniform(2))["html"]


def test_a_gap_at_the_first_stage_lists_every_later_stage_met() -> None:
    """Steps: everything at 4 but tallying at 0, which its first step needs (and its third)."""
    result = scored(answers_at({"tallying": 0}, default=4))
    found = placement(result, "steps")
    assert (found.index, found.reached, found.target) == (0, False, 0)
    assert found.ahead == (1, 3, 4)
    assert [s.capability for s in found.holds_back] == ["tallying"]


def test_all_lowest_answers_place_the_fixture_models_at_their_start() -> None:
    result = scored(uniform(0))
    with_pre_stage = {p.model.id for p in result.placements if p.reached}
    assert with_pre_stage == {"ladder", "phases"}
    assert placement(result, "ladder").stage.id == "ground"
    assert placement(result, "phases").stage.id == "not-yet"

    html = score_reply(uniform(0))["html"]
    for found in result.placements:
        ladder = card(html, found.model.id)
        # The ladder marks the current stage only once one is reached, else the first as next.
        assert ('aria-current="step"' in ladder) == found.reached
        assert ("atlas-ladder__step--next" in ladder.split("</li>")[0]) == (not found.reached)
        assert (">Stage 1, On the ground</a>" in ladder) == (found.model.id == "ladder")
    assert "Your place: <strong>" in card(html, "ladder")
    assert ">Before phase 1, Not yet</a></strong>." in card(html, "phases")
    assert "Not on this ladder yet: none of its stages is in place (it starts at <strong>" in card(
        html, "steps"
    )


@both_specs
def test_all_lowest_answers_place_every_model_at_its_start(name: str) -> None:
    spec = SPECS[name]
    result = scored(uniform(0, spec), spec)
    for found in result.placements:
        stages = found.model.stages
        assert found.index == 0
        if found.model.scoring == FUNCTIONS:
            assert found.in_place == tuple(i for i, s in enumerate(stages) if not s.requires)
            continue
        # On the first stage if it asks nothing (or on a later one that asks nothing, after
        # stages that may be skipped); the target is then the first that may not be skipped.
        assert found.reached == (not stages[0].requires), found.model.id
        after = range(found.index + found.reached, len(stages))
        assert found.target == next((i for i in after if stages[i].skippable is None), None)


@both_specs
def test_all_top_answers_place_every_model_at_its_top(name: str) -> None:
    spec = SPECS[name]
    result = scored(uniform(4, spec), spec)
    for found in result.placements:
        assert found.index == len(found.model.stages) - 1
        assert (found.reached, found.target, found.progress) == (True, None, 100)
        assert found.holds_back == () and found.ahead == ()
    assert result.next_steps == ()
    html = score_reply(uniform(4, spec), ENGINES[name])["html"]
    assert "You meet every stage of every model. Keep it that way." in html
    ladders = [m for m in spec.models if m.scoring != FUNCTIONS]
    assert html.count("this is its top.") == len(ladders)
    for functions in (m for m in spec.models if m.scoring == FUNCTIONS):
        assert f"You meet every {functions.stage_term} of this model." in card(html, functions.id)
    assert "<progress" not in html


STAGES = [
    pytest.param(name, m.id, index, id=f"{name}:{m.id}/{stage.id}")
    for name, spec in sorted(SPECS.items())
    for m in spec.models
    for index, stage in enumerate(m.stages)
]


@pytest.mark.parametrize(("name", "model_id", "index"), STAGES)
def test_every_stage_of_every_model_can_be_reached(name: str, model_id: str, index: int) -> None:
    """Answering exactly what a stage and the stages before it require places there: a stage
    must ask for more than the stages before it, or no answers could place on it."""
    spec = SPECS[name]
    spec_model = model(model_id, spec)
    values = answers_at(cumulative_requirements(spec_model, index), spec=spec)
    found = placement(scored(values, spec), model_id)
    assert found.reached
    if spec_model.scoring == FUNCTIONS:
        assert index in found.in_place and found.target != index
        return
    assert found.index == index
    later = range(index + 1, len(spec_model.stages))
    # Next comes the first later stage that may not be skipped (those before it are on the way).
    expected = next((i for i in later if spec_model.stages[i].skippable is None), None)
    assert found.target == (expected if expected is not None else next(iter(later), None))
    assert found.on_the_way == tuple(i for i in later if found.target and i < found.target)


def test_progress_and_what_holds_back_the_next_stage() -> None:
    """Phases, broadcasting met; conversing needs hearing 2, replying 2 and tallying 1, and the
    profile has hearing 1 (the weaker of 2 and 1), replying 2 and tallying 0: (1 + 2 + 0) of 5
    levels, 60 %."""
    values = {
        **answers_at({"posting": 2, "replying": 2}),
        "hearing-mentions": "2",
        "hearing-follow-up": "1",
    }
    found = placement(scored(values), "phases")
    assert (found.stage.id, found.reached, found.progress) == ("broadcasting", True, 60)
    assert found.model.stages[found.target or 0].id == "conversing"
    assert [
        (s.capability, s.required, s.current, [(f.question.id, f.option.value) for f in s.fixes])
        for s in found.holds_back
    ] == [
        ("hearing", 2, 1, [("hearing-follow-up", "2")]),
        ("tallying", 1, 0, [("tallying-reports", "1")]),
    ]
    phases = card(score_reply(values)["html"], "phases")
    assert "60 % of what Phase 2: Conversing requires" in phases
    assert '<progress max="100" value="60">' in phases


def test_a_fix_names_every_question_below_the_level() -> None:
    """Steps' last step needs hearing 4; both hearing questions are at 3, each gets its option 4."""
    values = answers_at(cumulative_requirements(model("steps"), 3))
    found = placement(scored(values), "steps")
    [hearing] = [s for s in found.holds_back if s.capability == "hearing"]
    assert (hearing.required, hearing.current) == (4, 3)
    assert [(f.question.id, f.option.level) for f in hearing.fixes] == [
        ("hearing-mentions", 4),
        ("hearing-follow-up", 4),
    ]


def test_a_fix_offers_the_first_option_that_reaches_the_level() -> None:
    """The small fixture atlas: alpha's second stage needs heeding 3. The tracking question,
    at 2, offers no level 3: its fix is its level 4 option. The acting question, at 4, needs none."""
    small = quiz.spec.parse_spec(SMALL_DATA)
    values = {
        small.business_kind_question.id: OTHER,
        "heeding-tracking": "2",
        "heeding-acting": "4",
        "showing-accounts": "4",
    }
    found = placement(scored(values, small), "alpha")
    [heeding] = found.holds_back
    assert (heeding.capability, heeding.required, heeding.current) == ("heeding", 3, 2)
    assert [(f.question.id, f.option.level) for f in heeding.fixes] == [("heeding-tracking", 4)]


# --- properties of scoring --------------------------------------------------------------------


@both_specs
@PROPERTY
@given(data=st.data())
def test_scoring_is_deterministic_and_ignores_key_order(name: str, data: st.DataObject) -> None:
    values = data.draw(answer_sets(SPECS[name]))
    engine = ENGINES[name]
    first = engine.score(json.dumps(values))
    assert engine.score(json.dumps(values)) == first
    assert engine.score(json.dumps(dict(reversed(values.items())))) == first
    assert Engine(json.dumps(DATA[name])).score(json.dumps(values)) == first
    assert reply(first)["ok"] is True


@both_specs
@PROPERTY
@given(data=st.data())
def test_raising_one_answer_never_lowers_a_placement(name: str, data: st.DataObject) -> None:
    """A practice answer raised to a higher level (not a "don't know" turned into a level, which
    can lower a capability that rested on another answer) never lowers a placement: on a ladder
    the headline stage and the target never move back, for functions none leaves its place."""
    spec = SPECS[name]
    values = data.draw(answer_sets(spec))

    def level(question: Question) -> int | None:
        return next(o.level for o in question.options if o.value == values[question.id])

    below_top = [q for q in spec.questions if (lv := level(q)) is not None and lv < 4]
    assume(below_top)
    question = data.draw(st.sampled_from(below_top))
    current = level(question)
    assert current is not None
    higher = data.draw(
        st.sampled_from([o for o in question.options if o.level is not None and o.level > current])
    )
    before = scored(values, spec)
    after = scored({**values, question.id: higher.value}, spec)
    for capability, old in before.profile.items():
        assert after.profile[capability] >= old
    for old, new in zip(before.placements, after.placements, strict=True):
        assert new.reached or not old.reached
        if new.model.scoring == FUNCTIONS:
            assert set(new.in_place) >= set(old.in_place), (question.id, new.model.id)
            continue
        assert new.index >= old.index, (question.id, higher.value, new.model.id)
        top = len(old.model.stages)
        assert (top if new.target is None else new.target) >= (
            top if old.target is None else old.target
        )


@both_specs
@PROPERTY
@given(data=st.data())
def test_every_placement_follows_the_staged_rules(name: str, data: st.DataObject) -> None:
    spec = SPECS[name]
    answers = check_answers(spec, data.draw(answer_sets(spec)))
    result = score(spec, answers)
    profile = result.profile
    for found in result.placements:
        stages = found.model.stages
        met = [meets(profile, stage) for stage in stages]
        if found.model.scoring == FUNCTIONS:
            assert found.in_place == tuple(i for i, ok in enumerate(met) if ok)
            assert found.reached == any(met)
            advised = advised_stages(found.model, answers.business_kinds)
            missing = [i for i, ok in enumerate(met) if not ok]
            expected = next((i for i in advised if not met[i]), missing[0] if missing else None)
            assert found.target == expected
        else:
            skippable = [stage.skippable is not None for stage in stages]
            # The headline stage is met, and every stage before it is met or may be skipped.
            if found.reached:
                assert met[found.index]
            assert all(met[i] or skippable[i] for i in range(found.index))
            assert found.skipped == tuple(
                i for i in range(found.index) if not met[i] and found.reached
            )
            if found.target is None:
                assert found.index == len(stages) - 1 and found.reached
            else:
                assert found.target > found.index or not found.reached
                assert not met[found.target]
                between = range(found.index + found.reached, found.target)
                assert all(skippable[i] and not met[i] for i in between)
                assert found.on_the_way == tuple(between)
                assert found.ahead == tuple(
                    i for i in range(found.target + 1, len(stages)) if met[i]
                )
        if found.target is None:
            assert found.progress == 100 and found.holds_back == ()
            continue
        assert 0 <= found.progress <= 99
        wanted = stages[found.target].requires
        unmet = {c: level for c, level in wanted.items() if profile[c] < level}
        assert {s.capability: s.required for s in found.holds_back} == unmet
        for shortfall in found.holds_back:
            assert shortfall.current == profile[shortfall.capability]
            levels = {q.id: answers.levels[q.id] for q in spec.questions_for(shortfall.capability)}
            known_below = [
                q for q, lv in levels.items() if lv is not None and lv < shortfall.required
            ]
            # The answers that hold the capability down: those below the level, or, when no
            # known answer is below it, the "don't know" ones.
            expected_fixes = known_below or [q for q, lv in levels.items() if lv is None]
            assert [f.question.id for f in shortfall.fixes] == expected_fixes
            for fix in shortfall.fixes:
                reaching = [
                    o
                    for o in fix.question.options
                    if o.level is not None and o.level >= shortfall.required
                ]
                assert fix.option == reaching[0]


@both_specs
@PROPERTY
@given(data=st.data())
def test_the_result_data_and_html_agree(name: str, data: st.DataObject) -> None:
    spec = SPECS[name]
    reply_data = score_reply(data.draw(answer_sets(spec)), ENGINES[name])
    assert reply_data["ok"] is True and set(reply_data) == {"ok", "result", "share", "html"}
    result = reply_data["result"]
    assert result["version"] == spec.version
    cards = re.findall(r'data-model="([^"]+)" data-stage="([^"]+)"', reply_data["html"])
    assert cards == [(p["model"], p["stage"]) for p in result["placements"]]
    assert [p["model"] for p in result["placements"]] == [m.id for m in spec.models]
    assert len(result["next_steps"]) <= 3
    # One "you are here" per ladder the answers are on; none on a model of functions.
    assert reply_data["html"].count('aria-current="step"') == sum(
        1 for p in result["placements"] if p["reached"] and p["rule"] != FUNCTIONS
    )
    for p in result["placements"]:
        assert p["rule"] == next(m.scoring for m in spec.models if m.id == p["model"])


def _mutations() -> st.SearchStrategy[object]:
    """Answer sets that cannot be valid: a valid one with a question dropped, an unknown question
    added, or one value replaced by something that is not among its options."""
    dropped = st.tuples(ANSWERS, st.sampled_from([q.id for q in SPEC.all_questions])).map(
        lambda pair: {k: v for k, v in pair[0].items() if k != pair[1]}
    )
    added = (
        st.tuples(ANSWERS, st.text(max_size=12))
        .filter(lambda pair: SPEC.question(pair[1]) is None)
        .map(lambda pair: {**pair[0], pair[1]: "2"})
    )
    wrong = (
        st.tuples(ANSWERS, st.sampled_from(SPEC.all_questions), JSONISH)
        .filter(lambda t: not (isinstance(t[2], str) and t[1].option(t[2]) is not None))
        .map(lambda t: {**t[0], t[1].id: t[2]})
    )
    return dropped | added | wrong


@FUZZ
@given(st.one_of(_mutations(), JSONISH))
def test_invalid_answers_are_refused_with_a_message(values: object) -> None:
    assert score_reply(values)["ok"] is False


@FUZZ
@given(st.text())
def test_any_text_sent_to_score_gets_a_reply(text: str) -> None:
    assert reply(API.score(text))["ok"] is False


# --- the JSON API and the result HTML ---------------------------------------------------------

TEXT_KEYS = {"title", "short_title", "name", "label", "summary", "text", "prompt", "help"}


def _poisoned(data: Any) -> Any:
    """The spec with `EVIL` appended to every piece of text a visitor reads, and to every URL."""
    if isinstance(data, list):
        return [_poisoned(item) for item in data]
    if not isinstance(data, dict):
        return data
    poisoned = {}
    for key, value in data.items():
        if key in TEXT_KEYS and isinstance(value, str):
            poisoned[key] = value + EVIL
        elif key.endswith("url"):
            poisoned[key] = value + '" onmouseover="alert(1)'
        elif key == "next_steps":
            poisoned[key] = [step + EVIL for step in value]
        else:
            poisoned[key] = _poisoned(value)
    return poisoned


@pytest.mark.parametrize("kind", [OTHER, "retail"])
def test_every_text_from_the_spec_is_escaped(kind: str) -> None:
    data = copy.deepcopy(SPEC_DATA)
    data["models"][model_index("ladder")]["stages"][0]["name"] = EVIL  # where the answers place
    engine = Engine(json.dumps(_poisoned(data)))
    html = score_reply(answers_at({"posting": 0}, default=2, kind=kind), engine)["html"]
    assert "<script" not in html.lower()
    assert '" onmouseover' not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quotes&quot;"
    e = re.escape(escaped)
    assert re.search(rf", {e}{e}</a></strong>", html)  # the stage name, whole
    for where in [
        rf'<span class="atlas-result__fix">[^<]*{e} <q>[^<]*{e}</q>',  # prompt and option
        rf'<p class="atlas-result-card__summary">[^<]*{e}</p>',
        rf"<h3><a [^>]*>[^<]*{e}</a></h3>",  # a model's title
        rf'<desc id="atlas-profile-desc">[^<]*{e}: level',  # a capability's name
        rf"<li>[^<]*{e}</li>",  # a next step
        r'href="[^"<>]*&quot; onmouseover=&quot;alert\(1\)"',
    ]:
        assert re.search(where, html), where
    assert html.count(escaped) > 50


def test_a_score_reply_holds_the_result_the_share_link_and_the_html() -> None:
    data = score_reply(uniform(2))
    assert data["share"].startswith(f"v={SPEC.version}&{KIND}=other&")
    assert f'href="#{data["share"].replace("&", "&amp;")}"' in data["html"]
    assert data["result"]["profile"] == {c.id: 2 for c in SPEC.capabilities}
    assert data["html"].startswith('<h2 id="quiz-result-heading"')


def test_advice_follows_the_business_kind() -> None:
    retail = score_reply(uniform(1) | {KIND: "retail"})
    assert [a["business_kind"] for a in retail["result"]["advice"]] == ["retail"]
    assert "For the kinds of business you chose, the models advise:" in retail["html"]
    both = score_reply(uniform(1) | {KIND: "retail,wholesale"})
    assert [a["business_kind"] for a in both["result"]["advice"]] == ["retail", "wholesale"]
    every = score_reply(uniform(1))
    kinds = {a["business_kind"] for a in every["result"]["advice"]}
    assert kinds == {k.id for k in SPEC.business_kinds}
    assert "You chose none of the kinds of business" in every["html"]


# --- share links ------------------------------------------------------------------------------


@PROPERTY
@given(ANSWERS, st.booleans())
def test_a_share_link_restores_its_answers(values: dict[str, str], hash_sign: bool) -> None:
    share = score_reply(values)["share"]
    restored = reply(API.parse_share(("#" if hash_sign else "") + share))
    assert restored == {"ok": True, "answers": values, "status": "current", "message": None}
    assert list(restored["answers"]) == [q.id for q in SPEC.all_questions]


SHARE = score_reply(answers_at(default=2, kind="wholesale"))["share"]
DAMAGED = "changed or damaged"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        pytest.param(
            SHARE + "&posting-plann=2",
            "'posting-plann' is not a question of this quiz",
            id="unknown",
        ),
        pytest.param(
            SHARE.replace("&posting-plan=2", "&posting-plan=9"),
            "'9' is not an option of question 'posting-plan'",
            id="invalid-value",
        ),
        pytest.param(
            SHARE.replace("&posting-plan=2", "&posting-plan=%zz"),
            "'%zz' is not an option of question 'posting-plan'",
            id="bad-percent-escape",
        ),
        pytest.param(SHARE + "&posting-plan=3", "answers 'posting-plan' twice", id="twice"),
        pytest.param(SHARE + "&v=" + SPEC.version, "answers 'v' twice", id="v-twice"),
        pytest.param(SHARE.split("&", 1)[1], "no valid question-set version", id="no-version"),
        pytest.param(SHARE.replace("v=", "v=0"), "no valid question-set version", id="long-v"),
        pytest.param(SHARE.replace(SPEC.version, "147f54cc8"), "no valid", id="short-v"),
        pytest.param(SHARE.replace(SPEC.version, SPEC.version.upper()), "no valid", id="upper-v"),
        pytest.param(SHARE.replace(SPEC.version, "zzzzzzzzzz"), "no valid", id="not-hex-v"),
        pytest.param(SHARE.replace(SPEC.version, "%zz"), "no valid", id="percent-v"),
        pytest.param(SHARE + "&kind=%ff", "cannot be read", id="not-utf8"),
        pytest.param(SHARE + "&&", "cannot be read", id="empty-field"),
        pytest.param(SHARE + "&flag", "cannot be read", id="no-equals"),
        pytest.param("", "no valid question-set version", id="empty"),
        pytest.param("#", "no valid question-set version", id="hash-only"),
        pytest.param("garbage", "cannot be read", id="garbage"),
        pytest.param("javascript:alert(1)", "cannot be read", id="script"),
        pytest.param("&".join(["a=1"] * 201), "cannot be read", id="too-many-fields"),
        pytest.param("v=" + "a" * 5000, "too long", id="too-long"),
    ],
)
def test_a_damaged_share_link_restores_nothing(fragment: str, expected: str) -> None:
    data = reply(API.parse_share(fragment))
    assert data["ok"] is False
    assert expected in data["error"]
    assert "nothing was restored" in data["error"]
    assert DAMAGED in data["error"] or "too long" in data["error"]


def test_the_length_limit_is_on_the_fragment_after_its_hash_sign() -> None:
    filler = "&x=" + "a" * (MAX_SHARE_LENGTH - len(SHARE) - 3)
    assert len(SHARE + filler) == MAX_SHARE_LENGTH
    assert "'x' is not a question" in reply(API.parse_share("#" + SHARE + filler))["error"]
    assert "too long" in reply(API.parse_share(SHARE + filler + "a"))["error"]


def test_an_outdated_share_link_keeps_the_answers_that_still_fit() -> None:
    """A link of an earlier question set: one answer no longer fits (7 is no level) and one
    question was retired; the other answers are restored."""
    values = answers_at(default=3, kind="retail")
    fields = [("v", OLD_VERSION), *values.items(), ("retired-question", "4")]
    fragment = "&".join(
        f"{key}={'7' if key == 'replying-speed' else value}" for key, value in fields
    )
    data = reply(API.parse_share(fragment))
    kept = {k: v for k, v in values.items() if k != "replying-speed"}
    assert data["ok"] is True
    assert (data["answers"], data["status"]) == (kept, "outdated")
    total = len(SPEC.all_questions)
    assert data["message"] == (
        f"This link was made with an earlier set of questions (version {OLD_VERSION}; this quiz "
        f"asks version {SPEC.version}). {total - 1} of its answers still fit the {total} "
        "questions and have been filled in: check the rest and score again."
    )


def _fragments() -> st.SearchStrategy[str]:
    """Fragments made of the pieces of real share links, mixed with awkward text."""
    keys = [q.id for q in SPEC.all_questions] + ["v", "", "x", "%zz", "%ff", "+"]
    values = sorted({o.value for q in SPEC.all_questions for o in q.options})
    values += [SPEC.version, OLD_VERSION, "", "%", "%zz", "%c3", "%C3%A9", "+", "#", "="]
    piece = st.sampled_from(keys) | st.text(max_size=6)
    pair = st.tuples(piece, st.sampled_from(values) | st.text(max_size=6)).map("=".join)
    joined = st.tuples(st.sampled_from(["", "#", "##"]), st.lists(pair, max_size=25))
    return joined.map(lambda t: t[0] + "&".join(t[1]))


@FUZZ
@given(st.text() | _fragments())
def test_any_fragment_gets_a_reply(fragment: str) -> None:
    data = reply(API.parse_share(fragment))
    if data["ok"]:
        assert data["status"] in {"current", "outdated"}
        for question_id, value in data["answers"].items():
            question = SPEC.question(question_id)
            assert question is not None and question.option(value) is not None
        if data["status"] == "current":
            assert data["message"] is None
            assert list(data["answers"]) == [q.id for q in SPEC.all_questions]


# --- exported answer files --------------------------------------------------------------------


def export(values: object) -> str:
    data = reply(API.export(json.dumps(values)))
    assert data["ok"] is True
    return str(data["text"])


@PROPERTY
@given(ANSWERS)
def test_an_exported_file_imports_the_same_answers(values: dict[str, str]) -> None:
    text = export(values)
    assert json.loads(text) == {"format": EXPORT_FORMAT, "version": SPEC.version, "answers": values}
    assert reply(API.parse_import(text)) == {
        "ok": True,
        "answers": values,
        "status": "current",
        "message": None,
    }


def test_export_leaves_out_answers_that_do_not_fit() -> None:
    text = export({"posting-plan": "2", "replying-speed": "9", "nope": "1", KIND: 3})
    assert json.loads(text)["answers"] == {"posting-plan": "2"}


@pytest.mark.parametrize("bad", ["[1, 2]", '"answers"', "null", "{", ""])
def test_export_of_something_that_is_not_an_object_is_refused(bad: str) -> None:
    assert reply(API.export(bad))["ok"] is False


def _file(**changes: object) -> str:
    document = json.loads(export(uniform(1)))
    document.update(changes)
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '{"format": ',
            "This file is not valid JSON (line 1, column 12: Expecting value). Nothing was imported.",
            id="invalid-json",
        ),
        pytest.param("", "This file is not valid JSON (line 1, column 1", id="empty"),
        pytest.param(
            _file(format="something-else"),
            'This file is not an answers file exported by this quiz (its "format" should be '
            f"{EXPORT_FORMAT!r}). Nothing was imported.",
            id="wrong-format",
        ),
        pytest.param("[]", "not an answers file exported by this quiz", id="list"),
        pytest.param("NaN", "not an answers file exported by this quiz", id="nan"),
        pytest.param(
            json.dumps({"format": EXPORT_FORMAT, "answers": uniform(1)}),
            'This answers file has no valid question-set "version". Nothing was imported.',
            id="no-version",
        ),
        pytest.param(_file(version=12345), 'no valid question-set "version"', id="number-v"),
        pytest.param(_file(version="147f"), 'no valid question-set "version"', id="short-v"),
        pytest.param(
            _file(answers=list(uniform(1).items())),
            'This answers file has no "answers" object. Nothing was imported.',
            id="answers-list",
        ),
        pytest.param(_file(answers=None), 'no "answers" object', id="answers-null"),
        pytest.param(
            _file(answers={**uniform(1), "replying-speed": 1}),
            "This file has been changed or damaged, so nothing was restored: 1 is not an option "
            "of question 'replying-speed'",
            id="number-answer",
        ),
        pytest.param(
            "[" * 60000,
            "This file is nested too deeply to be an answers file. Nothing was imported.",
            id="deep",
        ),
        pytest.param("[" * 100000, "larger than 64 KiB", id="deep-and-large"),
        pytest.param(
            _file() + " " * MAX_IMPORT_BYTES,
            "This file is larger than 64 KiB: it is not an answers file exported by this quiz. "
            "Nothing was imported.",
            id="large",
        ),
        pytest.param(_file(padding="é" * 33000), "larger than 64 KiB", id="large-in-bytes"),
    ],
)
def test_a_file_that_is_not_an_answers_file_imports_nothing(text: str, expected: str) -> None:
    data = reply(API.parse_import(text))
    assert data["ok"] is False
    assert expected in data["error"]


def test_the_size_limit_counts_bytes_not_characters() -> None:
    text = _file(padding="é" * 20000)
    assert len(text.encode("utf-8")) < MAX_IMPORT_BYTES
    assert reply(API.parse_import(text))["status"] == "current"


def test_an_outdated_file_keeps_the_answers_that_still_fit() -> None:
    answers = {**uniform(4), "posting-plan": "5", "retired": "1"}
    data = reply(API.parse_import(_file(version=OLD_VERSION, answers=answers)))
    assert data["ok"] is True and data["status"] == "outdated"
    assert data["answers"] == {k: v for k, v in uniform(4).items() if k != "posting-plan"}
    assert data["message"].startswith(
        f"This file was made with an earlier set of questions (version {OLD_VERSION}; "
    )


@FUZZ
@given(st.text())
def test_any_text_imported_gets_a_reply(text: str) -> None:
    reply(API.parse_import(text))


@FUZZ
@given(
    JSONISH,
    st.sampled_from([None, SPEC.version, OLD_VERSION, "x"]),
    st.booleans(),
)
def test_any_json_imported_gets_a_reply(answers: object, version: str | None, wrap: bool) -> None:
    document = {"format": EXPORT_FORMAT, "version": version, "answers": answers}
    data = reply(API.parse_import(json.dumps(document if wrap else answers)))
    if data["ok"]:
        assert wrap and isinstance(answers, dict) and version in {SPEC.version, OLD_VERSION}
        if data["status"] == "current":  # answers that fit, perhaps not all of them
            assert set(data["answers"]) <= {q.id for q in SPEC.all_questions}


# --- the result HTML, golden ------------------------------------------------------------------

SMALL_ENGINE = Engine(json.dumps(SMALL_DATA))
GOLDEN_ANSWERS = {
    "quiz-result.html": {
        "trade": "shopper",
        "heeding-tracking": "0",
        "heeding-acting": "1",
        "showing-accounts": "4",
    },
    "quiz-result-top.html": {
        "trade": "other",
        "heeding-tracking": "4",
        "heeding-acting": "4",
        "showing-accounts": "4",
    },
}
BLOCK_TAG = re.compile(r"(?=<(?:/?(?:article|div|ul|ol|figure|svg)|h\d|p|li|line|a href)\b)")


def _readable(html: str) -> str:
    """The HTML with a line break before each block tag, so that a diff shows what changed; the
    fragment itself holds no line breaks, so removing them gives it back exactly."""
    assert "\n" not in html
    return BLOCK_TAG.sub("\n", html).lstrip("\n") + "\n"


def _compare(name: str, actual: str) -> None:
    compare_golden(GOLDEN, name, actual)


@pytest.mark.parametrize("name", sorted(GOLDEN_ANSWERS))
def test_result_html_matches_golden(name: str) -> None:
    _compare(name, _readable(score_reply(GOLDEN_ANSWERS[name], SMALL_ENGINE)["html"]))


def test_the_golden_result_is_the_one_described() -> None:
    """What the golden file shows, stated: alpha at start (heeding 0 of 3), beta before talk."""
    result = score_reply(GOLDEN_ANSWERS["quiz-result.html"], SMALL_ENGINE)["result"]
    assert [(p["model"], p["stage"], p["target"], p["progress"]) for p in result["placements"]] == [
        ("alpha", "start", "listen", 0),
        ("beta", "before", "talk", 50),
    ]


def test_no_golden_result_is_stale() -> None:
    on_disk = {p.name for p in GOLDEN.iterdir()}
    assert on_disk == set(GOLDEN_ANSWERS)


# --- regressions found by these tests ------------------------------------------------------


def test_a_file_with_a_huge_number_imports_nothing() -> None:
    data = reply(API.parse_import('{"format": ' + "1" * 5000 + "}"))
    assert data["ok"] is False


def test_export_of_deeply_nested_json_gets_a_reply() -> None:
    assert reply(API.export("[" * 100000))["ok"] is False


def test_an_exported_partial_answer_set_imports_again() -> None:
    values = {KIND: "retail", "posting-plan": "2"}
    assert reply(API.parse_import(export(values))) == {
        "ok": True,
        "answers": values,
        "status": "current",
        "message": f"This file answers 2 of the {len(SPEC.all_questions)} questions: answer the "
        f"other {len(SPEC.all_questions) - 2} to see where you stand.",
    }


def test_a_current_link_with_some_answers_restores_them_and_says_what_is_missing() -> None:
    data = reply(API.parse_share(SHARE.replace("&posting-plan=2", "")))
    assert data["ok"] is True
    assert data["status"] == "current"
    assert "posting-plan" not in data["answers"]
    assert len(data["answers"]) == len(SPEC.all_questions) - 1
    assert data["message"] == (
        f"This link answers {len(SPEC.all_questions) - 1} of the {len(SPEC.all_questions)} "
        "questions: answer the other one to see where you stand."
    )


# The share-link codec is written out (importing urllib.parse costs the browser ~190 ms); it
# must read and write exactly what urllib.parse does.
@FUZZ
@given(st.text())
def test_share_fields_are_percent_encoded_as_urllib_does(text: str) -> None:
    try:
        expected = quote(text, safe="")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            _percent_encode(text)
        return
    assert _percent_encode(text) == expected


@FUZZ
@given(st.text(alphabet=st.sampled_from("ab=&%+2Ce9A\u00e9\u20ac ")))
def test_share_fragments_are_read_as_urllib_reads_them(text: str) -> None:
    try:
        expected = parse_qsl(text, strict_parsing=True, max_num_fields=200, errors="strict")
    except ValueError:
        with pytest.raises(ValueError):
            _fragment_fields(text)
        return
    assert _fragment_fields(text) == expected


# --- the result's HTML builder (quiz/markup.py) -----------------------------------------------

HOSTILE_TEXT = "<script>alert(1)</script> \"x\" 'y' & z"


def test_the_builder_escapes_every_text_and_attribute_value() -> None:
    built = element(
        "p",
        {"class": HOSTILE_TEXT, "data-n": 3, "hidden": None},
        HOSTILE_TEXT,
        element("q", None, "a < b"),
        None,
        7,
    )
    assert isinstance(built, Html)
    assert built == (
        '<p class="&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &#x27;y&#x27; &amp; z" '
        "data-n=\"3\">&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; 'y' &amp; z"
        "<q>a &lt; b</q>7</p>"
    )
    assert join(["<b>", Html("<b>x</b>")], " & ") == "&lt;b&gt; &amp; <b>x</b>"
    assert element("line", {"x1": 0}) == '<line x1="0"/>'


@pytest.mark.parametrize("tag", ["script", "iframe", "style", "img", "object", "Script", "a b"])
def test_the_builder_writes_only_the_elements_of_a_result(tag: str) -> None:
    with pytest.raises(ValueError, match="no <"):
        element(tag, None)


@pytest.mark.parametrize(
    "name", ["onclick", "ONCLICK", "onMouseOver", "a b", 'x"', "x=y", "", "-x", "data-"]
)
def test_the_builder_refuses_event_handlers_and_odd_attribute_names(name: str) -> None:
    with pytest.raises(ValueError, match="refused attribute name"):
        element("p", {name: "x"})


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
    ],
)
def test_the_builder_links_only_to_relative_and_http_addresses(url: str) -> None:
    assert not is_safe_url(url)
    with pytest.raises(ValueError, match="only relative and http"):
        element("a", {"href": url}, "x")


@pytest.mark.parametrize("url", ["../models/a/", "#v=1&x=2", "", "?q", "a%3Ab/c", "HTTPS://x.org/"])
def test_relative_and_http_links_are_built(url: str) -> None:
    assert is_safe_url(url)
    assert element("a", {"href": url}, "x").startswith('<a href="')


def test_the_report_writes_no_markup_in_strings() -> None:
    """Every element of the result comes from the builder: no string in quiz/report.py holds a
    tag, so no f-string there can put data into markup."""
    source = Path(quiz.report.__file__).read_text(encoding="utf-8")
    strings = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    assert strings, "no strings found"
    assert [text for text in strings if "<" in text] == []


def test_the_result_view_keeps_exactly_the_elements_the_builder_writes() -> None:
    view = (Path(quiz.report.__file__).parent / "web" / "result-view.mjs").read_text()
    listed = re.search(r"const RESULT_TAGS = new Set\(\[(.*?)\]\)", view, re.DOTALL)
    assert listed is not None
    assert set(re.findall(r'"([a-z0-9]+)"', listed.group(1))) == TAGS
