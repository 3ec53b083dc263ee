"""Row 5: Lighthouse's performance score of the home, stage and quiz pages, ours against the
same pages of the plain MkDocs + Material baseline (which has no quiz engine).

Lighthouse runs its own headless Chromium (Debian's), with its default mobile emulation and
simulated throttling (slow 4G, 4× CPU slowdown), and starts every page from an empty cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.projects import PROJECT, BenchmarkError
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites
from tests.browser import CHROMIUM

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


def lighthouse(url: str, output: Path) -> Audit:
    """One Lighthouse run of the performance category (about 15 s)."""
    if not LIGHTHOUSE.is_file():
        raise BenchmarkError(f"{LIGHTHOUSE} is missing: run `npm ci`")
    command = [
        str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
        "--only-categories=performance", "--chrome-flags=--headless --no-sandbox",
    ]  # fmt: skip
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


@dataclass
class LighthouseReport:
    rows: list[Row]
    audits: dict[str, tuple[list[Audit], list[Audit]]]
    """Page kind → (ours, plain)."""


def benchmark_lighthouse(sites: Sites, runs: int, say: Callable[[str], None]) -> LighthouseReport:
    kinds = (
        ("5a", "home", sites.pages.home),
        ("5b", "stage", sites.pages.stage),
        ("5c", "quiz", sites.pages.quiz),
    )
    rows: list[Row] = []
    audits: dict[str, tuple[list[Audit], list[Audit]]] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-lighthouse-") as temp:
        for number, kind, path in kinds:
            ours: list[Audit] = []
            plain: list[Audit] = []
            for run in range(runs):
                ours.append(lighthouse(sites.ours + path, Path(temp) / f"{kind}-ours-{run}.json"))
                plain.append(
                    lighthouse(sites.plain + path, Path(temp) / f"{kind}-plain-{run}.json")
                )
                say(
                    f"  lighthouse {kind}, run {run + 1}/{runs}: {ours[-1].score:.0f} (plain {plain[-1].score:.0f})"
                )
            audits[kind] = (ours, plain)
            rows.append(
                Row(
                    number,
                    f"Lighthouse performance score, {kind} page vs the same page of plain MkDocs + Material",
                    Measure.of([a.score for a in ours], "score"),
                    Measure.of([a.score for a in plain], "score"),
                    "—",
                    None,
                )
            )
    return LighthouseReport(rows, audits)
