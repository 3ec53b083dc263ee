"""Equivalent stages: the ones the rule computes, corrected by the maintainers' overrides.

The rule itself is in `generator.alignment`; this module applies each stage's `equivalence`
corrections: `also` adds a pair the rule does not find, `never` removes one it does. References
in the corrections are checked beforehand (`generator.consistency.check_overrides`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from generator import alignment
from generator.atlas_types import Equivalence, Model


def equivalents(models: Sequence[Model]) -> dict[str, tuple[Equivalence, ...]]:
    """Every stage's equivalents by stage ref, in model then stage order."""
    computed = alignment.computed_equivalents([[s.profile for s in m.stages] for m in models])
    pairs: dict[tuple[str, str], str | None] = {}
    for m, s, o, t in computed:
        pairs[(models[m].stages[s].ref, models[o].stages[t].ref)] = None
    known = {s.ref for m in models for s in m.stages}
    # Every `also` is applied before any `never`, so that a pair both added and removed (by two
    # different models) ends up removed, whichever file is read first.
    overrides = [
        (stage.ref, stage.equivalence)
        for model in models
        for stage in model.stages
        if stage.equivalence is not None
    ]
    for ref, override in overrides:
        for other in override.also:
            if other in known:
                pairs[(ref, other)] = pairs[(other, ref)] = override.reason
    for ref, override in overrides:
        for other in override.never:
            pairs.pop((ref, other), None)
            pairs.pop((other, ref), None)

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
