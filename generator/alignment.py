"""The rules that line stages of different models up on one maturity axis.

Each stage is described by the capability levels it requires. Models are staged (a stage includes
what every earlier stage of its model requires), so every rule here works on the *cumulative*
profile: the highest level of each capability required at this stage or any earlier one.

- **Position** on the shared axis (0-100): the cumulative profile's total as a share of the
  highest possible total, `100 * sum(levels) / (4 * number of capabilities)`.
- **Similarity** of two stages: the weighted Jaccard (Ruzicka) index of their cumulative profiles,
  `sum(min) / sum(max)` over all capabilities; two stages requiring nothing are identical (1.0).
- **Equivalence**: for a stage and another model, the other model's most similar stage is
  equivalent to it; among equally similar stages the one closest in position wins, and stages
  tied on both are all kept. Equivalence is made symmetric by taking the union of both
  directions. Every stage therefore has at least one equivalent in every other model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.schema import MAX_LEVEL

Profile = Mapping[str, int]


def cumulative_profiles(requirements: Sequence[Profile]) -> list[dict[str, int]]:
    """The running maximum of each capability's level along a model's stages."""
    running: dict[str, int] = {}
    profiles = []
    for requires in requirements:
        for capability, level in requires.items():
            running[capability] = max(running.get(capability, 0), level)
        profiles.append(dict(sorted(running.items())))
    return profiles


def _exact_position(profile: Profile, capability_count: int) -> float:
    return 100 * sum(profile.values()) / (MAX_LEVEL * capability_count)


def position(profile: Profile, capability_count: int) -> float:
    """Where a cumulative profile sits on the shared 0-100 maturity axis (one decimal)."""
    return round(_exact_position(profile, capability_count), 1)


def similarity(a: Profile, b: Profile) -> float:
    """Weighted Jaccard similarity of two profiles, from 0 (nothing shared) to 1 (identical)."""
    capabilities = set(a) | set(b)
    largest = sum(max(a.get(c, 0), b.get(c, 0)) for c in capabilities)
    if largest == 0:
        return 1.0
    return sum(min(a.get(c, 0), b.get(c, 0)) for c in capabilities) / largest


def shared_capabilities(a: Profile, b: Profile) -> list[str]:
    """Capabilities both profiles require, strongest common level first."""
    common = [c for c in a if a[c] > 0 and b.get(c, 0) > 0]
    return sorted(common, key=lambda c: (-min(a[c], b[c]), c))


def best_matches(
    profile: Profile, candidates: Sequence[Profile], capability_count: int
) -> list[int]:
    """Indexes of the candidates most similar to `profile`, closest in position on a tie."""
    here = _exact_position(profile, capability_count)
    keys = [
        (
            round(similarity(profile, c), 9),
            -round(abs(_exact_position(c, capability_count) - here), 9),
        )
        for c in candidates
    ]
    top = max(keys)
    return [index for index, key in enumerate(keys) if key == top]


def computed_equivalents(
    models: Sequence[Sequence[Profile]], capability_count: int
) -> set[tuple[int, int, int, int]]:
    """All equivalent pairs `(model, stage, other model, other stage)`, in both directions."""
    pairs: set[tuple[int, int, int, int]] = set()
    for m, stages in enumerate(models):
        for o, others in enumerate(models):
            if m == o:
                continue
            for s, profile in enumerate(stages):
                for t in best_matches(profile, others, capability_count):
                    pairs.add((m, s, o, t))
                    pairs.add((o, t, m, s))
    return pairs
