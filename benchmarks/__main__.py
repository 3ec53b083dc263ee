"""`python -m benchmarks`: run the benchmarks, print the table, write BENCHMARKS.md.

Usage (from the project folder, after the README's set-up)::

    python -m benchmarks                  # every row, 5 runs each: about 20 minutes
    python -m benchmarks --runs 3         # fewer runs
    python -m benchmarks --quick          # smoke run, under a minute; writes no file
    python -m benchmarks --only build,quiz --output -    # some sections, print only
    python -m benchmarks --only bounds --merge           # some rows into BENCHMARKS.md
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from benchmarks import machine
from benchmarks.bounds import benchmark_bounds
from benchmarks.build import (
    QUICK_SYNTHETIC_SIZES,
    SYNTHETIC_SIZES,
    benchmark_builds,
    benchmark_growth,
    quick_build_row,
)
from benchmarks.engine_reuse import benchmark_engine_reuse
from benchmarks.lighthouse import benchmark_lighthouse
from benchmarks.projects import BenchmarkError
from benchmarks.quiz_engine import benchmark_quiz
from benchmarks.reload import benchmark_reload
from benchmarks.report import Run, console_report, merge_rows, row_order, write_report
from benchmarks.sites import served_sites
from benchmarks.team_view import benchmark_team_view
from benchmarks.transfer import benchmark_transfer

SECTIONS = ("build", "growth", "reload", "quiz", "reuse", "team", "bytes", "lighthouse", "bounds")
# The sections that load pages of the built sites in a browser.
BROWSER_SECTIONS = {"quiz", "reuse", "team", "bytes", "lighthouse"}
# The quick run's row 1a comes from the two builds the quiz section makes anyway.
QUICK_SECTIONS = ("quiz",)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark the atlas against its baselines; print the table and write "
        "BENCHMARKS.md.",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run (under a minute): 1 run, the quiz section and one build of each site, "
        "no cProfile, no file written unless --output says where",
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated sections to run, of: {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--growth-runs",
        type=int,
        default=1,
        help="runs of each synthetic atlas build (default 1: the 500-page one takes minutes)",
    )
    parser.add_argument(
        "--sizes",
        default="",
        help="comma-separated stage-page counts of the synthetic atlases "
        f"(default {','.join(map(str, SYNTHETIC_SIZES))})",
    )
    parser.add_argument(
        "--submits", type=int, default=None, help="submits timed per quiz run (default 20; 5 quick)"
    )
    parser.add_argument(
        "--output",
        default=None,
        help="where to write the report (default BENCHMARKS.md; '-' for nowhere; "
        "with --quick, nowhere)",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="put the rows measured into the existing report's table (replacing rows of the "
        "same number, with their notes) and keep everything else in it as it is",
    )
    parser.add_argument(
        "--note",
        action="append",
        default=[],
        help="a note for the report's header, e.g. that the machine was busy (repeatable)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    runs = 1 if args.quick else args.runs
    if runs < 1:
        raise SystemExit("--runs must be at least 1")
    sections = [s for s in args.only.split(",") if s] or list(
        QUICK_SECTIONS if args.quick else SECTIONS
    )
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        raise SystemExit(
            f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}"
        )
    submits = args.submits or (5 if args.quick else 20)
    output = args.output or ("-" if args.quick else "BENCHMARKS.md")

    started = time.monotonic()

    def say(text: str) -> None:
        print(f"[{time.monotonic() - started:6.1f} s] {text}", file=sys.stderr, flush=True)

    run = Run(
        command=_command(argv if argv is not None else sys.argv[1:]),
        machine=machine.describe(),
        notes=list(args.note),
    )
    try:
        if "build" in sections:
            run.build = benchmark_builds(
                runs, say, with_engine_baseline=not args.quick, profile=not args.quick
            )
            run.rows += run.build.rows
        if "growth" in sections:
            sizes = tuple(int(size) for size in args.sizes.split(",") if size) or (
                QUICK_SYNTHETIC_SIZES if args.quick else SYNTHETIC_SIZES
            )
            run.growth = benchmark_growth(sizes, args.growth_runs, say)
            run.rows += run.growth.rows
        if "reload" in sections:
            run.rows += benchmark_reload(runs, say)
        if BROWSER_SECTIONS & set(sections):
            with served_sites(say) as sites:
                if args.quick and "build" not in sections:
                    run.rows.append(quick_build_row(*sites.builds, sites.stage_pages))
                if "quiz" in sections:
                    run.quiz = benchmark_quiz(sites, runs, submits, say)
                    run.rows += run.quiz.rows
                if "reuse" in sections:
                    run.rows += benchmark_engine_reuse(sites, runs, say)
                if "team" in sections:
                    run.rows += benchmark_team_view(sites, runs, say)
                if "bytes" in sections:
                    run.rows += benchmark_transfer(sites, say)
                if "lighthouse" in sections:
                    run.lighthouse = benchmark_lighthouse(sites, runs, say)
                    run.rows += run.lighthouse.rows
        if "bounds" in sections:
            run.rows += benchmark_bounds(say)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    run.rows.sort(key=lambda row: row_order(row.number))
    run.duration_s = time.monotonic() - started
    run.machine["Load average at end (1 / 5 / 15 min)"] = machine.load_average()
    print(console_report(run))
    print(f"\n{len(run.rows)} rows in {run.duration_s:.0f} s.")
    if output != "-":
        path = Path(output).resolve()
        if args.merge:
            merge_rows(run.rows, path)
        else:
            write_report(run, path)
        print(f"Wrote {path}.")
    return 0


def _command(argv: list[str]) -> str:
    """The command as run, with each --note's text left out (the report shows the notes)."""
    shown: list[str] = []
    for index, arg in enumerate(argv):
        if index > 0 and argv[index - 1] == "--note":
            shown.append("…")
        elif arg.startswith("--note="):
            shown.append("--note=…")
        else:
            shown.append(arg)
    return shlex.join(["python", "-m", "benchmarks", *shown]).replace("'…'", "…")


if __name__ == "__main__":
    sys.exit(main())
