"""The atlas: every model, stage and capability, validated, with every cross-reference resolved.

`load_atlas` reads the whole models folder, collects every problem of every file, and raises one
`AtlasError` listing them all; only a fully consistent set of files becomes an `Atlas`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from generator import alignment
from generator.problems import AtlasError, Problem
from generator.schema import (
    MAX_LEVEL,
    SLUG_PATTERN,
    ModelFile,
    QuestionsFile,
    StageIn,
    VocabularyFile,
)
from generator.validation import did_you_mean, validate
from generator.yaml_source import YamlDocument, read_yaml

VOCABULARY_FILE = "vocabulary.yaml"
QUESTIONS_FILE = "questions.yaml"
# Files in the models folder that are not models.
RESERVED_FILES = frozenset({VOCABULARY_FILE, QUESTIONS_FILE})
MAX_MODELS = 40


@dataclass(frozen=True)
class CapabilityLevel:
    level: int
    label: str
    description: str


@dataclass(frozen=True)
class Capability:
    id: str
    name: str
    summary: str
    description: str
    levels: tuple[CapabilityLevel, ...]


@dataclass(frozen=True)
class Band:
    id: str
    name: str
    description: str
    starts_at: float
    ends_at: float


@dataclass(frozen=True)
class BusinessKind:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Activity:
    name: str
    description: str


@dataclass(frozen=True)
class Stage:
    model_id: str
    id: str
    number: int
    number_label: str | None
    name: str
    summary: str
    description: str
    owner: str | None
    activities: tuple[Activity, ...]
    signs: tuple[str, ...]
    pitfalls: tuple[str, ...]
    next_steps: tuple[str, ...]
    requires: Mapping[str, int]
    """The levels this stage names itself."""
    profile: Mapping[str, int]
    """The cumulative profile: what this stage and every earlier one require."""
    position: float
    band_id: str

    @property
    def ref(self) -> str:
        return f"{self.model_id}/{self.id}"

    def label(self, term: str = "stage") -> str:
        """`Stage 3`, `Phase 2`, or the source's own label such as `Before stage 1`."""
        return self.number_label or f"{term.capitalize()} {self.number}"


@dataclass(frozen=True)
class Author:
    name: str
    role: str


@dataclass(frozen=True)
class Claim:
    text: str
    quote: str | None


@dataclass(frozen=True)
class Advice:
    business_kind: str
    stage_id: str
    text: str


@dataclass(frozen=True)
class Model:
    id: str
    source_file: str
    """Path of the YAML file, relative to the project root, e.g. `models/maturity-model.yaml`."""
    title: str
    short_title: str
    authors: tuple[Author, ...]
    credit_note: str | None
    year: str | None
    source_title: str
    source_publication: str | None
    source_seed: str
    summary: str
    orders_by: str
    stage_term: str
    claims: tuple[Claim, ...]
    advice: tuple[Advice, ...]
    stages: tuple[Stage, ...]

    def stage(self, stage_id: str) -> Stage:
        return self._stages_by_id[stage_id]

    @cached_property
    def _stages_by_id(self) -> dict[str, Stage]:
        return {s.id: s for s in self.stages}


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
class QuizOption:
    level: int
    text: str


@dataclass(frozen=True)
class QuizQuestion:
    """A practice question: each option is a practice that shows one level of a capability."""

    id: str
    capability: str
    prompt: str
    help: str | None
    options: tuple[QuizOption, ...]


@dataclass(frozen=True)
class BusinessKindQuestion:
    """The context question: which kind of business the visitor runs (for the models' advice)."""

    id: str
    prompt: str
    help: str | None
    options: tuple[tuple[str, str], ...]
    """(business kind id, text) in the order the quiz shows them."""
    other: str
    """Text of the extra option for none of the kinds."""


@dataclass(frozen=True)
class Quiz:
    business_kind: BusinessKindQuestion
    questions: tuple[QuizQuestion, ...]
    source_file: str


@dataclass(frozen=True)
class Atlas:
    capabilities: tuple[Capability, ...]
    bands: tuple[Band, ...]
    business_kinds: tuple[BusinessKind, ...]
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
    def _capabilities_by_id(self) -> dict[str, Capability]:
        return {c.id: c for c in self.capabilities}

    def model(self, model_id: str) -> Model:
        return self._models_by_id[model_id]

    def stage(self, ref: str) -> Stage:
        model_id, stage_id = ref.split("/")
        return self.model(model_id).stage(stage_id)

    def capability(self, capability_id: str) -> Capability:
        return self._capabilities_by_id[capability_id]

    def equivalents_by_model(self, stage: Stage) -> list[tuple[Model, list[Equivalence]]]:
        """The stage's equivalents grouped by their model, in model order."""
        groups: dict[str, list[Equivalence]] = {}
        for equivalence in self.equivalents[stage.ref]:
            groups.setdefault(equivalence.other.split("/")[0], []).append(equivalence)
        return [(m, groups[m.id]) for m in self.models if m.id in groups]

    def band(self, band_id: str) -> Band:
        return next(b for b in self.bands if b.id == band_id)

    def stages(self) -> Iterator[Stage]:
        for model in self.models:
            yield from model.stages

    def previous_stage(self, stage: Stage) -> Stage | None:
        stages = self.model(stage.model_id).stages
        index = stages.index(stage)
        return stages[index - 1] if index > 0 else None

    def next_stage(self, stage: Stage) -> Stage | None:
        stages = self.model(stage.model_id).stages
        index = stages.index(stage)
        return stages[index + 1] if index + 1 < len(stages) else None

    def introductions(self, capability_id: str) -> list[tuple[Model, Stage | None]]:
        """For each model, the first stage that requires the capability (None if none does)."""
        found = []
        for model in self.models:
            first = next((s for s in model.stages if s.profile.get(capability_id, 0) > 0), None)
            found.append((model, first))
        return found


# --- loading --------------------------------------------------------------------------------


def load_atlas(models_dir: Path, display_root: Path | None = None) -> Atlas:
    """Read, validate and resolve every file in `models_dir`; raise `AtlasError` on any problem.

    Problems name files relative to `display_root` (default: the parent of `models_dir`).
    """
    root = display_root if display_root is not None else models_dir.parent
    problems: list[Problem] = []

    def display(path: Path) -> str:
        # The folder is resolved, not the file: a symbolic link is named as it is written.
        try:
            return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    if not models_dir.is_dir():
        raise AtlasError(
            [Problem(display(models_dir), 1, 1, "", "the models folder does not exist")]
        )

    vocabulary_path = models_dir / VOCABULARY_FILE
    paths = sorted(models_dir.iterdir())
    # Counted before any file is read: reading and validating thousands would take minutes.
    model_count = sum(1 for p in paths if p.suffix == ".yaml" and p.name not in RESERVED_FILES)
    if model_count > MAX_MODELS:
        raise AtlasError(
            [
                Problem(
                    display(models_dir),
                    1,
                    1,
                    "",
                    f"the folder holds {model_count} model files; at most {MAX_MODELS} are allowed",
                )
            ]
        )
    documents: dict[str, YamlDocument] = {}
    for path in paths:
        if path.suffix == ".yml":
            problems.append(Problem(display(path), 1, 1, "", "name model files *.yaml, not *.yml"))
            continue
        if path.suffix != ".yaml":
            continue
        parsed = read_yaml(path, display(path))
        if isinstance(parsed, Problem):
            problems.append(parsed)
        else:
            documents[path.name] = parsed

    if not vocabulary_path.is_file():
        problems.append(
            Problem(display(vocabulary_path), 1, 1, "", "the shared vocabulary file is missing")
        )

    vocabulary: VocabularyFile | None = None
    vocabulary_doc = documents.pop(VOCABULARY_FILE, None)
    if vocabulary_doc is not None:
        checked = validate(vocabulary_doc, VocabularyFile)
        if isinstance(checked, list):
            problems.extend(checked)
        else:
            vocabulary = checked
            problems.extend(_check_vocabulary(vocabulary_doc, vocabulary))

    questions: QuestionsFile | None = None
    questions_doc = documents.pop(QUESTIONS_FILE, None)
    if questions_doc is None and not (models_dir / QUESTIONS_FILE).is_file():
        problems.append(
            Problem(
                display(models_dir / QUESTIONS_FILE), 1, 1, "", "the quiz questions file is missing"
            )
        )
    if questions_doc is not None:
        checked_questions = validate(questions_doc, QuestionsFile)
        if isinstance(checked_questions, list):
            problems.extend(checked_questions)
        else:
            questions = checked_questions
            if vocabulary is not None:
                problems.extend(_check_questions(questions_doc, questions, vocabulary))

    model_files: dict[str, tuple[YamlDocument, ModelFile]] = {}
    all_model_ids = {name.removesuffix(".yaml") for name in documents}
    for name, document in documents.items():
        model_id = name.removesuffix(".yaml")
        if not _is_slug(model_id):
            problems.append(
                document.problem(
                    (),
                    f"the file name {name!r} must be a model id: lower-case words joined by "
                    "hyphens, like 'maturity-model.yaml'",
                )
            )
            continue
        checked_model = validate(document, ModelFile)
        if isinstance(checked_model, list):
            problems.extend(checked_model)
        else:
            model_files[model_id] = (document, checked_model)

    if not model_files and not problems:
        problems.append(Problem(display(models_dir), 1, 1, "", "the folder holds no model files"))

    sound: dict[str, tuple[YamlDocument, ModelFile]] = {}
    for model_id, (document, model_file) in model_files.items():
        found = _check_model(document, model_file, vocabulary)
        found += _check_overrides(model_id, document, model_file, model_files, all_model_ids)
        problems.extend(found)
        if not found:
            sound[model_id] = (document, model_file)

    if vocabulary is None or vocabulary_doc is None:
        raise AtlasError(problems)
    if problems or questions is None or questions_doc is None:
        # Assemble what is sound anyway, so that problems only the assembled atlas reveals
        # (an override that leaves a stage without equivalents) are reported in the same run.
        if sound:
            try:
                _equivalents(_models(vocabulary, sound), sound)
            except AtlasError as error:
                problems.extend(error.problems)
        raise AtlasError(problems)
    return _assemble(
        vocabulary, vocabulary_doc.file, model_files, _quiz(questions, questions_doc.file)
    )


def _is_slug(text: str) -> bool:
    return re.match(SLUG_PATTERN, text) is not None


def _duplicates(document: YamlDocument, ids: list[str], path: str, what: str) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(
                document.problem(
                    (path, index, "id"),
                    f"duplicate {what} id {item_id!r} (also {path}[{seen[item_id]}])",
                )
            )
        else:
            seen[item_id] = index
    return problems


def _check_vocabulary(document: YamlDocument, vocabulary: VocabularyFile) -> list[Problem]:
    problems = _duplicates(
        document, [c.id for c in vocabulary.capabilities], "capabilities", "capability"
    )
    problems += _duplicates(document, [b.id for b in vocabulary.bands], "bands", "band")
    problems += _duplicates(
        document, [k.id for k in vocabulary.business_kinds], "business_kinds", "business kind"
    )
    for c, capability in enumerate(vocabulary.capabilities):
        for index, level in enumerate(capability.levels):
            if level.level != index:
                problems.append(
                    document.problem(
                        ("capabilities", c, "levels", index, "level"),
                        f"levels must be listed 0 to 4 in order; expected {index}, "
                        f"got {level.level}",
                    )
                )
    for index, band in enumerate(vocabulary.bands):
        if index == 0 and band.starts_at != 0:
            problems.append(
                document.problem(("bands", 0, "starts_at"), "the first band must start at 0")
            )
        if index > 0 and band.starts_at <= vocabulary.bands[index - 1].starts_at:
            problems.append(
                document.problem(
                    ("bands", index, "starts_at"),
                    f"bands must start at increasing positions; {band.starts_at} is not above "
                    f"{vocabulary.bands[index - 1].starts_at}",
                )
            )
    return problems


def _check_questions(
    document: YamlDocument, questions: QuestionsFile, vocabulary: VocabularyFile
) -> list[Problem]:
    """Every capability asked about, with every level reachable; every kind of business offered."""
    problems = _duplicates(document, [q.id for q in questions.questions], "questions", "question")
    capability_ids = [c.id for c in vocabulary.capabilities]
    offered: dict[str, set[int]] = defaultdict(set)
    first_question: dict[str, int] = {}
    for index, question in enumerate(questions.questions):
        if question.id in (questions.business_kind.id, "v"):
            problems.append(
                document.problem(
                    ("questions", index, "id"),
                    f"{question.id!r} is reserved"
                    + (
                        " by the business_kind question"
                        if question.id != "v"
                        else " by share links"
                    ),
                )
            )
        if question.capability not in capability_ids:
            problems.append(
                document.problem(
                    ("questions", index, "capability"),
                    f"unknown capability {question.capability!r}"
                    f"{did_you_mean(question.capability, capability_ids)}"
                    " (capabilities are defined in models/vocabulary.yaml)",
                )
            )
            continue
        first_question.setdefault(question.capability, index)
        levels = [o.level for o in question.options]
        offered[question.capability].update(levels)
        for position, level in enumerate(levels):
            previous = levels[position - 1] if position else None
            if previous is not None and level <= previous:
                problems.append(
                    document.problem(
                        ("questions", index, "options", position, "level"),
                        f"options must be listed in increasing order of level; {level} follows "
                        f"{previous}",
                    )
                )
        for position, which, expected in ((0, "first", 0), (len(levels) - 1, "last", MAX_LEVEL)):
            if levels[position] != expected:
                problems.append(
                    document.problem(
                        ("questions", index, "options", position, "level"),
                        f"the {which} option must be level {expected}, so that every answer "
                        f"from none to full is possible; got {levels[position]}",
                    )
                )
    for capability in capability_ids:
        if capability not in offered:
            problems.append(
                document.problem(
                    ("questions",),
                    f"no question asks about capability {capability!r}; every capability "
                    "needs at least one",
                )
            )
            continue
        missing = sorted(set(range(MAX_LEVEL + 1)) - offered[capability])
        if missing:
            problems.append(
                document.problem(
                    ("questions", first_question[capability], "options"),
                    f"no question about {capability!r} offers level "
                    f"{', '.join(map(str, missing))}; an organisation at that level could not "
                    "answer truthfully",
                )
            )
    kinds = [k.id for k in vocabulary.business_kinds]
    seen: dict[str, int] = {}
    for index, option in enumerate(questions.business_kind.options):
        path = ("business_kind", "options", index, "business_kind")
        if option.business_kind not in kinds:
            problems.append(
                document.problem(
                    path,
                    f"unknown business kind {option.business_kind!r}"
                    f"{did_you_mean(option.business_kind, kinds)}; known: {', '.join(kinds)}",
                )
            )
        elif option.business_kind in seen:
            problems.append(
                document.problem(
                    path,
                    f"{option.business_kind!r} is already offered by "
                    f"business_kind.options[{seen[option.business_kind]}]",
                )
            )
        seen.setdefault(option.business_kind, index)
    for kind in kinds:
        if kind not in seen:
            problems.append(
                document.problem(
                    ("business_kind", "options"),
                    f"no option for business kind {kind!r}; offer every kind in vocabulary.yaml",
                )
            )
    return problems


def _check_model(
    document: YamlDocument, model: ModelFile, vocabulary: VocabularyFile | None
) -> list[Problem]:
    problems = _duplicates(document, [s.id for s in model.stages], "stages", "stage")
    first = model.stages[0].number
    if first not in (0, 1):
        problems.append(
            document.problem(
                ("stages", 0, "number"),
                f"the first stage must be number 1 (or 0 for a pre-stage), got {first}",
            )
        )
    for index, stage in enumerate(model.stages[1:], start=1):
        expected = model.stages[index - 1].number + 1
        if stage.number != expected:
            problems.append(
                document.problem(
                    ("stages", index, "number"),
                    f"stage numbers must be consecutive; expected {expected}, got {stage.number}",
                )
            )
    if vocabulary is not None:
        capability_ids = [c.id for c in vocabulary.capabilities]
        for index, stage in enumerate(model.stages):
            problems += _check_requirements(document, index, stage, capability_ids)
        kinds = [k.id for k in vocabulary.business_kinds]
        advised: dict[str, int] = {}
        for index, advice in enumerate(model.advice):
            if advice.business_kind not in kinds:
                problems.append(
                    document.problem(
                        ("advice", index, "business_kind"),
                        f"unknown business kind {advice.business_kind!r}"
                        f"{did_you_mean(advice.business_kind, kinds)}; known: {', '.join(kinds)}",
                    )
                )
            elif advice.business_kind in advised:
                problems.append(
                    document.problem(
                        ("advice", index, "business_kind"),
                        f"advice for {advice.business_kind!r} is already given in "
                        f"advice[{advised[advice.business_kind]}]",
                    )
                )
            advised.setdefault(advice.business_kind, index)
    stage_ids = [s.id for s in model.stages]
    for index, advice in enumerate(model.advice):
        if advice.stage not in stage_ids:
            problems.append(
                document.problem(
                    ("advice", index, "stage"),
                    f"unknown stage {advice.stage!r}{did_you_mean(advice.stage, stage_ids)}",
                )
            )
    return problems


def _check_requirements(
    document: YamlDocument, index: int, stage: StageIn, capability_ids: list[str]
) -> list[Problem]:
    problems = []
    for capability in stage.requires:
        if capability not in capability_ids:
            problems.append(
                document.problem(
                    ("stages", index, "requires", capability),
                    f"unknown capability {capability!r}{did_you_mean(capability, capability_ids)}"
                    " (capabilities are defined in models/vocabulary.yaml)",
                )
            )
    return problems


def _check_overrides(
    model_id: str,
    document: YamlDocument,
    model: ModelFile,
    model_files: Mapping[str, tuple[YamlDocument, ModelFile]],
    all_model_ids: set[str],
) -> list[Problem]:
    problems = []
    for index, stage in enumerate(model.stages):
        if stage.equivalence is None:
            continue
        listed = {"also": stage.equivalence.also, "never": stage.equivalence.never}
        for key, refs in listed.items():
            for position, ref in enumerate(refs):
                path = ("stages", index, "equivalence", key, position)
                other_model, other_stage = ref.split("/")
                if other_model == model_id:
                    problems.append(
                        document.problem(
                            path, "a stage cannot be equivalent to a stage of its own model"
                        )
                    )
                elif other_model not in all_model_ids:
                    problems.append(
                        document.problem(
                            path,
                            f"unknown model {other_model!r}{did_you_mean(other_model, all_model_ids)}",
                        )
                    )
                elif other_model in model_files:
                    other_ids = [s.id for s in model_files[other_model][1].stages]
                    if other_stage not in other_ids:
                        problems.append(
                            document.problem(
                                path,
                                f"model {other_model!r} has no stage {other_stage!r}"
                                f"{did_you_mean(other_stage, other_ids)}",
                            )
                        )
        for position, ref in enumerate(stage.equivalence.never):
            if ref in stage.equivalence.also:
                problems.append(
                    document.problem(
                        ("stages", index, "equivalence", "never", position),
                        f"{ref!r} is listed under both 'also' and 'never'",
                    )
                )
    return problems


def _bands(vocabulary: VocabularyFile) -> tuple[Band, ...]:
    band_starts = [b.starts_at for b in vocabulary.bands]
    return tuple(
        Band(
            b.id,
            b.name,
            b.description,
            b.starts_at,
            band_starts[i + 1] if i + 1 < len(band_starts) else 100.0,
        )
        for i, b in enumerate(vocabulary.bands)
    )


def _models(
    vocabulary: VocabularyFile, model_files: Mapping[str, tuple[YamlDocument, ModelFile]]
) -> list[Model]:
    capability_count = len(vocabulary.capabilities)
    bands = _bands(vocabulary)

    def band_of(position: float) -> str:
        return next(b.id for b in reversed(bands) if position >= b.starts_at)

    models = []
    for model_id in sorted(model_files, key=lambda m: (model_files[m][1].stages.__len__(), m)):
        document, model = model_files[model_id]
        profiles = alignment.cumulative_profiles([s.requires for s in model.stages])
        stages = []
        for stage, profile in zip(model.stages, profiles, strict=True):
            place = alignment.position(profile, capability_count)
            stages.append(
                Stage(
                    model_id=model_id,
                    id=stage.id,
                    number=stage.number,
                    number_label=stage.number_label,
                    name=stage.name,
                    summary=stage.summary,
                    description=stage.description,
                    owner=stage.owner,
                    activities=tuple(Activity(a.name, a.description) for a in stage.activities),
                    signs=tuple(stage.signs),
                    pitfalls=tuple(stage.pitfalls),
                    next_steps=tuple(stage.next_steps),
                    requires=MappingProxyType(dict(stage.requires)),
                    profile=MappingProxyType(profile),
                    position=place,
                    band_id=band_of(place),
                )
            )
        models.append(
            Model(
                id=model_id,
                source_file=document.file,
                title=model.title,
                short_title=model.short_title,
                authors=tuple(Author(a.name, a.role) for a in model.authors),
                credit_note=model.credit_note,
                year=model.year,
                source_title=model.source.title,
                source_publication=model.source.publication,
                source_seed=model.source.seed,
                summary=model.summary,
                orders_by=model.orders_by,
                stage_term=model.stage_term,
                claims=tuple(Claim(c.text, c.quote) for c in model.claims),
                advice=tuple(Advice(a.business_kind, a.stage, a.text) for a in model.advice),
                stages=tuple(stages),
            )
        )

    return models


def _quiz(questions: QuestionsFile, source_file: str) -> Quiz:
    kind = questions.business_kind
    return Quiz(
        business_kind=BusinessKindQuestion(
            id=kind.id,
            prompt=kind.prompt,
            help=kind.help,
            options=tuple((o.business_kind, o.text) for o in kind.options),
            other=kind.other,
        ),
        questions=tuple(
            QuizQuestion(
                id=q.id,
                capability=q.capability,
                prompt=q.prompt,
                help=q.help,
                options=tuple(QuizOption(o.level, o.text) for o in q.options),
            )
            for q in questions.questions
        ),
        source_file=source_file,
    )


def _assemble(
    vocabulary: VocabularyFile,
    vocabulary_file: str,
    model_files: Mapping[str, tuple[YamlDocument, ModelFile]],
    quiz: Quiz,
) -> Atlas:
    models = _models(vocabulary, model_files)
    equivalents = _equivalents(models, model_files)
    return Atlas(
        capabilities=tuple(
            Capability(
                c.id,
                c.name,
                c.summary,
                c.description,
                tuple(CapabilityLevel(v.level, v.label, v.description) for v in c.levels),
            )
            for c in vocabulary.capabilities
        ),
        bands=_bands(vocabulary),
        business_kinds=tuple(
            BusinessKind(k.id, k.name, k.description) for k in vocabulary.business_kinds
        ),
        models=tuple(models),
        equivalents=MappingProxyType(equivalents),
        quiz=quiz,
        vocabulary_file=vocabulary_file,
    )


def _equivalents(
    models: list[Model], model_files: Mapping[str, tuple[YamlDocument, ModelFile]]
) -> dict[str, tuple[Equivalence, ...]]:
    computed = alignment.computed_equivalents([[s.profile for s in m.stages] for m in models])
    pairs: dict[tuple[str, str], str | None] = {}
    for m, s, o, t in computed:
        pairs[(models[m].stages[s].ref, models[o].stages[t].ref)] = None
    known = {s.ref for m in models for s in m.stages}
    # Every override is applied before anything is checked: a `never` written in one model can
    # take away the last equivalent of a stage in another, and is blamed for it.
    removed_by: dict[tuple[str, str], tuple[YamlDocument, int]] = {}
    for model in models:
        document, model_file = model_files[model.id]
        for index, stage_in in enumerate(model_file.stages):
            override = stage_in.equivalence
            if override is None:
                continue
            ref = f"{model.id}/{stage_in.id}"
            for other in override.also:
                if other in known:
                    pairs[(ref, other)] = pairs[(other, ref)] = override.reason
            for other in override.never:
                for pair in ((ref, other), (other, ref)):
                    if pairs.pop(pair, "absent") != "absent":
                        removed_by.setdefault(pair, (document, index))
    lacks: dict[tuple[str, int], list[str]] = defaultdict(list)
    culprits: dict[tuple[str, int], YamlDocument] = {}
    has_equivalent_in = {(ref, other.split("/")[0]) for ref, other in pairs}
    for model in models:
        for stage in model.stages:
            for other_model in models:
                if other_model.id == model.id or (stage.ref, other_model.id) in has_equivalent_in:
                    continue
                document, index = next(
                    removed_by[(stage.ref, s.ref)]
                    for s in other_model.stages
                    if (stage.ref, s.ref) in removed_by
                )
                culprit = (document.file, index)
                culprits[culprit] = document
                own_file = model_files[model.id]
                if own_file[0] is document and own_file[1].stages[index].id == stage.id:
                    lacks[culprit].insert(0, f"the stage with no equivalent in {other_model.id!r}")
                else:
                    lacks[culprit].append(f"{stage.ref!r} with no equivalent in {other_model.id!r}")
    problems = [
        culprits[culprit].problem(
            ("stages", culprit[1], "equivalence", "never"),
            f"leaves {' and '.join(messages)}; every stage needs at least one in every other model",
        )
        for culprit, messages in lacks.items()
    ]
    if problems:
        raise AtlasError(problems)

    by_stage: dict[str, list[Equivalence]] = defaultdict(list)
    order = {s.ref: i for i, s in enumerate(s for m in models for s in m.stages)}
    stages = {s.ref: s for m in models for s in m.stages}
    for (ref, other), reason in pairs.items():
        a, b = stages[ref].profile, stages[other].profile
        by_stage[ref].append(
            Equivalence(
                other=other,
                similarity=round(alignment.similarity(a, b), 3),
                shared=tuple(alignment.shared_capabilities(a, b)),
                override=reason,
            )
        )
    return {
        ref: tuple(sorted(by_stage[ref], key=lambda e: order[e.other]))
        for ref in sorted(stages, key=order.__getitem__)
    }
