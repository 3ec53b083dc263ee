"""How the quiz's scoring engine starts, in Chromium against the built site: its stages shown as
it loads, one engine kept across Material's instant navigation, and its files fetched ahead once
a visitor heads for the quiz, never when the browser is asked to save data.

No test here asserts a time: the machines are noisy. The network is slowed only where the test
needs to see the download under way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser import CHROMIUM, CHROMIUM_ARGS, CLOSED_NETWORK, PageLog, Served, serve_site
from tests.conftest import site_policy
from tests.quiz_page import ENGINE_READY_MS, QUIZ, wait_for_engine
from tests.shared_pages import is_engine_file
from tests.team_page import TEAM

OpenPage = Callable[..., tuple[Page, PageLog]]

QUIZ_WORKER = "/assets/quiz/worker.mjs"

# Run before the page's scripts: keeps each state of the engine's status line and progress bar
# (quiz or team page), in order.
RECORD_ENGINE_STATUS = """
window.atlasEngineStatus = [];
new MutationObserver(() => {
  const status = document.querySelector("#quiz-engine-status, #team-engine-status");
  const bar = document.querySelector("#quiz-engine-progress, #team-engine-progress");
  if (status === null || bar === null) return;
  const entry = { text: status.textContent, value: bar.hasAttribute("value") ? bar.value : null,
                  max: bar.max, hidden: bar.hidden };
  const last = window.atlasEngineStatus.at(-1);
  if (JSON.stringify(last) !== JSON.stringify(entry)) window.atlasEngineStatus.push(entry);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                       attributeFilter: ["value", "max", "hidden"] });
"""


def slow_network(page: Page, bytes_per_second: int) -> None:
    """Throttle the page's network (its worker's too), as DevTools does."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 20,
            "downloadThroughput": bytes_per_second,
            "uploadThroughput": bytes_per_second,
        },
    )


def quiz_workers(workers: list[str]) -> list[str]:
    return [url for url in workers if url.endswith(QUIZ_WORKER)]


def wait_until(page: Page, condition: Callable[[], bool], what: str) -> None:
    """Let the page run until `condition()` holds (checked every 100 ms, for as long as an
    engine's start may take)."""
    for _ in range(ENGINE_READY_MS // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never happened: {what}")


def follow_link(page: Page, url: str, within: str = "") -> None:
    """Click a visible link to `url` (absolute, fragment aside), as a visitor does, once the page
    shows one (instant navigation changes the address before the content)."""
    selector = f"{within} a[href]".strip()
    found = page.wait_for_function(
        """([selector, url]) => {
             const index = [...document.querySelectorAll(selector)].findIndex(
               (a) => a.href.split("#")[0] === url && a.getClientRects().length > 0);
             return index >= 0 ? String(index) : null;
           }""",
        arg=[selector, url],
    )
    page.locator(selector).nth(int(found.json_value())).click()
    page.wait_for_url(url)


# --- the stages of the start -------------------------------------------------------------------


def test_the_start_is_told_stage_by_stage_with_the_bytes_downloaded(
    open_page: OpenPage, built_site: Path
) -> None:
    page, log = open_page(None)
    page.add_init_script(RECORD_ENGINE_STATUS)
    # Slow enough for the download to last a few reports (the runtime is some 10 MB).
    slow_network(page, 4_000_000)
    page.goto(log.base + QUIZ)
    wait_for_engine(page)
    seen: list[dict[str, Any]] = page.evaluate("window.atlasEngineStatus")
    texts = [entry["text"] for entry in seen]

    downloading = [i for i, text in enumerate(texts) if "step 1 of 4, downloading Python (" in text]
    assert downloading, texts
    later = [
        text
        for text in texts[downloading[-1] :]
        if re.search(r"^Loading the scoring engine: step [234] of 4, ", text)
    ]
    assert later, texts
    assert texts[-1] == "Scoring engine ready.", texts

    # The bar counts the bytes of the runtime and the standard library, which the worker streams.
    runtime = next((built_site / "assets" / "pyodide").iterdir())
    total = sum(
        path.stat().st_size
        for path in [runtime / "pyodide.asm.wasm", *runtime.glob("python_stdlib.*.zip")]
    )
    counted = [entry for entry in seen if entry["value"] is not None]
    assert counted, seen
    assert all(entry["max"] == total and 0 < entry["value"] <= total for entry in counted), counted
    assert seen[-1]["hidden"] is True, "the bar goes once the engine is ready"
    # Screen readers hear the stages from the polite status line, not every move of the bar.
    assert len({text for text in texts if "downloading Python (" in text}) < len(counted)
    expect(page.locator("#quiz-engine-progress")).to_have_attribute("aria-hidden", "true")
    expect(page.locator("#quiz-engine-status")).to_have_attribute("role", "status")
    log.assert_clean()


# --- one engine across pages -------------------------------------------------------------------


def test_the_engine_keeps_running_across_instant_navigation_and_a_reload_starts_one(
    open_page: OpenPage, atlas: dict[str, Any]
) -> None:
    page, log = open_page(None)
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    base = log.base
    page.goto(base + QUIZ)
    wait_for_engine(page)
    assert len(quiz_workers(workers)) == 1
    page.evaluate("window.atlasTestMarker = 'same document'")
    model = atlas["models"][0]
    stage = model["stages"][0]

    # Away to a stage page and back, by links: the theme's tabs, the pages' own links.
    follow_link(page, base + "models/", ".md-tabs")
    follow_link(page, base + model["url"], "article")
    follow_link(page, base + stage["url"], "article")
    follow_link(page, base + QUIZ, ".atlas-cta")
    wait_for_engine(page)
    expect(page.locator("#quiz-engine-status")).to_have_text("Scoring engine ready.")
    expect(page.locator("#quiz-engine-progress")).to_be_hidden()

    # On to the team page and back to the quiz.
    follow_link(page, base + TEAM, ".md-tabs")
    expect(page.locator("form#team")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_READY_MS
    )
    follow_link(page, base + QUIZ, ".md-tabs")
    wait_for_engine(page)

    assert page.evaluate("window.atlasTestMarker") == "same document"
    assert len(quiz_workers(workers)) == 1, workers
    assert len([url for url in log.requests if url.endswith(".wasm")]) == 1

    # A full load starts Python afresh, once.
    page.reload()
    wait_for_engine(page)
    assert len(quiz_workers(workers)) == 2, workers
    log.assert_clean()


# --- the engine's files, fetched ahead of a visit ----------------------------------------------


def engine_files_listed(page: Page) -> list[str]:
    """The site paths of the engine's files, as the page lists them for fetching ahead."""
    content = page.locator('meta[name="atlas-engine-files"]').get_attribute("content") or ""
    files = content.split()
    assert files, "the page lists no engine file"
    return files


def served_files(served: list[Served], files: list[str]) -> list[Served]:
    return [s for s in served if any(s.path.endswith("/" + file) for file in files)]


@pytest.fixture
def cached_browsing(
    chromium: Browser, built_site: Path, site_url: str, tmp_path: Path
) -> Iterator[tuple[Page, str, list[Served]]]:
    """A page of a browser with a profile on disk (a visitor's HTTP cache: a private context's
    cache in memory takes no file as large as the runtime), and the built site served by a
    server of its own that records each request it answers."""
    served: list[Served] = []
    headers = {"Content-Security-Policy": site_policy(built_site)}
    with serve_site(built_site, 0, headers, served) as base:
        context: BrowserContext = chromium.browser_type.launch_persistent_context(
            tmp_path / "profile",
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, CLOSED_NETWORK],
        )
        try:
            yield context.pages[0] if context.pages else context.new_page(), base, served
        finally:
            context.close()


def test_pointing_at_a_quiz_link_fetches_the_engine_ahead_and_the_quiz_finds_it_cached(
    cached_browsing: tuple[Page, str, list[Served]], atlas: dict[str, Any]
) -> None:
    page, base, served = cached_browsing
    stage = atlas["models"][0]["stages"][0]
    page.goto(base + stage["url"], wait_until="networkidle")
    files = engine_files_listed(page)
    assert not [s for s in served if is_engine_file(s.path)], "nothing of the engine on load"

    link = page.locator(".atlas-cta a").first
    link.hover()
    wait_until(
        page,
        lambda: len({s.path for s in served_files(served, files)}) == len(files),
        "every engine file fetched ahead",
    )
    fetched = served_files(served, files)
    # Each file once, as a prefetch (the browser's lowest priority).
    assert len(fetched) == len(files), fetched
    assert {s.purpose for s in fetched} == {"prefetch"}, fetched

    # Pointing again, or focusing the link, fetches nothing more.
    page.mouse.move(0, 0)
    link.hover()
    link.focus()
    page.wait_for_load_state("networkidle")
    assert len(served_files(served, files)) == len(files)

    before = len(served)
    link.click()
    wait_for_engine(page)
    # The engine's files came from the cache: none was sent again (a revalidation, HTTP 304,
    # sends no body).
    again = [s for s in served_files(served[before:], files) if s.status != 304]
    assert again == [], again


def test_focusing_a_link_to_the_team_page_fetches_the_engine_ahead(
    open_page: OpenPage, atlas: dict[str, Any]
) -> None:
    page, log = open_page(atlas["models"][0]["url"])
    page.wait_for_load_state("networkidle")
    files = engine_files_listed(page)
    assert not [url for url in log.requests if is_engine_file(url)]
    page.locator(".md-tabs a[href$='/" + TEAM + "']").focus()
    wait_until(
        page,
        lambda: all(any(url.endswith("/" + file) for url in log.requests) for file in files),
        "every engine file fetched ahead",
    )
    log.assert_clean()


def test_nothing_is_fetched_ahead_while_the_browser_saves_data(
    open_page: OpenPage, atlas: dict[str, Any]
) -> None:
    # The visitor's browser asks to save data: it says so to servers (Save-Data) and to pages.
    page, log = open_page(None, extra_http_headers={"Save-Data": "on"})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    page.goto(log.base + atlas["models"][0]["stages"][0]["url"], wait_until="networkidle")
    assert page.evaluate("navigator.connection.saveData") is True
    link = page.locator(".atlas-cta a").first
    link.hover()
    link.focus()
    page.wait_for_load_state("networkidle")
    assert [url for url in log.requests if is_engine_file(url)] == []

    # The same page fetches them once the browser no longer saves data: the test saw the page
    # decide, not miss the moment.
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": False})
    page.mouse.move(0, 0)
    link.hover()
    wait_until(
        page, lambda: any(is_engine_file(url) for url in log.requests), "an engine file fetched"
    )
    log.assert_clean()
