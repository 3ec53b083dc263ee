"""Malformed models: small changes to the fixture atlas, and the exact problems each must give.

Every case in `CASES` is one defect written into a copy of the fixture atlas
(`tests/fixtures/atlas`, see `tests/fixture_atlas.py`): a line or two replaced (`Replace`), a
file written (`Write`) or renamed (`Rename`), or, for inputs too big to write out or that are
not plain files, a function that makes them (`Make`). `expected` holds the exact lines
`str(problem)` must give, in the sorted order of `AtlasError.problems`: the file, line and column
of each can be checked by opening the fixture file (the line numbers count the changed lines).
A `Replace` refuses to apply unless its text occurs exactly once, so a change to a fixture file
that moves a case's text fails loudly instead of testing nothing.

A case with `poor` set is one whose current message or location is wrong or confusing: its
`expected` lines are the message it *should* give (tests/test_malformed_models.py makes it a
strict xfail, so that it turns into a failure once the generator is fixed). A case with
`hostile` set is loaded in a child process limited in memory and CPU time.

What a pull request can put in a model, and what happens to it:
- refused, with the file, line, column and key path: anything a models file has no use for
  (oversized files, too many values or stages or files, deep nesting, huge numbers, YAML tags,
  symbolic links), invisible and control characters in text (bidirectional marks, overrides and
  isolates, zero-width characters, tag characters, lone surrogates, terminal escapes), markup
  in ids (they become URLs), and any link but a source's `url`, the https:// address of a named
  host (a `url:` elsewhere is an unknown field);
- rendered inert: markup in text (HTML, Markdown links, attribute lists, Jinja): model text is
  plain text, shown as written (`tests/test_hostile_input.py` builds a site full of it).
Keys, file names and values with unprintable characters appear escaped in problems, so that a
problem shown in a terminal cannot drive it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.fixture_atlas import ATLAS, copy_models

LADDER = "ladder.yaml"
PHASES = "phases.yaml"
VOCABULARY = "vocabulary.yaml"
QUESTIONS = "questions.yaml"
NEW = "broken.yaml"


@dataclass(frozen=True)
class Replace:
    """Replace the one occurrence of `old` in a file of the fixture atlas with `new`."""

    file: str
    old: str | bytes
    new: str | bytes

    def content(self, before: bytes) -> bytes:
        old, new = (t.encode("utf-8") if isinstance(t, str) else t for t in (self.old, self.new))
        count = before.count(old)
        assert count == 1, f"{self.file} holds {old!r} {count} times, not once"
        return before.replace(old, new)

    def apply(self, models: Path) -> None:
        path = models / self.file
        path.write_bytes(self.content(path.read_bytes()))


@dataclass(frozen=True)
class Write:
    """Write a file, new or replacing one of the fixture atlas."""

    file: str
    text: str

    def apply(self, models: Path) -> None:
        (models / self.file).write_text(self.text, encoding="utf-8")


@dataclass(frozen=True)
class Rename:
    """Rename a file of the fixture atlas to `file`."""

    source: str
    file: str

    def apply(self, models: Path) -> None:
        (models / self.source).rename(models / self.file)


@dataclass(frozen=True)
class Make:
    """Make `file` with a function: for inputs too big to write out, or not plain files."""

    file: str
    make: Callable[[Path], None]

    def apply(self, models: Path) -> None:
        self.make(models / self.file)


Change = Replace | Write | Rename | Make


@dataclass(frozen=True)
class Case:
    changes: tuple[Change, ...]
    expected: tuple[str, ...]
    poor: str | None = None
    """Why the current message is wrong; `expected` is then the good message (strict xfail)."""
    hostile: bool = False
    """Loaded in a child process with limits, so that a regression cannot take the tests down."""

    @property
    def file(self) -> str:
        """The file of the models folder the case writes (every change of a case is to one)."""
        [file] = {change.file for change in self.changes}
        return file

    def text(self) -> str | None:
        """The text of the file the case writes, if it is a plain file of text, else None."""
        content: bytes | None = None
        for change in self.changes:
            if isinstance(change, Replace):
                before = content if content is not None else (ATLAS / change.file).read_bytes()
                content = change.content(before)
            elif isinstance(change, Write):
                content = change.text.encode("utf-8")
            elif isinstance(change, Rename):
                content = (ATLAS / change.source).read_bytes()
            else:
                return None
        assert content is not None
        return content.decode("utf-8", errors="replace")


def case(
    *changes: Change, expected: tuple[str, ...], poor: str | None = None, hostile: bool = False
) -> Case:
    return Case(changes, expected, poor, hostile)


def replace(file: str, old: str | bytes, new: str | bytes, *expected: str) -> Case:
    """The common case: one replacement in one file."""
    return case(Replace(file, old, new), expected=expected)


def apply_cases(models: Path, *names: str) -> Path:
    """Copy the fixture atlas into the folder `models` and apply the named cases to it."""
    copy_models(ATLAS, models)
    for name in names:
        for change in CASES[name].changes:
            change.apply(models)
    return models


# --- inputs the tests write -------------------------------------------------------------------


def _writes(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _many_model_files(path: Path) -> None:
    for index in range(1000):
        (path.parent / f"model-{index:04}.yaml").write_text("title: x\n", encoding="utf-8")


def _symbolic_link_to_a_device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


FIXTURE_LADDER = (ATLAS / LADDER).read_text(encoding="utf-8")
HEADER = FIXTURE_LADDER[: FIXTURE_LADDER.index("\nstages:\n") + 1]
"""ladder.yaml up to its `stages:` key, which is on line 21."""
STAGE = """  - id: stage-{n}
    number: {n}
    name: Stage {n}
    summary: A stage.
    description: A stage of a model that has far too many.
    signs:
      - It is stage {n}.
"""
TEN_THOUSAND_STAGES = HEADER + "stages:\n" + "".join(STAGE.format(n=n) for n in range(1, 10_001))
# Each repetition of the alias expands to the whole stage, about a dozen values.
TEN_THOUSAND_ALIASES = (
    HEADER
    + "stages:\n"
    + STAGE.format(n=1).replace("  - ", "  - &stage\n    ", 1)
    + "  - *stage\n" * 9_999
)
FORTY_ONE_STAGES = (
    HEADER + "stages:\n" + "".join(STAGE.format(n=n) for n in range(1, 42)) + "scoring: ladder\n"
)
ONE_MEBIBYTE_AND_A_BYTE = FIXTURE_LADDER + "#" * (2**20 - len(FIXTURE_LADDER.encode())) + "\n"
# Each level repeats the previous one ten times: 10**10 strings once expanded.
ALIAS_BOMB = """# Defect: a "billion laughs" alias bomb; each level repeats the previous one ten times.
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
title: [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i]
"""
# The `equivalence` written into phases' broadcasting phase (stages[1]) by the override cases:
# it follows that phase's `requires`, so its first line is line 42.
AFTER_BROADCASTING = (
    "      posting: {level: 2, inferred: Written for the tests.}\n"
    "      hearing: {level: 1, inferred: Written for the tests.}\n"
)


def _override(*lines: str) -> Replace:
    return Replace(
        PHASES, AFTER_BROADCASTING, AFTER_BROADCASTING + "".join(f"{line}\n" for line in lines)
    )


EXPANDS = "the document expands to more than 20000 values (aliases repeated too often?); refusing to read it"
NOT_PLAIN = "is not allowed; models hold only plain data"
SLUG = "must be lower-case letters and digits in words joined by hyphens, like 'social-advantage'"
FILE_NAME = "must be a model id: lower-case words joined by hyphens, like 'maturity-model.yaml'"
LINE_SEPARATOR = "the file contains the invisible character U+2028 (LINE SEPARATOR); remove it"
UNKNOWN_TALLYING = "unknown capability 'tallying' (did you mean 'talying'?) (capabilities are defined in models/vocabulary.yaml)"
TOO_DEEP = "nesting deeper than 24 levels is not allowed"
INVISIBLE = "contains the invisible or control character"
NOT_SPACE = "which YAML does not read as a space; remove it)"
GROUND_NAME = "    name: On the ground\n"
FIRST_LINE = "# yaml-language-server: $schema=../../../models/schema/model.schema.json"

CASES: dict[str, Case] = {
    # --- reading the file: encoding, YAML syntax, and what YAML a data file may use ----------
    "yaml-syntax-error": replace(
        LADDER,
        "    summary: Nothing is done yet.\n",
        "    summary: Nothing is done: yet.\n",
        "models/ladder.yaml:25:29: YAML syntax error: mapping values are not allowed here",
    ),
    # No double quote follows in the file, so the scalar runs to its end.
    "yaml-unclosed-quote": replace(
        LADDER,
        "    name: Top rung\n",
        '    name: "Top rung\n',
        "models/ladder.yaml:60:11: YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
    ),
    "two-documents": replace(
        LADDER,
        "      reason: Both count what the work achieves.\n",
        "      reason: Both count what the work achieves.\n---\ntitle: A second model in the same file\n",
        "models/ladder.yaml:75:1: YAML syntax error: expected a single document in the stream but found another document",
    ),
    "tab-indentation": replace(
        LADDER,
        "    number: 1\n",
        "\t  number: 1\n",
        "models/ladder.yaml:23:1: tab character in indentation; use spaces",
    ),
    "duplicate-key": replace(
        LADDER,
        "      - Posts appear now and then.\n",
        "      - Posts appear now and then.\n    summary: Rungs begin.\n",
        "models/ladder.yaml:45:5: stages[1].summary: duplicate key 'summary' (first written at line 38); each key may appear once",
    ),
    "alias-bomb": case(
        Write(NEW, ALIAS_BOMB), expected=(f"models/broken.yaml:6:1: e: {EXPANDS}",), hostile=True
    ),
    "recursive-alias": case(
        Write(
            NEW,
            "# Defect: an anchor that holds an alias to itself.\ntitle: Recursive\nstages: &loop\n  - *loop\n",
        ),
        expected=(f"models/broken.yaml:3:9: stages{'[0]' * 24}: {TOO_DEEP}",),
        hostile=True,
    ),
    "python-object-apply-tag": replace(
        LADDER,
        "title: The Ladder of Fixtures\n",
        'title: !!python/object/apply:os.system ["touch pwned-by-a-model"]\n',
        f"models/ladder.yaml:2:8: title: the tag 'tag:yaml.org,2002:python/object/apply:os.system' {NOT_PLAIN}",
    ),
    "python-name-tag": replace(
        LADDER,
        "short_title: Ladder\n",
        "short_title: !!python/name:os.system\n",
        f"models/ladder.yaml:3:14: short_title: the tag 'tag:yaml.org,2002:python/name:os.system' {NOT_PLAIN}",
    ),
    "custom-tag": replace(
        LADDER,
        "    pitfalls:\n      - Waiting for a perfect plan.\n",
        "    pitfalls: !include pitfalls.yaml\n",
        f"models/ladder.yaml:30:15: stages[0].pitfalls: the tag '!include' {NOT_PLAIN}",
    ),
    "merge-keys": case(
        Replace(
            LADDER, "    requires:\n      posting: {", "    requires: &first\n      posting: {"
        ),
        Replace(LADDER, "      replying: {level: 2", "      <<: *first\n      replying: {level: 2"),
        expected=(
            "models/ladder.yaml:57:7: stages[2].requires: merge keys (`<<`) are not supported; write the keys out",
        ),
    ),
    "empty-file": case(Write(NEW, ""), expected=("models/broken.yaml:1:1: the file is empty",)),
    "comments-only": case(
        Write(NEW, "# This model is not written yet.\n# TODO: fill it in.\n"),
        expected=("models/broken.yaml:1:1: the file is empty",),
    ),
    "top-level-list": case(
        Write(NEW, "# A list of stages instead of a model.\n- id: ground\n  number: 1\n"),
        expected=("models/broken.yaml:2:1: the file must hold a mapping of fields, not a list",),
    ),
    "top-level-string": case(
        Write(NEW, "# A sentence instead of a model.\nThe ladder, to be written.\n"),
        expected=("models/broken.yaml:2:1: the file must hold a mapping of fields, not a string",),
    ),
    "top-level-number": case(
        Write(NEW, "# A number instead of a model.\n42\n"),
        expected=("models/broken.yaml:2:1: the file must hold a mapping of fields, not a number",),
    ),
    "top-level-null": case(
        Write(NEW, "# An explicit null.\n~\n"),
        expected=("models/broken.yaml:2:1: the file must hold a mapping of fields, not null",),
    ),
    # A Windows-1252 curly apostrophe (0x92).
    "invalid-utf8": replace(
        LADDER,
        GROUND_NAME,
        b"    name: On the ground\x92s edge\n",
        "models/ladder.yaml:24:24: the file is not valid UTF-8",
    ),
    # The column counts characters: the correctly encoded apostrophe before it is one.
    "invalid-utf8-after-multibyte": replace(
        LADDER,
        "    quote: most stand on the ground\n",
        "    quote: most don\u2019t stand on".encode() + b"\x92the ground\n",
        "models/ladder.yaml:19:31: the file is not valid UTF-8",
    ),
    "raw-control-character": replace(
        LADDER,
        GROUND_NAME,
        "    name: On the\x07 ground\n",
        "models/ladder.yaml:24:17: the file contains the control character U+0007; remove it",
    ),
    "line-separator-in-name": replace(
        LADDER,
        GROUND_NAME,
        "    name: On the\u2028ground\n",
        f"models/ladder.yaml:24:17: {LINE_SEPARATOR}",
    ),
    "line-separator-quoted": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the\u2028ground"\n',
        f"models/ladder.yaml:24:18: {LINE_SEPARATOR}",
    ),
    # Refused before the schema is checked: the number written as a word is not reported.
    "line-separator-in-comment": case(
        Replace(LADDER, FIRST_LINE + "\n", FIRST_LINE + "\u2028\n"),
        Replace(LADDER, "    number: 3\n", '    number: "three"\n'),
        expected=(f"models/ladder.yaml:1:{len(FIRST_LINE) + 1}: {LINE_SEPARATOR}",),
    ),
    # --- what a pull request can hold: too big, too many, too deep, not a plain file ----------
    "oversized-file": case(
        Make(LADDER, _writes(ONE_MEBIBYTE_AND_A_BYTE)),
        expected=("models/ladder.yaml:1:1: the file is 1048577 bytes; the limit is 262144 bytes",),
        hostile=True,
    ),
    # Ten thousand stages cannot reach the stage limit: written out they pass the size limit,
    # written with aliases the limit on values.
    "ten-thousand-stages": case(
        Make(LADDER, _writes(TEN_THOUSAND_STAGES)),
        expected=(
            f"models/ladder.yaml:1:1: the file is {len(TEN_THOUSAND_STAGES.encode())} bytes; the limit is 262144 bytes",
        ),
        hostile=True,
    ),
    "ten-thousand-stages-by-alias": case(
        Make(LADDER, _writes(TEN_THOUSAND_ALIASES)),
        expected=(f"models/ladder.yaml:21:1: stages: {EXPANDS}",),
        hostile=True,
    ),
    "forty-one-stages": case(
        Make(LADDER, _writes(FORTY_ONE_STAGES)),
        expected=("models/ladder.yaml:21:1: stages: holds 41 items; at most 40 are allowed",),
    ),
    "twenty-thousand-values": case(
        Make(NEW, _writes("title: [" + ", ".join(["x"] * 20_000) + "]\n")),
        expected=(
            "models/broken.yaml:1:60000: title[19997]: the file holds more than 20000 values, far more than a models file needs; refusing to read it",
        ),
        hostile=True,
    ),
    # The fixture's three models and a thousand more.
    "a-thousand-model-files": case(
        Make(NEW, _many_model_files),
        expected=("models:1:1: the folder holds 1003 model files; at most 40 are allowed",),
        hostile=True,
    ),
    "deep-nesting-flow-lists": case(
        Make(NEW, _writes("title: " + "[" * 10_000 + "]" * 10_000 + "\n")),
        expected=("models/broken.yaml:1:32: title" + "[0]" * 24 + f": {TOO_DEEP}",),
        hostile=True,
    ),
    "deep-nesting-flow-mappings": case(
        Make(NEW, _writes("title: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n")),
        expected=("models/broken.yaml:1:104: title" + ".a" * 24 + f": {TOO_DEEP}",),
        hostile=True,
    ),
    "deep-nesting-block-lists": case(
        Make(NEW, _writes("title:\n  " + "- " * 10_000 + "x\n")),
        expected=("models/broken.yaml:2:51: title" + "[0]" * 24 + f": {TOO_DEEP}",),
        hostile=True,
    ),
    "deep-nesting-unclosed": case(
        Make(NEW, _writes("title: " + "[" * 100_000 + "\n")),
        expected=("models/broken.yaml:1:32: title" + "[0]" * 24 + f": {TOO_DEEP}",),
        hostile=True,
    ),
    # Shapes that are slow to scan if anything in the reader is quadratic: each within the size
    # limit, each refused in about a second.
    "long-unclosed-quote": case(
        Make(NEW, _writes('title: "' + "x" * 250_000 + "\n")),
        expected=(
            "models/broken.yaml:1:8: YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
        ),
        hostile=True,
    ),
    "long-line-of-colons": case(
        Make(NEW, _writes("title: " + "x: " * 80_000 + "\n")),
        expected=(
            "models/broken.yaml:1:9: YAML syntax error: mapping values are not allowed here",
        ),
        hostile=True,
    ),
    "deep-nesting-of-keys": case(
        Make(NEW, _writes("{" * 250_000 + "\n")),
        expected=("models/broken.yaml:1:26: ?" + ".?" * 24 + f": {TOO_DEEP}",),
        hostile=True,
    ),
    "sixty-thousand-aliases": case(
        Make(NEW, _writes("a: &a x\ntitle: [" + "*a, " * 60_000 + "]\n")),
        expected=(
            "models/broken.yaml:2:79989: title[19995]: the file holds more than 20000 values, far more than a models file needs; refusing to read it",
        ),
        hostile=True,
    ),
    "huge-number": case(
        Replace(LADDER, "    number: 1\n", "    number: " + "1" * 5000 + "\n"),
        expected=(
            "models/ladder.yaml:23:13: stages[0].number: a number with 5000 digits is not allowed; if it is text, write it in quotes",
        ),
        hostile=True,
    ),
    "symbolic-link-to-a-device": case(
        Make(NEW, _symbolic_link_to_a_device),
        expected=(
            "models/broken.yaml:1:1: the file is a symbolic link; models files must be regular files in the models folder",
        ),
        hostile=True,
    ),
    "folder-named-like-a-model": case(
        Make(NEW, _folder),
        expected=("models/broken.yaml:1:1: not a regular file; models files must be plain text",),
    ),
    # --- the schema: types, required and unknown fields, formats, text ------------------------
    # --- what requirements, stages and bands rest on ----------------------------------------------
    "requirement-without-basis": replace(
        LADDER,
        "      posting: {level: 1, inferred: Written for the tests.}\n",
        "      posting: {level: 1}\n",
        "models/ladder.yaml:46:7: stages[1].requires.posting: give either `quote` (the source's words) or `inferred` (the atlas's reading and why), not both or neither",
    ),
    "requirement-with-quote-and-inference": replace(
        LADDER,
        "      posting: {level: 1, inferred: Written for the tests.}\n",
        "      posting: {level: 1, quote: one post, inferred: Written for the tests.}\n",
        "models/ladder.yaml:46:7: stages[1].requires.posting: give either `quote` (the source's words) or `inferred` (the atlas's reading and why), not both or neither",
    ),
    "note-without-quote": replace(
        LADDER,
        "      posting: {level: 1, inferred: Written for the tests.}\n",
        "      posting: {level: 1, note: Why, inferred: Written for the tests.}\n",
        "models/ladder.yaml:46:7: stages[1].requires.posting: `note` explains a quote; with `inferred`, write the reason there",
    ),
    "requirement-as-a-bare-level": replace(
        LADDER,
        "      posting: {level: 1, inferred: Written for the tests.}\n",
        "      posting: 1\n",
        "models/ladder.yaml:46:7: stages[1].requires.posting: write the level with what it rests on: {level: 1, quote: ...} (the source's words) or {level: 1, inferred: ...} (the atlas's reading)",
    ),
    "ceiling-below-requirement": replace(
        LADDER,
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "    ceiling:\n      posting: {level: 0, quote: nothing is posted}\n"
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "models/ladder.yaml:46:17: stages[1].ceiling.posting.level: the stage requires 'posting' at level 1, above its ceiling of 0: no organisation could be at this stage",
    ),
    "ceiling-unknown-capability": replace(
        LADDER,
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "    ceiling:\n      postng: {level: 2, quote: little is posted}\n"
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "models/ladder.yaml:46:7: stages[1].ceiling.postng: unknown capability 'postng' (did you mean 'posting'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    "skippable-without-basis": replace(
        LADDER,
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "    skippable: {}\n"
        "    requires:\n      posting: {level: 1, inferred: Written for the tests.}\n",
        "models/ladder.yaml:45:5: stages[1].skippable: give either `quote` (the source's words) or `inferred` (the atlas's reading and why), not both or neither",
    ),
    "skippable-in-a-model-of-functions": case(
        Replace(PHASES, "scoring: ladder\n", "scoring: functions\n"),
        Replace(
            PHASES,
            "    requires:\n      posting: {level: 2,",
            "    skippable: {inferred: Some skip it.}\n    requires:\n      posting: {level: 2,",
        ),
        expected=(
            "models/phases.yaml:39:5: stages[1].skippable: only a ladder's stages can be skipped; in a model scored as `functions` every stage stands on its own already",
        ),
    ),
    "scoring-missing": replace(
        LADDER,
        "scoring: ladder\n",
        "",
        "models/ladder.yaml:2:1: scoring: required field is missing",
    ),
    "scoring-unknown": replace(
        LADDER,
        "scoring: ladder\n",
        "scoring: staircase\n",
        "models/ladder.yaml:76:1: scoring: input should be 'ladder' or 'functions', got 'staircase'",
    ),
    "sourced-line-without-basis": replace(
        LADDER,
        "      - Posts appear now and then.\n",
        "      - {text: Posts appear now and then.}\n",
        "models/ladder.yaml:44:9: stages[1].signs[0]: give either `quote` (the source's words) or `reading` (why the atlas adds it), not both or neither; a line the source supports can be a plain string",
    ),
    "first-band-reached-by": replace(
        VOCABULARY,
        "  - {id: early, name: Early, description: Little done yet.}\n",
        "  - {id: early, name: Early, description: Little done yet., reached_by: {posting: 1}}\n",
        "models/vocabulary.yaml:57:61: bands[0].reached_by: the first band holds every stage that reaches no other band; it takes no `reached_by`",
    ),
    "band-without-reached-by": replace(
        VOCABULARY,
        "description: Some habits formed., reached_by: {posting: 2, replying: 2}}",
        "description: Some habits formed.}",
        "models/vocabulary.yaml:58:5: bands[1].reached_by: name at least one capability level that puts a stage in this band",
    ),
    "band-reached-by-unknown-capability": replace(
        VOCABULARY,
        "reached_by: {hosting: 3, hearing: 4}}",
        "reached_by: {hostng: 3, hearing: 4}}",
        "models/vocabulary.yaml:59:73: bands[2].reached_by.hostng: unknown capability 'hostng' (did you mean 'hosting'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    "wrong-type-number": replace(
        LADDER,
        "    number: 3\n",
        '    number: "three"\n',
        "models/ladder.yaml:49:5: stages[2].number: input should be a valid integer, got 'three'",
    ),
    "wrong-type-signs-string": replace(
        LADDER,
        "    signs:\n      - Posts appear now and then.\n",
        "    signs: Posts appear now and then, and someone reads every reply the same evening.\n",
        "models/ladder.yaml:43:5: stages[1].signs: input should be a valid list, got 'Posts appear now and then, and someone reads every reply...",
    ),
    "empty-value": replace(
        LADDER,
        "    signs:\n      - Every message gets an answer the same day.\n",
        "    signs:\n",
        "models/ladder.yaml:54:5: stages[2].signs: has no value; write one after the colon",
    ),
    "year-unquoted": replace(
        LADDER,
        'year: "2011"\n',
        "year: 2011\n",
        "models/ladder.yaml:7:1: year: input should be a valid string, got 2011 (a number); write it in quotes: '2011'",
    ),
    "stage-term-invalid": replace(
        PHASES,
        "stage_term: phase\n",
        "stage_term: step\n",
        "models/phases.yaml:11:1: stage_term: input should be 'stage' or 'phase', got 'step'",
    ),
    "missing-required-field": replace(
        LADDER,
        "    summary: Posting and hearing begin.\n",
        "",
        "models/ladder.yaml:35:5: stages[1].summary: required field is missing",
    ),
    "missing-top-level-field": replace(
        LADDER,
        "orders_by: How far up the ladder the organisation has climbed.\n",
        "",
        "models/ladder.yaml:2:1: orders_by: required field is missing",
    ),
    "unknown-field": case(
        Replace(
            LADDER, "    summary: Nothing is done yet.\n", "    sumary: Nothing is done yet.\n"
        ),
        expected=(
            "models/ladder.yaml:22:5: stages[0].summary: required field is missing",
            "models/ladder.yaml:25:5: stages[0].sumary: unknown field (did you mean 'summary'?)",
        ),
    ),
    "unknown-top-level-field": replace(
        LADDER,
        "    role: author\n",
        "    role: author\nautor: Anonymous\n",
        "models/ladder.yaml:7:1: autor: unknown field (did you mean 'authors'?)",
    ),
    "level-too-high": replace(
        LADDER,
        "      posting: {level: 1,",
        "      posting: {level: 5,",
        "models/ladder.yaml:46:17: stages[1].requires.posting.level: input should be less than or equal to 4",
    ),
    "level-zero": replace(
        LADDER,
        "      hearing: {level: 1,",
        "      hearing: {level: 0,",
        "models/ladder.yaml:47:17: stages[1].requires.hearing.level: input should be greater than or equal to 1",
    ),
    "requires-key-not-slug": replace(
        LADDER,
        "      replying: {level: 2",
        "      Replying: {level: 2",
        f"models/ladder.yaml:57:7: stages[2].requires.Replying: key 'Replying' {SLUG}; got 'Replying'",
    ),
    "bad-slug-id": replace(
        LADDER,
        "  - id: second-rung\n",
        "  - id: Second_Rung\n",
        f"models/ladder.yaml:48:5: stages[2].id: {SLUG}; got 'Second_Rung'",
    ),
    "escaped-control-character": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the\\a ground"\n',
        "models/ladder.yaml:24:5: stages[0].name: contains the invisible or control character U+0007 at offset 6; remove it",
    ),
    "right-to-left-override": replace(
        LADDER,
        "    name: First rung\n",
        "    name: First \u202erung\n",
        f"models/ladder.yaml:37:5: stages[1].name: {INVISIBLE} U+202E (RIGHT-TO-LEFT OVERRIDE) at offset 6; remove it",
    ),
    # --- invisible characters: bidirectional marks and isolates, zero-width, tags, escapes ----
    "left-to-right-mark": replace(
        LADDER,
        GROUND_NAME,
        "    name: On the \u200eground\n",
        f"models/ladder.yaml:24:5: stages[0].name: {INVISIBLE} U+200E (LEFT-TO-RIGHT MARK) at offset 7; remove it",
    ),
    "right-to-left-mark": replace(
        LADDER,
        "    summary: Nothing is done yet.\n",
        "    summary: Nothing is\u200f done yet.\n",
        f"models/ladder.yaml:25:5: stages[0].summary: {INVISIBLE} U+200F (RIGHT-TO-LEFT MARK) at offset 10; remove it",
    ),
    "arabic-letter-mark": replace(
        LADDER,
        "title: The Ladder of Fixtures\n",
        "title: The\u061c Ladder of Fixtures\n",
        f"models/ladder.yaml:2:1: title: {INVISIBLE} U+061C (ARABIC LETTER MARK) at offset 3; remove it",
    ),
    # In a block scalar: the offset counts from the start of the text.
    "left-to-right-isolate": replace(
        LADDER,
        "      Someone posts now and then.\n",
        "      Someone posts \u2066now and then.\n",
        f"models/ladder.yaml:39:5: stages[1].description: {INVISIBLE} U+2066 (LEFT-TO-RIGHT ISOLATE) at offset 14; remove it",
    ),
    "right-to-left-isolate": replace(
        LADDER,
        "      - No account exists.\n",
        "      - No account \u2067exists.\n",
        f"models/ladder.yaml:28:9: stages[0].signs[0]: {INVISIBLE} U+2067 (RIGHT-TO-LEFT ISOLATE) at offset 11; remove it",
    ),
    "first-strong-isolate": replace(
        LADDER,
        "      - Waiting for a perfect plan.\n",
        "      - \u2068Waiting for a perfect plan.\n",
        f"models/ladder.yaml:31:9: stages[0].pitfalls[0]: {INVISIBLE} U+2068 (FIRST STRONG ISOLATE) at offset 0; remove it",
    ),
    "pop-directional-isolate": replace(
        LADDER,
        "      - Open an account and post once a week.\n",
        "      - Open\u2069 an account and post once a week.\n",
        f"models/ladder.yaml:33:9: stages[0].next_steps[0]: {INVISIBLE} U+2069 (POP DIRECTIONAL ISOLATE) at offset 4; remove it",
    ),
    "zero-width-space-in-id": replace(
        LADDER,
        "  - id: ground\n",
        "  - id: gro\u200bund\n",
        f"models/ladder.yaml:22:5: stages[0].id: {SLUG}; got 'gro\\u200bund'",
    ),
    "zero-width-space-in-key": replace(
        LADDER,
        "      posting: {level: 1",
        "      pos\u200bting: {level: 1",
        f"models/ladder.yaml:46:7: stages[1].requires.pos\\u200bting: key 'pos\\u200bting' {SLUG}; got 'pos\\u200bting'",
    ),
    # At the start of a line, where an editor shows nothing.
    "byte-order-mark-mid-file": replace(
        LADDER,
        GROUND_NAME,
        "\ufeff" + GROUND_NAME,
        f"models/ladder.yaml:25:12: YAML syntax error: mapping values are not allowed here (line 24, column 1 holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE), {NOT_SPACE}",
    ),
    "byte-order-mark-in-text": replace(
        LADDER,
        "short_title: Ladder\n",
        "short_title: Lad\ufeffder\n",
        f"models/ladder.yaml:3:1: short_title: {INVISIBLE} U+FEFF (ZERO WIDTH NO-BREAK SPACE) at offset 3; remove it",
    ),
    "no-break-space-indentation": replace(
        LADDER,
        GROUND_NAME,
        "\u00a0   name: On the ground\n",
        f"models/ladder.yaml:25:12: YAML syntax error: mapping values are not allowed here (line 24, column 1 holds the invisible character U+00A0 (NO-BREAK SPACE), {NOT_SPACE}",
    ),
    # Invisible tag characters (U+E0000 block) smuggling the words "ignore the rest".
    "tag-characters": replace(
        LADDER,
        "      - Nobody is asked to look.\n",
        "      - Nobody is asked to look."
        + "".join(chr(0xE0000 + ord(c)) for c in "ignore the rest")
        + "\n",
        f"models/ladder.yaml:29:9: stages[0].signs[1]: {INVISIBLE} U+E0069 (TAG LATIN SMALL LETTER I) at offset 24; remove it",
    ),
    "line-separator-escaped": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the\\Lground"\n',
        f"models/ladder.yaml:24:5: stages[0].name: {INVISIBLE} U+2028 (LINE SEPARATOR) at offset 6; remove it",
    ),
    "lone-surrogate-escaped": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the \\uD800ground"\n',
        f"models/ladder.yaml:24:5: stages[0].name: {INVISIBLE} U+D800 at offset 7; remove it",
    ),
    "right-to-left-override-escaped": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the \\u202Eground"\n',
        f"models/ladder.yaml:24:5: stages[0].name: {INVISIBLE} U+202E (RIGHT-TO-LEFT OVERRIDE) at offset 7; remove it",
    ),
    # A terminal escape sequence (\e[2J clears the screen).
    "escape-sequence-in-text": replace(
        LADDER,
        GROUND_NAME,
        '    name: "On the \\e[2Jground"\n',
        f"models/ladder.yaml:24:5: stages[0].name: {INVISIBLE} U+001B at offset 7; remove it",
    ),
    "escape-sequence-in-key": case(
        Replace(LADDER, GROUND_NAME, '    "\\e[2Jname": On the ground\n'),
        expected=(
            "models/ladder.yaml:22:5: stages[0].name: required field is missing",
            "models/ladder.yaml:24:5: stages[0].\\x1b[2Jname: unknown field (did you mean 'name'?)",
        ),
    ),
    # --- markup and links where text is not allowed -------------------------------------------
    "script-tag-in-id": replace(
        LADDER,
        "  - id: ground\n",
        "  - id: <script>alert(1)</script>\n",
        f"models/ladder.yaml:22:5: stages[0].id: {SLUG}; got '<script>alert(1)</script>'",
    ),
    "javascript-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: javascript:alert(document.cookie)\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got 'javascript:alert(document.cookie)'",
    ),
    "source-seed-outside-the-folder": replace(
        LADDER,
        "  seed: ladder.txt\n",
        "  seed: ../../../etc/passwd.txt\n",
        "models/ladder.yaml:11:3: source.seed: string should match pattern '^[A-Za-z0-9_.-]+\\.txt$'",
    ),
    "multi-line-one-line-field": replace(
        LADDER,
        "    summary: Nothing is done yet.\n",
        "    summary: |\n      Nothing is done.\n      Nothing is planned.\n",
        "models/ladder.yaml:25:5: stages[0].summary: must be a single line",
    ),
    # --- file names ---------------------------------------------------------------------------
    "file-name-not-slug": case(
        Rename(LADDER, "Bad Name.yaml"),
        expected=(f"models/Bad Name.yaml:2:1: the file name 'Bad Name.yaml' {FILE_NAME}",),
    ),
    "escape-sequence-in-file-name": case(
        Rename(LADDER, "\x1b[2J.yaml"),
        expected=(f"models/\\x1b[2J.yaml:2:1: the file name '\\x1b[2J.yaml' {FILE_NAME}",),
    ),
    "yml-extension": case(
        Rename(LADDER, "ladder.yml"),
        expected=(
            "models/ladder.yml:1:1: this file is not read: name model files *.yaml, not *.yml; "
            "rename it to ladder.yaml",
        ),
    ),
    # --- checks within a model ----------------------------------------------------------------
    "duplicate-stage-ids": replace(
        LADDER,
        "  - id: second-rung\n",
        "  - id: first-rung\n",
        "models/ladder.yaml:48:5: stages[2].id: duplicate stage id 'first-rung' (also stages[1])",
    ),
    "stage-number-gap": replace(
        LADDER,
        "    number: 4\n",
        "    number: 5\n",
        "models/ladder.yaml:59:5: stages[3].number: stage numbers must be consecutive; expected 4, got 5",
    ),
    # Numbered 2, 3, 4, 5 (each number replaced before the one below takes its place).
    "first-stage-two": case(
        *(Replace(LADDER, f"    number: {n}\n", f"    number: {n + 1}\n") for n in (4, 3, 2, 1)),
        expected=(
            "models/ladder.yaml:23:5: stages[0].number: the first stage must be number 1 (or 0 for a pre-stage), got 2",
        ),
    ),
    "unknown-capability": replace(
        LADDER,
        "      hearing: {level: 1",
        "      hearng: {level: 1",
        "models/ladder.yaml:47:7: stages[1].requires.hearng: unknown capability 'hearng' (did you mean 'hearing'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    "advice-unknown-business-kind": replace(
        PHASES,
        "  - business_kind: retail\n",
        "  - business_kind: retails\n",
        "models/phases.yaml:13:5: advice[0].business_kind: unknown business kind 'retails' (did you mean 'retail'?); known: retail, studio, wholesale",
    ),
    "advice-unknown-stage": replace(
        PHASES,
        "    stage: conversing\n",
        "    stage: conversin\n",
        "models/phases.yaml:17:5: advice[1].stage: unknown stage 'conversin' (did you mean 'conversing'?)",
    ),
    # --- equivalence overrides (on phases' broadcasting phase, pointing at the ladder) --------
    "override-unknown-model": case(
        _override(
            "    equivalence:",
            "      also:",
            "        - ladders/first-rung",
            "      reason: Both begin.",
        ),
        expected=(
            "models/phases.yaml:44:11: stages[1].equivalence.also[0]: unknown model 'ladders' (did you mean 'ladder'?)",
        ),
    ),
    "override-unknown-stage": case(
        _override(
            "    equivalence:",
            "      also:",
            "        - ladder/first-rng",
            "      reason: Both begin.",
        ),
        expected=(
            "models/phases.yaml:44:11: stages[1].equivalence.also[0]: model 'ladder' has no stage 'first-rng' (did you mean 'first-rung'?)",
        ),
    ),
    "override-own-model": case(
        _override(
            "    equivalence:",
            "      also:",
            "        - phases/conversing",
            "      reason: They overlap.",
        ),
        expected=(
            "models/phases.yaml:44:11: stages[1].equivalence.also[0]: a stage cannot be equivalent to a stage of its own model",
        ),
    ),
    "override-also-and-never": case(
        _override(
            "    equivalence:",
            "      also:",
            "        - ladder/first-rung",
            "      never:",
            "        - ladder/first-rung",
            "      reason: Undecided.",
        ),
        expected=(
            "models/phases.yaml:46:11: stages[1].equivalence.never[0]: 'ladder/first-rung' is listed under both 'also' and 'never'",
        ),
    ),
    "override-bad-ref": case(
        _override(
            "    equivalence:", "      also:", "        - first-rung", "      reason: Both begin."
        ),
        expected=(
            "models/phases.yaml:44:11: stages[1].equivalence.also[0]: must name a stage as '<model id>/<stage id>', like 'maturity-model/engagement'; got 'first-rung'",
        ),
    ),
    # The ladder's top rung names phases' conversing phase under `also`: with phases' file
    # unreadable, the ladder should not be blamed for naming an unknown model.
    "override-names-a-model-whose-file-cannot-be-read": case(
        Replace(PHASES, "stage_term: phase\n", "stage_term: phase\n\tadvice: []\n"),
        expected=("models/phases.yaml:12:1: tab character in indentation; use spaces",),
    ),
    # --- the vocabulary -----------------------------------------------------------------------
    "vocabulary-missing": case(
        Rename(VOCABULARY, "vocabulary.orig"),
        expected=("models/vocabulary.yaml:1:1: the shared vocabulary file is missing",),
    ),
    "vocabulary-as-yml": case(
        Rename(VOCABULARY, "vocabulary.yml"),
        expected=(
            "models/vocabulary.yaml:1:1: the shared vocabulary file is missing",
            "models/vocabulary.yml:1:1: this file is not read: name model files *.yaml, not "
            "*.yml; rename it to vocabulary.yaml",
        ),
    ),
    # The first capability pasted a second time at the end of the list.
    "vocabulary-duplicate-capability": replace(
        VOCABULARY,
        "bands:\n",
        "  - id: hearing\n"
        "    name: Hearing again\n"
        "    summary: A copy.\n"
        "    description: A copy.\n"
        "    levels:\n"
        + "".join(f"      - {{level: {n}, label: L{n}, description: A level.}}\n" for n in range(5))
        + "bands:\n",
        "models/vocabulary.yaml:56:5: capabilities[5].id: duplicate capability id 'hearing' (also capabilities[0])",
    ),
    "vocabulary-levels-out-of-order": case(
        Replace(
            VOCABULARY,
            "      - {level: 1, label: Sometimes,",
            "      - {level: 2, label: Sometimes,",
        ),
        Replace(VOCABULARY, "      - {level: 2, label: Daily,", "      - {level: 1, label: Daily,"),
        expected=(
            "models/vocabulary.yaml:12:10: capabilities[0].levels[1].level: levels must be listed 0 to 4 in order; expected 1, got 2",
            "models/vocabulary.yaml:13:10: capabilities[0].levels[2].level: levels must be listed 0 to 4 in order; expected 2, got 1",
        ),
    ),
    # One defect in one file, reported in every file it breaks: all problems are collected.
    "vocabulary-capability-renamed": replace(
        VOCABULARY,
        "  - id: tallying\n",
        "  - id: talying\n",
        "models/ladder.yaml:70:7: stages[3].requires.tallying: " + UNKNOWN_TALLYING,
        "models/phases.yaml:52:7: stages[2].requires.tallying: " + UNKNOWN_TALLYING,
        "models/questions.yaml:14:1: questions: no question asks about capability 'talying'; every capability needs at least one",
        "models/questions.yaml:62:5: questions[5].capability: " + UNKNOWN_TALLYING,
        "models/steps.yaml:22:7: stages[0].requires.tallying: " + UNKNOWN_TALLYING,
        "models/steps.yaml:40:7: stages[2].requires.tallying: " + UNKNOWN_TALLYING,
    ),
    # --- the quiz questions -------------------------------------------------------------------
    "questions-missing": case(
        Rename(QUESTIONS, "questions.orig"),
        expected=("models/questions.yaml:1:1: the quiz questions file is missing",),
    ),
    "questions-unknown-key": case(
        Replace(
            QUESTIONS,
            "    prompt: When someone writes to you, what happens?\n",
            "    promt: When someone writes to you, what happens?\n",
        ),
        expected=(
            "models/questions.yaml:43:5: questions[3].prompt: required field is missing",
            "models/questions.yaml:45:5: questions[3].promt: unknown field (did you mean 'prompt'?)",
        ),
    ),
    "questions-multi-line-prompt": replace(
        QUESTIONS,
        "    prompt: Who gathers around you?\n",
        "    prompt: |\n      Who gathers around you?\n      Do they talk to each other?\n",
        "models/questions.yaml:54:5: questions[4].prompt: must be a single line",
    ),
    "questions-unknown-capability": replace(
        QUESTIONS,
        "  - id: hearing-mentions\n    capability: hearing\n",
        "  - id: hearing-mentions\n    capability: hearng\n",
        "models/questions.yaml:16:5: questions[0].capability: unknown capability 'hearng' (did you mean 'hearing'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    # The only question about hosting deleted.
    "questions-capability-without-question": replace(
        QUESTIONS,
        "  - id: hosting-space\n    capability: hosting\n    prompt: Who gathers around you?\n    options:\n"
        + "".join(
            f"      - {{level: {n}, text: {text}}}\n"
            for n, text in enumerate(
                [
                    "Nobody.",
                    "Followers.",
                    "Regulars.",
                    "Members who talk to each other.",
                    "A community that runs itself.",
                ]
            )
        ),
        "",
        "models/questions.yaml:14:1: questions: no question asks about capability 'hosting'; every capability needs at least one",
    ),
    "questions-options-out-of-order": replace(
        QUESTIONS,
        "      - {level: 1, text: When something comes up.}\n      - {level: 2, text: From a plan.}\n",
        "      - {level: 2, text: From a plan.}\n      - {level: 1, text: When something comes up.}\n",
        "models/questions.yaml:40:10: questions[2].options[2].level: options must be listed in increasing order of level; 1 follows 2",
    ),
    # hearing-mentions still offers level 0.
    "questions-first-option-not-zero": replace(
        QUESTIONS,
        "      - {level: 0, text: Nothing changes.}\n",
        "",
        "models/questions.yaml:29:10: questions[1].options[0].level: the first option must be level 0, so that every answer from none to full is possible; got 1",
    ),
    # hearing-follow-up still offers level 4.
    "questions-last-option-not-four": replace(
        QUESTIONS,
        "      - {level: 4, text: Every team reads it.}\n",
        "",
        "models/questions.yaml:23:10: questions[0].options[3].level: the last option must be level 4, so that every answer from none to full is possible; got 3",
    ),
    "questions-level-offered-by-no-question": case(
        Replace(QUESTIONS, "      - {level: 3, text: Every day and summed up.}\n", ""),
        Replace(QUESTIONS, "      - {level: 3, text: It informs decisions.}\n", ""),
        expected=(
            "models/questions.yaml:19:5: questions[0].options: no question about 'hearing' offers level 3; an organisation at that level could not answer truthfully",
        ),
    ),
    # hearing-follow-up pasted from hearing-mentions, keeping its id.
    "questions-duplicate-id": replace(
        QUESTIONS,
        "  - id: hearing-follow-up\n",
        "  - id: hearing-mentions\n",
        "models/questions.yaml:25:5: questions[1].id: duplicate question id 'hearing-mentions' (also questions[0])",
    ),
    "questions-id-of-business-kind": replace(
        QUESTIONS,
        "  - id: posting-plan\n",
        "  - id: line-of-business\n",
        "models/questions.yaml:34:5: questions[2].id: 'line-of-business' is reserved by the business_kind question",
    ),
    "questions-id-v": replace(
        QUESTIONS,
        "  - id: posting-plan\n",
        "  - id: v\n",
        "models/questions.yaml:34:5: questions[2].id: 'v' is reserved by share links",
    ),
    # A misspelt kind is reported twice: as unknown, and as the real kind left without an option.
    "questions-unknown-business-kind": replace(
        QUESTIONS,
        "    - business_kind: retail\n",
        "    - business_kind: retails\n",
        "models/questions.yaml:6:3: business_kind.options: no option for business kind 'retail'; offer every kind in vocabulary.yaml",
        "models/questions.yaml:7:7: business_kind.options[0].business_kind: unknown business kind 'retails' (did you mean 'retail'?); known: retail, studio, wholesale",
    ),
    "questions-business-kind-twice": replace(
        QUESTIONS,
        "      text: We sell large orders to few buyers.\n",
        "      text: We sell large orders to few buyers.\n"
        "    - business_kind: studio\n"
        "      text: People talk about our studio.\n",
        "models/questions.yaml:13:7: business_kind.options[3].business_kind: 'studio' is already offered by business_kind.options[1]",
    ),
    "questions-business-kind-not-offered": replace(
        QUESTIONS,
        "    - business_kind: wholesale\n      text: We sell large orders to few buyers.\n",
        "",
        "models/questions.yaml:6:3: business_kind.options: no option for business kind 'wholesale'; offer every kind in vocabulary.yaml",
    ),
    # --- links from data: a source's `url` is the only one, and only an https:// address -----
    "data-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: 'data:text/html,<script>alert(1)</script>'\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got 'data:text/html,<script>alert(1)</script>'",
    ),
    "vbscript-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: 'vbscript:msgbox(1)'\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got 'vbscript:msgbox(1)'",
    ),
    "http-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: 'http://example.org/report'\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got 'http://example.org/report'",
    ),
    "protocol-relative-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: '//evil.example/report'\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got '//evil.example/report'",
    ),
    "relative-url-in-source": replace(
        LADDER,
        "  publication: The Test Review\n",
        "  publication: The Test Review\n  url: '../../etc/passwd'\n",
        "models/ladder.yaml:11:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got '../../etc/passwd'",
    ),
    # --- issue 14: what the build would reject late, found with everything else ----------------
    # A file name is an id in full: `$` would let a name end in a newline.
    "file-name-ending-in-a-newline": case(
        Rename(LADDER, "ladder\n.yaml"),
        expected=(f"models/ladder\\n.yaml:2:1: the file name 'ladder\\n.yaml' {FILE_NAME}",),
    ),
    # Near misses of `.yaml` are named, not skipped: a skipped model is lost without a word.
    "upper-case-yaml-extension": case(
        Rename(LADDER, "ladder.YAML"),
        expected=(
            "models/ladder.YAML:1:1: this file is not read: name model files *.yaml, not "
            "*.YAML; rename it to ladder.yaml",
        ),
    ),
    "mixed-case-yml-extension": case(
        Rename(LADDER, "ladder.Yml"),
        expected=(
            "models/ladder.Yml:1:1: this file is not read: name model files *.yaml, not *.Yml; "
            "rename it to ladder.yaml",
        ),
    ),
    "backup-of-a-model": case(
        Rename(LADDER, "ladder.yaml.bak"),
        expected=(
            "models/ladder.yaml.bak:1:1: this file is not read, as its name does not end in "
            ".yaml: rename it to ladder.yaml if it should be, or move it out of the models folder",
        ),
    ),
    # Letters and symbols drawn as nothing make blank navigation entries and headings.
    "title-of-hangul-fillers": replace(
        LADDER,
        "title: The Ladder of Fixtures\n",
        "title: \u3164\u3164\n",
        "models/ladder.yaml:2:1: title: must not be blank: it holds only characters that show as "
        "nothing (U+3164 HANGUL FILLER); write it with letters or digits",
    ),
    "short-title-of-a-half-width-filler": replace(
        LADDER,
        "short_title: Ladder\n",
        'short_title: "\\uFFA0 "\n',
        "models/ladder.yaml:3:1: short_title: must not be blank: it holds only characters that "
        "show as nothing (U+FFA0 HALFWIDTH HANGUL FILLER); write it with letters or digits",
    ),
    "stage-name-of-blank-braille": replace(
        LADDER,
        "    name: First rung\n",
        "    name: \u2800\u3000\u2800\n",
        "models/ladder.yaml:37:5: stages[1].name: must not be blank: it holds only characters "
        "that show as nothing (U+2800 BRAILLE PATTERN BLANK, U+3000 IDEOGRAPHIC SPACE); write "
        "it with letters or digits",
    ),
    # A page named after an id must not take the address of another page.
    "stage-id-index": replace(
        LADDER,
        "  - id: ground\n",
        "  - id: index\n",
        "models/ladder.yaml:22:5: stages[0].id: the page of stage ladder/index would be at "
        "models/ladder/index.md, the address of the page of model 'ladder'; choose another id",
    ),
    # A new capability (its quiz questions not yet written) whose page would be the list's.
    "capability-id-index": replace(
        VOCABULARY,
        "bands:\n",
        "  - id: index\n"
        "    name: Index\n"
        "    summary: A capability named like the list of capabilities.\n"
        "    description: Its page would take the address of the list.\n"
        "    levels:\n"
        "      - {level: 0, label: None, description: Nothing.}\n"
        "      - {level: 1, label: Some, description: Something.}\n"
        "      - {level: 2, label: More, description: More of it.}\n"
        "      - {level: 3, label: Much, description: Much of it.}\n"
        "      - {level: 4, label: All, description: All of it.}\n"
        "bands:\n",
        "models/questions.yaml:14:1: questions: no question asks about capability 'index'; "
        "every capability needs at least one",
        "models/vocabulary.yaml:56:5: capabilities[5].id: the page of capability 'index' would "
        "be at capabilities/index.md, the address of the list of capabilities; choose another id",
    ),
}
