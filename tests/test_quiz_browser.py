"""The quiz in real Chromium, against the really built site served on 127.0.0.1.

Chromium runs with every other host unresolvable, so these tests also show that the quiz works
with the network closed. Each test checks that the page made no request to another host and
logged no error.

Pyodide starts cold only where a test is about the start: the result of a first visit
(`scored_quiz`), a share link opened in a new browser, instant navigation to the quiz
(`site_walk`), and the ways the start can fail. The tests that change answers share the walk's
quiz page (`bench`), cleared before each of them.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, expect

import quiz.spec
from quiz.answers import check_answers
from quiz.scoring import score
from tests.browser import SUB_PATH, PageLog
from tests.calibration_cases import CALIBRATION, FILES, answer_values, in_range, organisation
from tests.quiz_page import (
    QUIZ,
    answer,
    answer_every_question,
    checked_answers,
    clear_the_quiz,
    cpython_placements,
    failed_start,
    pick_answers,
    questions_on_page,
    quiz_storage_key,
    random_options,
    shorten_the_stall_bound,
    shown_placements,
    submit_and_wait,
    wait_for_engine,
    wait_for_result,
    wait_until_the_quiz_runs,
)
from tests.shared_pages import QuizBench, ScoredQuiz, SiteWalk

OpenPage = Callable[..., tuple[Page, PageLog]]


# --- a first visit: answered before the engine is ready, then scored -------------------------


def test_quiz_scores_every_model_in_the_browser_like_cpython(
    scored_quiz: ScoredQuiz, spec: dict[str, Any]
) -> None:
    page = scored_quiz.page
    assert set(scored_quiz.answers) == set(questions_on_page(page))
    expect(page.locator("#quiz-answered")).to_contain_text(
        f"{len(scored_quiz.answers)} of {len(scored_quiz.answers)}"
    )
    expected = cpython_placements(spec, scored_quiz.answers)
    assert shown_placements(page) == expected
    assert set(expected) == {m["id"] for m in spec["models"]}
    # Every card links to its stage page, and the profile chart is shown.
    for model in spec["models"]:
        card = page.locator(f'#quiz-results [data-model="{model["id"]}"]')
        stage = next(s for s in model["stages"] if s["id"] == expected[model["id"]])
        expect(card.locator(f'a[href="{stage["url"]}"]').first).to_be_attached()
    expect(page.locator("#quiz-results svg.atlas-profile-chart")).to_have_count(1)
    # The engine files came from the site itself.
    log = scored_quiz.log
    assert any("/assets/pyodide/" in url and url.endswith(".wasm") for url in log.requests)
    assert any(
        re.search(r"/assets/quiz/quiz-package\.[0-9a-f]{10}\.json$", url) for url in log.requests
    )
    log.assert_clean()


def test_answers_can_be_given_and_submitted_before_the_engine_is_ready(
    scored_quiz: ScoredQuiz,
) -> None:
    # The fixture held the Python runtime back until the answers were in and submitted.
    assert scored_quiz.engine_when_submitted == "loading"
    assert scored_quiz.message_when_submitted == (
        "Your result will appear as soon as the scoring engine is ready."
    )
    # ...and the result came by itself once the engine was ready: the message made way for it.
    expect(scored_quiz.page.locator("#quiz-form-message")).to_be_hidden()
    assert checked_answers(scored_quiz.page) == scored_quiz.answers


def test_the_result_takes_the_focus(scored_quiz: ScoredQuiz) -> None:
    assert scored_quiz.focus_when_shown == "quiz-result-heading"


def test_the_quiz_page_starts_its_engine_from_the_head_once(scored_quiz: ScoredQuiz) -> None:
    quiz_workers = [w for w in scored_quiz.workers if w["url"].endswith("/assets/quiz/worker.mjs")]
    # boot.js started it before the page had been parsed, and the form took it over.
    assert [w["readyState"] for w in quiz_workers] == ["loading"], scored_quiz.workers
    requests = scored_quiz.log.requests
    for file in (r"/quiz-package\.[0-9a-f]{10}\.json$", r"/spec\.[0-9a-f]{10}\.json$", r"\.wasm$"):
        assert len([u for u in requests if re.search(file, u)]) == 1, (file, requests)
    # The quiz's modules are each fetched once: all of them preloaded by the page's <head>.
    modules = [u for u in requests if re.search(r"/assets/quiz/[^/]+\.mjs$", u)]
    assert len(modules) == len(set(modules)), modules
    preloaded = scored_quiz.page.evaluate(
        "[...document.querySelectorAll('link[rel=modulepreload]')].map((link) => link.href)"
    )
    # Not preloaded: page.mjs, which every page loads, and the worker with the module it imports.
    not_preloaded = ("/page.mjs", "/worker.mjs", "/engine-files.mjs")
    page_modules = {u for u in modules if not u.endswith(not_preloaded)}
    assert page_modules == set(preloaded)


def test_the_printed_result_keeps_the_result_and_drops_the_form(
    scored_quiz: ScoredQuiz, spec: dict[str, Any]
) -> None:
    page = scored_quiz.page
    page.emulate_media(media="print")
    try:
        for hidden in ("form#quiz", ".md-header", ".md-sidebar--primary", ".atlas-share-actions"):
            expect(page.locator(hidden).first).to_be_hidden()
        expect(page.locator("#quiz-results [data-model]")).to_have_count(len(spec["models"]))
        for card in page.locator("#quiz-results [data-model]").all():
            expect(card).to_be_visible()
        expect(page.locator("#quiz-results svg.atlas-profile-chart")).to_be_visible()
        # Chromium prints it: a card per model, the chart and the steps take more than a page.
        pdf = page.pdf(format="A4")
    finally:
        page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    scored_quiz.log.assert_clean()


# --- share links -------------------------------------------------------------------------------


def test_share_link_restores_the_result_in_a_new_browser(
    scored_quiz: ScoredQuiz, open_page: OpenPage, spec: dict[str, Any]
) -> None:
    href = scored_quiz.page.locator("a.atlas-share-link").get_attribute("href")
    assert href and href.startswith("#v=" + spec["version"])

    # A new context: nothing in storage, only the link.
    page, log = open_page(QUIZ + href)
    wait_for_result(page)
    assert shown_placements(page) == cpython_placements(spec, scored_quiz.answers)
    assert checked_answers(page) == scored_quiz.answers
    log.assert_clean()


def tampered_fragments(spec: dict[str, Any]) -> dict[str, str]:
    kind = spec["business_kind_question"]
    return {
        "unknown option": f"v={spec['version']}&{kind['id']}=not-an-option",
        "no version": f"{kind['id']}={kind['options'][0]['value']}",
        "garbage": "v=zz&x=%zz",
    }


def test_tampered_share_links_get_a_clear_message(bench: QuizBench, spec: dict[str, Any]) -> None:
    page = bench.page
    message = page.locator("#quiz-form-message")
    for name, fragment in tampered_fragments(spec).items():
        clear_the_quiz(page)  # a new message for each link
        page.goto(bench.log.base + QUIZ + "#" + fragment)
        expect(message).to_contain_text("changed or damaged")
        expect(message).to_be_visible()
        assert page.locator("#quiz-results").get_attribute("data-state") != "ready", name
        assert checked_answers(page) == {}, name
    # The quiz still works.
    answers = answer_every_question(page, random_options(4))
    submit_and_wait(page)
    assert shown_placements(page) == cpython_placements(spec, answers)
    bench.assert_clean()


def test_outdated_share_link_restores_what_still_fits(bench: QuizBench) -> None:
    page = bench.page
    answers = pick_answers(page, random_options(5))
    fragment = "&".join(["v=0000000000", *(f"{k}={v}" for k, v in answers.items())])
    page.goto(bench.log.base + QUIZ + "#" + fragment)
    expect(page.locator("#quiz-form-message")).to_contain_text("earlier set of questions")
    expect(page.locator("#quiz-form-message")).to_be_visible()
    assert checked_answers(page) == answers
    bench.assert_clean()


# --- answers kept, cleared, exported and imported ----------------------------------------------


def test_answers_are_kept_in_local_storage_until_cleared(open_page: OpenPage) -> None:
    page, log = open_page(None)
    # Storage is plain DOM work: the engine is kept from starting, so the reloads cost no Python.
    page.context.route("**/*.wasm", lambda route: None)
    page.goto(log.base + QUIZ)
    wait_until_the_quiz_runs(page)
    questions = questions_on_page(page)
    some = dict(list(pick_answers(page, random_options(6)).items())[: max(1, len(questions) // 2)])
    answer(page, some)
    page.reload()
    expect(page.locator("form#quiz")).to_be_visible()
    expect(page.locator("#quiz-answered")).to_contain_text(f"{len(some)} of {len(questions)}")
    assert checked_answers(page) == some
    # Material keeps its own settings under "<site path>.__<name>"; the quiz writes one key,
    # scoped by the site's path too.
    key = quiz_storage_key(SUB_PATH)
    keys = page.evaluate("Object.keys(localStorage)")
    assert [k for k in keys if ".__" not in k] == [key]
    stored = json.loads(page.evaluate("(key) => localStorage.getItem(key)", key))
    assert stored["answers"] == some

    page.get_by_role("button", name="Clear my answers").click()
    assert checked_answers(page) == {}
    assert page.evaluate("(key) => localStorage.getItem(key)", key) is None
    page.reload()
    expect(page.locator("#quiz-answered")).to_contain_text(f"0 of {len(questions)}")
    assert checked_answers(page) == {}
    assert page.context.cookies() == []
    log.assert_clean()


def test_a_reload_with_complete_saved_answers_shows_their_result_without_a_click(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(None)
    # Answering needs no Python: the engine is kept from starting until the reload.
    page.context.route("**/*.wasm", lambda route: None)
    page.goto(log.base + QUIZ)
    wait_until_the_quiz_runs(page)
    answers = answer_every_question(page, random_options(11))
    page.context.unroute("**/*.wasm")
    page.reload()
    wait_for_result(page)
    assert checked_answers(page) == answers
    assert shown_placements(page) == cpython_placements(spec, answers)

    # Answers saved for an earlier set of questions are filled in to be checked, not scored.
    key = quiz_storage_key(SUB_PATH)
    page.evaluate(
        "(key) => localStorage.setItem(key, JSON.stringify("
        "{...JSON.parse(localStorage.getItem(key)), version: '0000000000'}))",
        key,
    )
    page.reload()
    expect(page.locator("#quiz-form-message")).to_contain_text("earlier set of questions")
    wait_for_engine(page)
    expect(page.locator("#quiz-results")).to_have_attribute("data-state", "empty")
    log.assert_clean()


def test_another_site_on_the_same_origin_neither_sees_nor_plants_answers(
    open_page: OpenPage,
) -> None:
    page, log = open_page(None)
    page.context.route("**/*.wasm", lambda route: None)  # no Python needed
    # The same built site, served a second time under another path of the same origin.
    other = log.base.replace(SUB_PATH, "/another-atlas/")
    page.context.route(
        other + "**",
        lambda route: route.fulfill(
            response=route.fetch(url=route.request.url.replace(other, log.base))
        ),
    )
    page.goto(log.base + QUIZ)
    wait_until_the_quiz_runs(page)
    here = dict(list(pick_answers(page, random_options(9)).items())[:2])
    answer(page, here)

    # A site that wrote answers under the unscoped key of earlier versions plants nothing.
    planted = {question: values[0] for question, values in questions_on_page(page).items()}
    page.evaluate(
        "(answers) => localStorage.setItem('atlas-quiz-answers', JSON.stringify({answers}))",
        planted,
    )
    page.goto(other + QUIZ)
    wait_until_the_quiz_runs(page)
    assert checked_answers(page) == {}
    there = dict(list(pick_answers(page, random_options(10)).items())[-1:])
    answer(page, there)

    page.goto(log.base + QUIZ)
    wait_until_the_quiz_runs(page)
    assert checked_answers(page) == here
    stored = page.evaluate("Object.fromEntries(Object.entries(localStorage))")
    assert json.loads(stored[quiz_storage_key(SUB_PATH)])["answers"] == here
    assert json.loads(stored[quiz_storage_key("/another-atlas/")])["answers"] == there
    assert not log.foreign and not log.page_errors


def test_export_and_import_answers_as_json(
    bench: QuizBench, spec: dict[str, Any], tmp_path: Path
) -> None:
    page = bench.page
    answers = answer_every_question(page, random_options(7))
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export answers (JSON)").click()
    exported = tmp_path / "answers.json"
    download_info.value.save_as(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["version"] == spec["version"]
    assert document["answers"] == answers

    # Cleared, the page holds the answers nowhere but in the file.
    page.get_by_role("button", name="Clear my answers").click()
    assert checked_answers(page) == {}
    page.locator('input[type="file"][data-action="import"]').set_input_files(exported)
    wait_for_result(page)
    expect(page.locator("#quiz-form-message")).to_have_text("Your answers were imported.")
    assert checked_answers(page) == answers
    assert shown_placements(page) == cpython_placements(spec, answers)

    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "something else"}', encoding="utf-8")
    page.locator('input[type="file"][data-action="import"]').set_input_files(broken)
    expect(page.locator("#quiz-form-message")).to_contain_text("not an answers file")
    assert checked_answers(page) == answers
    bench.assert_clean()


def test_unanswered_questions_are_named_and_nothing_is_scored(bench: QuizBench) -> None:
    page = bench.page
    questions = questions_on_page(page)
    page.get_by_role("button", name="Show where we stand").click()
    message = page.locator("#quiz-form-message")
    expect(message).to_be_visible()
    count = len(questions)
    expect(message).to_contain_text(
        f"{count} question{'s are' if count > 1 else ' is'} not answered"
    )
    expect(message.locator("a[data-question]")).to_have_count(count)
    expect(page.locator("#quiz-results")).not_to_have_attribute("data-state", "ready")
    # The first unanswered question has the focus; its link in the message leads back to it.
    first = next(iter(questions))
    assert page.evaluate("document.activeElement.name") == first
    bench.assert_clean()


# --- how the engine starts: from the <head>, by instant navigation, or not at all --------------


def test_no_page_but_the_quiz_loads_any_engine_file(site_walk: SiteWalk) -> None:
    for visit in site_walk.visits:
        assert visit.engine_files == [], visit
    assert site_walk.instant_engine_files == []


def test_instant_navigation_to_the_quiz_starts_the_engine(site_walk: SiteWalk) -> None:
    # The walk followed links to the quiz, and its engine became ready (no <head> script runs).
    assert site_walk.same_document
    site_walk.log.assert_clean()


def test_a_browser_without_webassembly_gets_a_clear_message(open_page: OpenPage) -> None:
    page, log = open_page(None)
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(log.base + QUIZ)
    wait_for_engine(page, "failed")
    expect(page.locator("#quiz-engine-status")).to_contain_text("WebAssembly")
    log.assert_clean()


def test_a_blocked_python_runtime_is_told_by_its_cause_and_retry_starts_it(
    open_page: OpenPage, spec: dict[str, Any]
) -> None:
    page, log = open_page(None)
    blocked = True

    def wasm(route: Route) -> None:
        if blocked:
            route.abort("blockedbyclient")
        else:
            route.continue_()

    page.context.route("**/*.wasm", wasm)
    began = time.monotonic()
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    # Measured for the record, never asserted: the machines are noisy.
    print(f"blocked WebAssembly told after {time.monotonic() - began:.1f} s: {status}")
    # The failure itself is told, not a stall or a time limit running out.
    assert "pyodide.asm.wasm" in status and "could not be downloaded" in status, status
    assert "stalled" not in status and "seconds" not in status, status

    blocked = False
    answers = answer_every_question(page, random_options(8))
    page.get_by_role("button", name="Retry").click()
    wait_for_engine(page)
    expect(page.get_by_role("button", name="Retry")).to_be_hidden()
    submit_and_wait(page)
    assert shown_placements(page) == cpython_placements(spec, answers)
    assert not log.foreign and not log.page_errors


def test_a_missing_standard_library_is_named(open_page: OpenPage) -> None:
    page, log = open_page(None)
    page.context.route("**/python_stdlib.*.zip", lambda route: route.fulfill(status=404, body="no"))
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    assert re.search(
        r"python_stdlib\.[0-9a-f]+\.zip\) is missing on the server \(HTTP 404\)", status
    ), status
    assert not log.foreign and not log.page_errors


def test_a_lock_file_answered_by_a_web_page_is_named(open_page: OpenPage) -> None:
    page, log = open_page(None)
    lock = "**/pyodide-lock.*.json"
    web_page = "<!doctype html><h1>Not found</h1>"
    page.context.route(
        lock, lambda route: route.fulfill(status=404, content_type="text/html", body=web_page)
    )
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    assert re.search(
        r"lock file \(pyodide-lock\.[0-9a-f]+\.json\) is missing on the server", status
    )

    # A host that answers every path with a page, as some do.
    page.context.unroute(lock)
    page.context.route(
        lock, lambda route: route.fulfill(status=200, content_type="text/html", body=web_page)
    )
    page.get_by_role("button", name="Retry").click()
    expect(page.locator("#quiz-engine-status")).to_contain_text("not valid JSON")
    status = failed_start(page)
    assert re.search(r"lock file \(pyodide-lock\.[0-9a-f]+\.json\) is not valid JSON", status)
    assert "web page" in status, status
    assert not log.foreign and not log.page_errors


def test_a_quiz_package_that_does_not_match_its_digest_is_refused(open_page: OpenPage) -> None:
    page, log = open_page(None)

    def tampered(route: Route) -> None:
        original = route.fetch()
        # One changed character inside Python source: still valid JSON, no longer the same file.
        body = original.body().replace(b"def score(", b"def scorf(", 1)
        assert body != original.body()
        route.fulfill(response=original, body=body)

    page.context.route("**/assets/quiz/quiz-package.*.json", tampered)
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    assert re.search(r"the scoring package \(quiz-package\.[0-9a-f]+\.json\) did not match", status)
    assert "the file on the server was changed" in status, status
    assert not log.foreign and not log.page_errors


def test_questions_that_do_not_match_their_digest_are_refused(open_page: OpenPage) -> None:
    page, log = open_page(None)

    def tampered(route: Route) -> None:
        original = route.fetch()
        # Still the same JSON document, but no longer the same file.
        route.fulfill(response=original, body=original.body() + b"\n")

    page.context.route("**/assets/quiz/spec.*.json", tampered)
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    assert re.search(r"the questions \(spec\.[0-9a-f]+\.json\) did not match its checksum", status)
    assert not log.foreign and not log.page_errors


def test_a_stalled_download_is_told_once_nothing_arrives_for_the_stall_bound(
    open_page: OpenPage,
) -> None:
    page, log = open_page(None)
    shorten_the_stall_bound(page, 2)
    page.context.route("**/*.wasm", lambda route: None)  # asked, never answered
    page.goto(log.base + QUIZ)
    status = failed_start(page)
    assert "the download stalled: nothing arrived for 2 seconds" in status, status
    assert "the Python runtime (pyodide.asm.wasm)" in status, status
    assert not log.foreign and not log.page_errors


# --- described organisations through the real form --------------------------------------------


def through_the_form(spec: dict[str, Any]) -> list[str]:
    """Three organisations of the calibration suite (tests/calibration/), chosen by what their
    results exercise, not by name: one on a ladder with a skipped stage or a ceiling exceeded,
    one with several functions in place, and a mixed case (no portrait)."""
    parsed = quiz.spec.parse_spec(spec)
    results = {}
    for path in FILES:
        data = organisation(path)
        results[path] = score(parsed, check_answers(parsed, answer_values(data, parsed)))

    def first(wanted: Callable[[Path], bool], taken: list[Path]) -> Path:
        return next(p for p in FILES if p not in taken and wanted(p))

    chosen: list[Path] = []
    chosen.append(
        first(lambda p: any(x.skipped or x.beyond for x in results[p].placements), chosen)
    )
    chosen.append(first(lambda p: any(len(x.in_place) > 1 for x in results[p].placements), chosen))
    chosen.append(first(lambda p: not organisation(p).get("portrays"), chosen))
    return [p.stem for p in chosen]


def test_described_organisations_answered_through_the_form_land_where_their_sources_say(
    bench: QuizBench, spec: dict[str, Any]
) -> None:
    page = bench.page
    parsed = quiz.spec.parse_spec(spec)
    for name in through_the_form(spec):
        data = organisation(CALIBRATION / f"{name}.yaml")
        values = answer_values(data, parsed)
        clear_the_quiz(page)
        answer(page, values)
        submit_and_wait(page)
        shown = shown_placements(page)
        assert shown == cpython_placements(spec, values), name
        result = score(parsed, check_answers(parsed, values))
        for placement in result.placements:
            expected = data["expected"][placement.model.id]
            ok, found = in_range(placement, expected)
            assert ok, f"{name} on {placement.model.id}: expected {expected}, got {found}"
            card = page.locator(f'#quiz-results [data-model="{placement.model.id}"]')
            expect(card).to_have_attribute("data-rule", placement.model.scoring)
    bench.assert_clean()
