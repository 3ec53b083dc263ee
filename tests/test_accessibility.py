"""Accessibility in real Chromium: axe-core on every page type in both colour schemes, and the quiz
done with the keyboard alone.

axe-core comes from npm (`node_modules/axe-core`, pinned in package-lock.json). It is injected as
an init script, which runs outside the page's Content-Security-Policy, so the policy under test
stays exactly as the site ships it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import PAGE_TYPES, SUB_PATH, PageLog
from tests.kept_results import (
    KEEP,
    put_in_storage,
    spec_answers,
    three_kept_results,
    wait_for_checked_list,
)
from tests.quiz_page import (
    QUIZ,
    cpython_placements,
    questions_on_page,
    random_options,
    shown_placements,
    wait_for_result,
)
from tests.shared_pages import QuizBench, ScoredQuiz, new_page

OpenPage = Callable[..., tuple[Page, PageLog]]
SCHEMES = ("light", "dark")
# The theme's name for each scheme (`data-md-color-scheme`).
THEME_SCHEMES = {"light": "default", "dark": "slate"}


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


def use_scheme(page: Page, scheme: str) -> None:
    """Switch the page to `scheme` with the theme's own toggle, as a visitor would."""
    body = page.locator("body")
    if body.get_attribute("data-md-color-scheme") != THEME_SCHEMES[scheme]:
        page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", THEME_SCHEMES[scheme])


@pytest.fixture(scope="module")
def scheme_pages(
    chromium: Browser, site_url: str
) -> Iterator[Callable[[str], tuple[Page, PageLog]]]:
    """One page per colour scheme (the browser's preference, as a first visit sees it), each
    opening page after page."""
    pages: dict[str, tuple[Page, PageLog]] = {}

    def page_for(scheme: str) -> tuple[Page, PageLog]:
        if scheme not in pages:
            pages[scheme] = new_page(chromium, site_url, color_scheme=scheme)
        return pages[scheme]

    yield page_for
    for page, _ in pages.values():
        page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_no_violation(
    scheme_pages: Callable[[str], tuple[Page, PageLog]],
    site_pages: dict[str, str],
    page_type: str,
    scheme: str,
) -> None:
    page, log = scheme_pages(scheme)
    mark = log.mark()
    page.goto(log.base + site_pages[page_type], wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == THEME_SCHEMES[scheme]
    assert axe_violations(page) == []
    log.assert_clean(since=mark)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_the_quiz_result(scored_quiz: ScoredQuiz, scheme: str) -> None:
    use_scheme(scored_quiz.page, scheme)
    assert axe_violations(scored_quiz.page) == []
    scored_quiz.log.assert_clean()


def test_axe_finds_no_violation_in_the_quiz_messages(bench: QuizBench) -> None:
    page = bench.page
    page.get_by_role("button", name="Show where we stand").click()
    expect(page.locator("#quiz-form-message a[data-question]").first).to_be_visible()
    assert axe_violations(page) == []
    bench.assert_clean()


def test_kept_results_and_a_comparison_work_with_the_keyboard_and_axe_finds_nothing(
    chromium: Browser, site_url: str, spec: dict[str, Any]
) -> None:
    """The kept results listed under a result (one damaged, one of an earlier set of questions)
    and a comparison shown from the keyboard, in both schemes."""
    page, log = new_page(chromium, site_url)
    try:
        page.goto(site_url)
        put_in_storage(
            page, SUB_PATH, spec, spec_answers(spec, "high"), [*three_kept_results(spec)]
        )
        page.goto(site_url + QUIZ)
        wait_for_result(page)
        wait_for_checked_list(page, 3)
        # From the Keep button, Tab reaches the first "Compare with this one"; Enter shows the
        # comparison and takes the focus to its heading.
        page.get_by_role("button", name=KEEP).focus()
        tab_until(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Compare with this one")
        page.keyboard.press("Enter")
        expect(page.locator("#quiz-comparison-heading")).to_be_focused()
        for scheme in SCHEMES:
            use_scheme(page, scheme)
            assert axe_violations(page) == []
        # Keeping from the keyboard: what happened is said in the status line, which takes the
        # focus from the button.
        page.get_by_role("button", name=KEEP).focus()
        page.keyboard.press("Enter")
        status = page.locator("#quiz-kept .atlas-kept__status")
        expect(status).to_be_focused()
        assert status.get_attribute("role") == "status"
        expect(status).to_contain_text("This result is kept")
        log.assert_clean()
    finally:
        page.context.close()


# --- the quiz with the keyboard alone ----------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    info: dict[str, str] = page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, type: el.type ?? "", name: el.name ?? "",
                    value: el.value ?? "", text: (el.textContent ?? "").trim()};
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
    bench: QuizBench, spec: dict[str, Any]
) -> None:
    page = bench.page
    choose = random_options(5)
    # From the start of the page, as after loading it.
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("a[href], button, input").first.focus()
    answers = {}
    for question, values in questions_on_page(page).items():
        answers[question] = choose(question, values)
        if page.locator(f'input[type=checkbox][name="{question}"]').count():
            # A question that takes several options: Tab visits each box, Space ticks it.
            for value in answers[question].split(","):
                tab_until(
                    page,
                    lambda f, q=question, v=value: (
                        f["type"] == "checkbox" and f["name"] == q and f["value"] == v
                    ),
                )
                page.keyboard.press("Space")
            continue
        tab_until(page, lambda f, q=question: f["type"] == "radio" and f["name"] == q)
        # Space picks the focused (first) option; each arrow key moves the choice down one.
        page.keyboard.press("Space")
        for _ in range(values.index(answers[question])):
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
        card = page.locator(f'#quiz-results [data-model="{model["id"]}"]')
        announced = card.get_attribute("data-announce") or ""
        # A ladder's card names its stage; a model of functions names those in place, if any.
        assert stage["name"] in announced or model["scoring"] == "functions", announced
        expect(announcer).to_contain_text(f"{model['title']}: {announced}")
    # The profile chart has a text alternative.
    chart = page.locator("#quiz-results svg.atlas-profile-chart")
    assert chart.get_attribute("role") == "img"
    capability_count = len({q["capability"] for q in spec["questions"]})
    # One "Capability: level n of m, label" per capability, separated by semicolons (a pattern
    # without nested wildcards: the browser's regex engine would backtrack for minutes).
    entry = r"[^;:]+: level \d+ of \d+, [^;]+"
    expect(chart).to_have_accessible_name(
        re.compile(rf"^Your capability profile (?:{entry}; ){{{capability_count - 1}}}{entry}$")
    )
    bench.assert_clean()


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
