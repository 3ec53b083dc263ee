"""Row 5: Lighthouse's performance score of the home, stage, quiz and team pages, ours against
the same pages of the plain MkDocs + Material baseline (which has no quiz engine and no page
script; it keeps the atlas's stylesheets and template overrides, so its pages look the same).

Lighthouse runs its own headless Chromium (Debian's), with its default mobile emulation and
simulated throttling (slow 4G, 4× CPU slowdown), and starts every page from an empty cache.
Both sites are served gzip-encoded, as static hosts serve them: Lighthouse simulates the slow
network from the bytes each response took, so an uncompressed server would score the theme's
137 kB stylesheet as it never travels. The quiz and team pages are also measured with the
engine's worker blocked (`--blocked-url-patterns`): the difference is the engine's own cost.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.projects import PROJECT, BenchmarkError
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites
from tests.browser import CHROMIUM
from tests.team_page import TEAM

LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
# The metrics the score is made of, kept for the report's details.
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)


@dataclass(frozen=True)
class Audit:
    score: float
    """0-100."""
    metrics: dict[str, float]
    total_bytes: float


def lighthouse(url: str, output: Path, blocked: str = "") -> Audit:
    """One Lighthouse run of the performance category (about 15 s); `blocked` is a URL pattern
    the browser refuses."""
    if not LIGHTHOUSE.is_file():
        raise BenchmarkError(f"{LIGHTHOUSE} is missing: run `npm ci`")
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
        "--only-categories=performance", "--chrome-flags=--headless --no-sandbox",
    ]  # fmt: skip
    if blocked:
        command.append(f"--blocked-url-patterns={blocked}")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    if result.returncode != 0 or not output.is_file():
        raise BenchmarkError(f"lighthouse {url} failed:\n{result.stderr[-2000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    score = report["categories"]["performance"]["score"]
    if score is None:
        raise BenchmarkError(
            f"lighthouse gave {url} no performance score: {report.get('runtimeError')}"
        )
    audits = report["audits"]
    return Audit(
        score=float(score) * 100,
        metrics={name: float(audits[name]["numericValue"]) for name in METRICS},
        total_bytes=float(audits["total-byte-weight"]["numericValue"]),
    )


# The quiz and team pages' engine: blocking its worker script leaves the page without Python.
ENGINE_WORKER = "*/assets/quiz/worker.mjs"
TARGET = 95


@dataclass
class LighthouseReport:
    rows: list[Row]
    audits: dict[str, tuple[list[Audit], list[Audit]]]
    """Page kind → (ours, plain)."""
    without_engine: dict[str, list[Audit]]
    """Page kind → ours with the engine's worker blocked (the pages that have an engine)."""


def benchmark_lighthouse(sites: Sites, runs: int, say: Callable[[str], None]) -> LighthouseReport:
    kinds = (
        ("5a", "home", sites.pages.home, False),
        ("5b", "stage", sites.pages.stage, False),
        ("5c", "quiz", sites.pages.quiz, True),
        ("5d", "team", TEAM, True),
    )
    rows: list[Row] = []
    audits: dict[str, tuple[list[Audit], list[Audit]]] = {}
    without_engine: dict[str, list[Audit]] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-lighthouse-") as temp:
        for number, kind, path, has_engine in kinds:
            ours: list[Audit] = []
            plain: list[Audit] = []
            blocked: list[Audit] = []
            for run in range(runs):
                output = Path(temp) / f"{kind}-{run}"
                ours.append(lighthouse(sites.ours_gzip + path, output.with_suffix(".ours.json")))
                plain.append(lighthouse(sites.plain_gzip + path, output.with_suffix(".plain.json")))
                if has_engine:
                    blocked.append(
                        lighthouse(
                            sites.ours_gzip + path,
                            output.with_suffix(".blocked.json"),
                            ENGINE_WORKER,
                        )
                    )
                say(
                    f"  lighthouse {kind}, run {run + 1}/{runs}: {ours[-1].score:.0f} "
                    f"(plain {plain[-1].score:.0f}"
                    + (f", ours without the engine {blocked[-1].score:.0f})" if blocked else ")")
                )
            audits[kind] = (ours, plain)
            notes: tuple[str, ...] = (_metrics_note(ours, plain),)
            if blocked:
                without_engine[kind] = blocked
                notes += (
                    "The same page with the engine's worker blocked (no Python): "
                    f"{Measure.of([a.score for a in blocked], 'score').format()}; total blocking "
                    f"time {_median_metric(blocked, 'total-blocking-time'):.0f} ms against "
                    f"{_median_metric(ours, 'total-blocking-time'):.0f} ms with it (plain "
                    f"{_median_metric(plain, 'total-blocking-time'):.0f} ms).",
                )
            score, plain_score = (
                Measure.of([a.score for a in audits], "score") for audits in (ours, plain)
            )
            rows.append(
                Row(
                    number,
                    f"Lighthouse performance score, {kind} page vs the same page of plain MkDocs + "
                    "Material (both served gzip-encoded)",
                    score,
                    plain_score,
                    f"≥ {TARGET}, or ≥ plain",
                    score.median >= min(TARGET, plain_score.median),
                    notes,
                )
            )
    return LighthouseReport(rows, audits, without_engine)


def _median_metric(audits: list[Audit], metric: str) -> float:
    return statistics.median(a.metrics[metric] for a in audits)


def _metrics_note(ours: list[Audit], plain: list[Audit]) -> str:
    """Median first and largest contentful paint and total blocking time, ours and plain."""
    parts = []
    for metric, name in (
        ("first-contentful-paint", "FCP"),
        ("largest-contentful-paint", "LCP"),
        ("total-blocking-time", "TBT"),
    ):
        parts.append(
            f"{name} {_median_metric(ours, metric):.0f} ms (plain {_median_metric(plain, metric):.0f})"
        )
    return "Medians (simulated): " + ", ".join(parts) + "."
