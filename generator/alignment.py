"""The rules that line stages of different models up on one maturity axis.

Each stage is described by the capability levels it requires, and every rule here works on its
*profile*, built by its model's scoring rule: on a ladder the highest level of each capability
required at this stage or any earlier one that may not be skipped (`cumulative_profiles`); for a
model of functions, the stage's own requirements (`function_profiles`).

- **Position** on the shared axis (0-100): the profile's total as a share of the highest
  possible total, `100 * sum(levels) / (4 * number of capabilities)`.
- **Similarity** of two stages: the weighted Jaccard (Ruzicka) index of their profiles,
  `sum(min) / sum(max)` over all capabilities; two stages requiring nothing are identical (1.0).
- **Equivalence**: for a stage and another model, the other model's most similar stage is
  equivalent to it, if the two are at least `MIN_SIMILARITY` alike. Ties are broken in this
  order: the stage closest in position, then the one at the nearest place along its model (the
  third of ten stages is nearest the third of ten, or the second of five), then the earlier
  stage; so each stage picks at most `EQUIVALENTS_PER_MODEL` stages in each other model.
  Equivalence is made symmetric by taking the union of both directions. A stage with nothing in
  common with any stage of another model has no equivalent there, rather than an arbitrary one.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from generator.schema import MAX_LEVEL

Profile = Mapping[str, int]

MIN_SIMILARITY = Fraction(1, 5)
"""Below this, two stages share too little to call them equivalent (exact, so that a similarity
of exactly one fifth is compared without rounding)."""

EQUIVALENTS_PER_MODEL = 1
"""How many stages of each other model a stage picks as its equivalents, at most.

One: real models have distinct profiles, so the most similar stage is almost always unique, and
a tie means stages the profiles cannot tell apart; listing them all let 40 models of 40
identical stages list every stage of every other model on every stage page (2.5 million
equivalents). With one pick, an atlas of S stages in M models has at most 2 * S * (M - 1)
equivalent pairs, each stage's own picks at most M - 1 of them."""


def cumulative_profiles(
    requirements: Sequence[Profile], skippable: Sequence[bool] | None = None
) -> list[dict[str, int]]:
    """The running maximum of each capability's level along a ladder's stages.

    A stage that may be skipped has a profile of its own (what comes before it, and its own
    requirements), but its requirements do not carry forward to the stages after it.
    """
    running: dict[str, int] = {}
    profiles = []
    for index, requires in enumerate(requirements):
        profile = dict(running)
        for capability, level in requires.items():
            profile[capability] = max(profile.get(capability, 0), level)
        profiles.append(dict(sorted(profile.items())))
        if not (skippable and skippable[index]):
            running = profile
    return profiles


def function_profiles(requirements: Sequence[Profile]) -> list[dict[str, int]]:
    """Each stage's own requirements: the profiles of a model whose stages are functions."""
    return [dict(sorted(requires.items())) for requires in requirements]


def _exact_position(profile: Profile, capability_count: int) -> float:
    return 100 * sum(profile.values()) / (MAX_LEVEL * capability_count)


def position(profile: Profile, capability_count: int) -> float:
    """Where a cumulative profile sits on the shared 0-100 maturity axis (one decimal)."""
    return round(_exact_position(profile, capability_count), 1)


def similarity(a: Profile, b: Profile) -> float:
    """Weighted Jaccard similarity of two profiles, from 0 (nothing shared) to 1 (identical)."""
    # The sum of the larger levels is both totals less the sum of the smaller ones, which only
    # capabilities of both profiles add to.
    smaller = sum(min(level, b.get(c, 0)) for c, level in a.items())
    larger = sum(a.values()) + sum(b.values()) - smaller
    return smaller / larger if larger else 1.0


def shared_capabilities(a: Profile, b: Profile) -> list[str]:
    """Capabilities both profiles require, strongest common level first."""
    common = [c for c in a if a[c] > 0 and b.get(c, 0) > 0]
    return sorted(common, key=lambda c: (-min(a[c], b[c]), c))


def best_matches(
    profile: Profile, candidates: Sequence[Profile], place: tuple[int, int] = (0, 1)
) -> list[int]:
    """Indexes of the candidates the stage of `profile` picks as equivalent: at most
    `EQUIVALENTS_PER_MODEL`, the most similar (and at least `MIN_SIMILARITY` alike), on a tie the
    closest in position, then the nearest in place along its model, then the earliest; empty
    when none is alike enough. `place` is the stage's own (index, number of stages of its model).
    """
    capabilities = sorted({c for p in (profile, *candidates) for c in p})
    return _best_matches(
        _Point.of(profile, capabilities), [_Point.of(c, capabilities) for c in candidates], place
    )


class _Point(NamedTuple):
    """A profile as its levels of a fixed list of capabilities, and their total."""

    levels: tuple[int, ...]
    total: int

    @classmethod
    def of(cls, profile: Profile, capabilities: Sequence[str]) -> _Point:
        levels = tuple(profile.get(c, 0) for c in capabilities)
        return cls(levels, sum(levels))


def _best_matches(point: _Point, candidates: Sequence[_Point], place: tuple[int, int]) -> list[int]:
    # Every stage meets every stage of every other model here, so this is `similarity` and
    # `position` made cheap: sums over the same integers give the very same floats, equal
    # similarities give equal floats and unequal ones far apart (their denominators are small),
    # and positions are the totals times one constant, so the totals compare them exactly.
    # Places along the models are compared in integers too: stage i of n sits at (2i + 1) / 2n
    # of its model, and every candidate's distance from it has the same denominator, 2nm.
    index, count = place
    others = len(candidates)
    keys: list[tuple[float, int, int, int]] = []
    for t, candidate in enumerate(candidates):
        smaller = sum(map(min, point.levels, candidate.levels))
        larger = point.total + candidate.total - smaller
        if smaller * MIN_SIMILARITY.denominator < larger * MIN_SIMILARITY.numerator:
            continue  # less alike than MIN_SIMILARITY (in integers, exactly)
        keys.append(
            (
                -(smaller / larger if larger else 1.0),
                abs(candidate.total - point.total),
                abs((2 * index + 1) * others - (2 * t + 1) * count),
                t,
            )
        )
    return [key[-1] for key in heapq.nsmallest(EQUIVALENTS_PER_MODEL, keys)]


def computed_equivalents(models: Sequence[Sequence[Profile]]) -> set[tuple[int, int, int, int]]:
    """All equivalent pairs `(model, stage, other model, other stage)`, in both directions."""
    capabilities = sorted({c for stages in models for p in stages for c in p})
    points = [[_Point.of(p, capabilities) for p in stages] for stages in models]
    pairs: set[tuple[int, int, int, int]] = set()
    for m, stages in enumerate(points):
        for o, others in enumerate(points):
            if m == o:
                continue
            for s, point in enumerate(stages):
                for t in _best_matches(point, others, (s, len(stages))):
                    pairs.add((m, s, o, t))
                    pairs.add((o, t, m, s))
    return pairs
