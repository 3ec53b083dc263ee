"""The schema of the maintainers' YAML files, as pydantic models.

These classes describe the files exactly as written: references between files are plain strings
here and are resolved later by :mod:`generator.atlas`. Every field carries a description, which
ends up in the exported JSON Schema that editors use for completion and checking.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    Tag,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
STAGE_REF_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$"

MAX_LEVEL = 4
MAX_STAGES = 40
MAX_ITEMS = 30

# Unicode categories with no place in prose: control characters (but tab and newline in long
# text, which get their own messages), format characters (bidirectional marks, embeddings,
# overrides and isolates, zero-width characters, the BOM, invisible tag characters), lone
# surrogates (no UTF-8 file can hold them, so a page with one cannot be written) and the line
# and paragraph separators. Some make text display differently from what it says.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_PLAIN_ASCII = re.compile(r"[\t\n\x20-\x7e]*")


def _invisible_character(value: str) -> tuple[int, str] | None:
    """The offset and the first invisible or control character of `value`, if any."""
    if _PLAIN_ASCII.fullmatch(value):
        return None
    for offset, char in enumerate(value):
        if char not in "\t\n" and unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            return offset, char
    return None


# Characters that are letters or symbols to Unicode but show as nothing: the Hangul fillers
# (U+115F, U+1160, U+3164 and its half-width form U+FFA0) and the blank braille pattern (U+2800).
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Categories that show nothing on their own: separators (spaces, line and paragraph
# separators), control, format and surrogate code points, unassigned ones, and combining marks,
# which only change the character before them.
_NOT_VISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Cn", "Mn", "Me"})


def is_visible(char: str) -> bool:
    """Whether a character shows as something on its own, by its Unicode category.

    Not visible: whitespace, control and format characters (zero-width spaces, joiners,
    bidirectional marks), unassigned code points, combining marks without a base character,
    and the letters and symbols that are drawn blank: the Hangul fillers U+115F, U+1160, U+3164
    and U+FFA0 and the blank braille pattern U+2800. Everything else (letters, digits,
    punctuation, symbols, private-use characters) is visible.
    """
    return (
        not char.isspace()
        and char not in _BLANK_LOOKING
        and unicodedata.category(char) not in _NOT_VISIBLE_CATEGORIES
    )


def has_visible_character(value: str) -> bool:
    """Whether `value` holds at least one visible character (see `is_visible`): a name or text
    without one shows as a blank entry, in the navigation or anywhere else."""
    return any(is_visible(char) for char in value)


def _blank_characters(value: str) -> str:
    """The distinct characters of a blank-looking text, named, for a message."""
    shown = []
    for char in dict.fromkeys(value):
        if char not in " \n":
            name = unicodedata.name(char, "")
            shown.append(f"U+{ord(char):04X}{f' {name}' if name else ''}")
    return ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")


def _clean_text(value: str) -> str:
    found = _invisible_character(value)
    if found:
        offset, char = found
        name = unicodedata.name(char, "")
        raise ValueError(
            f"contains the invisible or control character U+{ord(char):04X}"
            f"{f' ({name})' if name else ''} at offset {offset}; remove it"
        )
    if "\t" in value:
        raise ValueError("contains a tab character; use spaces")
    if not value.strip():
        raise ValueError("must not be blank")
    if not has_visible_character(value):
        raise ValueError(
            f"must not be blank: it holds only characters that show as nothing "
            f"({_blank_characters(value)}); write it with letters or digits"
        )
    return value.strip()


def _one_line(value: str) -> str:
    if "\n" in value:
        raise ValueError("must be a single line")
    return value


_HOST_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}")
# What RFC 3986 lets a URL hold unescaped: no spaces, quotes or angle brackets.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def _web_address(value: str) -> str:
    """`value` if it is the https address of a page on a named host, the only kind of link the
    site shows: no other scheme (`javascript:` runs code), no credentials or port."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        parts, port = urlsplit(""), None
    if not (
        parts.scheme == "https"
        and value.startswith("https://")
        and _HOST_NAME.fullmatch(parts.hostname or "")
        and parts.username is None
        and parts.password is None
        and port is None
        and _URL_CHARACTERS.fullmatch(value)
    ):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ValueError(
            "must be the https:// address of a web page, like "
            f"'https://example.org/report' (no spaces, password or port); got {shown!r}"
        )
    return value


WebAddress = Annotated[
    str, StringConstraints(min_length=1, max_length=500), AfterValidator(_web_address)
]


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

# The key the exported JSON Schema marks vocabulary ids with; generator/json_schema.py replaces
# it with the ids vocabulary.yaml holds when it writes the schemas.
VOCABULARY_MARK = "x-atlas-vocabulary"


@dataclass(frozen=True)
class FromVocabulary:
    """Marks a string as the id of an entry of a list in vocabulary.yaml (`capabilities`,
    `business_kinds`): the schemas editors use then list the ids the vocabulary holds, so that
    a misspelt one is underlined as it is typed. The checks of `generator.consistency` say which
    id is unknown, with a suggestion; this only serves editors."""

    vocabulary_list: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema: dict[str, Any] = handler(core_schema)
        json_schema[VOCABULARY_MARK] = self.vocabulary_list
        return json_schema


CapabilityId = Annotated[
    Slug,
    FromVocabulary("capabilities"),
    Field(
        description="A capability id from `capabilities` in vocabulary.yaml (editors know the "
        "ids it held when `python -m generator schema` last ran)."
    ),
]
BusinessKindId = Annotated[
    Slug,
    FromVocabulary("business_kinds"),
    Field(
        description="A kind of business from `business_kinds` in vocabulary.yaml (editors know "
        "the ids it held when `python -m generator schema` last ran)."
    ),
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
    level: Annotated[
        int,
        Field(ge=0, le=MAX_LEVEL, description="0 (absent) to 4 (leading).", examples=[0, 2]),
    ]
    label: Name = Field(
        description="A one- or two-word name for the level, e.g. `Ad hoc`.",
        examples=["Deaf", "Systematic"],
    )
    description: Line = Field(
        description="What an organisation at this level concretely does, in one sentence.",
        examples=["Nobody looks at what is said about the organisation online."],
    )


# Examples of nested values, for the JSON Schema (editors offer them on completion); a test
# checks that every example is valid.
_LEVELS_EXAMPLE = [
    {"level": level, "label": label, "description": description}
    for level, (label, description) in enumerate(
        [
            ("Deaf", "Nobody looks at what is said about the organisation online."),
            ("Occasional", "Someone searches for the brand name now and then."),
            ("Systematic", "Mentions and keywords are tracked with tools."),
            ("Analytical", "Conversations are analysed for trends and sentiment."),
            ("Organisation-wide", "Insight from listening reaches every department."),
        ]
    )
]


class CapabilityIn(_Strict):
    id: Slug = Field(
        description="Unique capability id; stages' `requires` and quiz questions name it.",
        examples=["listening", "social-selling"],
    )
    name: Name = Field(
        description="Display name, e.g. `Listening`.", examples=["Listening & monitoring"]
    )
    summary: Line = Field(
        description="One line: what the capability is.",
        examples=["Watching and understanding what people say about the organisation."],
    )
    description: Prose = Field(
        description="A paragraph or two on the capability.",
        examples=["Listening is the systematic tracking of mentions, keywords and conversations."],
    )
    levels: list[CapabilityLevelIn] = Field(
        description="Exactly five levels, 0 to 4, in order.",
        min_length=5,
        max_length=5,
        examples=[_LEVELS_EXAMPLE],
    )


class BandIn(_Strict):
    id: Slug = Field(description="Unique band id.", examples=["engaging"])
    name: Name = Field(description="Display name of the maturity band.", examples=["Engaging"])
    description: Line = Field(
        description="One line: what organisations in this band have in common.",
        examples=["The organisation monitors what is said about it and routinely responds."],
    )
    reached_by: dict[CapabilityId, Level] = Field(
        default_factory=dict,
        description="What puts a stage in this band: any one of these capability levels in its "
        "profile (a stage is in the last band it reaches). Empty for the first band only.",
        examples=[{"conversation": 2, "community": 2}],
    )


class BusinessKindIn(_Strict):
    id: Slug = Field(
        description="Unique id; models' `advice` and the quiz's kind-of-business question name it.",
        examples=["consumer", "b2b-high-value"],
    )
    name: Name = Field(
        description="Display name, e.g. `Consumer business`.", examples=["Consumer business"]
    )
    description: Line = Field(
        description="One line: which businesses this kind covers.",
        examples=["Sells to consumers and relies on wide exposure and low-touch sales."],
    )


class VocabularyFile(_Strict):
    """The shared vocabularies: capabilities, maturity bands and kinds of business."""

    capabilities: list[CapabilityIn] = Field(
        min_length=1,
        max_length=MAX_ITEMS,
        description="The capabilities every stage is described in, each with five levels.",
        examples=[
            [
                {
                    "id": "listening",
                    "name": "Listening & monitoring",
                    "summary": "...",
                    "description": "...",
                    "levels": _LEVELS_EXAMPLE,
                }
            ]
        ],
    )
    bands: list[BandIn] = Field(
        min_length=1,
        max_length=12,
        description="Maturity bands from least to most mature; a stage is in the last band "
        "whose `reached_by` its profile meets, the first band when it meets none.",
        examples=[
            [
                {"id": "dormant", "name": "Dormant", "description": "..."},
                {
                    "id": "engaging",
                    "name": "Engaging",
                    "description": "...",
                    "reached_by": {"conversation": 2},
                },
            ]
        ],
    )
    business_kinds: list[BusinessKindIn] = Field(
        min_length=1,
        max_length=12,
        description="Kinds of business some models advise a starting stage for.",
        examples=[[{"id": "consumer", "name": "Consumer business", "description": "..."}]],
    )


# --- one file per model ---------------------------------------------------------------------


class AuthorIn(_Strict):
    name: Name = Field(
        description="The person exactly as the source text credits them.",
        examples=["Brian Solis"],
    )
    role: Line = Field(
        description="How the text credits them, e.g. `original blog post`.",
        examples=["original blog post the model is based on"],
    )


class SourceIn(_Strict):
    title: Line = Field(
        description="The article's title as published.",
        examples=["The 10 Stages of Social Media Integration in Business"],
    )
    publication: Line | None = Field(
        default=None,
        description="Where the article appeared, where the text says so.",
        examples=["Unabridged version of a post on Mashable"],
    )
    publisher: Line | None = Field(
        default=None,
        description="Who published the text, as it names them, when that is not its authors or "
        "the publication: the firm or body behind a report, say.",
        examples=["Example Research"],
    )
    url: WebAddress | None = Field(
        default=None,
        description="The https:// address where the text can be read: where it was published or, "
        "when that is gone, an archived copy of it (the Internet Archive's, say).",
        examples=["https://example.org/reports/social-business-maturity"],
    )
    seed: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] | None = Field(
        default=None,
        description="File name of the archived copy of the source text this model was written "
        "from, kept outside this repository. Leave it out when there is none, and give `url`.",
        examples=["003_6f43fe5efbdffb31.txt"],
    )

    @model_validator(mode="after")
    def _traceable(self) -> SourceIn:
        if self.seed is None and self.url is None:
            raise ValueError(
                "give `seed` (the file name of the archived copy of the text) or `url` (the "
                "address where the text can be read), or both"
            )
        return self


class ClaimIn(_Strict):
    text: Line = Field(
        description="The claim, in your own words.",
        examples=["Almost 80% of organisations are at the first stage."],
    )
    quote: Line | None = Field(
        default=None,
        description="A short phrase quoted from the source that carries the claim.",
        examples=["most organizations, almost 80% are at the first stage"],
    )


class AdviceIn(_Strict):
    business_kind: BusinessKindId = Field(
        description="An id from `business_kinds` in vocabulary.yaml.", examples=["consumer"]
    )
    stage: Slug = Field(
        description="The stage of this model the text advises starting with.",
        examples=["broadcast"],
    )
    text: Line = Field(
        description="The advice, in your own words.",
        examples=["Consumer businesses are usually best served by focusing on broadcasting."],
    )


class ActivityIn(_Strict):
    name: Name = Field(
        description="The activity's name as the source gives it.", examples=["Rapid Response"]
    )
    description: Line = Field(
        description="What it involves, in your own words.",
        examples=["Watching for heated or viral activity so a crisis can be dealt with early."],
    )


Quote = Annotated[
    str,
    AfterValidator(_clean_text),
    AfterValidator(_one_line),
    StringConstraints(min_length=1, max_length=300),
    Field(
        description="A short passage of the source, word for word (the tests check it against "
        "the source text when it is available).",
        examples=["It involves setting up listening posts"],
    ),
]


class EvidenceIn(_Strict):
    """What a statement about a stage rests on: the source's words, or the atlas's reading."""

    quote: Quote | None = Field(
        default=None,
        description="The source's own words.",
        examples=["It involves setting up listening posts"],
    )
    note: Line | None = Field(
        default=None,
        description="With a quote: how the atlas reads it, where that is not obvious.",
        examples=["The company has taken a position on social media, a hostile one."],
    )
    inferred: Line | None = Field(
        default=None,
        description="Without a quote: the atlas's own reading, and why (shown as such).",
        examples=["The text presents listening as preparation for going live."],
    )

    @model_validator(mode="after")
    def _quote_or_inference(self) -> EvidenceIn:
        if (self.quote is None) == (self.inferred is None):
            raise ValueError(
                "give either `quote` (the source's words) or `inferred` (the atlas's reading "
                "and why), not both or neither"
            )
        if self.note is not None and self.quote is None:
            raise ValueError("`note` explains a quote; with `inferred`, write the reason there")
        return self


class RequirementIn(EvidenceIn):
    """A capability level a stage requires, with what it rests on."""

    level: Level = Field(description="The level (1-4) the stage requires.", examples=[2])

    @model_validator(mode="before")
    @classmethod
    def _not_a_bare_level(cls, data: object) -> object:
        # The old form, `listening: 2`, gets a message that shows the new one.
        if isinstance(data, int) and not isinstance(data, bool):
            raise ValueError(
                f"write the level with what it rests on: {{level: {data}, quote: ...}} (the "
                f"source's words) or {{level: {data}, inferred: ...}} (the atlas's reading)"
            )
        return data


class CeilingIn(_Strict):
    """The highest level of a capability that the source's picture of a stage allows."""

    level: Annotated[int, Field(ge=0, lt=MAX_LEVEL)] = Field(
        description="The highest level (0-3) the source's picture of the stage allows.",
        examples=[1],
    )
    quote: Quote = Field(
        description="The source's words that picture the stage so.",
        examples=["Negative attitudes to Social Media"],
    )
    note: Line | None = Field(
        default=None,
        description="How the atlas reads the quote, where that is not obvious.",
        examples=["Hostile attitudes are the vocabulary's level 1 at most."],
    )


class SourcedLineIn(_Strict):
    """A sign, pitfall or step, with the source's words or marked as the atlas's reading."""

    text: Line = Field(
        description="The line, in your own words.",
        examples=["Open official accounts on the networks where the company is discussed."],
    )
    quote: Quote | None = Field(
        default=None,
        description="The source's own words for it.",
        examples=["It involves setting up listening posts"],
    )
    reading: Line | None = Field(
        default=None,
        description="Why the atlas adds it although the source does not say it (shown as the "
        "atlas's reading).",
        examples=["The text's next stage needs access to the sites this stage blocks."],
    )

    @model_validator(mode="after")
    def _quote_or_reading(self) -> SourcedLineIn:
        if (self.quote is None) == (self.reading is None):
            raise ValueError(
                "give either `quote` (the source's words) or `reading` (why the atlas adds "
                "it), not both or neither; a line the source supports can be a plain string"
            )
        return self


def _line_kind(value: object) -> str:
    return "[plain]" if isinstance(value, str) else "[sourced]"


# A tagged union, so that a wrong line gets the one message that fits it (a plain line's or a
# mapping's) rather than both; the tags are left out of the key paths in problems.
SourcedLine = Annotated[
    Annotated[Line, Tag("[plain]")] | Annotated[SourcedLineIn, Tag("[sourced]")],
    Discriminator(_line_kind),
    Field(
        description="A line the source supports (a plain string, or with `quote`), or the "
        "atlas's own reading (with `reading`)."
    ),
]


class EquivalenceOverrideIn(_Strict):
    also: list[StageRef] = Field(
        default_factory=list,
        description="Stages of other models to treat as equivalent although the rule does not.",
        max_length=MAX_ITEMS,
        examples=[["three-stages/infrastructure"]],
    )
    never: list[StageRef] = Field(
        default_factory=list,
        description="Stages of other models never to treat as equivalent, whatever the rule says.",
        max_length=MAX_ITEMS,
        examples=[["maturity-model/pre-social"]],
    )
    reason: Line = Field(
        description="Why the computed equivalence is overridden.",
        examples=["Both stages describe the move from broadcasting to listening and responding."],
    )


class StageIn(_Strict):
    id: Slug = Field(
        description="Unique within the model; becomes the page's URL.",
        examples=["infrastructure"],
    )
    number: Annotated[int, Field(ge=0, le=MAX_STAGES)] = Field(
        description="Position in the model: consecutive, starting at 1 (0 for a pre-stage).",
        examples=[1, 0],
    )
    number_label: Name | None = Field(
        default=None,
        description="How the source numbers the stage when not `Stage <number>`, "
        "e.g. `Before stage 1`.",
        examples=["Before stage 1"],
    )
    name: Name = Field(
        description="The stage's own name in the source text.",
        examples=["Social media as a form of infrastructure"],
    )
    summary: Line = Field(
        description="One line on what characterises the stage.",
        examples=["Social media is used to understand and respond to what customers want."],
    )
    description: Prose = Field(
        description="The stage, described in your own words.",
        examples=[
            "Organisations reach this stage when they realise that the real value lies in "
            "understanding and responding to how customers use social media."
        ],
    )
    owner: Name | None = Field(
        default=None,
        description="The business function that owns the stage, where the text says.",
        examples=["Customer Service"],
    )
    activities: list[ActivityIn] = Field(
        default_factory=list,
        description="Named activities of the stage.",
        max_length=MAX_ITEMS,
        examples=[
            [{"name": "Listening", "description": "Tracking conversations that mention key words."}]
        ],
    )
    signs: list[SourcedLine] = Field(
        description="Observable signs that an organisation is at this stage.",
        min_length=1,
        max_length=MAX_ITEMS,
        examples=[["Customers' questions on social channels are answered in real time."]],
    )
    pitfalls: list[SourcedLine] = Field(
        default_factory=list,
        description="Pitfalls the source names.",
        max_length=MAX_ITEMS,
        examples=[["Calling audience reach engagement while the work remains one-way."]],
    )
    next_steps: list[SourcedLine] = Field(
        default_factory=list,
        description="How to move on to the next stage (or, at the last stage, to stay there); "
        "never a step the source calls a mistake.",
        max_length=MAX_ITEMS,
        examples=[["Start listening to what customers actually say on social media."]],
    )
    requires: dict[CapabilityId, RequirementIn] = Field(
        default_factory=dict,
        description="Capability levels (1-4) an organisation shows at this stage, by capability "
        "id, each with the source's words it rests on (`quote`) or the atlas's reading "
        "(`inferred`). On a ladder, requirements of earlier stages carry forward and need not be "
        "repeated.",
        examples=[
            {
                "listening": {"level": 2, "quote": "It involves setting up listening posts"},
                "attitude": {
                    "level": 2,
                    "inferred": "Preparing to go live means it has decided to.",
                },
            }
        ],
    )
    ceiling: dict[CapabilityId, CeilingIn] = Field(
        default_factory=dict,
        description="Capability levels the source's picture of the stage does not go beyond, "
        "e.g. negative attitudes. They change no placement; the quiz says so instead of "
        "describing the stage in words the answers contradict.",
        examples=[{"attitude": {"level": 1, "quote": "Negative attitudes to Social Media"}}],
    )
    skippable: EvidenceIn | None = Field(
        default=None,
        description="On a ladder: why an organisation may skip this stage (the source's words or "
        "the atlas's reading). Its requirements then do not carry forward, and not meeting it "
        "does not hold later stages back.",
        examples=[{"quote": "many businesses create accounts across multiple social networks"}],
    )
    equivalence: EquivalenceOverrideIn | None = Field(
        default=None,
        description="Explicit corrections to the computed equivalent stages.",
        examples=[
            {
                "also": ["three-stages/infrastructure"],
                "reason": "Both stages describe the move from broadcasting to listening.",
            }
        ],
    )

    @property
    def levels(self) -> dict[str, int]:
        """The levels the stage requires itself, by capability id."""
        return {capability: requirement.level for capability, requirement in self.requires.items()}


class ModelInfo(_Strict):
    """What a model file says about the model as a whole: everything but its stages.

    The atlas's resolved model (`generator.atlas_types.Model`) reuses it and adds its own stages.
    """

    title: Line = Field(
        description="The model's title as the source names it.",
        examples=["Three stages of Social Media"],
    )
    short_title: Name = Field(
        description="A short name for navigation and tables.", examples=["Three Stages"]
    )
    authors: list[AuthorIn] = Field(
        default_factory=list,
        description="Who the text credits, exactly as it does; empty when it names nobody.",
        max_length=10,
        examples=[[{"name": "Brian Solis", "role": "author"}], []],
    )
    credit_note: Line | None = Field(
        default=None,
        description="How the text presents its authorship when it names nobody, or more detail.",
        examples=["The text names no author and gives no date."],
    )
    year: Annotated[str, StringConstraints(pattern=r"^\d{4}(?:-\d{4})?$")] | None = Field(
        default=None,
        description="Year (or `2009-2010`) where the text gives one.",
        examples=["2010", "2009-2010"],
    )
    source: SourceIn = Field(
        description="The text the model is paraphrased from.",
        examples=[{"title": "Three stages of Social Media", "seed": "000_76f7b650540b4471.txt"}],
    )
    summary: Prose = Field(
        description="What the model says, in a short paragraph.",
        examples=[
            "Organisations use social media for different reasons, and those reasons "
            "form three stages."
        ],
    )
    orders_by: Line = Field(
        description="What the model orders organisations by.",
        examples=["Which business functions use social media."],
    )
    stage_term: Literal["stage", "phase"] = Field(
        default="stage", description="What the source calls its steps.", examples=["phase"]
    )
    scoring: Literal["ladder", "functions"] = Field(
        description="How the source's stages relate, which decides how stages are profiled and "
        "how the quiz places an organisation: `ladder` (each stage builds on the ones before it, "
        "except those marked `skippable`) or `functions` (each stage is a business function of "
        "its own, in place or not in any order).",
        examples=["ladder", "functions"],
    )
    claims: list[ClaimIn] = Field(
        default_factory=list,
        description="The model's claims.",
        max_length=MAX_ITEMS,
        examples=[
            [
                {
                    "text": "Almost 80% of organisations are at the first stage.",
                    "quote": "almost 80% are at the first stage",
                }
            ]
        ],
    )
    advice: list[AdviceIn] = Field(
        default_factory=list,
        description="Which stage the text advises each kind of business to start with.",
        max_length=MAX_ITEMS,
        examples=[
            [
                {
                    "business_kind": "consumer",
                    "stage": "broadcast",
                    "text": "Consumer businesses are usually best served by broadcasting.",
                }
            ]
        ],
    )


class ModelFile(ModelInfo):
    """One maturity model; its id is the file name without `.yaml`."""

    stages: list[StageIn] = Field(
        min_length=1,
        max_length=MAX_STAGES,
        description="The model's stages in its own order, numbered consecutively.",
        examples=[
            [
                {
                    "id": "media",
                    "number": 1,
                    "name": "Social media as a form of media",
                    "summary": "...",
                    "description": "...",
                    "signs": ["..."],
                    "requires": {
                        "presence": {"level": 2, "quote": "..."},
                        "content": {"level": 2, "inferred": "..."},
                    },
                }
            ]
        ],
    )


# --- questions.yaml -------------------------------------------------------------------------

MAX_QUESTIONS = 40


class PracticeOptionIn(_Strict):
    level: Annotated[int, Field(ge=0, le=MAX_LEVEL)] = Field(
        description="The level of the question's capability this practice shows (0 to 4).",
        examples=[0, 3],
    )
    text: Line = Field(
        description="A concrete, observable practice, e.g. `We reply to most public complaints "
        "within a day.`",
        examples=["We keep official accounts on the main networks up to date."],
    )


class PracticeQuestionIn(_Strict):
    id: Slug = Field(
        description="Unique question id; share links and saved answers use it.",
        examples=["presence-accounts"],
    )
    capability: CapabilityId = Field(
        description="The capability (from vocabulary.yaml) it measures.", examples=["presence"]
    )
    prompt: Line = Field(
        description="The question as the visitor reads it.",
        examples=["Where can people find your organisation on social media?"],
    )
    help: Line | None = Field(
        default=None,
        description="An optional one-line hint.",
        examples=["Count only accounts the organisation runs officially."],
    )
    options: list[PracticeOptionIn] = Field(
        min_length=2,
        max_length=5,
        description="From level 0 to level 4, in increasing order of level.",
        examples=[
            [
                {"level": 0, "text": "We have no official social media accounts."},
                {"level": 4, "text": "Customers interact with us and with each other."},
            ]
        ],
    )


class BusinessKindOptionIn(_Strict):
    business_kind: BusinessKindId = Field(
        description="An id from `business_kinds` in vocabulary.yaml.", examples=["known-brand"]
    )
    text: Line = Field(
        description="How a visitor recognises this kind of business.",
        examples=["Our brand is already well known, and people talk a lot about our products."],
    )


class BusinessKindQuestionIn(_Strict):
    id: Slug = Field(
        description="The question's id; share links and saved answers use it.",
        examples=["kind-of-business"],
    )
    prompt: Line = Field(
        description="The question as the visitor reads it.",
        examples=["Which description fits your organisation best?"],
    )
    help: Line | None = Field(
        default=None,
        description="An optional one-line hint.",
        examples=["Used only for the advice on which phase to start with."],
    )
    options: list[BusinessKindOptionIn] = Field(
        min_length=1,
        max_length=12,
        description="One option per kind of business.",
        examples=[[{"business_kind": "consumer", "text": "We sell to consumers."}]],
    )
    other: Line = Field(
        description="The text of the extra option for none of the kinds.",
        examples=["None of these describes us well"],
    )


class QuestionsFile(_Strict):
    """The self-assessment quiz: practice questions per capability and the kind of business."""

    business_kind: BusinessKindQuestionIn = Field(
        description="The context question the models' starting advice depends on.",
        examples=[
            {
                "id": "kind-of-business",
                "prompt": "Which description fits your organisation best?",
                "options": [{"business_kind": "consumer", "text": "We sell to consumers."}],
                "other": "None of these describes us well",
            }
        ],
    )
    questions: list[PracticeQuestionIn] = Field(
        min_length=1,
        max_length=MAX_QUESTIONS,
        description="Practice questions in the order the quiz asks them; every capability "
        "needs at least one.",
        examples=[
            [
                {
                    "id": "presence-accounts",
                    "capability": "presence",
                    "prompt": "Where can people find your organisation on social media?",
                    "options": [{"level": 0, "text": "..."}, {"level": 4, "text": "..."}],
                }
            ]
        ],
    )
