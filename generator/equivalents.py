"""Equivalent stages: the ones the rule computes, corrected by the maintainers' overrides.

The rule itself is in `generator.alignment`; this module applies each stage's `equivalence`
corrections (`also`, `never`) and refuses corrections that leave a stage with no equivalent in
some other model, blaming the file and stage that wrote them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from generator import alignment
from generator.atlas_types import Equivalence, Model
from generator.problems import AtlasError
from generator.yaml_source import YamlDocument


def equivalents(
    models: Sequence[Model], documents: Mapping[str, YamlDocument]
) -> dict[str, tuple[Equivalence, ...]]:
    """Every stage's equivalents by stage ref, in model then stage order.

    `documents` holds each model's file by model id, to place problems. Raises `AtlasError` when
    an override leaves a stage without an equivalent in another model.
    """
    computed = alignment.computed_equivalents([[s.profile for s in m.stages] for m in models])
    pairs: dict[tuple[str, str], str | None] = {}
    for m, s, o, t in computed:
        pairs[(models[m].stages[s].ref, models[o].stages[t].ref)] = None
    known = {s.ref for m in models for s in m.stages}
    # Every override is applied before anything is checked: a `never` written in one model can
    # take away the last equivalent of a stage in another, and is blamed for it.
    removed_by: dict[tuple[str, str], tuple[YamlDocument, int]] = {}
    for model in models:
        document = documents[model.id]
        for index, stage in enumerate(model.stages):
            override = stage.equivalence
            if override is None:
                continue
            ref = stage.ref
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
                if documents[model.id] is document and model.stages[index].id == stage.id:
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
