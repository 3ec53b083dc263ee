"""A corpus of malformed model files, and the exact problems the atlas must report for each.

Every file in `tests/corpus/malformed/` is one case, named after it. `CASES` below says, for each
case, which file of the models folder it becomes (`becomes`, a name inside `models/`), which real
files it removes first (`removes`), and the exact lines `str(problem)` must give, in the sorted
order of `AtlasError.problems`. A case's test copies the real `models/` folder to a temporary
folder, removes and adds those files, and runs `load_atlas` on it. Most corpus files are a copy of
a real model with one defect and a first-line comment saying what it is, so the line numbers in
the expected problems can be checked by opening the corpus file.

A case with `poor` set is one whose current message or location is wrong or confusing: its
`expected` lines are the message it *should* give, and the test is a strict xfail whose reason is
`poor`, so it turns into a failure (XPASS) once the generator is fixed.

A case with `make` has no corpus file: `make` writes it, for inputs too big to commit (a file
over the size limit, ten thousand stages) or that are not plain files (a symbolic link). A case
with `hostile` set is loaded in a child process limited in memory and time, and must be refused
within `HOSTILE_SECONDS` and `HOSTILE_BYTES` of memory.

What a pull request can put in a model, and what happens to it:
- refused, with the file, line, column and key path: anything a models file has no use for
  (oversized files, too many values or stages or files, deep nesting, huge numbers, YAML tags,
  symbolic links), invisible and control characters in text (bidirectional marks, overrides and
  isolates, zero-width characters, tag characters, lone surrogates, terminal escapes), markup
  in ids (they become URLs), and any URL (no field holds one, so a `url:` is an unknown field);
- rendered inert: markup in text (HTML, Markdown links, attribute lists, Jinja): model text is
  plain text, shown as written (`tests/test_hostile_input.py` builds a site full of it).
Keys, file names and values with unprintable characters appear escaped in problems, so that a
problem shown in a terminal cannot drive it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.atlas import RESERVED_FILES, load_atlas
from generator.problems import AtlasError

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "models"
CORPUS = Path(__file__).resolve().parent / "corpus" / "malformed"
MKDOCS = Path(sys.executable).parent / "mkdocs"

STAGES = "three-stages.yaml"
PHASES = "three-phases.yaml"
VOCABULARY = "vocabulary.yaml"
QUESTIONS = "questions.yaml"
NEW = "broken.yaml"


@dataclass(frozen=True)
class Case:
    becomes: str
    """The name the corpus file takes in the models folder (replacing a real file of that name)."""
    expected: tuple[str, ...]
    removes: tuple[str, ...] = ()
    """Real files deleted from the models folder before the corpus file is added."""
    poor: str | None = None
    """Why the current message is wrong; `expected` is then the good message (strict xfail)."""
    hostile: bool = False
    """Loaded in a child process with limits, so that a regression cannot take the tests down."""
    make: Callable[[Path], None] | None = None
    """Writes the case's file at the path it is given, instead of copying a corpus file."""


def case(
    becomes: str,
    *expected: str,
    removes: tuple[str, ...] = (),
    poor: str | None = None,
    hostile: bool = False,
    make: Callable[[Path], None] | None = None,
) -> Case:
    return Case(becomes, expected, removes, poor, hostile, make)


# --- inputs the tests write -------------------------------------------------------------------


def _writes(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _many_model_files(path: Path) -> None:
    for index in range(1000):
        (path.parent / f"model-{index:04}.yaml").write_text("title: x\n", encoding="utf-8")


REAL_STAGES = (MODELS / STAGES).read_text(encoding="utf-8")
HEADER = REAL_STAGES[: REAL_STAGES.index("\nstages:\n") + 1]
"""three-stages.yaml up to its `stages:` key, which is on line 37."""
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
FORTY_ONE_STAGES = HEADER + "stages:\n" + "".join(STAGE.format(n=n) for n in range(1, 42))
ONE_MEBIBYTE_AND_A_BYTE = REAL_STAGES + "#" * (2**20 - len(REAL_STAGES.encode())) + "\n"
HUGE_NUMBER = REAL_STAGES.replace("    number: 1\n", "    number: " + "1" * 5000 + "\n", 1)


EXPANDS = "the document expands to more than 20000 values (aliases repeated too often?); refusing to read it"
NOT_PLAIN = "is not allowed; models hold only plain data"
SLUG = "must be lower-case letters and digits in words joined by hyphens, like 'social-advantage'"
LINE_SEPARATOR = "the file contains the invisible character U+2028 (LINE SEPARATOR); remove it"
UNKNOWN_MEASUREMENT = "unknown capability 'measurement' (did you mean 'measurment'?) (capabilities are defined in models/vocabulary.yaml)"
TOO_DEEP = "nesting deeper than 24 levels is not allowed"
INVISIBLE = "contains the invisible or control character"
NOT_SPACE = "which YAML does not read as a space; remove it)"

CASES: dict[str, Case] = {
    # --- reading the file: encoding, YAML syntax, and what YAML a data file may use ----------
    "yaml-syntax-error": case(
        STAGES,
        "models/three-stages.yaml:41:55: YAML syntax error: mapping values are not allowed here",
    ),
    "yaml-unclosed-quote": case(
        STAGES,
        "models/three-stages.yaml:3:14: YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
    ),
    "two-documents": case(
        STAGES,
        "models/three-stages.yaml:110:1: YAML syntax error: expected a single document in the stream but found another document",
    ),
    "tab-indentation": case(
        STAGES, "models/three-stages.yaml:39:1: tab character in indentation; use spaces"
    ),
    "duplicate-key": case(
        STAGES,
        "models/three-stages.yaml:77:5: stages[1].summary: duplicate key 'summary' (first written at line 67); each key may appear once",
    ),
    "alias-bomb": case(
        NEW,
        f"models/broken.yaml:6:1: e: {EXPANDS}",
        hostile=True,
    ),
    "recursive-alias": case(
        NEW,
        "models/broken.yaml:3:9: stages"
        + "[0]" * 24
        + ": nesting deeper than 24 levels is not allowed",
        hostile=True,
    ),
    "python-object-apply-tag": case(
        STAGES,
        f"models/three-stages.yaml:2:8: title: the tag 'tag:yaml.org,2002:python/object/apply:os.system' {NOT_PLAIN}",
    ),
    "python-name-tag": case(
        STAGES,
        f"models/three-stages.yaml:3:14: short_title: the tag 'tag:yaml.org,2002:python/name:os.system' {NOT_PLAIN}",
    ),
    "custom-tag": case(
        STAGES,
        f"models/three-stages.yaml:77:15: stages[1].pitfalls: the tag '!include' {NOT_PLAIN}",
    ),
    "merge-keys": case(
        STAGES,
        "models/three-stages.yaml:104:7: stages[2].requires: merge keys (`<<`) are not supported; write the keys out",
    ),
    "empty-file": case(NEW, "models/broken.yaml:1:1: the file is empty"),
    "comments-only": case(NEW, "models/broken.yaml:1:1: the file is empty"),
    "top-level-list": case(
        NEW, "models/broken.yaml:2:1: the file must hold a mapping of fields, not a list"
    ),
    "top-level-string": case(
        NEW,
        "models/broken.yaml:2:1: the file must hold a mapping of fields, not a string",
    ),
    "top-level-number": case(
        NEW,
        "models/broken.yaml:2:1: the file must hold a mapping of fields, not a number",
    ),
    "top-level-null": case(
        NEW,
        "models/broken.yaml:2:1: the file must hold a mapping of fields, not null",
    ),
    "invalid-utf8": case(STAGES, "models/three-stages.yaml:40:42: the file is not valid UTF-8"),
    "invalid-utf8-after-multibyte": case(
        STAGES,
        "models/three-stages.yaml:30:68: the file is not valid UTF-8",
    ),
    "raw-control-character": case(
        STAGES,
        "models/three-stages.yaml:40:33: the file contains the control character U+0007; remove it",
    ),
    "line-separator-in-name": case(
        STAGES,
        f"models/three-stages.yaml:40:23: {LINE_SEPARATOR}",
    ),
    "line-separator-quoted": case(
        STAGES,
        f"models/three-stages.yaml:40:24: {LINE_SEPARATOR}",
    ),
    "line-separator-in-comment": case(
        STAGES,
        f"models/three-stages.yaml:1:98: {LINE_SEPARATOR}",
    ),
    # --- what a pull request can hold: too big, too many, too deep, not a plain file ----------
    "oversized-file": case(
        STAGES,
        "models/three-stages.yaml:1:1: the file is 1048577 bytes; the limit is 262144 bytes",
        hostile=True,
        make=_writes(ONE_MEBIBYTE_AND_A_BYTE),
    ),
    # Ten thousand stages cannot reach the stage limit: written out they pass the size limit,
    # written with aliases the limit on values.
    "ten-thousand-stages": case(
        STAGES,
        f"models/three-stages.yaml:1:1: the file is {len(TEN_THOUSAND_STAGES.encode())} bytes; the limit is 262144 bytes",
        hostile=True,
        make=_writes(TEN_THOUSAND_STAGES),
    ),
    "ten-thousand-stages-by-alias": case(
        STAGES,
        f"models/three-stages.yaml:37:1: stages: {EXPANDS}",
        hostile=True,
        make=_writes(TEN_THOUSAND_ALIASES),
    ),
    "forty-one-stages": case(
        STAGES,
        "models/three-stages.yaml:37:1: stages: holds 41 items; at most 40 are allowed",
        make=_writes(FORTY_ONE_STAGES),
    ),
    "twenty-thousand-values": case(
        NEW,
        "models/broken.yaml:1:60000: title[19997]: the file holds more than 20000 values, far more than a models file needs; refusing to read it",
        hostile=True,
        make=_writes("title: [" + ", ".join(["x"] * 20_000) + "]\n"),
    ),
    "a-thousand-model-files": case(
        NEW,
        "models:1:1: the folder holds 1005 model files; at most 40 are allowed",
        hostile=True,
        make=_many_model_files,
    ),
    "deep-nesting-flow-lists": case(
        NEW,
        "models/broken.yaml:1:32: title" + "[0]" * 24 + f": {TOO_DEEP}",
        hostile=True,
        make=_writes("title: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    ),
    "deep-nesting-flow-mappings": case(
        NEW,
        "models/broken.yaml:1:104: title" + ".a" * 24 + f": {TOO_DEEP}",
        hostile=True,
        make=_writes("title: " + "{a: " * 10_000 + "x" + "}" * 10_000 + "\n"),
    ),
    "deep-nesting-block-lists": case(
        NEW,
        "models/broken.yaml:2:51: title" + "[0]" * 24 + f": {TOO_DEEP}",
        hostile=True,
        make=_writes("title:\n  " + "- " * 10_000 + "x\n"),
    ),
    "deep-nesting-unclosed": case(
        NEW,
        "models/broken.yaml:1:32: title" + "[0]" * 24 + f": {TOO_DEEP}",
        hostile=True,
        make=_writes("title: " + "[" * 100_000 + "\n"),
    ),
    # Shapes that are slow to scan if anything in the reader is quadratic: each within the size
    # limit, each refused in about a second.
    "long-unclosed-quote": case(
        NEW,
        "models/broken.yaml:1:8: YAML syntax error: while scanning a quoted scalar found unexpected end of stream",
        hostile=True,
        make=_writes('title: "' + "x" * 250_000 + "\n"),
    ),
    "long-line-of-colons": case(
        NEW,
        "models/broken.yaml:1:9: YAML syntax error: mapping values are not allowed here",
        hostile=True,
        make=_writes("title: " + "x: " * 80_000 + "\n"),
    ),
    "deep-nesting-of-keys": case(
        NEW,
        "models/broken.yaml:1:26: ?" + ".?" * 24 + f": {TOO_DEEP}",
        hostile=True,
        make=_writes("{" * 250_000 + "\n"),
    ),
    "sixty-thousand-aliases": case(
        NEW,
        "models/broken.yaml:2:79989: title[19995]: the file holds more than 20000 values, far more than a models file needs; refusing to read it",
        hostile=True,
        make=_writes("a: &a x\ntitle: [" + "*a, " * 60_000 + "]\n"),
    ),
    "huge-number": case(
        STAGES,
        "models/three-stages.yaml:39:13: stages[0].number: a number with 5000 digits is not allowed; if it is text, write it in quotes",
        hostile=True,
        make=_writes(HUGE_NUMBER),
    ),
    "symbolic-link-to-a-device": case(
        NEW,
        "models/broken.yaml:1:1: the file is a symbolic link; models files must be regular files in the models folder",
        hostile=True,
        make=lambda path: path.symlink_to("/dev/zero"),
    ),
    "folder-named-like-a-model": case(
        NEW,
        "models/broken.yaml:1:1: not a regular file; models files must be plain text",
        make=lambda path: path.mkdir(),
    ),
    # --- the schema: types, required and unknown fields, formats, text ------------------------
    "wrong-type-number": case(
        STAGES,
        "models/three-stages.yaml:87:5: stages[2].number: input should be a valid integer, got 'three'",
    ),
    "wrong-type-signs-string": case(
        STAGES,
        "models/three-stages.yaml:72:5: stages[1].signs: input should be a valid list, got 'The organisation tracks what customers and employees tal...",
    ),
    "empty-value": case(
        STAGES,
        "models/three-stages.yaml:94:5: stages[2].signs: has no value; write one after the colon",
    ),
    "year-unquoted": case(
        STAGES,
        "models/three-stages.yaml:5:1: year: input should be a valid string, got 2013 (a number); write it in quotes: '2013'",
    ),
    "stage-term-invalid": case(
        PHASES,
        "models/three-phases.yaml:12:1: stage_term: input should be 'stage' or 'phase', got 'step'",
    ),
    "missing-required-field": case(
        STAGES, "models/three-stages.yaml:64:5: stages[1].summary: required field is missing"
    ),
    "missing-top-level-field": case(
        STAGES, "models/three-stages.yaml:2:1: orders_by: required field is missing"
    ),
    "unknown-field": case(
        STAGES,
        "models/three-stages.yaml:38:5: stages[0].summary: required field is missing",
        "models/three-stages.yaml:41:5: stages[0].sumary: unknown field (did you mean 'summary'?)",
    ),
    "unknown-top-level-field": case(
        STAGES, "models/three-stages.yaml:5:1: autor: unknown field (did you mean 'authors'?)"
    ),
    "level-too-high": case(
        STAGES,
        "models/three-stages.yaml:84:7: stages[1].requires.conversation: input should be less than or equal to 4",
    ),
    "level-zero": case(
        STAGES,
        "models/three-stages.yaml:62:7: stages[0].requires.community: input should be greater than or equal to 1",
    ),
    "requires-key-not-slug": case(
        STAGES,
        f"models/three-stages.yaml:84:7: stages[1].requires.Conversation: key 'Conversation' {SLUG}; got 'Conversation'",
    ),
    "bad-slug-id": case(
        STAGES, f"models/three-stages.yaml:86:5: stages[2].id: {SLUG}; got 'Agent_of_Change'"
    ),
    "escaped-control-character": case(
        STAGES,
        "models/three-stages.yaml:40:5: stages[0].name: contains the invisible or control character U+0007 at offset 22; remove it",
    ),
    "right-to-left-override": case(
        STAGES,
        f"models/three-stages.yaml:66:5: stages[1].name: {INVISIBLE} U+202E (RIGHT-TO-LEFT OVERRIDE) at offset 26; remove it",
    ),
    # --- invisible characters: bidirectional marks and isolates, zero-width, tags, escapes ----
    "left-to-right-mark": case(
        STAGES,
        f"models/three-stages.yaml:40:5: stages[0].name: {INVISIBLE} U+200E (LEFT-TO-RIGHT MARK) at offset 26; remove it",
    ),
    "right-to-left-mark": case(
        STAGES,
        f"models/three-stages.yaml:41:5: stages[0].summary: {INVISIBLE} U+200F (RIGHT-TO-LEFT MARK) at offset 32; remove it",
    ),
    "arabic-letter-mark": case(
        STAGES,
        f"models/three-stages.yaml:2:1: title: {INVISIBLE} U+061C (ARABIC LETTER MARK) at offset 5; remove it",
    ),
    "left-to-right-isolate": case(
        STAGES,
        f"models/three-stages.yaml:42:5: stages[0].description: {INVISIBLE} U+2066 (LEFT-TO-RIGHT ISOLATE) at offset 59; remove it",
    ),
    "right-to-left-isolate": case(
        STAGES,
        f"models/three-stages.yaml:47:9: stages[0].signs[0]: {INVISIBLE} U+2067 (RIGHT-TO-LEFT ISOLATE) at offset 25; remove it",
    ),
    "first-strong-isolate": case(
        STAGES,
        f"models/three-stages.yaml:52:9: stages[0].pitfalls[0]: {INVISIBLE} U+2068 (FIRST STRONG ISOLATE) at offset 0; remove it",
    ),
    "pop-directional-isolate": case(
        STAGES,
        f"models/three-stages.yaml:55:9: stages[0].next_steps[0]: {INVISIBLE} U+2069 (POP DIRECTIONAL ISOLATE) at offset 5; remove it",
    ),
    "zero-width-space-in-id": case(
        STAGES, f"models/three-stages.yaml:38:5: stages[0].id: {SLUG}; got 'me\\u200bdia'"
    ),
    "zero-width-space-in-key": case(
        STAGES,
        f"models/three-stages.yaml:59:7: stages[0].requires.atti\\u200btude: key 'atti\\u200btude' {SLUG}; got 'atti\\u200btude'",
    ),
    "byte-order-mark-mid-file": case(
        STAGES,
        f"models/three-stages.yaml:41:12: YAML syntax error: mapping values are not allowed here (line 40, column 1 holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE), {NOT_SPACE}",
    ),
    "byte-order-mark-in-text": case(
        STAGES,
        f"models/three-stages.yaml:3:1: short_title: {INVISIBLE} U+FEFF (ZERO WIDTH NO-BREAK SPACE) at offset 5; remove it",
    ),
    "no-break-space-indentation": case(
        STAGES,
        f"models/three-stages.yaml:41:12: YAML syntax error: mapping values are not allowed here (line 40, column 1 holds the invisible character U+00A0 (NO-BREAK SPACE), {NOT_SPACE}",
    ),
    "tag-characters": case(
        STAGES,
        f"models/three-stages.yaml:48:9: stages[0].signs[1]: {INVISIBLE} U+E0069 (TAG LATIN SMALL LETTER I) at offset 120; remove it",
    ),
    "line-separator-escaped": case(
        STAGES,
        f"models/three-stages.yaml:40:5: stages[0].name: {INVISIBLE} U+2028 (LINE SEPARATOR) at offset 25; remove it",
    ),
    "lone-surrogate-escaped": case(
        STAGES,
        f"models/three-stages.yaml:40:5: stages[0].name: {INVISIBLE} U+D800 at offset 26; remove it",
    ),
    "right-to-left-override-escaped": case(
        STAGES,
        f"models/three-stages.yaml:40:5: stages[0].name: {INVISIBLE} U+202E (RIGHT-TO-LEFT OVERRIDE) at offset 26; remove it",
    ),
    "escape-sequence-in-text": case(
        STAGES,
        f"models/three-stages.yaml:40:5: stages[0].name: {INVISIBLE} U+001B at offset 26; remove it",
    ),
    "escape-sequence-in-key": case(
        STAGES,
        "models/three-stages.yaml:38:5: stages[0].name: required field is missing",
        "models/three-stages.yaml:40:5: stages[0].\\x1b[2Jname: unknown field (did you mean 'name'?)",
    ),
    # --- markup and links where text is not allowed -------------------------------------------
    "script-tag-in-id": case(
        STAGES,
        f"models/three-stages.yaml:38:5: stages[0].id: {SLUG}; got '<script>alert(1)</script>'",
    ),
    "javascript-url-in-source": case(
        STAGES,
        "models/three-stages.yaml:7:3: source.url: must be the https:// address of a web page, like 'https://example.org/report' (no spaces, password or port); got 'javascript:alert(document.cookie)'",
    ),
    "source-seed-outside-the-folder": case(
        STAGES,
        "models/three-stages.yaml:8:3: source.seed: string should match pattern '^[A-Za-z0-9_.-]+\\.txt$'",
    ),
    "multi-line-one-line-field": case(
        STAGES, "models/three-stages.yaml:41:5: stages[0].summary: must be a single line"
    ),
    # --- file names ---------------------------------------------------------------------------
    "file-name-not-slug": case(
        "Bad Name.yaml",
        "models/Bad Name.yaml:2:1: the file name 'Bad Name.yaml' must be a model id: lower-case words joined by hyphens, like 'maturity-model.yaml'",
        removes=(STAGES,),
    ),
    "escape-sequence-in-file-name": case(
        "\x1b[2J.yaml",
        "models/\\x1b[2J.yaml:2:1: the file name '\\x1b[2J.yaml' must be a model id: lower-case words joined by hyphens, like 'maturity-model.yaml'",
        removes=(STAGES,),
    ),
    "yml-extension": case(
        "three-stages.yml",
        "models/three-stages.yml:1:1: name model files *.yaml, not *.yml",
        removes=(STAGES,),
    ),
    # --- checks within a model ----------------------------------------------------------------
    "duplicate-stage-ids": case(
        STAGES,
        "models/three-stages.yaml:86:5: stages[2].id: duplicate stage id 'infrastructure' (also stages[1])",
    ),
    "stage-number-gap": case(
        STAGES,
        "models/three-stages.yaml:87:5: stages[2].number: stage numbers must be consecutive; expected 3, got 4",
    ),
    "first-stage-two": case(
        STAGES,
        "models/three-stages.yaml:39:5: stages[0].number: the first stage must be number 1 (or 0 for a pre-stage), got 2",
    ),
    "unknown-capability": case(
        STAGES,
        "models/three-stages.yaml:83:7: stages[1].requires.listenning: unknown capability 'listenning' (did you mean 'listening'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    "advice-unknown-business-kind": case(
        PHASES,
        "models/three-phases.yaml:45:5: advice[0].business_kind: unknown business kind 'consumers' (did you mean 'consumer'?); known: consumer, known-brand, b2b-high-value",
    ),
    "advice-unknown-stage": case(
        PHASES,
        "models/three-phases.yaml:49:5: advice[1].stage: unknown stage 'reactive-engagment' (did you mean 'reactive-engagement'?)",
    ),
    # --- equivalence overrides (in a copy of three-phases, pointing at three-stages) ----------
    "override-unknown-model": case(
        PHASES,
        "models/three-phases.yaml:60:11: stages[0].equivalence.also[0]: unknown model 'three-stage' (did you mean 'three-stages'?)",
    ),
    "override-unknown-stage": case(
        PHASES,
        "models/three-phases.yaml:60:11: stages[0].equivalence.also[0]: model 'three-stages' has no stage 'infrastucture' (did you mean 'infrastructure'?)",
    ),
    "override-own-model": case(
        PHASES,
        "models/three-phases.yaml:60:11: stages[0].equivalence.also[0]: a stage cannot be equivalent to a stage of its own model",
    ),
    "override-also-and-never": case(
        PHASES,
        "models/three-phases.yaml:62:11: stages[0].equivalence.never[0]: 'three-stages/infrastructure' is listed under both 'also' and 'never'",
    ),
    "override-bad-ref": case(
        PHASES,
        "models/three-phases.yaml:60:11: stages[0].equivalence.also[0]: must name a stage as '<model id>/<stage id>', like 'maturity-model/engagement'; got 'infrastructure'",
    ),
    "override-never-leaves-no-equivalent": case(
        PHASES,
        "models/three-phases.yaml:59:7: stages[0].equivalence.never: leaves the stage with no equivalent in 'three-stages' and 'three-stages/media' with no equivalent in 'three-phases'; every stage needs at least one in every other model",
    ),
    # --- the vocabulary -----------------------------------------------------------------------
    "vocabulary-missing": case(
        "vocabulary.yaml.orig",
        "models/vocabulary.yaml:1:1: the shared vocabulary file is missing",
        removes=(VOCABULARY,),
    ),
    "vocabulary-as-yml": case(
        "vocabulary.yml",
        "models/vocabulary.yaml:1:1: the shared vocabulary file is missing",
        "models/vocabulary.yml:1:1: name model files *.yaml, not *.yml",
        removes=(VOCABULARY,),
    ),
    "vocabulary-duplicate-capability": case(
        VOCABULARY,
        "models/vocabulary.yaml:279:5: capabilities[12].id: duplicate capability id 'attitude' (also capabilities[0])",
    ),
    "vocabulary-levels-out-of-order": case(
        VOCABULARY,
        "models/vocabulary.yaml:14:9: capabilities[0].levels[1].level: levels must be listed 0 to 4 in order; expected 1, got 2",
        "models/vocabulary.yaml:17:9: capabilities[0].levels[2].level: levels must be listed 0 to 4 in order; expected 2, got 1",
    ),
    # One defect in one file, reported in every file it breaks: all problems are collected.
    "vocabulary-capability-renamed": case(
        VOCABULARY,
        "models/questions.yaml:14:1: questions: no question asks about capability 'measurment'; every capability needs at least one",
        f"models/questions.yaml:216:5: questions[14].capability: {UNKNOWN_MEASUREMENT}",
        f"models/questions.yaml:230:5: questions[15].capability: {UNKNOWN_MEASUREMENT}",
        f"models/seven-stages-of-uptake.yaml:99:7: stages[2].requires.measurement: {UNKNOWN_MEASUREMENT}",
        f"models/solis-10-stages.yaml:67:7: stages[0].requires.measurement: {UNKNOWN_MEASUREMENT}",
        f"models/solis-10-stages.yaml:127:7: stages[2].requires.measurement: {UNKNOWN_MEASUREMENT}",
        f"models/solis-10-stages.yaml:323:7: stages[9].requires.measurement: {UNKNOWN_MEASUREMENT}",
        f"models/three-phases.yaml:82:7: stages[0].requires.measurement: {UNKNOWN_MEASUREMENT}",
        f"models/three-phases.yaml:129:7: stages[2].requires.measurement: {UNKNOWN_MEASUREMENT}",
    ),
    # --- the quiz questions -------------------------------------------------------------------
    "questions-missing": case(
        "questions.yaml.orig",
        "models/questions.yaml:1:1: the quiz questions file is missing",
        removes=(QUESTIONS,),
    ),
    "questions-unknown-key": case(
        QUESTIONS,
        "models/questions.yaml:116:5: questions[7].prompt: required field is missing",
        "models/questions.yaml:118:5: questions[7].promt: unknown field (did you mean 'prompt'?)",
    ),
    "questions-multi-line-prompt": case(
        QUESTIONS, "models/questions.yaml:146:5: questions[9].prompt: must be a single line"
    ),
    "questions-unknown-capability": case(
        QUESTIONS,
        "models/questions.yaml:88:5: questions[5].capability: unknown capability 'listenning' (did you mean 'listening'?) (capabilities are defined in models/vocabulary.yaml)",
    ),
    "questions-capability-without-question": case(
        QUESTIONS,
        "models/questions.yaml:14:1: questions: no question asks about capability 'social-selling'; every capability needs at least one",
    ),
    "questions-options-out-of-order": case(
        QUESTIONS,
        "models/questions.yaml:38:9: questions[1].options[2].level: options must be listed in increasing order of level; 1 follows 2",
    ),
    "questions-first-option-not-zero": case(
        QUESTIONS,
        "models/questions.yaml:106:9: questions[6].options[0].level: the first option must be level 0, so that every answer from none to full is possible; got 1",
    ),
    "questions-last-option-not-four": case(
        QUESTIONS,
        "models/questions.yaml:54:9: questions[2].options[3].level: the last option must be level 4, so that every answer from none to full is possible; got 3",
    ),
    "questions-level-offered-by-no-question": case(
        QUESTIONS,
        "models/questions.yaml:47:5: questions[2].options: no question about 'attitude' offers level 3; an organisation at that level could not answer truthfully",
    ),
    "questions-duplicate-id": case(
        QUESTIONS,
        "models/questions.yaml:102:5: questions[6].id: duplicate question id 'listening-tracking' (also questions[5])",
    ),
    "questions-id-of-business-kind": case(
        QUESTIONS,
        "models/questions.yaml:73:5: questions[4].id: 'kind-of-business' is reserved by the business_kind question",
    ),
    "questions-id-v": case(
        QUESTIONS, "models/questions.yaml:73:5: questions[4].id: 'v' is reserved by share links"
    ),
    # A misspelt kind is reported twice: as unknown, and as the real kind left without an option.
    "questions-unknown-business-kind": case(
        QUESTIONS,
        "models/questions.yaml:6:3: business_kind.options: no option for business kind 'consumer'; offer every kind in vocabulary.yaml",
        "models/questions.yaml:7:7: business_kind.options[0].business_kind: unknown business kind 'consumers' (did you mean 'consumer'?); known: consumer, known-brand, b2b-high-value",
    ),
    "questions-business-kind-twice": case(
        QUESTIONS,
        "models/questions.yaml:13:7: business_kind.options[3].business_kind: 'known-brand' is already offered by business_kind.options[1]",
    ),
    "questions-business-kind-not-offered": case(
        QUESTIONS,
        "models/questions.yaml:6:3: business_kind.options: no option for business kind 'b2b-high-value'; offer every kind in vocabulary.yaml",
    ),
}


def params() -> list[object]:
    """A `pytest.param` for every case, the poor ones as strict xfails."""
    return [
        pytest.param(
            name,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=CASES[name].poor)]
            if CASES[name].poor
            else [],
        )
        for name in sorted(CASES)
    ]


def add_models(project: Path, *names: str) -> Path:
    """Copy the real models into `project/models`, then apply the named corpus cases to it."""
    models = project / "models"
    shutil.copytree(MODELS, models)
    for name in names:
        spec = CASES[name]
        for removed in spec.removes:
            (models / removed).unlink()
        if spec.make is not None:
            spec.make(models / spec.becomes)
        else:
            shutil.copyfile(CORPUS / f"{name}.yaml", models / spec.becomes)
    return models


def load_error(models: Path) -> AtlasError:
    with pytest.raises(AtlasError) as caught:
        load_atlas(models, display_root=models.parent)
    return caught.value


CHILD = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    from pathlib import Path

    try:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    except (ValueError, OSError):  # not every platform supports the limit
        pass
    from generator.atlas import load_atlas
    from generator.problems import AtlasError

    models, measure = Path(sys.argv[1]), sys.argv[2] == "measure"
    if measure:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        load_atlas(models, display_root=models.parent)
    except AtlasError as error:
        elapsed = time.perf_counter() - start
        print(json.dumps({
            "elapsed": elapsed,
            "peak": tracemalloc.get_traced_memory()[1] if measure else None,
            "problems": [str(problem) for problem in error.problems],
            "text": str(error),
        }))
    """
)


# The whole atlas loads in about 0.7 s and 10 MiB under tracemalloc; a hostile file may cost a
# few times that, never what it asks for (hours, gigabytes, a crash). The time allowed is
# generous because the machine running the tests may be busy with other work.
HOSTILE_SECONDS = 20.0
HOSTILE_BYTES = 100 * 2**20


def load_error_in_child(models: Path, *, measure: bool = False) -> dict[str, Any]:
    """`load_atlas` in a child process limited to 2 GiB of address space and 60 s, for inputs
    built to exhaust memory or time: a regression then fails the test instead of the machine."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(models), "measure" if measure else "-"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout, "load_atlas raised no AtlasError"
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def problem_lines(models: Path) -> list[str]:
    return [str(problem) for problem in load_error(models).problems]


def expected_lines(*names: str) -> list[str]:
    return sorted(line for name in names for line in CASES[name].expected)


def heading(count: int) -> str:
    return f"{count} problem{'s' if count != 1 else ''} in the models; nothing was built:"


# --- the corpus itself ------------------------------------------------------------------------


def test_every_corpus_file_has_a_case_and_every_case_a_file() -> None:
    files = {path.name for path in CORPUS.iterdir()}
    assert files == {f"{name}.yaml" for name, spec in CASES.items() if spec.make is None}
    assert len(CASES) >= 24


def test_the_real_models_load_cleanly() -> None:
    """The baseline: every problem in the tests below comes from the corpus file."""
    atlas = load_atlas(MODELS)
    assert {model.id for model in atlas.models} == {
        path.stem for path in MODELS.glob("*.yaml") if path.name not in RESERVED_FILES
    }


# --- one case at a time -----------------------------------------------------------------------


@pytest.mark.parametrize("name", params())
def test_malformed_model_reports_exact_problems(name: str, tmp_path: Path) -> None:
    models = add_models(tmp_path, name)
    if CASES[name].hostile:
        found = load_error_in_child(models, measure=True)
        lines, text = found["problems"], found["text"]
        assert found["elapsed"] < HOSTILE_SECONDS
        assert found["peak"] < HOSTILE_BYTES
    else:
        error = load_error(models)
        lines, text = [str(problem) for problem in error.problems], str(error)
    assert lines == list(CASES[name].expected)
    # The text the MkDocs plugin shows is the heading and every line, indented.
    assert text == "\n".join([heading(len(lines)), *(f"  {line}" for line in lines)])


@pytest.mark.parametrize("name", ["python-object-apply-tag", "python-name-tag"])
def test_python_tags_are_refused_without_being_constructed(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args) or 0)
    monkeypatch.chdir(tmp_path)
    assert problem_lines(add_models(tmp_path, name)) == list(CASES[name].expected)
    assert calls == []
    assert not (tmp_path / "pwned-by-corpus").exists()


def test_alias_bomb_is_refused_fast_and_in_little_memory(tmp_path: Path) -> None:
    """Billion laughs (10**10 strings once expanded): refused after building a bounded number
    of values, quickly and in a few megabytes."""
    found = load_error_in_child(add_models(tmp_path, "alias-bomb"), measure=True)
    [problem] = found["problems"]
    assert problem.startswith("models/broken.yaml:")
    assert problem.endswith(f": {EXPANDS}")
    # The whole atlas (six files) loads in about 0.7 s under tracemalloc; expanding the bomb
    # would take hours and hit the child's memory limit long before.
    assert found["elapsed"] < 5.0
    assert found["peak"] < 50 * 2**20


# --- several files at once --------------------------------------------------------------------


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    """A file that cannot be read, a new file of the wrong shape, a model with a wrong stage
    reference and a vocabulary with a duplicate id: one error lists all four, sorted by file."""
    names = [
        "yaml-syntax-error",
        "top-level-list",
        "advice-unknown-stage",
        "vocabulary-duplicate-capability",
    ]
    error = load_error(add_models(tmp_path, *names))
    lines = [str(problem) for problem in error.problems]
    assert lines == expected_lines(*names)
    assert [line.split(":")[0] for line in lines] == [
        "models/broken.yaml",
        "models/three-phases.yaml",
        "models/three-stages.yaml",
        "models/vocabulary.yaml",
    ]
    assert str(error).splitlines()[0] == heading(4)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("yaml-syntax-error", "advice-unknown-business-kind"),
        ("empty-file", "missing-required-field"),
        ("vocabulary-duplicate-capability", "unknown-capability"),
        ("vocabulary-missing", "wrong-type-number"),
        ("top-level-list", "override-unknown-stage"),
        ("vocabulary-duplicate-capability", "override-never-leaves-no-equivalent"),
    ],
)
def test_a_problem_in_one_file_does_not_hide_problems_in_another(
    first: str, second: str, tmp_path: Path
) -> None:
    assert CASES[first].becomes != CASES[second].becomes
    assert problem_lines(add_models(tmp_path, first, second)) == expected_lines(first, second)


def test_a_model_with_errors_is_not_reported_as_unknown_by_overrides(tmp_path: Path) -> None:
    models = add_models(tmp_path, "wrong-type-number", "override-never-leaves-no-equivalent")
    assert problem_lines(models) == list(CASES["wrong-type-number"].expected)


# --- the real build ---------------------------------------------------------------------------


def make_project(root: Path, *names: str) -> Path:
    """A project to build: mkdocs.yml, content/ and site_overrides/, and the broken models/."""
    project = root / "project"
    project.mkdir()
    shutil.copy2(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("content", "site_overrides"):
        shutil.copytree(PROJECT / folder, project / folder)
    add_models(project, *names)
    return project


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "name",
    [
        "yaml-syntax-error",
        "unknown-field",
        "vocabulary-duplicate-capability",
        "override-unknown-stage",
    ],
)
def test_mkdocs_build_stops_before_writing_anything(name: str, tmp_path: Path) -> None:
    project = make_project(tmp_path, name)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    output = (result.stdout + result.stderr).splitlines()
    expected = CASES[name].expected
    assert any(line.endswith(heading(len(expected))) for line in output), output
    for line in expected:
        assert f"  {line}" in output
    assert not site.exists()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (content and modification time) and folder under `folder`."""
    return {
        path.relative_to(folder).as_posix(): (
            (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
        )
        for path in sorted(folder.rglob("*"))
    }


def test_failing_build_leaves_an_existing_site_untouched(tmp_path: Path) -> None:
    project = make_project(tmp_path, "unknown-capability")
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>the site as last published</p>\n", encoding="utf-8")
    (site / "assets" / "old.css").write_text("body { color: black; }\n", encoding="utf-8")
    before = snapshot(site)

    result = mkdocs_build(project, site)

    assert result.returncode != 0
    output = (result.stdout + result.stderr).splitlines()
    assert f"  {CASES['unknown-capability'].expected[0]}" in output
    assert snapshot(site) == before
