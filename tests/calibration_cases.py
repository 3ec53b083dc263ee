"""The calibration suite's files (tests/calibration/): reading them and judging a placement.

Each file describes an organisation, answers the quiz for it and says where a reader of each
model's source would place it (see tests/test_calibration.py). The files are content, written
against the questions and stages of their day: a question added since a file was written counts
as "don't know" for it, and a model it has no expectation for is not checked, each with a
warning that names what to add, so that a content change breaks a calibration only where it
moves an organisation out of its range.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from quiz.scoring import Placement
from quiz.spec import DONT_KNOW, FUNCTIONS, Spec

CALIBRATION = Path(__file__).parent / "calibration"
FILES = sorted(CALIBRATION.glob("*.yaml"))


class CalibrationWarning(UserWarning):
    """A calibration file that does not cover the whole of today's quiz or models."""


@cache
def organisation(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def answer_values(data: dict[str, Any], spec: Spec) -> dict[str, str]:
    """The file's answers as the form submits them (option values by question id); a question
    the file does not answer counts as "don't know"."""
    values = {
        question: DONT_KNOW if entry["answer"] == "unknown" else str(entry["answer"])
        for question, entry in data["answers"].items()
    }
    missing = [q.id for q in spec.questions if q.id not in values]
    if missing:
        warnings.warn(
            f"{data['name']}: no answer to {missing}; counted as don't know (add them)",
            CalibrationWarning,
            stacklevel=2,
        )
    return {**values, **dict.fromkeys(missing, DONT_KNOW)}


def in_range(placement: Placement, expected: dict[str, Any]) -> tuple[bool, str]:
    """Whether a placement is where the file expects it, and what was found (for the message).

    On a ladder, `stages` lists the acceptable headline stages (none: not on the ladder yet) and
    `also_meets` the stages the result must name as met but not counted yet; for functions,
    `in_place` lists exactly the functions in place."""
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
