"""Where each generated page lives: source paths of the site's pages, from which MkDocs makes URLs."""

from __future__ import annotations

from generator.atlas_types import Model, Stage
from generator.schema import CapabilityIn

HOME_PAGE = "index.md"
MODELS_PAGE = "models/index.md"
CAPABILITIES_PAGE = "capabilities/index.md"
MATRIX_PAGE = "compare/matrix.md"
ALIGNMENT_PAGE = "compare/alignment.md"
METHODOLOGY_PAGE = "methodology.md"
SOURCES_PAGE = "sources.md"
QUIZ_PAGE = "quiz.md"
TEAM_PAGE = "team.md"


def model_page(model: Model | str) -> str:
    """The source path of a model's page, by the model or its id."""
    model_id = model if isinstance(model, str) else model.id
    return f"models/{model_id}/index.md"


def stage_page(stage: Stage | str) -> str:
    """The source path of a stage's page, by the stage or its ref (`<model id>/<stage id>`)."""
    ref = stage if isinstance(stage, str) else stage.ref
    model_id, stage_id = ref.split("/")
    return f"models/{model_id}/{stage_id}.md"


def capability_page(capability: CapabilityIn | str) -> str:
    """The source path of a capability's page, by the capability or its id."""
    capability_id = capability if isinstance(capability, str) else capability.id
    return f"capabilities/{capability_id}.md"
