"""Driving the team page ("Compare results") in Chromium, and the reference it must match: teams of
answers built from the quiz spec (never naming real questions), their share links and answer
files made by the quiz package in CPython, and the page's view read back from its hooks
(`[data-person]` rows of `[data-model][data-stage]` cells, `[data-capability]` rows with their
spread, the disagreement list).
"""

from __future__ import annotations

import json
import random
from typing import Any

from playwright.sync_api import Page, expect

from quiz.api import Engine
from tests.quiz_page import ENGINE_READY_MS

TEAM = "team/"


def _questions(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [spec["business_kind_question"], *spec["questions"]]


def random_answers(spec: dict[str, Any], seed: int) -> dict[str, str]:
    """One complete set of answers, any option of each question (the same for the same seed)."""
    rng = random.Random(seed)
    return {q["id"]: rng.choice(q["options"])["value"] for q in _questions(spec)}


def uniform_answers(spec: dict[str, Any], highest: bool) -> dict[str, str]:
    """The lowest (or highest) level of every practice question, the first kind of business."""
    answers = {
        spec["business_kind_question"]["id"]: spec["business_kind_question"]["options"][0]["value"]
    }
    for question in spec["questions"]:
        levels = [o for o in question["options"] if o["level"] is not None]
        pick = max if highest else min
        answers[question["id"]] = pick(levels, key=lambda o: o["level"])["value"]
    return answers


def distinct_answer_sets(spec: dict[str, Any], count: int, seed: int = 0) -> list[dict[str, str]]:
    """`count` different sets: the lowest and the highest levels (so the team disagrees), then
    random ones."""
    sets = [uniform_answers(spec, highest=False), uniform_answers(spec, highest=True)]
    while len(sets) < count:
        candidate = random_answers(spec, seed + len(sets) * 7919)
        if candidate not in sets:
            sets.append(candidate)
    return sets[:count]


class Reference:
    """The quiz package in CPython, on the spec the site serves."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.engine = Engine(json.dumps(spec))

    def _reply(self, text: str) -> dict[str, Any]:
        reply: dict[str, Any] = json.loads(text)
        return reply

    def share(self, answers: dict[str, str]) -> str:
        reply = self._reply(self.engine.score(json.dumps(answers)))
        assert reply["ok"], reply
        share: str = reply["share"]
        return share

    def answers_file(self, answers: dict[str, str]) -> bytes:
        reply = self._reply(self.engine.export(json.dumps(answers)))
        assert reply["ok"], reply
        text: str = reply["text"]
        return text.encode("utf-8")

    def placements(self, answers: dict[str, str]) -> dict[str, str]:
        """{model id: stage id} of one result scored alone."""
        reply = self._reply(self.engine.score(json.dumps(answers)))
        return {p["model"]: p["stage"] for p in reply["result"]["placements"]}

    def share_error(self, fragment: str) -> str:
        """The engine's reason for refusing a share link's fragment."""
        reply = self._reply(self.engine.parse_share(fragment))
        assert not reply["ok"], reply
        error: str = reply["error"]
        return error

    def team(self, people: list[tuple[str, dict[str, str]]]) -> dict[str, Any]:
        members = [{"name": name, "answers": answers} for name, answers in people]
        reply = self._reply(self.engine.score_team(json.dumps(members)))
        assert reply["ok"], reply
        return reply


# --- the page ------------------------------------------------------------------------------------


def wait_for_team_engine(page: Page) -> None:
    expect(page.locator("form#team")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_READY_MS
    )


def wait_for_team(page: Page, people: int) -> None:
    """Until the team view shows `people` results."""
    results = page.locator("#team-results")
    expect(results).to_have_attribute("data-state", "ready", timeout=ENGINE_READY_MS)
    expect(results.locator("[data-person]")).to_have_count(people)
    expect(results).to_have_attribute("data-state", "ready")


def paste_links(page: Page, links: list[str]) -> None:
    page.locator("form#team textarea[name=links]").fill("\n".join(links))
    page.get_by_role("button", name="Compare these results").click()


def start_again(page: Page) -> None:
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("#team-results")).to_have_attribute("data-state", "empty")
    expect(page.locator("#team-results [data-person]")).to_have_count(0)


SHOWN = """() => {
  const results = document.getElementById("team-results");
  return {
    people: [...results.querySelectorAll("[data-person]")].map((row) => ({
      name: row.querySelector("th").textContent,
      placements: Object.fromEntries(
        [...row.querySelectorAll("[data-model][data-stage]")].map((c) => [c.dataset.model, c.dataset.stage])),
    })),
    capabilities: Object.fromEntries([...results.querySelectorAll("[data-capability]")].map((row) =>
      [row.dataset.capability, [Number(row.dataset.min), Number(row.dataset.median), Number(row.dataset.max)]])),
    disagreements: [...results.querySelectorAll("#team-disagreements [data-discuss]")].map((li) => li.dataset.discuss),
    problems: [...document.querySelectorAll("#team-problems li")].map((li) => li.textContent),
    link: results.querySelector("a.atlas-team-share-link")?.href ?? null,
  };
}"""


def shown_team(page: Page) -> dict[str, Any]:
    """What the team view shows: people (name, {model: stage}), {capability: [min, median, max]},
    the disagreements in order, the problems listed, and the team's link."""
    shown: dict[str, Any] = page.evaluate(SHOWN)
    return shown


def expected_capabilities(reply: dict[str, Any]) -> dict[str, list[int]]:
    return {c["capability"]: [c["min"], c["median"], c["max"]] for c in reply["capabilities"]}
