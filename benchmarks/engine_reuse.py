"""Rows 3e and 3f: the quiz engine when the visitor reaches the quiz by the theme's instant
navigation, against the bare page that only loads Pyodide.

- 3e: quiz page (engine ready), away to the home page and back (history back, which the theme
  handles without reloading the page): time from going back to the engine being ready, and how
  many engine workers the visit created (one means the engine was kept, not started again).
- 3f: a stage page, cold; the pointer rests on a link to the quiz (the intent a prefetch may act
  on), the benchmark waits until the network is quiet, then clicks: time from the click to the
  engine being ready, and the bytes of Pyodide fetched between hover and click.

Both work whether or not the site keeps its engine across navigation or prefetches it on intent:
they measure what the site does.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, sync_playwright

from benchmarks.chromium import NetworkLog, fresh_profile, wait_for
from benchmarks.projects import BenchmarkError
from benchmarks.quiz_engine import BARE_READY, OURS_READY
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites

# Installed before the navigation under test: records when the next trusted click happens and
# when a quiz form other than the one on show (if any) says its engine is ready.
_WATCH_NEXT_QUIZ = """
() => {
  const previous = document.querySelector("form#quiz");
  const watch = (window.__benchNext = { clickAt: null, readyAt: null });
  document.addEventListener("click", (event) => {
    if (event.isTrusted && watch.clickAt === null) watch.clickAt = performance.now();
  }, { capture: true });
  const check = () => {
    const form = document.querySelector("form#quiz");
    if (watch.readyAt === null && form && form !== previous && form.dataset.engine === "ready") {
      watch.readyAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-engine"],
  });
}
"""
_NEXT_READY = "window.__benchNext && window.__benchNext.readyAt !== null"

# Marks the first visible link to `url` (a quiz link in the navigation) for Playwright to point at.
_MARK_LINK = """
(url) => {
  const link = [...document.querySelectorAll("a[href]")].find(
    (a) => a.href === url && a.checkVisibility());
  if (!link) return false;
  link.dataset.benchQuizLink = "";
  return true;
}
"""


@dataclass(frozen=True)
class BackRun:
    ready_ms: float
    """From history.back() to the quiz form's engine being ready."""
    workers: int
    """Engine workers created over the whole visit (first load included)."""


@dataclass(frozen=True)
class IntentRun:
    ready_ms: float
    """From the click on the quiz link to the engine being ready."""
    prefetched_bytes: int
    """Bytes of Pyodide fetched between the hover and the click."""
    workers_before_click: int


def _back_and_forth(page: Page, sites: Sites) -> BackRun:
    page.goto(sites.ours + sites.pages.quiz, wait_until="commit")
    wait_for(page, OURS_READY)
    page.locator("header a.md-logo").click()
    wait_for(page, f"location.href === {sites.ours!r} && document.querySelector('h1') !== null")
    page.wait_for_timeout(500)  # the home page settles (a visitor reads before going back)
    page.evaluate(_WATCH_NEXT_QUIZ)
    start = page.evaluate("() => { const now = performance.now(); history.back(); return now; }")
    wait_for(page, _NEXT_READY)
    ready = float(page.evaluate("window.__benchNext.readyAt"))
    workers = len(page.evaluate("window.__bench.quizWorkers"))
    return BackRun(ready - start, workers)


def _intent(page: Page, network: NetworkLog, sites: Sites) -> IntentRun:
    page.goto(sites.ours + sites.pages.stage, wait_until="load")
    network.settle(page, quiet_ms=1000)
    if not page.evaluate(_MARK_LINK, sites.ours + sites.pages.quiz):
        raise BenchmarkError(f"the stage page {sites.pages.stage} shows no link to the quiz")
    page.evaluate(_WATCH_NEXT_QUIZ)
    network.clear()
    page.hover("[data-bench-quiz-link]")
    # Whatever the hover starts (downloads, a worker) has the time it takes, up to a minute.
    network.settle(page, quiet_ms=1000, timeout_s=60)
    prefetched = network.total(sites.pyodide_dir)
    workers = len(page.evaluate("window.__bench.quizWorkers"))
    page.click("[data-bench-quiz-link]")
    wait_for(page, _NEXT_READY)
    watch = page.evaluate("window.__benchNext")
    if watch["clickAt"] is None:
        raise BenchmarkError("the click on the quiz link was not seen")
    return IntentRun(float(watch["readyAt"] - watch["clickAt"]), prefetched, workers)


def _bare(page: Page, sites: Sites) -> tuple[float, float]:
    """The bare page's cold and warm load to Pyodide ready (ms from navigation start)."""
    times = []
    for _ in range(2):
        page.goto(sites.bare, wait_until="commit")
        wait_for(page, BARE_READY)
        failure = page.evaluate("window.__bench.failed || ''")
        if failure:
            raise BenchmarkError(f"the bare page's Pyodide failed: {failure}")
        times.append(float(page.evaluate("window.__bench.readyAt")))
        page.goto("about:blank")
    return times[0], times[1]


def benchmark_engine_reuse(sites: Sites, runs: int, say: Callable[[str], None]) -> list[Row]:
    backs: list[BackRun] = []
    intents: list[IntentRun] = []
    bare_cold: list[float] = []
    bare_warm: list[float] = []
    with sync_playwright() as playwright:
        for run in range(runs):
            with fresh_profile(playwright) as (_context, page):
                backs.append(_back_and_forth(page, sites))
            with fresh_profile(playwright) as (context, page):
                intents.append(_intent(page, NetworkLog.attach(context), sites))
            with fresh_profile(playwright) as (_context, page):
                cold, warm = _bare(page, sites)
                bare_cold.append(cold)
                bare_warm.append(warm)
            say(
                f"  engine reuse run {run + 1}/{runs}: back {backs[-1].ready_ms:.0f} ms "
                f"({backs[-1].workers} worker(s)), after intent {intents[-1].ready_ms:.0f} ms "
                f"({intents[-1].prefetched_bytes} B prefetched); bare cold {cold:.0f}, warm {warm:.0f}"
            )
    back = Measure.of([r.ready_ms for r in backs], "ms")
    intent = Measure.of([r.ready_ms for r in intents], "ms")
    workers = sorted({r.workers for r in backs})
    prefetched = Measure.of([r.prefetched_bytes for r in intents], "bytes")
    early_workers = statistics.median(r.workers_before_click for r in intents)
    return [
        Row(
            "3e",
            "Quiz engine ready after instant navigation away (home page) and back (history back), "
            "from going back: quiz page vs bare page warm",
            back,
            Measure.of(bare_warm, "ms"),
            "no second start (1 worker)",
            workers == [1],
            (
                f"Engine workers created per visit (first load included): "
                f"{', '.join(map(str, workers))}.",
            ),
        ),
        Row(
            "3f",
            "Quiz engine ready after intent (pointer on a quiz link of a stage page, cold, until "
            "the network is quiet, then click), from the click: quiz page vs bare page cold",
            intent,
            Measure.of(bare_cold, "ms"),
            "—",
            None,
            (
                f"Fetched from the Pyodide folder between hover and click: {prefetched.format()}; "
                f"engine workers already running at the click (median): {early_workers:g}.",
            ),
        ),
    ]
