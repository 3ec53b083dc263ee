"""Assembly: validated and checked files made into the resolved atlas (`generator.atlas_types`).

The files it is given have passed every check already. The one problem found here is an
equivalence override that leaves a stage alone (`generator.equivalents`), which shows only once
the models are assembled.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from generator import alignment
from generator.atlas_types import Atlas, Band, Model, Quiz, Stage
from generator.equivalents import equivalents
from generator.problems import AtlasError, Problem
from generator.schema import ModelFile, QuestionsFile, VocabularyFile
from generator.yaml_source import YamlDocument

ModelFiles = Mapping[str, tuple[YamlDocument, ModelFile]]
"""Validated model files by model id, each with the document it was read from."""


def bands(vocabulary: VocabularyFile) -> tuple[Band, ...]:
    """The vocabulary's bands, each ending where the next starts (the last at 100)."""
    band_starts = [b.starts_at for b in vocabulary.bands]
    return tuple(
        # Validated already: constructed, not validated a second time.
        Band.model_construct(
            **dict(b), ends_at=band_starts[i + 1] if i + 1 < len(band_starts) else 100.0
        )
        for i, b in enumerate(vocabulary.bands)
    )


def models(vocabulary: VocabularyFile, model_files: ModelFiles) -> list[Model]:
    """The models with their stages placed, fewest stages first (then by id)."""
    capability_count = len(vocabulary.capabilities)
    all_bands = bands(vocabulary)

    def band_of(position: float) -> str:
        return next(b.id for b in reversed(all_bands) if position >= b.starts_at)

    found = []
    for model_id in sorted(model_files, key=lambda m: (len(model_files[m][1].stages), m)):
        document, model = model_files[model_id]
        profiles = alignment.cumulative_profiles([s.requires for s in model.stages])
        stages = []
        for stage, profile in zip(model.stages, profiles, strict=True):
            place = alignment.position(profile, capability_count)
            stages.append(
                Stage.model_construct(
                    **dict(stage),
                    model_id=model_id,
                    profile=MappingProxyType(profile),
                    position=place,
                    band_id=band_of(place),
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
    """The atlas of sound files; raises `AtlasError` if an override leaves a stage alone."""
    resolved = models(vocabulary, model_files)
    return Atlas(
        capabilities=tuple(vocabulary.capabilities),
        bands=bands(vocabulary),
        business_kinds=tuple(vocabulary.business_kinds),
        models=tuple(resolved),
        equivalents=MappingProxyType(equivalents(resolved, _documents(model_files))),
        quiz=Quiz.model_construct(**dict(questions), source_file=questions_file),
        vocabulary_file=vocabulary_file,
    )


def override_problems(vocabulary: VocabularyFile, model_files: ModelFiles) -> list[Problem]:
    """What the equivalence overrides of these model files break among themselves, if anything.

    For a build that fails anyway: these problems only show once the models are assembled.
    """
    try:
        equivalents(models(vocabulary, model_files), _documents(model_files))
    except AtlasError as error:
        return list(error.problems)
    return []


def _documents(model_files: ModelFiles) -> dict[str, YamlDocument]:
    return {model_id: document for model_id, (document, _) in model_files.items()}
