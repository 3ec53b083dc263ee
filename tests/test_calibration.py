"""The calibration suite: described organisations placed where their sources would put them.

Each file in tests/calibration/ describes an organisation in prose, answers every quiz question
for it with a reason, and says, for every model, where a reader of that model's source would
place it, with the passage that justifies it (the passages are checked word for word against the
sources by tests/test_source_fidelity.py when the source texts are available). One organisation
portrays each stage of each model as its source describes an organisation there; the others are
mixed cases. These tests score every file with the real quiz engine and the real models.

The files are content, like the models, and are kept complete: every file answers every question
and expects every model. A content change does not break them by itself: a question added later
counts as "don't know" in a file that does not answer it yet, a model added later is not checked
against a file that has no expectation for it, and each gap is reported as a CalibrationWarning
naming what to add; only a placement out of its range fails. A new model needs its portraits
(one organisation per stage) before these tests pass.

An expectation for a model scored as a ladder lists the acceptable headline stages (`stages`;
empty when the organisation is on no stage of the ladder yet) and, optionally, stages the result
must name as met but not counted yet (`also_meets`). For a model scored as functions it lists
exactly the functions in place (`in_place`).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

import quiz.spec
from quiz.answers import check_answers
from quiz.api import Engine
from quiz.scoring import score
from quiz.spec import FUNCTIONS, Spec
from tests.calibration_cases import (
    CALIBRATION,
    FILES,
    CalibrationWarning,
    answer_values,
    in_range,
    organisation,
)
from tests.conftest import MODELS
from tests.fixture_atlas import quiz_spec

SPEC_DATA: dict[str, Any] = quiz_spec(MODELS)
SPEC: Spec = quiz.spec.parse_spec(SPEC_DATA)


def test_there_are_calibration_files() -> None:
    assert FILES, f"no calibration files in {CALIBRATION}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_file_answers_every_question_and_expects_every_model(path: Path) -> None:
    """Every answer and expectation is sound; each file answers today's every question and
    expects every model (a gap, after a content change, is a warning naming what to add)."""
    data = organisation(path)
    assert data["name"].strip() and data["description"].strip()
    asked = {q.id for q in SPEC.all_questions}
    unknown = set(data["answers"]) - asked
    assert not unknown, f"{path.name} answers questions the quiz does not ask: {sorted(unknown)}"
    for question, entry in data["answers"].items():
        assert str(entry["reason"]).strip(), f"{path.name}: {question} has no reason"
    assert SPEC.business_kind_question.id in data["answers"], f"{path.name}: no kind of business"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CalibrationWarning)
        check_answers(SPEC, answer_values(data, SPEC))
    models = {m.id: m for m in SPEC.models}
    stale = set(data["expected"]) - set(models)
    assert not stale, f"{path.name} expects models that do not exist: {sorted(stale)}"
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
    gaps = [str(w.message) for w in caught]
    gaps += [f"no expectation for {m}" for m in sorted(set(models) - set(data["expected"]))]
    for gap in gaps:
        warnings.warn(f"{path.name}: {gap}", CalibrationWarning, stacklevel=1)


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
    result = score(SPEC, check_answers(SPEC, answer_values(data, SPEC)))
    wrong = []
    for placement in result.placements:
        expected = data["expected"].get(placement.model.id)
        if expected is None:
            continue  # a model this file was written before (a warning says so)
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
        values = answer_values(organisation(path), SPEC)
        reply = json.loads(engine.score(json.dumps(values)))
        assert reply["ok"], reply
        result = score(SPEC, check_answers(SPEC, values))
        assert [p["stage"] for p in reply["result"]["placements"]] == [
            p.stage.id for p in result.placements
        ]
