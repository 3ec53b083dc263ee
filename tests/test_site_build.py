"""Integration: the real site, built with --strict, checked page by page and link by link."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from mkdocs.config import load_config

from generator.atlas import load_atlas
from tests.conftest import MODELS, PROJECT, run_mkdocs_build

ATLAS = load_atlas(MODELS)
SITE_PATH = urlsplit(load_config(str(PROJECT / "mkdocs.yml")).site_url or "/").path


class _Page(HTMLParser):
    """Collects links, element ids and script elements of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []
        self._in_script = False
        self.script_texts: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()
        self.attribute_names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        self.attribute_names.update(name for name, _ in attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "a" and attributes.get("href") is not None:
            self.links.append(str(attributes["href"]))
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_texts.append(data)
        else:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_file(site: Path, url: str) -> Path:
    path = site / unquote(url)
    return path / "index.html" if url.endswith("/") or url == "" else path


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file (and fragment) an internal link of `page` points to; None for external ones."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    if not parts.path:
        return page, parts.fragment
    if parts.path.startswith("/"):
        # Only the 404 page uses absolute paths, under the path of site_url.
        assert parts.path.startswith(SITE_PATH), f"{page}: {href} is outside {SITE_PATH}"
        base, path = "", parts.path.removeprefix(SITE_PATH)
    else:
        base, path = page.parent.relative_to(site).as_posix(), parts.path
    target = posixpath.normpath(posixpath.join(base, unquote(path)))
    assert not target.startswith(".."), f"{page}: {href} leaves the site"
    path = site / target
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def stage_html(site: Path, ref: str) -> Path:
    model_id, stage_id = ref.split("/")
    return site / "models" / model_id / stage_id / "index.html"


def test_five_model_pages_and_28_stage_pages(built_site: Path) -> None:
    model_pages = sorted(p.parent.name for p in (built_site / "models").glob("*/index.html"))
    assert model_pages == sorted(m.id for m in ATLAS.models)
    assert len(model_pages) == 5
    stage_pages = [p for p in (built_site / "models").glob("*/*/index.html")]
    assert len(stage_pages) == 28
    assert {p.parent.name for p in stage_pages} == {s.id for s in ATLAS.stages()}


def test_atlas_json_lists_every_page_with_urls_that_exist(built_site: Path) -> None:
    data = json.loads((built_site / "atlas.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [m["id"] for m in data["models"]] == [m.id for m in ATLAS.models]
    stages = [s for m in data["models"] for s in m["stages"]]
    assert len(stages) == 28
    urls = [m["url"] for m in data["models"]] + [s["url"] for s in stages]
    urls += [c["url"] for c in data["capabilities"]]
    for url in urls:
        assert page_file(built_site, url).is_file(), url
    refs = {s["ref"] for s in stages}
    for stage in stages:
        assert stage["equivalents"], stage["ref"]
        assert {e["stage"] for e in stage["equivalents"]} <= refs
        assert set(stage["requires"]) <= {c["id"] for c in data["capabilities"]}
        assert 0 <= stage["position"] <= 100


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken = []
    parsed: dict[Path, _Page] = {}
    for page in built_site.rglob("*.html"):
        html = parsed.setdefault(page, parse(page))
        for href in html.links:
            found = resolve(built_site, page, href)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href}")
            elif fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, parse(target)).ids
                if fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)}: {href} (no #{fragment})")
    assert broken == []


def _linked_pages(site: Path, page: Path) -> set[Path]:
    links = set()
    for href in parse(page).links:
        found = resolve(site, page, href)
        if found is not None:
            links.add(found[0].resolve())
    return links


@pytest.mark.parametrize("stage", list(ATLAS.stages()), ids=lambda s: s.ref)
def test_stage_page_links_neighbours_capabilities_and_every_other_model(
    built_site: Path, stage: object
) -> None:
    from generator.atlas import Stage

    assert isinstance(stage, Stage)
    page = stage_html(built_site, stage.ref)
    links = _linked_pages(built_site, page)
    for neighbour in (ATLAS.previous_stage(stage), ATLAS.next_stage(stage)):
        if neighbour is not None:
            assert stage_html(built_site, neighbour.ref).resolve() in links
    for capability in stage.profile:
        assert (built_site / "capabilities" / capability / "index.html").resolve() in links
    for model in ATLAS.models:
        if model.id == stage.model_id:
            continue
        others = {stage_html(built_site, s.ref).resolve() for s in model.stages}
        assert links & others, f"{stage.ref} links to no stage of {model.id}"
    assert (built_site / "quiz" / "index.html").resolve() in links, "no 'score yourself' link"


def test_quiz_page_is_a_plain_form_with_one_fieldset_per_question(built_site: Path) -> None:
    html = (built_site / "quiz" / "index.html").read_text(encoding="utf-8")
    questions = [ATLAS.quiz.business_kind.id, *(q.id for q in ATLAS.quiz.questions)]
    assert '<form id="quiz"' in html and 'data-engine="loading"' in html
    assert html.count("<fieldset") == len(questions)
    for question_id in questions:
        assert f'name="{question_id}"' in html
    assert 'id="quiz-results"' in html
    quiz = parse(built_site / "quiz" / "index.html")
    edits = [link for link in quiz.links if "/edit/" in link]
    assert edits and edits[0].endswith("/models/questions.yaml")


def test_edit_links_point_at_the_yaml_a_page_comes_from(built_site: Path) -> None:
    page = parse(stage_html(built_site, "maturity-model/engagement"))
    edits = [link for link in page.links if "/edit/" in link]
    assert edits and edits[0].endswith("/models/maturity-model.yaml")
    home = parse(built_site / "index.html")
    assert any(link.endswith("/content/index.md") for link in home.links if "/edit/" in link)


def test_alignment_chart_links_every_stage(built_site: Path) -> None:
    page = built_site / "compare" / "alignment" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and 'class="atlas-alignment"' in html
    links = _linked_pages(built_site, page)
    for stage in ATLAS.stages():
        assert stage_html(built_site, stage.ref).resolve() in links


def test_no_third_party_requests_in_markup(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for script in parse(page).scripts:
            src = script.get("src")
            assert src is None or not urlsplit(src).netloc, f"{page}: {src}"


HOSTILE = {
    "name": 'Pre-Social "><script>alert(2)</script>',
    "summary": "Uses <script>alert('x')</script> and <img src=x onerror=alert(1)> daily.\"",
    "description": (
        "A [link](javascript:alert(1)) and **bold** and {: onclick=alert(1) } here.\n\n"
        "<iframe src=https://example.org></iframe> & more"
    ),
}


def test_markup_in_model_text_is_shown_as_text(
    project_copy: Callable[[], Path], tmp_path: Path
) -> None:
    project = project_copy()
    path = project / "models" / "maturity-model.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["stages"][0].update(HOSTILE)
    data["stages"][0]["signs"] = ["<b onmouseover=alert(1)>hover</b>"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "models" / "maturity-model" / "pre-social" / "index.html").read_text("utf-8")
    page = parse(site / "models" / "maturity-model" / "pre-social" / "index.html")
    assert not any("alert" in text for text in page.script_texts)
    assert not page.tags & {"img", "iframe", "b"}
    assert not [name for name in page.attribute_names if name.startswith("on")]
    assert "javascript:" not in " ".join(page.links)
    assert "<script>alert" not in html
    visible = " ".join(" ".join(page.text).split())
    assert "Uses <script>alert('x')</script> and <img src=x onerror=alert(1)> daily.\"" in visible
    assert 'Pre-Social "><script>alert(2)</script>' in visible
    assert "A [link](javascript:alert(1)) and **bold** and {: onclick=alert(1) } here." in visible
    assert "<b onmouseover=alert(1)>hover</b>" in visible
