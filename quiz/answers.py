"""A visitor's answers: checked against the spec, and carried in share links and JSON files.

Everything that comes from outside (a form, a URL fragment, an imported file) passes through here
before it is scored, and anything that does not fit gets a message a visitor can act on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from quiz.spec import KIND_SEPARATOR, Spec

EXPORT_FORMAT = "social-media-maturity-atlas/quiz-answers"
MAX_SHARE_LENGTH = 4096
MAX_IMPORT_BYTES = 64 * 1024
# An answers file nests two deep. The limit is checked before parsing: under Pyodide, JSON a
# few thousand levels deep (a few kilobytes) overflows the WebAssembly stack inside the json
# module and kills the interpreter for good, instead of raising RecursionError.
MAX_IMPORT_DEPTH = 32
VERSION_PATTERN = re.compile(r"[0-9a-f]{10}")
# The characters that matter to the nesting of JSON text: brackets, and the quotes and
# backslashes that say whether a bracket is inside a string. One character each, so finding them
# all is one pass over the text (a pattern spanning a whole string would be tried again from every
# quote of an unterminated one: quadratic time on text such as `"\"\"\"…`).
_JSON_STRUCTURE = re.compile(r'["\\\[\]{}]')


class AnswerError(ValueError):
    """Answers that cannot be scored or restored; the message is meant for the visitor."""


@dataclass(frozen=True)
class Answers:
    """A complete, valid set of answers."""

    values: Mapping[str, str]
    """Question id → option value, in form order."""
    levels: Mapping[str, int | None]
    """Practice question id → the level its chosen option stands for (None: "don't know")."""
    business_kinds: tuple[str, ...]
    """The visitor's kinds of business, in the question's order; empty for "none of these"."""


@dataclass(frozen=True)
class Restored:
    """Answers read back from a share link or an exported file."""

    values: dict[str, str]
    status: Literal["current", "outdated"]
    message: str | None


def _short(value: object) -> str:
    """A value as a visitor may see it in a message: quoted, and cut if long."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _describe(values: list[str]) -> str:
    shown = ", ".join(_short(v) for v in values[:5])
    return shown + (f" and {len(values) - 5} more" if len(values) > 5 else "")


def check_answers(spec: Spec, raw: object) -> Answers:
    """Validate a question id → option value mapping; every question must be answered."""
    if not isinstance(raw, Mapping):
        raise AnswerError("The answers must be an object mapping question ids to chosen options.")
    unknown = [str(key) for key in raw if not isinstance(key, str) or spec.question(key) is None]
    if unknown:
        raise AnswerError(f"Unknown question: {_describe(unknown)}.")
    values: dict[str, str] = {}
    levels: dict[str, int | None] = {}
    business_kinds: tuple[str, ...] = ()
    missing = []
    for question in spec.all_questions:
        if question.id not in raw:
            missing.append(question.id)
            continue
        value = raw[question.id]
        chosen = question.chosen(value) if isinstance(value, str) else None
        if chosen is None:
            choices = ", ".join(repr(o.value) for o in question.options)
            several = (
                f" (or several of them joined by {KIND_SEPARATOR!r})" if question.multiple else ""
            )
            raise AnswerError(
                f"Question {question.id!r}: {_short(value)} is not one of its options "
                f"({choices}){several}."
            )
        values[question.id] = KIND_SEPARATOR.join(o.value for o in chosen)
        if question.capability is None:
            business_kinds = tuple(o.business_kind for o in chosen if o.business_kind)
        else:
            levels[question.id] = chosen[0].level
    if missing:
        raise AnswerError(
            f"{len(missing)} question{'s are' if len(missing) > 1 else ' is'} not answered yet: "
            f"{_describe(missing)}."
        )
    return Answers(values, levels, business_kinds)


# Share links are read and written here rather than with urllib.parse: importing it (and the
# ipaddress module it pulls in) costs the browser about 190 ms before the quiz is ready.
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
MAX_SHARE_FIELDS = 200


def _percent_encode(text: str) -> str:
    """`text` for a URL fragment: UTF-8, every byte but the unreserved ones as %XX."""
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8"))


def _percent_decode(text: str) -> str:
    """The text a fragment field stands for ('+' is a space); ValueError if it is not UTF-8.

    A '%' not followed by two hex digits stands for itself, as in urllib.parse.unquote.
    """
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    decoded = bytearray()
    position = 0
    for escape in _PERCENT_ESCAPE.finditer(text):
        decoded += text[position : escape.start()].encode("utf-8")
        decoded.append(int(escape.group(1), 16))
        position = escape.end()
    decoded += text[position:].encode("utf-8")
    return decoded.decode("utf-8")


def _fragment_fields(text: str) -> list[tuple[str, str]]:
    """The `key=value` fields of a fragment, in order; ValueError if one is not of that form.

    Fields with an empty value are left out (as urllib.parse.parse_qsl does).
    """
    if not text:
        return []
    fields = text.split("&")
    if len(fields) > MAX_SHARE_FIELDS:
        raise ValueError("too many fields")
    pairs = []
    for field in fields:
        key, equals, value = field.partition("=")
        if not equals:
            raise ValueError(f"not a key=value field: {field!r}")
        if value:
            pairs.append((_percent_decode(key), _percent_decode(value)))
    return pairs


def share_fragment(spec: Spec, answers: Answers) -> str:
    """The URL fragment (without '#') that carries these answers and the question-set version."""
    parts = [f"v={spec.version}"]
    parts += [
        f"{_percent_encode(key)}={_percent_encode(value)}" for key, value in answers.values.items()
    ]
    return "&".join(parts)


def _restore(spec: Spec, version: str, pairs: Mapping[str, object], source: str) -> Restored:
    """Check answers against the current questions, leniently when they were made for others.

    Answers made for the current questions must all fit, though some may be missing (an export
    of a quiz not finished yet); answers made for other questions keep what still fits.
    """
    if version == spec.version:
        known = {q.id: q for q in spec.all_questions}
        values: dict[str, str] = {}
        for key, value in pairs.items():
            question = known.get(key)
            if question is None or not isinstance(value, str) or question.chosen(value) is None:
                problem = (
                    f"{_short(key)} is not a question of this quiz"
                    if question is None
                    else f"{_short(value)} is not an option of question {key!r}"
                )
                raise AnswerError(
                    f"This {source} has been changed or damaged, so nothing was restored: "
                    f"{problem}."
                )
        for question in spec.all_questions:
            if question.id in pairs:
                values[question.id] = question.canonical(str(pairs[question.id])) or ""
        missing = len(spec.all_questions) - len(values)
        message = (
            None
            if not missing
            else f"This {source} answers {len(values)} of the {len(spec.all_questions)} "
            f"questions: answer the {'other one' if missing == 1 else f'other {missing}'} "
            "to see where you stand."
        )
        return Restored(values, "current", message)
    kept: dict[str, str] = {}
    for question in spec.all_questions:
        value = pairs.get(question.id)
        canonical = question.canonical(value) if isinstance(value, str) else None
        if canonical is not None:
            kept[question.id] = canonical
    total = len(spec.all_questions)
    return Restored(
        kept,
        "outdated",
        f"This {source} was made with an earlier set of questions (version {version}; "
        f"this quiz asks version {spec.version}). {len(kept)} of its answers still fit the "
        f"{total} questions and have been filled in: check the rest and score again.",
    )


def parse_share(spec: Spec, fragment: str) -> Restored:
    """Read the answers of a share link's fragment (with or without the leading '#')."""
    text = fragment[1:] if fragment.startswith("#") else fragment
    if len(text) > MAX_SHARE_LENGTH:
        raise AnswerError(
            "This link is too long to be a share link of this quiz; nothing was restored."
        )
    try:
        pairs = _fragment_fields(text)
    except ValueError:  # UnicodeDecodeError and UnicodeEncodeError are ValueErrors too
        raise AnswerError(
            "This link has been changed or damaged: its answers cannot be read, so nothing was restored."
        ) from None
    found: dict[str, str] = {}
    for key, value in pairs:
        if key in found:
            raise AnswerError(
                f"This link has been changed or damaged: it answers {key!r} twice, so nothing was restored."
            )
        found[key] = value
    version = found.pop("v", None)
    if version is None or not VERSION_PATTERN.fullmatch(version):
        raise AnswerError(
            "This link has been changed or damaged: it carries no valid question-set version, "
            "so nothing was restored."
        )
    return _restore(spec, version, found, "link")


_TOO_DEEP = "This file is nested too deeply to be an answers file. Nothing was imported."


def _nested_deeper_than(text: str, limit: int) -> bool:
    """Whether the JSON text's arrays and objects nest deeper than `limit` (strings skipped).

    One pass, in time linear in the length of the text whatever it holds: the pattern finds each
    structural character once, and each is looked at once. An unterminated string runs to the
    end of the text, as the JSON parser will then say.
    """
    depth = 0
    in_string = False
    escaped_at = -1  # the position of the character a backslash in a string escapes
    for found in _JSON_STRUCTURE.finditer(text):
        position, character = found.start(), found.group()
        if in_string:
            if position == escaped_at:
                continue
            if character == "\\":
                escaped_at = position + 1
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > limit:
                return True
        elif character in "]}":
            depth -= 1
    return False


def _object_without_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object; a key given twice is refused, as in share links, rather than letting the
    last one silently win."""
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise AnswerError(
                f"This file has been changed or damaged: it gives {_short(key)} twice. "
                "Nothing was imported."
            )
        found[key] = value
    return found


def parse_import(spec: Spec, text: str) -> Restored:
    """Read an answers file made by `export_answers`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        raise AnswerError(
            f"This file is larger than {MAX_IMPORT_BYTES // 1024} KiB: it is not an answers file "
            "exported by this quiz. Nothing was imported."
        )
    # A text editor may have saved the file with a byte order mark; it is not part of the JSON.
    text = text.removeprefix("\ufeff")
    if _nested_deeper_than(text, MAX_IMPORT_DEPTH):
        raise AnswerError(_TOO_DEEP)
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicate_keys)
    except AnswerError:
        raise
    except json.JSONDecodeError as error:
        raise AnswerError(
            f"This file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}). Nothing was imported."
        ) from None
    except ValueError:
        raise AnswerError(
            "This file holds a value no answers file has (such as a huge number). "
            "Nothing was imported."
        ) from None
    except RecursionError:  # not expected after the check above, but never a crash
        raise AnswerError(_TOO_DEEP) from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise AnswerError(
            'This file is not an answers file exported by this quiz (its "format" should be '
            f"{EXPORT_FORMAT!r}). Nothing was imported."
        )
    version, answers = data.get("version"), data.get("answers")
    if not isinstance(version, str) or not VERSION_PATTERN.fullmatch(version):
        raise AnswerError(
            'This answers file has no valid question-set "version". Nothing was imported.'
        )
    if not isinstance(answers, dict):
        raise AnswerError('This answers file has no "answers" object. Nothing was imported.')
    return _restore(spec, version, answers, "file")


def export_answers(spec: Spec, values: Mapping[str, str]) -> str:
    """The JSON text of an answers file; answers that do not fit the questions are left out."""
    kept = {}
    for question in spec.all_questions:
        value = values.get(question.id)
        canonical = question.canonical(value) if isinstance(value, str) else None
        if canonical is not None:
            kept[question.id] = canonical
    document = {"format": EXPORT_FORMAT, "version": spec.version, "answers": kept}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
