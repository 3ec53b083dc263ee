"""The trimmed standard library (generator/python_stdlib.py): made from the traced record, and
refused, with the module or file named, when the record does not fit the quiz or the runtime.

That the quiz really runs on it under Pyodide is tests/test_quiz_parity.py's work."""

from __future__ import annotations

import ast
import io
import shutil
import zipfile
from pathlib import Path

import pytest

from generator import python_stdlib
from generator.python_stdlib import StdlibError, StdlibManifest
from generator.quiz_assets import pyodide_runtime, quiz_package_dir
from tests.conftest import PROJECT

MANIFEST = python_stdlib.read_manifest(quiz_package_dir() / "web" / python_stdlib.MANIFEST_NAME)


def test_every_module_the_quiz_imports_is_in_the_record() -> None:
    imported = python_stdlib.imported_modules(quiz_package_dir())
    assert imported, "the quiz imports standard-library modules; none were found"
    python_stdlib.check_imports(quiz_package_dir(), MANIFEST)


def test_a_quiz_importing_a_module_the_record_lacks_is_refused_with_the_module_named(
    tmp_path: Path,
) -> None:
    package = tmp_path / "quiz"
    shutil.copytree(quiz_package_dir(), package, ignore=shutil.ignore_patterns("web"))
    absent = next(
        name
        for name in ("mailbox", "imaplib", "wave", "tkinter", "curses")
        if name not in MANIFEST.modules
    )
    (package / "extra.py").write_text(
        f'"""A module."""\n\n\ndef late():\n    import {absent}\n\n    return {absent}\n',
        encoding="utf-8",
    )
    with pytest.raises(StdlibError, match=rf"{absent} \(extra\.py:5\)"):
        python_stdlib.check_imports(package, MANIFEST)


def test_the_trimmed_zip_holds_the_recorded_files_and_is_reproducible() -> None:
    runtime = pyodide_runtime(PROJECT)
    full = runtime.files["python_stdlib.zip"]
    first = python_stdlib.trimmed_stdlib(full, MANIFEST, runtime.version)
    assert first == python_stdlib.trimmed_stdlib(full, MANIFEST, runtime.version)
    with zipfile.ZipFile(io.BytesIO(first)) as trimmed, zipfile.ZipFile(full) as original:
        assert trimmed.namelist() == MANIFEST.files
        for name in MANIFEST.files:
            expected = original.read(name)
            if name.endswith(".py"):
                expected = python_stdlib.slim_source(expected.decode("utf-8")).encode("utf-8")
            assert trimmed.read(name) == expected
    assert len(first) < full.stat().st_size


SAMPLE = '''#!/usr/bin/env python3
# A module comment.
"""The module's docstring,
over two lines."""
from __future__ import annotations

import re  # why re


class Thing:
    """One line."""

    def method(self, x):  # a comment after code
        """Several
        lines
        here."""
        return "# not a comment" + f"{x} # nor this"


async def run():
    \'\'\'single-quoted docstring, é ü\'\'\'
    value = "keep me"  # é
    return value


def only_a_docstring():
    """Nothing else in the body."""
'''


def _without_docstrings(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                value.value = ""
    return ast.dump(tree)


def test_slim_sources_lose_docstrings_and_comments_and_keep_every_line() -> None:
    slim = python_stdlib.slim_source(SAMPLE)
    assert slim.count("\n") == SAMPLE.count("\n")
    assert "#" not in slim.replace("# not a comment", "").replace("# nor this", "")
    for gone in ("module's docstring", "single-quoted", "One line", "Several", "why re", "Nothing"):
        assert gone not in slim
    # The same program: the same tree but for the docstrings' text, and every statement on the
    # line it was on.
    assert _without_docstrings(ast.parse(slim)) == _without_docstrings(ast.parse(SAMPLE))
    lines = {n.lineno for n in ast.walk(ast.parse(SAMPLE)) if isinstance(n, ast.stmt)}
    assert lines == {n.lineno for n in ast.walk(ast.parse(slim)) if isinstance(n, ast.stmt)}
    namespace: dict[str, object] = {}
    exec(compile(slim, "slim", "exec"), namespace)
    assert namespace["only_a_docstring"].__doc__ == ""  # type: ignore[attr-defined]


def test_a_source_the_build_cannot_parse_is_shipped_as_it_is() -> None:
    newer = "# a comment\ntry:\n    pass\nexcept ValueError, TypeError:\n    pass\n"
    assert python_stdlib.slim_source(newer) == newer


def test_the_slim_sources_are_smaller_by_a_good_part() -> None:
    runtime = pyodide_runtime(PROJECT)
    with zipfile.ZipFile(runtime.files["python_stdlib.zip"]) as original:
        sources = [original.read(n).decode("utf-8") for n in MANIFEST.files if n.endswith(".py")]
    slim = sum(len(python_stdlib.slim_source(s)) for s in sources)
    assert slim < 0.8 * sum(len(s) for s in sources)


def test_a_record_traced_with_another_pyodide_is_refused() -> None:
    runtime = pyodide_runtime(PROJECT)
    other = StdlibManifest("0.0.1", MANIFEST.modules)
    with pytest.raises(StdlibError, match=r"traced with Pyodide 0\.0\.1"):
        python_stdlib.trimmed_stdlib(runtime.files["python_stdlib.zip"], other, runtime.version)


def test_a_recorded_file_the_runtime_lacks_is_named() -> None:
    runtime = pyodide_runtime(PROJECT)
    broken = StdlibManifest(MANIFEST.pyodide, {**MANIFEST.modules, "gone": "gone/__init__.py"})
    with pytest.raises(StdlibError, match=r"lacks gone/__init__\.py"):
        python_stdlib.trimmed_stdlib(runtime.files["python_stdlib.zip"], broken, runtime.version)


@pytest.mark.parametrize(
    "text",
    ["", "{", '{"format": "other", "pyodide": "1", "modules": {}}', '{"format": 1}'],
)
def test_an_unreadable_record_says_how_to_make_it_again(tmp_path: Path, text: str) -> None:
    path = tmp_path / python_stdlib.MANIFEST_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StdlibError, match=r"ATLAS_UPDATE_STDLIB=1"):
        python_stdlib.read_manifest(path)


def test_a_trace_records_the_standard_library_only() -> None:
    traced = python_stdlib.manifest_from_trace(
        "1",
        {
            "json": python_stdlib.ZIP_MOUNT + "json/__init__.py",
            "math": "built-in",
            "zipimport": "frozen",
            "quiz.api": "/atlas/quiz/api.py",
            "js": None,
        },
    )
    assert traced.modules == {"json": "json/__init__.py", "math": None, "zipimport": None}
    assert traced.files == ["json/__init__.py"]
