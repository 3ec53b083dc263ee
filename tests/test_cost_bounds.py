"""What a build can cost is bounded by the input limits (issue 14), counted in work, not time.

The costliest input is the largest atlas the limits allow with every stage alike
(`tests/maximal_atlas.py`): when every tied stage was kept, each of its stage pages listed every
stage of every other model (2.5 million equivalents, 334 MB of atlas.json, 20 minutes to build).
Each stage now picks at most `EQUIVALENTS_PER_MODEL` stages of each other model, so the number
of equivalents, and with it atlas.json, grows with stages times models and no faster.
"""

from __future__ import annotations

import json
import textwrap
from collections import Counter

import pytest

from generator.alignment import EQUIVALENTS_PER_MODEL
from generator.atlas import MAX_MODELS, Atlas, load_atlas
from generator.render import SiteRenderer
from generator.schema import MAX_STAGES
from tests.fixture_atlas import ATLAS, ENGINE_FILES, copy_models
from tests.maximal_atlas import write_maximal_tied_models

# Ids are at most 60 characters (the schema's `Slug`).
LONGEST_ID = 60


@pytest.fixture(scope="module")
def maximal(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    models = copy_models(ATLAS, tmp_path_factory.mktemp("maximal") / "models")
    capability = load_atlas(ATLAS).capabilities[0].id
    write_maximal_tied_models(models, capability)
    return load_atlas(models)


def test_the_maximal_atlas_is_the_largest_the_limits_allow(maximal: Atlas) -> None:
    assert len(maximal.models) == MAX_MODELS
    assert {len(model.stages) for model in maximal.models} == {MAX_STAGES}
    # Every stage is alike: each ties with every stage of every other model.
    assert len({tuple(stage.profile.items()) for stage in maximal.stages()}) == 1


def test_each_stage_lists_at_most_one_stage_per_other_model(maximal: Atlas) -> None:
    models = len(maximal.models)
    for stage in maximal.stages():
        equivalents = maximal.equivalents[stage.ref]
        assert 1 <= len(equivalents) <= EQUIVALENTS_PER_MODEL * (models - 1)
        per_model = Counter(e.other.split("/")[0] for e in equivalents)
        assert max(per_model.values()) <= EQUIVALENTS_PER_MODEL
        assert stage.model_id not in per_model
    stages = sum(len(model.stages) for model in maximal.models)
    total = sum(len(e) for e in maximal.equivalents.values())
    assert total <= 2 * EQUIVALENTS_PER_MODEL * stages * (models - 1)


def _largest_entry(capabilities: int) -> int:
    """The most bytes one equivalent can take in atlas.json: the longest ref, every capability
    shared, each id of the longest length, indented as deep as atlas.json nests it."""
    entry = {
        "stage": "m" * LONGEST_ID + "/" + "s" * LONGEST_ID,
        "similarity": 0.333,
        "shared_capabilities": ["c" * LONGEST_ID] * capabilities,
        "override": None,
    }
    # models[].stages[].equivalents[]: five levels of two spaces, and a comma after it.
    return len(textwrap.indent(json.dumps(entry, indent=2), " " * 10)) + 2


def test_atlas_json_grows_with_stages_times_models(maximal: Atlas) -> None:
    """atlas.json is its content without equivalents, plus at most 2 * K * S * (M - 1)
    equivalents of bounded size: megabytes, not hundreds of them."""
    stages = sum(len(model.stages) for model in maximal.models)
    models = len(maximal.models)
    size = len(SiteRenderer(maximal, ENGINE_FILES).atlas_json().encode("utf-8"))
    bare = Atlas(
        capabilities=maximal.capabilities,
        bands=maximal.bands,
        business_kinds=maximal.business_kinds,
        models=maximal.models,
        equivalents={stage.ref: () for stage in maximal.stages()},
        quiz=maximal.quiz,
    )
    without = len(SiteRenderer(bare, ENGINE_FILES).atlas_json().encode("utf-8"))
    bound = without + 2 * EQUIVALENTS_PER_MODEL * stages * (models - 1) * _largest_entry(
        len(maximal.capabilities)
    )
    assert without < size <= bound
