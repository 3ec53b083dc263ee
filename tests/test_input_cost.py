"""Visitor input is refused in time linear in its size, whatever it holds.

Share links and answer files come from anyone, and the team view feeds many of them through the
same parsers. Refusing one must cost work in proportion to its length: an answers file under the
size limit that opened a JSON string and never closed it (`"\\"\\"\\"…`) once took 22 s to refuse
at 64 KB, because a pattern spanning a whole string was tried again from each of its quotes.

Work is counted, not timed (the machine is shared): every line of Python run and every call into
C made while a parser reads the input. The C calls the parsers make on visitor input are one pass
each (the JSON decoder, `str.split`, `str.encode`, and patterns that match at most a few
characters, which a test below checks), so a count linear in the input means time linear in it.
The count
is checked against `WORK_PER_CHARACTER` per character plus a constant, on generated hostile input
of every size up to the limits, so a parser that looks at a character twice as often, or at the
text once per quote, fails. BENCHMARKS.md and the closing notes give the time this takes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz import answers
from quiz.answers import EXPORT_FORMAT, MAX_IMPORT_BYTES, MAX_SHARE_LENGTH
from tests.test_quiz_scoring import API, FUZZ, SPEC, reply

# Lines of Python plus C calls per character of input, and a constant for the fixed work of
# a reply (measured: about 9 per structural character, and a few hundred for a reply).
WORK_PER_CHARACTER = 16
FIXED_WORK = 5_000

# The characters that steer the parsers: JSON's structure and escapes, and share links' fields
# and percent escapes.
STRUCTURAL = '"\\[]{}:,%&=+0aZ\u00e9\ud800 '
UNITS = st.text(alphabet=STRUCTURAL, min_size=1, max_size=12)
PREFIXES = st.sampled_from(
    ["", "{", '{"', '{"answers": "', f'{{"format": "{EXPORT_FORMAT}", "answers": {{"a": "', "["]
)


def counted_work(call: Callable[[str], str], text: str) -> tuple[str, int]:
    """`call(text)` and the work it took: Python lines run plus calls into C functions."""
    work = 0

    def count_lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal work
        if event == "line":
            work += 1
        return count_lines

    def count_c_calls(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal work
        if event == "c_call":
            work += 1

    previous_trace, previous_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(count_lines)
    sys.setprofile(count_c_calls)
    try:
        result = call(text)
    finally:
        sys.settrace(previous_trace)
        sys.setprofile(previous_profile)
    return result, work


def assert_linear(call: Callable[[str], str], text: str) -> dict[str, Any]:
    result, work = counted_work(call, text)
    assert work <= WORK_PER_CHARACTER * len(text) + FIXED_WORK, (len(text), work)
    data = reply(result)
    assert data["ok"] or data["error"].isprintable()
    return data


def repeated(prefix: str, unit: str, size: int) -> str:
    return prefix + unit * max(1, (size - len(prefix)) // len(unit))


def test_every_pattern_the_parsers_use_matches_a_bounded_number_of_characters() -> None:
    """A pattern that can match text of any length (such as a whole JSON string) may be tried
    again from every position of the text: quadratic work that no count of calls sees. Patterns
    that match at most a few characters look at each position a bounded number of times."""
    patterns = [value for value in vars(answers).values() if isinstance(value, re.Pattern)]
    assert patterns, "the answers module reads visitor input with patterns; none were found"
    for pattern in patterns:
        _, widest = re._parser.parse(pattern.pattern, pattern.flags).getwidth()  # type: ignore[attr-defined]
        assert widest <= 16, f"{pattern.pattern!r} can match {widest} characters"


def test_the_pattern_check_sees_a_pattern_that_spans_a_whole_string() -> None:
    old = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
    _, widest = re._parser.parse(old.pattern, old.flags).getwidth()  # type: ignore[attr-defined]
    assert widest > 16


@FUZZ
@given(PREFIXES, UNITS, st.sampled_from([256, 4096, MAX_IMPORT_BYTES // 4, MAX_IMPORT_BYTES - 64]))
def test_answer_files_are_read_or_refused_in_linear_work(prefix: str, unit: str, size: int) -> None:
    text = repeated(prefix, unit, size)
    # Text the size check lets through (a character may take up to four bytes).
    text = (
        text[: MAX_IMPORT_BYTES // 4]
        if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES
        else text
    )
    assert_linear(API.parse_import, text)


@FUZZ
@given(UNITS, st.sampled_from([64, 1024, MAX_SHARE_LENGTH]))
def test_share_links_are_read_or_refused_in_linear_work(unit: str, size: int) -> None:
    assert_linear(API.parse_share, repeated(f"#v={SPEC.version}&", unit, size))


@pytest.mark.parametrize(
    "unit",
    ['"\\', '"', "\\", '"[', '\\"', '["', "{", '{"a":'],
    ids=[
        "quote-backslash",
        "quotes",
        "backslashes",
        "quote-bracket",
        "escaped-quote",
        "bracket-quote",
        "braces",
        "keys",
    ],
)
def test_a_file_just_under_the_limit_of_one_repeated_pattern_is_refused_in_linear_work(
    unit: str,
) -> None:
    # An unterminated string, or one structure repeated, as large as the limit lets a file be.
    text = repeated("", unit, MAX_IMPORT_BYTES)
    data = assert_linear(API.parse_import, text)
    assert data["ok"] is False


def test_the_work_count_sees_a_parser_that_reads_the_text_once_per_quote() -> None:
    """The measure can fail: a parser that reads the rest of the text again at every quote (as
    the old nesting check did, though in C) exceeds the bound on the same input."""

    def quadratic(text: str) -> str:
        for position, character in enumerate(text):
            if character == '"':
                for _ in text[position:]:
                    pass
        return json.dumps({"ok": False, "error": "refused"})

    text = repeated("", '"\\', 2_000)
    _, work = counted_work(quadratic, text)
    assert work > WORK_PER_CHARACTER * len(text) + FIXED_WORK
