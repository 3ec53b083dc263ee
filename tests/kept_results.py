"""Results kept in the browser ("Your results over time", quiz/web/progress-view.mjs) as the
tests drive and read them: the expected comparison comes from CPython's engine
(`quiz.api.Engine.compare`), fed with results CPython scored from answers picked from the spec,
and is checked against the `data-*` hooks of the comparison the page shows.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from playwright.sync_api import Page, expect

from generator.quiz_assets import quiz_package_dir
from generator.render import KEPT_RESULTS_KEY
from quiz.api import Engine
from tests.quiz_page import ENGINE_READY_MS, quiz_storage_key

KEEP = "Keep this result in this browser (with today’s date)"
MAX_KEPT = int(
    re.search(
        r"export const MAX_KEPT = (\d+);",
        (quiz_package_dir() / "web" / "kept-results.mjs").read_text(encoding="utf-8"),
    ).group(1)  # type: ignore[union-attr]
)
"""How many results the page keeps, read from quiz/web/kept-results.mjs."""
EARLIER_VERSION = "0000000000"
"""A question-set version no build makes (versions are hashes of the questions)."""


def kept_results_key(site_path: str) -> str:
    """The localStorage key of the kept results on the site served at `site_path`, scoped by the
    site's path as the answers' key is."""
    return f"{site_path}.{KEPT_RESULTS_KEY}"


def lowest_level(question: str, values: list[str]) -> str:
    """The option of the lowest numeric level; the first option of a question without levels."""
    levels = [value for value in values if value.isdecimal()]
    return min(levels, key=int) if levels else values[0]


def spec_answers(spec: dict[str, Any], pick: str) -> dict[str, str]:
    """An answer to every question of the spec: each one's lowest ("low") or highest ("high")
    level, and the first kind of business."""
    answers = {
        spec["business_kind_question"]["id"]: spec["business_kind_question"]["options"][0]["value"]
    }
    for question in spec["questions"]:
        levels = [o for o in question["options"] if o.get("level") is not None]
        chosen = (
            min(levels, key=lambda o: o["level"])
            if pick == "low"
            else max(levels, key=lambda o: o["level"])
        )
        answers[question["id"]] = chosen["value"]
    return answers


def scored_result(spec: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """The score reply's `result` for `answers`, as CPython's engine gives it."""
    reply = json.loads(Engine(json.dumps(spec)).score(json.dumps(answers)))
    assert reply["ok"], reply
    result: dict[str, Any] = reply["result"]
    return result


def expected_comparison(
    spec: dict[str, Any], earlier: dict[str, Any], later: dict[str, Any]
) -> dict[str, Any]:
    """CPython's comparison of two kept entries `{date, result}`."""
    reply = json.loads(
        Engine(json.dumps(spec)).compare(json.dumps({"earlier": earlier, "later": later}))
    )
    assert reply["ok"], reply
    return reply


def from_an_earlier_question_set(spec: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """`result` as an earlier version of the atlas could have kept it: another question-set
    version, no level for the first capability (asked about only since), a level for a
    capability and a place on a model the atlas no longer has, and, on the first model, a stage
    it no longer has."""
    earlier = copy.deepcopy(result)
    earlier["version"] = EARLIER_VERSION
    del earlier["profile"][spec["capabilities"][0]["id"]]
    earlier["profile"]["retired-capability"] = 2
    first = next(p for p in earlier["placements"] if p["model"] == spec["models"][0]["id"])
    first["stage"] = "retired-stage"
    retired = copy.deepcopy(first)
    retired["model"] = "retired-model"
    earlier["placements"].append(retired)
    return earlier


def three_kept_results(spec: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """Kept entries for the lowest answers: one as the quiz keeps it, one damaged (its
    capability levels are missing: something other than the quiz wrote it) and one kept with an
    earlier set of questions (`from_an_earlier_question_set`), in that order and date order."""
    result = scored_result(spec, spec_answers(spec, "low"))
    good = {"date": "2025-03-01", "result": result}
    damaged = {"date": "2025-02-01", "result": {"version": spec["version"], "placements": []}}
    older = {"date": "2024-12-01", "result": from_an_earlier_question_set(spec, result)}
    return good, damaged, older


def put_in_storage(
    page: Page, site_path: str, spec: dict[str, Any], answers: dict[str, str], kept: list[Any]
) -> None:
    """From any page of the site: `answers` saved as the quiz saves them, for the spec's question
    set (a quiz page opened next scores them once its engine is ready), and `kept` as the kept
    results."""
    page.evaluate(
        """([answersKey, saved, keptKey, kept]) => {
            localStorage.setItem(answersKey, JSON.stringify(saved));
            localStorage.setItem(keptKey, JSON.stringify(kept));
        }""",
        [
            quiz_storage_key(site_path),
            {"version": spec["version"], "answers": answers},
            kept_results_key(site_path),
            kept,
        ],
    )


def stored_kept(page: Page, site_path: str) -> Any:
    """The kept results as stored (None when the key is absent)."""
    text = page.evaluate("(key) => localStorage.getItem(key)", kept_results_key(site_path))
    return None if text is None else json.loads(text)


def wait_for_checked_list(page: Page, count: int) -> None:
    """Until the list shows `count` kept results, each checked by the engine."""
    items = page.locator("#quiz-kept [data-kept]")
    expect(items).to_have_count(count, timeout=ENGINE_READY_MS)
    expect(page.locator("#quiz-kept [data-kept][data-state=checking]")).to_have_count(0)


def keep_the_result(page: Page, count_after: int) -> None:
    page.get_by_role("button", name=KEEP).click()
    expect(page.locator("#quiz-kept .atlas-kept__status")).to_contain_text("This result is kept")
    wait_for_checked_list(page, count_after)


def compare_with(page: Page, index: int) -> None:
    """Press "Compare with this one" on the kept result at `index`; waits for the comparison."""
    page.locator(f"#quiz-kept [data-kept='{index}']").get_by_role(
        "button", name="Compare with this one"
    ).click()
    expect(page.locator("#quiz-kept .atlas-compare")).to_be_visible()


ROWS = """(kind) => Object.fromEntries(
  [...document.querySelectorAll(`#quiz-kept .atlas-compare tr[data-${kind}]`)].map((row) => [
    row.dataset[kind],
    {change: row.dataset.change, before: row.dataset.before || null, after: row.dataset.after},
  ]))"""


def shown_comparison(page: Page) -> dict[str, Any]:
    """The comparison on show, read from its hooks."""
    block = page.locator("#quiz-kept .atlas-compare")
    return {
        "earlier": block.get_attribute("data-earlier"),
        "later": block.get_attribute("data-later"),
        "same_questions": block.get_attribute("data-same-questions") == "true",
        "models": page.evaluate(ROWS, "model"),
        "capabilities": page.evaluate(ROWS, "capability"),
    }


def comparison_rows(reply: dict[str, Any]) -> dict[str, Any]:
    """The engine's comparison in the shape `shown_comparison` reads."""

    def before(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "earlier": reply["earlier"]["date"],
        "later": reply["later"]["date"],
        "same_questions": reply["same_questions"],
        "models": {
            m["model"]: {"change": m["change"], "before": before(m["before"]), "after": m["after"]}
            for m in reply["models"]
        },
        "capabilities": {
            c["capability"]: {
                "change": c["change"],
                "before": before(c["before"]),
                "after": str(c["after"]),
            }
            for c in reply["capabilities"]
        },
    }
