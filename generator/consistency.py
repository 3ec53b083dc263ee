"""Consistency checks: what the schema cannot see in one value at a time.

Duplicate ids, the order of levels, bands, stage numbers and quiz options, and references
between files: capabilities, kinds of business and stages named by models, questions and
equivalence overrides. Each check returns every problem it finds, with its place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from generator.problems import Problem
from generator.schema import MAX_LEVEL, ModelFile, QuestionsFile, StageIn, VocabularyFile
from generator.validation import did_you_mean
from generator.yaml_source import YamlDocument


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


def _unknown_capability(capability: str, capability_ids: list[str]) -> str:
    return (
        f"unknown capability {capability!r}{did_you_mean(capability, capability_ids)}"
        " (capabilities are defined in models/vocabulary.yaml)"
    )


def _unknown_business_kind(kind: str, kinds: list[str]) -> str:
    return f"unknown business kind {kind!r}{did_you_mean(kind, kinds)}; known: {', '.join(kinds)}"


def check_vocabulary(document: YamlDocument, vocabulary: VocabularyFile) -> list[Problem]:
    """Unique ids; levels listed 0 to 4 in order; bands reached by known capabilities."""
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
    capability_ids = [c.id for c in vocabulary.capabilities]
    for index, band in enumerate(vocabulary.bands):
        if index == 0 and band.reached_by:
            problems.append(
                document.problem(
                    ("bands", 0, "reached_by"),
                    "the first band holds every stage that reaches no other band; it takes no "
                    "`reached_by`",
                )
            )
        if index > 0 and not band.reached_by:
            problems.append(
                document.problem(
                    ("bands", index, "reached_by"),
                    "name at least one capability level that puts a stage in this band",
                )
            )
        for capability_id in band.reached_by:
            if capability_id not in capability_ids:
                problems.append(
                    document.problem(
                        ("bands", index, "reached_by", capability_id),
                        _unknown_capability(capability_id, capability_ids),
                    )
                )
    return problems


def check_questions(
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
                    _unknown_capability(question.capability, capability_ids),
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
                    _unknown_business_kind(option.business_kind, kinds),
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


def check_model(
    document: YamlDocument, model: ModelFile, vocabulary: VocabularyFile | None
) -> list[Problem]:
    """Unique stage ids, consecutive numbers; requirements and advice naming what exists.

    Without a sound vocabulary, only what the model file holds by itself is checked.
    """
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
    for index, stage in enumerate(model.stages):
        if stage.skippable is not None and model.scoring == "functions":
            problems.append(
                document.problem(
                    ("stages", index, "skippable"),
                    "only a ladder's stages can be skipped; in a model scored as `functions` "
                    "every stage stands on its own already",
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
                        _unknown_business_kind(advice.business_kind, kinds),
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
    for key, capabilities in (("requires", stage.requires), ("ceiling", stage.ceiling)):
        for capability in capabilities:
            if capability not in capability_ids:
                problems.append(
                    document.problem(
                        ("stages", index, key, capability),
                        _unknown_capability(capability, capability_ids),
                    )
                )
    for capability, ceiling in stage.ceiling.items():
        required = stage.requires.get(capability)
        if required is not None and required.level > ceiling.level:
            problems.append(
                document.problem(
                    ("stages", index, "ceiling", capability, "level"),
                    f"the stage requires {capability!r} at level {required.level}, above its "
                    f"ceiling of {ceiling.level}: no organisation could be at this stage",
                )
            )
    return problems


def check_overrides(
    model_id: str,
    document: YamlDocument,
    model: ModelFile,
    model_files: Mapping[str, tuple[YamlDocument, ModelFile]],
    all_model_ids: set[str],
) -> list[Problem]:
    """Equivalence overrides naming stages of other models that exist, none twice.

    `model_files` holds the files that passed schema validation, by model id; `all_model_ids`,
    the id of every model file found.
    """
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
