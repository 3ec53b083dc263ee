"""Safe YAML reading that remembers where every value came from.

PyYAML only composes the node graph here (libyaml parses, when PyYAML has it, and this module's
composer limits what it composes); the plain Python values are built by this module, so
that it can refuse what a data file has no use for (language-specific tags, merge keys, duplicate
keys, alias expansions that explode) and record the line and column of every key and item.
Everything a pull request can put in the models folder is read in bounded time and memory: a
file's size, its number of values and its depth are limited before any value is built.
Plain scalars follow the YAML 1.2 core schema: only `true`/`false` are booleans, so a stage
called `No` or `On` stays a string.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from generator.problems import Problem

# The largest models file is about 25 KiB and holds about 600 values, nested 4 deep: these
# limits leave ten times the room or more, and keep reading any file well under a second.
MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 24
# No number in a model has more than a few digits; Python refuses to convert more than 4 300.
MAX_NUMBER_DIGITS = 100

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
        """A problem at `path` of this file (or at its nearest ancestor that the file holds)."""
        where = self.locate(path)
        return Problem(self.file, where.line, where.column, format_key_path(path), message)


class _Refused(Exception):
    """A file refused while it is read: where, under which key path, and why."""

    def __init__(self, where: Location, path: KeyPath, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.path = path
        self.message = message

    def problem(self, file: str) -> Problem:
        return Problem(
            file, self.where.line, self.where.column, format_key_path(self.path), self.message
        )


def _at(mark: yaml.Mark) -> Location:
    return Location(mark.line + 1, mark.column + 1)


_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels is not allowed"


class _Resolver(Resolver):
    """PyYAML's tag resolver, also reading YAML 1.2 floats such as `1e3` that YAML 1.1 reads as
    text."""


_Resolver.add_implicit_resolver(_TAG + "float", _FLOAT, list("-+0123456789."))


class _LimitedComposer(Composer):
    """PyYAML's composer, refusing a document that is too deep or holds too many values as it is
    composed.

    PyYAML's composer recurses once per level of nesting and keeps every node of the file, so
    without these checks ten thousand `[` end in a RecursionError, and a file of tiny values
    in a mass of nodes. Aliases are composed once; `_Builder` bounds what they expand to.
    """

    def __init__(self) -> None:
        super().__init__()
        self._key_path: list[str | int] = []
        self._values = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        # The parser this composer is mixed with (PyYAML's or libyaml's) gives the next event.
        where = _at(self.peek_event().start_mark)  # type: ignore[attr-defined]
        part = self._path_part(parent, index)
        if part is not None:
            self._key_path.append(part)
        try:
            self._values += 1
            if self._values > MAX_NODES:
                raise _Refused(
                    where,
                    tuple(self._key_path),
                    f"the file holds more than {MAX_NODES} values, far more than a models file "
                    "needs; refusing to read it",
                )
            if len(self._key_path) > MAX_DEPTH:
                raise _Refused(where, tuple(self._key_path), _TOO_DEEP)
            node = super().compose_node(parent, index)
        finally:
            if part is not None:
                self._key_path.pop()
        return node

    def _path_part(self, parent: Node | None, index: Any) -> str | int | None:
        """What a node adds to the key path: its index in a list, or its key in a mapping."""
        if isinstance(index, int):
            return index
        if isinstance(index, ScalarNode):
            return str(index.value)
        at_plain_key = index is None and self.check_event(ScalarEvent, AliasEvent)  # type: ignore[attr-defined]
        if parent is None or at_plain_key:
            return None  # the root, or a plain key
        # A list or mapping used as a key (refused later), or the value under one: it counts
        # as a level, so that a chain of them cannot recurse without bound either.
        return "?"


class _Loader(_LimitedComposer, Reader, Scanner, Parser, _Resolver):
    """Pure-Python parsing: its error messages are the ones problems quote."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _LimitedComposer.__init__(self)
        _Resolver.__init__(self)


class _Composing(Protocol):
    def get_single_node(self) -> Node | None: ...
    def dispose(self) -> None: ...


def _compose(loader: _Composing) -> Node | None:
    """The document's root node (what `yaml.compose` does, for a loader of this module)."""
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_FastLoader: Callable[[str], _Composing] | None = None
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _LibyamlLoader(_LimitedComposer, CParser, _Resolver):
        """libyaml's parser (twenty times faster) under the same composer, which comes first so
        that its limits apply: libyaml's own composer has none. Its nodes carry the same lines
        and columns; its error messages differ, so a file it cannot read is read again by
        `_Loader`, whose message and place are reported."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _LimitedComposer.__init__(self)
            _Resolver.__init__(self)

        def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
            # The composer resolves a scalar's tag when it has none or the non-specific `!`;
            # for `!` PyYAML always says "plain", libyaml not when the value is empty.
            if kind is ScalarNode and implicit == (False, False):
                implicit = (True, False)
            tag: str = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            return tag

    _FastLoader = _LibyamlLoader


class _Builder:
    """Turns a composed node graph into plain values, recording locations as it goes."""

    def __init__(self) -> None:
        self.locations: dict[KeyPath, Location] = {}
        self.nodes_seen = 0

    def build(self, node: Node, path: KeyPath, depth: int) -> Any:
        self.nodes_seen += 1
        if self.nodes_seen > MAX_NODES:
            # The composer counted every value written in the file, so only aliases get here.
            # Inside an expanded alias the node's own place means little: name the top-level key.
            raise _Refused(
                self.locations.get(path[:1]) or _at(node.start_mark),
                path[:1],
                f"the document expands to more than {MAX_NODES} values "
                "(aliases repeated too often?); refusing to read it",
            )
        if depth > MAX_DEPTH:  # only an alias can nest deeper than the composer allowed
            raise _Refused(_at(node.start_mark), path, _TOO_DEEP)
        if node.tag not in _ALLOWED_TAGS:
            raise _Refused(
                _at(node.start_mark),
                path,
                f"the tag {node.tag!r} is not allowed; models hold only plain data",
            )
        if isinstance(node, ScalarNode):
            return _plain_value(node, path)
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
            _at(node.start_mark), path, "unsupported YAML node"
        )  # pragma: no cover - PyYAML has no others

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[Hashable, Any]:
        result: dict[Hashable, Any] = {}
        first_seen: dict[Hashable, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Refused(
                    _at(key_node.start_mark),
                    path,
                    "merge keys (`<<`) are not supported; write the keys out",
                )
            if not isinstance(key_node, ScalarNode):
                raise _Refused(
                    _at(key_node.start_mark),
                    path,
                    "a key must be a plain word, not a list or mapping",
                )
            self.nodes_seen += 1
            key = _plain_value(key_node, path)
            if not isinstance(key, str | int) or isinstance(key, bool):
                key = key_node.value
            if key in first_seen:
                raise _Refused(
                    _at(key_node.start_mark),
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
        self.locations.setdefault(path, _at(node.start_mark))


def _plain_value(node: ScalarNode, path: KeyPath) -> Any:
    """A scalar as the YAML 1.2 core schema reads it: text, null, a boolean or a number."""
    text: str = node.value
    # A plain scalar's style is None, or "" from libyaml.
    if node.style or node.tag == _TAG + "str":
        return text
    if _NULL.match(text):
        return None
    if _BOOL.match(text):
        return text.lower() == "true"
    if _INT.match(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_NUMBER_DIGITS:
            raise _Refused(
                _at(node.start_mark),
                path,
                f"a number with {digits} digits is not allowed; if it is text, write it in quotes",
            )
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


def _invisible_space_hint(text: str, line: int) -> str:
    """Why a line that looks right is a syntax error: an invisible character YAML does not read
    as a space (a no-break space or a zero-width character pasted from a web page, a byte order
    mark in the middle of the file) where a space matters, in the indentation or after a `:` or
    `-`, on the line of the error or the one before."""
    lines = text.split("\n")
    for number in (line, line - 1):
        source = lines[number - 1] if 0 < number <= len(lines) else ""
        indent = len(source) - len(source.lstrip(" "))
        for column, char in enumerate(source):
            where_space_matters = column <= indent or source[column - 1] in ":-"
            if where_space_matters and char != " " and unicodedata.category(char) in ("Zs", "Cf"):
                return (
                    f" (line {number}, column {column + 1} holds the invisible character "
                    f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')}), which YAML does "
                    "not read as a space; remove it)"
                )
    return ""


def _tab_problem(file: str, text: str) -> Problem | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return Problem(
                file, number, indent.index("\t") + 1, "", "tab character in indentation; use spaces"
            )
    return None


# Characters libyaml and PyYAML read differently (found by comparing both on mutated models):
# libyaml reads a tab after a value or before a comment as a space where PyYAML stops, and
# stops at a byte order mark inside the file where PyYAML reads it as text. So that a file
# reads the same with or without libyaml, only the pure-Python reader gets them.
_LIBYAML_READS_OTHERWISE = re.compile("[\t\ufeff]")


def parse_yaml(file: str, text: str) -> YamlDocument | Problem:
    """Parse one YAML document; return it, or the first problem that stops reading it."""
    early = _character_problem(file, text) or _tab_problem(file, text)
    if early is not None:
        return early
    if _FastLoader is not None and not _LIBYAML_READS_OTHERWISE.search(text):
        try:
            fast = _document(file, _compose(_FastLoader(text)))
        except (yaml.YAMLError, _Refused, ValueError):
            fast = None
        # Any problem is found again by the pure-Python reader, so that it is worded and placed
        # the same with or without libyaml. So is a document that is not a mapping (the schema
        # refuses it, at the root's place): libyaml places an empty document's root elsewhere.
        if isinstance(fast, YamlDocument) and isinstance(fast.data, dict):
            return fast
    try:
        root = _compose(_Loader(text))
    except _Refused as refused:
        return refused.problem(file)
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is found at the end of the file; where it opened is more useful.
        opened = error.context is not None and "quoted scalar" in error.context
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        hint = _invisible_space_hint(text, line)
        return Problem(file, line, column, "", f"YAML syntax error: {what}{hint}")
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return Problem(file, line, column, "", f"YAML error: {error.reason}")
    except yaml.YAMLError as error:
        return Problem(file, 1, 1, "", f"YAML error: {' '.join(str(error).split())}")
    return _document(file, root)


def _document(file: str, root: Node | None) -> YamlDocument | Problem:
    if root is None:
        return Problem(file, 1, 1, "", "the file is empty")
    builder = _Builder()
    builder.locations[()] = _at(root.start_mark)
    try:
        data = builder.build(root, (), 0)
    except _Refused as refused:
        return refused.problem(file)
    return YamlDocument(file, data, builder.locations)


def read_yaml(path: Path, display: str) -> YamlDocument | Problem:
    """Read and parse `path`, naming it `display` in problems.

    Only a regular file is read, and never more than the size limit: a symbolic link committed
    to the models folder could point at a secret of the machine that builds the site (whose
    values a problem would quote) or at an endless device such as /dev/zero.
    """
    if path.is_symlink():
        return Problem(
            display,
            1,
            1,
            "",
            "the file is a symbolic link; models files must be regular files in the models folder",
        )
    if not path.is_file():
        return Problem(display, 1, 1, "", "not a regular file; models files must be plain text")
    with path.open("rb") as stream:
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        size = max(path.stat().st_size, len(raw))
        return Problem(
            display, 1, 1, "", f"the file is {size} bytes; the limit is {MAX_FILE_BYTES} bytes"
        )
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
