"""Shared fixtures: the project's paths and one real, strict build of the site per session."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CLOSED_NETWORK,
    ENGINE_PAGE_TYPES,
    PAGE_TYPES,
    SUB_PATH,
    PageLog,
    page_paths,
    serve_site,
)
from tests.lighthouse_run import PAGES, LighthouseRun
from tests.shared_pages import (
    QuizBench,
    ScoredQuiz,
    SiteWalk,
    open_scored_quiz,
    quiz_bench,
    walk_the_site,
)

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "models"
MKDOCS = Path(sys.executable).parent / "mkdocs"


def compare_golden(folder: Path, name: str, actual: str) -> None:
    """Compare text with the golden file `folder/name`; with UPDATE_GOLDEN=1, rewrite it instead."""
    expected_path = folder / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.is_file(), f"no golden file {name}; run with UPDATE_GOLDEN=1"
    assert actual == expected_path.read_text(encoding="utf-8")


def run_mkdocs_build(
    project: Path, site: Path, site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project folder into `site`, as a maintainer runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if site_url is not None:
        env["ATLAS_SITE_URL"] = site_url
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def copy_project(destination: Path) -> Path:
    """A copy of everything a build reads: mkdocs.yml, content/, models/, site_overrides/."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "mkdocs.yml", destination / "mkdocs.yml")
    for folder in ("content", "models", "site_overrides"):
        shutil.copytree(PROJECT / folder, destination / folder)
    # The pinned Pyodide runtime is read, never changed, by a build: link it instead of copying.
    shutil.copy2(PROJECT / "package-lock.json", destination / "package-lock.json")
    (destination / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    return destination


@pytest.fixture(scope="session")
def site_port() -> int:
    """A free port for the test server. The site is built for it: Material's instant navigation
    only takes over links to the host and port of `site_url`, as on the published site."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """The real site, built once with --strict into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_mkdocs_build(PROJECT, site, f"http://127.0.0.1:{site_port}{SUB_PATH}")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def spec(built_site: Path) -> dict[str, Any]:
    """The quiz spec exactly as the built site serves it."""
    [path] = (built_site / "assets" / "quiz").glob("spec.*.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Path]:
    """Make a temporary copy of the project to change and build."""
    return lambda: copy_project(tmp_path / "project")


# --- browser tests --------------------------------------------------------------------------

# A wait on the page (Playwright's expect) ends as soon as its condition holds; 30 s instead of
# Playwright's 5 leaves room for a machine ten times slower than usual.
expect.set_options(timeout=30_000)


def site_policy(site: Path) -> str:
    """The Content-Security-Policy the built site's pages carry in their <meta> tag."""
    found = re.search(
        r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">',
        (site / "index.html").read_text(encoding="utf-8"),
    )
    assert found, "the home page has no Content-Security-Policy"
    return html.unescape(found.group(1))


@pytest.fixture(scope="session")
def site_url(built_site: Path, site_port: int) -> Iterator[str]:
    """The built site, served on 127.0.0.1 under /atlas/.

    Every response also carries the pages' Content-Security-Policy as a header, as a host that
    can send headers would: a <meta> policy governs only the page, while the header also
    governs the quiz's worker, where Pyodide runs.
    """
    headers = {"Content-Security-Policy": site_policy(built_site)}
    with serve_site(built_site, site_port, headers) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, with every host but 127.0.0.1 unresolvable (the network is closed)."""
    assert CHROMIUM.is_file(), (
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium (`make test` installs it)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, CLOSED_NETWORK],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def atlas(built_site: Path) -> dict[str, Any]:
    """The built site's atlas.json: the models, stages and capabilities the pages show."""
    data: dict[str, Any] = json.loads((built_site / "atlas.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def site_pages(atlas: dict[str, Any]) -> dict[str, str]:
    """The path of one page of each type (tests.browser.PAGE_TYPES), picked from the data."""
    return page_paths(atlas)


@pytest.fixture(scope="session")
def scored_quiz(chromium: Browser, site_url: str) -> ScoredQuiz:
    """The quiz page, answered and scored once for every test that only reads it."""
    return open_scored_quiz(chromium, site_url)


@pytest.fixture(scope="session")
def site_walk(
    chromium: Browser, site_url: str, site_pages: dict[str, str], atlas: dict[str, Any]
) -> SiteWalk:
    """Every type of page but those with the engine (the quiz and the team page), opened in turn,
    then the quiz by instant navigation."""
    paths = [site_pages[kind] for kind in PAGE_TYPES if kind not in ENGINE_PAGE_TYPES]
    return walk_the_site(chromium, site_url, paths, atlas["models"][0])


@pytest.fixture
def bench(site_walk: SiteWalk) -> QuizBench:
    """The walk's quiz page, its engine running, cleared for a test that changes answers."""
    return quiz_bench(site_walk)


LIGHTHOUSE_TESTS = "test_lighthouse.py"


@pytest.fixture(scope="session")
def lighthouse(
    site_url: str, site_pages: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LighthouseRun]:
    """Lighthouse over the pages tests/test_lighthouse.py scores, running in the background."""
    run = LighthouseRun(
        [site_url + site_pages[page_type] for page_type in PAGES],
        tmp_path_factory.mktemp("lighthouse") / "reports.json",
    )
    yield run
    run.stop()


@pytest.fixture(scope="session", autouse=True)
def start_lighthouse_first(request: pytest.FixtureRequest) -> None:
    """In a session that runs the Lighthouse tests, start Lighthouse with the first test: it runs
    in its own browser while the other tests run, instead of after them."""
    if any(item.path.name == LIGHTHOUSE_TESTS for item in request.session.items):
        request.getfixturevalue("lighthouse")


@pytest.fixture
def open_page(chromium: Browser, site_url: str) -> Iterator[Callable[..., tuple[Page, PageLog]]]:
    """Open a site page in a fresh browser context; the log records what the page did."""
    contexts: list[BrowserContext] = []

    def open_(path: str = "", **context_options: Any) -> tuple[Page, PageLog]:
        context = chromium.new_context(**context_options)
        contexts.append(context)
        log = PageLog(site_url)
        page = context.new_page()
        log.watch(context, page)
        if path is not None:
            page.goto(site_url + path)
        return page, log

    yield open_
    for context in contexts:
        # A route whose callback is still fetching (a page left mid-load) would otherwise raise
        # into the next test once the context is gone.
        context.unroute_all(behavior="ignoreErrors")
        context.close()


# --- fixture atlases (tests/fixture_atlas.py) -------------------------------------------------


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture atlas (tests/fixtures/atlas) built once, in-process, with --strict."""
    from tests.fixture_atlas import build_site, fixture_project

    root = tmp_path_factory.mktemp("fixture-site")
    return build_site(fixture_project(root / "project"), root / "site")


# --- `make check`: everything but the browser ---------------------------------------------------

BROWSER_FIXTURES = frozenset({"chromium", "lighthouse"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs a browser (Chromium or Lighthouse's) `browser`, so that
    `make check` can leave them out with `-m "not browser"`; `make test` runs them all."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
