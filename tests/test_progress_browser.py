"""Progress over time in Chromium, against the really built site: results kept in the browser
with their date (only when the visitor asks), listed, compared with the result on show as the
quiz package compares them in CPython, forgotten one by one or all at once; a damaged kept
result is listed with its reason while the others compare, and one kept with an earlier set of
questions says what can and cannot be compared.

The page's clock is fixed (Playwright's `page.clock`), so the dates are known: nothing here
depends on the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import SUB_PATH, PageLog, csp_violations
from tests.kept_results import (
    KEEP,
    MAX_KEPT,
    compare_with,
    comparison_rows,
    expected_comparison,
    keep_the_result,
    kept_results_key,
    put_in_storage,
    scored_result,
    shown_comparison,
    spec_answers,
    stored_kept,
    three_kept_results,
    wait_for_checked_list,
)
from tests.quiz_page import (
    QUIZ,
    answer,
    cpython_placements,
    shown_placements,
    submit_and_wait,
    wait_for_result,
    wait_until_the_quiz_runs,
)
from tests.shared_pages import new_page

DAY_1 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DAY_2 = DAY_1 + timedelta(days=1)
# The page's locale and time zone are fixed too, so that the dates read as below.
CONTEXT = {"locale": "en-GB", "timezone_id": "UTC"}


@pytest.fixture
def quiz_page(chromium: Browser, site_url: str) -> Iterator[tuple[Page, PageLog]]:
    page, log = new_page(chromium, site_url, **CONTEXT)
    yield page, log
    page.context.close()


def test_two_results_kept_a_day_apart_show_what_moved(
    quiz_page: tuple[Page, PageLog], spec: dict[str, Any]
) -> None:
    page, log = quiz_page
    low, high = spec_answers(spec, "low"), spec_answers(spec, "high")
    page.clock.set_fixed_time(DAY_1)
    page.goto(log.base + QUIZ)
    wait_until_the_quiz_runs(page)
    answer(page, low)
    submit_and_wait(page)
    expect(page.locator("#quiz-kept")).to_contain_text("No result is kept in this browser yet.")
    # Scored, but not kept: nothing is written until the visitor asks.
    assert stored_kept(page, SUB_PATH) is None
    keep_the_result(page, 1)
    expect(page.locator("#quiz-kept .atlas-kept__status")).to_contain_text("1 March 2025")
    first = {"date": "2025-03-01", "result": scored_result(spec, low)}
    assert stored_kept(page, SUB_PATH) == [first]

    # A day later, better answers.
    page.clock.set_fixed_time(DAY_2)
    answer(page, high)
    submit_and_wait(page)
    assert shown_placements(page) == cpython_placements(spec, high)
    wait_for_checked_list(page, 1)
    keep_the_result(page, 2)
    second = {"date": "2025-03-02", "result": scored_result(spec, high)}
    assert stored_kept(page, SUB_PATH) == [first, second]
    items = page.locator("#quiz-kept [data-kept] .atlas-kept__date")
    expect(items).to_have_text(["Kept on 1 March 2025", "Kept on 2 March 2025"])

    compare_with(page, 0)
    expected = expected_comparison(spec, first, second)
    assert shown_comparison(page) == comparison_rows(expected)
    # Low answers, then high ones: something moved up, and nothing down.
    changes = [row["change"] for row in expected["models"] + expected["capabilities"]]
    assert "up" in changes and "down" not in changes
    heading = page.locator("#quiz-comparison-heading")
    expect(heading).to_have_text("What moved from 1 March 2025 to 2 March 2025")
    expect(heading).to_be_focused()
    # A model of functions names those that came into place.
    for row in expected["models"]:
        stages = {
            s["id"]: s for m in spec["models"] if m["id"] == row["model"] for s in m["stages"]
        }
        gained = "; ".join(f"{stages[s]['label']}: {stages[s]['name']}" for s in row["gained"])
        if gained:
            cell = page.locator(f"#quiz-kept tr[data-model='{row['model']}'] td").last
            assert f"Now in place: {gained}" in cell.inner_text().splitlines()
    # Every model and capability is named, once, in a row of its own.
    assert set(shown_comparison(page)["models"]) == {m["id"] for m in spec["models"]}
    assert set(shown_comparison(page)["capabilities"]) == {c["id"] for c in spec["capabilities"]}
    assert csp_violations(page) == []
    log.assert_clean()


def test_damaged_and_older_kept_results_are_listed_with_what_can_be_compared(
    quiz_page: tuple[Page, PageLog], spec: dict[str, Any]
) -> None:
    page, log = quiz_page
    high = spec_answers(spec, "high")
    good, damaged, older = three_kept_results(spec)
    page.clock.set_fixed_time(DAY_2)
    page.goto(log.base)
    put_in_storage(page, SUB_PATH, spec, high, [good, damaged, older])

    # The saved answers answer every question: the quiz page shows their result by itself.
    page.goto(log.base + QUIZ)
    wait_for_result(page)
    assert shown_placements(page) == cpython_placements(spec, high)
    wait_for_checked_list(page, 3)
    items = page.locator("#quiz-kept [data-kept]")
    expect(items.nth(0)).to_have_attribute("data-state", "ready")
    expect(items.nth(1)).to_have_attribute("data-state", "refused")
    expect(items.nth(1)).to_contain_text("A kept result cannot be read")
    expect(items.nth(1).get_by_role("button", name="Compare with this one")).to_be_hidden()
    expect(items.nth(2)).to_have_attribute("data-state", "ready")
    expect(items.nth(2)).to_have_attribute("data-version", "earlier")
    expect(items.nth(2)).to_contain_text("made with an earlier set of questions")

    now = {"date": "2025-03-02", "result": scored_result(spec, high)}
    compare_with(page, 2)
    expected = expected_comparison(spec, older, now)
    assert shown_comparison(page) == comparison_rows(expected)
    assert expected["same_questions"] is False
    comparison = page.locator("#quiz-kept .atlas-compare")
    expect(comparison.locator(".atlas-compare__note")).to_contain_text("earlier set of questions")
    # What the earlier version had and this one has not: new here, or gone since.
    first_capability = spec["capabilities"][0]["id"]
    first_model = spec["models"][0]["id"]
    assert shown_comparison(page)["capabilities"][first_capability]["change"] == "new"
    assert shown_comparison(page)["models"][first_model]["change"] == "new"
    expect(comparison.locator(f"tr[data-model='{first_model}']")).to_contain_text(
        "Cannot be compared"
    )
    expect(comparison.locator("[data-gone=models]")).to_contain_text("retired-model")
    expect(comparison.locator("[data-gone=capabilities]")).to_contain_text("retired-capability")

    compare_with(page, 0)
    assert shown_comparison(page) == comparison_rows(expected_comparison(spec, good, now))
    assert page.locator("#quiz-kept .atlas-compare__note").count() == 0

    # Printed: the comparison, without the controls.
    page.emulate_media(media="print")
    try:
        expect(page.locator("#quiz-kept .atlas-compare table").first).to_be_visible()
        expect(page.get_by_role("button", name=KEEP)).to_be_hidden()
        expect(page.locator("#quiz-kept .atlas-kept__list")).to_be_hidden()
    finally:
        page.emulate_media(media="screen")

    items.nth(1).get_by_role("button", name="Forget this one").click()
    expect(page.locator("#quiz-kept .atlas-kept__status")).to_contain_text("1 February 2025")
    wait_for_checked_list(page, 2)
    assert stored_kept(page, SUB_PATH) == [good, older]

    page.get_by_role("button", name="Forget all kept results").click()
    expect(page.locator("#quiz-kept .atlas-kept__status")).to_have_text(
        "All kept results are forgotten."
    )
    expect(page.locator("#quiz-kept")).to_contain_text("No result is kept in this browser yet.")
    assert stored_kept(page, SUB_PATH) is None
    assert csp_violations(page) == []
    log.assert_clean()


def test_an_unreadable_list_can_be_forgotten_and_a_full_one_forgets_its_oldest(
    quiz_page: tuple[Page, PageLog], spec: dict[str, Any]
) -> None:
    page, log = quiz_page
    page.clock.set_fixed_time(DAY_2)
    page.goto(log.base)
    put_in_storage(page, SUB_PATH, spec, spec_answers(spec, "high"), [])
    page.evaluate(
        '(key) => localStorage.setItem(key, \'{"not": "a list"}\')',
        kept_results_key(SUB_PATH),
    )
    page.goto(log.base + QUIZ)
    wait_for_result(page)
    unreadable = page.locator("#quiz-kept [data-kept-unreadable]")
    expect(unreadable).to_contain_text("cannot be read")
    unreadable.get_by_role("button", name="Forget all kept results").click()
    assert stored_kept(page, SUB_PATH) is None
    # Keeping works again, on a new list.
    keep_the_result(page, 1)
    assert len(stored_kept(page, SUB_PATH)) == 1

    # A full list: keeping one more forgets the oldest, and says so.
    good, _, _ = three_kept_results(spec)
    full = [{**good, "date": f"2025-01-{day:02}"} for day in range(1, MAX_KEPT + 1)]
    page.evaluate(
        "([key, kept]) => localStorage.setItem(key, JSON.stringify(kept))",
        [kept_results_key(SUB_PATH), full],
    )
    page.get_by_role("button", name=KEEP).click()
    status = page.locator("#quiz-kept .atlas-kept__status")
    expect(status).to_contain_text(f"Only {MAX_KEPT} results are kept")
    expect(status).to_contain_text("(1 January 2025) was forgotten")
    wait_for_checked_list(page, MAX_KEPT)
    dates = [entry["date"] for entry in stored_kept(page, SUB_PATH)]
    assert dates == [entry["date"] for entry in full[1:]] + ["2025-03-02"]
    log.assert_clean()
