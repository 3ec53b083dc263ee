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
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import offline, quiz_assets
from tests.conftest import PROJECT
from tests.fixture_atlas import fixture_project
from tests.quiz_page import (
    QUIZ,
)

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
