"""Row 6: what the largest atlas the input limits allow costs, with every stage alike.

The costliest valid input (`tests/maximal_atlas.py`): the most models, each with the most
stages, every stage requiring the same, so that every stage ties with every stage of every
other model. Measured once (it takes minutes): `python -m generator check` and `mkdocs build
--strict` in child processes (wall clock, and peak memory from `os.wait4`), the size of
atlas.json and of the whole output folder. No baseline: the targets are the issue's ("check in
seconds, build in minutes, atlas.json in megabytes").
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import machine
from benchmarks.build import timed_build
from benchmarks.projects import BenchmarkError, commit_to_git
from benchmarks.results import Measure, Row
from generator.atlas import MAX_MODELS
from generator.json_schema import read_vocabulary
from generator.schema import MAX_STAGES
from tests.conftest import copy_project
from tests.maximal_atlas import write_maximal_tied_models

CHECK_TARGET_S = 10.0
BUILD_TARGET_S = 600.0
ATLAS_JSON_TARGET = 50e6


def _timed_check(project: Path) -> tuple[float, float]:
    """`python -m generator check` in `project`: seconds and peak memory (MiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "check"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise BenchmarkError("the maximal atlas does not pass check")
    return seconds, usage.ru_maxrss / 1024


def benchmark_bounds(say: Callable[[str], None]) -> list[Row]:
    """Check and build the maximal tied atlas once; rows 6a-6e."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_at_start = machine.load_average()
    with tempfile.TemporaryDirectory(prefix="atlas-bench-bounds-") as temp:
        work = Path(temp)
        project = copy_project(work / "atlas")
        vocabulary = read_vocabulary(project / "models")
        if isinstance(vocabulary, list):
            raise BenchmarkError("the project's vocabulary has problems")
        write_maximal_tied_models(project / "models", vocabulary.capabilities[0].id)
        commit_to_git(project)
        shape = f"{MAX_MODELS} models × {MAX_STAGES} stages, every stage alike"
        say(f"Bounds: check of the largest tied atlas ({shape})")
        check_s, check_mib = _timed_check(project)
        say(f"  check: {check_s:.2f} s, {check_mib:.0f} MiB; building (minutes)")
        site = work / "site"
        build = timed_build(project / "mkdocs.yml", site, work / "build.log")
        say(f"  build: {build.seconds:.1f} s, {build.peak_rss:.0f} MiB")
        atlas_json = (site / "atlas.json").stat().st_size
        files = [path for path in site.rglob("*") if path.is_file()]
        output = sum(path.stat().st_size for path in files)
        pages = [path for path in files if path.name == "index.html"]
        page_bytes = sum(path.stat().st_size for path in pages)
    measured = (
        f"Rows 6a–6e measured {when} with `python -m benchmarks --only bounds --merge`, one run "
        f"each (load average at start {load_at_start}, at end {machine.load_average()}); the "
        "other rows are from the run the header names."
    )
    return [
        Row(
            "6a",
            f"Check, largest tied atlas ({shape}): `python -m generator check`",
            Measure.of([check_s], "s"),
            None,
            f"seconds (≤ {CHECK_TARGET_S:.0f} s)",
            check_s <= CHECK_TARGET_S,
            (measured, f"Peak memory of check: {check_mib:.0f} MiB."),
        ),
        Row(
            "6b",
            "Build, largest tied atlas: `mkdocs build --strict`",
            Measure.of([build.seconds], "s"),
            None,
            f"minutes (≤ {BUILD_TARGET_S / 60:.0f} min)",
            build.seconds <= BUILD_TARGET_S,
            (),
        ),
        Row(
            "6c",
            "Build peak memory (RSS), largest tied atlas",
            Measure.of([build.peak_rss], "MiB"),
            None,
            "—",
            None,
            (),
        ),
        Row(
            "6d",
            "atlas.json, largest tied atlas",
            Measure.of([atlas_json], "bytes"),
            None,
            f"megabytes (≤ {ATLAS_JSON_TARGET / 1e6:.0f} MB)",
            atlas_json <= ATLAS_JSON_TARGET,
            (),
        ),
        Row(
            "6e",
            "Whole output folder, largest tied atlas",
            Measure.of([output], "bytes"),
            None,
            "—",
            None,
            (
                f"{len(pages)} HTML pages hold {page_bytes / 1e6:.0f} MB: every page carries "
                "the whole navigation, one entry per stage of every model.",
            ),
        ),
    ]
