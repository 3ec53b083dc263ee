"""Progress over time: what moved between an earlier result and a later one.

A visitor may keep their scored results in their own browser, each with its date (the quiz page
asks first). A result is kept as the engine gave it (`quiz.api.result_data`), so a result made
with an earlier set of questions or models is still shown as it was. Comparing two of them:

- per capability of the current atlas, the level before and after. A capability the earlier
  result has no level for (it was added since) cannot be compared and is said to be new; levels
  are compared on the capability's own scale, which the atlas keeps when questions change, so
  a change of questions is reported but does not stop the comparison;
- per model of the current atlas, the stage before and after: up or down by the stages' order,
  for a `functions` model the functions that came into place or went out of it. A stage the
  model no longer has cannot be compared;
- capabilities and models the earlier result had that the atlas no longer has are named, so
  that nothing the visitor saw before disappears without a word.

Stored results come from the browser's storage, which anything on the page could have written:
each is checked for shape, and one that does not fit is refused with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from quiz.answers import AnswerError
from quiz.spec import FUNCTIONS, Spec

Change = Literal["up", "down", "same", "mixed", "new"]
"""`mixed`: a `functions` model where some functions came into place and others went out."""


@dataclass(frozen=True)
class Kept:
    """A stored result, read back."""

    date: str
    version: str
    profile: Mapping[str, int]
    stages: Mapping[str, str]
    """Model id → the stage the result placed it on."""
    reached: Mapping[str, bool]
    """Model id → whether that stage counts (a ladder none of whose stages is in place names
    its first stage without reaching it)."""
    in_place: Mapping[str, tuple[str, ...]]
    """Model id → the functions in place (models scored by `functions` only)."""


def _damaged(what: str) -> AnswerError:
    return AnswerError(f"A kept result cannot be read ({what}); it was left out.")


def read_kept(raw: object) -> Kept:
    """A stored `{date, result}` entry, checked for shape (AnswerError if it does not fit)."""
    if not isinstance(raw, dict):
        raise _damaged("it is not an object")
    date, result = raw.get("date"), raw.get("result")
    if not isinstance(date, str) or not 1 <= len(date) <= 40:
        raise _damaged("it has no date")
    if not isinstance(result, dict):
        raise _damaged("it has no result")
    version, profile, placements = (
        result.get("version"),
        result.get("profile"),
        result.get("placements"),
    )
    if not isinstance(version, str):
        raise _damaged("it has no question-set version")
    if not isinstance(profile, dict) or not all(
        isinstance(k, str) and type(v) is int for k, v in profile.items()
    ):
        raise _damaged("its capability levels are not levels")
    if not isinstance(placements, list):
        raise _damaged("it has no placements")
    stages: dict[str, str] = {}
    reached: dict[str, bool] = {}
    in_place: dict[str, tuple[str, ...]] = {}
    for placement in placements:
        model = placement.get("model") if isinstance(placement, dict) else None
        stage = placement.get("stage") if isinstance(placement, dict) else None
        functions = placement.get("in_place", []) if isinstance(placement, dict) else None
        counts = placement.get("reached") if isinstance(placement, dict) else None
        if (
            not isinstance(model, str)
            or not isinstance(stage, str)
            or not isinstance(counts, bool)
            or not isinstance(functions, list)
            or not all(isinstance(f, str) for f in functions)
        ):
            raise _damaged("a placement is not a placement")
        stages[model] = stage
        reached[model] = counts
        in_place[model] = tuple(functions)
    return Kept(date, version, profile, stages, reached, in_place)


@dataclass(frozen=True)
class CapabilityChange:
    capability: str
    before: int | None
    after: int
    change: Change


@dataclass(frozen=True)
class ModelChange:
    model: str
    before: str | None
    """The earlier stage; None when the model has no such stage any more (or had no placement)."""
    after: str
    change: Change
    gained: tuple[str, ...] = ()
    """`functions` models: functions in place now and not before."""
    lost: tuple[str, ...] = ()
    """`functions` models: functions in place before and not now."""


@dataclass(frozen=True)
class Comparison:
    earlier: Kept
    later: Kept
    same_questions: bool
    capabilities: tuple[CapabilityChange, ...]
    models: tuple[ModelChange, ...]
    gone_capabilities: tuple[str, ...]
    """Capabilities the earlier result had that the atlas no longer has."""
    gone_models: tuple[str, ...]


def _direction(before: int, after: int) -> Change:
    return "up" if after > before else "down" if after < before else "same"


def compare(spec: Spec, earlier: Kept, later: Kept) -> Comparison:
    """What moved from `earlier` to `later`, on the current atlas's capabilities and models."""
    capabilities = []
    for capability in spec.capabilities:
        after = later.profile.get(capability.id, 0)
        before = earlier.profile.get(capability.id)
        moved: Change = "new" if before is None else _direction(before, after)
        capabilities.append(CapabilityChange(capability.id, before, after, moved))
    models = []
    for model in spec.models:
        order = {stage.id: i for i, stage in enumerate(model.stages)}
        before_stage, after_stage = earlier.stages.get(model.id), later.stages.get(model.id)
        if before_stage not in order or after_stage not in order:
            # Added to the atlas since, or a stage it no longer has.
            models.append(ModelChange(model.id, None, after_stage or model.stages[0].id, "new"))
            continue
        assert before_stage is not None and after_stage is not None
        if model.scoring == FUNCTIONS:
            before_set = set(earlier.in_place.get(model.id, ()))
            after_set = set(later.in_place.get(model.id, ()))
            gained = tuple(s.id for s in model.stages if s.id in after_set - before_set)
            lost = tuple(s.id for s in model.stages if s.id in before_set - after_set)
            change: Change = (
                "mixed" if gained and lost else "up" if gained else "down" if lost else "same"
            )
            models.append(ModelChange(model.id, before_stage, after_stage, change, gained, lost))
            continue
        # A ladder none of whose stages counts is below its first stage.
        before = order[before_stage] if earlier.reached.get(model.id) else -1
        after = order[after_stage] if later.reached.get(model.id) else -1
        change = _direction(before, after)
        models.append(ModelChange(model.id, before_stage, after_stage, change))
    known_capabilities = {c.id for c in spec.capabilities}
    known_models = {m.id for m in spec.models}
    return Comparison(
        earlier=earlier,
        later=later,
        same_questions=earlier.version == later.version == spec.version,
        capabilities=tuple(capabilities),
        models=tuple(models),
        gone_capabilities=tuple(c for c in earlier.profile if c not in known_capabilities),
        gone_models=tuple(m for m in earlier.stages if m not in known_models),
    )


def comparison_data(comparison: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data for the page."""
    return {
        "earlier": {"date": comparison.earlier.date, "version": comparison.earlier.version},
        "later": {"date": comparison.later.date, "version": comparison.later.version},
        "same_questions": comparison.same_questions,
        "capabilities": [
            {"capability": c.capability, "before": c.before, "after": c.after, "change": c.change}
            for c in comparison.capabilities
        ],
        "models": [
            {
                "model": m.model,
                "before": m.before,
                "after": m.after,
                "change": m.change,
                "gained": list(m.gained),
                "lost": list(m.lost),
            }
            for m in comparison.models
        ],
        "gone_capabilities": list(comparison.gone_capabilities),
        "gone_models": list(comparison.gone_models),
    }
