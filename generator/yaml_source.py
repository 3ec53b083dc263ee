"""Safe YAML reading that remembers where every value came from.

PyYAML only composes the node graph here; the plain Python values are built by this module, so
that it can refuse what a data file has no use for (language-specific tags, merge keys, duplicate
keys, alias expansions that explode) and record the line and column of every key and item.
Plain scalars follow the YAML 1.2 core schema: only `true`/`false` are booleans, so a stage
called `No` or `On` stays a string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 24

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
# Implicit timestamps are read as the text they were written as.
_ALLOWED_TAGS.add(_TAG + "timestamp")

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


@dataclass(frozen=True)
class Location:
    line: int
    column: int


def format_key_path(path: KeyPath) -> str:
    """`("stages", 3, "requires", "listening")` -> `stages[3].requires.listening`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its data, and the location of every key and item in it."""

    file: str
    data: Any
    locations: dict[KeyPath, Location] = field(repr=False)

    def locate(self, path: KeyPath) -> Location:
        """The location of `path`, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(tuple(path[:end]))
            if found is not None:
                return found
        return Location(1, 1)

    def problem(self, path: KeyPath, message: str) -> Problem:
        where = self.locate(path)
        return Problem(self.file, where.line, where.column, format_key_path(path), message)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, resolving YAML 1.2 floats such as `1e3` that YAML 1.1 reads as text."""


_Loader.add_implicit_resolver(_TAG + "float", _FLOAT, list("-+0123456789."))


class _Refused(Exception):
    def __init__(
        self, node: Node, path: KeyPath, message: str, where: Location | None = None
    ) -> None:
        super().__init__(message)
        self.line = where.line if where else node.start_mark.line + 1
        self.column = where.column if where else node.start_mark.column + 1
        self.path = path
        self.message = message


class _Builder:
    """Turns a composed node graph into plain values, recording locations as it goes."""

    def __init__(self) -> None:
        self.locations: dict[KeyPath, Location] = {}
        self.nodes_seen = 0

    def build(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            # Inside an expanded alias the node's own place means little: name the top-level key.
            raise _Refused(
                node,
                path[:1],
                f"the document expands to more than {MAX_NODES} values "
                "(aliases repeated too often?); refusing to read it",
                self.locations.get(path[:1]),
            )
        if depth > MAX_DEPTH:
            raise _Refused(node, path, f"nesting deeper than {MAX_DEPTH} levels is not allowed")
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(
                node, path, f"the tag {node.tag!r} is not allowed; models hold only plain data"
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                self._remember(child_path, child)
                items.append(self.build(child, child_path, depth + 1))
            return items
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        raise _Refused(
            node, path, "unsupported YAML node"
        )  # pragma: no cover - PyYAML has no others

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[Hashable, Any]:
        result: dict[Hashable, Any] = {}
        first_seen: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Refused(
                    key_node, path, "merge keys (`<<`) are not supported; write the keys out"
                )
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node, path, "a key must be a plain word, not a list or mapping")
            self.nodes_seen += 1
            key = self._scalar(key_node)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = key_node.value
            if key in first_seen:
                raise _Refused(
                    key_node,
                    (*path, key),
                    f"duplicate key {key!r} (first written at line {first_seen[key]}); "
                    "each key may appear once",
                )
            first_seen[key] = key_node.start_mark.line + 1
            child_path = (*path, key)
            self._remember(child_path, key_node)
            result[key] = self.build(value_node, child_path, depth + 1)
        return result

    def _remember(self, path: KeyPath, node: Node) -> None:
        self.locations.setdefault(
            path, Location(node.start_mark.line + 1, node.start_mark.column + 1)
        )

    @staticmethod
    def _scalar(node: ScalarNode) -> Any:
        text: str = node.value
        if node.style is not None or node.tag == _TAG + "str":
            return text
        if _NULL.match(text):
            return None
        if _BOOL.match(text):
            return text.lower() == "true"
        if _INT.match(text):
            return int(text)
        if _FLOAT.match(text):
            return float(text)
        return text


# Control characters PyYAML would refuse without saying where, and the Unicode line separators
# that YAML 1.1 counts as line breaks (so that every later line number would be off).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def _character_problem(file: str, text: str) -> Problem | None:
    for number, line in enumerate(text.split("\n"), start=1):
        match = _INVISIBLE.search(line)
        if match:
            char = match.group()
            name = unicodedata.name(char, "")
            what = (
                f"the invisible character U+{ord(char):04X} ({name})"
                if name
                else f"the control character U+{ord(char):04X}"
            )
            return Problem(
                file, number, match.start() + 1, "", f"the file contains {what}; remove it"
            )
    return None


def _tab_problem(file: str, text: str) -> Problem | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return Problem(
                file, number, indent.index("\t") + 1, "", "tab character in indentation; use spaces"
            )
    return None


def parse_yaml(file: str, text: str) -> YamlDocument | Problem:
    """Parse one YAML document; return it, or the first problem that stops reading it."""
    early = _character_problem(file, text) or _tab_problem(file, text)
    if early is not None:
        return early
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is found at the end of the file; where it opened is more useful.
        opened = error.context is not None and "quoted scalar" in error.context
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        return Problem(file, line, column, "", f"YAML syntax error: {what}")
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return Problem(file, line, column, "", f"YAML error: {error.reason}")
    except yaml.YAMLError as error:
        return Problem(file, 1, 1, "", f"YAML error: {' '.join(str(error).split())}")
    except RecursionError:
        return Problem(file, 1, 1, "", f"nesting deeper than {MAX_DEPTH} levels is not allowed")
    if root is None:
        return Problem(file, 1, 1, "", "the file is empty")
    builder = _Builder()
    builder.locations[()] = Location(root.start_mark.line + 1, root.start_mark.column + 1)
    try:
        data = builder.build(root, (), 0)
    except _Refused as refused:
        return Problem(
            file, refused.line, refused.column, format_key_path(refused.path), refused.message
        )
    return YamlDocument(file, data, builder.locations)


def read_yaml(path: Path, display: str) -> YamlDocument | Problem:
    """Read and parse `path`, naming it `display` in problems."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Problem(
            display, 1, 1, "", f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        # Editors count characters, not bytes.
        column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return Problem(display, line, column, "", "the file is not valid UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse_yaml(display, text)
