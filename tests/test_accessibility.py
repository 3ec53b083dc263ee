"""Accessibility in real Chromium: axe-core on every page type in both colour schemes, and the quiz
done with the keyboard alone.

axe-core comes from npm (`node_modules/axe-core`, pinned in package-lock.json). It is injected as
an init script, which runs outside the page's Content-Security-Policy, so the policy under test
stays exactly as the site ships it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import PageLog
from tests.test_quiz_browser import (
    QUIZ,
    answer,
    answer_set,
    cpython_placements,
    questions,
    shown_placements,
    submit_and_wait,
    wait_for_engine,
)

PROJECT = Path(__file__).resolve().parent.parent
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
OpenPage = Callable[..., tuple[Page, PageLog]]

PAGE_TYPES = {
    "home": "",
    "models overview": "models/",
    "model": "models/solis-10-stages/",
    "stage": "models/seven-stages-of-uptake/monitoring-listening/",
    "capabilities overview": "capabilities/",
    "capability": "capabilities/listening/",
    "comparison matrix": "compare/matrix/",
    "alignment chart": "compare/alignment/",
    "methodology": "methodology/",
    "sources": "sources/",
    "quiz before scoring": QUIZ,
    "not found": "404.html",
}
SCHEMES = ("light", "dark")


def axe_violations(page: Page) -> list[str]:
    """Every axe violation on the page once it is still, one line each (rule, impact, elements)."""
    # Mid-transition colours are not the page's colours (the header's tabs fade out on scroll).
    # (Polled from here: wait_for_function evaluates its predicate in a way the site's CSP blocks.)
    for _ in range(50):
        if page.evaluate("document.getAnimations().every((a) => a.playState !== 'running')"):
            break
        page.wait_for_timeout(100)
    report: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in report["violations"]
    ]


@pytest.fixture
def open_with_axe(open_page: OpenPage) -> Callable[[str, str], tuple[Page, PageLog]]:
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it with `npm ci`"

    def open_(path: str, scheme: str) -> tuple[Page, PageLog]:
        page, log = open_page(None, color_scheme=scheme)
        page.context.add_init_script(path=str(AXE))
        page.goto(log.base + path, wait_until="networkidle")
        return page, log

    return open_


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violation(
    open_with_axe: Callable[[str, str], tuple[Page, PageLog]], page_type: str, scheme: str
) -> None:
    page, log = open_with_axe(PAGE_TYPES[page_type], scheme)
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
    assert axe_violations(page) == []
    log.assert_clean()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_the_quiz_result(
    open_with_axe: Callable[[str, str], tuple[Page, PageLog]],
    spec: dict[str, Any],
    scheme: str,
) -> None:
    page, log = open_with_axe(QUIZ, scheme)
    answer(page, answer_set(spec, 11))
    submit_and_wait(page)
    assert axe_violations(page) == []
    log.assert_clean()


def test_axe_finds_no_violation_in_the_quiz_messages(
    open_with_axe: Callable[[str, str], tuple[Page, PageLog]],
) -> None:
    page, log = open_with_axe(QUIZ, "light")
    page.get_by_role("button", name="Show where we stand").click()
    expect(page.locator("#quiz-form-message")).to_be_visible()
    assert axe_violations(page) == []
    log.assert_clean()


# --- the quiz with the keyboard alone ----------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    info: dict[str, str] = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, type: el.type ?? "", name: el.name ?? "",
                    text: (el.textContent ?? "").trim()};
        }"""
    )
    return info


def tab_until(page: Page, found: Callable[[dict[str, str]], bool], limit: int = 150) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if found(focused(page)):
            return
    raise AssertionError(f"Tab never reached the element; focus is on {focused(page)}")


def test_the_quiz_can_be_done_with_the_keyboard_alone(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    wait_for_engine(page)
    answers = answer_set(spec, 5)
    for question in questions(spec):
        values = [option["value"] for option in question["options"]]
        tab_until(page, lambda f, q=question: f["type"] == "radio" and f["name"] == q["id"])
        # Space picks the focused (first) option; each arrow key moves the choice down one.
        page.keyboard.press("Space")
        for _ in range(values.index(answers[question["id"]])):
            page.keyboard.press("ArrowDown")
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Show where we stand")
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-results")).to_have_attribute("data-state", "ready")

    expected = cpython_placements(spec, answers)
    assert shown_placements(page) == expected
    # Focus moves to the result, and a status region announces it in a sentence.
    assert page.evaluate("document.activeElement.id") == "quiz-result-heading"
    announcer = page.locator("#quiz-announcer")
    assert announcer.get_attribute("role") == "status"
    expect(announcer).to_contain_text("Your result is ready.")
    for model in spec["models"]:
        stage = next(s for s in model["stages"] if s["id"] == expected[model["id"]])
        expect(announcer).to_contain_text(f"{model['title']}: {stage['name']}")
    # The profile chart has a text alternative.
    chart = page.locator("#quiz-results svg.atlas-profile-chart")
    assert chart.get_attribute("role") == "img"
    capability_count = len({q["capability"] for q in spec["questions"]})
    # One "Capability: level n of 4, label" per capability, separated by semicolons (a pattern
    # without nested wildcards: the browser's regex engine would backtrack for minutes).
    entry = r"[^;:]+: level \d of 4, [^;]+"
    expect(chart).to_have_accessible_name(
        re.compile(rf"^Your capability profile (?:{entry}; ){{{capability_count - 1}}}{entry}$")
    )
    log.assert_clean()


def test_the_alignment_chart_has_a_text_alternative_and_reachable_links(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page("compare/alignment/")
    chart = page.locator("svg.atlas-alignment")
    expect(chart).to_have_accessible_name(
        re.compile(r"^Alignment chart: every stage .* One column per model\. ")
    )
    # Chromium's own accessibility tree (not a re-computation): every stage is a named link.
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    stage_links = [
        node["name"]["value"]
        for node in nodes
        if node.get("role", {}).get("value") == "link"
        and "(position " in node.get("name", {}).get("value", "")
    ]
    assert len(stage_links) == sum(len(model["stages"]) for model in spec["models"])
    # ...and the keyboard reaches them.
    tab_until(page, lambda f: f["tag"] == "a" and "(position " in f["text"], limit=300)
    log.assert_clean()
