"""The browser pages the tests share, each opened once per session (tests/conftest.py makes them
fixtures), because starting Pyodide is the slow part of a browser test:

- `ScoredQuiz`: the quiz page opened as a first-time visitor opens it, answered before its engine
  is ready, and scored. Tests that only read a scored page use it: the result against CPython,
  the engine's start, axe, print, the policy, privacy.
- `SiteWalk`: one page of every type opened in turn, then the quiz reached by Material's instant
  navigation, as a visitor browses. What each page did is recorded on the way; the quiz page it
  ends on then serves the tests that change answers (`QuizBench`), each starting from a cleared
  form, so the engine starts once for all of them.

Every page records its policy violations and can run axe-core (both are injected before the
page's own scripts, outside its Content-Security-Policy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser import RECORD_CSP_VIOLATIONS, LogMark, PageLog, csp_violations
from tests.quiz_page import (
    QUIZ,
    answer_every_question,
    clear_the_quiz,
    random_options,
    wait_for_engine,
    wait_for_result,
    wait_until_the_quiz_runs,
)

PROJECT = Path(__file__).resolve().parent.parent
AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"

# Records every worker the page creates, and whether the page was still being parsed then.
RECORD_WORKERS = """(() => {
  const Native = window.Worker;
  if (typeof Native !== "function") return;
  window.atlasWorkers = [];
  window.Worker = class extends Native {
    constructor(url, options) {
      window.atlasWorkers.push({ url: String(url), readyState: document.readyState });
      super(url, options);
    }
  };
})();"""


def is_engine_file(url: str) -> bool:
    """A file only the quiz page may load: Pyodide, the quiz's package, spec and modules."""
    return "/assets/pyodide/" in url or ("/assets/quiz/" in url and not url.endswith("/page.mjs"))


def new_page(browser: Browser, base_url: str, **context_options: Any) -> tuple[Page, PageLog]:
    """A page in a new context that records its policy violations and can run axe."""
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it with `npm ci`"
    context: BrowserContext = browser.new_context(**context_options)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.add_init_script(path=str(AXE))
    log = PageLog(base_url)
    page = context.new_page()
    log.watch(context, page)
    return page, log


# --- one quiz page, scored -------------------------------------------------------------------


@dataclass
class ScoredQuiz:
    page: Page
    log: PageLog
    answers: dict[str, str]
    """The answers given, one to every question, picked from what the form offers."""
    engine_when_submitted: str
    """The form's data-engine when "Show where we stand" was pressed."""
    message_when_submitted: str
    """What the form said then."""
    workers: list[dict[str, str]] = field(default_factory=list)
    """Each worker the page created: its URL, and document.readyState then."""
    focus_when_shown: str = ""
    """The id of the element that had the focus once the result was shown."""


def open_scored_quiz(browser: Browser, base_url: str) -> ScoredQuiz:
    """The quiz, opened in a new context, answered and submitted while the Python runtime is
    held back (so the engine cannot be ready yet), then scored once the runtime arrives."""
    page, log = new_page(browser, base_url)
    page.context.add_init_script(RECORD_WORKERS)
    held: list[Route] | None = []

    def hold(route: Route) -> None:
        if held is None:
            route.continue_()
        else:
            held.append(route)

    page.context.route("**/*.wasm", hold)
    page.goto(base_url + QUIZ)
    wait_until_the_quiz_runs(page)
    answers = answer_every_question(page, random_options(1))
    page.get_by_role("button", name="Show where we stand").click()
    message = page.locator("#quiz-form-message")
    expect(message).to_be_visible()
    quiz = ScoredQuiz(
        page=page,
        log=log,
        answers=answers,
        engine_when_submitted=page.locator("form#quiz").get_attribute("data-engine") or "",
        message_when_submitted=message.text_content() or "",
    )
    waiting, held = held, None  # requests that arrive from now on go straight through
    for route in waiting:
        route.continue_()
    wait_for_result(page)
    quiz.focus_when_shown = page.evaluate("document.activeElement.id")
    quiz.workers = page.evaluate("window.atlasWorkers")
    return quiz


# --- every type of page, then the quiz by instant navigation --------------------------------


@dataclass
class Visit:
    path: str
    policies: int
    """How many Content-Security-Policy <meta> tags the page has."""
    policy_violations: list[str]
    engine_files: list[str]
    """Requests for files only the quiz page may load."""


@dataclass
class SiteWalk:
    page: Page
    log: PageLog
    visits: list[Visit]
    """Each page opened with a full load, in order."""
    instant_path: list[str]
    """The pages reached by instant navigation, the quiz last."""
    instant_engine_files: list[str]
    """Engine files requested on the way, before the quiz."""
    same_document: bool
    """Whether the quiz was reached without loading a new document."""


def walk_the_site(
    browser: Browser, base_url: str, paths: list[str], model: dict[str, Any]
) -> SiteWalk:
    """Open each of `paths` in turn (waiting until the network is idle), then `model`'s page,
    its first stage and the quiz by following links (Material's instant navigation); ends with
    the quiz's engine ready."""
    page, log = new_page(browser, base_url)
    visits = []
    for path in paths:
        seen = len(log.requests)
        page.goto(base_url + path, wait_until="networkidle")
        visits.append(
            Visit(
                path=path,
                policies=page.locator("meta[http-equiv='Content-Security-Policy']").count(),
                policy_violations=csp_violations(page),
                engine_files=[url for url in log.requests[seen:] if is_engine_file(url)],
            )
        )
    page.goto(base_url + model["url"], wait_until="networkidle")
    seen = len(log.requests)
    page.evaluate("window.atlasTestMarker = 'same document'")
    stage = model["stages"][0]
    # (Material's instant navigation makes every link absolute.)
    page.locator(f"article a[href='{base_url + stage['url']}']").first.click()
    page.wait_for_url(base_url + stage["url"])
    page.wait_for_load_state("networkidle")
    engine_files = [url for url in log.requests[seen:] if is_engine_file(url)]
    page.locator(".atlas-cta a", has_text="Score yourself").click()
    page.wait_for_url(base_url + QUIZ)
    wait_for_engine(page)
    return SiteWalk(
        page=page,
        log=log,
        visits=visits,
        instant_path=[stage["url"], QUIZ],
        instant_engine_files=engine_files,
        same_document=page.evaluate("window.atlasTestMarker") == "same document",
    )


@dataclass
class QuizBench:
    """The walk's quiz page, cleared for a test that changes answers."""

    page: Page
    log: PageLog
    mark: LogMark
    violations_before: int

    def assert_clean(self) -> None:
        """Nothing went wrong on the page during the test: no request to another host, no
        error, no dialog, no policy violation."""
        self.log.assert_clean(since=self.mark)
        assert csp_violations(self.page)[self.violations_before :] == []


def quiz_bench(walk: SiteWalk) -> QuizBench:
    page = walk.page
    page.emulate_media(media="screen")
    wait_for_engine(page)
    clear_the_quiz(page)
    return QuizBench(page, walk.log, walk.log.mark(), len(csp_violations(page)))
