"""The quiz spec: what the generator emits for the quiz (questions, capabilities, models).

The spec is plain JSON, so the same file feeds CPython tests and the browser. It is made by our
own build, but is still read defensively: a spec that does not match this shape raises
`SpecError` naming the key path, instead of failing later with a bare KeyError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SPEC_FORMAT = 2
OTHER_BUSINESS_KIND = "other"
DONT_KNOW = "unknown"
"""The value of every practice question's "don't know / not applicable" option."""
KIND_SEPARATOR = ","
"""Joins the kinds of business a visitor chose into one answer value."""
LADDER = "ladder"
FUNCTIONS = "functions"
SCORING_RULES = (LADDER, FUNCTIONS)


class SpecError(ValueError):
    """The spec does not have the shape this package reads."""


@dataclass(frozen=True)
class Option:
    value: str
    """What the form submits and the share link carries."""
    text: str
    level: int | None
    """The capability level of a practice option; None for "don't know" and business kinds."""
    business_kind: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    options: tuple[Option, ...]
    capability: str | None
    """None for the business-kind question."""
    multiple: bool = False
    """Whether several options may be chosen (the business-kind question): the answer is then
    their values joined by `KIND_SEPARATOR`, or the one value of the exclusive "none" option."""

    def option(self, value: str) -> Option | None:
        """The option of that value, if the question has one."""
        return next((o for o in self.options if o.value == value), None)

    def chosen(self, value: str) -> tuple[Option, ...] | None:
        """The options an answer value stands for, in the question's order; None if it is not a
        valid answer (an unknown or repeated option, or "none" together with others)."""
        if not self.multiple:
            option = self.option(value)
            return None if option is None else (option,)
        parts = value.split(KIND_SEPARATOR)
        options = [self.option(part) for part in parts]
        if any(o is None for o in options) or len(set(parts)) != len(parts):
            return None
        if len(parts) > 1 and OTHER_BUSINESS_KIND in parts:
            return None
        return tuple(o for o in self.options if o.value in parts)

    def canonical(self, value: str) -> str | None:
        """The answer value written the one way share links and files use; None if invalid."""
        chosen = self.chosen(value)
        return None if chosen is None else KIND_SEPARATOR.join(o.value for o in chosen)


@dataclass(frozen=True)
class Level:
    level: int
    label: str


@dataclass(frozen=True)
class Capability:
    id: str
    name: str
    url: str
    levels: tuple[Level, ...]

    def label(self, level: int) -> str:
        """The name of a level of the capability, e.g. `Systematic`."""
        return self.levels[level].label


@dataclass(frozen=True)
class Ceiling:
    """The highest level of a capability the source's picture of a stage allows."""

    capability: str
    level: int
    quote: str
    """The source's words the ceiling rests on."""


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    label: str
    """`Stage 2`, `Phase 1`, `Before stage 1`."""
    url: str
    summary: str
    requires: Mapping[str, int]
    """The levels the stage names itself."""
    next_steps: tuple[str, ...]
    skippable: str | None = None
    """Why the stage may be skipped (the source's words or the atlas's reading), or None."""
    ceilings: tuple[Ceiling, ...] = ()


@dataclass(frozen=True)
class Advice:
    business_kind: str
    stage: str
    text: str


@dataclass(frozen=True)
class Model:
    id: str
    title: str
    short_title: str
    url: str
    stage_term: str
    scoring: str
    """`ladder` (stages build on each other) or `functions` (each stage stands alone)."""
    stages: tuple[Stage, ...]
    advice: tuple[Advice, ...]

    def stage_index(self, stage_id: str) -> int:
        """The position of the stage of that id in the model."""
        return next(i for i, s in enumerate(self.stages) if s.id == stage_id)


@dataclass(frozen=True)
class BusinessKind:
    id: str
    name: str


@dataclass(frozen=True)
class Spec:
    version: str
    """The question-set version, a hash of the questions' content."""
    capabilities: tuple[Capability, ...]
    questions: tuple[Question, ...]
    """The practice questions, in the order the form asks them."""
    business_kind_question: Question
    business_kinds: tuple[BusinessKind, ...]
    models: tuple[Model, ...]
    methodology_url: str
    """Where the scoring rules are explained, relative to the quiz page."""

    @property
    def all_questions(self) -> tuple[Question, ...]:
        """Every question in form order: the business kind first, then the practices."""
        return (self.business_kind_question, *self.questions)

    def question(self, question_id: str) -> Question | None:
        """The question of that id (the business-kind one included), if any."""
        return next((q for q in self.all_questions if q.id == question_id), None)

    def capability(self, capability_id: str) -> Capability:
        """The capability of that id."""
        return next(c for c in self.capabilities if c.id == capability_id)

    def business_kind(self, kind_id: str) -> BusinessKind | None:
        """The kind of business of that id, if any."""
        return next((k for k in self.business_kinds if k.id == kind_id), None)

    def questions_for(self, capability_id: str) -> tuple[Question, ...]:
        """The practice questions about a capability, in form order."""
        return tuple(q for q in self.questions if q.capability == capability_id)


class _Reader:
    """Typed access to one JSON object, with the key path in every error."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise SpecError(f"{path or 'spec'}: expected an object")
        self.data: Mapping[str, Any] = data
        self.path = path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _get(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        if key not in self.data:
            raise SpecError(f"{self._at(key)}: missing")
        value = self.data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise SpecError(f"{self._at(key)}: expected {what}")
        return value

    def text(self, key: str) -> str:
        return str(self._get(key, str, "a string"))

    def optional_text(self, key: str) -> str | None:
        if self.data.get(key) is None:
            return None
        return self.text(key)

    def integer(self, key: str) -> int:
        return int(self._get(key, int, "an integer"))

    def optional_integer(self, key: str) -> int | None:
        if self.data.get(key) is None:
            return None
        return self.integer(key)

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._get(key, list, "a list")
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise SpecError(f"{self._at(key)}[{index}]: expected a string")
        return tuple(items)

    def objects(self, key: str) -> list[_Reader]:
        items = self._get(key, list, "a list")
        return [_Reader(item, f"{self._at(key)}[{index}]") for index, item in enumerate(items)]

    def object(self, key: str) -> _Reader:
        return _Reader(self._get(key, Mapping, "an object"), self._at(key))

    def levels(self, key: str) -> dict[str, int]:
        mapping = self._get(key, Mapping, "an object")
        for name, value in mapping.items():
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 4:
                raise SpecError(f"{self._at(key)}.{name}: expected a level from 0 to 4")
        return dict(mapping)


def _question(reader: _Reader, capability: str | None) -> Question:
    options = []
    for option in reader.objects("options"):
        options.append(
            Option(
                value=option.text("value"),
                text=option.text("text"),
                level=option.optional_integer("level") if capability is not None else None,
                business_kind=option.optional_text("business_kind"),
            )
        )
    return Question(
        reader.text("id"),
        reader.text("prompt"),
        tuple(options),
        capability,
        multiple=capability is None,
    )


def _scoring(reader: _Reader) -> str:
    rule = reader.text("scoring")
    if rule not in SCORING_RULES:
        raise SpecError(
            f"{reader.path}.scoring: expected one of {', '.join(SCORING_RULES)}, got {rule!r}"
        )
    return rule


def _stage(reader: _Reader, capabilities: set[str]) -> Stage:
    requires = reader.levels("requires")
    ceilings = []
    for ceiling in reader.objects("ceilings"):
        capability = ceiling.text("capability")
        if capability not in capabilities:
            raise SpecError(f"{ceiling.path}.capability: unknown capability {capability!r}")
        ceilings.append(Ceiling(capability, ceiling.integer("level"), ceiling.text("quote")))
    for capability in requires:
        if capability not in capabilities:
            raise SpecError(f"{reader.path}.requires.{capability}: unknown capability")
    return Stage(
        id=reader.text("id"),
        name=reader.text("name"),
        label=reader.text("label"),
        url=reader.text("url"),
        summary=reader.text("summary"),
        requires=requires,
        next_steps=reader.texts("next_steps"),
        skippable=reader.optional_text("skippable"),
        ceilings=tuple(ceilings),
    )


def parse_spec(data: object) -> Spec:
    """Read a spec (the decoded JSON) into typed objects; raise `SpecError` if it is malformed."""
    root = _Reader(data, "")
    if root.integer("format") != SPEC_FORMAT:
        raise SpecError(f"format: this quiz reads spec format {SPEC_FORMAT}")
    capabilities = tuple(
        Capability(
            c.text("id"),
            c.text("name"),
            c.text("url"),
            tuple(Level(v.integer("level"), v.text("label")) for v in c.objects("levels")),
        )
        for c in root.objects("capabilities")
    )
    known = {c.id for c in capabilities}
    questions = []
    for q in root.objects("questions"):
        capability = q.text("capability")
        if capability not in known:
            raise SpecError(f"{q.path}.capability: unknown capability {capability!r}")
        questions.append(_question(q, capability))
    models = tuple(
        Model(
            id=m.text("id"),
            title=m.text("title"),
            short_title=m.text("short_title"),
            url=m.text("url"),
            stage_term=m.text("stage_term"),
            scoring=_scoring(m),
            stages=tuple(_stage(s, known) for s in m.objects("stages")),
            advice=tuple(
                Advice(a.text("business_kind"), a.text("stage"), a.text("text"))
                for a in m.objects("advice")
            ),
        )
        for m in root.objects("models")
    )
    for model in models:
        if not model.stages:
            raise SpecError(f"models: model {model.id!r} has no stages")
    return Spec(
        version=root.text("version"),
        capabilities=capabilities,
        questions=tuple(questions),
        business_kind_question=_question(root.object("business_kind_question"), None),
        business_kinds=tuple(
            BusinessKind(k.text("id"), k.text("name")) for k in root.objects("business_kinds")
        ),
        models=models,
        methodology_url=root.text("methodology_url"),
    )
