"""BENCHMARKS.md: the machine, the table, the details behind it and where the time goes.

Everything is generated from a run, except the hand-written findings between the FINDINGS
markers: a new run keeps them, so the analysis is not lost when the numbers are refreshed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.build import BuildReport, GrowthReport, marginal_ms_per_page
from benchmarks.lighthouse import METRICS, LighthouseReport
from benchmarks.quiz_engine import QuizReport
from benchmarks.results import Row, format_value, markdown_table, text_table

FINDINGS_START = "<!-- findings:start (hand-written; kept when the file is regenerated) -->"
FINDINGS_END = "<!-- findings:end -->"
NO_FINDINGS = "_No hand-written findings yet._"


@dataclass
class Run:
    """Everything one run of the benchmarks measured."""

    command: str
    machine: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    build: BuildReport | None = None
    growth: GrowthReport | None = None
    quiz: QuizReport | None = None
    lighthouse: LighthouseReport | None = None
    notes: list[str] = field(default_factory=list)
    duration_s: float = 0.0


def _notes(rows: Sequence[Row]) -> list[str]:
    return [f"- **{row.number}**: {note}" for row in rows for note in row.notes]


def _verdict(rows: Sequence[Row]) -> tuple[list[Row], list[Row]]:
    met = [r for r in rows if r.met is True]
    missed = [r for r in rows if r.met is False]
    return met, missed


def console_report(run: Run) -> str:
    """The table and its notes, for the terminal."""
    met, missed = _verdict(run.rows)
    lines = [text_table(run.rows), "", *[n.replace("**", "") for n in _notes(run.rows)], ""]
    lines.append(f"Targets met: {', '.join(r.number for r in met) or 'none'}")
    lines.append(f"Targets missed: {', '.join(r.number for r in missed) or 'none'}")
    return "\n".join(lines)


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else format_value(value, "ms")


def _growth_section(growth: GrowthReport) -> list[str]:
    lines = ["### Build growth (synthetic atlases)", ""]
    if growth.points:
        lines += [
            "| Stage pages | Markdown of all pages | Atlas | Plain | Ratio | "
            "Atlas, ms per stage page (total) | "
            "Atlas, ms per added stage page | Plain, ms per added stage page | Peak RSS atlas | "
            "Peak RSS plain |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        previous = None
        for point in growth.points:
            ours_added = plain_added = "—"
            if previous is not None:
                ours_added = f"{marginal_ms_per_page(previous, point):.1f}"
                plain_added = f"{marginal_ms_per_page(previous, point, plain=True):.1f}"
            lines.append(
                f"| {point.stage_pages} | {format_value(point.markdown_bytes, 'bytes')} | "
                f"{point.ours.format()} | {point.plain.format()} | "
                f"{point.ours.median / point.plain.median:.2f}× | "
                f"{point.ours.median / point.stage_pages * 1000:.1f} | {ours_added} | {plain_added} | "
                f"{point.ours_memory.format()} | {point.plain_memory.format()} |"
            )
            previous = point
    lines.append("")
    return lines


def _build_section(build: BuildReport) -> list[str]:
    lines: list[str] = []
    if build.profile:
        total = build.profile[0][1]
        lines += [
            "### Build: where the time goes (one build of the real atlas under cProfile)",
            "",
            "cProfile slows Python down about 2×; the shares are what counts. MkDocs' own parts "
            "are there for scale (the plain baseline has them too).",
            "",
            "| Part | Seconds (profiled) | Share |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {label} | {seconds:.2f} | {seconds / total:.0%} |"
            for label, seconds in build.profile
        ]
        lines.append("")
    return lines


def _quiz_section(quiz: QuizReport) -> list[str]:
    lines = [
        "### Quiz engine start, step by step (medians, ms from navigation start)",
        "",
        "From the worker's own progress messages (quiz/web/worker.mjs) and the bare page's.",
        "",
        "| Step | Ours, cold | Bare, cold | Ours, warm | Bare, warm |",
        "| --- | --- | --- | --- | --- |",
    ]
    cold, warm = quiz.load_steps(), quiz.load_steps(warm=True)
    for step, (ours, bare) in cold.items():
        warm_ours, warm_bare = warm[step]
        lines.append(
            f"| {step} | {_ms(ours)} | {_ms(bare)} | {_ms(warm_ours)} | {_ms(warm_bare)} |"
        )
    parts = quiz.breakdown()
    lines += [
        "",
        "The bare page, after loading Pyodide, timed the quiz's own steps one after the other in "
        f"its worker (warm cache): fetching the quiz package {_ms(parts['bare_fetchPackage'])}, "
        f"writing it to the file system {_ms(parts['bare_installPackage'])}, "
        f"`import quiz.api` {_ms(parts['bare_importApi'])}, `Engine(spec)` "
        f"{_ms(parts['bare_engine'])}. The quiz page fetches the package while Pyodide loads.",
        "",
        "### Submit → result, step by step (medians over every submit, ms)",
        "",
        "| Step | ms |",
        "| --- | --- |",
        f"| click → score request posted to the worker (page: read answers) | {_ms(parts['page_to_post'])} |",
        f"| posted → reply received (worker: message, Python `Engine.score`, reply) | {_ms(parts['worker_round_trip'])} |",
        f'| reply → `data-state="ready"` (page: HTML inserted, focus, scrollIntoView) | {_ms(parts["reply_to_dom"])} |',
        f'| `data-state="ready"` → next frame (style, layout, paint) | {_ms(parts["dom_to_paint"])} |',
        f"| **total, click → result painted** | {_ms(parts['painted'])} |",
        f"| bare page: round trip of the same `Engine.score` (no UI) | {_ms(parts['bare_round_trip'])} |",
        f"| bare page: Python `Engine.score` alone, timed in the worker | {_ms(parts['bare_python'])} |",
        "",
        "### Caching observed",
        "",
        f"- Quiz page, cold: {quiz.ours[-1].cold.cache.describe()}.",
        f"- Quiz page, warm: {quiz.ours[-1].warm.cache.describe()}.",
        f"- Bare page, warm: {quiz.bare[-1].warm.cache.describe()}.",
        "- The test server is Python's `http.server`: it sends `Last-Modified` and no "
        "`Cache-Control`, and answers `If-Modified-Since` with 304. Chromium then caches by "
        "heuristic freshness (10 % of the file's age); the benchmark dates the built files a day "
        "back, so a warm load within hours is served from the cache without revalidation, as "
        "GitHub Pages' `max-age=600` would within 10 minutes (after that, every file costs a "
        "304 round trip). The server does not compress: byte counts are uncompressed sizes.",
        "- Warm loads use a persistent profile (disk cache): an incognito context's memory cache "
        "does not keep the 9.6 MB `pyodide.asm.wasm` and downloads it again.",
        "",
    ]
    return lines


def _lighthouse_section(report: LighthouseReport) -> list[str]:
    lines = [
        "### Lighthouse metrics (the run with the median score; simulated slow 4G, 4× CPU "
        "slowdown, mobile; served gzip-encoded)",
        "",
        "| Page | Site | Score | " + " | ".join(METRICS) + " | total-byte-weight |",
        "| --- | --- | --- | " + " | ".join("---" for _ in METRICS) + " | --- |",
    ]
    for kind, (ours, plain) in report.audits.items():
        sites = [("atlas", ours), ("plain", plain)]
        if kind in report.without_engine:
            sites.insert(1, ("atlas, engine blocked", report.without_engine[kind]))
        for site, audits in sites:
            scores = sorted(a.score for a in audits)
            middle = scores[len(scores) // 2]
            audit = next(a for a in audits if a.score == middle)
            metrics = " | ".join(
                f"{audit.metrics[m]:.3f}"
                if m == "cumulative-layout-shift"
                else f"{audit.metrics[m]:.0f} ms"
                for m in METRICS
            )
            lines.append(
                f"| {kind} | {site} | {audit.score:.0f} | {metrics} | "
                f"{format_value(audit.total_bytes, 'bytes')} |"
            )
    lines.append("")
    return lines


def _existing_findings(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return NO_FINDINGS
    start, end = text.find(FINDINGS_START), text.find(FINDINGS_END)
    if start < 0 or end < start:
        return NO_FINDINGS
    return text[start + len(FINDINGS_START) : end].strip() or NO_FINDINGS


def markdown_report(run: Run, findings: str) -> str:
    met, missed = _verdict(run.rows)
    lines = [
        "# Benchmarks",
        "",
        f"Generated by `{run.command}` in {run.duration_s / 60:.1f} minutes. Each row is ours "
        "against a baseline measured side by side in the same run, as a ratio of medians "
        "(median, then min–max and the number of samples in brackets). How each row is measured: "
        "the `benchmarks/` package's docstrings and the README's Benchmarks section.",
        "",
    ]
    lines += [f"> {note}" for note in run.notes]
    if run.notes:
        lines.append("")
    lines += ["## Machine and versions", "", "| | |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in run.machine.items()]
    lines += [
        "",
        "## Results",
        "",
        markdown_table(run.rows),
        "",
        *_notes(run.rows),
        "",
        f"**Targets met:** {', '.join(r.number for r in met) or 'none'}. "
        f"**Missed:** {', '.join(r.number for r in missed) or 'none'}. "
        "Rows with no target (—) are reported for information.",
        "",
        "## Where the time goes",
        "",
    ]
    if run.build is not None:
        lines += _build_section(run.build)
    if run.growth is not None:
        lines += _growth_section(run.growth)
    if run.quiz is not None:
        lines += _quiz_section(run.quiz)
    if run.lighthouse is not None:
        lines += _lighthouse_section(run.lighthouse)
    lines += [
        "### Findings and suggested fixes",
        "",
        FINDINGS_START,
        "",
        findings,
        "",
        FINDINGS_END,
        "",
    ]
    return "\n".join(lines)


def write_report(run: Run, path: Path) -> None:
    """Write BENCHMARKS.md, keeping the hand-written findings of the file it replaces."""
    path.write_text(markdown_report(run, _existing_findings(path)), encoding="utf-8")


def merge_rows(rows: Sequence[Row], path: Path) -> None:
    """Put `rows` into the Results table of the report at `path`, and their notes after the
    table's notes: a row of the same number is replaced, a new one added in order. Every other
    row, note and section stays as it is (their figures are from the run the report names)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("## Results")
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("| # |"))
    end = next(i for i in range(first, len(lines)) if not lines[i].startswith("|"))
    numbers = {row.number for row in rows}
    table = {
        line.split(" | ")[0].removeprefix("| "): line
        for line in lines[first + 2 : end]
        if line.split(" | ")[0].removeprefix("| ") not in numbers
    }
    table.update({row.number: markdown_table([row]).split("\n")[-1] for row in rows})
    ordered = [table[number] for number in sorted(table, key=row_order)]
    notes_end = next(i for i in range(end + 1, len(lines)) if not lines[i].startswith("- **"))
    notes = [line for line in lines[end + 1 : notes_end] if line.split("**")[1] not in numbers]
    notes = sorted([*notes, *_notes(rows)], key=lambda line: row_order(line.split("**")[1]))
    lines[first + 2 : notes_end] = [*ordered, "", *notes]
    # The verdict line, from the Met column of the merged table.
    met = [line.split(" | ")[0][2:] for line in ordered if line.endswith("| yes |")]
    missed = [line.split(" | ")[0][2:] for line in ordered if line.endswith("| **NO** |")]
    verdict = next(i for i, line in enumerate(lines) if line.startswith("**Targets met:**"))
    lines[verdict] = (
        f"**Targets met:** {', '.join(met) or 'none'}. **Missed:** {', '.join(missed) or 'none'}. "
        "Rows with no target (—) are reported for information."
    )
    path.write_text("\n".join(lines), encoding="utf-8")


def row_order(number: str) -> tuple[int, str, int]:
    """`1d.10` after `1d.9`: the issue's row, then the letter, then the sub-row."""
    head, _, sub = number.partition(".")
    return int(head[0]), head[1:], int(sub or 0)
