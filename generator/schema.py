"""The schema of the maintainers' YAML files, as pydantic models.

These classes describe the files exactly as written: references between files are plain strings
here and are resolved later by :mod:`generator.atlas`. Every field carries a description, which
ends up in the exported JSON Schema that editors use for completion and checking.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
STAGE_REF_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"

MAX_LEVEL = 4
MAX_STAGES = 40
MAX_ITEMS = 30

# C0 and C1 control characters (but tab and newline in long text), bidirectional overrides and
# isolates, zero-width characters and the BOM: none has a place in prose, and some can make text
# display differently from what it says.
_FORBIDDEN_ANYWHERE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _clean_text(value: str) -> str:
    match = _FORBIDDEN_ANYWHERE.search(value)
    if match:
        raise ValueError(
            f"contains the invisible or control character U+{ord(match.group()):04X} "
            f"at offset {match.start()}; remove it"
        )
    if "\t" in value:
        raise ValueError("contains a tab character; use spaces")
    if not value.strip():
        raise ValueError("must not be blank")
    return value.strip()


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be a single line")
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=60),
    Field(description="Lower-case words separated by hyphens, e.g. `social-advantage`."),
]
StageRef = Annotated[
    str,
    StringConstraints(pattern=STAGE_REF_PATTERN, max_length=121),
    Field(description="A stage of another model, as `<model id>/<stage id>`."),
]
Name = Annotated[
    str,
    AfterValidator(_clean_text),
    AfterValidator(_one_line),
    StringConstraints(min_length=1, max_length=100),
]
Line = Annotated[
    str,
    AfterValidator(_clean_text),
    AfterValidator(_one_line),
    StringConstraints(min_length=1, max_length=300),
]
Prose = Annotated[
    str, AfterValidator(_clean_text), StringConstraints(min_length=1, max_length=4000)
]
Level = Annotated[int, Field(ge=1, le=MAX_LEVEL)]


class _Strict(BaseModel):
    """Base for every schema class: unknown keys are errors and nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- vocabulary.yaml ------------------------------------------------------------------------


class CapabilityLevelIn(_Strict):
    level: Annotated[int, Field(ge=0, le=MAX_LEVEL, description="0 (absent) to 4 (leading).")]
    label: Name = Field(description="A one- or two-word name for the level, e.g. `Ad hoc`.")
    description: Line = Field(
        description="What an organisation at this level concretely does, in one sentence."
    )


class CapabilityIn(_Strict):
    id: Slug
    name: Name = Field(description="Display name, e.g. `Listening`.")
    summary: Line = Field(description="One line: what the capability is.")
    description: Prose = Field(description="A paragraph or two on the capability.")
    levels: list[CapabilityLevelIn] = Field(
        description="Exactly five levels, 0 to 4, in order.", min_length=5, max_length=5
    )


class BandIn(_Strict):
    id: Slug
    name: Name = Field(description="Display name of the maturity band.")
    description: Line = Field(
        description="One line: what organisations in this band have in common."
    )
    starts_at: Annotated[float, Field(ge=0, lt=100)] = Field(
        description="Lowest maturity position (0-100) in the band; the first band starts at 0."
    )


class BusinessKindIn(_Strict):
    id: Slug
    name: Name = Field(description="Display name, e.g. `Consumer business`.")
    description: Line = Field(description="One line: which businesses this kind covers.")


class VocabularyFile(_Strict):
    """The shared vocabularies: capabilities, maturity bands and kinds of business."""

    capabilities: list[CapabilityIn] = Field(min_length=1, max_length=MAX_ITEMS)
    bands: list[BandIn] = Field(min_length=1, max_length=12)
    business_kinds: list[BusinessKindIn] = Field(min_length=1, max_length=12)


# --- one file per model ---------------------------------------------------------------------


class AuthorIn(_Strict):
    name: Name = Field(description="The person exactly as the source text credits them.")
    role: Line = Field(description="How the text credits them, e.g. `original blog post`.")


class SourceIn(_Strict):
    title: Line = Field(description="The article's title as published.")
    publication: Line | None = Field(
        default=None, description="Where the article appeared, where the text says so."
    )
    seed: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = Field(
        description="File name of the archived source text this model is traced to."
    )


class ClaimIn(_Strict):
    text: Line = Field(description="The claim, in your own words.")
    quote: Line | None = Field(
        default=None, description="A short phrase quoted from the source that carries the claim."
    )


class AdviceIn(_Strict):
    business_kind: Slug = Field(description="An id from `business_kinds` in vocabulary.yaml.")
    stage: Slug = Field(description="The stage of this model the text advises starting with.")
    text: Line = Field(description="The advice, in your own words.")


class ActivityIn(_Strict):
    name: Name = Field(description="The activity's name as the source gives it.")
    description: Line = Field(description="What it involves, in your own words.")


class EquivalenceOverrideIn(_Strict):
    also: list[StageRef] = Field(
        default_factory=list,
        description="Stages of other models to treat as equivalent although the rule does not.",
        max_length=MAX_ITEMS,
    )
    never: list[StageRef] = Field(
        default_factory=list,
        description="Stages of other models never to treat as equivalent, whatever the rule says.",
        max_length=MAX_ITEMS,
    )
    reason: Line = Field(description="Why the computed equivalence is overridden.")


class StageIn(_Strict):
    id: Slug = Field(description="Unique within the model; becomes the page's URL.")
    number: Annotated[int, Field(ge=0, le=MAX_STAGES)] = Field(
        description="Position in the model: consecutive, starting at 1 (0 for a pre-stage)."
    )
    number_label: Name | None = Field(
        default=None,
        description="How the source numbers the stage when not `Stage <number>`, "
        "e.g. `Before stage 1`.",
    )
    name: Name = Field(description="The stage's own name in the source text.")
    summary: Line = Field(description="One line on what characterises the stage.")
    description: Prose = Field(description="The stage, described in your own words.")
    owner: Name | None = Field(
        default=None, description="The business function that owns the stage, where the text says."
    )
    activities: list[ActivityIn] = Field(
        default_factory=list, description="Named activities of the stage.", max_length=MAX_ITEMS
    )
    signs: list[Line] = Field(
        description="Observable signs that an organisation is at this stage.",
        min_length=1,
        max_length=MAX_ITEMS,
    )
    pitfalls: list[Line] = Field(
        default_factory=list, description="Pitfalls the source names.", max_length=MAX_ITEMS
    )
    next_steps: list[Line] = Field(
        default_factory=list,
        description="How to move on to the next stage (or, at the last stage, to stay there).",
        max_length=MAX_ITEMS,
    )
    requires: dict[Slug, Level] = Field(
        default_factory=dict,
        description="Capability levels (1-4) an organisation shows at this stage, by capability "
        "id. Requirements of earlier stages carry forward and need not be repeated.",
    )
    equivalence: EquivalenceOverrideIn | None = Field(
        default=None, description="Explicit corrections to the computed equivalent stages."
    )


class ModelFile(_Strict):
    """One maturity model; its id is the file name without `.yaml`."""

    title: Line = Field(description="The model's title as the source names it.")
    short_title: Name = Field(description="A short name for navigation and tables.")
    authors: list[AuthorIn] = Field(
        default_factory=list,
        description="Who the text credits, exactly as it does; empty when it names nobody.",
        max_length=10,
    )
    credit_note: Line | None = Field(
        default=None,
        description="How the text presents its authorship when it names nobody, or more detail.",
    )
    year: Annotated[str, StringConstraints(pattern=r"^\d{4}(?:-\d{4})?$")] | None = Field(
        default=None, description="Year (or `2009-2010`) where the text gives one."
    )
    source: SourceIn
    summary: Prose = Field(description="What the model says, in a short paragraph.")
    orders_by: Line = Field(description="What the model orders organisations by.")
    stage_term: Literal["stage", "phase"] = Field(
        default="stage", description="What the source calls its steps."
    )
    claims: list[ClaimIn] = Field(
        default_factory=list, description="The model's claims.", max_length=MAX_ITEMS
    )
    advice: list[AdviceIn] = Field(
        default_factory=list,
        description="Which stage the text advises each kind of business to start with.",
        max_length=MAX_ITEMS,
    )
    stages: list[StageIn] = Field(min_length=1, max_length=MAX_STAGES)


# --- questions.yaml -------------------------------------------------------------------------

MAX_QUESTIONS = 40


class PracticeOptionIn(_Strict):
    level: Annotated[int, Field(ge=0, le=MAX_LEVEL)] = Field(
        description="The level of the question's capability this practice shows (0 to 4)."
    )
    text: Line = Field(
        description="A concrete, observable practice, e.g. `We reply to most public complaints "
        "within a day.`"
    )


class PracticeQuestionIn(_Strict):
    id: Slug = Field(description="Unique question id; share links and saved answers use it.")
    capability: Slug = Field(description="The capability (from vocabulary.yaml) it measures.")
    prompt: Line = Field(description="The question as the visitor reads it.")
    help: Line | None = Field(default=None, description="An optional one-line hint.")
    options: list[PracticeOptionIn] = Field(
        min_length=2,
        max_length=5,
        description="From level 0 to level 4, in increasing order of level.",
    )


class BusinessKindOptionIn(_Strict):
    business_kind: Slug = Field(description="An id from `business_kinds` in vocabulary.yaml.")
    text: Line = Field(description="How a visitor recognises this kind of business.")


class BusinessKindQuestionIn(_Strict):
    id: Slug = Field(description="The question's id; share links and saved answers use it.")
    prompt: Line = Field(description="The question as the visitor reads it.")
    help: Line | None = Field(default=None, description="An optional one-line hint.")
    options: list[BusinessKindOptionIn] = Field(
        min_length=1, max_length=12, description="One option per kind of business."
    )
    other: Line = Field(description="The text of the extra option for none of the kinds.")


class QuestionsFile(_Strict):
    """The self-assessment quiz: practice questions per capability and the kind of business."""

    business_kind: BusinessKindQuestionIn = Field(
        description="The context question the models' starting advice depends on."
    )
    questions: list[PracticeQuestionIn] = Field(
        min_length=1,
        max_length=MAX_QUESTIONS,
        description="Practice questions in the order the quiz asks them; every capability "
        "needs at least one.",
    )
