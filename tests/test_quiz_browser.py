"""The quiz in real Chromium, against the really built site served on 127.0.0.1.

Chromium runs with every other host unresolvable, so these tests also show that the quiz works
with the network closed. Each test checks that the page made no request to another host and
logged no error.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from quiz.api import Engine
from tests.browser import PageLog

ENGINE_READY_MS = 90_000
QUIZ = "quiz/"
OpenPage = Callable[..., tuple[Page, PageLog]]


def questions(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [spec["business_kind_question"], *spec["questions"]]


def answer_set(spec: dict[str, Any], seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return {q["id"]: rng.choice(q["options"])["value"] for q in questions(spec)}


def cpython_placements(spec: dict[str, Any], answers: dict[str, str]) -> dict[str, str]:
    reply = json.loads(Engine(json.dumps(spec)).score(json.dumps(answers)))
    assert reply["ok"], reply
    return {p["model"]: p["stage"] for p in reply["result"]["placements"]}


def shown_placements(page: Page) -> dict[str, str]:
    cards = page.locator("#quiz-results [data-model]")
    return {
        card.get_attribute("data-model") or "": card.get_attribute("data-stage") or ""
        for card in cards.all()
    }


def wait_for_engine(page: Page) -> None:
    expect(page.locator("form#quiz")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_READY_MS
    )


def answer(page: Page, answers: dict[str, str]) -> None:
    for question_id, value in answers.items():
        page.locator(f'input[name="{question_id}"][value="{value}"]').check()


def checked_answers(page: Page) -> dict[str, str]:
    values: dict[str, str] = page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('form#quiz input[type=radio]:checked')]
            .map((input) => [input.name, input.value]))"""
    )
    return values


def submit_and_wait(page: Page) -> None:
    page.get_by_role("button", name="Show where we stand").click()
    expect(page.locator("#quiz-results")).to_have_attribute(
        "data-state", "ready", timeout=ENGINE_READY_MS
    )


def test_quiz_scores_every_model_in_the_browser_like_cpython(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    form = page.locator("form#quiz")
    expect(form.locator("fieldset")).to_have_count(len(questions(spec)))
    wait_for_engine(page)
    answers = answer_set(spec, 1)
    answer(page, answers)
    expect(page.locator("#quiz-answered")).to_contain_text(f"{len(answers)} of {len(answers)}")
    submit_and_wait(page)

    expected = cpython_placements(spec, answers)
    assert shown_placements(page) == expected
    assert set(expected) == {m["id"] for m in spec["models"]}
    # Focus moves to the result, and every card links to its stage page.
    assert page.evaluate("document.activeElement.closest('#quiz-results') !== null")
    for model in spec["models"]:
        card = page.locator(f'#quiz-results [data-model="{model["id"]}"]')
        stage = next(s for s in model["stages"] if s["id"] == expected[model["id"]])
        expect(card.locator(f'a[href="{stage["url"]}"]').first).to_be_visible()
    expect(page.locator("#quiz-results svg.atlas-profile-chart")).to_have_count(1)
    # The engine files came from the site itself.
    assert any("/assets/pyodide/" in url and url.endswith(".wasm") for url in log.requests)
    assert any(
        re.search(r"/assets/quiz/quiz-package\.[0-9a-f]{10}\.json$", url) for url in log.requests
    )
    log.assert_clean()


def test_answers_can_be_given_before_the_engine_is_ready(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    # Straight after load, long before Pyodide can have started, the form takes answers.
    answers = answer_set(spec, 2)
    answer(page, answers)
    assert page.locator("form#quiz").get_attribute("data-engine") in ("loading", "ready")
    submit_and_wait(page)
    assert shown_placements(page) == cpython_placements(spec, answers)
    log.assert_clean()


def test_share_link_restores_the_result_in_a_new_browser(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    answers = answer_set(spec, 3)
    answer(page, answers)
    submit_and_wait(page)
    href = page.locator("a.atlas-share-link").get_attribute("href")
    assert href and href.startswith("#v=" + spec["version"])
    log.assert_clean()

    # A new context: nothing in storage, only the link.
    other, other_log = open_page(QUIZ + href)
    expect(other.locator("#quiz-results")).to_have_attribute(
        "data-state", "ready", timeout=ENGINE_READY_MS
    )
    assert shown_placements(other) == cpython_placements(spec, answers)
    assert checked_answers(other) == answers
    other_log.assert_clean()


@pytest.mark.parametrize(
    "fragment",
    [
        "v=0123456789&kind-of-business=martian",
        "kind-of-business=consumer",
        "v=zz&x=%zz",
    ],
    ids=["unknown-option", "no-version", "garbage"],
)
def test_tampered_share_link_gets_a_clear_message(
    open_page: OpenPage, spec: dict[str, Any], fragment: str
) -> None:
    if fragment.startswith("v=0123456789"):
        fragment = fragment.replace("0123456789", spec["version"])
    page, log = open_page(QUIZ + "#" + fragment)
    wait_for_engine(page)
    message = page.locator("#quiz-form-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text("changed or damaged")
    expect(page.locator("#quiz-results")).not_to_have_attribute("data-state", "ready")
    assert checked_answers(page) == {}
    # The quiz still works.
    answers = answer_set(spec, 4)
    answer(page, answers)
    submit_and_wait(page)
    assert shown_placements(page) == cpython_placements(spec, answers)
    log.assert_clean()


def test_outdated_share_link_restores_what_still_fits(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    answers = answer_set(spec, 5)
    fragment = "&".join(["v=0000000000", *(f"{k}={v}" for k, v in answers.items())])
    page, log = open_page(QUIZ + "#" + fragment)
    wait_for_engine(page)
    expect(page.locator("#quiz-form-message")).to_contain_text("earlier set of questions")
    expect(page.locator("#quiz-form-message")).to_be_visible()
    assert checked_answers(page) == answers
    log.assert_clean()


def test_answers_are_kept_in_local_storage_until_cleared(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    answers = dict(list(answer_set(spec, 6).items())[:5])
    answer(page, answers)
    page.reload()
    expect(page.locator("form#quiz")).to_be_visible()
    page.wait_for_function("document.querySelectorAll('form#quiz input:checked').length === 5")
    assert checked_answers(page) == answers
    # Material keeps its own settings under "<site path>.__<name>"; the quiz writes one key.
    keys = page.evaluate("Object.keys(localStorage)")
    assert [key for key in keys if ".__" not in key] == ["atlas-quiz-answers"]
    stored = json.loads(page.evaluate("localStorage.getItem('atlas-quiz-answers')"))
    assert stored["answers"] == answers

    page.get_by_role("button", name="Clear my answers").click()
    assert checked_answers(page) == {}
    assert page.evaluate("localStorage.getItem('atlas-quiz-answers')") is None
    page.reload()
    expect(page.locator("form#quiz")).to_be_visible()
    assert checked_answers(page) == {}
    assert page.context.cookies() == []
    log.assert_clean()


def test_export_and_import_answers_as_json(
    open_page: OpenPage, spec: dict[str, Any], tmp_path: Path
) -> None:
    page, log = open_page(QUIZ)
    answers = answer_set(spec, 7)
    answer(page, answers)
    wait_for_engine(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export answers (JSON)").click()
    exported = tmp_path / "answers.json"
    download_info.value.save_as(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["version"] == spec["version"]
    assert document["answers"] == answers

    other, other_log = open_page(QUIZ)
    wait_for_engine(other)
    other.locator('input[type="file"][data-action="import"]').set_input_files(exported)
    expect(other.locator("#quiz-results")).to_have_attribute(
        "data-state", "ready", timeout=ENGINE_READY_MS
    )
    assert checked_answers(other) == answers
    assert shown_placements(other) == cpython_placements(spec, answers)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}', encoding="utf-8")
    other.locator('input[type="file"][data-action="import"]').set_input_files(broken)
    expect(other.locator("#quiz-form-message")).to_contain_text("not an answers file")
    assert checked_answers(other) == answers
    log.assert_clean()
    other_log.assert_clean()


def test_unanswered_questions_are_named_and_nothing_is_scored(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    wait_for_engine(page)
    page.get_by_role("button", name="Show where we stand").click()
    message = page.locator("#quiz-form-message")
    expect(message).to_be_visible()
    expect(message).to_contain_text(f"{len(questions(spec))} questions are not answered")
    expect(page.locator("#quiz-results")).not_to_have_attribute("data-state", "ready")
    log.assert_clean()


def test_no_page_but_the_quiz_loads_any_pyodide_file(open_page: OpenPage) -> None:
    for path in (
        "",
        "models/maturity-model/",
        "models/maturity-model/engagement/",
        "capabilities/listening/",
    ):
        page, log = open_page(path)
        page.wait_for_load_state("networkidle")
        engine_files = [
            u
            for u in log.requests
            if "/assets/pyodide/" in u or ("/assets/quiz/" in u and not u.endswith("/page.mjs"))
        ]
        assert engine_files == [], (path, engine_files)
        log.assert_clean()


def test_the_quiz_page_starts_its_engine_from_the_head_once(open_page: OpenPage) -> None:
    page, log = open_page(None)
    # Records every worker the page creates, and whether the page was still being parsed then.
    page.add_init_script(
        """(() => {
            const Native = window.Worker;
            window.atlasWorkers = [];
            window.Worker = class extends Native {
                constructor(url, options) {
                    window.atlasWorkers.push({ url: String(url), readyState: document.readyState });
                    super(url, options);
                }
            };
        })();"""
    )
    page.goto(log.base + QUIZ)
    wait_for_engine(page)
    workers = page.evaluate("window.atlasWorkers")
    quiz_workers = [w for w in workers if w["url"].endswith("/assets/quiz/worker.mjs")]
    # boot.js started it before the page had been parsed, and the form took it over.
    assert [w["readyState"] for w in quiz_workers] == ["loading"], workers
    for file in (r"/quiz-package\.[0-9a-f]{10}\.json$", r"/spec\.[0-9a-f]{10}\.json$", r"\.wasm$"):
        assert len([u for u in log.requests if re.search(file, u)]) == 1, (file, log.requests)
    log.assert_clean()


def test_instant_navigation_to_the_quiz_starts_the_engine(open_page: OpenPage) -> None:
    page, log = open_page("models/maturity-model/engagement/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.atlasTestMarker = 'same document'")
    # Material's instant navigation swaps the page without reloading scripts.
    page.locator(".atlas-cta a", has_text="Score yourself").click()
    page.wait_for_url("**/quiz/")
    wait_for_engine(page)
    assert page.evaluate("window.atlasTestMarker") == "same document"
    log.assert_clean()


def test_a_browser_without_webassembly_gets_a_clear_message(open_page: OpenPage) -> None:
    page, log = open_page(None)
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(log.base + QUIZ)
    expect(page.locator("form#quiz")).to_have_attribute("data-engine", "failed")
    expect(page.locator("#quiz-engine-status")).to_contain_text("WebAssembly")
    log.assert_clean()


def test_an_engine_that_fails_to_load_gets_a_clear_message(open_page: OpenPage) -> None:
    page, log = open_page(None)
    page.context.route("**/*.wasm", lambda route: route.fulfill(status=404, body="gone"))
    page.goto(log.base + QUIZ)
    expect(page.locator("form#quiz")).to_have_attribute(
        "data-engine", "failed", timeout=ENGINE_READY_MS
    )
    expect(page.locator("#quiz-engine-status")).not_to_be_empty()
    assert not log.foreign and not log.page_errors


def test_a_quiz_package_that_does_not_match_its_digest_is_refused(open_page: OpenPage) -> None:
    page, log = open_page(None)

    def tampered(route: Any) -> None:
        if route.request.method != "GET":  # the worker's HEAD, asking whether the file is there
            route.continue_()
            return
        original = route.fetch()
        # One changed character inside Python source: still valid JSON, no longer the same file.
        body = original.body().replace(b"def score(", b"def scorf(", 1)
        assert body != original.body()
        route.fulfill(response=original, body=body)

    page.context.route("**/assets/quiz/quiz-package.*.json", tampered)
    page.goto(log.base + QUIZ)
    expect(page.locator("form#quiz")).to_have_attribute(
        "data-engine", "failed", timeout=ENGINE_READY_MS
    )
    expect(page.locator("#quiz-engine-status")).to_contain_text(
        "the scoring package did not match its checksum"
    )
    assert not log.foreign and not log.page_errors


def test_the_printed_result_keeps_the_result_and_drops_the_form(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(QUIZ)
    answer(page, answer_set(spec, 9))
    submit_and_wait(page)
    page.emulate_media(media="print")
    for hidden in ("form#quiz", ".md-header", ".md-sidebar--primary", ".atlas-share-actions"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("#quiz-results [data-model]")).to_have_count(len(spec["models"]))
    for card in page.locator("#quiz-results [data-model]").all():
        expect(card).to_be_visible()
    expect(page.locator("#quiz-results svg.atlas-profile-chart")).to_be_visible()
    # Chromium prints it: five cards, the chart and the steps make a multi-page PDF.
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    log.assert_clean()
