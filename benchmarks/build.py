"""Row 1: build time and peak memory, the atlas against plain MkDocs + Material, and growth.

A build is `mkdocs build --strict` in a child process, timed by wall clock from start to exit;
its peak memory is the child's own maximum resident set size, read with `os.wait4`.
"""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.projects import (
    MKDOCS,
    BenchmarkError,
    export_plain,
    frozen_project,
    synthetic_project,
)
from benchmarks.results import Measure, Row

BUILD_TARGET = 1.3
# Linear growth: the time each added stage page costs may not rise by more than this between
# the smallest and the largest synthetic atlases.
LINEARITY_TARGET = 1.5
SYNTHETIC_SIZES = (5, 50, 200, 500)
QUICK_SYNTHETIC_SIZES = (5, 50)


@dataclass(frozen=True)
class BuildRun:
    seconds: float
    peak_rss: float
    """The build process's peak resident memory, in MiB."""


def timed_build(config_file: Path, site_dir: Path, log_file: Path) -> BuildRun:
    """One `mkdocs build --strict` in a child process; raises if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(MKDOCS), "build", "--strict", "-f", str(config_file), "-d", str(site_dir)]
    with log_file.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        # wait4, not wait: it gives this child's own resource usage, where getrusage would give
        # the maximum over every child this process has had.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log_file.read_text(encoding="utf-8")[-3000:]
        raise BenchmarkError(f"mkdocs build of {config_file} failed:\n{tail}")
    return BuildRun(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Variant:
    name: str
    config_file: Path


def run_interleaved(
    variants: Sequence[Variant], runs: int, work: Path, say: Callable[[str], None]
) -> dict[str, list[BuildRun]]:
    """Build every variant once per run, alternating, so that drift in load hits all alike."""
    results: dict[str, list[BuildRun]] = {v.name: [] for v in variants}
    for run in range(runs):
        for variant in variants:
            result = timed_build(
                variant.config_file, work / f"site-{variant.name}", work / f"{variant.name}.log"
            )
            results[variant.name].append(result)
            say(f"  build {variant.name}, run {run + 1}/{runs}: {result.seconds:.2f} s")
    return results


def _seconds(runs: Sequence[BuildRun]) -> Measure:
    return Measure.of([r.seconds for r in runs], "s")


def _memory(runs: Sequence[BuildRun]) -> Measure:
    return Measure.of([r.peak_rss for r in runs], "MiB")


@dataclass(frozen=True)
class GrowthPoint:
    stage_pages: int
    ours: Measure
    plain: Measure
    ours_memory: Measure
    plain_memory: Measure
    markdown_bytes: int


@dataclass
class BuildReport:
    rows: list[Row]
    profile: list[tuple[str, float]]
    """(part of the build, seconds under cProfile), the first entry being the whole build."""
    stage_pages: int


def benchmark_builds(
    runs: int,
    say: Callable[[str], None],
    *,
    with_engine_baseline: bool = True,
    profile: bool = True,
) -> BuildReport:
    """Build the real atlas and its plain baselines, alternating, `runs` times each."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-build-") as temp:
        work = Path(temp)
        project = frozen_project(work / "atlas")
        plain = export_plain(project, work / "plain", with_quiz_engine=False)
        variants = [Variant("atlas", project / "mkdocs.yml"), Variant("plain", plain.config_file)]
        if with_engine_baseline:
            plain_engine = export_plain(project, work / "plain-engine", with_quiz_engine=True)
            variants.append(Variant("plain-engine", plain_engine.config_file))
        say(f"Build: the real atlas ({plain.stage_pages} stage pages) and its plain baselines")
        results = run_interleaved(variants, runs, work, say)
        ours, base = results["atlas"], results["plain"]
        rows = [
            _ratio_row(
                "1a",
                f"Build, real atlas ({plain.stage_pages} stage pages) vs plain MkDocs + Material "
                "of the same pages (no quiz engine)",
                _seconds(ours),
                _seconds(base),
                notes=(
                    "The atlas build also copies the 12.9 MiB Pyodide runtime; 1b compares "
                    "against a plain build that copies it too.",
                ),
            )
        ]
        if with_engine_baseline:
            rows.append(
                _ratio_row(
                    "1b",
                    "Build, real atlas vs plain build of the same pages and the same static "
                    "files (Pyodide runtime, quiz package, spec, scripts)",
                    _seconds(ours),
                    _seconds(results["plain-engine"]),
                    notes=("The generator's own overhead: both builds copy the same files.",),
                )
            )
        rows.append(
            Row(
                "1c",
                "Build peak memory (RSS of the mkdocs process), real atlas vs plain",
                _memory(ours),
                _memory(base),
                "—",
                None,
            )
        )
        profiled = _profile_build(project, work) if profile else []
    return BuildReport(rows, profiled, plain.stage_pages)


@dataclass
class GrowthReport:
    rows: list[Row]
    points: list[GrowthPoint]


def benchmark_growth(sizes: Sequence[int], runs: int, say: Callable[[str], None]) -> GrowthReport:
    """Build synthetic atlases of each size and their plain baselines, `runs` times each."""
    with tempfile.TemporaryDirectory(prefix="atlas-bench-growth-") as temp:
        points = [
            _growth_point(size, runs, Path(temp) / f"synthetic-{size}", say)
            for size in sorted(sizes)
        ]
    return GrowthReport(_growth_rows(points), points)


def quick_build_row(ours: BuildRun, plain: BuildRun, stage_pages: int) -> Row:
    """Row 1a from one build of each, for the quick run (which builds both for the browser)."""
    return _ratio_row(
        "1a",
        f"Build, real atlas ({stage_pages} stage pages) vs plain MkDocs + Material of the same "
        "pages (no quiz engine); one build each (--quick)",
        _seconds([ours]),
        _seconds([plain]),
    )


def _ratio_row(
    number: str, label: str, ours: Measure, base: Measure, notes: tuple[str, ...] = ()
) -> Row:
    ratio = ours.median / base.median
    return Row(number, label, ours, base, f"≤ {BUILD_TARGET}×", ratio <= BUILD_TARGET, notes)


def _growth_point(size: int, runs: int, work: Path, say: Callable[[str], None]) -> GrowthPoint:
    project = synthetic_project(work / "atlas", size)
    plain = export_plain(project, work / "plain", with_quiz_engine=False)
    if plain.stage_pages != size:
        raise BenchmarkError(f"the synthetic atlas has {plain.stage_pages} stage pages, not {size}")
    say(f"Build: synthetic atlas of {size} stage pages")
    results = run_interleaved(
        [Variant("atlas", project / "mkdocs.yml"), Variant("plain", plain.config_file)],
        runs,
        work,
        say,
    )
    return GrowthPoint(
        size,
        _seconds(results["atlas"]),
        _seconds(results["plain"]),
        _memory(results["atlas"]),
        _memory(results["plain"]),
        plain.markdown_bytes,
    )


def marginal_ms_per_page(low: GrowthPoint, high: GrowthPoint, plain: bool = False) -> float:
    """What each stage page added between two sizes costs, in ms (medians)."""
    a, b = (low.plain, high.plain) if plain else (low.ours, high.ours)
    return (b.median - a.median) / (high.stage_pages - low.stage_pages) * 1000


def _content_growth_note(
    first: tuple[GrowthPoint, GrowthPoint], last: tuple[GrowthPoint, GrowthPoint]
) -> str:
    """What a stage page adds in Markdown, and what the build costs per megabyte of it.

    A stage page lists its equivalents in every other model, and a synthetic atlas grows in
    models too: a larger atlas's stage pages are larger, and per stage page no build can be
    linear. Per byte of Markdown it can.
    """

    def added_kb(low: GrowthPoint, high: GrowthPoint) -> float:
        return (
            (high.markdown_bytes - low.markdown_bytes) / (high.stage_pages - low.stage_pages) / 1e3
        )

    def s_per_mb(low: GrowthPoint, high: GrowthPoint, plain: bool = False) -> float:
        a, b = (low.plain, high.plain) if plain else (low.ours, high.ours)
        return (b.median - a.median) / ((high.markdown_bytes - low.markdown_bytes) / 1e6)

    return (
        f"Each added stage page adds {added_kb(*first):.1f} kB of Markdown from "
        f"{first[0].stage_pages} to {first[1].stage_pages} pages and {added_kb(*last):.1f} kB from "
        f"{last[0].stage_pages} to {last[1].stage_pages} ({added_kb(*last) / added_kb(*first):.1f}×): "
        "stage pages list an equivalent in every other model, and larger synthetic atlases have "
        f"more models. Per added MB of Markdown the atlas takes {s_per_mb(*first):.2f} s, then "
        f"{s_per_mb(*last):.2f} s (plain MkDocs {s_per_mb(*first, plain=True):.2f} s, then "
        f"{s_per_mb(*last, plain=True):.2f} s)."
    )


def _growth_rows(growth: Sequence[GrowthPoint]) -> list[Row]:
    rows = [
        _ratio_row(
            f"1d.{index + 1}",
            f"Build, synthetic atlas of {point.stage_pages} stage pages vs plain",
            point.ours,
            point.plain,
        )
        for index, point in enumerate(growth)
    ]
    if len(growth) >= 3:
        first, last = (growth[0], growth[1]), (growth[-2], growth[-1])
        early = marginal_ms_per_page(*first)
        late = marginal_ms_per_page(*last)
        rows.append(
            Row(
                "1e",
                f"Build growth: ms per added stage page, {last[0].stage_pages}→"
                f"{last[1].stage_pages} (ours) vs {first[0].stage_pages}→{first[1].stage_pages} "
                "(ours)",
                Measure.of([late], "ms"),
                Measure.of([early], "ms"),
                f"linear (≤ {LINEARITY_TARGET}×)",
                late <= LINEARITY_TARGET * early,
                (
                    f"Plain MkDocs, same pages: {marginal_ms_per_page(*first, plain=True):.1f} → "
                    f"{marginal_ms_per_page(*last, plain=True):.1f} ms per added stage page.",
                    _content_growth_note(first, last),
                ),
            )
        )
        biggest = growth[-1]
        rows.append(
            Row(
                "1f",
                f"Build peak memory, synthetic atlas of {biggest.stage_pages} stage pages vs plain",
                biggest.ours_memory,
                biggest.plain_memory,
                "—",
                None,
            )
        )
    return rows


# Functions whose cumulative time under cProfile shows where the generator's share of a build goes.
_PROFILED_PARTS = (
    ("importing the generator (pydantic, Jinja2…)", "generator/plugin.py", "<module>"),
    ("atlas on_config: whole event", "generator/plugin.py", "on_config"),
    ("  load_atlas: read + validate the YAML models", "generator/atlas.py", "load_atlas"),
    ("    of which parse_yaml (libyaml parser, bounded composer)", "generator/yaml_source.py", "parse_yaml"),
    ("    of which equivalents (equivalent stages)", "generator/equivalents.py", "equivalents"),
    ("  build_quiz_package: the quiz package", "generator/quiz_assets.py", "build_quiz_package"),
    ("  SiteRenderer.pages: render the Markdown pages", "generator/render.py", "pages"),
    ("atlas on_files: add the generated files", "generator/plugin.py", "on_files"),
    ("atlas on_post_page: every page's HTML", "generator/plugin.py", "on_post_page"),
    ("  of which theme_fixes.fix_theme_markup", "generator/theme_fixes.py", "fix_theme_markup"),
    ("  of which csp.mark_page", "generator/csp.py", "mark_page"),
    ("atlas on_post_build: policy into every page", "generator/plugin.py", "on_post_build"),
    ("git-revision-date plugin: `git log` per page", "mkdocs_git_revision_date_localized_plugin/plugin.py", "on_page_markdown"),
    ("Material search plugin: index every page", "material/plugins/search/plugin.py", "on_page_context"),
    ("MkDocs: Markdown → HTML of every page (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("MkDocs: theme templates of every page (_build_page)", "mkdocs/commands/build.py", "_build_page"),
    ("MkDocs: copying static files (incl. Pyodide)", "mkdocs/structure/files.py", "copy_static_files"),
)  # fmt: skip


def _profile_build(project: Path, work: Path) -> list[tuple[str, float]]:
    """One build of the atlas under cProfile: cumulative seconds of the parts above."""
    stats_file = work / "build.prof"
    command = [
        sys.executable, "-m", "cProfile", "-o", str(stats_file), str(MKDOCS), "build", "--strict",
        "-q", "-f", str(project / "mkdocs.yml"), "-d", str(work / "site-profiled"),
    ]  # fmt: skip
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, check=True, capture_output=True, env=env, timeout=600)
    stats = pstats.Stats(str(stats_file))
    table = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = max(entry[3] for entry in table.values())
    parts: list[tuple[str, float]] = [("whole build, under cProfile", total)]
    for label, file_suffix, function in _PROFILED_PARTS:
        seconds = sum(
            entry[3]
            for (file, _line, name), entry in table.items()
            if file.endswith(file_suffix) and name == function
        )
        if seconds > 0:
            parts.append((label, seconds))
    return parts
