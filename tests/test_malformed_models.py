"""Malformed models: each case of `tests/malformed_cases.py`, and the exact problems it gives.

A case's test copies the fixture atlas to a temporary folder, applies the case's change and runs
`load_atlas` on it: `str(problem)` must give exactly the case's expected lines, and the text the
MkDocs plugin shows the heading and every line. A hostile case (inputs built to exhaust memory or
time) is loaded in a child process limited in address space and CPU time, and must be refused
within `HOSTILE_CPU_SECONDS` of CPU time and `HOSTILE_BYTES` of memory. Both limits count the
work the child did, not the time that passed, so a busy machine cannot fail a correct run.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from generator.atlas import load_atlas
from generator.problems import AtlasError
from tests.conftest import MODELS, PROJECT, run_mkdocs_build
from tests.fixture_atlas import ATLAS, build_site, copy_models, fixture_project
from tests.malformed_cases import CASES, EXPANDS, Replace, apply_cases


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


def load_error(models: Path) -> AtlasError:
    with pytest.raises(AtlasError) as caught:
        load_atlas(models, display_root=models.parent)
    return caught.value


CHILD = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    from pathlib import Path

    for limit, value in ((resource.RLIMIT_AS, 2 << 30), (resource.RLIMIT_CPU, 300)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # not every platform supports the limit
            pass
    from generator.atlas import load_atlas
    from generator.problems import AtlasError

    models = Path(sys.argv[1])
    tracemalloc.start()
    start = time.process_time()
    try:
        load_atlas(models, display_root=models.parent)
    except AtlasError as error:
        print(json.dumps({
            "cpu": time.process_time() - start,
            "peak": tracemalloc.get_traced_memory()[1],
            "problems": [str(problem) for problem in error.problems],
            "text": str(error),
        }))
    """
)


# The whole fixture atlas loads in a fraction of a second and about 1 MiB under tracemalloc; a
# hostile file may cost a few times that, never what it asks for (hours, gigabytes, a crash).
# CPU time, unlike the time that passes, does not grow when other work shares the machine; the
# limit still leaves ten times the CPU time the slowest case takes (about 2 s under tracemalloc).
HOSTILE_CPU_SECONDS = 30.0
HOSTILE_BYTES = 100 * 2**20


def load_error_in_child(models: Path) -> dict[str, Any]:
    """`load_atlas` in a child process limited to 2 GiB of address space and 300 s of CPU time,
    for inputs built to exhaust memory or time: a regression then fails the test instead of the
    machine. The wall-clock timeout only stops a child that is stuck without using the CPU."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(models)],
        capture_output=True,
        text=True,
        timeout=900,
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


# --- the cases themselves ---------------------------------------------------------------------


def test_the_fixture_atlas_loads_cleanly_and_every_case_changes_it() -> None:
    """The baseline: every problem in the tests below comes from the case's change. Each case
    changes its file (a `Replace` finds its text exactly once, or fails here)."""
    atlas = load_atlas(ATLAS)
    assert [model.id for model in atlas.models] == ["ladder", "phases", "steps"]
    for name, case in CASES.items():
        text = case.text()
        if any(isinstance(change, Replace) for change in case.changes):
            assert text is not None
            assert text != (ATLAS / case.file).read_text(encoding="utf-8"), name
        assert case.expected, name
    assert len(CASES) >= 24


def test_the_real_models_load_cleanly() -> None:
    """Whatever the content: every YAML file of models/ but the vocabulary and the questions is
    a model, and the whole folder loads without a problem."""
    atlas = load_atlas(MODELS)
    assert {model.id for model in atlas.models} == {
        path.stem
        for path in MODELS.glob("*.yaml")
        if path.name not in {"vocabulary.yaml", "questions.yaml"}
    }


# --- one case at a time -----------------------------------------------------------------------


@pytest.mark.parametrize("name", params())
def test_malformed_model_reports_exact_problems(name: str, tmp_path: Path) -> None:
    models = apply_cases(tmp_path / "models", name)
    if CASES[name].hostile:
        found = load_error_in_child(models)
        lines, text = found["problems"], found["text"]
        assert found["cpu"] < HOSTILE_CPU_SECONDS
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
    assert problem_lines(apply_cases(tmp_path / "models", name)) == list(CASES[name].expected)
    assert calls == []
    assert not (tmp_path / "pwned-by-a-model").exists()


def test_alias_bomb_is_refused_after_little_work_and_in_little_memory(tmp_path: Path) -> None:
    """Billion laughs (10**10 strings once expanded): refused after building a bounded number
    of values, in a few megabytes and a little CPU time (expanding it would take hours and hit
    the child's memory limit long before)."""
    found = load_error_in_child(apply_cases(tmp_path / "models", "alias-bomb"))
    [problem] = found["problems"]
    assert problem.startswith("models/broken.yaml:")
    assert problem.endswith(f": {EXPANDS}")
    assert found["cpu"] < 10.0
    assert found["peak"] < 50 * 2**20


def test_the_limits_of_the_child_would_catch_a_costly_load(tmp_path: Path) -> None:
    """The gate itself: the child measures the CPU time and memory of the load, not just of its
    start. A valid atlas of forty models (the most a folder may hold) costs more than the
    fixture atlas alone, and the child reports both costs."""
    models = copy_models(ATLAS, tmp_path / "models")
    (models / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    small = load_error_in_child(models)
    ladder = (ATLAS / "ladder.yaml").read_text(encoding="utf-8")
    for index in range(36):
        (models / f"copy-{index:02}.yaml").write_text(ladder, encoding="utf-8")
    large = load_error_in_child(models)
    assert small["problems"] == large["problems"]
    assert 0 < small["peak"] < large["peak"]
    assert small["cpu"] > 0 and large["cpu"] > 0


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
    error = load_error(apply_cases(tmp_path / "models", *names))
    lines = [str(problem) for problem in error.problems]
    assert lines == expected_lines(*names)
    assert [line.split(":")[0] for line in lines] == [
        "models/broken.yaml",
        "models/ladder.yaml",
        "models/phases.yaml",
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
    assert CASES[first].file != CASES[second].file
    models = apply_cases(tmp_path / "models", first, second)
    assert problem_lines(models) == expected_lines(first, second)


def test_a_model_with_errors_is_not_reported_as_unknown_by_overrides(tmp_path: Path) -> None:
    """The ladder has a schema error; phases' override naming it (and the ladder's own naming
    phases) is not reported."""
    models = apply_cases(
        tmp_path / "models", "wrong-type-number", "override-never-leaves-no-equivalent"
    )
    assert problem_lines(models) == list(CASES["wrong-type-number"].expected)


# --- the build --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "yaml-syntax-error",
        "unknown-field",
        "vocabulary-duplicate-capability",
        "override-unknown-stage",
    ],
)
def test_the_build_stops_before_writing_anything(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Built in-process: MkDocs logs the plugin's error (the heading and every problem) and
    aborts before it creates the site folder."""
    project = fixture_project(tmp_path / "project")
    apply_cases(project / "models", name)
    site = tmp_path / "site"
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        build_site(project, site)
    expected = CASES[name].expected
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == ["\n".join([heading(len(expected)), *(f"  {line}" for line in expected)])]
    assert not site.exists()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int] | None]:
    """Every file (content and modification time) and folder under `folder`."""
    return {
        path.relative_to(folder).as_posix(): (
            (path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else None
        )
        for path in sorted(folder.rglob("*"))
    }


def test_mkdocs_build_fails_and_leaves_an_existing_site_untouched(tmp_path: Path) -> None:
    """The command a maintainer runs, `mkdocs build --strict`: it exits with an error, prints
    every problem, and leaves the site as last published."""
    project = fixture_project(tmp_path / "project")
    names = ("unknown-capability", "questions-unknown-key")
    apply_cases(project / "models", *names)
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>the site as last published</p>\n", encoding="utf-8")
    (site / "assets" / "old.css").write_text("body { color: black; }\n", encoding="utf-8")
    before = snapshot(site)

    result = run_mkdocs_build(project, site)

    assert result.returncode != 0
    output = (result.stdout + result.stderr).splitlines()
    expected = expected_lines(*names)
    assert any(line.endswith(heading(len(expected))) for line in output), output
    for line in expected:
        assert f"  {line}" in output
    assert snapshot(site) == before
