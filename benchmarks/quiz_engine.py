"""Rows 3 and 4 (quiz page): the quiz engine in Chromium against a bare page that only loads
Pyodide, cold and warm; submit to result; the first answer; and the bytes the quiz page takes.

Times are the page's own performance.now(), i.e. milliseconds from the start of navigation,
recorded by benchmarks/web/probe.js (ours) and by the bare page itself.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page, sync_playwright

from benchmarks.chromium import CacheSummary, NetworkLog, fresh_profile, wait_for
from benchmarks.projects import BenchmarkError
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites

ENGINE_TARGET = 1.1
SUBMIT_TARGET_MS = 150.0

# Submits `count` different sets of answers (one option of each question), one at a time, and times each from the click on
# "Show where we stand" to the result: when #quiz-results says data-state="ready" (DOM updated)
# and one frame later (painted). The probe's records of worker messages split each submit.
_SUBMITS = """
async (count) => {
  const bench = window.__bench;
  const form = document.querySelector("form#quiz");
  const results = document.getElementById("quiz-results");
  const button = form.querySelector('button[type="submit"]');
  const fieldsets = [...form.querySelectorAll("fieldset[data-question]")];
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const samples = [];
  for (let round = 0; round < count; round++) {
    fieldsets.forEach((fieldset, index) => {
      // One option each: a radio, or one box of a question that takes several (checkboxes).
      const options = [...fieldset.querySelectorAll('input[type="radio"], input[type="checkbox"]')];
      const choice = options[(round + index) % options.length];
      for (const option of options) if (option.checked && option !== choice && option.type === "checkbox") option.click();
      if (!choice.checked) choice.click();
    });
    await nextFrame();
    const shown = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        if (results.dataset.state === "ready") {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(results, { attributes: true, attributeFilter: ["data-state"] });
      setTimeout(() => reject(new Error("no result within 20 s")), 20000);
    });
    const posts = bench.posts.length;
    const replies = bench.replies.length;
    const start = performance.now();
    button.click();
    const domReady = await shown;
    await nextFrame();
    const painted = performance.now();
    const posted = bench.posts.slice(posts).find((p) => p.type === "score")?.at ?? NaN;
    const replied = bench.replies.slice(replies).find((r) => r.type === "reply")?.at ?? NaN;
    samples.push({
      painted: painted - start,
      dom: domReady - start,
      page_to_post: posted - start,
      worker_round_trip: replied - posted,
      reply_to_dom: domReady - replied,
      dom_to_paint: painted - domReady,
    });
  }
  return samples;
}
"""

OURS_READY = "window.__bench && window.__bench.engineReadyAt"
BARE_READY = "window.__bench && (window.__bench.readyAt || window.__bench.failed)"


@dataclass(frozen=True)
class Load:
    ready_ms: float
    bytes: int
    pyodide_bytes: int
    cache: CacheSummary
    timeline: dict[str, float]
    """Named moments of the load, in ms from navigation start (see `_timeline`)."""


# The quiz worker's progress messages (quiz/web/worker.mjs) mark the end of each loading step.
_STEPS = (
    ("Installing the scoring package", "pyodide_loaded"),
    ("Reading the questions", "package_installed"),
)


def _timeline(probe: dict[str, Any]) -> dict[str, float]:
    """When the worker was started, Pyodide loaded, the package installed and the engine ready."""
    moments: dict[str, float] = {}
    if "workerStartedAt" in probe:  # the bare page
        moments["worker_started"] = probe["workerStartedAt"]
        moments["pyodide_loaded"] = probe["readyAt"]
        moments["ready"] = probe["readyAt"]
        return moments
    init = next((p["at"] for p in probe["posts"] if p["type"] == "init"), None)
    if init is not None:
        moments["worker_started"] = init
    for reply in probe["replies"]:
        for prefix, name in _STEPS:
            if reply["type"] == "progress" and reply["message"].startswith(prefix):
                moments.setdefault(name, reply["at"])
        if reply["type"] == "ready":
            moments.setdefault("worker_ready", reply["at"])
    moments["ready"] = probe["engineReadyAt"]
    return moments


@dataclass(frozen=True)
class OursRun:
    cold: Load
    warm: Load
    answerable_ms: float
    first_answer_ms: float
    engine_when_answered: str
    answer_checked: bool
    submits: list[dict[str, float]]


@dataclass(frozen=True)
class BareRun:
    cold: Load
    warm: Load
    scores: list[dict[str, float]]
    quiz_steps: dict[str, float]
    """ms of fetching and installing the quiz package, `import quiz.api` and Engine(spec), warm,
    in the worker."""


def _load(
    page: Page, network: NetworkLog, url: str, ready: str, sites: Sites, answer: bool = False
) -> Load:
    network.clear()
    page.goto(url, wait_until="commit")
    if answer:
        # A real click, as soon as Playwright finds the first option visible, enabled and stable.
        page.locator('form#quiz input[type="radio"]').first.click(timeout=60_000)
    wait_for(page, ready)
    failure = page.evaluate("window.__bench.failed || ''")
    if failure:
        raise BenchmarkError(f"the bare page's Pyodide failed: {failure}")
    network.settle(page)
    probe = page.evaluate("window.__bench")
    timeline = _timeline(probe)
    return Load(
        timeline["ready"],
        network.total(),
        network.total(sites.pyodide_dir),
        network.summary(),
        timeline,
    )


def _ours(page: Page, network: NetworkLog, sites: Sites, submits: int) -> OursRun:
    url = sites.ours + sites.pages.quiz
    cold = _load(page, network, url, OURS_READY, sites, answer=True)
    probe = page.evaluate("window.__bench")
    page.goto("about:blank")
    warm = _load(page, network, url, OURS_READY, sites)
    samples = page.evaluate(_SUBMITS, submits)
    return OursRun(
        cold,
        warm,
        answerable_ms=float(probe["answerableAt"]),
        first_answer_ms=float(probe["firstAnswerAt"]),
        engine_when_answered=str(probe.get("engineWhenAnswered")),
        answer_checked=bool(probe.get("firstAnswerChecked")),
        submits=samples,
    )


def _bare(page: Page, network: NetworkLog, sites: Sites, submits: int) -> BareRun:
    cold = _load(page, network, sites.bare, BARE_READY, sites)
    page.goto("about:blank")
    warm = _load(page, network, sites.bare, BARE_READY, sites)
    steps = page.evaluate("window.__bench.loadQuiz()")
    scores = page.evaluate("(count) => window.__bench.scoreMany(count)", submits)
    return BareRun(cold, warm, scores, steps)


# (label, from moment, to moment, whether the bare page has the step); "" is navigation start.
_LOAD_STEPS = (
    ("navigation → worker started (boot.js in the page's <head>)", "", "worker_started", True),
    ("worker started → Pyodide loaded (loadPyodide)", "worker_started", "pyodide_loaded", True),
    (
        "Pyodide loaded → quiz package installed (fetched meanwhile, written to the file system)",
        "pyodide_loaded",
        "package_installed",
        False,
    ),
    (
        "package installed → worker ready (`import quiz.api`, Engine(spec))",
        "package_installed",
        "worker_ready",
        False,
    ),
    ("worker ready → form says ready (page)", "worker_ready", "ready", False),
    ("total: navigation → engine ready", "", "ready", True),
)


@dataclass
class QuizReport:
    rows: list[Row]
    ours: list[OursRun]
    bare: list[BareRun]

    def load_steps(self, warm: bool = False) -> dict[str, tuple[float, float]]:
        """Median ms of each loading step, (ours, bare); a step of the bare page it lacks is nan."""

        def median_gap(runs: list[Load], start: str, end: str) -> float:
            gaps = [r.timeline[end] - r.timeline.get(start, 0.0) for r in runs if end in r.timeline]
            return statistics.median(gaps) if gaps else float("nan")

        ours = [r.warm if warm else r.cold for r in self.ours]
        bare = [r.warm if warm else r.cold for r in self.bare]
        steps = {}
        for label, start, end, in_bare in _LOAD_STEPS:
            bare_gap = median_gap(bare, start, end) if in_bare else float("nan")
            steps[label] = (median_gap(ours, start, end), bare_gap)
        return steps

    def breakdown(self) -> dict[str, float]:
        """Medians over every submit of every run, in ms."""
        submits = [s for run in self.ours for s in run.submits]
        scores = [s for run in self.bare for s in run.scores]
        parts = {key: statistics.median(s[key] for s in submits) for key in submits[0]}
        parts["bare_round_trip"] = statistics.median(s["roundTrip"] for s in scores)
        parts["bare_python"] = statistics.median(s["python"] for s in scores)
        for step in ("fetchPackage", "installPackage", "importApi", "engine"):
            parts[f"bare_{step}"] = statistics.median(run.quiz_steps[step] for run in self.bare)
        return parts


def benchmark_quiz(sites: Sites, runs: int, submits: int, say: Callable[[str], None]) -> QuizReport:
    ours: list[OursRun] = []
    bare: list[BareRun] = []
    with sync_playwright() as playwright:
        for run in range(runs):
            # Ours and the bare page alternate, each in a fresh profile (a cold cache).
            with fresh_profile(playwright) as (context, page):
                ours.append(_ours(page, NetworkLog.attach(context), sites, submits))
            with fresh_profile(playwright) as (context, page):
                bare.append(_bare(page, NetworkLog.attach(context), sites, submits))
            say(
                f"  quiz run {run + 1}/{runs}: ready cold {ours[-1].cold.ready_ms:.0f} ms "
                f"(bare {bare[-1].cold.ready_ms:.0f}), warm {ours[-1].warm.ready_ms:.0f} ms "
                f"(bare {bare[-1].warm.ready_ms:.0f})"
            )
    return QuizReport(_rows(sites, ours, bare), ours, bare)


def _rows(sites: Sites, ours: list[OursRun], bare: list[BareRun]) -> list[Row]:
    def ms(values: list[float]) -> Measure:
        return Measure.of(values, "ms")

    cold, bare_cold = ms([r.cold.ready_ms for r in ours]), ms([r.cold.ready_ms for r in bare])
    warm, bare_warm = ms([r.warm.ready_ms for r in ours]), ms([r.warm.ready_ms for r in bare])
    painted = ms([s["painted"] for r in ours for s in r.submits])
    dom = ms([s["dom"] for r in ours for s in r.submits])
    round_trip = ms([s["roundTrip"] for r in bare for s in r.scores])
    answered = ms([r.first_answer_ms for r in ours])
    answerable = ms([r.answerable_ms for r in ours])
    before_ready = all(
        r.first_answer_ms < r.cold.ready_ms
        and r.answer_checked
        and r.engine_when_answered == "loading"
        for r in ours
    )
    cold_bytes = Measure.of([r.cold.bytes for r in ours], "bytes")
    warm_bytes = Measure.of([r.warm.bytes for r in ours], "bytes")
    core = Measure.of([sites.pyodide_core_bytes], "bytes")
    return [
        Row(
            "3a",
            "Quiz engine ready, cold (fresh profile): quiz page vs bare page that only loads Pyodide",
            cold,
            bare_cold,
            f"≤ {ENGINE_TARGET}×",
            cold.median / bare_cold.median <= ENGINE_TARGET,
        ),
        Row(
            "3b",
            "Quiz engine ready, warm (same profile, HTTP cache): quiz page vs bare page",
            warm,
            bare_warm,
            f"≤ {ENGINE_TARGET}×",
            warm.median / bare_warm.median <= ENGINE_TARGET,
            (f"Warm quiz load: {ours[-1].warm.cache.describe()}.",),
        ),
        Row(
            "3c",
            "Submit → result shown (next frame), engine ready: quiz page vs bare worker round trip "
            "of the same Engine.score (no UI)",
            painted,
            round_trip,
            f"≤ {SUBMIT_TARGET_MS:.0f} ms",
            painted.median <= SUBMIT_TARGET_MS,
            (f'To the DOM update (data-state="ready"): {dom.format()}.',),
        ),
        Row(
            "3d",
            "First question answered (real click accepted), cold: time vs engine ready",
            answered,
            cold,
            "before the engine is ready (< 1×)",
            before_ready,
            (
                f"The first radio was rendered and enabled at {answerable.format()} "
                "(first frame where it could be clicked).",
            ),
        ),
        Row(
            "4d",
            "Bytes, quiz page cold (page, theme, quiz, Pyodide, quiz package) vs the Pyodide core's own size",
            cold_bytes,
            core,
            "—",
            None,
            (
                f"Of which Pyodide folder: {Measure.of([r.cold.pyodide_bytes for r in ours], 'bytes').format()}; "
                f"cold load: {ours[-1].cold.cache.describe()}.",
            ),
        ),
        Row(
            "4e",
            "Bytes, quiz page warm (same profile) vs cold",
            warm_bytes,
            cold_bytes,
            "—",
            None,
        ),
    ]
