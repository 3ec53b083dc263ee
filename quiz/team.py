"""A team's results side by side: where each member stands, where they disagree, and the team's
own place on every model.

Several people answer the quiz for one organisation. Each is scored as the quiz scores one
visitor (quiz/scoring.py); then, per capability, the team view takes every member's level and
their spread. The rules, also stated on the team page:

- A member whose every answer about a capability was "don't know" is left out of that
  capability's spread, as their own result reports it as not known. A capability no member
  knows counts as level 0 for the team, and is reported as not known.
- The team's level of a capability is the median of its members' levels; with an even number
  of members, the lower of the two middle levels. A capability is only as strong as its weakest
  practice: when the team is split evenly, the atlas takes the lower view.
- Members 2 levels or more apart on a capability disagree on it; those capabilities come first,
  the widest spread first: they are the questions to discuss.
- The team profile is placed on every model as one visitor's profile is. The questions it names
  to raise a capability come from the team's median answer to each question (chosen the same way),
  and its kinds of business are every kind any member named.

A team of one is exactly its member's result, and the order of the members changes nothing but
the order they are listed in (the property tests check both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quiz.answers import Answers
from quiz.scoring import Result, score, score_profile
from quiz.spec import KIND_SEPARATOR, OTHER_BUSINESS_KIND, Question, Spec

DISAGREEMENT = 2
"""Levels apart at which members disagree on a capability."""


@dataclass(frozen=True)
class Member:
    name: str
    answers: Answers
    result: Result


@dataclass(frozen=True)
class Spread:
    """The members' levels of one capability."""

    capability: str
    levels: tuple[int | None, ...]
    """Each member's level, in the members' order; None where the member did not know."""
    low: int
    median: int
    high: int
    """Over the members who knew; all 0 when none did (then `known` is False)."""
    known: bool

    @property
    def disagreement(self) -> bool:
        return self.high - self.low >= DISAGREEMENT


@dataclass(frozen=True)
class Difference:
    """A question the members answered differently."""

    question: Question
    values: tuple[str, ...]
    """Each member's answer, in the members' order."""


@dataclass(frozen=True)
class Team:
    members: tuple[Member, ...]
    spreads: tuple[Spread, ...]
    """One per capability, in the spec's order."""
    disagreements: tuple[Spread, ...]
    """The spreads members disagree on, widest first (then in the spec's order)."""
    result: Result
    """The team profile placed on every model."""
    differences: tuple[Difference, ...]
    """The questions answered differently, in form order."""


def lower_median(values: Sequence[int]) -> int:
    """The middle value; of the two middle ones, the lower. `values` must not be empty."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _spread(capability: str, levels: tuple[int | None, ...]) -> Spread:
    known = [level for level in levels if level is not None]
    if not known:
        return Spread(capability, levels, 0, 0, 0, known=False)
    return Spread(capability, levels, min(known), lower_median(known), max(known), known=True)


def _member_level(member: Member, capability: str) -> int | None:
    if capability in member.result.unknown:
        return None
    return member.result.profile[capability]


def _median_answer(question: Question, values: Sequence[str]) -> str:
    """The members' median answer to a practice question, by level (options of one level in the
    question's order); "don't know" only when no member knew."""
    position = {o.value: i for i, o in enumerate(question.options)}
    levels = {o.value: o.level for o in question.options}
    known = sorted(
        (v for v in values if levels.get(v) is not None),
        key=lambda v: (levels[v], position[v]),
    )
    return known[(len(known) - 1) // 2] if known else values[0]


def _team_answers(spec: Spec, members: Sequence[Member]) -> Answers:
    """Answers standing for the team: the median answer to each practice question, and every
    kind of business any member named."""
    kinds = {kind for m in members for kind in m.answers.business_kinds}
    kind_question = spec.business_kind_question
    named = [o for o in kind_question.options if o.business_kind in kinds]
    if named:
        kind_value = KIND_SEPARATOR.join(o.value for o in named)
    else:
        kind_value = next(
            (o.value for o in kind_question.options if o.value == OTHER_BUSINESS_KIND),
            members[0].answers.values[kind_question.id],
        )
    values = {kind_question.id: kind_value}
    levels: dict[str, int | None] = {}
    for question in spec.questions:
        value = _median_answer(question, [m.answers.values[question.id] for m in members])
        values[question.id] = value
        levels[question.id] = next(o.level for o in question.options if o.value == value)
    return Answers(
        values, levels, tuple(o.business_kind for o in named if o.business_kind is not None)
    )


def score_team(spec: Spec, people: Sequence[tuple[str, Answers]]) -> Team:
    """Score each member, then the team: spreads, disagreements, the team profile's placements
    and the questions answered differently. `people` must not be empty."""
    if not people:
        raise ValueError("a team needs at least one member")
    members = tuple(Member(name, answers, score(spec, answers)) for name, answers in people)
    spreads = tuple(
        _spread(c.id, tuple(_member_level(m, c.id) for m in members)) for c in spec.capabilities
    )
    team_result = score_profile(
        spec,
        _team_answers(spec, members),
        {s.capability: s.median for s in spreads},
        tuple(s.capability for s in spreads if not s.known),
    )
    order = {c.id: i for i, c in enumerate(spec.capabilities)}
    disagreements = tuple(
        sorted(
            (s for s in spreads if s.disagreement),
            key=lambda s: (-(s.high - s.low), order[s.capability]),
        )
    )
    differences = tuple(
        Difference(question, values)
        for question in spec.all_questions
        if len(set(values := tuple(m.answers.values[question.id] for m in members))) > 1
    )
    return Team(members, spreads, disagreements, team_result, differences)
