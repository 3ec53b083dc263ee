"""Row 3g: the team page ("Compare results") with 50 pasted share links, from the click on
"Compare these results" to the team view shown (and painted), once the engine is ready.

The links are made from the spec the site serves by the quiz package in CPython (each answer
set's `share` fragment from `Engine.score`), as a team would collect them from the quiz.
"""

from __future__ import annotations

import json
import statistics
import urllib.request
from collections.abc import Callable

from playwright.sync_api import sync_playwright

from benchmarks.chromium import fresh_profile, wait_for
from benchmarks.projects import BenchmarkError
from benchmarks.results import Measure, Row
from benchmarks.sites import Sites
from tests.team_page import TEAM, Reference, distinct_answer_sets

TEAM_SIZE = 50
TARGET_MS = 1000.0
_ENGINE_READY = "document.querySelector('form#team')?.dataset.engine === 'ready'"

# Clicks "Compare these results" and times the view: when #team-results says data-state="ready"
# (DOM updated) and one frame later (painted); the probe's records of worker messages split it.
_COMPARE = """
async () => {
  const bench = window.__bench;
  const form = document.querySelector("form#team");
  const results = document.getElementById("team-results");
  const button = form.querySelector('button[type="submit"]');
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const shown = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (results.dataset.state === "ready") {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(results, { attributes: true, attributeFilter: ["data-state"] });
    setTimeout(() => reject(new Error("no team view within 60 s")), 60000);
  });
  const posts = bench.posts.length;
  const replies = bench.replies.length;
  const start = performance.now();
  button.click();
  const dom = await shown;
  await nextFrame();
  const painted = performance.now();
  const sent = bench.posts.slice(posts);
  const team = sent.find((p) => p.type === "score-team")?.at ?? NaN;
  const replied = bench.replies.slice(replies).filter((r) => r.type === "reply").at(-1)?.at ?? NaN;
  return {
    painted: painted - start,
    dom: dom - start,
    requests: sent.length,
    to_team_request: team - start,
    team_round_trip: replied - team,
    reply_to_dom: dom - replied,
    people: results.querySelectorAll("[data-person]").length,
  };
}
"""


def team_links(sites: Sites, count: int = TEAM_SIZE) -> list[str]:
    """`count` share links of different answer sets, to the quiz of the site served."""
    with urllib.request.urlopen(sites.quiz_spec, timeout=30) as response:
        spec = json.loads(response.read())
    reference = Reference(spec)
    sets = distinct_answer_sets(spec, count)
    return [f"{sites.ours}{sites.pages.quiz}#{reference.share(answers)}" for answers in sets]


def benchmark_team_view(sites: Sites, runs: int, say: Callable[[str], None]) -> list[Row]:
    links = team_links(sites)
    samples: list[dict[str, float]] = []
    with sync_playwright() as playwright:
        for run in range(runs):
            with fresh_profile(playwright) as (_context, page):
                page.goto(sites.ours + TEAM, wait_until="commit")
                wait_for(page, _ENGINE_READY)
                page.locator("form#team textarea[name=links]").fill("\n".join(links))
                sample = page.evaluate(_COMPARE)
            if sample["people"] != TEAM_SIZE:
                raise BenchmarkError(
                    f"the team view shows {sample['people']} results of {TEAM_SIZE} pasted"
                )
            samples.append(sample)
            say(f"  team view run {run + 1}/{runs}: {sample['painted']:.0f} ms to the view painted")
    painted = Measure.of([s["painted"] for s in samples], "ms")

    def median(key: str) -> str:
        return Measure.of([statistics.median(s[key] for s in samples)], "ms").format()

    return [
        Row(
            "3g",
            f"Team view: {TEAM_SIZE} share links pasted, click → view painted (next frame), "
            "engine ready",
            painted,
            None,
            f"≤ {TARGET_MS / 1000:g} s",
            painted.median <= TARGET_MS,
            (
                f"Medians: click → team request posted {median('to_team_request')} (page: "
                f"links read; {statistics.median(s['requests'] for s in samples):g} requests to "
                f"the worker in all), worker round trip of `score-team` "
                f"{median('team_round_trip')}, reply → view in the DOM {median('reply_to_dom')}, "
                f"DOM → next frame {Measure.of([statistics.median(s['painted'] - s['dom'] for s in samples)], 'ms').format()}.",
            ),
        )
    ]
