"""The resolved atlas: typed, immutable, every cross-reference checked.

What a maintainer's file says is kept in the frozen schema classes of `generator.schema`; the
classes here only add what the atlas computes: a stage's model, profile, position and band, a
model's id and file, the equivalent stages, and lookups by id. Capabilities, bands, kinds of
business, quiz questions, authors, claims and advice are the schema's own objects.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from generator.schema import (
    BandIn,
    BusinessKindIn,
    CapabilityIn,
    ModelInfo,
    QuestionsFile,
    StageIn,
)


class Stage(StageIn):
    """A stage as its file writes it, placed on the shared maturity axis."""

    model_id: str
    profile: Mapping[str, int]
    """The stage's profile by its model's scoring rule: on a ladder, what this stage and every
    earlier one that may not be skipped require; for functions, what the stage requires."""
    position: float
    band_id: str

    @property
    def ref(self) -> str:
        """`<model id>/<stage id>`, the stage's id across the atlas."""
        return f"{self.model_id}/{self.id}"

    def label(self, term: str = "stage") -> str:
        """`Stage 3`, `Phase 2`, or the source's own label such as `Before stage 1`."""
        return self.number_label or f"{term.capitalize()} {self.number}"


class Model(ModelInfo):
    """A model as its file describes it, with its id, its file and its resolved stages."""

    id: str
    source_file: str
    """Path of the YAML file, relative to the project root, e.g. `models/maturity-model.yaml`."""
    stages: tuple[Stage, ...]

    def stage(self, stage_id: str) -> Stage:
        """The model's stage of that id."""
        return self._stages_by_id[stage_id]

    @cached_property
    def _stages_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}


class Quiz(QuestionsFile):
    """The quiz's questions, and the file they come from."""

    source_file: str


@dataclass(frozen=True)
class Equivalence:
    """One stage of another model that is equivalent to a given stage."""

    other: str
    """The other stage's ref, `<model id>/<stage id>`."""
    similarity: float
    shared: tuple[str, ...]
    """Capability ids both stages require, strongest first."""
    override: str | None
    """The maintainer's reason when this pair was added by hand, else None."""


@dataclass(frozen=True)
class Atlas:
    """Every capability, band, kind of business, model, stage and equivalence, and the quiz."""

    capabilities: tuple[CapabilityIn, ...]
    bands: tuple[BandIn, ...]
    business_kinds: tuple[BusinessKindIn, ...]
    models: tuple[Model, ...]
    equivalents: Mapping[str, tuple[Equivalence, ...]] = field(repr=False)
    """Equivalent stages of every stage, keyed by stage ref, in model then stage order."""
    quiz: Quiz
    vocabulary_file: str = "models/vocabulary.yaml"

    # Pages look models, stages and capabilities up by id hundreds of thousands of times in a
    # large atlas: by dictionary, not by scanning.
    @cached_property
    def _models_by_id(self) -> dict[str, Model]:
        return {m.id: m for m in self.models}

    @cached_property
    def _capabilities_by_id(self) -> dict[str, CapabilityIn]:
        return {c.id: c for c in self.capabilities}

    def model(self, model_id: str) -> Model:
        """The model of that id."""
        return self._models_by_id[model_id]

    def stage(self, ref: str) -> Stage:
        """The stage of that ref, `<model id>/<stage id>`."""
        model_id, stage_id = ref.split("/")
        return self.model(model_id).stage(stage_id)

    def capability(self, capability_id: str) -> CapabilityIn:
        """The capability of that id."""
        return self._capabilities_by_id[capability_id]

    def equivalents_by_model(self, stage: Stage) -> list[tuple[Model, list[Equivalence]]]:
        """The stage's equivalents in every other model, in model order; the list is empty for a
        model none of whose stages is alike enough."""
        groups: dict[str, list[Equivalence]] = {}
        for equivalence in self.equivalents[stage.ref]:
            groups.setdefault(equivalence.other.split("/")[0], []).append(equivalence)
        return [(m, groups.get(m.id, [])) for m in self.models if m.id != stage.model_id]

    def band(self, band_id: str) -> BandIn:
        """The band of that id."""
        return next(b for b in self.bands if b.id == band_id)

    def stages(self) -> Iterator[Stage]:
        """Every stage of every model, in model then stage order."""
        for model in self.models:
            yield from model.stages

    def previous_stage(self, stage: Stage) -> Stage | None:
        """The stage before this one in its model, if any."""
        stages = self.model(stage.model_id).stages
        index = stages.index(stage)
        return stages[index - 1] if index > 0 else None

    def next_stage(self, stage: Stage) -> Stage | None:
        """The stage after this one in its model, if any."""
        stages = self.model(stage.model_id).stages
        index = stages.index(stage)
        return stages[index + 1] if index + 1 < len(stages) else None

    def highest_level(self, model: Model, capability_id: str) -> int:
        """The highest level of the capability that any stage of the model requires."""
        return max(s.profile.get(capability_id, 0) for s in model.stages)

    def introductions(self, capability_id: str) -> list[tuple[Model, Stage | None]]:
        """For each model, the first stage that requires the capability (None if none does)."""
        found = []
        for model in self.models:
            first = next((s for s in model.stages if s.profile.get(capability_id, 0) > 0), None)
            found.append((model, first))
        return found
