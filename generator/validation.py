"""Schema validation of parsed documents, with pydantic's errors turned into located problems."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.problems import Problem
from generator.schema import SLUG_PATTERN, STAGE_REF_PATTERN
from generator.yaml_source import KeyPath, YamlDocument

SchemaT = TypeVar("SchemaT", bound=BaseModel)
# A URL, or a link that runs code or smuggles a document in, as a browser would read it.
_LINK = re.compile(r"\s*(?:[a-z][a-z0-9+.-]*://|(?:javascript|vbscript|data|file|mailto):)", re.I)
MAX_PROBLEMS_PER_FILE = 50


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a close choice exists, else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ErrorDetails, schema: type[BaseModel], path: KeyPath) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        message = f"unknown field{did_you_mean(str(path[-1]), _field_names(schema, path))}"
        if isinstance(error["input"], str) and _LINK.match(error["input"]):
            message += "; the only link a models file holds is a source's `url`"
        return message
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == SLUG_PATTERN:
            return (
                "must be lower-case letters and digits in words joined by hyphens, like "
                f"'social-advantage'; got {_short(error['input'])}"
            )
        if pattern == STAGE_REF_PATTERN:
            return (
                "must name a stage as '<model id>/<stage id>', like 'maturity-model/engagement'; "
                f"got {_short(error['input'])}"
            )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in {"too_long", "too_short"} and ctx.get("field_type") == "List":
        # pydantic says "List should have at most 40 items after validation, not 10000".
        count = ctx["actual_length"]
        held = f"holds {count} item{'s' if count != 1 else ''}"
        if kind == "too_long":
            return f"{held}; at most {ctx['max_length']} are allowed"
        return f"{held}; at least {ctx['min_length']} {'is' if ctx['min_length'] == 1 else 'are'} needed"
    if kind.endswith("_type") and error["input"] is None:
        # `key:` with nothing after it: YAML reads an empty value as null.
        return "has no value; write one after the colon"
    message = error["msg"]
    if kind.endswith("_type") or kind in {"literal_error", "enum"}:
        message += f", got {_short(error['input'])}"
        number = error["input"]
        if (
            kind == "string_type"
            and isinstance(number, int | float)
            and not isinstance(number, bool)
        ):
            message += f" (a number); write it in quotes: '{number}'"
    return message[:1].lower() + message[1:]


def yaml_kind(value: Any) -> str:
    """What a value is called in YAML terms, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _field_names(schema: type[BaseModel], path: KeyPath) -> list[str]:
    """The known field names of the mapping that holds `path[-1]`, for suggestions."""
    current: Any = schema
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(str(part))
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validate(document: YamlDocument, schema: type[SchemaT]) -> SchemaT | list[Problem]:
    """Validate a document against a schema class: the instance, or every problem found."""
    if not isinstance(document.data, dict):
        kind = yaml_kind(document.data)
        return [document.problem((), f"the file must hold a mapping of fields, not {kind}")]
    try:
        return schema.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False):
            # "[key]" marks a problem with a mapping's key; other bracketed parts are the tags of
            # a union's alternatives, which are not part of the file's key path.
            path: KeyPath = tuple(
                part
                for part in detail["loc"]
                if not (isinstance(part, str) and part.startswith("[") and part.endswith("]"))
            )
            message = _message(detail, schema, path)
            if "[key]" in detail["loc"]:
                message = f"key {_short(path[-1])} {message}"
            problems.append(document.problem(path, message))
        return _first_problems(document, problems)


def _first_problems(document: YamlDocument, problems: list[Problem]) -> list[Problem]:
    """At most `MAX_PROBLEMS_PER_FILE` problems, the first in the file, and a note of how many
    more there are: a file of the wrong kind would otherwise bury the output in thousands."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    first = sorted(problems)[:MAX_PROBLEMS_PER_FILE]
    note = document.problem(
        (),
        f"{len(problems)} problems in this file; the first {MAX_PROBLEMS_PER_FILE} are listed "
        "(is it the right file?)",
    )
    return [note, *first]
