"""Privacy: a crawl of every page of the built site in Chromium, the quiz answered, and the
scored quiz page the browser tests share.

The site promises that nothing leaves the visitor's browser: no request to any host but the
site's own (no fonts, CDN or analytics; Chromium here cannot resolve any other host, so such a
request fails, but it is still recorded), no cookie, and nothing stored but what the visitor
chose. `crawl` visits pages in one browser context and returns what it saw; the tests assert
on the real site (the crawl and the scored quiz), and (the gate itself) that a third-party URL
added to a page is reported.

What a visit may leave in the browser's storage is the exact allow-list
`ALLOWED_LOCAL_STORAGE` below, which says why each key is there; nothing else, in any kind of
storage, and no cookie. Keys the visitor must ask for (`ONLY_WHEN_ASKED`) are never written by a
visit that does not ask: the crawl and the scored quiz do not, and tests/test_progress_browser.py
checks that keeping a result writes its key only when the visitor asks. (A visitor who turns on "Keep the quiz available offline" also gets
the site's service worker and its cache; the crawl leaves it off, and tests/test_offline.py
checks that the switch adds nothing else and that turning it off removes both.)
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Cookie, Page, expect

from tests.browser import (
    RECORD_CSP_VIOLATIONS,
    SUB_PATH,
    LogMark,
    PageLog,
    csp_violations,
    serve_site,
)
from tests.kept_results import kept_results_key
from tests.quiz_page import (
    QUIZ,
    answer_every_question,
    highest_level,
    quiz_storage_key,
    submit_and_wait,
    wait_for_engine,
    wait_until_the_quiz_runs,
)
from tests.shared_pages import ScoredQuiz

PALETTE_KEY = f"{SUB_PATH}.__palette"
# The quiz's key is scoped by the site's path too, like Material's.
QUIZ_STORAGE_KEY = quiz_storage_key(SUB_PATH)
KEPT_RESULTS_KEY = kept_results_key(SUB_PATH)

ALLOWED_LOCAL_STORAGE = {
    # Material for MkDocs keeps the colour scheme the visitor picked (light or dark) under
    # "<site path>.__palette", and reads it back on every page so that the choice sticks. It is a
    # display preference, the same for everyone who picks it, and never leaves the browser.
    PALETTE_KEY: "the theme's colour scheme (light or dark)",
    # The quiz keeps the visitor's own answers, so that a reload does not lose them; "Clear my
    # answers" removes them. They are only ever sent to the quiz's worker, in the same page.
    QUIZ_STORAGE_KEY: "the quiz's answers, in the visitor's own browser",
    # Under a result, "Keep this result in this browser" keeps it with its date, so that a later
    # result can be compared with it; "Forget all kept results" removes the key. Written only
    # when the visitor presses that button, and only ever read by the quiz page.
    KEPT_RESULTS_KEY: "results the visitor chose to keep, in their own browser",
}
ONLY_WHEN_ASKED = {KEPT_RESULTS_KEY}
"""Keys a visit leaves only when the visitor asks for them."""
# Material would also write "__consent" (a cookie-consent banner), "__tabs" (linked content
# tabs), "__announce" (an announcement bar) and, in sessionStorage, "__source" (repository
# statistics) and "__outdated" (a version warning); the site enables none of these features,
# and the tests below prove that none is written.


@dataclass
class Findings:
    """What a crawl saw: every finding is something the site must not do."""

    foreign_requests: list[tuple[str, str]] = field(default_factory=list)
    """(page, URL) of each request to a host other than the site's."""
    policy_violations: list[tuple[str, str]] = field(default_factory=list)
    """(page, violation) of each Content-Security-Policy violation the page reported."""
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(page, message) of each console error and uncaught exception."""
    dialogs: list[tuple[str, str]] = field(default_factory=list)
    """(page, message) of each alert, confirm or prompt (no page opens one)."""
    cookies: list[Cookie] = field(default_factory=list)
    local_storage: dict[str, str] = field(default_factory=dict)
    session_storage: dict[str, str] = field(default_factory=dict)
    other_storage: dict[str, list[str]] = field(default_factory=dict)
    """IndexedDB databases, Cache Storage caches and service workers, by kind."""

    def add(self, path: str, page: Page, log: PageLog, mark: LogMark) -> None:
        """What `page`, open at `path`, did since `mark`."""
        self.policy_violations += [(path, v) for v in csp_violations(page)]
        self.foreign_requests += [(path, url) for url in log.foreign[mark.foreign :]]
        self.errors += [(path, e) for e in log.console_errors[mark.console_errors :]]
        self.errors += [(path, e) for e in log.page_errors[mark.page_errors :]]
        self.dialogs += [(path, d) for d in log.dialogs[mark.dialogs :]]

    def add_storage(self, page: Page) -> None:
        """What the browser holds for the site, seen from `page`."""
        storage = page.evaluate(STORAGE)
        self.local_storage = storage["local"]
        self.session_storage = storage["session"]
        self.other_storage = {kind: names for kind, names in storage["other"].items() if names}
        self.cookies = page.context.cookies()


STORAGE = """async () => ({
  local: Object.fromEntries(Object.entries(localStorage)),
  session: Object.fromEntries(Object.entries(sessionStorage)),
  other: {
    indexedDB: (await indexedDB.databases()).map((db) => db.name),
    caches: "caches" in self ? await caches.keys() : [],
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope),
  },
})"""


def site_pages(site: Path) -> list[str]:
    """The path of every page of a built site, as linked (`a/` for `a/index.html`), 404 last."""
    paths = sorted(
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if path.name != "404.html"
    )
    return [*paths, "404.html"]


def crawl(
    browser: Browser, base_url: str, paths: list[str], *, score_the_quiz: bool = True
) -> Findings:
    """Open every page of `paths` (relative to `base_url`) in one browser context, one after the
    other; on the quiz page, search, switch the colour scheme and answer every question as a
    visitor would, then (with `score_the_quiz`) score. Returns everything the pages did that the
    site must not do, and what the browser holds for the site at the end."""
    findings = Findings()
    context = browser.new_context()
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    log = PageLog(base_url)
    page = context.new_page()
    log.watch(context, page)
    try:
        for path in paths:
            mark = log.mark()
            page.goto(base_url + path, wait_until="load")
            if path == QUIZ:
                _use_the_quiz(page, score=score_the_quiz)
            findings.add(path, page, log, mark)
        findings.add_storage(page)
    finally:
        context.close()
    return findings


def _use_the_quiz(page: Page, *, score: bool) -> None:
    """Search (Material's search worker loads its index), switch the colour scheme, answer
    every question (the highest level of each) and perhaps score."""
    page.keyboard.press("/")
    page.keyboard.type(page.locator("h1").first.inner_text().split()[0])
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    wait_until_the_quiz_runs(page)
    answer_every_question(page, highest_level)
    if score:
        wait_for_engine(page)
        submit_and_wait(page)


# --- the real site ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def findings(chromium: Browser, site_url: str, built_site: Path) -> Findings:
    """One crawl of every page of the real site, shared by the assertions below. The quiz is
    answered but not scored there: `scored_quiz` is, and `quiz_findings` says what it did."""
    paths = site_pages(built_site)
    assert QUIZ in paths and "" in paths and len(paths) > 40
    return crawl(chromium, site_url, paths, score_the_quiz=False)


@pytest.fixture(scope="module")
def quiz_findings(scored_quiz: ScoredQuiz) -> Findings:
    """What the scored quiz page (a context of its own) did, and what it left in the browser."""
    found = Findings()
    found.add(QUIZ, scored_quiz.page, scored_quiz.log, LogMark(0, 0, 0, 0, 0))
    found.add_storage(scored_quiz.page)
    return found


def test_no_page_requests_anything_from_another_host(
    findings: Findings, quiz_findings: Findings
) -> None:
    assert findings.foreign_requests == []
    assert quiz_findings.foreign_requests == []


def test_no_page_reports_a_policy_violation_an_error_or_a_dialog(
    findings: Findings, quiz_findings: Findings
) -> None:
    for found in (findings, quiz_findings):
        assert found.policy_violations == []
        assert found.errors == []
        assert found.dialogs == []


def test_no_cookie_is_set(findings: Findings, quiz_findings: Findings) -> None:
    assert findings.cookies == []
    assert quiz_findings.cookies == []


def test_the_browser_keeps_only_the_theme_preference_and_the_quiz_answers(
    findings: Findings, quiz_findings: Findings
) -> None:
    assert set(findings.local_storage) == set(ALLOWED_LOCAL_STORAGE) - ONLY_WHEN_ASKED
    # Scoring adds nothing: the scored page holds its answers (and the scheme, if switched), and
    # keeps no result unless asked.
    assert QUIZ_STORAGE_KEY in quiz_findings.local_storage
    assert set(quiz_findings.local_storage) <= set(ALLOWED_LOCAL_STORAGE) - ONLY_WHEN_ASKED
    for found in (findings, quiz_findings):
        assert found.session_storage == {}
        assert found.other_storage == {}
    # The palette holds the scheme picked (the crawl switched it), nothing about the visitor.
    palette = json.loads(findings.local_storage[PALETTE_KEY])
    assert set(palette) == {"index", "color"}
    # The quiz keeps the question-set version and the answers, and nothing else.
    for found in (findings, quiz_findings):
        stored = json.loads(found.local_storage[QUIZ_STORAGE_KEY])
        assert set(stored) == {"version", "answers"}
        assert stored["answers"] and all(isinstance(v, str) for v in stored["answers"].values())


# --- the gate itself: a third-party URL in a page ---------------------------------------------

THIRD_PARTY = "https://example.com/pixel.png"
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def first_stage_path(site: Path) -> str:
    """The path of the first model's first stage, from the site's atlas.json."""
    atlas = json.loads((site / "atlas.json").read_text(encoding="utf-8"))
    path: str = atlas["models"][0]["stages"][0]["url"]
    return path


@pytest.fixture
def tampered_site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site (hard links, made in no time) whose pages may be rewritten."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=os.link)
    return site


def add_to_page(site: Path, page: str, html: str, *, drop_policy: bool = False) -> None:
    """Add `html` at the end of a page's body (and perhaps drop its policy); the file is
    replaced, never written through, since it shares its data with the real build."""
    path = site / page
    text = path.read_text(encoding="utf-8").replace("</body>", f"{html}</body>")
    if drop_policy:
        text = POLICY_META.sub("", text)
    path.unlink()
    path.write_text(text, encoding="utf-8")


CrawlTampered = Callable[[list[str]], Findings]


@pytest.fixture
def crawl_tampered(chromium: Browser, tampered_site: Path) -> CrawlTampered:
    """Crawl pages of the tampered copy, served as the real site is but without a policy header
    (the pages keep their own, unless a test drops it)."""

    def crawl_(paths: list[str]) -> Findings:
        with serve_site(tampered_site) as url:
            return crawl(chromium, url, paths)

    return crawl_


def test_a_third_party_image_is_reported_as_a_foreign_request(
    tampered_site: Path, crawl_tampered: CrawlTampered
) -> None:
    """With no policy to stop it, the image is fetched from the other host: the crawl names the
    request and the page it came from, and blames no other page."""
    stage = first_stage_path(tampered_site)
    add_to_page(
        tampered_site, stage + "index.html", f'<img src="{THIRD_PARTY}" alt="">', drop_policy=True
    )
    found = crawl_tampered(["", stage, "sources/"])
    assert found.foreign_requests == [(stage, THIRD_PARTY)]
    assert found.policy_violations == []


def test_a_third_party_image_is_reported_even_when_the_policy_blocks_it(
    tampered_site: Path, crawl_tampered: CrawlTampered
) -> None:
    """The page's own policy blocks the image: Chromium still reports the attempted request,
    and the page reports the violation; the crawl names the URL in both."""
    add_to_page(tampered_site, "index.html", f'<img src="{THIRD_PARTY}" alt="">')
    found = crawl_tampered([""])
    assert found.foreign_requests == [("", THIRD_PARTY)]
    assert found.policy_violations
    assert all(page == "" and THIRD_PARTY in what for page, what in found.policy_violations)
