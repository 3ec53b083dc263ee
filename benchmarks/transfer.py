"""Row 4 (pages without a quiz): bytes each kind of page takes on the wire, cold, against the
same page of the plain MkDocs + Material baseline; none may fetch any of Pyodide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Playwright, sync_playwright

from benchmarks.chromium import NetworkLog, fresh_profile
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites
from tests.browser import SUB_PATH


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
    return rows


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
