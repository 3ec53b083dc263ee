"""The costliest atlas the input limits allow: the most models, each with the most stages, and
every stage alike, so that every stage ties with every stage of every other model.

Equivalents, stage pages and atlas.json grow with the ties: this is the input that bounds what a
build can cost (`tests/test_cost_bounds.py` counts its work, `python -m benchmarks --only
bounds` times it). The models are written for any vocabulary: every stage requires the same
level of one of its capabilities.
"""

from __future__ import annotations

from pathlib import Path

from generator.atlas import MAX_MODELS, RESERVED_FILES
from generator.schema import MAX_STAGES

_MODEL = """\
title: Tied model {index}
short_title: Tied {index}
authors:
  - name: Tie Maker
    role: author
source:
  title: Every stage alike, number {index}
  url: https://example.org/tied-{index}
summary: A model whose stages all require the same, to tie with every other stage.
orders_by: Nothing; every stage requires the same.
scoring: functions
stages:
{stages}"""

_STAGE = """\
  - id: stage-{number}
    number: {number}
    name: Stage {number}
    summary: A stage that requires what every other stage does.
    description: Every stage of every model requires the same capability level.
    signs:
      - It is stage {number}.
    requires:
      {capability}: {{level: 1, inferred: Written to make every stage alike.}}
"""


def write_maximal_tied_models(
    models_dir: Path, capability: str, models: int = MAX_MODELS, stages: int = MAX_STAGES
) -> list[str]:
    """Replace the model files of `models_dir` (its vocabulary and questions stay) with `models`
    models of `stages` identical stages each, every one requiring `capability` at level 1;
    return the model ids."""
    for path in models_dir.glob("*.yaml"):
        if path.name not in RESERVED_FILES:
            path.unlink()
    ids = []
    for index in range(1, models + 1):
        model_id = f"tied-{index:02d}"
        text = _MODEL.format(
            index=index,
            stages="".join(
                _STAGE.format(number=number, capability=capability)
                for number in range(1, stages + 1)
            ),
        )
        (models_dir / f"{model_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(model_id)
    return ids
