"""Scoring: from a visitor's answers to a capability profile and a place on every model.

The rules, also explained on the site's Methodology page:

- A capability's level is the lowest level among the answers to its questions: a capability is
  only as strong as its weakest practice. A "don't know / not applicable" answer is left out; a
  capability whose every question is answered that way counts as level 0 and is reported as
  not known.
- A stage is met when the profile reaches every level the stage requires.
- Each model is scored by the rule its file declares:
  - `ladder`: the stages build on each other, as in CMMI's staged representation. An
    organisation is at the last stage of an unbroken run of met stages from the start. A stage
    the source says may be skipped does not break the run when it is not met; any other unmet
    stage does, and met stages after it are named but do not count, so that a late practice
    cannot hide missing basics.
  - `functions`: each stage is a business function in its own right (the Three Phases of Social
    Media Adoption). Every met stage is in place, in any order; the one to work on next is the
    one the model advises for the visitor's kind of business, else the first not in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.answers import Answers
from quiz.spec import FUNCTIONS, Ceiling, Model, Option, Question, Spec, Stage


@dataclass(frozen=True)
class Fix:
    """A question whose answer holds a capability down, and the first option that would lift it."""

    question: Question
    option: Option


@dataclass(frozen=True)
class Shortfall:
    """A requirement of the target stage that the profile does not reach."""

    capability: str
    required: int
    current: int
    fixes: tuple[Fix, ...]


@dataclass(frozen=True)
class Beyond:
    """A capability where the profile goes past the source's picture of the stage it is on."""

    ceiling: Ceiling
    current: int


@dataclass(frozen=True)
class Placement:
    model: Model
    index: int
    """The stage named in the headline: on a ladder the last stage counted (the first stage if
    none is); for functions the last one in place (if none, the advised or first one)."""
    reached: bool
    """On a ladder, whether any stage counts; for functions, whether any function is in place."""
    target: int | None
    """The stage to work on next (None when there is none left)."""
    progress: int
    """How much of the target stage's requirements the profile already reaches, in percent."""
    holds_back: tuple[Shortfall, ...]
    ahead: tuple[int, ...] = ()
    """Ladder: stages after the target whose own requirements are met but do not count yet."""
    skipped: tuple[int, ...] = ()
    """Ladder: stages before the headline stage that are not met but may be skipped."""
    on_the_way: tuple[int, ...] = ()
    """Ladder: stages between the headline stage and the target that may be skipped."""
    in_place: tuple[int, ...] = ()
    """Functions: the stages whose requirements are met."""
    beyond: tuple[Beyond, ...] = ()
    """Where the profile goes past the source's picture of the headline stage."""

    @property
    def stage(self) -> Stage:
        """The stage the organisation is placed on."""
        return self.model.stages[self.index]

    @property
    def rule(self) -> str:
        return self.model.scoring


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
    unknown: tuple[str, ...]
    """Capabilities whose every question was answered "don't know" (counted as level 0)."""
    placements: tuple[Placement, ...]
    advice: tuple[Advice, ...]
    next_steps: tuple[Step, ...]


MAX_NEXT_STEPS = 3


def capability_profile(spec: Spec, answers: Answers) -> dict[str, int]:
    """Each capability's level: the lowest level among the known answers to its questions."""
    profile = {}
    for capability in spec.capabilities:
        levels = [answers.levels[q.id] for q in spec.questions_for(capability.id)]
        known = [level for level in levels if level is not None]
        profile[capability.id] = min(known) if known else 0
    return profile


def unknown_capabilities(spec: Spec, answers: Answers) -> tuple[str, ...]:
    """Capabilities with questions, every one of them answered "don't know"."""
    return tuple(
        c.id
        for c in spec.capabilities
        if (questions := spec.questions_for(c.id))
        and all(answers.levels[q.id] is None for q in questions)
    )


def meets(profile: Mapping[str, int], stage: Stage) -> bool:
    """Whether the profile reaches every level the stage requires."""
    return all(profile.get(c, 0) >= level for c, level in stage.requires.items())


def _fixes(spec: Spec, answers: Answers, capability: str, required: int) -> tuple[Fix, ...]:
    """Each question of the capability whose answer is below `required` (or "don't know", when
    no other answer reaches it), with its first option that would reach it."""
    questions = spec.questions_for(capability)
    fixes = []
    for question in questions:
        level = answers.levels[question.id]
        if level is not None and level >= required:
            continue
        if level is None and any(
            (other := answers.levels[q.id]) is not None and other < required for q in questions
        ):
            # A "don't know" does not hold the capability down while a known answer does.
            continue
        option = next(o for o in question.options if o.level is not None and o.level >= required)
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


def _progress(profile: Mapping[str, int], stage: Stage) -> int:
    wanted = stage.requires
    total = sum(wanted.values())
    reached_sum = sum(min(profile.get(c, 0), level) for c, level in wanted.items())
    # Floor, and never 100 %: the target stage is by definition not met yet.
    return min(99, reached_sum * 100 // total) if total else 0


def _beyond(profile: Mapping[str, int], stage: Stage) -> tuple[Beyond, ...]:
    return tuple(
        Beyond(ceiling, profile.get(ceiling.capability, 0))
        for ceiling in stage.ceilings
        if profile.get(ceiling.capability, 0) > ceiling.level
    )


def _place_on_ladder(
    spec: Spec, answers: Answers, profile: Mapping[str, int], model: Model
) -> Placement:
    stages = model.stages
    met = [meets(profile, stage) for stage in stages]
    counted: list[int] = []
    passed: list[int] = []
    for index, stage in enumerate(stages):
        if met[index]:
            counted.append(index)
        elif stage.skippable is not None:
            passed.append(index)
        else:
            break
    last = counted[-1] if counted else -1
    # The target is the next stage that may not be skipped; stages before it that may be
    # skipped are named on the way, not demanded.
    target = next(
        (i for i in range(last + 1, len(stages)) if stages[i].skippable is None and not met[i]),
        None,
    )
    if target is None:
        # Only stages that may be skipped are left: the next of them is what is left to do.
        target = next((i for i in range(last + 1, len(stages)) if not met[i]), None)
    limit = len(stages) if target is None else target
    return Placement(
        model=model,
        index=max(last, 0),
        reached=bool(counted),
        target=target,
        progress=100 if target is None else _progress(profile, stages[target]),
        holds_back=() if target is None else _shortfalls(spec, answers, profile, stages[target]),
        ahead=() if target is None else tuple(i for i in range(target + 1, len(stages)) if met[i]),
        skipped=tuple(i for i in passed if i < last),
        on_the_way=tuple(i for i in range(last + 1, limit) if not met[i]),
        beyond=_beyond(profile, stages[last]) if counted else (),
    )


def advised_stages(model: Model, business_kinds: Sequence[str]) -> tuple[int, ...]:
    """Indexes of the stages the model advises for any of these kinds, in the model's order."""
    advised = {a.stage for a in model.advice if a.business_kind in business_kinds}
    return tuple(i for i, s in enumerate(model.stages) if s.id in advised)


def _place_functions(
    spec: Spec, answers: Answers, profile: Mapping[str, int], model: Model
) -> Placement:
    stages = model.stages
    in_place = tuple(i for i, stage in enumerate(stages) if meets(profile, stage))
    advised = advised_stages(model, answers.business_kinds)
    missing = [i for i in range(len(stages)) if i not in in_place]
    target = next((i for i in advised if i not in in_place), missing[0] if missing else None)
    # The headline names the last function in place; with none, the one to start with.
    index = in_place[-1] if in_place else (advised[0] if advised else 0)
    return Placement(
        model=model,
        index=index,
        reached=bool(in_place),
        target=target,
        progress=100 if target is None else _progress(profile, stages[target]),
        holds_back=() if target is None else _shortfalls(spec, answers, profile, stages[target]),
        in_place=in_place,
        beyond=_beyond(profile, stages[index]) if in_place else (),
    )


def place(spec: Spec, answers: Answers, profile: Mapping[str, int], model: Model) -> Placement:
    """The placement of a profile on one model, by the model's own scoring rule."""
    if model.scoring == FUNCTIONS:
        return _place_functions(spec, answers, profile, model)
    return _place_on_ladder(spec, answers, profile, model)


def _advice(spec: Spec, business_kinds: Sequence[str]) -> tuple[Advice, ...]:
    """The models' advice for the visitor's kinds of business; for none of them, all advice."""
    found = []
    for model in spec.models:
        for advice in model.advice:
            if not business_kinds or advice.business_kind in business_kinds:
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
    return score_profile(
        spec, answers, capability_profile(spec, answers), unknown_capabilities(spec, answers)
    )


def score_profile(
    spec: Spec, answers: Answers, profile: Mapping[str, int], unknown: tuple[str, ...]
) -> Result:
    """Place a capability profile on every model; `answers` name the questions to raise it by
    (a team's profile is not made from one person's answers: quiz/team.py)."""
    placements = tuple(place(spec, answers, profile, model) for model in spec.models)
    return Result(
        answers=answers,
        profile=profile,
        unknown=unknown,
        placements=placements,
        advice=_advice(spec, answers.business_kinds),
        next_steps=_next_steps(spec, answers, profile, placements),
    )
