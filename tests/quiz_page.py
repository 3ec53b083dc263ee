"""Driving the quiz page in Chromium as a visitor does, knowing nothing of the questions but what
the page shows: answers are picked by reading the form (its fieldsets and their options), the
result is read from its `[data-model][data-stage]` cards, and CPython scores the same answers as
the reference the browser must match.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, Route, expect

from generator.render import QUIZ_STORAGE_KEY
from quiz.api import Engine

QUIZ = "quiz/"
# Generous: a cold Pyodide start takes seconds, and the machine may be ten times slower than usual.
ENGINE_READY_MS = 90_000
# Further than the engine's last-resort limit on a silent worker (a test's fake clock jumps there).
PAST_ANY_START_TIMEOUT = "10:00"

Choose = Callable[[str, list[str]], str]
"""Picks one value among a question's options (question id, values in the page's order)."""


def highest_level(question: str, values: list[str]) -> str:
    """The option of the highest numeric level; the last option of a question without levels."""
    levels = [value for value in values if value.isdecimal()]
    return max(levels, key=int) if levels else values[-1]


def random_options(seed: int) -> Choose:
    """Any option, at random but the same for the same seed and page."""
    rng = random.Random(seed)
    return lambda question, values: rng.choice(values)


def questions_on_page(page: Page) -> dict[str, list[str]]:
    """Each question of the form (by id) with the values of its options (radios, or the
    checkboxes of a question that takes several), in the page's order."""
    found: dict[str, list[str]] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('form#quiz fieldset[data-question]')]
            .map((fieldset) => [fieldset.dataset.question,
                                [...fieldset.querySelectorAll('input:is([type=radio], [type=checkbox])')]
                                  .map((r) => r.value)]))"""
    )
    assert found, "the quiz page shows no question"
    return found


def pick_answers(page: Page, choose: Choose) -> dict[str, str]:
    """One answer to every question of the form, chosen by `choose` (nothing is checked yet)."""
    return {
        question: choose(question, values) for question, values in questions_on_page(page).items()
    }


def answer(page: Page, answers: dict[str, str]) -> None:
    """Check the option of each answer, as a visitor clicks it (each box of an answer that names
    several, joined by commas)."""
    for question, value in answers.items():
        for part in value.split(","):
            page.locator(f'form#quiz input[name="{question}"][value="{part}"]').check()


def answer_every_question(page: Page, choose: Choose) -> dict[str, str]:
    answers = pick_answers(page, choose)
    answer(page, answers)
    return answers


def checked_answers(page: Page) -> dict[str, str]:
    values: dict[str, str] = page.evaluate(
        """() => { const answers = {};
            for (const input of document.querySelectorAll('form#quiz fieldset[data-question] input:checked')) {
              answers[input.name] = input.name in answers ? `${answers[input.name]},${input.value}` : input.value;
            }
            return answers; }"""
    )
    return values


def shown_placements(page: Page) -> dict[str, str]:
    """{model id: stage id} of the result on show."""
    cards = page.locator("#quiz-results [data-model]")
    return {
        card.get_attribute("data-model") or "": card.get_attribute("data-stage") or ""
        for card in cards.all()
    }


def cpython_placements(spec: dict[str, Any], answers: dict[str, str]) -> dict[str, str]:
    """{model id: stage id} for `answers`, scored by the quiz package in CPython."""
    reply = json.loads(Engine(json.dumps(spec)).score(json.dumps(answers)))
    assert reply["ok"], reply
    return {p["model"]: p["stage"] for p in reply["result"]["placements"]}


def wait_until_the_quiz_runs(page: Page) -> None:
    """Wait until the quiz's script has taken the form over: answers given before would not be
    saved, and a submit would leave the page. It then shows the engine's progress or state in
    place of the page's own "Loading the scoring engine…"."""
    expect(page.locator("#quiz-engine-status")).not_to_have_text(
        "Loading the scoring engine…", timeout=ENGINE_READY_MS
    )


def wait_for_engine(page: Page, state: str = "ready") -> None:
    expect(page.locator("form#quiz")).to_have_attribute(
        "data-engine", state, timeout=ENGINE_READY_MS
    )


def wait_for_result(page: Page) -> None:
    expect(page.locator("#quiz-results")).to_have_attribute(
        "data-state", "ready", timeout=ENGINE_READY_MS
    )


def submit_and_wait(page: Page) -> None:
    page.get_by_role("button", name="Show where we stand").click()
    wait_for_result(page)


def clear_the_quiz(page: Page) -> None:
    """Back to an empty form and no result, as "Clear my answers" leaves it."""
    page.get_by_role("button", name="Clear my answers").click()
    expect(page.locator("#quiz-form-message")).to_have_text("Your answers have been cleared.")
    expect(page.locator("#quiz-results")).to_have_attribute("data-state", "empty")
    assert checked_answers(page) == {}


def expect_engine_start_or_failure(page: Page) -> None:
    """Wait until the quiz has taken its engine over (the status shows a loading step, and the
    engine's time limit runs) or the engine has failed already."""
    loading = page.locator("#quiz-engine-status", has_text="Loading the scoring engine: ")
    failed = page.locator("form#quiz[data-engine=failed]")
    expect(loading.or_(failed).first).to_be_attached(timeout=ENGINE_READY_MS)


def quiz_storage_key(site_path: str) -> str:
    """The localStorage key of the quiz's answers on the site served at `site_path` (`/atlas/`):
    scoped by the site's path, as quiz/web/answer-storage.mjs makes it."""
    return f"{site_path}.{QUIZ_STORAGE_KEY}"


def shorten_the_stall_bound(page: Page, seconds: int) -> None:
    """Serve the quiz page with `data-stall-seconds` on its engine's <head> script and form: the
    worker then calls a download stalled after `seconds` without a byte (the build never writes
    it; the worker only lets it shorten its bound)."""

    def quiz_page(route: Route) -> None:
        original = route.fetch()
        html = original.text()
        marked = html.replace(" data-spec=", f' data-stall-seconds="{seconds}" data-spec=')
        assert marked.count("data-stall-seconds") == 2, "the boot script and the form"
        route.fulfill(response=original, body=marked)

    page.context.route(f"**/{QUIZ}", quiz_page)


def failed_start(page: Page) -> str:
    """The status once the engine has failed to start, with its Retry button shown."""
    wait_for_engine(page, "failed")
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    status = page.locator("#quiz-engine-status").text_content() or ""
    assert status.startswith("The scoring engine could not start: "), status
    return status
