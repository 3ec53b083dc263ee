"""Scoring: from a visitor's answers to a capability profile and a place on every model.

The rules, also explained on the site's Methodology page:

- A capability's level is the lowest level among the answers to its questions: a capability is
  only as strong as its weakest practice.
- A stage is met when the profile reaches every level the stage requires.
- Placement is staged, as in CMMI's staged representation: an organisation is at the last stage
  of an unbroken run of met stages from the start of the ladder. A met stage after an unmet one
  does not count, so a late practice cannot hide missing basics; the result names such stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quiz.answers import Answers
from quiz.spec import Model, Option, Question, Spec, Stage


@dataclass(frozen=True)
class Fix:
    """A question whose answer holds a capability down, and the first option that would lift it."""

    question: Question
    option: Option


@dataclass(frozen=True)
class Shortfall:
    """A requirement of the next stage that the profile does not reach."""

    capability: str
    required: int
    current: int
    fixes: tuple[Fix, ...]


@dataclass(frozen=True)
class Placement:
    model: Model
    index: int
    """Index of the stage the organisation is placed on (the first stage if none is met)."""
    reached: bool
    """False when even the first stage is not met yet."""
    target: int | None
    """Index of the first stage not met: the one to work on next (None at the top)."""
    progress: int
    """How much of the target stage's requirements the profile already reaches, in percent."""
    holds_back: tuple[Shortfall, ...]
    ahead: tuple[int, ...]
    """Stages after the target whose own requirements are met, though they do not count yet."""

    @property
    def stage(self) -> Stage:
        """The stage the organisation is placed on."""
        return self.model.stages[self.index]


@dataclass(frozen=True)
class Advice:
    model: Model
    stage: Stage
    business_kind: str
    text: str


@dataclass(frozen=True)
class Step:
    """A capability that holds back one or more models, and how to raise it."""

    capability: str
    required: int
    current: int
    models: tuple[str, ...]
    fixes: tuple[Fix, ...]


@dataclass(frozen=True)
class Result:
    answers: Answers
    profile: Mapping[str, int]
    placements: tuple[Placement, ...]
    advice: tuple[Advice, ...]
    next_steps: tuple[Step, ...]


MAX_NEXT_STEPS = 3


def capability_profile(spec: Spec, answers: Answers) -> dict[str, int]:
    """Each capability's level: the lowest level among the answers to its questions."""
    profile = {}
    for capability in spec.capabilities:
        levels = [answers.levels[q.id] for q in spec.questions_for(capability.id)]
        profile[capability.id] = min(levels) if levels else 0
    return profile


def meets(profile: Mapping[str, int], stage: Stage) -> bool:
    """Whether the profile reaches every level the stage requires."""
    return all(profile.get(c, 0) >= level for c, level in stage.requires.items())


def _fixes(spec: Spec, answers: Answers, capability: str, required: int) -> tuple[Fix, ...]:
    fixes = []
    for question in spec.questions_for(capability):
        if answers.levels[question.id] >= required:
            continue
        option = next(o for o in question.options if o.level >= required)
        fixes.append(Fix(question, option))
    return tuple(fixes)


def _shortfalls(
    spec: Spec, answers: Answers, profile: Mapping[str, int], stage: Stage
) -> tuple[Shortfall, ...]:
    order = {c.id: i for i, c in enumerate(spec.capabilities)}
    return tuple(
        Shortfall(
            capability, level, profile.get(capability, 0), _fixes(spec, answers, capability, level)
        )
        for capability, level in sorted(stage.requires.items(), key=lambda item: order[item[0]])
        if profile.get(capability, 0) < level
    )


def place(spec: Spec, answers: Answers, profile: Mapping[str, int], model: Model) -> Placement:
    """The staged placement of a profile on one model."""
    met = [meets(profile, stage) for stage in model.stages]
    target = next((i for i, ok in enumerate(met) if not ok), None)
    if target is None:
        return Placement(model, len(model.stages) - 1, True, None, 100, (), ())
    wanted = model.stages[target].requires
    total = sum(wanted.values())
    reached_sum = sum(min(profile.get(c, 0), level) for c, level in wanted.items())
    # Floor, and never 100 %: the target stage is by definition not met yet.
    progress = min(99, reached_sum * 100 // total) if total else 0
    return Placement(
        model=model,
        index=max(target - 1, 0),
        reached=target > 0,
        target=target,
        progress=progress,
        holds_back=_shortfalls(spec, answers, profile, model.stages[target]),
        ahead=tuple(i for i in range(target + 1, len(model.stages)) if met[i]),
    )


def _advice(spec: Spec, business_kind: str | None) -> tuple[Advice, ...]:
    found = []
    for model in spec.models:
        for advice in model.advice:
            if business_kind is None or advice.business_kind == business_kind:
                stage = model.stages[model.stage_index(advice.stage)]
                found.append(Advice(model, stage, advice.business_kind, advice.text))
    return tuple(found)


def _next_steps(
    spec: Spec, answers: Answers, profile: Mapping[str, int], placements: tuple[Placement, ...]
) -> tuple[Step, ...]:
    """The capabilities that hold back the most models, each with its smallest needed rise."""
    blocking: dict[str, list[tuple[int, str]]] = {}
    for placement in placements:
        for shortfall in placement.holds_back:
            blocking.setdefault(shortfall.capability, []).append(
                (shortfall.required, placement.model.id)
            )
    order = {c.id: i for i, c in enumerate(spec.capabilities)}
    ranked = sorted(blocking, key=lambda c: (-len(blocking[c]), order[c]))
    steps = []
    for capability in ranked[:MAX_NEXT_STEPS]:
        required = min(level for level, _ in blocking[capability])
        steps.append(
            Step(
                capability=capability,
                required=required,
                current=profile[capability],
                models=tuple(model for _, model in blocking[capability]),
                fixes=_fixes(spec, answers, capability, required),
            )
        )
    return tuple(steps)


def score(spec: Spec, answers: Answers) -> Result:
    """Place a complete, checked set of answers on every model of the spec."""
    profile = capability_profile(spec, answers)
    placements = tuple(place(spec, answers, profile, model) for model in spec.models)
    return Result(
        answers=answers,
        profile=profile,
        placements=placements,
        advice=_advice(spec, answers.business_kind),
        next_steps=_next_steps(spec, answers, profile, placements),
    )
