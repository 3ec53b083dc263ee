"""Offline use: the service worker the build writes (generator/offline.py) and the quiz page's
switch that installs it (quiz/web/offline.mjs), on the fixture atlas.

The file list and version are checked on the built files; in Chromium, the quiz is kept offline,
reloaded and scored with the network closed, then a new deploy with a reworded question is seen
whole after one reload; turning the switch off leaves nothing behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, expect

from generator import offline, quiz_assets
from generator.render import QUIZ_STORAGE_KEY
from tests.browser import RECORD_CSP_VIOLATIONS, SUB_PATH, PageLog, csp_violations, serve_site
from tests.conftest import PROJECT, site_policy
from tests.fixture_atlas import build_site, fixture_project
from tests.quiz_page import (
    QUIZ,
    answer_every_question,
    cpython_placements,
    highest_level,
    shown_placements,
    submit_and_wait,
    wait_for_engine,
    wait_until_the_quiz_runs,
)
from tests.test_privacy import ALLOWED_LOCAL_STORAGE, ONLY_WHEN_ASKED, STORAGE

SWITCH = "Keep the quiz available offline"


def manifest(site: Path) -> dict[str, Any]:
    """The list of files and the version that the built `sw.js` carries."""
    first_line = (site / offline.SERVICE_WORKER).read_text(encoding="utf-8").split("\n", 1)[0]
    found = re.fullmatch(r"const OFFLINE_COPY = (\{.*\});", first_line)
    assert found, first_line
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def integrity(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


# --- the file list and the version ------------------------------------------------------------


def test_the_service_worker_lists_every_page_and_the_whole_engine(fixture_site: Path) -> None:
    listed = manifest(fixture_site)["files"]
    pages = [path.relative_to(fixture_site).as_posix() for path in fixture_site.rglob("index.html")]
    assert pages and QUIZ + "index.html" in pages
    for page in pages:
        assert offline.page_url(page) in listed, page
    engine = quiz_assets.quiz_engine(PROJECT)
    [spec] = (fixture_site / "assets" / "quiz").glob("spec.*.json")
    for path in [
        *(site_file.path for site_file in engine.site_files),
        spec.relative_to(fixture_site).as_posix(),
        "atlas.json",
        "search/search_index.json",
        "404.html",
        "sitemap.xml",
    ]:
        assert path in listed, path


def test_the_listed_files_are_the_built_files_with_their_digests(fixture_site: Path) -> None:
    data = manifest(fixture_site)
    copy = offline.offline_copy(fixture_site)
    assert data["version"] == copy.version
    assert data["files"] == {file.url: file.integrity for file in copy.files}
    for file in copy.files:
        assert file.integrity == integrity((fixture_site / file.path).read_bytes())
        assert file.url == offline.page_url(file.path)


def test_nothing_listed_is_left_out_on_purpose_or_from_another_host(fixture_site: Path) -> None:
    listed = manifest(fixture_site)["files"]
    for address in listed:
        parts = urlsplit(address)
        assert not parts.scheme and not parts.netloc and not address.startswith("/"), address
        assert not address.endswith((".map", ".gz")), address
        assert not address.startswith("assets/javascripts/lunr/"), address
    assert offline.SERVICE_WORKER not in listed
    # The worker's own code names no address: it fetches only what the list names.
    assert "://" not in offline.SERVICE_WORKER_SOURCE.read_text(encoding="utf-8")


def test_the_quiz_page_says_how_much_is_kept(fixture_site: Path) -> None:
    size = offline.size_text(offline.offline_copy(fixture_site).size)
    html = (fixture_site / QUIZ / "index.html").read_text(encoding="utf-8")
    assert offline.SIZE_PLACEHOLDER not in html
    assert f'data-size="{size}"' in html and f"({size})" in html
    assert re.fullmatch(r"\d+(\.\d)? MB", size)
    for page in fixture_site.rglob("*.html"):
        assert offline.SIZE_PLACEHOLDER not in page.read_text(encoding="utf-8"), page


def small_site(folder: Path) -> Path:
    """A site of a few files: a page with the size placeholder, a script, and left-out files."""
    (folder / "quiz").mkdir(parents=True)
    (folder / "quiz" / "index.html").write_text(
        f"<p>{offline.SIZE_PLACEHOLDER}</p>", encoding="utf-8"
    )
    (folder / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (folder / "app.js").write_text("1", encoding="utf-8")
    (folder / "app.js.map").write_text("{}", encoding="utf-8")
    (folder / "sitemap.xml.gz").write_bytes(b"")
    (folder / "assets" / "javascripts" / "lunr").mkdir(parents=True)
    (folder / "assets" / "javascripts" / "lunr" / "tinyseg.js").write_text("", encoding="utf-8")
    return folder


def test_the_version_changes_iff_a_listed_file_does(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    copy = offline.write_offline_copy(site)
    assert sorted(file.url for file in copy.files) == ["", "app.js", "quiz/"]
    assert (site / "quiz" / "index.html").read_text(encoding="utf-8") == "<p>0.0 MB</p>"
    version = copy.version
    assert offline.offline_copy(site).version == version, "the same files, the same version"
    # Files left out, and sw.js itself, change nothing.
    (site / "app.js.map").write_text("{1}", encoding="utf-8")
    (site / "sitemap.xml.gz").write_bytes(b"1")
    (site / offline.SERVICE_WORKER).write_text("changed", encoding="utf-8")
    assert offline.offline_copy(site).version == version
    # A changed, added, removed or moved listed file changes it.
    (site / "app.js").write_text("2", encoding="utf-8")
    changed = offline.offline_copy(site).version
    assert changed != version
    (site / "more.css").write_text("", encoding="utf-8")
    added = offline.offline_copy(site).version
    assert added not in (version, changed)
    (site / "more.css").rename(site / "other.css")
    assert offline.offline_copy(site).version not in (version, changed, added)


def test_search_support_for_other_languages_is_kept_when_the_index_asks_for_it(
    tmp_path: Path,
) -> None:
    site = small_site(tmp_path / "site")
    (site / "search").mkdir()
    index = site / "search" / "search_index.json"
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": []}), encoding="utf-8")
    assert not any("lunr" in path for path in offline.kept_paths(site))
    index.write_text(json.dumps({"config": {"lang": ["en", "ja"]}, "docs": []}), encoding="utf-8")
    assert "assets/javascripts/lunr/tinyseg.js" in offline.kept_paths(site)


def test_a_site_whose_quiz_page_lacks_the_size_placeholder_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>home</p>", encoding="utf-8")
    with pytest.raises(offline.OfflineError, match=re.escape(offline.SIZE_PLACEHOLDER)):
        offline.write_offline_copy(site)
    assert not (site / offline.SERVICE_WORKER).exists()


def test_the_preview_of_mkdocs_serve_makes_no_service_worker(tmp_path: Path) -> None:
    """`serve` builds as `build` does, but no sw.js: a preview would otherwise cache itself."""
    project = fixture_project(tmp_path / "project")
    site = tmp_path / "site"
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert not (site / offline.SERVICE_WORKER).exists()
    html = (site / QUIZ / "index.html").read_text(encoding="utf-8")
    assert f'data-size="{offline.SIZE_PLACEHOLDER}"' in html


# --- in Chromium --------------------------------------------------------------------------------

OUR_CACHES = (
    """async () => (await caches.keys()).filter((name) => name.startsWith("atlas-offline "))"""
)
CACHED_URLS = """async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def cache_name(version: str) -> str:
    return f"atlas-offline {SUB_PATH} {version}"


def offline_switch(page: Page) -> Locator:
    return page.get_by_role("switch", name=SWITCH)


def switch_block(page: Page) -> Locator:
    return page.locator("#quiz-offline")


def turn_on(page: Page, version: str) -> None:
    """Turn the switch on and wait until the copy of `version` is complete."""
    expect(switch_block(page)).to_have_attribute("data-state", "off")
    offline_switch(page).check()
    expect(switch_block(page)).to_have_attribute("data-state", "on", timeout=90_000)
    expect(switch_block(page)).to_have_attribute("data-version", version)
    expect(page.locator("#quiz-offline-status")).to_contain_text("Available offline")


@contextmanager
def quiz_context(browser: Browser, base: str) -> Iterator[tuple[BrowserContext, Page, PageLog]]:
    """A fresh browser context (its own service workers and caches) recording what it does."""
    context = browser.new_context()
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    log = PageLog(base)
    log.watch(context, page)
    try:
        yield context, page, log
    finally:
        context.close()


def reword_first_question(project: Path) -> str:
    """Change the first practice question's prompt in the project's questions.yaml; returns it."""
    path = project / "models" / "questions.yaml"
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = questions["questions"][0]["prompt"]
    new = f"{old.rstrip('?')}, reworded for the new deploy?"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(new)


def test_the_quiz_works_offline_and_a_new_deploy_replaces_the_copy_whole(
    chromium: Browser, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    project = fixture_project(tmp_path / "project")
    site = build_site(project, tmp_path / "site", base)
    version = manifest(site)["version"]
    headers = {"Content-Security-Policy": site_policy(site)}
    spec = json.loads(next((site / "assets" / "quiz").glob("spec.*.json")).read_text("utf-8"))
    with quiz_context(chromium, base) as (context, page, log):
        with serve_site(site, port, headers):
            page.goto(base + QUIZ)
            turn_on(page, version)
            assert page.evaluate(OUR_CACHES) == [cache_name(version)]
            cached = set(page.evaluate(CACHED_URLS, cache_name(version)))
            assert cached == {base + address for address in manifest(site)["files"]}

        # The server is gone and the context is offline: the network is closed.
        context.set_offline(True)
        page.reload()
        wait_until_the_quiz_runs(page)
        answers = answer_every_question(page, highest_level)
        wait_for_engine(page)
        submit_and_wait(page)
        assert shown_placements(page) == cpython_placements(spec, answers)
        assert csp_violations(page) == []
        log.assert_clean()

        # A new deploy, with a question reworded: one reload shows it, from the new files only.
        new_prompt = reword_first_question(project)
        shutil.rmtree(site)
        build_site(project, site, base)
        new_version = manifest(site)["version"]
        assert new_version != version
        context.set_offline(False)
        with serve_site(site, port, headers):
            responses: list[Response] = []

            def keep(response: Response) -> None:
                responses.append(response)

            context.on("response", keep)
            page.reload()
            expect(page.locator("form#quiz legend").nth(1)).to_contain_text(new_prompt)
            wait_for_engine(page)
            # The new copy is complete and the old one is gone.
            expect(switch_block(page)).to_have_attribute("data-version", new_version)
            expect(switch_block(page)).to_have_attribute("data-state", "on")
            assert page.evaluate(OUR_CACHES) == [cache_name(new_version)]
            context.remove_listener("response", keep)
        assert csp_violations(page) == []
        log.assert_clean()
        seen = 0
        for response in responses:
            path = urlsplit(response.url).path.removeprefix(SUB_PATH)
            if response.status != 200 or response.request.service_worker is not None:
                continue
            file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
            assert file.is_file(), response.url
            assert response.body() == file.read_bytes(), f"{response.url} is not the new deploy's"
            seen += 1
        assert seen > 10


@pytest.fixture
def served_fixture_site(fixture_site: Path) -> Iterator[str]:
    with serve_site(fixture_site, 0, {"Content-Security-Policy": site_policy(fixture_site)}) as url:
        yield url


def test_turning_the_switch_off_leaves_nothing_behind(
    chromium: Browser, fixture_site: Path, served_fixture_site: str
) -> None:
    version = manifest(fixture_site)["version"]
    with quiz_context(chromium, served_fixture_site) as (_context, page, log):
        page.goto(served_fixture_site + QUIZ)
        before = page.evaluate(STORAGE)
        assert before["other"] == {"indexedDB": [], "caches": [], "serviceWorkers": []}
        turn_on(page, version)
        # On, the browser holds the copy and the worker, and no setting of the switch.
        storage = page.evaluate(STORAGE)
        assert storage["other"] == {
            "indexedDB": [],
            "caches": [cache_name(version)],
            "serviceWorkers": [served_fixture_site],
        }
        assert (
            set(storage["local"])
            <= set(ALLOWED_LOCAL_STORAGE) - {QUIZ_STORAGE_KEY} - ONLY_WHEN_ASKED
        )
        assert storage["session"] == {}
        # A reload shows it on, from the registration alone.
        page.reload()
        expect(offline_switch(page)).to_be_checked()
        expect(switch_block(page)).to_have_attribute("data-state", "on")

        offline_switch(page).uncheck()
        expect(switch_block(page)).to_have_attribute("data-state", "off")
        expect(page.locator("#quiz-offline-status")).to_have_text(
            "The offline copy was removed from this browser."
        )
        storage = page.evaluate(STORAGE)
        assert storage["other"] == {"indexedDB": [], "caches": [], "serviceWorkers": []}
        page.reload()
        expect(switch_block(page)).to_have_attribute("data-state", "off")
        expect(offline_switch(page)).not_to_be_checked()
        assert csp_violations(page) == []
        log.assert_clean()


def test_a_file_that_fails_to_download_keeps_nothing(
    chromium: Browser, fixture_site: Path, tmp_path: Path
) -> None:
    """One file that does not match its digest (a deploy half done, say) fails the whole copy:
    the switch says so and turns off, and neither a worker nor a cache is left."""
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site, copy_function=os.link)
    changed = site / "sources" / "index.html"
    text = changed.read_text(encoding="utf-8")
    changed.unlink()  # the file shares its data with the fixture build: replace it
    changed.write_text(text.replace("</body>", "<p>changed</p></body>"), encoding="utf-8")
    with serve_site(site) as url, quiz_context(chromium, url) as (_context, page, _log):
        page.goto(url + QUIZ)
        offline_switch(page).check()
        expect(switch_block(page)).to_have_attribute("data-state", "failed", timeout=90_000)
        expect(page.locator("#quiz-offline-status")).to_contain_text("/sources/")
        expect(offline_switch(page)).not_to_be_checked()
        storage = page.evaluate(STORAGE)
        assert storage["other"] == {"indexedDB": [], "caches": [], "serviceWorkers": []}
