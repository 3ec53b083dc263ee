"""The calibration suite: described organisations placed where their sources would put them.

Each file in tests/calibration/ describes an organisation in prose, answers every quiz question
for it with a reason, and says, for every model, where a reader of that model's source would
place it, with the passage that justifies it (the passages are checked word for word against the
sources by tests/test_source_fidelity.py when the source texts are available). One organisation
portrays each stage of each model as its source describes an organisation there; the others are
mixed cases. These tests score every file with the real quiz engine and the real models.

The files are content, like the models: when a question or a stage changes, the files that
answer or expect it change with it, and these tests say which.

An expectation for a model scored as a ladder lists the acceptable headline stages (`stages`;
empty when the organisation is on no stage of the ladder yet) and, optionally, stages the result
must name as met but not counted yet (`also_meets`). For a model scored as functions it lists
exactly the functions in place (`in_place`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import quiz.spec
from quiz.answers import check_answers
from quiz.api import Engine
from quiz.scoring import Placement, score
from quiz.spec import DONT_KNOW, FUNCTIONS, Spec
from tests.conftest import MODELS
from tests.fixture_atlas import quiz_spec

CALIBRATION = Path(__file__).parent / "calibration"
FILES = sorted(CALIBRATION.glob("*.yaml"))

SPEC_DATA: dict[str, Any] = quiz_spec(MODELS)
SPEC: Spec = quiz.spec.parse_spec(SPEC_DATA)


@cache
def organisation(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def answer_values(data: dict[str, Any]) -> dict[str, str]:
    """The file's answers as the form submits them: option values by question id."""
    return {
        question: DONT_KNOW if entry["answer"] == "unknown" else str(entry["answer"])
        for question, entry in data["answers"].items()
    }


def in_range(placement: Placement, expected: dict[str, Any]) -> tuple[bool, str]:
    """Whether a placement is where the file expects it, and what was found (for the message)."""
    model = placement.model
    if model.scoring == FUNCTIONS:
        found = sorted(model.stages[i].id for i in placement.in_place)
        return found == sorted(expected["in_place"]), f"in place: {found}"
    headline = placement.stage.id if placement.reached else None
    ahead = [model.stages[i].id for i in placement.ahead]
    wanted = expected["stages"]
    ok = headline in wanted if wanted else headline is None
    ok = ok and all(stage in ahead for stage in expected.get("also_meets", []))
    return ok, f"headline {headline}, met but not counted {ahead}"


def test_there_are_calibration_files() -> None:
    assert FILES, f"no calibration files in {CALIBRATION}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_file_answers_every_question_and_expects_every_model(path: Path) -> None:
    data = organisation(path)
    assert data["name"].strip() and data["description"].strip()
    asked = {q.id for q in SPEC.all_questions}
    answered = set(data["answers"])
    assert answered == asked, (
        f"{path.name} must answer exactly the quiz's questions: "
        f"missing {sorted(asked - answered)}, unknown {sorted(answered - asked)}"
    )
    for question, entry in data["answers"].items():
        assert str(entry["reason"]).strip(), f"{path.name}: {question} has no reason"
    check_answers(SPEC, answer_values(data))
    models = {m.id: m for m in SPEC.models}
    assert set(data["expected"]) == set(models), f"{path.name} must expect every model"
    for model_id, expected in data["expected"].items():
        model = models[model_id]
        stage_ids = {s.id for s in model.stages}
        key = "in_place" if model.scoring == FUNCTIONS else "stages"
        assert key in expected, (
            f"{path.name}: {model_id} is scored by {model.scoring!r}: give {key}"
        )
        named = set(expected[key]) | set(expected.get("also_meets", []))
        assert named <= stage_ids, f"{path.name}: {model_id} has no stage {named - stage_ids}"
        assert str(expected["passage"]).strip() and str(expected["reason"]).strip()


def test_every_stage_of_every_model_is_portrayed() -> None:
    portrayed = {organisation(path).get("portrays") for path in FILES}
    stages = {f"{m.id}/{s.id}" for m in SPEC.models for s in m.stages}
    assert stages <= portrayed, f"stages no calibration file portrays: {sorted(stages - portrayed)}"
    assert portrayed - {None} <= stages, f"unknown stages portrayed: {portrayed - {None} - stages}"


@pytest.mark.parametrize(
    "path", [p for p in FILES if organisation(p).get("portrays")], ids=lambda p: p.stem
)
def test_a_portrait_expects_its_own_stage(path: Path) -> None:
    data = organisation(path)
    model_id, stage_id = data["portrays"].split("/")
    expected = data["expected"][model_id]
    assert stage_id in expected.get("stages", expected.get("in_place", []))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_engine_places_the_organisation_where_its_sources_would(path: Path) -> None:
    data = organisation(path)
    result = score(SPEC, check_answers(SPEC, answer_values(data)))
    wrong = []
    for placement in result.placements:
        expected = data["expected"][placement.model.id]
        ok, found = in_range(placement, expected)
        if not ok:
            wrong.append(
                f"{placement.model.id}: expected {expected}, got {found}; "
                f"the source: {expected['reason']}"
            )
    assert not wrong, f"{path.name} ({data['name']}):\n" + "\n".join(wrong)


def test_the_engine_api_agrees_with_the_scoring() -> None:
    """The same answers through the JSON interface the browser uses give the same placements."""
    engine = Engine(json.dumps(SPEC_DATA))
    for path in FILES:
        values = answer_values(organisation(path))
        reply = json.loads(engine.score(json.dumps(values)))
        assert reply["ok"], reply
        result = score(SPEC, check_answers(SPEC, values))
        assert [p["stage"] for p in reply["result"]["placements"]] == [
            p.stage.id for p in result.placements
        ]
