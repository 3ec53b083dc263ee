"""Assembly: validated and checked files made into the resolved atlas (`generator.atlas_types`).

The files it is given have passed every check already, so nothing here can fail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from generator import alignment
from generator.atlas_types import Atlas, Model, Quiz, Stage
from generator.equivalents import equivalents
from generator.schema import BandIn, ModelFile, QuestionsFile, VocabularyFile
from generator.yaml_source import YamlDocument

ModelFiles = Mapping[str, tuple[YamlDocument, ModelFile]]
"""Validated model files by model id, each with the document it was read from."""


def band_of(profile: Mapping[str, int], bands: Sequence[BandIn]) -> str:
    """The last band whose `reached_by` the profile meets (any one level is enough), else the
    first band."""
    found = bands[0].id
    for band in bands[1:]:
        if any(profile.get(c, 0) >= level for c, level in band.reached_by.items()):
            found = band.id
    return found


def profiles(model: ModelFile) -> list[dict[str, int]]:
    """Each stage's profile, by the model's scoring rule (see `generator.alignment`)."""
    levels = [stage.levels for stage in model.stages]
    if model.scoring == "functions":
        return alignment.function_profiles(levels)
    return alignment.cumulative_profiles(levels, [s.skippable is not None for s in model.stages])


def models(vocabulary: VocabularyFile, model_files: ModelFiles) -> list[Model]:
    """The models with their stages placed, fewest stages first (then by id)."""
    capability_count = len(vocabulary.capabilities)
    found = []
    for model_id in sorted(model_files, key=lambda m: (len(model_files[m][1].stages), m)):
        document, model = model_files[model_id]
        stages = []
        for stage, profile in zip(model.stages, profiles(model), strict=True):
            stages.append(
                # Validated already: constructed, not validated a second time.
                Stage.model_construct(
                    **dict(stage),
                    model_id=model_id,
                    profile=MappingProxyType(profile),
                    position=alignment.position(profile, capability_count),
                    band_id=band_of(profile, vocabulary.bands),
                )
            )
        info = {name: value for name, value in model if name != "stages"}
        found.append(
            Model.model_construct(
                **info, id=model_id, source_file=document.file, stages=tuple(stages)
            )
        )
    return found


def assemble(
    vocabulary: VocabularyFile,
    vocabulary_file: str,
    model_files: ModelFiles,
    questions: QuestionsFile,
    questions_file: str,
) -> Atlas:
    """The atlas of sound, checked files."""
    resolved = models(vocabulary, model_files)
    return Atlas(
        capabilities=tuple(vocabulary.capabilities),
        bands=tuple(vocabulary.bands),
        business_kinds=tuple(vocabulary.business_kinds),
        models=tuple(resolved),
        equivalents=MappingProxyType(equivalents(resolved)),
        quiz=Quiz.model_construct(**dict(questions), source_file=questions_file),
        vocabulary_file=vocabulary_file,
    )
