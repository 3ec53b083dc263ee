"""The part of Python's standard library the quiz page ships: what Pyodide's start-up and the
quiz package import, and nothing else.

Pyodide's `python_stdlib.zip` holds the whole library (2.5 MB compressed, 614 files); the quiz
needs a fifth of it. Which modules it needs is not a hand-made list: the parity test
(tests/test_quiz_parity.py) runs the quiz under the npm package's Pyodide with the whole library,
through everything the engine does (scoring, share links, answer files good and bad, team views,
comparisons), and records every module loaded in `MANIFEST`. It fails when the record is out of
date, naming the modules, and then runs the same work again on the trimmed library the site
ships. The build checks too: every module the quiz package imports (its `import` statements,
read with `ast`) must be in the record, and every file of the record in the npm package's zip,
or the build stops naming the module or file.

The shipped sources are slimmed too (`slim_source`): docstrings and comments, a third of the
compressed size and of no use to the quiz, are taken out, with every line kept where it was so
that a traceback still points at the right line. The trimmed zip is written with fixed dates and
in the record's order, so the same inputs make the same bytes (and the same content hash in its
name).
"""

from __future__ import annotations

import ast
import io
import json
import sys
import tokenize
import zipfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "python-stdlib.json"
MANIFEST_FORMAT = "social-media-maturity-atlas/python-stdlib@1"
# Where Pyodide mounts its standard library zip; module origins start with it.
ZIP_MOUNT = "/lib/python314.zip/"
_FIXED_DATE = (2020, 1, 1, 0, 0, 0)
UPDATE_HINT = (
    "run `ATLAS_UPDATE_STDLIB=1 .venv/bin/pytest tests/test_quiz_parity.py` to trace it again"
)


class StdlibError(Exception):
    """The record of needed modules does not fit the quiz package or the Pyodide runtime."""


@dataclass(frozen=True)
class StdlibManifest:
    """The traced record: every module loaded, by name, with its file in the zip (None for a
    module built into Pyodide's binary or frozen in it)."""

    pyodide: str
    modules: dict[str, str | None]

    @property
    def files(self) -> list[str]:
        """The zip entries to ship, in a stable order."""
        return sorted({entry for entry in self.modules.values() if entry is not None})

    def to_json(self) -> str:
        document = {
            "format": MANIFEST_FORMAT,
            "about": "Written by tests/test_quiz_parity.py (ATLAS_UPDATE_STDLIB=1); "
            "read by generator/python_stdlib.py.",
            "pyodide": self.pyodide,
            "modules": dict(sorted(self.modules.items())),
        }
        return json.dumps(document, indent=1) + "\n"


def manifest_from_trace(pyodide: str, origins: dict[str, str | None]) -> StdlibManifest:
    """The record of a trace: `sys.modules` names and their `__spec__.origin` under Pyodide.

    Only the standard library is recorded: the quiz package itself and Pyodide's JavaScript
    modules (`js`, `pyodide_js`) are not in the zip.
    """
    modules: dict[str, str | None] = {}
    for name, origin in origins.items():
        if origin is not None and origin.startswith(ZIP_MOUNT):
            modules[name] = origin.removeprefix(ZIP_MOUNT)
        elif origin in ("built-in", "frozen"):
            modules[name] = None
    return StdlibManifest(pyodide, modules)


def read_manifest(path: Path) -> StdlibManifest:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document["format"] != MANIFEST_FORMAT:
            raise ValueError(f"format is not {MANIFEST_FORMAT}")
        modules = document["modules"]
        if not isinstance(modules, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in modules.items()
        ):
            raise ValueError("modules must map names to file names or null")
        return StdlibManifest(str(document["pyodide"]), modules)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StdlibError(f"{path}: cannot be read ({error}); {UPDATE_HINT}") from None


def imported_modules(package_dir: Path) -> dict[str, str]:
    """Every standard-library module the package's sources import, with the file that does."""
    found: dict[str, str] = {}
    for path in sorted(package_dir.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.partition(".")[0] in sys.stdlib_module_names:
                    found.setdefault(name, f"{path.name}:{node.lineno}")
    return found


def check_imports(package_dir: Path, manifest: StdlibManifest) -> None:
    """Every module the package imports is in the record; else StdlibError naming them."""
    missing = {
        name: where
        for name, where in imported_modules(package_dir).items()
        if name not in manifest.modules
    }
    if missing:
        listed = ", ".join(f"{name} ({where})" for name, where in sorted(missing.items()))
        raise StdlibError(
            f"The quiz imports modules the trimmed standard library lacks: {listed}; {UPDATE_HINT}"
        )


def slim_source(source: str) -> str:
    """`source` without its docstrings and comments, every other character and every line break
    where it was.

    A docstring becomes an empty string in parentheses that hold its line breaks, so the body it
    opened stays a body, `__doc__` is still a string, and later lines keep their numbers. Only a
    file this Python parses is changed: a newer syntax the build's Python does not know (the
    browser's Python is newer) could be misread, so such a file is shipped as it is.
    """
    try:
        tree = ast.parse(source)
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (SyntaxError, tokenize.TokenError, ValueError):
        return source
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def position(line: int, column: int, utf8: bool) -> int:
        text = lines[line - 1]
        if utf8:  # ast counts columns in bytes of UTF-8
            column = len(text.encode("utf-8")[:column].decode("utf-8", "ignore"))
        return starts[line - 1] + column

    cuts: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
                and first.end_col_offset is not None
            ):
                start = position(first.lineno, first.col_offset, utf8=True)
                end = position(first.end_lineno, first.end_col_offset, utf8=True)
                breaks = "\n" * source.count("\n", start, end)
                cuts.append((start, end, f'({breaks}"")' if breaks else '""'))
    for token in tokens:
        if token.type == tokenize.COMMENT:
            start = position(*token.start, utf8=False)
            cuts.append((start, position(*token.end, utf8=False), ""))
    slim = source
    for start, end, replacement in sorted(cuts, reverse=True):
        slim = slim[:start] + replacement + slim[end:]
    return slim


def trimmed_stdlib(full_zip: Path, manifest: StdlibManifest, pyodide: str) -> bytes:
    """The zip the site ships: the recorded files of Pyodide's `python_stdlib.zip`."""
    if manifest.pyodide != pyodide:
        raise StdlibError(
            f"The record of needed modules was traced with Pyodide {manifest.pyodide}, but "
            f"Pyodide {pyodide} is pinned; {UPDATE_HINT}"
        )
    output = io.BytesIO()
    with (
        zipfile.ZipFile(full_zip) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as trimmed,
    ):
        present = set(source.namelist())
        absent = [name for name in manifest.files if name not in present]
        if absent:
            raise StdlibError(f"{full_zip} lacks {', '.join(absent)}; {UPDATE_HINT}")
        for name in manifest.files:
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(name)
            if name.endswith(".py"):
                data = slim_source(data.decode("utf-8")).encode("utf-8")
            trimmed.writestr(info, data, compresslevel=9)
    return output.getvalue()
