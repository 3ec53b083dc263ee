"""Row 4: bytes each kind of page takes on the wire, cold. Pages without a quiz (4a–4c) against
the same page of the plain MkDocs + Material baseline, none may fetch any of Pyodide; the quiz
page served gzip-encoded, as static hosts serve it (4f), against the full Pyodide core
compressed the same way.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Playwright, sync_playwright

from benchmarks.chromium import NetworkLog, fresh_profile, wait_for
from benchmarks.projects import PROJECT
from benchmarks.quiz_engine import OURS_READY
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites
from generator.quiz_assets import pyodide_runtime
from tests.browser import SUB_PATH

COMPRESSED_QUIZ_TARGET = 4.5e6


@dataclass(frozen=True)
class PageBytes:
    total: int
    pyodide: int
    requests: int


def _page_bytes(playwright: Playwright, url: str, sites: Sites) -> PageBytes:
    with fresh_profile(playwright) as (context, page):
        network = NetworkLog.attach(context)
        page.goto(url, wait_until="load")
        network.settle(page, quiet_ms=1000)
        return PageBytes(network.total(), network.total(sites.pyodide_dir), len(network.entries))


def benchmark_transfer(sites: Sites, say: Callable[[str], None]) -> list[Row]:
    """One cold load of each page, ours and plain: the bytes do not vary between loads."""
    kinds = (
        ("4a", "home", sites.pages.home),
        ("4b", "model", sites.pages.model),
        ("4c", "stage", sites.pages.stage),
    )
    rows = []
    with sync_playwright() as playwright:
        for number, kind, path in kinds:
            rows.append(_row(playwright, sites, number, kind, path, say))
        rows.append(_compressed_quiz_row(playwright, sites, say))
    return rows


def pyodide_core_gzip_bytes() -> int:
    """gzip -9 of the full Pyodide core as the npm package has it: the runtime files (with the
    whole standard library) and the lock file."""
    runtime = pyodide_runtime(PROJECT)
    paths = [*runtime.files.values(), runtime.files["pyodide.mjs"].parent / "pyodide-lock.json"]
    return sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in paths)


def _compressed_quiz_row(playwright: Playwright, sites: Sites, say: Callable[[str], None]) -> Row:
    """One cold load of the quiz page from the server that compresses, until its engine is
    ready and the network quiet: every response of the page and of its workers."""
    with fresh_profile(playwright) as (context, page):
        network = NetworkLog.attach(context)
        page.goto(sites.ours_gzip + sites.pages.quiz, wait_until="commit")
        wait_for(page, OURS_READY)
        network.settle(page, quiet_ms=1000)
        total, pyodide = network.total(), network.total(sites.pyodide_dir)
        requests = len(network.entries)
    core = pyodide_core_gzip_bytes()
    say(f"  bytes of the quiz page, gzip-encoded: {total} (Pyodide core gzipped {core})")
    return Row(
        "4f",
        "Bytes, quiz page cold, served gzip-encoded (every response of the page and its workers, "
        "engine ready) vs the full Pyodide core gzipped (-9: wasm, asm.mjs, pyodide.mjs, whole "
        "standard library, lock file)",
        Measure.of([total], "bytes"),
        Measure.of([core], "bytes"),
        f"≤ {COMPRESSED_QUIZ_TARGET / 1e6:g} MB",
        total <= COMPRESSED_QUIZ_TARGET,
        (
            f"Of which Pyodide folder: {Measure.of([pyodide], 'bytes').format()}; {requests} "
            "requests. The test server compresses every file with gzip -9 (GitHub Pages also "
            "compresses, at its own level).",
        ),
    )


def _row(
    playwright: Playwright,
    sites: Sites,
    number: str,
    kind: str,
    path: str,
    say: Callable[[str], None],
) -> Row:
    ours = [_page_bytes(playwright, sites.ours + path, sites)]
    plain = [_page_bytes(playwright, sites.plain + path, sites)]
    pyodide = max(p.pyodide for p in ours)
    say(f"  bytes of the {kind} page: {ours[0].total} (plain {plain[0].total}), Pyodide {pyodide}")
    return Row(
        number,
        f"Bytes, {kind} page cold ({SUB_PATH}{path}) vs the same page of plain MkDocs + Material",
        Measure.of([p.total for p in ours], "bytes"),
        Measure.of([p.total for p in plain], "bytes"),
        "0 B of Pyodide",
        pyodide == 0,
        (f"{kind.capitalize()} page: {ours[0].requests} requests, {pyodide} B of Pyodide.",),
    )
